from odoo import fields, models


class ComplaintFinding(models.Model):
    """A compliance officer's finding on a complaint (合规稽核): compliance writes only these."""

    _name = "complaint.finding"
    _description = "Compliance Finding"
    _inherit = ["mail.thread", "complaint.confidential.mixin"]
    _order = "date desc, id desc"

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", "Officer", required=True, default=lambda self: self.env.user
    )
    conclusion = fields.Selection(
        [
            ("compliant", "No Violation Found"),
            ("violation", "Violation Found"),
            ("referred", "Referred (Legal / Regulator)"),
        ],
        required=True,
        tracking=True,
    )
    finding = fields.Html(required=True)
    measures = fields.Text("Required Measures")
