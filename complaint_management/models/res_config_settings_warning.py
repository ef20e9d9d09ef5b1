from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    complaint_warning_surge_factor = fields.Float(
        related="company_id.complaint_warning_surge_factor", readonly=False
    )
    complaint_warning_surge_min = fields.Integer(
        related="company_id.complaint_warning_surge_min", readonly=False
    )
    complaint_warning_repeat_count = fields.Integer(
        related="company_id.complaint_warning_repeat_count", readonly=False
    )
    complaint_warning_repeat_days = fields.Integer(
        related="company_id.complaint_warning_repeat_days", readonly=False
    )
    complaint_warning_level2_count = fields.Integer(
        related="company_id.complaint_warning_level2_count", readonly=False
    )
