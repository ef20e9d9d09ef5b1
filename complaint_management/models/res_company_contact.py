"""The customer-contact duties of a company (SPEC.md "First reply and time promise"): how
soon the complainant gets a first reply, and how many working days the responsible
department has for the problems a customer raises at the revisit."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

FIRST_REPLY_HOURS_DEFAULT = 24
FINDING_DAYS_DEFAULT = 3
# Beyond these, the figures are typing errors (a month; a quarter of working days).
FIRST_REPLY_HOURS_MAX = 720
FINDING_DAYS_MAX = 60


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_first_reply_hours = fields.Integer(
        "First Reply Within (Hours)",
        default=FIRST_REPLY_HOURS_DEFAULT,
        help="Hours from receipt within which the complainant gets a first reply (a logged "
        "contact or the acknowledgement mail actually sent); 0: not timed.",
    )
    complaint_finding_days = fields.Integer(
        "Revisit Problems Handled Within (Working Days)",
        default=FINDING_DAYS_DEFAULT,
        help="Working days the responsible department has for the problems a customer "
        "raises at the revisit.",
    )

    @api.constrains("complaint_first_reply_hours", "complaint_finding_days")
    def _check_complaint_contact_duties(self):
        for company in self:
            if not 0 <= company.complaint_first_reply_hours <= FIRST_REPLY_HOURS_MAX:
                raise ValidationError(
                    self.env._(
                        "The first reply is due within 0 to %s hours of receipt.",
                        FIRST_REPLY_HOURS_MAX,
                    )
                )
            if not 1 <= company.complaint_finding_days <= FINDING_DAYS_MAX:
                raise ValidationError(
                    self.env._(
                        "Problems raised at the revisit are handled within 1 to %s working days.",
                        FINDING_DAYS_MAX,
                    )
                )
