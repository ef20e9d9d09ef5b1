from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    complaint_disclosure_region = fields.Selection(
        related="company_id.complaint_disclosure_region", readonly=False
    )
