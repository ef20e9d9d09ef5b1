from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .constants import ESCALATION_TARGETS, TIME_UNITS


class ComplaintEscalationRule(models.Model):
    """One level of a grade's escalation chain: once a step is late by ``delay``, the
    ``target`` is given an activity and notified."""

    _name = "complaint.escalation.rule"
    _inherit = ["complaint.input.mixin"]
    _description = "Complaint Escalation Level"
    _order = "grade_id, sequence, id"
    _input_ranges = {"delay": (0, 10_000)}

    grade_id = fields.Many2one("complaint.grade", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    delay = fields.Float(
        "Late By", default=0.0, help="How late the step must be before this level applies."
    )
    delay_unit = fields.Selection(TIME_UNITS, required=True, default="working_hours")
    target = fields.Selection(ESCALATION_TARGETS, required=True)

    @api.constrains("delay")
    def _check_delay(self):
        if any(rule.delay < 0 for rule in self):
            raise ValidationError(self.env._("An escalation delay cannot be negative."))
