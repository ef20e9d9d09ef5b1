"""Complaints received by mail (SPEC.md step 1, channel "email"): each company's complaint
mailbox (a ``mail.alias``, see ``res_company_customer.py``) registers a complaint from a new
mail; replies thread into the complaint they answer and change nothing by themselves.

A new mail becomes a complaint received through the Email channel at the time of its Date
header (never later than now, nor more than a week earlier: a wrong clock), by the desk's
receiving employee: the sender is matched to a contact by address, or created; the address
is kept as the complaint's contact email; subject and body are its subject and content; its
attachments are kept as evidence (those too large or of another type stay with the mail).
Auto-replies and mails from our own addresses are refused without a complaint (a mail
loop), as Odoo refuses a sender who writes too often; nothing crashes the gateway and no
mail is lost."""

import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import email_normalize, is_html_empty

_logger = logging.getLogger(__name__)

# Headers of automatic replies (RFC 3834 and the usual vendor ones).
AUTO_REPLY_PRECEDENCE = ("auto_reply", "junk")
# A Date header older than this is a sender's wrong clock: the mail is received now.
DATE_HEADER_MAX_AGE_DAYS = 7
# Encodings tried on a raw (unencoded) 8-bit subject, as Chinese mail clients send them.
RAW_HEADER_ENCODINGS = ("utf-8", "gb18030", "big5")


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    # Indexed: the mail gateway's loop detection counts a sender's recent complaints.
    confidential_email = fields.Char(index="btree_not_null")

    # ================================================================== routing
    @api.model
    def _routing_check_route(self, message, message_dict, route, raise_exception=True):
        """Refuse to open a complaint from an auto-reply or from one of our own addresses
        (a mail loop): the mail is logged and dropped, the gateway goes on."""
        route = super()._routing_check_route(message, message_dict, route, raise_exception)
        if not route or route[1]:
            return route
        reason = self._intake_refusal(message, message_dict)
        if reason:
            _logger.info(
                "Complaint mailbox: ignored mail from %s with Message-Id %s: %s",
                message_dict.get("email_from"),
                message_dict.get("message_id"),
                reason,
            )
            return ()
        message_dict["subject"] = self._intake_subject(message, message_dict.get("subject"))
        # Odoo looked the sender up just now (any company): "none" is kept as an answer,
        # so that message_new does not search again (``_intake_partner``).
        message_dict.setdefault("author_id", False)
        return route

    @api.model
    def _intake_refusal(self, message, message_dict):
        """Why a new mail cannot open a complaint (auto-reply, mail loop), or None."""
        auto = (message.get("Auto-Submitted") or "no").strip().lower()
        precedence = (message.get("Precedence") or "").strip().lower()
        if (
            auto != "no"
            or message.get("X-Autoreply")
            or message.get("X-Autorespond")
            or precedence in AUTO_REPLY_PRECEDENCE
        ):
            return "automatic reply"
        sender = email_normalize(message_dict.get("email_from") or "")
        if sender and self._intake_is_own_address(sender):
            return "sent from one of our own addresses (mail loop)"
        return None

    @api.model
    def _intake_is_own_address(self, email):
        """Whether ``email`` (normalized) is one of ours: an alias, or a mail domain's
        catchall, bounce or default sender."""
        if self.env["mail.alias"].sudo().search_count([("alias_full_name", "=", email)], limit=1):
            return True
        domain_name = email.partition("@")[2]
        domain = self.env["mail.alias.domain"].sudo().search([("name", "=", domain_name)], limit=1)
        return bool(domain) and email in {
            domain.catchall_email,
            domain.bounce_email,
            email_normalize(domain.default_from_email or ""),
        }

    @api.model
    def _intake_subject(self, message, subject):
        """The subject, repaired when a mail client sent it as raw 8-bit text in a Chinese
        encoding without declaring it (the parser then shows replacement characters)."""
        if not subject or "\ufffd" not in subject:
            return subject
        for name, value in message.raw_items():
            if name.lower() != "subject":
                continue
            raw = str(value).encode("ascii", "surrogateescape")
            for encoding in RAW_HEADER_ENCODINGS:
                try:
                    return " ".join(raw.decode(encoding).split())
                except UnicodeDecodeError:
                    continue
        return subject

    @api.model
    def _detect_loop_sender_domain(self, email_from_normalized):
        # Complaints opened by the same sender (Odoo refuses a sender who opens too many).
        return [("confidential_email", "=", email_from_normalized)]

    # ================================================================== new mail, reply
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Register a complaint from a new mail to a company's complaint mailbox."""
        values = dict(custom_values or {})
        company = self.env["res.company"].browse(values.get("company_id")) or self.env.company
        now = fields.Datetime.now()
        received = fields.Datetime.to_datetime(msg_dict.get("date")) or now
        # A sender's wrong clock: never later than now, nor long before the mail arrived.
        if not now - timedelta(days=DATE_HEADER_MAX_AGE_DAYS) <= received <= now:
            received = now
        email = email_normalize(msg_dict.get("email_from") or "")
        title = " ".join((msg_dict.get("subject") or "").split())[:200]
        partner = self._intake_partner(msg_dict, company)
        # The mail is posted next in the complainant's name (a new sender had no contact).
        msg_dict["author_id"] = partner.id
        body = msg_dict.get("body")
        if is_html_empty(body):
            body = Markup("<p>%s</p>") % (title or self.env._("(empty mail)"))
        values.update(
            {
                "title": title or self.env._("(no subject)"),
                "description": body,
                "partner_id": partner.id,
                "partner_email": email or False,
                "channel_id": self.env.ref("complaint_management.complaint_channel_email").id,
                "date_received": received,
                "receiver_id": company._complaint_intake_user().id,
                "feedback_preference": "email" if email else "phone",
                "company_id": company.id,
            }
        )
        complaint = (
            self.with_company(company)
            .with_context(complaint_defer_acknowledgement=True)
            .create(values)
        )
        # The receiving employee follows; so does the complainant, whom posting the mail
        # would subscribe next as its author: one subscription for both.
        complaint.message_subscribe(partner_ids=(complaint.receiver_id.partner_id | partner).ids)
        # The incoming mail is posted next, on this record: its hook keeps the evidence
        # and sends the acknowledgement. The mails it notifies (the followers', the
        # acknowledgement) are queued for the mail queue, never sent inside the gateway.
        return complaint.with_context(
            complaint_defer_acknowledgement=False,
            complaint_mail_intake=True,
            mail_notify_force_send=False,
        )

    @api.model
    def _intake_partner(self, msg_dict, company):
        """The complainant of a new mail: the contact with the sender's address (the
        company's or a shared one), or a new contact."""
        email_from = msg_dict.get("email_from") or ""
        extra = ["|", ("company_id", "=", False), ("company_id", "=", company.id)]
        email = email_normalize(email_from)
        if email and "author_id" in msg_dict:
            # The gateway looked the sender up while routing (every company's contacts,
            # ``_routing_check_route``): a contact of this company or a shared one is the
            # complainant; nobody found is nobody here either: a new contact, as
            # ``_mail_find_partner_from_emails`` would create it.
            Partner = self.env["res.partner"]
            author = Partner.browse(msg_dict["author_id"] or [])
            if not author:
                return Partner.browse(Partner.name_create(email_from)[0])
            if author.email_normalized == email and author.company_id in (
                company,
                self.env["res.company"],
            ):
                return author
        if email:
            partner = self.env["mail.thread"]._mail_find_partner_from_emails(
                [email_from], force_create=True, extra_domain=extra
            )[0]
            if partner:
                return partner
        return self.env["res.partner"].create(
            {"name": email_from.strip() or self.env._("Unknown Sender")}
        )

    def message_update(self, msg_dict, update_vals=None):
        """A reply threads into its complaint: it is posted and the followers told, but it
        reopens and changes nothing by itself, whatever the complaint's state."""
        return super().message_update(msg_dict, update_vals=None)

    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        if self.env.context.get("complaint_mail_intake") and len(self) == 1:
            complaint = self.with_context(complaint_mail_intake=False)
            complaint._intake_keep_evidence(message)
            complaint._send_customer_notice("acknowledgement")
        return res

    def _intake_keep_evidence(self, message):
        """The attachments of the mail that opened the complaint become its evidence;
        those we cannot accept stay with the mail, and the desk is told which."""
        self.ensure_one()
        kept, refused = self.env["ir.attachment"], []
        for attachment in message.attachment_ids.sudo():
            reason = self._evidence_refusal(attachment.name, attachment.raw or b"")
            if reason:
                refused.append(reason)
            else:
                kept |= attachment
        if kept:
            self.sudo().write({"evidence_attachment_ids": [(4, a.id) for a in kept]})
        if refused:
            self.sudo()._message_log(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    self.env._("Kept with the mail, not as evidence:"),
                    Markup().join(Markup("<li>%s</li>") % reason for reason in refused),
                )
            )
