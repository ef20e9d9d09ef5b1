from odoo import fields, models


class ComplaintBusinessLine(models.Model):
    """The line of business a complaint concerns (业务类别: debit cards, credit cards,
    loans, wealth management...), as the regulator's figures count them."""

    _name = "complaint.business.line"
    _inherit = ["complaint.input.mixin"]
    _description = "Complaint Business Line"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the business line.")

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "A business line code must be unique."),
    ]
