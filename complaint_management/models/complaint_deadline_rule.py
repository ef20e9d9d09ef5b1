from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .constants import CLOCK_STEPS, STEPS, TIME_UNITS


class ComplaintDeadlineRule(models.Model):
    """How long a step may take for a grade, counted from the event that starts the step."""

    _name = "complaint.deadline.rule"
    _inherit = ["complaint.input.mixin"]
    _description = "Complaint Step Deadline"
    _order = "grade_id, step_type"
    _input_ranges = {"amount": (0, 10_000)}

    grade_id = fields.Many2one("complaint.grade", required=True, ondelete="cascade", index=True)
    # The regulator's clocks are set by the company's regime, not per grade.
    step_type = fields.Selection(
        [step for step in STEPS if step[0] not in CLOCK_STEPS], "Step", required=True
    )
    amount = fields.Float(required=True, default=1.0)
    unit = fields.Selection(TIME_UNITS, required=True, default="working_hours")
    starts_at = fields.Char(compute="_compute_starts_at", string="Counted From")

    _sql_constraints = [
        ("grade_step_unique", "unique(grade_id, step_type)", "A grade has one deadline per step."),
    ]

    @api.constrains("amount")
    def _check_amount(self):
        if any(rule.amount <= 0 for rule in self):
            raise ValidationError(self.env._("A deadline must be a positive amount of time."))

    @api.depends("step_type")
    def _compute_starts_at(self):
        anchors = self._anchor_labels()
        for rule in self:
            rule.starts_at = anchors.get(rule.step_type, "")

    def _anchor_labels(self):
        return {
            "dispatch": self.env._("receipt"),
            "start": self.env._("dispatch"),
            "contact": self.env._("dispatch"),
            "plan": self.env._("receipt, or the customer's refusal of the previous plan"),
            "implement": self.env._("dispatch, or the customer's acceptance of a new plan"),
            "audit": self.env._("implementation"),
            "feedback": self.env._("implementation, audit, or the validity decision"),
            "revisit": self.env._("feedback"),
        }
