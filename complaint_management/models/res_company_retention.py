"""How long a company keeps a complainant's data after archiving the complaint (SPEC.md:
定期清理; 个人信息保护法). None by default: nothing is erased until a company sets one."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Ten years: beyond it a retention period is a typing error.
MAX_RETENTION_MONTHS = 120


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_retention_months = fields.Integer(
        "Customer Data Retention (Months)",
        default=0,
        help="Months after archiving after which the complainant's contact details, contact "
        "recordings and evidence files are erased (0: kept; nothing is erased).",
    )

    @api.constrains("complaint_retention_months")
    def _check_complaint_retention_months(self):
        for company in self:
            if not 0 <= company.complaint_retention_months <= MAX_RETENTION_MONTHS:
                raise ValidationError(
                    self.env._(
                        "The customer data retention period is between 0 (kept) and %s months.",
                        MAX_RETENTION_MONTHS,
                    )
                )
