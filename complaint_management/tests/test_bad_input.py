"""Bad input, everywhere: every field a user or an RPC call can set refuses a wrong value
with a clear UserError or ValidationError in the user's language, and nothing is written.

``TABLE`` has a row for every writable field (``fields_get``, readonly False) of every
complaint model, wizards included: a field added without a row fails
``test_every_writable_field_has_a_row``. A row lists the bad values and how a user sets
them (``bad``), the process method that sets a field no one writes directly
(``process``), or why the field has no bad value (``free``). The regulator's rows work on
complaints received while the test company is under the banking and insurance regime."""

import base64
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.complaint_management.models.complaint_input_mixin import (
    ATTACHMENT_MAX_MB_PARAM,
    MAX_LENGTH,
)

from .bad_input_accountability import ACCOUNTABILITY_ROWS, FAULT_KIND_ROWS
from .common import ComplaintCase, G
from .governance_bad_input import build_rows

LONG_CHAR = "x" * (MAX_LENGTH["char"] + 1)
LONG_TEXT = "x" * (MAX_LENGTH["text"] + 1)
LONG_HTML = "<p>" + "x" * MAX_LENGTH["html"] + "</p>"
FUTURE = "2099-01-01 00:00:00"
ANCIENT = "1900-01-01 00:00:00"
SAME = object()  # the field's current value: the write is refused whatever the value
BIG = b"0" * (1024 * 1024 + 1)  # over the 1 MB limit the tests set


def bad(how, *values):
    """Bad ``values`` of the field, set the way ``how`` names (see ``TestBadInput.attempt``).
    A value may be a function of the test case (records of the other company)."""
    return ("bad", how, values)


def process(*calls):
    """The field is set by process methods: each call (a function of the test case)
    returns the records it would change and the attempt with a bad value."""
    return ("process", calls)


def free(reason):
    """The field has no bad value (a flag, a record every company shares)."""
    return ("free", reason)


def other(name, command=False):
    """A record of the other company (``cls.<name>``), as an id or a many2many command."""

    def value(case):
        record = getattr(case, name)
        return [Command.set(record.ids)] if command else record.id

    return value


def workflow():
    """Written only by the process buttons: refused to everyone, whatever the value."""
    return bad("workflow", SAME)


# Records only the process writes (as superuser): no user writes or creates them.
NOBODY = [bad("nobody", SAME), bad("nobody_create", SAME)]


def rows(fnames, entries):
    """The same row for several fields."""
    return {fname: list(entries) for fname in fnames}


def process_call(fixture, user, method, *args):
    """``method`` of the fixture called by ``user`` with ``args`` (an argument may be a
    function of the test case)."""

    def call(case):
        record = case.as_user(getattr(case, fixture), getattr(case, user))
        values = [arg(case) if callable(arg) else arg for arg in args]
        return getattr(case, fixture), lambda: getattr(record, method)(*values)

    return call


def now():
    """The current time, when the attempt is made (a function of the test case)."""
    return lambda case: fields.Datetime.now()


# fmt: off
TABLE = {
    "complaint.complaint": {
        "account_number": [bad("desk", "6" * 65)],
        "accountability_note": [bad("department", LONG_TEXT)],
        "agent_partner_id": [bad("regulated", other("other_partner"))],
        "assist_department_ids": [bad("department", other("other_department", command=True))],
        "audit_comment": [workflow(), process(
            process_call("in_audit", "supervisor", "_action_audit_pass", LONG_TEXT),
            process_call("in_audit", "supervisor", "_action_audit_reject", LONG_TEXT),
        )],
        "authorisation_attachment_ids": [bad("regulated",
                                             other("other_attachment", command=True),
                                             lambda c: [Command.link(c.big.id)],
                                             [Command.create({"name": "scan.tiff", "raw": BIG})])],
        "business_line_id": [bad("regulated", other("other_business_line"))],
        "business_channel_id": [bad("regulated", other("other_business_channel"))],
        "category_id": [bad("desk", other("other_category"))],
        "cause_id": [bad("regulated", other("other_cause"))],
        "channel_id": [bad("desk", False)],
        "company_id": [workflow(), bad("register", other("company2"))],
        "complainant_count": [bad("desk", 0, -3, 10**7, "three", 2.5)],
        "complainant_role": [bad("regulated", "bogus", False, "agent", "heir")],
        "complaint_type": [workflow(), bad("register", "objection", "review", "bogus")],
        "concerned_object": [bad("desk", LONG_CHAR)],
        "contact_note": [workflow(), process(
            process_call("investigating", "handler", "_action_log_customer_contact", LONG_TEXT),
        )],
        "crisis_id": [workflow(), process(
            process_call("registered", "supervisor", "_action_join_crisis",
                         lambda c: c.other_crisis),
            process_call("registered", "desk", "_action_open_crisis"),
        )],
        "customer_demand": [bad("desk", LONG_TEXT)],
        "demand_ids": [bad("regulated", [Command.create({"name": LONG_TEXT})],
                           [Command.create({"name": False})],
                           [Command.create({"name": "Refund.", "decision": "bogus"})],
                           [Command.create({"name": "Refund.", "basis": LONG_TEXT})])],
        "date_received": [
            bad("desk", FUTURE, ANCIENT, "yesterday", False),
            bad("register", FUTURE),
            bad("dispatched", "2026-11-02 05:00:00"),  # after it was dispatched (02:00 UTC)
        ],
        "department_id": [workflow(), process(
            lambda case: (case.valid, lambda: case.as_user(case.valid, case.desk)._action_dispatch(
                case.other_department)),
        )],
        "description": [bad("desk", False, "<p></p>", LONG_HTML)],
        "escalation_ids": [bad("desk", [Command.create({
            "step_type": "dispatch", "kind": "escalation", "level": 1, "target": "supervisor",
            "company_id": 1, "date": "2026-11-02 00:00:00", "step_id": 1})])],
        "evidence_attachment_ids": [bad("desk", lambda c: [Command.set(c.big.ids)],
                                        lambda c: [Command.link(c.big.id)],
                                        [Command.create({"name": "scan.tiff", "raw": BIG})])],
        "extension_ids": [
            bad("regulated", lambda c: [Command.create({
                "regime_extension_id": c.regime.extension_ids[:1].id, "reason": "Forged.",
                "state": "granted", "limit_days": 30})]),
            process(
                process_call("reg_registered", "desk", "_action_request_extension", LONG_TEXT),
                process_call("reg_registered", "desk", "_action_request_extension", "  "),
                process_call("reg_registered", "desk", "_action_request_extension", "Complex.",
                             "pigeon"),
                process_call("pending_extension", "gm", "_action_refuse", LONG_TEXT),
                process_call("pending_extension", "gm", "_action_refuse", "  "),
            ),
        ],
        "facts_found": [bad("department", LONG_HTML)],
        "feedback_channel": [workflow(), process(
            process_call("in_feedback", "desk", "_action_give_feedback", "Told.", "pigeon"),
        )],
        "feedback_note": [workflow(), process(
            process_call("in_feedback", "desk", "_action_give_feedback", LONG_TEXT),
        )],
        "feedback_preference": [bad("desk", "pigeon", False)],
        "finding_ids": [bad("desk", [Command.create({
            "conclusion": "violation", "finding": "<p>By the desk.</p>"})])],
        "first_contact_note": [workflow(), process(
            process_call("registered", "desk", "_action_resolve_first_contact", LONG_TEXT),
        )],
        "first_contact_resolved": [workflow()],
        "followup_complaint_ids": [bad("desk", [Command.create({
            "title": "Follow-up", "description": "<p>x</p>", "partner_id": 1,
            "channel_id": 1})])],
        "grade_history_ids": [bad("desk", [Command.create({
            "new_grade_id": 1, "reason": "Forged"})])],
        "grade_id": [workflow(), process(
            lambda case: (case.registered, lambda: case.as_user(
                case.registered, case.desk)._action_change_grade(case.other_grade, "Media")),
        )],
        "handler_id": [workflow(), process(
            lambda case: (case.investigating, lambda: case.as_user(
                case.investigating, case.desk)._action_reassign(case.other_user)),
        )],
        "identity_method": [bad("regulated", "bogus")],
        "identity_note": [bad("regulated", LONG_CHAR)],
        "implementation_note": [bad("department", LONG_TEXT)],
        "involves_asset_safety": [free("a flag: both values are valid")],
        "involves_bribery": [free("a flag: both values are valid")],
        "involves_fraud": [free("a flag: both values are valid")],
        "involves_staff_violation": [free("a flag: both values are valid")],
        "is_crisis": [workflow()],
        "litigation_filed": [free("a flag: both values are valid")],
        "litigation_risk": [free("a flag: both values are valid")],
        "media_exposed": [free("a flag: both values are valid")],
        "media_risk": [free("a flag: both values are valid")],
        "origin_complaint_id": [workflow(), bad("register", other("other_complaint"))],
        "partner_address": [bad("desk", LONG_CHAR)],
        "partner_email": [bad("desk", "not an address", "sun.li@", "a@b.c, d@e.f")],
        "partner_id": [bad("desk", other("other_partner"), False)],
        "partner_phone": [bad("desk", "call me at noon", "12", "1" * 41)],
        "plan_ids": [bad("desk", [Command.create({"measures": "<p>x</p>"})]),
                     bad("department", [Command.create({"date_due": "2026-01-01"})])],
        "public_reply": [bad("desk", LONG_TEXT)],
        "receiver_id": [bad("desk", other("other_user"), False)],
        "recusal_ids": [
            bad("regulated", lambda c: [Command.create({
                "user_id": c.manager.id, "reason": "Forged."})]),
            process(
                process_call("reg_registered", "desk", "_action_declare_interest", LONG_TEXT),
                process_call("reg_registered", "desk", "_action_declare_interest", "  "),
                process_call("reg_registered", "desk", "_action_declare_interest", "Cousin.",
                             lambda c: c.other_user),
            ),
        ],
        "rectification": [bad("department", LONG_TEXT)],
        "referred_to": [workflow(), process(
            process_call("registered", "desk", "_action_decide_validity", "invalid", "Not us.",
                         LONG_CHAR),
        )],
        "regulator_reference": [bad("regulated", LONG_CHAR)],
        "representative_ids": [bad("regulated", other("other_partner", command=True),
                                   lambda c: [Command.set(c.six_people.ids)])],
        "responsible_employee_ids": [bad("department", other("other_employee", command=True))],
        "review_ids": [
            bad("regulated", lambda c: [Command.create({
                "reviewed_complaint_id": c.reg_decided.id, "date_requested": fields.Datetime.now(),
                "reason": "Forged.", "reviewer_id": c.reviewer.id})]),
            process(
                process_call("reg_decided", "desk", "_action_request_review", FUTURE, "phone",
                             "Disagrees."),
                process_call("reg_decided", "desk", "_action_request_review",
                             lambda c: c.reg_decided.date_decision_sent - timedelta(days=1),
                             "phone", "Disagrees."),
                process_call("reg_decided", "desk", "_action_request_review", now(), "phone",
                             LONG_TEXT),
                process_call("reg_decided", "desk", "_action_request_review", now(), "pigeon",
                             "Disagrees."),
                process_call("reg_decided", "desk", "_action_request_review", now(), "phone",
                             "  "),
                process_call("reg_reviewed", "reviewer", "_action_decide_review", "bogus", "Fair."),
                process_call("reg_reviewed", "reviewer", "_action_decide_review", "upheld",
                             LONG_TEXT),
                process_call("reg_reviewed", "reviewer", "_action_decide_review", "changed", "  "),
            ),
        ],
        "revisit_ids": [bad("desk", [Command.create({"satisfaction": "5", "outcome": "close"})])],
        "root_cause": [bad("department", LONG_TEXT)],
        "same_problem_id": [bad("desk", other("other_complaint"), lambda c: c.registered.id)],
        "state": [workflow(), bad("workflow", "bogus")],
        "step_ids": [bad("desk", [Command.create({
            "step_type": "audit", "date_start": "2026-11-02 00:00:00"})])],
        "title": [bad("desk", False, LONG_CHAR)],
        "validity": [workflow(), process(
            process_call("registered", "desk", "_action_decide_validity", "bogus"),
        )],
        "validity_explanation": [workflow(), process(
            process_call("registered", "desk", "_action_decide_validity", "special", LONG_TEXT),
        )],
        # Who and what is complained about (complaint_complaint_subject.py).
        "complained_department_ids": [bad("desk", other("other_department", command=True))],
        "complained_employee_ids": [bad("desk", other("other_employee", command=True))],
        "date_incident": [bad("desk", FUTURE, ANCIENT, "someday",
                              lambda c: c.registered.date_received + timedelta(days=1))],
        "incident_location": [bad("desk", LONG_CHAR)],
        "judged_severity": [bad("desk", "bogus"), bad("department", "major")],
        "scope": [bad("desk", "bogus"), bad("department", "public")],
        "urgency": [bad("desk", "bogus"), bad("department", "urgent")],
        # Governance: only an open objection is urgent.
        "objection_urgent": [bad("desk", True), bad("register", True)],
    },
    "complaint.plan": {
        "approval_ids": [bad("plan", [Command.create({"role": "supervisor"})])],
        "compensation_amount": [bad("plan", -1, 10**9, "lots", float("inf"))],
        "compensation_note": [bad("plan", LONG_TEXT)],
        "complaint_id": [bad("plan", lambda c: c.registered.id),
                         bad("plan_create", other("other_complaint"))],
        "date_due": [bad("plan", "2026-01-01", "2199-01-01", "soon",
                         lambda c: fields.Date.today() - timedelta(days=1))],
        "measures": [bad("plan", LONG_HTML)],
        "responsible_id": [bad("plan", other("other_user"))],
        "compensation_line_ids": [bad("plan",
                                      [Command.create({"kind": "bogus", "description": "Gift"})],
                                      [Command.create({"kind": "gift", "description": False})],
                                      [Command.create({"kind": "gift", "description": LONG_CHAR})],
                                      [Command.create({"kind": "gift", "description": "Gift",
                                                       "estimated_value": -1})])],
    },
    "complaint.plan.approval": rows(
        ["comment", "plan_id", "role", "sequence", "state", "user_id"], NOBODY),
    "complaint.revisit": rows(
        ["channel", "comment", "complaint_id", "date", "outcome", "satisfaction", "user_id"],
        [bad("revisit", SAME), bad("revisit_create", SAME)]),
    "complaint.step": rows(
        ["complaint_id", "date_at_risk", "date_deadline", "date_done", "date_next_action",
         "date_start", "escalation_ids", "escalation_level", "state", "step_type"], NOBODY),
    "complaint.escalation": rows(
        ["company_id", "complaint_id", "date", "department_id", "kind", "level", "step_id",
         "step_type", "target", "user_id"], NOBODY),
    "complaint.escalation.digest": rows(
        ["company_id", "complaint_id", "date_sent", "escalation_id", "message_id", "user_id"],
        NOBODY),
    "complaint.grade.history": rows(
        ["automatic", "complaint_id", "date", "new_grade_id", "old_grade_id", "reason",
         "user_id"], NOBODY),
    "complaint.access.log": rows(
        ["access_type", "company_id", "complaint_id", "field_id", "match_count", "user_id"],
        NOBODY),
    "complaint.finding": {
        "complaint_id": [bad("finding", other("other_complaint")),
                         bad("finding_create", other("other_complaint"))],
        "conclusion": [bad("finding", "bogus", False)],
        "date": [bad("finding", FUTURE, "someday",
                     lambda c: c.registered.date_received - timedelta(days=2))],
        "finding": [bad("finding", False, LONG_HTML)],
        "measures": [bad("finding", LONG_TEXT)],
        "user_id": [bad("finding", lambda c: c.compliance2.id, other("other_user"))],
    },
    "complaint.grade": {
        "active": [free("a flag: both values are valid")],
        "approval_general_manager": [free("a flag: both values are valid")],
        "approval_supervisor": [free("a flag: both values are valid")],
        "audit_policy": [bad("admin", "bogus", False)],
        "audit_sample_rate": [bad("admin", -1, 101)],
        "color": [bad("admin", -1, 12)],
        "company_id": [bad("admin", other("company2"))],
        "deadline_rule_ids": [bad("admin", [Command.create({"step_type": "bogus"})],
                                  [Command.create({"step_type": "audit", "amount": -2})])],
        "description": [bad("admin", LONG_TEXT)],
        "escalation_rule_ids": [bad("admin", [Command.create({"target": "nobody"})])],
        "level": [bad("admin", 0, 5, "one")],
        "name": [bad("admin", False, LONG_CHAR)],
        "requirements": [bad("admin", LONG_TEXT)],
        "severity": [bad("admin", "bogus")],
    },
    "complaint.deadline.rule": {
        "amount": [bad("admin", 0, -1, 10**6)],
        "grade_id": [bad("admin", other("other_grade"))],
        # The regulator's clocks are set by the regime, not per grade.
        "step_type": [bad("admin", "bogus", "regulatory", "review")],
        "unit": [bad("admin", "fortnights")],
    },
    "complaint.escalation.rule": {
        "delay": [bad("admin", -1, 10**6)],
        "delay_unit": [bad("admin", "bogus")],
        "grade_id": [bad("admin", other("other_grade"))],
        "sequence": [bad("admin", -5, 10**7)],
        "target": [bad("admin", "nobody")],
    },
    "complaint.category": {
        "active": [free("a flag: both values are valid")],
        "code": [bad("admin", LONG_CHAR)],
        "company_id": [bad("admin", other("company2"))],
        "department_id": [bad("admin", other("other_department"))],
        "description": [bad("admin", LONG_TEXT)],
        "name": [bad("admin", False, LONG_CHAR)],
        "not_company_responsibility": [free("a flag: both values are valid")],
        "sequence": [bad("admin", -1)],
    },
    "complaint.channel": {
        "active": [free("a flag: both values are valid")],
        "code": [bad("admin", False, LONG_CHAR)],
        "is_media": [free("a flag: both values are valid")],
        "is_regulator": [free("a flag: both values are valid")],
        "name": [bad("admin", False, LONG_CHAR)],
        "sequence": [bad("admin", -1)],
        # Channels are shared: so is the business channel they propose.
        "business_channel_id": [bad("admin", other("other_business_channel"))],
    },
    "complaint.workday": {
        "calendar_id": [bad("admin", other("other_calendar"))],
        "date": [bad("admin", "2031-02-10", "1900-01-06", "next Saturday")],  # a Monday
        "name": [bad("admin", LONG_CHAR)],
        "works_as": [bad("admin", "5", "bogus")],
    },
    "complaint.action.wizard": {
        "action": [bad("wizard", "bogus")],
        "channel": [bad("wizard", "pigeon")],
        "complaint_id": [bad("wizard", other("other_complaint"))],
        "note": [bad("wizard", LONG_TEXT, "  ")],
        "plan_id": [bad("wizard", lambda c: c.plan.id)],  # a plan of another complaint
        "referred_to": [bad("wizard", LONG_CHAR)],
        "validity": [bad("wizard", "bogus")],
    },
    "complaint.dispatch.wizard": {
        "action": [bad("wizard", "bogus")],
        "assist_department_ids": [bad("wizard", other("other_department", command=True))],
        "complaint_id": [bad("wizard", other("other_complaint"))],
        "department_id": [bad("wizard", other("other_department"), False)],
        "handler_id": [bad("wizard", other("other_user"))],
        "note": [bad("wizard", LONG_TEXT)],
    },
    "complaint.grade.wizard": {
        "complaint_id": [bad("wizard", other("other_complaint"))],
        "grade_id": [bad("wizard", other("other_grade"), False)],
        "reason": [bad("wizard", LONG_TEXT, " ", False)],
    },
    "complaint.revisit.wizard": {
        "channel": [bad("wizard", "pigeon")],
        "comment": [bad("wizard", LONG_TEXT)],
        "complaint_id": [bad("wizard", other("other_complaint"))],
        "outcome": [bad("wizard", "bogus")],
        "satisfaction": [bad("wizard", "9", False)],
        "user_id": [bad("wizard", other("other_user"))],
        "problems": [bad("wizard", LONG_TEXT)],
    },
    # The regulator's floor.
    "complaint.business.line": {
        "active": [free("a flag: both values are valid")],
        "code": [bad("admin", LONG_CHAR)],
        "company_id": [bad("admin", other("company2"))],
        "name": [bad("admin", False, LONG_CHAR)],
        "sequence": [bad("admin", -1, 10**7)],
        # Another company's entry, or itself (a loop).
        "parent_id": [bad("admin", other("other_business_line"),
                          lambda c: c.config["complaint.business.line"].id)],
    },
    "complaint.cause": {
        "active": [free("a flag: both values are valid")],
        "code": [bad("admin", LONG_CHAR)],
        "company_id": [bad("admin", other("company2"))],
        "name": [bad("admin", False, LONG_CHAR)],
        "sequence": [bad("admin", -1, 10**7)],
        # Another company's entry, or itself (a loop).
        "parent_id": [bad("admin", other("other_cause"),
                          lambda c: c.config["complaint.cause"].id)],
    },
    "complaint.regime": {
        "active": [free("a flag: both values are valid")],
        "authority": [bad("admin", LONG_CHAR)],
        "code": [bad("admin", False, LONG_CHAR)],
        "day_count": [bad("admin", "working_days", False)],
        # Not above its extension's 30 days, or more than a year.
        "limit_days": [bad("admin", 0, -15, 30, 366, "fifteen", 2.5)],
        "extension_ids": [bad("admin", [Command.create({"name": "Shorter", "limit_days": 10})],
                              [Command.create({"name": "Same", "limit_days": 30})],
                              [Command.create({"name": "Forever", "limit_days": 10**6})],
                              [Command.create({"name": False, "limit_days": 90})])],
        "intake_note": [bad("admin", LONG_TEXT)],
        "max_representatives": [bad("admin", 0, -5, 101)],
        "name": [bad("admin", False, LONG_CHAR)],
        "regulation": [bad("admin", LONG_CHAR)],
        "remedies": [bad("admin", LONG_TEXT)],
        "sequence": [bad("admin", -1, 10**7)],
    },
    "complaint.regime.extension": {
        "approval_required": [free("a flag: both values are valid")],
        # Its regime's limit is 15 days: an extension extends it, by at most a year.
        "limit_days": [bad("admin", 0, -30, 15, 10, 366)],
        "name": [bad("admin", False, LONG_CHAR)],
        "regime_id": [bad("admin", False)],
        "sequence": [bad("admin", -1, 10**7)],
    },
    "complaint.demand": {
        "basis": [bad("demand", LONG_TEXT)],
        "complaint_id": [bad("demand", other("other_complaint"), lambda c: c.registered.id, False),
                         bad("demand_create", other("other_complaint"))],
        "decision": [bad("demand", "bogus")],
        "decision_note": [bad("demand", LONG_TEXT)],
        "name": [bad("demand", False, LONG_TEXT), bad("demand_create", LONG_TEXT)],
        "sequence": [bad("demand", -1, 10**7, "first")],
    },
    "complaint.extension": rows(["complaint_id"], NOBODY),
    "complaint.review": rows(["complaint_id"], NOBODY),
    "complaint.recusal": rows(["complaint_id"], NOBODY),
    "complaint.regulatory.wizard": {
        "action": [bad("wizard", "bogus")],
        "channel": [bad("wizard", "pigeon")],
        "complaint_id": [bad("wizard", other("other_complaint"))],
        # When the withdrawal was received: not in the future, nor before the complaint.
        "date": [bad("wizard", FUTURE, ANCIENT, "someday",
                     lambda c: c.reg_registered.date_received - timedelta(days=2))],
        "note": [bad("wizard", LONG_TEXT)],
        "outcome": [bad("wizard", "bogus")],
        "user_id": [bad("wizard", other("other_user"))],
    },
    "complaint.regulatory.export.wizard": {
        "company_id": [bad("export", other("company2"))],
        "quarter": [bad("export", "5", False)],
        "year": [bad("export", 1999, 2101, -2026, "this year")],
    },
    "complaint.monthly.report.wizard": {
        "company_id": [bad("monthly_print", other("company2"))],
        "month": [bad("monthly_print", "13", False)],
        # Only past months have a report; a year of four digits.
        "year": [bad("monthly_print", 1999, 10000, -2026, "last year", 2099)],
    },
    # Crisis handling and the risk register.
    "complaint.crisis": {
        "company_id": [bad("admin", SAME, other("company2"))],
        "description": [bad("admin", LONG_HTML)],
        "measure_ids": [bad("admin", lambda c: [Command.create({
            "name": False, "user_id": c.gm.id, "date_due": "2030-01-01"})],
            lambda c: [Command.create({"name": "Early", "user_id": c.gm.id,
                                       "date_due": "2001-01-01"})])],
        "owner_id": [bad("admin", other("other_user"), lambda c: c.desk.id, False)],
        "review": [bad("admin", LONG_TEXT)],
        "state": [bad("admin", SAME, "closed", "bogus")],
        "statement_ids": [bad("admin", [Command.create({"text": False})],
                              [Command.create({"text": "Ok.", "channel": "pigeon"})])],
        "title": [bad("admin", False, LONG_CHAR)],
    },
    "complaint.crisis.measure": {
        "crisis_id": [bad("admin", False, other("other_crisis"))],
        "date_due": [bad("admin", "someday", "1999-01-01", "2001-01-01", False)],
        "name": [bad("admin", False, LONG_TEXT)],
        "user_id": [bad("admin", other("other_user"), False)],
    },
    "complaint.crisis.statement": {
        "channel": [bad("admin", "pigeon", False)],
        "crisis_id": [bad("admin", False, other("other_crisis"))],
        "text": [bad("admin", False, LONG_TEXT)],
    },
    "complaint.crisis.team.member": {
        "company_id": [bad("admin", other("company2"), False)],
        "is_lead": [free("a flag: both values are valid")],
        "role": [bad("admin", LONG_CHAR)],
        "user_id": [bad("admin", other("other_user"), False)],
    },
    "complaint.crisis.wizard": {
        "action": [bad("wizard", "bogus", False)],
        "complaint_id": [bad("wizard", other("other_complaint"))],
        "crisis_id": [bad("wizard", other("other_crisis"))],
        "owner_id": [bad("wizard", other("other_user"), lambda c: c.desk.id)],
        "title": [bad("wizard", LONG_CHAR)],
    },
    "complaint.risk.stage": {
        "active": [free("a flag: both values are valid")],
        "company_id": [bad("admin", other("company2"))],
        "description": [bad("admin", LONG_TEXT)],
        "name": [bad("admin", False, LONG_CHAR)],
        "sequence": [bad("admin", -1, 10**7)],
    },
    "complaint.risk.item": {
        "active": [free("a flag: both values are valid")],
        "company_id": [bad("admin", other("company2"))],
        "date_review": [bad("admin", "someday", "1999-01-01", False)],
        "hazards": [bad("admin", False, LONG_TEXT)],
        "name": [bad("admin", False, LONG_CHAR)],
        "prevention": [bad("admin", False, LONG_TEXT)],
        "stage_id": [bad("admin", False, other("other_risk_stage"))],
        "user_id": [bad("admin", other("other_user"), False)],
    },
    # The customer-contact duties (test_contact.py).
    "complaint.contact.wizard": {
        "channel": [bad("wizard", "pigeon", False)],
        "complaint_id": [bad("wizard", other("other_complaint"))],
        # A contact of another complaint.
        "corrected_contact_id": [bad("wizard", lambda c: c.investigating.sudo()._log_contact(
            "Called.", "phone").id)],
        # Without what was promised, in the past, or not a date.
        "date_promised": [bad("wizard", "someday", ANCIENT, FUTURE,
                              lambda c: fields.Datetime.now() + timedelta(days=1))],
        "direction": [bad("wizard", "sideways", False)],
        "note": [bad("wizard", LONG_TEXT, "  ", False)],
        # Without a date by which it is promised.
        "promise_note": [bad("wizard", LONG_TEXT, "The refund")],
        "recording": [bad("wizard", base64.b64encode(b"plain text, no recording"),
                          base64.b64encode(b"%PDF-1.4" + BIG))],
        "recording_name": [bad("wizard", LONG_CHAR)],
    },
    # Accountability (complaint_accountability.py, complaint_fault_kind.py).
    "complaint.accountability": ACCOUNTABILITY_ROWS,
    "complaint.fault.kind": FAULT_KIND_ROWS,
    # Governance: compensation in kind, a line of the draft plan, and of no submitted one.
    "complaint.plan.compensation": {
        "description": [bad("compensation", False, LONG_CHAR)],
        "estimated_value": [bad("compensation", -1, 10**9, "lots", float("inf"))],
        "kind": [bad("compensation", "bogus", False)],
        "plan_id": [bad("compensation", lambda c: c.in_audit.plan_id.id, False),
                    bad("compensation_create", lambda c: c.in_audit.plan_id.id)],
        "sequence": [bad("compensation", -1, 10**7, "first")],
    },
    # JR/T 0169-2018's business channels.
    "complaint.business.channel": {
        "active": [free("a flag: both values are valid")],
        "code": [bad("admin", LONG_CHAR)],
        "company_id": [bad("admin", other("company2"))],
        "name": [bad("admin", False, LONG_CHAR)],
        "parent_id": [bad("admin", other("other_business_channel"),
                          lambda c: c.config["complaint.business.channel"].id)],
        "sequence": [bad("admin", -1, 10**7)],
    },
    # Duplicates merged.
    "complaint.duplicate.wizard": {
        "action": [bad("wizard", "bogus")],
        "complaint_id": [bad("wizard", other("other_complaint"))],
        # Another company's complaint, or the complaint itself.
        "original_id": [bad("wizard", other("other_complaint"), lambda c: c.reg_registered.id)],
        "reason": [bad("wizard", LONG_TEXT)],
    },
    # The yearly disclosure (its figures are computed, never written).
    "complaint.disclosure": {
        "company_id": [bad("admin", other("company2"))],
        "lang": [bad("admin", "fr_FR", False)],
        "note": [bad("admin", LONG_TEXT)],
        "period": [bad("admin", "q3", False)],
        "region_basis": [bad("admin", "city", False)],
        "year": [bad("admin", 1999, 2099, -2025, False)],
    },
}
# fmt: on
# The governance duties' rows (governance_bad_input.py).
for _model, _rows in build_rows(LONG_CHAR, LONG_TEXT, LONG_HTML, FUTURE, ANCIENT).items():
    TABLE.setdefault(_model, {}).update(_rows)


@tagged("post_install", "-at_install")
class TestBadInput(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(ATTACHMENT_MAX_MB_PARAM, "1")
        cls.compliance2 = cls._new_user("t_compliance2", f"{G}compliance")
        # Another company and its records.
        cls.company2 = cls.env["res.company"].create({"name": "Other Bank"})
        cls.other_user = cls.env["res.users"].create(
            {
                "name": "Other Banker",
                "login": "t_other_banker",
                "company_id": cls.company2.id,
                "company_ids": [Command.set(cls.company2.ids)],
                "groups_id": [Command.set(cls.env.ref(f"{G}department").ids)],
            }
        )
        Department = cls.env["hr.department"].with_company(cls.company2)
        cls.other_department = Department.create({"name": "Other Operations"})
        cls.other_employee = (
            cls.env["hr.employee"]
            .with_company(cls.company2)
            .create({"name": "Other Employee", "user_id": cls.other_user.id})
        )
        cls.other_partner = cls.env["res.partner"].create(
            {"name": "Other Customer", "company_id": cls.company2.id}
        )
        cls.other_category = cls.env["complaint.category"].create(
            {"name": "Other fees", "code": "OTHER-FEES", "company_id": cls.company2.id}
        )
        cls.other_grade = cls.env["complaint.grade"].create(
            {"name": "Other level 2", "level": 2, "company_id": cls.company2.id}
        )
        cls.other_calendar = cls.env["resource.calendar"].create(
            {"name": "Other hours", "company_id": cls.company2.id}
        )
        cls.other_complaint = (
            cls.env["complaint.complaint"]
            .with_company(cls.company2)
            .create(
                {
                    "title": "Elsewhere",
                    "description": "<p>Another bank's complaint.</p>",
                    "partner_id": cls.other_partner.id,
                    "channel_id": cls.channel.id,
                    "company_id": cls.company2.id,
                }
            )
        )
        cls.big = (
            cls.env["ir.attachment"].with_user(cls.desk).create({"name": "scan.tiff", "raw": BIG})
        )
        # This company's complaints, one per state a table row needs.
        cls.registered = cls.create_complaint(title="Registered")
        cls.valid = cls.create_complaint(title="Valid")
        cls.as_user(cls.valid, cls.desk)._action_decide_validity("valid")
        with freeze_time(datetime(2026, 11, 2, 2, 0)):
            cls.dispatched = cls.dispatch(cls.create_complaint(title="Dispatched"))
        cls.investigating = cls.walk(cls.create_complaint(title="Investigated"), "investigating")
        cls.plan = cls.draft_plan(cls.investigating)
        cls.in_audit = cls.walk(cls.create_complaint(title="Audited"), "audit")
        cls.in_feedback = cls.walk(cls.create_complaint(title="Feedback due"), "feedback")
        cls.in_revisit = cls.walk(cls.create_complaint(title="Revisit due"), "revisit")
        cls.revisited = cls.walk(cls.create_complaint(title="Revisited"), "closed")
        cls.finding = (
            cls.env["complaint.finding"]
            .with_user(cls.compliance)
            .create(
                {
                    "complaint_id": cls.registered.id,
                    "conclusion": "compliant",
                    "finding": "<p>No misconduct.</p>",
                }
            )
        )
        cls.spare_grade = cls.env["complaint.grade"].create(
            {"name": "Spare", "level": 2, "company_id": cls.company.id, "active": False}
        )
        cls.config = {
            "complaint.grade": cls.spare_grade,
            "complaint.deadline.rule": cls.env["complaint.deadline.rule"].create(
                {"grade_id": cls.spare_grade.id, "step_type": "dispatch", "amount": 1}
            ),
            "complaint.escalation.rule": cls.env["complaint.escalation.rule"].create(
                {"grade_id": cls.spare_grade.id, "target": "supervisor"}
            ),
            "complaint.category": cls.env["complaint.category"].create(
                {"name": "Own fees", "code": "OWN-FEES", "company_id": cls.company.id}
            ),
            "complaint.channel": cls.env["complaint.channel"].create(
                {"name": "Carrier pigeon", "code": "t_pigeon"}
            ),
            "complaint.workday": cls.env["complaint.workday"].create(
                {"calendar_id": cls.calendar.id, "date": "2031-02-08", "works_as": "0"}
            ),
        }
        cls._setup_regulatory()
        cls.compensation = (
            cls.env["complaint.plan.compensation"]
            .with_user(cls.handler)
            .create({"plan_id": cls.plan.id, "kind": "gift", "description": "A fruit basket"})
        )
        step = cls.investigating.step_ids[:1]
        cls.server_samples = {
            "complaint.plan.approval": cls.in_audit.plan_id.approval_ids[:1],
            "complaint.step": step,
            "complaint.escalation": cls.env["complaint.escalation"]
            .sudo()
            .create(
                {
                    "step_id": step.id,
                    "complaint_id": cls.investigating.id,
                    "company_id": cls.company.id,
                    "step_type": step.step_type,
                    "kind": "escalation",
                    "level": 1,
                    "target": "department_manager",
                    "date": fields.Datetime.now(),
                }
            ),
            "complaint.grade.history": cls.registered.grade_history_ids[:1],
            "complaint.access.log": cls.env["complaint.access.log"]
            .sudo()
            .create(
                {
                    "complaint_id": cls.registered.id,
                    "company_id": cls.company.id,
                    "user_id": cls.desk.id,
                    "access_type": "read",
                }
            ),
            "complaint.extension": cls.pending_extension,
            "complaint.review": cls.review,
            "complaint.recusal": cls.reg_decided.recusal_ids,
        }
        escalation = cls.server_samples["complaint.escalation"]
        cls.server_samples["complaint.escalation.digest"] = (
            cls.env["complaint.escalation.digest"]
            .sudo()
            .create(
                {
                    "escalation_id": escalation.id,
                    "complaint_id": escalation.complaint_id.id,
                    "company_id": cls.company.id,
                    "user_id": cls.manager.id,
                }
            )
        )
        cls._setup_crisis()

    @classmethod
    def _setup_crisis(cls):
        """Crisis handling's rows: the crisis team, a crisis with a measure and a draft
        statement, the risk register, and another company's crisis and stage."""
        cls.env["complaint.crisis.team.member"].create(
            [
                {"company_id": cls.company.id, "user_id": cls.supervisor.id, "is_lead": True},
                {"company_id": cls.company.id, "user_id": cls.gm.id, "is_lead": True},
            ]
        )
        crisis = (
            cls.env["complaint.crisis"]
            .with_user(cls.supervisor)
            .with_company(cls.company)
            .create({"title": "Sample crisis", "owner_id": cls.supervisor.id})
        )
        cls.other_crisis = (
            cls.env["complaint.crisis"]
            .sudo()
            .with_company(cls.company2)
            .create({"title": "Elsewhere", "company_id": cls.company2.id})
        )
        cls.other_risk_stage = cls.env["complaint.risk.stage"].create(
            {"name": "Other stage", "company_id": cls.company2.id}
        )
        stage = cls.env["complaint.risk.stage"].create(
            {"name": "Own stage", "company_id": cls.company.id}
        )
        cls.config.update(
            {
                "complaint.crisis": crisis,
                "complaint.crisis.measure": cls.env["complaint.crisis.measure"]
                .with_user(cls.supervisor)
                .create(
                    {
                        "crisis_id": crisis.id,
                        "name": "Brief the branches.",
                        "user_id": cls.gm.id,
                        "date_due": fields.Date.today() + timedelta(days=3),
                    }
                ),
                "complaint.crisis.statement": cls.env["complaint.crisis.statement"]
                .with_user(cls.gm)
                .create({"crisis_id": crisis.id, "text": "We refund every customer."}),
                "complaint.crisis.team.member": cls.env["complaint.crisis.team.member"].create(
                    {"company_id": cls.company.id, "user_id": cls.manager.id}
                ),
                "complaint.risk.stage": stage,
                "complaint.risk.item": cls.env["complaint.risk.item"]
                .with_user(cls.supervisor)
                .with_company(cls.company)
                .create(
                    {
                        "name": "Price cut",
                        "stage_id": stage.id,
                        "hazards": "Buyers gather.",
                        "prevention": "Approved price changes.",
                        "user_id": cls.supervisor.id,
                        "date_review": fields.Date.today() + timedelta(days=30),
                    }
                ),
            }
        )

    @classmethod
    def _setup_regulatory(cls):
        """The regulator's rows: the test company under the banking and insurance regime
        from here on (the complaints above were received under none), another company's
        business line, cause and file, and complaints at the steps the rows need."""
        cls.regime = cls.env.ref("complaint_management.complaint_regime_banking_insurance_2020")
        cls.reviewer = cls._new_user("t_head_office", f"{G}user")
        cls.company.write(
            {"complaint_regime_id": cls.regime.id, "complaint_reviewer_id": cls.reviewer.id}
        )
        cls.other_business_line = cls.env["complaint.business.line"].create(
            {"name": "Other cards", "code": "OTHER-CARDS", "company_id": cls.company2.id}
        )
        cls.other_cause = cls.env["complaint.cause"].create(
            {"name": "Other fees", "code": "OTHER-FEES", "company_id": cls.company2.id}
        )
        cls.other_business_channel = cls.env["complaint.business.channel"].create(
            {"name": "Other counter", "code": "OTHER-COUNTER", "company_id": cls.company2.id}
        )
        cls.other_attachment = (
            cls.env["ir.attachment"]
            .with_company(cls.company2)
            .create({"name": "other-authorisation.pdf", "raw": b"%PDF"})
        )
        cls.six_people = cls.env["res.partner"].create([{"name": f"Owner {i}"} for i in range(6)])
        regulated = {
            "identity_method": "id_document",
            "customer_demand": "Refund the fee.",
            **cls._classification(),
        }
        # Registered: intake, demands, extensions, interests, the withdrawal wizard.
        cls.reg_registered = cls.create_complaint(title="Regulated", **regulated)
        cls.reg_demand = cls.reg_registered.demand_ids
        # Extended once; the second extension awaits the general manager's approval.
        extended = cls.create_complaint(title="Regulated, extended", **regulated)
        desk = cls.as_user(extended, cls.desk)
        desk._action_request_extension("Complex case.")
        cls.pending_extension = desk._action_request_extension("Particularly complex.")
        # Decided: a review may be asked for; the desk recorded the manager's interest.
        cls.reg_decided = cls._send_decision(cls.create_complaint(title="Decided", **regulated))
        cls.as_user(cls.reg_decided, cls.desk)._action_declare_interest("Her brother.", cls.manager)
        # Under review: the review officer answers.
        cls.reg_reviewed = cls._send_decision(cls.create_complaint(title="Reviewed", **regulated))
        cls.review = cls.as_user(cls.reg_reviewed, cls.desk)._action_request_review(
            fields.Datetime.now(), "phone", "The fee is still charged."
        )
        cls.spare_regime = cls.env["complaint.regime"].create(
            {
                "name": "Spare regime",
                "code": "t_spare",
                "limit_days": 15,
                "extension_ids": [Command.create({"name": "Complex", "limit_days": 30})],
            }
        )
        cls.config.update(
            {
                "complaint.business.line": cls.env["complaint.business.line"].create(
                    {"name": "Own cards", "code": "OWN-CARDS", "company_id": cls.company.id}
                ),
                "complaint.cause": cls.env["complaint.cause"].create(
                    {"name": "Own fees", "code": "OWN-FEES", "company_id": cls.company.id}
                ),
                "complaint.regime": cls.spare_regime,
                "complaint.regime.extension": cls.spare_regime.extension_ids,
                "complaint.business.channel": cls.env["complaint.business.channel"].create(
                    {"name": "Own counter", "code": "OWN-COUNTER", "company_id": cls.company.id}
                ),
                "complaint.disclosure": cls.env["complaint.disclosure"].create(
                    {"company_id": cls.company.id, "year": 2025}
                ),
            }
        )

    @classmethod
    def _classification(cls):
        """The JR/T 0169-2018 classification a regulated complaint needs for its decision
        letter (the shipped business channel, category and cause)."""
        ref = cls.env.ref
        return {
            "business_channel_id": ref(
                "complaint_management.complaint_business_channel_counter"
            ).id,
            "business_line_id": ref("complaint_management.complaint_business_line_credit_card").id,
            "cause_id": ref("complaint_management.complaint_cause_pricing").id,
        }

    @classmethod
    def _send_decision(cls, complaint):
        """Walk a regulated complaint to the customer's decision, decide its demand and send
        the decision letter (by post: the complainant has no e-mail address)."""
        cls.walk(complaint, "customer")
        cls.as_user(complaint.sudo().demand_ids.with_env(complaint.env), cls.handler).write(
            {
                "decision": "upheld",
                "decision_note": "The second fee is refunded.",
                "basis": "The card terms charge the annual fee once a year.",
            }
        )
        cls.as_user(complaint, cls.desk)._action_send_decision("letter")
        return complaint

    # ------------------------------------------------------------------ how values are set
    def wizard_base(self, model):
        """A wizard that would succeed (user, values, the complaint it changes)."""
        return {
            "complaint.action.wizard": (
                self.desk,
                {"complaint_id": self.registered.id, "action": "first_contact", "note": "Ok."},
                self.registered,
            ),
            "complaint.dispatch.wizard": (
                self.desk,
                {
                    "complaint_id": self.valid.id,
                    "department_id": self.dep_ops.id,
                    "handler_id": self.handler.id,
                },
                self.valid,
            ),
            "complaint.grade.wizard": (
                self.desk,
                {"complaint_id": self.registered.id, "grade_id": self.grades[2].id, "reason": "TV"},
                self.registered,
            ),
            "complaint.revisit.wizard": (
                self.desk,
                {"complaint_id": self.in_revisit.id, "satisfaction": "5"},
                self.in_revisit,
            ),
            "complaint.contact.wizard": (
                self.desk,
                {"complaint_id": self.registered.id, "channel": "phone", "note": "Called."},
                self.registered,
            ),
            "complaint.duplicate.wizard": (
                self.desk,
                {"complaint_id": self.reg_registered.id, "original_id": self.registered.id},
                self.reg_registered,
            ),
            "complaint.regulatory.wizard": (
                self.desk,
                {
                    "complaint_id": self.reg_registered.id,
                    "action": "withdraw",
                    "channel": "phone",
                    "note": "Sorted out with the branch.",
                },
                self.reg_registered,
            ),
            "complaint.crisis.wizard": (
                self.supervisor,
                {"complaint_id": self.registered.id, "action": "open"},
                self.registered,
            ),
        }[model]

    def attempt(self, how, model, fname, value):
        """The records a bad value must leave unchanged, and the attempt to set it."""
        if value is SAME:
            record = self.sample(how, model)
            value = record._fields[fname].convert_to_write(record.sudo()[fname], record)
        vals = {fname: value}
        if how in (
            "desk",
            "department",
            "dispatched",
            "workflow",
            "plan",
            "finding",
            "admin",
            "regulated",
            "demand",
            "compensation",
        ):
            record = self.sample(how, model)
            user = {
                "desk": self.desk,
                "dispatched": self.desk,
                "regulated": self.desk,
                "demand": self.desk,
                "department": self.handler,
                "plan": self.handler,
                "finding": self.compliance,
                "workflow": self.admin,
                "admin": self.admin,
                "compensation": self.handler,
            }[how]
            return record, lambda: self.as_user(record, user).write(vals)
        if how == "register":
            Complaint = (
                self.env["complaint.complaint"].with_user(self.desk).with_company(self.company)
            )
            base = {
                "title": "Registered with a bad value",
                "description": "<p>x</p>",
                "partner_id": self.partner.id,
                "channel_id": self.channel.id,
            }
            return Complaint.browse(), lambda: Complaint.create({**base, **vals})
        if how == "plan_create":
            Plan = self.env["complaint.plan"].with_user(self.handler)
            return Plan.browse(), lambda: Plan.create(vals)
        if how == "demand_create":
            Demand = self.env["complaint.demand"].with_user(self.desk).with_company(self.company)
            base = {"complaint_id": self.reg_registered.id, "name": "Another demand."}
            return Demand.browse(), lambda: Demand.create({**base, **vals})
        if how == "export":
            Wizard = (
                self.env["complaint.regulatory.export.wizard"]
                .with_user(self.supervisor)
                .with_company(self.company)
            )
            base = {"company_id": self.company.id, "year": 2026, "quarter": "4"}
            return Wizard.browse(), lambda: Wizard.create({**base, **vals}).action_export()
        if how == "monthly_print":
            Wizard = (
                self.env["complaint.monthly.report.wizard"]
                .with_user(self.supervisor)
                .with_company(self.company)
            )
            base = {"company_id": self.company.id, "year": 2026, "month": "1"}
            return Wizard.browse(), lambda: Wizard.create({**base, **vals}).action_print()
        if how == "compensation_create":
            Line = self.env["complaint.plan.compensation"].with_user(self.handler)
            base = {"kind": "gift", "description": "Another gift"}
            return Line.browse(), lambda: Line.create({**base, **vals})
        if how == "finding_create":
            Finding = self.env["complaint.finding"].with_user(self.compliance)
            base = {"conclusion": "compliant", "finding": "<p>x</p>"}
            return Finding.browse(), lambda: Finding.create({**base, **vals})
        if how in ("nobody", "revisit"):
            record = self.sample(how, model)
            user = self.desk if how == "revisit" else self.admin
            return record, lambda: self.as_user(record, user).write(vals)
        if how in ("nobody_create", "revisit_create"):
            record = self.sample(how, model)
            user = self.desk if how == "revisit_create" else self.admin
            base = record.sudo().copy_data()[0] if model != "complaint.access.log" else {}
            Model = self.env[model].with_user(user).with_company(self.company)
            return Model.browse(), lambda: Model.create({**base, **vals})
        if how == "wizard":
            user, base, complaint = self.wizard_base(model)
            Wizard = self.env[model].with_user(user).with_company(self.company)
            return complaint, lambda: Wizard.create({**base, **vals}).action_confirm()
        raise AssertionError(f"unknown way to set a value: {how}")

    def sample(self, how, model):
        if how in ("desk", "workflow"):
            return self.registered
        if how == "dispatched":
            return self.dispatched
        if how == "regulated":
            return self.reg_registered
        if how == "demand":
            return self.reg_demand
        if how == "department":
            return self.investigating
        if how == "plan":
            return self.plan
        if how == "finding":
            return self.finding
        if how == "compensation":
            return self.compensation
        if how == "admin":
            return self.config[model]
        if how in ("revisit", "revisit_create"):
            return self.revisited.revisit_ids[:1]
        return self.server_samples[model]

    def snapshot(self, records):
        self.env.invalidate_all()
        stored = [f for f, field in records._fields.items() if field.store]
        return records.sudo().with_context(bin_size=False).read(stored)

    def assert_refused(self, records, attempt):
        """The attempt raises a UserError (ValidationError, AccessError) with a message,
        and writes nothing: the records are unchanged, none was added."""
        before = self.snapshot(records)
        counts = {
            name: self.env[name].sudo().search_count([])
            for name in ("complaint.complaint", records._name)
        }
        with mute_logger("odoo.sql_db", "odoo.models"), self.assertRaises(UserError) as caught:
            attempt()
        message = str(caught.exception.args[0] if caught.exception.args else "")
        self.assertTrue(message.strip(), "the user is told what is wrong")
        self.assertEqual(self.snapshot(records), before, "nothing was written")
        for name, count in counts.items():
            self.assertEqual(self.env[name].sudo().search_count([]), count, "nothing was added")
        return message

    # ------------------------------------------------------------------ the table
    def writable_fields(self):
        """Every field a user or an RPC call can set, per complaint model."""
        result = {}
        for name in self.env.registry:
            model = self.env[name]
            if not name.startswith("complaint.") or model._abstract:
                continue
            description = model.with_user(self.admin).fields_get(attributes=["readonly"])
            result[name] = {
                fname
                for fname, attrs in description.items()
                if not attrs.get("readonly")
                and "complaint_management" in (model._fields[fname]._modules or ())
            }
        return {name: fnames for name, fnames in result.items() if fnames}

    def test_every_writable_field_has_a_row(self):
        writable = self.writable_fields()
        self.assertEqual(sorted(writable), sorted(TABLE), "a complaint model has no table")
        for model, fnames in writable.items():
            with self.subTest(model=model):
                self.assertEqual(
                    sorted(fnames),
                    sorted(TABLE[model]),
                    f"{model}: every writable field needs a row (missing: "
                    f"{sorted(fnames - set(TABLE[model]))}; stale: "
                    f"{sorted(set(TABLE[model]) - fnames)})",
                )
                for fname in fnames:
                    self.assertTrue(TABLE[model][fname], f"{model}.{fname}: an empty row")

    def test_bad_values_are_refused(self):
        for model, rows in TABLE.items():
            for fname, entries in rows.items():
                for entry in entries:
                    kind = entry[0]
                    if kind == "free":
                        self.assertTrue(entry[1], f"{model}.{fname}: say why nothing is bad")
                        continue
                    if kind == "bad":
                        _kind, how, values = entry
                        attempts = [
                            (how, value, value(self) if callable(value) else value)
                            for value in values
                        ]
                        for how, shown, value in attempts:
                            label = "current value" if value is SAME else repr(shown)[:40]
                            with self.subTest(model=model, field=fname, how=how, value=label):
                                records, attempt = self.attempt(how, model, fname, value)
                                self.assert_refused(records, attempt)
                    else:
                        for index, call in enumerate(entry[1]):
                            with self.subTest(model=model, field=fname, process=index):
                                records, attempt = call(self)
                                self.assert_refused(records, attempt)

    def test_attachments_over_the_size_limit(self):
        """Whatever way a user attaches a file to a complaint or its records: the chatter's
        upload, the composer's (refused when posted), a finding's chatter; an incoming mail
        is kept whatever its size."""
        Attachment = self.env["ir.attachment"].with_user(self.desk)
        for model, record in {
            "complaint.complaint": self.registered,
            "complaint.finding": self.finding,
        }.items():
            with self.subTest(upload=model):
                message = self.assert_refused(
                    self.registered,
                    lambda m=model, r=record: Attachment.create(
                        {"name": "scan.tiff", "raw": BIG, "res_model": m, "res_id": r.id}
                    ),
                )
                self.assertIn("scan.tiff", message)
        pending = Attachment.create(
            {"name": "scan.tiff", "raw": BIG, "res_model": "mail.compose.message"}
        )
        self.assert_refused(
            self.registered,
            lambda: self.registered.with_user(self.desk).message_post(
                body="Scan attached.", attachment_ids=pending.ids, message_type="comment"
            ),
        )
        # Within the limit it is attached.
        small = Attachment.create(
            {"name": "memo.txt", "raw": b"memo", "res_model": "mail.compose.message"}
        )
        self.registered.with_user(self.desk).message_post(
            body="Memo.", attachment_ids=small.ids, message_type="comment"
        )
        self.assertEqual(small.res_id, self.registered.id)
        # The mail gateway (superuser, an e-mail) keeps what it receives.
        message = self.registered.sudo().message_post(
            body="Scanned letter.", attachments=[("letter.tiff", BIG)], message_type="email"
        )
        self.assertEqual(message.attachment_ids.file_size, len(BIG))
        # The limit is a setting.
        settings = self.env["res.config.settings"].create({"complaint_attachment_max_mb": 2})
        settings.execute()
        Attachment.create(
            {
                "name": "scan.tiff",
                "raw": BIG,
                "res_model": "complaint.complaint",
                "res_id": self.registered.id,
            }
        )
        with self.assertRaises(UserError):
            self.env["res.config.settings"].create({"complaint_attachment_max_mb": 0})

    def test_the_superusers_own_work_is_not_refused(self):
        """The mail gateway and the jobs work as superuser: a long mail becomes a
        complaint whatever its length (a mail is never lost to a limit)."""
        complaint = self.create_complaint(title="By mail").sudo()
        complaint.write({"description": LONG_HTML})
        self.assertEqual(len(complaint.description), len(LONG_HTML))

    # ------------------------------------------------------------------ the user's language
    def test_messages_are_in_the_users_language(self):
        """A Chinese-speaking desk reads the refusals in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        desk = self.registered.with_user(self.desk).with_context(lang="zh_CN")
        cases = {
            "future": ({"date_received": FUTURE}, "受理时间：2099年01月01日 是将来的日期。"),  # noqa: RUF001
            "too long": ({"title": LONG_CHAR}, None),
            "unknown choice": ({"feedback_preference": "pigeon"}, None),
            "count": ({"complainant_count": -3}, None),
            "phone": ({"partner_phone": "call me"}, None),
            "company": ({"partner_id": self.other_partner.id}, None),
        }
        for name, (vals, expected) in cases.items():
            with self.subTest(case=name):
                message = self.assert_refused(self.registered, lambda v=vals: desk.write(v))
                if expected:
                    self.assertEqual(message, expected)
                self.assertRegex(message, "[\u4e00-\u9fff]", "written in Chinese")
                self.assertNotRegex(message, r"\b(is|are|the|must|cannot)\b")
