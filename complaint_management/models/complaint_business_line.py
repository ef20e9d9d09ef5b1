from odoo import fields, models


class ComplaintBusinessLine(models.Model):
    """The business category a complaint concerns (业务类别 of JR/T 0169-2018: debit cards,
    credit cards, loans, wealth management...), as the regulator's figures and the yearly
    disclosure count them. A hierarchy: bank cards hold debit and credit cards."""

    _name = "complaint.business.line"
    _inherit = ["complaint.classification.mixin"]
    _description = "Complaint Business Category"

    parent_id = fields.Many2one(
        "complaint.business.line",
        "Parent Category",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    child_ids = fields.One2many(
        "complaint.business.line", "parent_id", "Sub-categories", readonly=True
    )

    _sql_constraints = [
        (
            "code_company_unique",
            "unique(code, company_id)",
            "A business category code must be unique.",
        ),
    ]
