"""The promises made to customers in the analysis and the monthly figures (SPEC.md "First
reply and time promise": a missed promise is a breach like a missed deadline): promises
made, kept and missed, per complaint received."""

from odoo import api, fields, models

from .complaint_report import BY_RECEIPT

PROMISE_MEASURES = ("promises_made", "promises_kept", "promises_missed")


def _promises(condition="TRUE"):
    return (
        "(SELECT count(*) FROM complaint_step s WHERE s.complaint_id = c.id "
        f"AND s.step_type = 'promise' AND {condition})"
    )


class ComplaintReport(models.Model):
    _inherit = "complaint.report"  # pylint: disable=consider-merging-classes-inherited

    promises_made = fields.Integer(
        readonly=True, help=f"{BY_RECEIPT} Replies promised to the customer by a date."
    )
    promises_kept = fields.Integer(
        readonly=True, help=f"{BY_RECEIPT} Promised replies given by the promised date."
    )
    promises_missed = fields.Integer(
        readonly=True,
        help=f"{BY_RECEIPT} Promised replies not given by the promised date (a breach).",
    )

    def _select_columns(self):
        columns = super()._select_columns()
        # Subqueries only computed when the measure is read (the view is flattened).
        columns.update(
            {
                "promises_made": _promises(),
                "promises_kept": _promises("s.state = 'done' AND NOT COALESCE(s.is_late, FALSE)"),
                "promises_missed": _promises("COALESCE(s.is_late, FALSE)"),
            }
        )
        return columns


class ComplaintStatistics(models.AbstractModel):
    _inherit = "complaint.statistics"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _monthly_statistics(self, company, date_from, date_to):
        """The promises made, kept and missed on the complaints received in the period
        join the figures (one query more)."""
        stats = super()._monthly_statistics(company, date_from, date_to)
        domain = [
            ("company_id", "=", company.id),
            ("date_received", ">=", date_from),
            ("date_received", "<", date_to),
        ]
        report = self.env["complaint.report"].sudo()
        row = report._read_group(domain, [], [f"{name}:sum" for name in PROMISE_MEASURES])[0]
        stats.update(
            {name: int(value or 0) for name, value in zip(PROMISE_MEASURES, row, strict=True)}
        )
        return stats
