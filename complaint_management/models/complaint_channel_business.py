from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintChannel(models.Model):
    _inherit = "complaint.channel"  # pylint: disable=consider-merging-classes-inherited

    business_channel_id = fields.Many2one(
        "complaint.business.channel",
        ondelete="set null",
        help="The business channel (JR/T 0169-2018) a complaint received this way is given "
        "by default; the desk may change it on the complaint.",
    )

    @api.constrains("business_channel_id")
    def _check_business_channel_id(self):
        for channel in self:
            if channel.business_channel_id.company_id:
                raise ValidationError(
                    self.env._(
                        "Intake channels are shared by every company: the business channel "
                        "%s belongs to one company only and cannot be their default.",
                        channel.business_channel_id.display_name,
                    )
                )
