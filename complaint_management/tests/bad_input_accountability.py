"""Rows of test_bad_input.py's TABLE for the accountability lines and the kinds of fault
(their fixtures are made on first use, on the test case)."""

from odoo import fields

LONG_TEXT = "x" * 20_001
LONG_CHAR = "x" * 257
FUTURE = "2099-01-01 00:00:00"


def _lines(case):
    """A draft, an approved and an appealed accountability line on ``case.investigating``."""
    if not hasattr(case, "_accountability_lines"):
        Line = case.env["complaint.accountability"].sudo()
        base = {
            "complaint_id": case.investigating.id,
            "employee_id": case.handler.with_company(case.company).employee_id.id,
            "fault_kind_id": case.env.ref("complaint_management.complaint_fault_kind_attitude").id,
            "measure": "fine",
            "fine_amount": 200,
        }
        case._accountability_lines = {
            "draft": Line.create(base),
            "approved": Line.create({**base, "state": "approved"}),
            "appealed": Line.create(
                {
                    **base,
                    "state": "approved",
                    "appeal_state": "pending",
                    "appeal_reason": "Not my counter.",
                    "date_appeal": fields.Datetime.now(),
                }
            ),
        }
    return case._accountability_lines


def line_write(which, fname, *values, user="supervisor"):
    """Writing each of ``values`` (a value may be a function of the test case) to field
    ``fname`` of the ``which`` line, as ``user``."""

    def make(value):
        def call(case):
            line = _lines(case)[which]
            as_user = case.as_user(line, getattr(case, user))
            written = value(case) if callable(value) else value
            return line, lambda: as_user.write({fname: written})

        return call

    return ("process", [make(value) for value in values])


def _kind(case):
    if not hasattr(case, "_fault_kind"):
        case._fault_kind = case.env["complaint.fault.kind"].create(
            {
                "name": "Slow counter",
                "fine_min": 100,
                "fine_max": 1000,
                "company_id": case.company.id,
            }
        )
    return case._fault_kind


def kind_write(fname, *values):
    def make(value):
        def call(case):
            kind = _kind(case)
            written = value(case) if callable(value) else value
            return kind, lambda: case.as_user(kind, case.admin).write({fname: written})

        return call

    return ("process", [make(value) for value in values])


ACCOUNTABILITY_ROWS = {
    "complaint_id": [
        line_write(
            "draft", "complaint_id", lambda c: c.other_complaint.id, lambda c: c.registered.id
        )
    ],
    "employee_id": [
        line_write("draft", "employee_id", lambda c: c.other_employee.id, False),
        line_write(
            "approved", "employee_id", lambda c: c.manager.with_company(c.company).employee_id.id
        ),
        line_write(
            "draft",
            "employee_id",
            lambda c: c.manager.with_company(c.company).employee_id.id,
            user="desk",
        ),
    ],
    "fault_kind_id": [
        line_write(
            "draft",
            "fault_kind_id",
            False,
            lambda c: c.env.ref("complaint_management.complaint_fault_kind_media").id,  # 200 < 300
        )
    ],
    "measure": [
        line_write("draft", "measure", "bogus", False, "warning"),  # a warning has no fine
        line_write("approved", "measure", "training"),
    ],
    "fine_amount": [
        line_write("draft", "fine_amount", 99, 1000.5, -5, "lots", float("inf")),
        line_write("appealed", "fine_amount", 5000),
    ],
    "branch_head_id": [
        line_write(
            "draft",
            "branch_head_id",
            lambda c: c.handler.with_company(c.company).employee_id.id,
            lambda c: c.other_employee.id,
        ),
    ],
    "branch_head_fine": [line_write("draft", "branch_head_fine", 300, -1)],
    "note": [line_write("draft", "note", LONG_TEXT), line_write("approved", "note", "Changed.")],
    "date_appeal": [
        line_write("approved", "date_appeal", FUTURE, "someday"),
        line_write("draft", "date_appeal", lambda c: fields.Datetime.now()),
    ],
    "appeal_reason": [
        line_write("approved", "appeal_reason", LONG_TEXT),
        line_write("draft", "appeal_reason", "Not mine."),
        line_write("appealed", "appeal_reason", "Other grounds."),
    ],
    "appeal_outcome": [
        line_write("appealed", "appeal_outcome", "bogus"),
        line_write("approved", "appeal_outcome", "upheld"),
    ],
    "appeal_decision": [
        line_write("appealed", "appeal_decision", LONG_TEXT),
        line_write("approved", "appeal_decision", "Rejected."),
    ],
}

FAULT_KIND_ROWS = {
    "active": [("free", "a flag: both values are valid")],
    "branch_head_shares": [("free", "a flag: both values are valid")],
    "company_id": [kind_write("company_id", lambda c: c.company2.id)],
    "description": [kind_write("description", LONG_TEXT)],
    "fine_max": [kind_write("fine_max", -1, 50, "much")],  # below the lowest fine (100)
    "fine_min": [kind_write("fine_min", -1, 5000)],  # above the highest fine (1,000)
    "name": [kind_write("name", False, LONG_CHAR)],
    "sequence": [kind_write("sequence", -1)],
}
