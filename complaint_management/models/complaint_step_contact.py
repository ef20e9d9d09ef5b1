"""The timed duties towards the customer (SPEC.md "First reply and time promise"), as steps
the existing machinery plans, reminds and escalates: the first reply within the company's
hours of receipt, owned by the receiving employee; each promise made to the customer, due
at the promised time, owned by whoever made it; the problems raised at the revisit,
handled by the responsible department within the company's working days."""

from datetime import timedelta

from odoo import api, fields, models

# The duties' steps: never cancelled by the workflow (they end when the duty is met).
CONTACT_DUTY_STEPS = ("first_reply", "promise", "revisit_finding")
CONTACT_DUTY_SELECTION = [
    ("first_reply", "First Reply"),
    ("promise", "Promised Reply"),
    ("revisit_finding", "Revisit Problems"),
]


class ComplaintStep(models.Model):
    _inherit = "complaint.step"  # pylint: disable=consider-merging-classes-inherited

    step_type = fields.Selection(
        selection_add=CONTACT_DUTY_SELECTION,
        ondelete=dict.fromkeys(CONTACT_DUTY_STEPS, "cascade"),
    )
    contact_id = fields.Many2one(
        "complaint.contact",
        "Promise Made In",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
        help="The contact in which the customer was promised this reply.",
    )
    promise_note = fields.Text(related="contact_id.promise_note", string="Promised")
    kept_by_contact_id = fields.Many2one(
        "complaint.contact",
        "Met By",
        readonly=True,
        ondelete="set null",
        help="The contact with the customer that met this duty.",
    )

    @api.depends("contact_id.user_id")
    def _compute_owner(self):
        duties = self.filtered(lambda s: s.step_type in CONTACT_DUTY_STEPS)
        res = super(ComplaintStep, self - duties)._compute_owner()
        for step in duties:
            complaint = step.complaint_id
            if step.step_type == "first_reply":
                step.department_id = complaint.company_id.complaint_desk_department_id
                step.user_id = complaint.receiver_id
            elif step.step_type == "promise":
                step.department_id = (
                    complaint.department_id or complaint.company_id.complaint_desk_department_id
                )
                step.user_id = step.contact_id.user_id or complaint.receiver_id
            else:
                step.department_id = complaint.department_id
                step.user_id = complaint.handler_id or complaint.department_id.manager_id.user_id
        return res

    @api.model
    def _plan_values(self, complaint, step, start):
        """The duties are not planned by the grade: the first reply counts the company's
        hours from receipt, the revisit problems its working days on the department's
        calendar (a promise brings its own date)."""
        if step not in ("first_reply", "revisit_finding"):
            return super()._plan_values(complaint, step, start)
        company = complaint.company_id
        start = fields.Datetime.to_datetime(start)
        share = (company.complaint_at_risk_percent or 75) / 100.0
        if step == "first_reply":
            hours = company.complaint_first_reply_hours
            deadline = start + timedelta(hours=hours)
            at_risk = start + timedelta(hours=hours * share)
        else:
            calendar = self._calendar_for(complaint, step)
            days = company.complaint_finding_days
            deadline = calendar._complaint_plan(start, days, "working_days")
            at_risk = calendar._complaint_plan(start, days * share, "working_days")
        return {"date_deadline": deadline, "date_at_risk": at_risk, "date_next_action": at_risk}

    @api.model
    def _promise_values(self, contact):
        """The step of the promise made in ``contact``: from the contact to the promised
        time, at risk at the company's share of it."""
        company = contact.complaint_id.company_id
        share = (company.complaint_at_risk_percent or 75) / 100.0
        at_risk = contact.date + (contact.date_promised - contact.date) * share
        return {
            "complaint_id": contact.complaint_id.id,
            "step_type": "promise",
            "contact_id": contact.id,
            "date_start": contact.date,
            "date_deadline": contact.date_promised,
            "date_at_risk": at_risk,
            "date_next_action": at_risk,
        }

    def _replan(self):
        # A promise keeps the date the customer was given, whatever the grade says.
        return super(ComplaintStep, self.filtered(lambda s: s.step_type != "promise"))._replan()


class ComplaintEscalation(models.Model):
    """An escalation names the step it escalated: the duties' steps too."""

    _inherit = "complaint.escalation"  # pylint: disable=consider-merging-classes-inherited

    step_type = fields.Selection(
        selection_add=CONTACT_DUTY_SELECTION,
        ondelete=dict.fromkeys(CONTACT_DUTY_STEPS, "cascade"),
    )
