import base64

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..models.complaint_contact import CONTACT_DIRECTIONS
from ..models.constants import CONTACT_CHANNELS


class ComplaintContactWizard(models.TransientModel):
    """ "Log Contact": what was said with the customer, how, the recording or scan, the
    reply promised; or the correction of a contact already logged. The complaint's rule
    method writes the contact (``_action_log_contact``)."""

    _name = "complaint.contact.wizard"
    _inherit = ["complaint.input.mixin"]
    _description = "Log Customer Contact"

    complaint_id = fields.Many2one("complaint.complaint", required=True, ondelete="cascade")
    channel = fields.Selection(CONTACT_CHANNELS, required=True, default="phone")
    direction = fields.Selection(CONTACT_DIRECTIONS, required=True, default="out")
    note = fields.Text("What Was Said", required=True)
    recording = fields.Binary("Recording or Scan", attachment=False)
    recording_name = fields.Char("File Name")
    promise_note = fields.Text("Promised", help="What the customer will hear back about.")
    date_promised = fields.Datetime("Reply Promised By")
    corrected_contact_id = fields.Many2one("complaint.contact", "Corrects")

    @api.constrains("corrected_contact_id", "complaint_id")
    def _check_corrected_contact(self):
        for wizard in self:
            contact = wizard.corrected_contact_id.sudo()
            if contact and contact.complaint_id != wizard.complaint_id:
                raise ValidationError(
                    self.env._("A correction refers to a contact of the same complaint.")
                )

    def action_confirm(self):
        """Log the contact through the complaint's rule method."""
        self.ensure_one()
        recording = None
        if self.recording:
            recording = (
                self.recording_name or "recording",
                base64.b64decode(self.recording),
            )
        self.complaint_id._action_log_contact(
            {
                "channel": self.channel,
                "direction": self.direction,
                "note": self.note,
                "promise_note": self.promise_note,
                "date_promised": self.date_promised,
                "corrected_contact_id": self.corrected_contact_id.id,
            },
            recording=recording,
        )
        return {"type": "ir.actions.act_window_close"}
