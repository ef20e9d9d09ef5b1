"""Settings > Complaints: the customer data retention period after archiving."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    complaint_retention_months = fields.Integer(
        related="company_id.complaint_retention_months", readonly=False
    )

    def action_complaint_retention_preview(self):
        """Open what the next erasure run would erase."""
        return self.env["complaint.complaint"].action_retention_preview()
