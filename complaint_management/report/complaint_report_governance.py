"""The analysis and the governance duties (SPEC.md "Duties a second reading of the seeds
adds"): malicious complaints (恶意投诉, confirmed by a supervisor) are counted apart, and a
complaint converted to an accusation letter is no complaint: it has no row."""

from odoo import fields, models

from .complaint_report import BY_RECEIPT


class ComplaintReport(models.Model):
    _inherit = "complaint.report"  # pylint: disable=consider-merging-classes-inherited

    _depends = {"complaint.complaint": ["is_malicious", "state"]}

    malicious = fields.Integer(
        readonly=True,
        help=f"{BY_RECEIPT} Complaints a supervisor confirmed as malicious (恶意投诉); they "
        "are still answered, and counted in the other figures too.",
    )

    def _select_columns(self):
        columns = super()._select_columns()
        columns["malicious"] = "CASE WHEN c.is_malicious THEN 1 ELSE 0 END"
        return columns

    @property
    def _table_query(self):
        # A complaint converted to an accusation letter is counted nowhere.
        return f"{super()._table_query} WHERE c.state != 'converted'"
