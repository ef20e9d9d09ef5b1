"""The chatter message that carries a contact with the complainant is part of the contact
log (SPEC.md "Communication leaves a trace that cannot be altered"): its content is never
edited, moved or deleted, by anyone, the superuser included. Only the complaint's messages
are looked at."""

from odoo import api, models
from odoo.exceptions import UserError

# What makes the message what it is; Odoo's own bookkeeping (notifications, stars, pins,
# the Message-Id of the mail that carried it) may still change.
LOCKED_FIELDS = {
    "body",
    "attachment_ids",
    "model",
    "res_id",
    "subject",
    "author_id",
    "date",
    "message_type",
    "subtype_id",
}


class MailMessage(models.Model):
    _inherit = "mail.message"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        if LOCKED_FIELDS & set(vals):
            self._check_complaint_contact_lock()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_complaint_contact(self):
        self._check_complaint_contact_lock()

    def _complaint_contact_messages(self):
        """Those of these messages that carry a contact with a complainant."""
        candidates = self.sudo().filtered(lambda m: m.model == "complaint.complaint" and m.res_id)
        if not candidates:
            return self.browse()
        contacts = (
            self.env["complaint.contact"].sudo().search([("message_id", "in", candidates.ids)])
        )
        return contacts.message_id

    def _check_complaint_contact_lock(self):
        if self._complaint_contact_messages():
            raise UserError(
                self.env._(
                    "This message carries a contact with the customer: it cannot be edited or "
                    "deleted. Log a correction that refers to the contact instead."
                )
            )
