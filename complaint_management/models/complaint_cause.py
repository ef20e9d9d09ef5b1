from odoo import fields, models


class ComplaintCause(models.Model):
    """What a complaint is about in the regulator's terms (投诉原因: fees, service,
    information disclosure...), as its figures count them."""

    _name = "complaint.cause"
    _inherit = ["complaint.input.mixin"]
    _description = "Complaint Cause"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the cause.")

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "A cause code must be unique."),
    ]
