"""The regulator's clocks as timed steps (SPEC.md "The regulator's floor"): the time limit
over the whole complaint and the review answer are planned on the company's legal calendar
from its regime, not from the grade's step deadlines, and are escalated by the same job as
every other step. A withdrawal closes open steps as withdrawn."""

from odoo import api, fields, models

from .constants import CLOCK_STEPS


class ComplaintStep(models.Model):
    _inherit = "complaint.step"  # pylint: disable=consider-merging-classes-inherited

    state = fields.Selection(
        selection_add=[("withdrawn", "Withdrawn")], ondelete={"withdrawn": "cascade"}
    )
    deadline_status = fields.Selection(selection_add=[("withdrawn", "Withdrawn")])

    def _compute_deadline_status(self):
        res = super()._compute_deadline_status()
        for step in self.filtered(lambda s: s.state == "withdrawn"):
            step.deadline_status = "withdrawn"
        return res

    def _compute_owner(self):
        res = super()._compute_owner()
        for step in self.filtered(lambda s: s.step_type == "review"):
            # The review is answered by the higher level, not by those who handled it.
            step.user_id = step.complaint_id.company_id._complaint_reviewer()
        return res

    @api.model
    def _plan_values(self, complaint, step, start):
        """The regulator's clocks end at 24:00 of their last day on the legal calendar; at
        risk from the company's share of the time, as the other steps."""
        if step not in CLOCK_STEPS:
            return super()._plan_values(complaint, step, start)
        start = fields.Datetime.to_datetime(start)
        deadline = complaint._clock_deadline(step, start)
        if not deadline:
            return {"date_deadline": False, "date_at_risk": False, "date_next_action": False}
        share = (complaint.company_id.complaint_at_risk_percent or 75) / 100.0
        at_risk = (start + (deadline - start) * share).replace(microsecond=0)
        return {"date_deadline": deadline, "date_at_risk": at_risk, "date_next_action": at_risk}

    def _mark_withdrawn(self, when):
        """Close these open steps: the complainant withdrew on ``when``."""
        self.filtered(lambda s: s.state == "open").write(
            {"state": "withdrawn", "date_done": when, "date_next_action": False}
        )
