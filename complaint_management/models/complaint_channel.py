from odoo import fields, models


class ComplaintChannel(models.Model):
    """How a complaint reached the company (phone, letter, regulator referral...)."""

    _name = "complaint.channel"
    _inherit = ["complaint.input.mixin"]
    _description = "Complaint Channel"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    is_regulator = fields.Boolean(
        "Regulator Referral",
        help="Complaints received this way were referred by a regulator: they go to "
        "compliance and are counted apart.",
    )
    is_media = fields.Boolean(
        "News Media", help="Complaints received this way involve the media: they go to compliance."
    )

    _sql_constraints = [("code_unique", "unique(code)", "A channel code must be unique.")]
