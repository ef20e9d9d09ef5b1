from odoo import fields, models


class ComplaintCause(models.Model):
    """What a complaint is about in the regulator's terms (投诉原因 of JR/T 0169-2018: fees,
    service, information disclosure...), as its figures and the yearly disclosure count
    them. A hierarchy, as the standard's."""

    _name = "complaint.cause"
    _inherit = ["complaint.classification.mixin"]
    _description = "Complaint Cause"

    parent_id = fields.Many2one(
        "complaint.cause", "Parent Cause", index=True, ondelete="restrict", check_company=True
    )
    child_ids = fields.One2many("complaint.cause", "parent_id", "Sub-causes", readonly=True)

    _sql_constraints = [
        ("code_company_unique", "unique(code, company_id)", "A cause code must be unique."),
    ]
