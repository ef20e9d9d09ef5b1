from odoo import api, fields, models
from odoo.exceptions import UserError


class ComplaintCrisisWizard(models.TransientModel):
    """A supervisor opens a crisis for a complaint, or joins it to an open crisis."""

    _name = "complaint.crisis.wizard"
    _inherit = ["complaint.input.mixin"]
    _description = "Open or Join a Crisis"

    complaint_id = fields.Many2one("complaint.complaint", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="complaint_id.company_id")
    action = fields.Selection(
        [("open", "Open a New Crisis"), ("join", "Join an Open Crisis")],
        required=True,
        default="open",
    )
    crisis_id = fields.Many2one(
        "complaint.crisis",
        domain="[('company_id', '=', company_id), ('state', 'in', ('open', 'contained'))]",
    )
    title = fields.Char("Subject")
    owner_id = fields.Many2one(
        "res.users",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="A member of the crisis team; by default its first lead.",
    )

    @api.onchange("complaint_id")
    def _onchange_complaint_id(self):
        if self.complaint_id and not self.title:
            self.title = self.complaint_id.title

    def action_confirm(self):
        """Open the crisis or join it, then show the crisis."""
        self.ensure_one()
        if self.action == "join":
            if not self.crisis_id:
                raise UserError(self.env._("Choose the crisis to join."))
            crisis = self.complaint_id._action_join_crisis(self.crisis_id)
        else:
            crisis = self.complaint_id._action_open_crisis(
                title=(self.title or "").strip() or None, owner=self.owner_id or None
            )
        return crisis._get_records_action(context={})
