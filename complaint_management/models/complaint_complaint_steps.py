"""Timed steps (SPEC.md "Every deadline is counted on the company's working calendar"):
the complaint opens, closes and skips its steps as the process moves; its next deadline and
at-risk time are the earliest of its open steps', searchable as a status. How a step's
deadline is planned and escalated is ``complaint.step``."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .constants import CLOCK_STEPS, deadline_status

# Steps that count from receipt, opened at registration.
REGISTRATION_STEPS = ["dispatch", "plan"]


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    step_ids = fields.One2many("complaint.step", "complaint_id", "Steps")
    escalation_ids = fields.One2many("complaint.escalation", "complaint_id", "Escalations")
    date_deadline = fields.Datetime(
        "Next Deadline", compute="_compute_deadlines", store=True, index=True
    )
    date_at_risk = fields.Datetime(compute="_compute_deadlines", store=True)
    deadline_status = fields.Selection(
        [("on_time", "On Time"), ("at_risk", "At Risk"), ("overdue", "Overdue")],
        compute="_compute_deadline_status",
        search="_search_deadline_status",
    )
    is_overdue = fields.Boolean(compute="_compute_deadline_status", search="_search_is_overdue")

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints._open_steps(REGISTRATION_STEPS, anchor="date_received", replace=False)
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if "date_received" in vals:
            steps = self.sudo().step_ids.filtered(
                lambda s: s.state == "open" and s.step_type in REGISTRATION_STEPS
            )
            for step in steps:
                step.date_start = step.complaint_id.date_received
            steps._replan()
        return res

    # ================================================================== deadlines
    @api.depends("step_ids.date_deadline", "step_ids.date_at_risk", "step_ids.state")
    def _compute_deadlines(self):
        for complaint in self:
            steps = complaint.step_ids.filtered(lambda s: s.state == "open" and s.date_deadline)
            complaint.date_deadline = min(steps.mapped("date_deadline"), default=False)
            complaint.date_at_risk = min(steps.mapped("date_at_risk"), default=False)

    @api.depends("date_deadline", "date_at_risk")
    def _compute_deadline_status(self):
        now = fields.Datetime.now()
        for complaint in self:
            status = deadline_status(complaint.date_deadline, complaint.date_at_risk, now)
            complaint.deadline_status = status
            complaint.is_overdue = status == "overdue"

    def _search_deadline_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the deadline status."))
        values = {value} if isinstance(value, str) else set(value or [])
        now = fields.Datetime.now()
        by_status = {
            "overdue": [("date_deadline", "<", now)],
            "at_risk": [("date_deadline", ">=", now), ("date_at_risk", "<=", now)],
            "on_time": [
                "|",
                ("date_deadline", "=", False),
                "&",
                ("date_deadline", ">=", now),
                "|",
                ("date_at_risk", "=", False),
                ("date_at_risk", ">", now),
            ],
        }
        domain = expression.OR([by_status[v] for v in values if v in by_status] or [[(0, "=", 1)]])
        if operator in ("!=", "not in"):
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on overdue complaints."))
        overdue = (operator == "=") == bool(value)
        return self._search_deadline_status("=" if overdue else "!=", "overdue")

    # ================================================================== opening and closing steps
    def _open_steps(self, steps, anchor=None, replace=True):
        """Open timed steps, counted from ``anchor`` (a field name, or now). An open step of
        the same kind is replaced (kept as cancelled) unless ``replace`` is False."""
        now = fields.Datetime.now()
        vals_list = [
            {"complaint_id": c.id, "step_type": step, "date_start": c[anchor] if anchor else now}
            for c in self
            for step in steps
        ]
        Step = self.env["complaint.step"].sudo()
        if not vals_list:
            return Step
        if replace:
            self._cancel_steps(steps)
        return Step.create(vals_list)

    def _close_steps(self, steps, when=None):
        """Mark the open steps of these kinds done (now, or at ``when``)."""
        when = when or fields.Datetime.now()
        self.sudo().step_ids.filtered(
            lambda s: s.step_type in steps and s.state == "open"
        )._mark_done(when)

    def _cancel_steps(self, steps=None):
        """Cancel open steps (all of them, or those of these kinds): the path skips them.
        The regulator's clocks (CLOCK_STEPS) are never cancelled by the workflow."""
        self.sudo().step_ids.filtered(
            lambda s: (
                s.state == "open"
                and s.step_type not in CLOCK_STEPS
                and (steps is None or s.step_type in steps)
            )
        ).write({"state": "cancelled"})

    def _tz(self):
        """Time zone complaint times are shown in: the company's complaint calendar's."""
        company = self[:1].company_id or self.env.company
        return (company.complaint_calendar_id or company.resource_calendar_id).tz or "UTC"
