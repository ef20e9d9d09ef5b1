from odoo import fields, models


class ComplaintRegimeExtension(models.Model):
    """One extension of a regime's time limit, in order: the limit it extends to (in days
    from receipt) and whether a higher level must approve it."""

    _name = "complaint.regime.extension"
    _description = "Regulatory Time Limit Extension"
    _order = "regime_id, sequence, id"

    regime_id = fields.Many2one("complaint.regime", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True, help="For example: complex case.")
    limit_days = fields.Integer(
        "Limit After It (Days)",
        required=True,
        help="Days from receipt the time limit extends to.",
    )
    approval_required = fields.Boolean(
        help="A higher level (Settings: who approves further extensions) must approve it "
        "before the current limit ends."
    )
