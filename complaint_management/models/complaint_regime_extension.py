from odoo import api, fields, models

from .complaint_regime import MAX_LIMIT_DAYS


class ComplaintRegimeExtension(models.Model):
    """One extension of a regime's time limit, in order: the limit it extends to (in days
    from receipt) and whether a higher level must approve it."""

    _name = "complaint.regime.extension"
    _inherit = ["complaint.input.mixin"]
    _description = "Regulatory Time Limit Extension"
    _order = "regime_id, sequence, id"
    _input_ranges = {"limit_days": (1, MAX_LIMIT_DAYS)}

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

    @api.constrains("regime_id", "sequence", "limit_days")
    def _check_regime_limits(self):
        """An extension added or changed on its own still extends the limit before it."""
        self.regime_id._check_limits()
