"""A complaint's mail that bounces. The mail server accepted it, then could not deliver it
(an unknown address): the bounce comes back to the company's bounce address, and Odoo's mail
gateway marks the recipient's notification as bounced. The mail itself was marked sent (and
usually deleted once sent), so the mail-retry job never saw it: here the bounce marks the
complaint's mail failed ("Bounced", with the receiving server's reason), so that the job
(``mail.mail._cron_retry_complaint_mail``) tells the service desk at once (no retry cures
an unknown address)."""

import logging

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize, email_normalize_all

_logger = logging.getLogger(__name__)

# The reason given in a delivery status notification (RFC 3464), most precise first.
DSN_REASON_FIELDS = ("Diagnostic-Code", "Status", "Action")


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _routing_handle_bounce(self, email_message, message_dict):
        res = super()._routing_handle_bounce(email_message, message_dict)
        message = message_dict.get("bounced_message")
        email = message_dict.get("bounced_email")
        if message and email and message.model == "complaint.complaint" and message.res_id:
            try:
                with self.env.cr.savepoint():
                    self.env["mail.mail"].sudo()._complaint_record_bounce(
                        message,
                        message_dict.get("bounced_partner") or self.env["res.partner"],
                        email,
                        self._complaint_bounce_reason(email_message),
                    )
            except (UserError, ValidationError) as error:
                # Odoo's own record of the bounce (the notification) stays; the gateway goes on.
                _logger.warning("Bounce of message %s not recorded: %s", message.id, error)
        return res

    @api.model
    def _complaint_bounce_reason(self, email_message):
        """The reason a delivery status notification gives (e.g. "5.1.1 unknown user"),
        or an empty string."""
        for part in email_message.walk():
            if part.get_content_type() != "message/delivery-status":
                continue
            fields_ = {}
            for block in part.get_payload()[1:]:
                for name in DSN_REASON_FIELDS:
                    if block.get(name) and name not in fields_:
                        fields_[name] = " ".join(str(block.get(name)).split())
            status = fields_.get("Status", "")
            diagnostic = fields_.get("Diagnostic-Code", "").partition(";")[2].strip()
            return " ".join(filter(None, (status, diagnostic or fields_.get("Action", ""))))
        return ""


class MailMail(models.Model):
    _inherit = "mail.mail"  # pylint: disable=consider-merging-classes-inherited

    failure_type = fields.Selection(
        selection_add=[("mail_bounce", "Bounced")], ondelete={"mail_bounce": "set null"}
    )

    @api.model
    def _complaint_record_bounce(self, message, partners, email, reason):
        """Mark the mail of complaint message ``message`` to ``email`` (``partners``) failed
        as bounced, with ``reason``: the mail itself when it was kept, else a failed mail
        recording it (sent mails are deleted). A mail already failed is left as it is."""
        email = email_normalize(email)
        mails = self.search([("mail_message_id", "=", message.id)])
        mine = mails.filtered(
            lambda m: (partners & m.recipient_ids) or email in email_normalize_all(m.email_to)
        )
        if mine.filtered(lambda m: m.state == "exception"):
            return mine
        failure = {
            "state": "exception",
            "failure_type": "mail_bounce",
            "failure_reason": self.env._("Bounced by the receiving mail server: %s", reason)
            if reason
            else self.env._("Bounced by the receiving mail server."),
        }
        if mine:
            mine.write(failure)
            return mine
        return self.create(
            {
                **failure,
                "mail_message_id": message.id,
                "is_notification": True,
                "auto_delete": False,
                "body_html": message.body,
                "recipient_ids": [Command.set(partners.ids)],
                "email_to": False if partners else email,
            }
        )
