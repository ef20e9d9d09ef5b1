"""The analysis counts complaints after merging duplicates (合并重复): a duplicate adds to
no count or rate of its original's row set; its own row keeps the regulator's clock facts
for the quarterly figures. ``received_all`` counts every complaint received, before merging,
and ``duplicates_merged`` the difference."""

from odoo import fields, models

# Counts (summed): 0 for a duplicate. Rates and times (averaged): empty for a duplicate.
MERGED_COUNTS = ("received", "valid", "closed", "regulator_referrals")
MERGED_AVERAGES = (
    "closure_rate",
    "repeat_rate",
    "satisfaction_rate",
    "handling_hours",
    "on_time_rate",
)
ORIGINAL = "c.duplicate_of_id IS NULL"


class ComplaintReport(models.Model):
    _inherit = "complaint.report"

    _depends = {"complaint.complaint": ["duplicate_of_id"]}

    is_duplicate = fields.Boolean("Duplicate", readonly=True)
    received = fields.Integer(
        help="By month of receipt. Complaints received, after merging duplicates (合并重复后)."
    )
    received_all = fields.Integer(
        "Received Before Merging",
        readonly=True,
        help="By month of receipt. Every complaint received, duplicates included.",
    )
    duplicates_merged = fields.Integer(
        readonly=True,
        help="By month of receipt. Complaints merged into an earlier one as duplicates.",
    )

    def _select_columns(self):
        columns = super()._select_columns()
        for name in MERGED_COUNTS:
            columns[name] = f"CASE WHEN {ORIGINAL} THEN ({columns[name]}) ELSE 0 END"
        averages = [*MERGED_AVERAGES, *(n for n in columns if n.startswith("on_time_"))]
        for name in dict.fromkeys(averages):
            columns[name] = f"CASE WHEN {ORIGINAL} THEN ({columns[name]}) END"
        columns.update(
            {
                "is_duplicate": "c.duplicate_of_id IS NOT NULL",
                "received_all": "1",
                "duplicates_merged": f"CASE WHEN {ORIGINAL} THEN 0 ELSE 1 END",
            }
        )
        return columns
