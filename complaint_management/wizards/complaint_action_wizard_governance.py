"""The reasons the governance actions need (SPEC.md "Duties a second reading of the seeds
adds"), collected by the complaint action wizard and passed to the complaint's own rule
methods: the malicious mark proposed or rejected, a complaint registered by mistake
converted to an accusation letter, a legal hold placed or lifted."""

from odoo import api, fields, models

GOVERNANCE_ACTIONS = [
    ("malicious_propose", "Propose as Malicious"),
    ("malicious_reject", "Not Malicious"),
    ("to_accusation", "Convert to Accusation Letter"),
    ("legal_hold", "Place Legal Hold"),
    ("legal_hold_lift", "Lift Legal Hold"),
]


class ComplaintActionWizard(models.TransientModel):
    _inherit = "complaint.action.wizard"

    action = fields.Selection(
        selection_add=GOVERNANCE_ACTIONS, ondelete={a: "cascade" for a, _l in GOVERNANCE_ACTIONS}
    )

    @api.depends("action")
    def _compute_note_label(self):  # pylint: disable=missing-return
        super()._compute_note_label()
        labels = {
            "malicious_propose": self.env._("Grounds for marking the complaint malicious"),
            "malicious_reject": self.env._("Why the complaint is not malicious"),
            "to_accusation": self.env._("Why this is an accusation letter, not a complaint"),
            "legal_hold": self.env._("Reason for the legal hold"),
            "legal_hold_lift": self.env._("Reason for lifting the legal hold"),
        }
        for wizard in self:
            if wizard.action in labels:
                wizard.note_label = labels[wizard.action]

    def action_confirm(self):
        self.ensure_one()
        complaint = self.complaint_id
        if self.action == "malicious_propose":
            complaint._action_propose_malicious(self.note)
        elif self.action == "malicious_reject":
            complaint._action_reject_malicious(self.note)
        elif self.action == "to_accusation":
            letter = complaint._action_convert_to_accusation(self.note)
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "success",
                    "message": self.env._(
                        "%(ref)s is now accusation letter %(letter)s, read by the leadership "
                        "and compliance.",
                        ref=complaint.name,
                        letter=letter.name,
                    ),
                    "next": {"type": "ir.actions.act_window_close"},
                },
            }
        elif self.action == "legal_hold":
            complaint._action_place_legal_hold(self.note)
        elif self.action == "legal_hold_lift":
            complaint._action_lift_legal_hold(self.note)
        else:
            return super().action_confirm()
        return {"type": "ir.actions.act_window_close"}
