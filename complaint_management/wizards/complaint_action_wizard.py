from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.constants import CONTACT_CHANNELS

ACTIONS = [
    ("first_contact", "Resolved on First Contact"),
    ("validity", "Special or Invalid"),
    ("special", "Found Special"),
    ("contact", "Log Customer Contact"),
    ("audit_pass", "Audit Passed"),
    ("audit_reject", "Send Back for Rework"),
    ("feedback", "Give Feedback"),
    ("customer_refuse", "Customer Refuses Plan"),
    ("send_back", "Send Plan Back"),
]
# What each action does: the wizard method that calls the model's rule method.
CONFIRM = {action: f"_confirm_{action}" for action, _label in ACTIONS}


class ComplaintActionWizard(models.TransientModel):
    """Collects the note an action needs (an explanation, a reason, a comment) and performs
    the action through the complaint's own rule method."""

    _name = "complaint.action.wizard"
    _inherit = ["complaint.input.mixin"]
    _description = "Complaint Action"

    complaint_id = fields.Many2one("complaint.complaint", required=True, ondelete="cascade")
    plan_id = fields.Many2one("complaint.plan", ondelete="cascade")
    action = fields.Selection(ACTIONS, required=True)
    validity = fields.Selection(
        [("special", "Special"), ("invalid", "Invalid / Out of Scope")], default="invalid"
    )
    note = fields.Text()
    referred_to = fields.Char("Competent Body")
    channel = fields.Selection(CONTACT_CHANNELS)
    note_label = fields.Char(compute="_compute_note_label")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        complaint = self.env["complaint.complaint"].browse(values.get("complaint_id"))
        if "channel" in fields_list and complaint:
            values["channel"] = complaint.feedback_preference
        return values

    @api.depends("action")
    def _compute_note_label(self):
        labels = {
            "first_contact": self.env._("Explanation given to the customer"),
            "validity": self.env._("Explanation to the customer"),
            "special": self.env._("Why the complaint is special (operation correct, facts untrue)"),
            "contact": self.env._("What was said"),
            "audit_pass": self.env._("Audit comment"),
            "audit_reject": self.env._("What must be reworked"),
            "feedback": self.env._("Measures and result told to the customer"),
            "customer_refuse": self.env._("Why the customer refuses"),
            "send_back": self.env._("Why the plan is sent back"),
        }
        for wizard in self:
            wizard.note_label = labels.get(wizard.action, self.env._("Note"))

    def action_confirm(self):
        """Perform the action through the rule method that checks and records it."""
        self.ensure_one()
        getattr(self, CONFIRM[self.action])()
        return {"type": "ir.actions.act_window_close"}

    def _confirm_first_contact(self):
        self.complaint_id._action_resolve_first_contact(self.note)

    def _confirm_validity(self):
        self.complaint_id._action_decide_validity(self.validity, self.note, self.referred_to)

    def _confirm_special(self):
        self.complaint_id._action_decide_validity("special", self.note)

    def _confirm_contact(self):
        self.complaint_id._action_log_customer_contact(self.note, self.channel or "phone")

    def _confirm_audit_pass(self):
        self.complaint_id._action_audit_pass(self.note)

    def _confirm_audit_reject(self):
        self.complaint_id._action_audit_reject(self.note)

    def _confirm_feedback(self):
        self.complaint_id._action_give_feedback(self.note, self.channel)

    def _confirm_customer_refuse(self):
        self._plan()._action_customer_refuse(self.note)

    def _confirm_send_back(self):
        approval = self._plan().pending_approval_id
        if not approval:
            raise UserError(self.env._("This plan awaits no approval."))
        approval._action_send_back(self.note)

    @api.constrains("plan_id", "complaint_id")
    def _check_plan(self):
        for wizard in self:
            if wizard.plan_id and wizard.plan_id.complaint_id != wizard.complaint_id:
                raise ValidationError(
                    self.env._(
                        "%(plan)s is not a plan of %(ref)s.",
                        plan=wizard.plan_id.name,
                        ref=wizard.complaint_id.name,
                    )
                )

    def _plan(self):
        """The plan acted on: the one given, else the complaint's current plan."""
        return self.plan_id or self.complaint_id.plan_id
