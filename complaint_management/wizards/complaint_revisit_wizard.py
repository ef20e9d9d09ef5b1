from odoo import api, fields, models

from ..models.constants import CONTACT_CHANNELS, SATISFACTION, SATISFIED_MIN


class ComplaintRevisitWizard(models.TransientModel):
    """Record the satisfaction revisit and act on it."""

    _name = "complaint.revisit.wizard"
    _description = "Record Revisit"

    complaint_id = fields.Many2one("complaint.complaint", required=True, ondelete="cascade")
    action = fields.Char()
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

    @api.depends("satisfaction")
    def _compute_outcome(self):
        for wizard in self:
            if not wizard.satisfaction:
                wizard.outcome = False
            elif int(wizard.satisfaction) >= SATISFIED_MIN:
                wizard.outcome = "close"
            elif wizard.outcome in (False, "close"):
                wizard.outcome = "replan"

    def action_confirm(self):
        """Keep the revisit, then close, re-plan, open a re-complaint or escalate."""
        self.ensure_one()
        complaint = self.complaint_id
        complaint._check_role("desk")
        complaint._check_state("revisit")
        revisit = self.env["complaint.revisit"]._workflow_create(
            {
                "complaint_id": complaint.id,
                "user_id": self.user_id.id,
                "channel": self.channel,
                "satisfaction": self.satisfaction,
                "comment": self.comment,
                "outcome": self.outcome,
            }
        )
        followup = complaint._apply_revisit(revisit)
        if followup:
            revisit._workflow().write({"followup_complaint_id": followup.id})
            return followup._get_form_action()
        return {"type": "ir.actions.act_window_close"}
