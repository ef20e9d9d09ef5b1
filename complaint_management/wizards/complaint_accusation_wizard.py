"""The service desk registers an accusation letter without ever reading it back
(``complaint.accusation._register_letter``), and the leadership turns a letter that is in fact a
complaint back into one, with a reason."""

from odoo import fields, models


class ComplaintAccusationRegisterWizard(models.TransientModel):
    """What the desk records of an accusation letter it received."""

    _name = "complaint.accusation.register.wizard"
    _inherit = ["complaint.input.mixin"]
    _description = "Register an Accusation Letter"
    _input_past_dates = ("date_received",)

    title = fields.Char("Subject", required=True)
    description = fields.Html("Letter Content", required=True)
    accused = fields.Char("Person or Unit Accused")
    anonymous = fields.Boolean()
    partner_id = fields.Many2one("res.partner", "Informant", check_company=True)
    informant_contact = fields.Char("Informant's Contact")
    channel_id = fields.Many2one("complaint.channel", required=True)
    date_received = fields.Datetime("Received On", required=True, default=fields.Datetime.now)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    def action_register(self):
        """Register the letter; the desk is told its reference, not shown the letter."""
        self.ensure_one()
        values = {
            fname: self._fields[fname].convert_to_write(self[fname], self)
            for fname in (
                "title",
                "description",
                "accused",
                "anonymous",
                "partner_id",
                "informant_contact",
                "channel_id",
                "date_received",
                "company_id",
            )
        }
        reference = self.env["complaint.accusation"]._register_letter(values)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Accusation letter %s registered: it goes to the leadership and compliance.",
                    reference,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }


class ComplaintAccusationWizard(models.TransientModel):
    """Why an accusation letter is in fact a complaint."""

    _name = "complaint.accusation.wizard"
    _inherit = ["complaint.input.mixin"]
    _description = "Convert an Accusation Letter to a Complaint"

    accusation_id = fields.Many2one("complaint.accusation", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        """Convert the letter to a complaint and open it."""
        self.ensure_one()
        complaint = self.accusation_id._action_convert_to_complaint(self.reason)
        return complaint._get_records_action(context={})
