"""A mail to the complainant is a contact once it is actually sent, not when it is queued
(SPEC.md "First reply and time promise": the acknowledgement meets the first reply when it
reaches the customer). Only the chatter's mails of complaints are looked at; any other
mail costs nothing more."""

from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"  # pylint: disable=consider-merging-classes-inherited

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        # Read before Odoo deletes the sent mails (auto_delete).
        # The mail's own flags first (Odoo reads them too), then its message's model.
        sent = self.filtered(
            lambda m: (
                m.is_notification
                and m.state == "sent"
                and m.model == "complaint.complaint"
                and m.res_id
            )
        )
        messages = sent.mail_message_id
        result = super()._postprocess_sent_message(
            success_pids, failure_reason=failure_reason, failure_type=failure_type
        )
        if messages and success_pids:
            # Odoo gives the partners reached as records (or ids).
            partner_ids = {getattr(partner, "id", partner) for partner in success_pids}
            complaints = self.env["complaint.complaint"].sudo().browse(messages.mapped("res_id"))
            reached = {
                complaint.id
                for complaint in complaints.exists()
                if complaint.partner_id.id in partner_ids and complaint.state != "archived"
            }
            to_customer = messages.filtered(lambda m: m.res_id in reached)
            if to_customer:
                complaints._log_sent_mail_contacts(to_customer)
        return result
