from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError

MONTHS = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
]


class ComplaintMonthlyReportWizard(models.TransientModel):
    """Print the monthly complaint report of any past month: the kept PDF, or, for a month
    without one yet, a report made (not sent) from today's figures."""

    _name = "complaint.monthly.report.wizard"
    _inherit = ["complaint.input.mixin"]
    _description = "Print a Monthly Complaint Report"
    _input_ranges = {"year": (2000, 9999)}

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    year = fields.Integer(required=True, default=lambda self: self._default_month().year)
    month = fields.Selection(
        MONTHS, required=True, default=lambda self: str(self._default_month().month)
    )

    @api.model
    def _default_month(self):
        stats = self.env["complaint.statistics"]
        return stats._month_range(stats._local_today(self.env.company), months=-1)[0]

    def action_print(self):
        """Print the report of the chosen month (a past month of an allowed company)."""
        self.ensure_one()
        reports = self.env["complaint.monthly.report"]
        reports._check_reader()
        if self.company_id not in self.env.companies:
            raise UserError(self.env._("Choose one of your companies."))
        stats = self.env["complaint.statistics"]
        if not 2000 <= self.year <= 9999:
            raise UserError(self.env._("Enter a year such as 2026."))
        date_from = date(self.year, int(self.month), 1)
        if date_from >= stats._month_range(stats._local_today(self.company_id))[0]:
            raise UserError(
                self.env._("Only past months have a report: the current month is not over.")
            )
        report = reports._get_for_month(self.company_id, date_from).with_env(self.env)
        return self.env.ref("complaint_management.complaint_monthly_report_action").report_action(
            report, config=False
        )
