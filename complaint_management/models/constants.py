"""Selections, tokens and small helpers shared by several complaint models."""

from odoo.tools import is_html_empty

# Selection labels are plain strings: Odoo translates them through ir.model.fields.selection.
# The states of a complaint (SPEC.md steps 1-15), in process order.
STATES = [
    ("new", "Registered"),
    ("dispatched", "Dispatched"),
    ("investigating", "Investigating"),
    ("approval", "Plan Approval"),
    ("customer", "Customer Decision"),
    ("implementing", "Implementing"),
    ("audit", "Result Audit"),
    ("feedback", "Feedback"),
    ("revisit", "Revisit"),
    ("closed", "Closed"),
    ("archived", "Archived"),
]
# What a complaint is: a first complaint, or a follow-up of an earlier one (SPEC step 15).
COMPLAINT_TYPES = [
    ("new", "First Complaint"),
    ("recomplaint", "Re-complaint"),
    ("objection", "Objection"),
]
OPEN_STATES = tuple(state for state, _label in STATES if state not in ("closed", "archived"))
# States in which the responsible department works the complaint.
DEPARTMENT_STATES = ("dispatched", "investigating", "approval", "customer", "implementing")

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
    # The regulator's clocks (complaint_complaint_regulatory.py): the time limit over the
    # whole complaint, and the answer to a review.
    ("regulatory", "Regulatory Time Limit"),
    ("review", "Review Answer"),
]
# Steps no workflow step resets or cancels: they close only when the decision or the
# review answer reaches the complainant, or when the complainant withdraws.
CLOCK_STEPS = ("regulatory", "review")

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
# Satisfaction levels, as Odoo's rating addon names its limits (rating_data.py): from
# SATISFACTION_LIMIT_SATISFIED up the customer is satisfied (counted so in the figures, and
# the complaint closes); SATISFACTION_LIMIT_NEUTRAL is neutral (close or re-plan); below it,
# dissatisfied (re-plan, re-complaint or crisis, never a plain close).
SATISFACTION_LIMIT_SATISFIED = 4
SATISFACTION_LIMIT_NEUTRAL = 3

CONTACT_CHANNELS = [
    ("phone", "Phone"),
    ("sms", "SMS"),
    ("email", "Email"),
    ("letter", "Letter"),
    ("visit", "In Person"),
    ("portal", "Customer Portal"),
]


def satisfaction_kind(satisfaction):
    """'satisfied', 'neutral' or 'dissatisfied' for a SATISFACTION value ('1'..'5')."""
    level = int(satisfaction)
    if level >= SATISFACTION_LIMIT_SATISFIED:
        return "satisfied"
    if level >= SATISFACTION_LIMIT_NEUTRAL:
        return "neutral"
    return "dissatisfied"


# Context values that only server code can produce (RPC contexts are JSON).
# Workflow fields are written by the action methods, never by a plain write.
WORKFLOW_TOKEN = object()
# The archive action's own work on the complaint it archives (steps closed, the filed slip,
# the stored values computed from them), in the same transaction: see complaint.archive.mixin.
ARCHIVE_TOKEN = object()
# A message posted on a complaint (or one of its records) brings its own attachments, an
# archived complaint included.
MESSAGE_TOKEN = object()
# The attachments of an incoming mail are kept whatever their size: a mail is never lost.
INCOMING_MAIL_TOKEN = object()


def deadline_status(date_deadline, date_at_risk, now):
    """'overdue', 'at_risk' or 'on_time' for something due at ``date_deadline`` and at risk
    from ``date_at_risk`` (either may be empty), at ``now``."""
    if date_deadline and date_deadline < now:
        return "overdue"
    if date_at_risk and date_at_risk <= now:
        return "at_risk"
    return "on_time"


def is_blank(value):
    """Whether a required piece of the handling record is missing (empty text or HTML,
    empty recordset, no date)."""
    if isinstance(value, str):
        return is_html_empty(value)
    return not value


# When the process happened: never before the complaint was received, nor in the future.
PROCESS_DATES = (
    "date_dispatched",
    "date_investigation_started",
    "date_customer_contacted",
    "date_plan_approved",
    "date_customer_accepted",
    "date_implemented",
    "date_audited",
    "date_feedback",
    "date_revisited",
    "date_closed",
    "date_archived",
)


def fetch_columns(records):
    """What reading a field of ``records`` fetches (their prefetched columns), for all of
    them in one query. Odoo fetches a field's records by 1,000, each time working out
    which of the whole prefetch set are not in cache yet: over the 18,000 steps of 4,500
    complaints the regrade job raises, 18 queries and a third of a second."""
    records.fetch(
        [
            name
            for name, field in records._fields.items()
            if field.store and field.prefetch is True and field.is_accessible(records.env)
        ]
    )
    return records
