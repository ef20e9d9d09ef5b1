"""Settings of the customer-contact duties: the first reply's hours and the working days
for the problems raised at the revisit, per company."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    complaint_first_reply_hours = fields.Integer(
        related="company_id.complaint_first_reply_hours", readonly=False
    )
    complaint_finding_days = fields.Integer(
        related="company_id.complaint_finding_days", readonly=False
    )
