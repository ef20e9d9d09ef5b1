"""Selections, tokens and small helpers shared by several complaint models."""

from odoo.tools import is_html_empty

# Selection labels are plain strings: Odoo translates them through ir.model.fields.selection.
# The timed steps of the process (SPEC.md steps 6-13), in process order.
STEPS = [
    ("dispatch", "Dispatch"),
    ("start", "Investigation Start"),
    ("contact", "Customer Contact"),
    ("plan", "Plan Approval"),
    ("implement", "Implementation"),
    ("audit", "Result Audit"),
    ("feedback", "Feedback"),
    ("revisit", "Revisit"),
]

# Steps done by the service desk; the others by the responsible department (audit: supervisors).
DESK_STEPS = ("dispatch", "feedback", "revisit")

TIME_UNITS = [
    ("calendar_hours", "Hours"),
    ("working_hours", "Working Hours"),
    ("working_days", "Working Days"),
    ("calendar_days", "Days"),
]

ESCALATION_TARGETS = [
    ("handler", "Step Owner"),
    ("department_manager", "Department Manager"),
    ("supervisor", "Supervisor Group"),
    ("general_manager", "General Manager"),
]

SATISFACTION = [
    ("5", "Very Satisfied"),
    ("4", "Satisfied"),
    ("3", "Neutral"),
    ("2", "Dissatisfied"),
    ("1", "Very Dissatisfied"),
]
# A revisit at or above this level may close the complaint.
SATISFIED_MIN = 3

CONTACT_CHANNELS = [
    ("phone", "Phone"),
    ("sms", "SMS"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("visit", "In Person"),
    ("portal", "Customer Portal"),
]

# Context value that only server code can produce (RPC contexts are JSON): workflow fields
# are written by the action methods, never by a plain write.
WORKFLOW_TOKEN = object()


def is_blank(value):
    """Whether a required piece of the handling record is missing (empty text or HTML,
    empty recordset, no date)."""
    if isinstance(value, str):
        return is_html_empty(value)
    return not value
