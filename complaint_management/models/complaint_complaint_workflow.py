"""The process from first contact to the customer's decision (SPEC.md steps 2-9): each
step a method that checks the role and the state, records the step, moves the state and
opens or closes its timed steps. Buttons without arguments are ``action_*``; steps that
take what a wizard collected are ``_action_*``."""

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from .constants import DEPARTMENT_STATES


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    def _action_resolve_first_contact(self, note):
        """SPEC step 2: the explanation satisfied the customer, who will not pursue it."""
        self._check_role("desk")
        self._check_state("new")
        self._require(note, self.env._("Record the explanation given to the customer."))
        now = fields.Datetime.now()
        self._workflow().write(
            {
                "state": "closed",
                "first_contact_resolved": True,
                "first_contact_note": note.strip(),
                "closure_type": "first_contact",
                "date_closed": now,
            }
        )
        self._cancel_steps()
        self._message_log(body=self.env._("Resolved on first contact: %s", note.strip()))
        return True

    def _action_decide_validity(self, validity, explanation=None, referred_to=None):
        """SPEC step 3. Valid complaints go on to dispatch; special and invalid ones skip the
        department, get an explanation, and go to feedback. The department may also find a
        complaint special after investigating it."""
        if validity not in ("valid", "special", "invalid"):
            raise UserError(self.env._("Unknown validity."))
        for complaint in self:
            if complaint.state == "new":
                complaint._check_role("desk")
            elif validity == "special" and complaint.state == "investigating":
                complaint._check_role("department")
            else:
                complaint._check_state("new")
            vals = {"validity": validity}
            if validity != "valid":
                complaint._require(
                    explanation, self.env._("Write the explanation the customer will be given.")
                )
                if validity == "invalid":
                    complaint._require(
                        referred_to,
                        self.env._("Tell the customer who is competent for this complaint."),
                    )
                vals.update(
                    state="feedback",
                    validity_explanation=explanation.strip(),
                    referred_to=(referred_to or "").strip() or False,
                )
            complaint._workflow().write(vals)
            if validity != "valid":
                complaint._cancel_steps()
                complaint._open_steps(["feedback"])
                label = complaint._selection_label("validity", validity)
                complaint._message_log(
                    body=self.env._("Judged %(validity)s: %(why)s", validity=label, why=explanation)
                )
            complaint._apply_automatic_grade()
        return True

    def action_confirm_valid(self):
        """SPEC step 3: the complaint is valid (our staff, product, process or facility
        failed); the desk dispatches it next."""
        return self._action_decide_validity("valid")

    def _action_dispatch(self, department, handler=None, assist_departments=None, note=None):
        """SPEC step 6: send a valid, classified and graded complaint to the department that
        will handle it (the desk's own department keeps complaints with no clear owner)."""
        self._check_role("desk")
        self._check_state("new")
        for complaint in self:
            if complaint.validity != "valid":
                raise UserError(self.env._("Judge the complaint valid before dispatching it."))
            complaint._require(
                complaint.category_id, self.env._("Classify the complaint before dispatching it.")
            )
            complaint._require(department, self.env._("Choose the responsible department."))
            if handler and not department._complaint_has_member(handler):
                raise UserError(
                    self.env._(
                        "%(user)s does not work in %(dept)s.",
                        user=handler.name,
                        dept=department.name,
                    )
                )
        now = fields.Datetime.now()
        vals = {
            "state": "dispatched",
            "department_id": department.id,
            "handler_id": handler.id if handler else False,
            "date_dispatched": now,
        }
        if assist_departments is not None:
            vals["assist_department_ids"] = [(6, 0, assist_departments.ids)]
        self._workflow().write(vals)
        if assist_departments:
            self._apply_automatic_grade()
        self._close_steps(["dispatch"], now)
        self._open_steps(["start", "contact", "implement"])
        for complaint in self:
            partners = (handler or department.manager_id.user_id).partner_id
            body = self.env._("Dispatched to %s.", department.name)
            if note:
                body = Markup("%s<br/>%s") % (body, note)
            complaint.message_subscribe(partner_ids=partners.ids)
            complaint.message_post(
                body=body,
                partner_ids=partners.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _action_reassign(self, handler):
        """Give the complaint to another handler of the department (desk or its manager)."""
        self._check_state(*DEPARTMENT_STATES)
        self._check_role("department_manager")
        self._require(handler, self.env._("Choose the new handler."))
        for complaint in self:
            if not complaint.department_id._complaint_has_member(handler):
                raise UserError(
                    self.env._(
                        "%(user)s does not work in %(dept)s.",
                        user=handler.name,
                        dept=complaint.department_id.name,
                    )
                )
        self._workflow().write({"handler_id": handler.id})
        self.message_subscribe(partner_ids=handler.partner_id.ids)
        return True

    def action_start_investigation(self):
        """SPEC step 7: the department takes the complaint up."""
        self._check_state("dispatched")
        self._check_role("department")
        now = fields.Datetime.now()
        vals = {"state": "investigating", "date_investigation_started": now}
        for complaint in self:
            complaint_vals = dict(vals)
            if not complaint.handler_id:
                complaint_vals["handler_id"] = self.env.uid
            complaint._workflow().write(complaint_vals)
        self._close_steps(["start"], now)
        return True

    def _action_log_customer_contact(self, note, channel="phone"):
        """SPEC step 7: the department's first contact with the customer."""
        self._check_state("dispatched", "investigating")
        self._check_role("department")
        self._require(note, self.env._("Record what was said to the customer."))
        now = fields.Datetime.now()
        for complaint in self:
            vals = {"contact_note": note.strip()}
            if not complaint.date_customer_contacted:
                vals["date_customer_contacted"] = now
            complaint._workflow().write(vals)
        self._close_steps(["contact"], now)
        for complaint in self:
            complaint._log_contact(note, channel, source="department")
        return True

    def action_new_plan(self):
        """SPEC step 8: draft the next version of the solution plan (the previous version's
        content is copied; every version is kept)."""
        self.ensure_one()
        self._check_state("investigating")
        self._check_role("department")
        if self.plan_ids.filtered(lambda p: p.state in ("draft", "returned", "to_approve")):
            raise UserError(
                self.env._("A plan is already being prepared: finish or submit it first.")
            )
        previous = self.plan_id
        today = fields.Date.context_today(self)
        plan = self.env["complaint.plan"].create(
            {
                "complaint_id": self.id,
                "measures": previous.measures if previous else False,
                "responsible_id": (previous.responsible_id or self.handler_id or self.env.user).id,
                # A due date already past is not copied: the new version sets its own.
                "date_due": previous.date_due
                if previous and previous.date_due and previous.date_due >= today
                else False,
                "compensation_amount": previous.compensation_amount if previous else 0.0,
            }
        )
        return plan._get_records_action(context={})

    def _on_plan_submitted(self, plan):
        self._workflow().write({"state": "approval"})

    def _on_plan_returned(self, plan):
        self._workflow().write({"state": "investigating"})

    def _on_plan_approved(self, plan):
        now = fields.Datetime.now()
        self._workflow().write({"state": "customer", "date_plan_approved": now})
        self._close_steps(["plan"], now)
        desk_partners = self.receiver_id.partner_id
        self.message_post(
            body=self.env._(
                "Plan version %s approved: please put it to the customer.", plan.version
            ),
            partner_ids=desk_partners.ids,
            subtype_xmlid="mail.mt_note",
        )

    def _on_plan_accepted(self, plan):
        now = fields.Datetime.now()
        self._workflow().write({"state": "implementing", "date_customer_accepted": now})
        if not self.step_ids.filtered(lambda s: s.step_type == "implement" and s.state == "open"):
            self._open_steps(["implement"])

    def _on_plan_refused(self, plan):
        self._workflow().write({"state": "investigating"})
        self._open_steps(["plan"])

    def action_approve_plan(self):
        """SPEC step 8: the current approver approves the plan at their level."""
        self.ensure_one()
        return self.plan_id.action_approve_current()

    def action_customer_accept(self):
        """SPEC step 9: the customer accepts the current plan."""
        self.ensure_one()
        return self.plan_id.action_customer_accept()
