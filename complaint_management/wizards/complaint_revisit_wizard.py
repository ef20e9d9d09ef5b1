from odoo import api, fields, models

from ..models.constants import CONTACT_CHANNELS, SATISFACTION, satisfaction_kind


class ComplaintRevisitWizard(models.TransientModel):
    """Record the satisfaction revisit and act on it."""

    _name = "complaint.revisit.wizard"
    _inherit = ["complaint.input.mixin"]
    _description = "Record Revisit"

    complaint_id = fields.Many2one("complaint.complaint", required=True, ondelete="cascade")
    user_id = fields.Many2one(
        "res.users", "Revisited By", required=True, default=lambda self: self.env.user
    )
    channel = fields.Selection(CONTACT_CHANNELS, "How", required=True, default="phone")
    satisfaction = fields.Selection(SATISFACTION, required=True)
    comment = fields.Text("Customer's Comments")
    outcome = fields.Selection(
        [
            ("close", "Close the Complaint"),
            ("replan", "New Plan"),
            ("recomplaint", "Re-complaint"),
            ("crisis", "Escalate to Crisis Handling"),
        ],
        compute="_compute_outcome",
        store=True,
        readonly=False,
        required=True,
    )

    @api.model
    def default_get(self, fields_list):
        """Start from the complainant's own answer when they rated the handling online."""
        values = super().default_get(fields_list)
        complaint = self.env["complaint.complaint"].browse(values.get("complaint_id"))
        if complaint.portal_satisfaction:
            values.update(
                channel="portal",
                satisfaction=complaint.portal_satisfaction,
                comment=complaint.portal_comment,
            )
        return values

    @api.depends("satisfaction")
    def _compute_outcome(self):
        for wizard in self:
            if not wizard.satisfaction:
                wizard.outcome = False
            elif satisfaction_kind(wizard.satisfaction) != "dissatisfied":
                wizard.outcome = "close"
            elif wizard.outcome in (False, "close"):
                wizard.outcome = "replan"

    def action_confirm(self):
        """Keep the revisit, then close, re-plan, open a re-complaint or escalate."""
        self.ensure_one()
        followup = self.complaint_id._action_record_revisit(
            {
                "user_id": self.user_id.id,
                "channel": self.channel,
                "satisfaction": self.satisfaction,
                "comment": self.comment,
                "outcome": self.outcome,
            }
        )
        if followup:
            return followup._get_records_action(context={})
        return {"type": "ir.actions.act_window_close"}
