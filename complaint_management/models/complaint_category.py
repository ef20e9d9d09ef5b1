from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintCategory(models.Model):
    """The nature of a complaint (分类): product, service attitude, operation error..."""

    _name = "complaint.category"
    _inherit = ["complaint.input.mixin"]
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

    @api.constrains("company_id", "department_id")
    def _check_department_company(self):
        """A company's category proposes a department of that company (a shared category
        may propose any)."""
        for category in self:
            department_company = category.department_id.company_id
            if category.company_id and department_company not in (
                category.company_id,
                category.company_id.browse(),
            ):
                raise ValidationError(
                    self.env._(
                        "%(category)s belongs to %(company)s: its default department "
                        "%(department)s belongs to another company.",
                        category=category.name,
                        company=category.company_id.name,
                        department=category.department_id.name,
                    )
                )
