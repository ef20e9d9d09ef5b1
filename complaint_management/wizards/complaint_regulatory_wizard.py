from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.constants import CONTACT_CHANNELS

ACTIONS = [
    ("extend", "Extend Time Limit"),
    ("refuse_extension", "Refuse Extension"),
    ("send_decision", "Send Decision Letter"),
    ("withdraw", "Withdrawal"),
    ("request_review", "Request Review"),
    ("decide_review", "Answer Review"),
    ("declare_interest", "Declare an Interest"),
]


class ComplaintRegulatoryWizard(models.TransientModel):
    """Collects what one of the regulator's steps needs (a reason, a date and channel, an
    outcome) and performs it through the complaint's own rule method."""

    _name = "complaint.regulatory.wizard"
    _inherit = ["complaint.input.mixin"]
    _description = "Complaint Regulatory Step"
    # When the withdrawal or the review request was received.
    _input_past_dates = ("date",)

    complaint_id = fields.Many2one("complaint.complaint", required=True, ondelete="cascade")
    action = fields.Selection(ACTIONS, required=True)
    note = fields.Text()
    channel = fields.Selection(CONTACT_CHANNELS)
    date = fields.Datetime(default=fields.Datetime.now)
    outcome = fields.Selection(
        [("upheld", "Uphold the Decision"), ("changed", "Change the Decision")]
    )
    user_id = fields.Many2one("res.users", "Recused", default=lambda self: self.env.user)
    can_desk = fields.Boolean(related="complaint_id.can_desk")
    date_regulatory_deadline = fields.Datetime(related="complaint_id.date_regulatory_deadline")
    next_extension = fields.Char(compute="_compute_next_extension")
    note_label = fields.Char(compute="_compute_note_label")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        complaint = self.env["complaint.complaint"].browse(values.get("complaint_id"))
        if "channel" in fields_list and complaint:
            values["channel"] = "email" if complaint.partner_id.email else "letter"
        return values

    @api.depends("complaint_id", "action")
    def _compute_next_extension(self):
        for wizard in self:
            complaint = wizard.complaint_id
            kind = (
                complaint.regime_id._get_extension(complaint.extension_count)
                if complaint.regime_id
                else False
            )
            if not kind:
                wizard.next_extension = False
                continue
            approval = (
                self.env._(
                    "needs the approval of %s",
                    complaint.company_id._complaint_extension_approver().name or "-",
                )
                if kind.approval_required
                else self.env._("no approval needed")
            )
            wizard.next_extension = self.env._(
                "%(kind)s: to %(days)s days from receipt (%(approval)s)",
                kind=kind.name,
                days=kind.limit_days,
                approval=approval,
            )

    @api.depends("action")
    def _compute_note_label(self):
        labels = {
            "extend": self.env._("Why the case needs more time (told to the complainant)"),
            "refuse_extension": self.env._("Why the extension is refused"),
            "send_decision": self.env._("Note"),
            "withdraw": self.env._("What the complainant said"),
            "request_review": self.env._("The complainant's grounds for the review"),
            "decide_review": self.env._("What the review found (told to the complainant)"),
            "declare_interest": self.env._("The interest (relationship, involvement)"),
        }
        for wizard in self:
            wizard.note_label = labels.get(wizard.action, self.env._("Note"))

    def action_confirm(self):
        """Perform the step through the rule method that checks and records it."""
        self.ensure_one()
        complaint = self.complaint_id
        if self.action == "extend":
            complaint._action_request_extension(self.note, self.channel)
        elif self.action == "refuse_extension":
            pending = complaint.extension_ids.filtered(lambda e: e.state == "to_approve")
            if not pending:
                raise UserError(self.env._("No extension awaits approval."))
            pending._action_refuse(self.note)
        elif self.action == "send_decision":
            complaint._action_send_decision(self.channel)
        elif self.action == "withdraw":
            complaint._action_withdraw(self.date, self.channel, self.note)
        elif self.action == "request_review":
            complaint._action_request_review(self.date, self.channel, self.note)
        elif self.action == "decide_review":
            complaint._action_decide_review(self.outcome, self.note)
        else:
            complaint._action_declare_interest(self.note, self.user_id)
        return {"type": "ir.actions.act_window_close"}
