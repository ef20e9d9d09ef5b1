"""The urgent objection's answer as a timed step (SPEC.md "Duties a second reading of the
seeds adds", the testing lab: an urgent objection answered within 3 working days): planned
on the complaint calendar from the company's setting, not from the grade's step deadlines,
reminded and escalated by the same job as every other step."""

from odoo import api, fields, models

from .complaint_complaint_governance import URGENT_OBJECTION_STEP

URGENT_OBJECTION_LABEL = "Urgent Objection Answer"


class ComplaintStep(models.Model):
    _inherit = "complaint.step"  # pylint: disable=consider-merging-classes-inherited

    step_type = fields.Selection(
        selection_add=[(URGENT_OBJECTION_STEP, URGENT_OBJECTION_LABEL)],
        ondelete={URGENT_OBJECTION_STEP: "cascade"},
    )

    @api.model
    def _plan_values(self, complaint, step, start):
        """The urgent objection is answered within the company's working days for it
        (``complaint_urgent_objection_days``), at risk from the company's share of them."""
        if step != URGENT_OBJECTION_STEP:
            return super()._plan_values(complaint, step, start)
        company = complaint.company_id
        calendar = self._calendar_for(complaint, step)
        days = company.complaint_urgent_objection_days or 3
        share = (company.complaint_at_risk_percent or 75) / 100.0
        deadline = calendar._complaint_plan(start, days, "working_days")
        at_risk = calendar._complaint_plan(start, days * share, "working_days")
        return {"date_deadline": deadline, "date_at_risk": at_risk, "date_next_action": at_risk}


class ComplaintEscalation(models.Model):
    _inherit = "complaint.escalation"  # pylint: disable=consider-merging-classes-inherited

    step_type = fields.Selection(
        selection_add=[(URGENT_OBJECTION_STEP, URGENT_OBJECTION_LABEL)],
        ondelete={URGENT_OBJECTION_STEP: "cascade"},
    )
