from odoo import api, fields, models
from odoo.exceptions import UserError

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


class ComplaintActionWizard(models.TransientModel):
    """Collects the note an action needs (an explanation, a reason, a comment) and performs
    the action through the complaint's own rule method."""

    _name = "complaint.action.wizard"
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
        self.ensure_one()
        complaint = self.complaint_id
        action = self.action
        if action == "first_contact":
            complaint._resolve_first_contact(self.note)
        elif action == "validity":
            complaint._decide_validity(self.validity, self.note, self.referred_to)
        elif action == "special":
            complaint._decide_validity("special", self.note)
        elif action == "contact":
            complaint._log_customer_contact(self.note, self.channel or "phone")
        elif action == "audit_pass":
            complaint._audit_pass(self.note)
        elif action == "audit_reject":
            complaint._audit_reject(self.note)
        elif action == "feedback":
            complaint._give_feedback(self.note, self.channel)
        elif action == "customer_refuse":
            self.plan_id._customer_refuse(self.note)
        elif action == "send_back":
            if not self.plan_id.pending_approval_id:
                raise UserError(self.env._("This plan awaits no approval."))
            self.plan_id.pending_approval_id._send_back(self.note)
        return {"type": "ir.actions.act_window_close"}
