from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintGrade(models.Model):
    """A complaint level (一级 .. 四级): what it means, who approves its plans, whether its
    results are audited, and the deadlines and escalation chain that apply to it."""

    _name = "complaint.grade"
    _inherit = ["complaint.input.mixin"]
    _description = "Complaint Grade"
    _order = "level, id"
    _input_ranges = {"level": (1, 4), "color": (0, 11), "audit_sample_rate": (0, 100)}

    name = fields.Char(required=True, translate=True)
    level = fields.Integer(
        required=True,
        help="1 is the most serious (crisis), 4 the least. Grades are raised towards 1.",
    )
    description = fields.Text(translate=True, help="When a complaint belongs to this grade.")
    requirements = fields.Text(translate=True, help="What handling this grade requires.")
    severity = fields.Selection(
        [("general", "General"), ("important", "Important"), ("major", "Major")],
        required=True,
        default="general",
        help="The general / important / major label some companies use instead of levels.",
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the grade.")
    approval_general_manager = fields.Boolean(
        "General Manager Approves Plans", help="Plans need the general manager's approval."
    )
    approval_supervisor = fields.Boolean(
        "Supervisor Group Approves Plans", help="Plans need a supervisor's approval."
    )
    audit_policy = fields.Selection(
        [("always", "Always"), ("sample", "Sampled"), ("never", "Never")],
        required=True,
        default="always",
        help="Whether the supervisor group audits the result before feedback.",
    )
    audit_sample_rate = fields.Integer(
        "Audit Sample (%)", default=20, help="Share of complaints audited when sampled."
    )
    deadline_rule_ids = fields.One2many("complaint.deadline.rule", "grade_id", "Deadlines")
    escalation_rule_ids = fields.One2many("complaint.escalation.rule", "grade_id", "Escalation")

    @api.constrains("level", "company_id", "active")
    def _check_level(self):
        for grade in self:
            if not 1 <= grade.level <= 4:
                raise ValidationError(self.env._("A grade level is 1, 2, 3 or 4."))
            if grade.active and self.search_count(
                [
                    ("id", "!=", grade.id),
                    ("level", "=", grade.level),
                    ("company_id", "=", grade.company_id.id),
                ]
            ):
                raise ValidationError(
                    self.env._("There is already an active grade of level %s.", grade.level)
                )

    @api.constrains("audit_sample_rate")
    def _check_audit_sample_rate(self):
        if any(not 0 <= g.audit_sample_rate <= 100 for g in self):
            raise ValidationError(self.env._("The audit sample is a percentage from 0 to 100."))

    @api.model
    def _get_for_level(self, level, company):
        """The active grade of ``level`` for ``company`` (its own first, else the shared one)."""
        grades = self.search(
            [("level", "=", level), ("company_id", "in", [company.id, False])],
            order="company_id",
        )
        return grades[:1]

    def _get_deadline_rule(self, step):
        """The deadline rule of ``step`` for this grade (empty when the step is not timed)."""
        self.ensure_one()
        for rule in self.deadline_rule_ids:  # asked for every step planned: no filtered()
            if rule.step_type == step:
                return rule
        return self.env["complaint.deadline.rule"]
