from odoo import fields, models


class ComplaintCategory(models.Model):
    """The nature of a complaint (分类): product, service attitude, operation error..."""

    _name = "complaint.category"
    _description = "Complaint Category"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the category.")
    department_id = fields.Many2one(
        "hr.department",
        "Default Department",
        help="Department proposed when a complaint of this category is dispatched.",
    )
    not_company_responsibility = fields.Boolean(
        help="Complaints of this kind are not the company's responsibility."
    )

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "A category code must be unique."),
    ]
