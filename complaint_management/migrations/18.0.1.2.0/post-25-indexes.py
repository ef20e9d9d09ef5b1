"""18.0.1.2.0 (issue 25): fields that no search of a large table needs are no longer
indexed (each index is written by every insert and by every update that moves a row).
Odoo keeps an index a field no longer declares: drop them. The filters on rare facts got
small partial indexes of their own (``complaint_complaint_scale.py``, created at update)."""

from odoo.tools import SQL

UNINDEXED = {
    "complaint_complaint": (
        "closure_type",
        "complaint_type",
        "compliance_required",
        "date_at_risk",
        "date_decision_sent",
        "date_dispatched",
        "date_feedback",
        "date_regulatory_met",
        "decision_state",
        "extension_count",
        "first_contact_resolved",
        "grade_level",
        "identity_verified",
        "is_crisis",
        "is_duplicate",
        "is_extended",
        "is_malicious",
        "is_repeat",
        "is_reviewed",
        "is_withdrawn",
        "legal_hold",
        "regulatory_limit_met",
        "regulatory_result",
        "review_state",
        "satisfaction",
    ),
    "complaint_step": ("date_done", "is_late", "step_type"),
}


def migrate(cr, version):
    if not version:
        return
    for table, columns in UNINDEXED.items():
        for column in columns:
            cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(f"{table}__{column}_index")))
