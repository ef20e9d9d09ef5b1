"""Shared fixtures: a company on a Shanghai working calendar, departments, one user per
role, classmethod helpers that walk a complaint through the process with the right user
(usable in ``setUpClass`` and in tests), and the Operations fixture of the access tests.

Tracking is off unless a class sets ``track = True``: only tests that read the chatter pay
for it."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.complaint_management.models.constants import WORKFLOW_TOKEN

G = "complaint_management.group_complaint_"
# The Operations complaint's confidential data (ComplaintAccessCase).
PHONE = "13800000001"
ACCOUNT = "6222-0001"
EMAIL = "sun.li@example.com"
ADDRESS = "88 Century Avenue, Pudong"
COMPENSATION = 500.0


def insert_copies(env, template, count, **values):
    """``count`` copies of the complaint ``template`` in one SQL statement, named TSV-00001...
    and with ``values`` (column: value) set: volume for views and queries, without the
    process (no steps, no chatter)."""
    env.flush_all()
    cr = env.cr
    cr.execute(
        """SELECT column_name FROM information_schema.columns
            WHERE table_name = 'complaint_complaint' AND column_name NOT IN %s""",
        (("id", "name", *values),),
    )
    columns = ", ".join(f'"{name}"' for (name,) in cr.fetchall())
    assigned = "".join(f', "{name}"' for name in values)
    cr.execute(
        f"""INSERT INTO complaint_complaint ({columns}, name{assigned})
            SELECT {columns}, 'TSV-' || lpad(g::text, 5, '0'){", %s" * len(values)}
              FROM complaint_complaint, generate_series(1, %s) g
             WHERE id = %s""",
        (*values.values(), count, template.id),
    )
    env.invalidate_all()


class ComplaintCase(TransactionCase):
    track = False

    @classmethod
    def _new_user(cls, login, groups, **kw):
        """A user of the test company, working in Shanghai time."""
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Asia/Shanghai",
            **kw,
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=not cls.track))
        cls.company = cls.env["res.company"].create(
            {"name": "Test Bank", "currency_id": cls.env.ref("base.CNY").id}
        )
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Shanghai 9-18",
                "tz": "Asia/Shanghai",
                "company_id": cls.company.id,
                "hours_per_day": 8,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": stop,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, stop, period in ((9, 12, "morning"), (13, 18, "afternoon"))
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar

        cls.desk = cls._new_user("t_desk", f"{G}desk")
        cls.handler = cls._new_user("t_handler", f"{G}department")
        cls.manager = cls._new_user("t_manager", f"{G}department")
        cls.it_handler = cls._new_user("t_it", f"{G}department")
        cls.branch_handler = cls._new_user("t_branch", f"{G}department")
        cls.supervisor = cls._new_user("t_supervisor", f"{G}supervisor")
        cls.compliance = cls._new_user("t_compliance", f"{G}compliance")
        cls.gm = cls._new_user("t_gm", f"{G}user")
        cls.admin = cls._new_user("t_cmadmin", f"{G}manager")
        cls.outsider = cls._new_user("t_outsider", "base.group_user")

        Employee = cls.env["hr.employee"].with_company(cls.company)
        Department = cls.env["hr.department"].with_company(cls.company)

        def employee(user_rec):
            return Employee.create({"name": user_rec.name, "user_id": user_rec.id})

        emp = {
            u: employee(u)
            for u in (
                cls.desk,
                cls.handler,
                cls.manager,
                cls.it_handler,
                cls.branch_handler,
                cls.supervisor,
                cls.gm,
            )
        }
        cls.dep_desk = Department.create(
            {"name": "Service Desk", "manager_id": emp[cls.supervisor].id}
        )
        cls.dep_ops = Department.create({"name": "Operations", "manager_id": emp[cls.manager].id})
        cls.dep_branch = Department.create(
            {"name": "Operations Branch", "parent_id": cls.dep_ops.id}
        )
        cls.dep_it = Department.create({"name": "IT", "manager_id": emp[cls.it_handler].id})
        emp[cls.desk].department_id = cls.dep_desk
        emp[cls.supervisor].department_id = cls.dep_desk
        emp[cls.handler].department_id = cls.dep_ops
        emp[cls.manager].department_id = cls.dep_ops
        emp[cls.branch_handler].department_id = cls.dep_branch
        emp[cls.it_handler].department_id = cls.dep_it

        cls.company.write(
            {
                "complaint_calendar_id": cls.calendar.id,
                "complaint_desk_department_id": cls.dep_desk.id,
                "complaint_general_manager_id": cls.gm.id,
                "complaint_supervisor_id": cls.supervisor.id,
                # The first reply is timed in test_contact.py: here it would add a step.
                "complaint_first_reply_hours": 0,
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Sun Li", "phone": "13800000001", "company_id": cls.company.id}
        )
        cls.partner2 = cls.env["res.partner"].create({"name": "Zhou Jianguo"})
        cls.partner3 = cls.env["res.partner"].create({"name": "Wu Xiaoming"})
        cls.channel = cls.env.ref("complaint_management.complaint_channel_phone")
        cls.category = cls.env.ref("complaint_management.complaint_category_fees")
        cls.grades = {
            level: cls.env.ref(f"complaint_management.complaint_grade_level_{level}")
            for level in (1, 2, 3, 4)
        }

    # ------------------------------------------------------------------ checks
    def sees(self, record, user):
        """Whether ``user`` can read ``record``, checked three ways that must agree: by id
        (as the web client's read), by search, and by the ACL/rule check."""
        as_user = record.with_user(user)
        try:
            as_user.read(["display_name"])
            by_id = True
        except AccessError:
            by_id = False
        try:
            found = bool(as_user.search([("id", "=", record.id)]))
        except AccessError:
            found = False
        self.assertEqual(
            by_id, found, f"{user.login}: read by id and search disagree on {record!r}"
        )
        self.assertEqual(by_id, as_user.has_access("read"))
        return by_id

    def log_count(self, complaint, user, access_type=None):
        domain = [("complaint_id", "=", complaint.id), ("user_id", "=", user.id)]
        if access_type:
            domain.append(("access_type", "=", access_type))
        return self.env["complaint.access.log"].sudo().search_count(domain)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def utc(*args):
        """A naive UTC datetime from Shanghai local time (UTC+8)."""
        return datetime(*args) - timedelta(hours=8)

    @classmethod
    def create_complaint(cls, user=None, **vals):
        values = {
            "title": "Fee charged twice",
            "description": "<p>The annual fee was charged twice.</p>",
            "partner_id": cls.partner.id,
            "partner_phone": "13800000001",
            "account_number": "6222-0001",
            "channel_id": cls.channel.id,
            "category_id": cls.category.id,
            "concerned_object": "Platinum card",
            "company_id": cls.company.id,
        }
        values.update(vals)
        Complaint = cls.env["complaint.complaint"].with_user(user or cls.desk)
        return Complaint.with_company(cls.company).create(values).with_env(cls.env)

    @classmethod
    def as_user(cls, record, user):
        return record.with_user(user).with_company(cls.company)

    @classmethod
    def dispatch(cls, complaint, department=None, handler=None):
        desk = cls.as_user(complaint, cls.desk)
        if complaint.validity != "valid":
            desk._action_decide_validity("valid")
        desk._action_dispatch(department or cls.dep_ops, handler or cls.handler)
        return complaint

    @classmethod
    def investigate(cls, complaint, handler=None):
        h = cls.as_user(complaint, handler or complaint.handler_id or cls.handler)
        if complaint.state == "dispatched":
            h.action_start_investigation()
        h._action_log_customer_contact("Called the customer and apologised.")
        h.write(
            {
                "facts_found": "<p>Fee charged twice by a batch error.</p>",
                "root_cause": "Batch job re-run.",
            }
        )
        return complaint

    @classmethod
    def draft_plan(cls, complaint, handler=None, compensation=0.0):
        h = cls.as_user(complaint, handler or complaint.handler_id or cls.handler)
        action = h.action_new_plan()
        plan = cls.env["complaint.plan"].browse(action["res_id"])
        cls.as_user(plan, handler or complaint.handler_id or cls.handler).write(
            {
                "measures": "<p>Refund the second fee.</p>",
                "date_due": fields.Date.today() + timedelta(days=3),
                "compensation_amount": compensation,
            }
        )
        return plan

    @classmethod
    def approve_all(cls, plan):
        users = {"supervisor": cls.supervisor, "compliance": cls.compliance}
        while plan.state == "to_approve":
            approval = (
                plan.sudo()
                .approval_ids.filtered(lambda a: a.state == "pending")
                .sorted("sequence")[:1]
            )
            cls.as_user(approval, approval.user_id or users[approval.role]).action_approve()
        return plan

    @classmethod
    def walk(cls, complaint, target):
        """Walk ``complaint`` along the happy path until it reaches ``target``."""
        order = [s for s, _l in complaint._fields["state"].selection]
        if order.index(complaint.state) >= order.index(target):
            return complaint
        if complaint.state == "new":
            cls.dispatch(complaint)
        if target == "dispatched":
            return complaint
        if complaint.state in ("dispatched", "investigating") and not complaint.plan_ids:
            cls.investigate(complaint)
        if target == "investigating":
            return complaint
        if complaint.state == "investigating":
            plan = cls.draft_plan(complaint)
            cls.as_user(plan, complaint.handler_id).action_submit()
        if target == "approval":
            return complaint
        if complaint.state == "approval":
            cls.approve_all(complaint.plan_id)
        if target == "customer":
            return complaint
        if complaint.state == "customer":
            cls.as_user(complaint.plan_id, cls.desk).action_customer_accept()
        if target == "implementing":
            return complaint
        if complaint.state == "implementing":
            h = cls.as_user(complaint, complaint.handler_id)
            h.write(
                {
                    "implementation_note": "Refunded.",
                    "rectification": "Batch job guarded against re-runs.",
                    "accountability_note": "Operator warned.",
                }
            )
            h.action_mark_implemented()
        if target == "audit":
            return complaint
        if complaint.state == "audit":
            cls.as_user(complaint, cls.supervisor)._action_audit_pass("Fair.")
        if target == "feedback":
            return complaint
        if complaint.state == "feedback":
            cls.as_user(complaint, cls.desk)._action_give_feedback("Refund explained by phone.")
        if target == "revisit":
            return complaint
        if complaint.state == "revisit":
            cls.record_revisit(complaint, "5", "close")
        if target == "closed":
            return complaint
        cls.sign_record(complaint)
        cls.as_user(complaint, cls.desk).action_archive_complaint()
        return complaint

    @classmethod
    def sign_record(cls, complaint):
        """The head of the responsible department (of the desk, when none) signs the
        complete record of the closed ``complaint``, as its archive requires."""
        signer = complaint._record_signer()
        cls.as_user(complaint, signer).action_sign_record()
        return complaint

    @classmethod
    def record_revisit(cls, complaint, satisfaction, outcome, user=None):
        wizard = (
            cls.env["complaint.revisit.wizard"]
            .with_user(user or cls.desk)
            .create(
                {
                    "complaint_id": complaint.id,
                    "satisfaction": satisfaction,
                    "outcome": outcome,
                    "comment": "Customer's words.",
                }
            )
        )
        return wizard.action_confirm()


class ComplaintAccessCase(ComplaintCase):
    """ComplaintCase plus complaints in every situation the access rules distinguish.

    ``cls.ops``: handled and closed by Operations (handler), IT assisting, plan with a
    compensation approved by the Operations manager, the general manager and compliance.
    ``cls.ops_open``: Operations, being investigated, no plan yet.
    ``cls.branch``: dispatched to Operations Branch (a sub-department of Operations).
    ``cls.it``: dispatched to IT. ``cls.fresh``: registered, not dispatched yet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.it_collab = cls._new_user("t_it_collab", f"{G}user")
        cls.compliance2 = cls._new_user("t_compliance2", f"{G}compliance")
        cls.env["hr.employee"].with_company(cls.company).create(
            {"name": "IT Colleague", "user_id": cls.it_collab.id, "department_id": cls.dep_it.id}
        )
        cls.users = {
            "outsider": cls.outsider,
            "collaborator": cls.gm,
            "department": cls.handler,
            "desk": cls.desk,
            "supervisor": cls.supervisor,
            "compliance": cls.compliance,
            "administrator": cls.admin,
        }

        extra = {"partner_email": EMAIL, "partner_address": ADDRESS}
        cls.ops = cls.create_complaint(title="Handled by Operations", **extra)
        desk = cls.as_user(cls.ops, cls.desk)
        desk._action_decide_validity("valid")
        desk._action_dispatch(cls.dep_ops, cls.handler, assist_departments=cls.dep_it)
        cls.investigate(cls.ops)
        cls.ops_plan = cls.draft_plan(cls.ops, compensation=COMPENSATION)
        cls.ops_in_kind = (
            cls.env["complaint.plan.compensation"]
            .with_user(cls.handler)
            .create({"plan_id": cls.ops_plan.id, "kind": "gift", "description": "A fruit basket"})
        )
        cls.as_user(cls.ops_plan, cls.handler).action_submit()
        cls.approve_all(cls.ops_plan)
        cls.walk(cls.ops, "closed")

        cls.ops_open = cls.walk(cls.create_complaint(title="Open in Operations"), "dispatched")
        cls.as_user(cls.ops_open, cls.handler).action_start_investigation()
        cls.branch = cls.create_complaint(title="Sent to the branch")
        cls.dispatch(cls.branch, cls.dep_branch, cls.branch_handler)
        cls.it = cls.create_complaint(title="Sent to IT")
        cls.dispatch(cls.it, cls.dep_it, cls.it_handler)
        cls.fresh = cls.create_complaint(title="Just registered")

        cls.finding = (
            cls.env["complaint.finding"]
            .with_user(cls.compliance)
            .create(
                {
                    "complaint_id": cls.ops.id,
                    "conclusion": "compliant",
                    "finding": "<p>Batch error, no misconduct.</p>",
                }
            )
        )
        cls.escalation = (
            cls.env["complaint.escalation"]
            .sudo()
            .create(
                {
                    "step_id": cls.ops_open.step_ids[:1].id,
                    "complaint_id": cls.ops_open.id,
                    "company_id": cls.company.id,
                    "step_type": cls.ops_open.step_ids[:1].step_type,
                    "kind": "escalation",
                    "level": 3,
                    "target": "general_manager",
                    "user_id": cls.gm.id,
                    "date": fields.Datetime.now(),
                }
            )
        )
        cls.digest_line = (
            cls.env["complaint.escalation.digest"]
            .sudo()
            .create(
                {
                    "escalation_id": cls.escalation.id,
                    "complaint_id": cls.ops_open.id,
                    "company_id": cls.company.id,
                    "user_id": cls.gm.id,
                }
            )
        )
        cls.access_log = (
            cls.env["complaint.access.log"]
            .sudo()
            .create(
                {
                    "complaint_id": cls.ops.id,
                    "company_id": cls.company.id,
                    "user_id": cls.desk.id,
                    "access_type": "read",
                }
            )
        )
        cls.spare_grade = cls.env["complaint.grade"].create(
            {"name": "Spare", "level": 2, "company_id": cls.company.id, "active": False}
        )
        cls.workday = cls.env["complaint.workday"].create(
            {"calendar_id": cls.calendar.id, "date": date(2031, 2, 8), "works_as": "0"}
        )
        cls.regulatory_samples = cls._regulatory_samples()
        cls.crisis_samples = cls._crisis_samples()
        cls.monthly_report = (
            cls.env["complaint.monthly.report"]
            .sudo()
            .create({"company_id": cls.company.id, "date_from": date(2026, 1, 1)})
        )
        cls.accountability_line = (
            cls.env["complaint.accountability"]
            .sudo()
            .create(
                {
                    "complaint_id": cls.ops.id,
                    "employee_id": cls.handler.with_company(cls.company).employee_id.id,
                    "fault_kind_id": cls.env.ref(
                        "complaint_management.complaint_fault_kind_attitude"
                    ).id,
                    "measure": "fine",
                    "fine_amount": 100,
                }
            )
        )
        cls.warning_sample = (
            cls.env["complaint.warning"]
            .sudo()
            .create(
                {
                    "rule": "repeat_unit",
                    "company_id": cls.company.id,
                    "department_id": cls.dep_ops.id,
                }
            )
        )
        cls.env.invalidate_all()

    @classmethod
    def _crisis_samples(cls):
        """A record of each model of crisis handling and the risk register."""
        member = cls.env["complaint.crisis.team.member"].create(
            {"company_id": cls.company.id, "user_id": cls.gm.id, "is_lead": True}
        )
        crisis = (
            cls.env["complaint.crisis"]
            .with_company(cls.company)
            .create({"title": "Branch on the news", "owner_id": cls.gm.id})
        )
        stage = cls.env["complaint.risk.stage"].create({"name": "During sale"})
        return {
            "complaint.crisis": crisis,
            "complaint.crisis.measure": cls.env["complaint.crisis.measure"].create(
                {
                    "crisis_id": crisis.id,
                    "name": "Brief the branches.",
                    "user_id": cls.gm.id,
                    "date_due": date(2031, 1, 1),
                }
            ),
            "complaint.crisis.statement": cls.env["complaint.crisis.statement"].create(
                {"crisis_id": crisis.id, "text": "We refund every customer."}
            ),
            "complaint.crisis.team.member": member,
            "complaint.risk.stage": stage,
            "complaint.risk.item": cls.env["complaint.risk.item"]
            .with_company(cls.company)
            .create(
                {
                    "name": "Price cut",
                    "stage_id": stage.id,
                    "hazards": "Buyers gather.",
                    "prevention": "Approved price changes.",
                    "user_id": cls.gm.id,
                    "date_review": date(2031, 1, 1),
                }
            ),
        }

    @classmethod
    def _regulatory_samples(cls):
        """A record of each of the regulator's models, hanging off ``ops``."""
        regime = cls.env.ref("complaint_management.complaint_regime_banking_insurance_2020")
        kind = regime.extension_ids[:1]
        workflow = {"complaint_workflow": WORKFLOW_TOKEN}
        disclosure = cls.env["complaint.disclosure"].create(
            {"company_id": cls.company.id, "year": 2025}
        )
        return {
            "complaint.regime": regime,
            "complaint.regime.extension": kind,
            "complaint.business.line": cls.env["complaint.business.line"].create(
                {"name": "Debit cards", "code": "SEC-DEBIT"}
            ),
            "complaint.cause": cls.env["complaint.cause"].create(
                {"name": "Fees", "code": "SEC-FEES"}
            ),
            "complaint.demand": cls.env["complaint.demand"]
            .sudo()
            .create({"complaint_id": cls.ops.id, "name": "Refund the fee."}),
            "complaint.extension": cls.env["complaint.extension"]
            .sudo()
            .with_context(**workflow)
            .create(
                {
                    "complaint_id": cls.ops.id,
                    "regime_extension_id": kind.id,
                    "reason": "Complex case.",
                    "state": "granted",
                }
            ),
            "complaint.review": cls.env["complaint.review"]
            .sudo()
            .with_context(**workflow)
            .create(
                {
                    "complaint_id": cls.ops.id,
                    "reviewed_complaint_id": cls.ops.id,
                    "date_requested": fields.Datetime.now(),
                    "reviewer_id": cls.gm.id,
                }
            ),
            "complaint.recusal": cls.env["complaint.recusal"]
            .sudo()
            .with_context(**workflow)
            .create({"complaint_id": cls.ops.id, "user_id": cls.gm.id, "reason": "Cousin."}),
            "complaint.business.channel": cls.env["complaint.business.channel"].create(
                {"name": "Counter", "code": "SEC-COUNTER"}
            ),
            "complaint.disclosure": disclosure,
            "complaint.disclosure.line": cls.env["complaint.disclosure.line"]
            .sudo()
            .create({"disclosure_id": disclosure.id, "section": "category", "name": "Cards"}),
        }

    def sample(self, model):
        """A record of ``model`` that belongs to the Operations complaint ``ops``."""
        return {
            "complaint.complaint": self.ops,
            "complaint.plan": self.ops_plan,
            "complaint.plan.approval": self.ops_plan.approval_ids.filtered(
                lambda a: a.role == "department_manager"
            ),
            "complaint.revisit": self.ops.revisit_ids[:1],
            "complaint.step": self.ops.step_ids.filtered(lambda s: s.step_type == "implement")[:1],
            "complaint.escalation": self.escalation,
            "complaint.escalation.digest": self.digest_line,
            "complaint.deadline.day": self.env["complaint.deadline.day"].search(
                [("department_id", "=", self.dep_ops.id)], limit=1
            ),
            "complaint.grade.history": self.ops.grade_history_ids[:1],
            "complaint.finding": self.finding,
            "complaint.access.log": self.access_log,
            "complaint.grade": self.grades[4],
            "complaint.deadline.rule": self.grades[4].deadline_rule_ids[:1],
            "complaint.escalation.rule": self.grades[4].escalation_rule_ids[:1],
            "complaint.category": self.category,
            "complaint.channel": self.channel,
            "complaint.workday": self.workday,
            **self.regulatory_samples,
            **self.crisis_samples,
            "complaint.report": self.env["complaint.report"].search(
                [("complaint_id", "=", self.ops.id)]
            ),
            "complaint.monthly.report": self.monthly_report,
            "complaint.contact": self.ops.contact_ids[:1],
            "complaint.accountability": self.accountability_line,
            "complaint.fault.kind": self.env.ref(
                "complaint_management.complaint_fault_kind_attitude"
            ),
            "complaint.warning": self.warning_sample,
            "complaint.plan.compensation": self.ops_in_kind,
            **self._governance_samples(),
        }[model]

    def _governance_samples(self):
        """An accusation letter and an erasure log line (governance duties)."""
        letter = (
            self.env["complaint.accusation"]
            .sudo()
            .search([("company_id", "=", self.company.id)], limit=1)
        )
        letter = letter or self.env["complaint.accusation"].sudo().with_company(
            self.company
        ).create(
            {
                "title": "Sample letter",
                "description": "<p>Sample.</p>",
                "channel_id": self.channel.id,
                "company_id": self.company.id,
            }
        )
        log = self.env["complaint.retention.log"].sudo().search(
            [("company_id", "=", self.company.id)], limit=1
        ) or self.env["complaint.retention.log"].sudo().create(
            {
                "complaint_id": self.ops.id,
                "company_id": self.company.id,
                "date": fields.Datetime.now(),
            }
        )
        return {"complaint.accusation": letter, "complaint.retention.log": log}


class ComplaintFiguresCase(ComplaintCase):
    """ComplaintCase plus one month of known complaints, the shared fixture of every test of
    the figures (analysis, monthly statistics, dashboard, monthly report).

    The calendar has the National Day holidays (1-7 October 2026), the make-up working day
    of Saturday 10 October (Friday's hours) and New Year's Day 2027. Grade 4 results are
    never audited (deterministic). Received in October 2026, Shanghai time:

    ``handled``   Fri 9 Oct 16:00, Operations, fees, every step on time, very satisfied,
                  closed Mon 12 Oct 11:00 (12 working hours: Fri 2 + Sat make-up 8 + Mon 2),
                  archived.
    ``late``      Mon 12 Oct 09:00, Operations, service attitude, regulator referral,
                  dispatched late at 14:00 (due 10:00), being investigated.
    ``first``     Tue 20 Oct 10:00, no department, fees, resolved on first contact at 10:10.
    ``invalid``   Wed 21 Oct 10:00, no department, service attitude, invalid, feedback (on
                  time) at 11:00: closed.
    ``objection`` Mon 26 Oct 10:00, an objection to ``handled``: fees, registered only.
    ``it``        Sat 31 Oct 23:30 (15:30 UTC), IT, fees, dispatched on time Mon 2 Nov 09:30.
    Beside them:
    ``november``  Sun 1 Nov 00:30 (31 Oct 16:30 UTC): November in Shanghai, fees.
    ``september`` Mon 28 Sep 10:00, special, feedback (late) on Thu 8 Oct 10:00: closed in
                  October after 24 working hours, service attitude.
    ``at_risk``   Thu 5 Nov 09:00, fees: its dispatch (due 10:00) at risk from 09:45.
    ``foreign``   a complaint of another company, received in October.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls.env.ref("complaint_management.complaint_category_service_attitude")
        cls.regulator = cls.env.ref("complaint_management.complaint_channel_regulator")
        cls.grades[4].audit_policy = "never"
        cls.env["resource.calendar.leaves"].create(
            [
                {
                    "name": name,
                    "calendar_id": cls.calendar.id,
                    "company_id": cls.company.id,
                    "date_from": cls.utc(*first, 0, 0),
                    "date_to": cls.utc(*last, 23, 59, 59),
                    "time_type": "leave",
                }
                for name, first, last in (
                    ("National Day", (2026, 10, 1), (2026, 10, 7)),
                    ("New Year's Day", (2027, 1, 1), (2027, 1, 1)),
                )
            ]
        )
        cls.env["complaint.workday"].create(
            {"calendar_id": cls.calendar.id, "date": date(2026, 10, 10), "works_as": "4"}
        )

        def at(*moment):
            return freeze_time(cls.utc(*moment))

        with at(2026, 10, 9, 16, 0):
            cls.handled = cls.create_complaint(title="Handled on time")
        with at(2026, 10, 9, 16, 30):
            cls.walk(cls.handled, "implementing")
        with at(2026, 10, 12, 10, 0):
            cls.walk(cls.handled, "feedback")
        with at(2026, 10, 12, 10, 30):
            cls.walk(cls.handled, "revisit")
        with at(2026, 10, 12, 11, 0):
            cls.walk(cls.handled, "closed")
        with at(2026, 10, 12, 11, 30):
            cls.walk(cls.handled, "archived")

        with at(2026, 10, 12, 9, 0):
            cls.late = cls.create_complaint(
                title="Dispatched late",
                category_id=cls.service.id,
                channel_id=cls.regulator.id,
                concerned_object="Mobile app",
            )
        with at(2026, 10, 12, 14, 0):
            cls.walk(cls.late, "investigating")

        with at(2026, 10, 20, 10, 0):
            cls.first = cls.create_complaint(title="Explained at once")
        with at(2026, 10, 20, 10, 10):
            cls.as_user(cls.first, cls.desk)._action_resolve_first_contact("Fee schedule shown.")

        with at(2026, 10, 21, 10, 0):
            cls.invalid = cls.create_complaint(title="Not ours", category_id=cls.service.id)
            cls.as_user(cls.invalid, cls.desk)._action_decide_validity(
                "invalid", "The merchant charged it.", "The merchant"
            )
        with at(2026, 10, 21, 11, 0):
            cls.as_user(cls.invalid, cls.desk)._action_give_feedback("Told the customer.")

        with at(2026, 10, 26, 10, 0):
            action = cls.as_user(cls.handled, cls.desk).action_register_objection()
            cls.objection = cls.env["complaint.complaint"].browse(action["res_id"])

        with at(2026, 10, 31, 23, 30):
            cls.it = cls.create_complaint(title="App down on Saturday night")
        with at(2026, 11, 2, 9, 30):
            cls.dispatch(cls.it, cls.dep_it, cls.it_handler)

        with at(2026, 11, 1, 0, 30):
            cls.november = cls.create_complaint(title="Just after midnight")

        with at(2026, 9, 28, 10, 0):
            cls.september = cls.create_complaint(title="Found correct", category_id=cls.service.id)
            cls.as_user(cls.september, cls.desk)._action_decide_validity(
                "special", "The fee is in the contract."
            )
        with at(2026, 10, 8, 10, 0):
            cls.as_user(cls.september, cls.desk)._action_give_feedback("Showed the clause.")

        with at(2026, 11, 5, 9, 0):
            cls.at_risk = cls.create_complaint(title="Card swallowed", concerned_object="ATM")

        cls.other_company = cls.env["res.company"].create({"name": "Other Bank"})
        cls.foreign = (
            cls.env["complaint.complaint"]
            .sudo()
            .with_company(cls.other_company)
            .create(
                {
                    "title": "Another bank's complaint",
                    "description": "<p>Elsewhere.</p>",
                    "partner_id": cls.partner2.id,
                    "channel_id": cls.channel.id,
                    "company_id": cls.other_company.id,
                    "date_received": cls.utc(2026, 10, 15, 10, 0),
                }
            )
        )
        cls.env.flush_all()
