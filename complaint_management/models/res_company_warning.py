from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The early warning's defaults (SPEC.md "Crisis handling and prevention": early warning from
# the data), per company in Settings > Complaints > Early Warning.
SURGE_FACTOR_DEFAULT = 2.0
SURGE_MIN_DEFAULT = 3
REPEAT_COUNT_DEFAULT = 3
REPEAT_DAYS_DEFAULT = 30
LEVEL2_COUNT_DEFAULT = 3


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_warning_surge_factor = fields.Float(
        "Surge Multiple",
        default=SURGE_FACTOR_DEFAULT,
        help="A category, object or unit complained about surges when its complaints of the "
        "last 7 days exceed this multiple of its usual weekly number (over the 8 weeks before).",
    )
    complaint_warning_surge_min = fields.Integer(
        "Surge Minimum",
        default=SURGE_MIN_DEFAULT,
        help="A surge needs at least this many complaints in the last 7 days (so that one "
        "complaint against none is no surge).",
    )
    complaint_warning_repeat_count = fields.Integer(
        "Repeated Complaints",
        default=REPEAT_COUNT_DEFAULT,
        help="Complaints about one employee or one unit within the period that raise a warning.",
    )
    complaint_warning_repeat_days = fields.Integer(
        "Repeat Period (Days)",
        default=REPEAT_DAYS_DEFAULT,
        help="The period over which repeated complaints are counted.",
    )
    complaint_warning_level2_count = fields.Integer(
        "Complaints Rising to Level 2 in a Day",
        default=LEVEL2_COUNT_DEFAULT,
        help="This many complaints raised to level 2 within a day raise a warning.",
    )

    @api.constrains(
        "complaint_warning_surge_factor",
        "complaint_warning_surge_min",
        "complaint_warning_repeat_count",
        "complaint_warning_repeat_days",
        "complaint_warning_level2_count",
    )
    def _check_complaint_warning_settings(self):
        for company in self:
            if company.complaint_warning_surge_factor < 1:
                raise ValidationError(
                    self.env._("The surge multiple is at least 1 (the usual number itself).")
                )
            counts = (
                company.complaint_warning_surge_min,
                company.complaint_warning_repeat_count,
                company.complaint_warning_level2_count,
            )
            if any(count < 2 for count in counts):
                raise ValidationError(
                    self.env._(
                        "The early warning's counts are at least 2: one complaint is no trend."
                    )
                )
            if not 1 <= company.complaint_warning_repeat_days <= 366:
                raise ValidationError(self.env._("The repeat period is from 1 to 366 days."))
