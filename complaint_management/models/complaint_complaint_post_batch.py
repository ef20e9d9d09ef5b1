"""Posting one message on each of many complaints at once: the acknowledgements of a batch of
registrations, the compliance notes of a batch of sensitive complaints.

``message_post`` works on one record: the message's insert, its author's subscription and
the look-ups of reply-to address, alias domain and company are made again for every
complaint (a quarter of the cost of a registration batch's acknowledgements). Here they are
made once for the batch: the values of every message are built as ``message_post`` builds
them, the messages created in one ``create``, the author subscribed once. Each message is
then notified by Odoo's own ``_notify_thread``, as ``message_post`` does: the same
recipients, inbox entries, queued mails and bus notifications (what that reads per message,
the recipients, web push devices and the customers' links, read once for the batch:
``complaint_complaint_notify_batch.py``).

A batch of one, or a post with attachments to file or an incoming mail, takes
``message_post`` itself."""

import uuid
from collections import defaultdict

from markupsafe import escape

from odoo import models

from .complaint_archive_mixin import message_post_context

# Keyword arguments of message_post this batch path builds itself; anything else that is a
# mail.message field goes to the message, the rest to the notification, as message_post does.
POST_ARGUMENTS = (
    "body",
    "subject",
    "message_type",
    "email_from",
    "author_id",
    "subtype_xmlid",
    "subtype_id",
    "partner_ids",
)
# Arguments that need message_post's own per-record handling.
SINGLE_POST_ARGUMENTS = ("attachments", "attachment_ids", "parent_id", "body_is_html")


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    def _message_post_batch(self, values_by_id):
        """``message_post(**values_by_id[complaint.id])`` on each of these complaints, the
        work that does not depend on the complaint done once. Returns the messages, in the
        order of the complaints."""
        if len(self) < 2 or any(
            values.get(name) or values.get("message_type") in ("email", "user_notification")
            for values in values_by_id.values()
            for name in SINGLE_POST_ARGUMENTS
        ):
            messages = self.env["mail.message"]
            for complaint in self:
                messages |= complaint.message_post(**values_by_id[complaint.id])
            return messages
        records = message_post_context(self, "comment")._fallback_lang()
        message_fields = self.env["mail.message"]._fields
        records._raise_for_invalid_parameters(
            set().union(*values_by_id.values()) - set(POST_ARGUMENTS) - set(SINGLE_POST_ARGUMENTS),
            forbidden_names={"model", "res_id", "subtype"},
        )
        # Look-ups message_post makes per record, once for the batch.
        sudo_records = records.sudo()
        alias_domains = sudo_records._mail_get_alias_domains(default_company=self.env.company)
        companies = records._mail_get_companies(default=self.env.company)
        authors, reply_tos, subtypes = {}, {}, {}
        msg_values_list, notif_kwargs_list = [], []
        for record in records:
            values = dict(values_by_id[record.id])
            for name in SINGLE_POST_ARGUMENTS:  # empty here: nothing to file or thread
                values.pop(name, None)
            author_key = (values.pop("author_id", None), values.pop("email_from", None))
            if author_key not in authors:
                authors[author_key] = records._message_compute_author(
                    *author_key, raise_on_email=True
                )
            author_id, email_from = authors[author_key]
            subtype_id = values.pop("subtype_id", False)
            subtype_xmlid = values.pop("subtype_xmlid", None)
            if subtype_xmlid or not subtype_id:
                xmlid = subtype_xmlid or "mail.mt_note"
                if xmlid not in subtypes:
                    subtypes[xmlid] = self.env["ir.model.data"]._xmlid_to_res_id(xmlid)
                subtype_id = subtypes[xmlid]
            if email_from not in reply_tos:
                reply_tos[email_from] = records._notify_get_reply_to(default=email_from)
            body = values.pop("body", "")
            subject = values.pop("subject", None)
            message_type = values.pop("message_type", "notification")
            partner_ids = list(values.pop("partner_ids", None) or [])
            msg_values = {key: val for key, val in values.items() if key in message_fields}
            notif_kwargs_list.append(
                {key: val for key, val in values.items() if key not in message_fields}
            )
            msg_values.setdefault("email_add_signature", True)
            if not msg_values.get("record_name"):
                msg_values["record_name"] = sudo_records.browse(record.id).display_name
            msg_values.update(
                {
                    "author_id": author_id,
                    "author_guest_id": False,
                    "email_from": email_from,
                    "model": records._name,
                    "res_id": record.id,
                    "body": escape(body),
                    "message_type": message_type,
                    "parent_id": False,
                    "subject": subject or False,
                    "subtype_id": subtype_id,
                    "partner_ids": partner_ids,
                }
            )
            msg_values.setdefault("record_alias_domain_id", alias_domains[record.id].id)
            msg_values.setdefault("record_company_id", companies[record.id].id)
            msg_values.setdefault("reply_to", reply_tos[email_from][record.id])
            msg_values_list.append(msg_values)
        messages = records._message_create(msg_values_list)
        records._message_post_batch_subscribe_author(msg_values_list)
        for record, message, msg_values in zip(records, messages, msg_values_list, strict=True):
            record._message_post_after_hook(message, msg_values)
        # Each message notified by Odoo's own _notify_thread, with what it reads per message
        # read once for the batch (complaint_complaint_notify_batch.py).
        notifier = records._notify_batch_prepare(messages, msg_values_list)
        for record, message, msg_values, notif_kwargs in zip(
            notifier, messages, msg_values_list, notif_kwargs_list, strict=True
        ):
            record._notify_thread(message, msg_values, **notif_kwargs)
        notifier._notify_batch_inbox()
        return messages

    def _message_post_batch_subscribe_author(self, msg_values_list):
        """Subscribe the poster to the complaints they posted on, as message_post does: not
        for system notifications, nor when the context asks not to."""
        if self.env.context.get("mail_create_nosubscribe"):
            return
        posted = [values for values in msg_values_list if values["message_type"] != "notification"]
        if not posted:
            return
        if self.env.user.active:
            self.browse(values["res_id"] for values in posted)._message_subscribe(
                partner_ids=self.env.user.partner_id.ids
            )
            return
        # Posted on behalf of their authors (the mail gateway, a job): each active author.
        by_author = defaultdict(list)
        for values in posted:
            if values["author_id"]:
                by_author[values["author_id"]].append(values["res_id"])
        for author in self.env["res.partner"].browse(list(by_author)).filtered("active"):
            self.browse(by_author[author.id])._message_subscribe(partner_ids=author.ids)

    def _portal_ensure_tokens(self):
        """``_portal_ensure_token`` for all these complaints in one UPDATE, instead of a
        ``write`` per complaint: a new random access token for those that have none (the
        token is a technical column nothing depends on, written as superuser)."""
        missing = self.sudo().filtered(lambda c: not c.access_token)
        if not missing:
            return
        missing.flush_recordset(["access_token"])
        self.env.cr.execute_values(
            "UPDATE complaint_complaint AS c SET access_token = v.token"
            " FROM (VALUES %s) AS v(id, token) WHERE c.id = v.id AND c.access_token IS NULL",
            [(complaint.id, str(uuid.uuid4())) for complaint in missing],
            page_size=len(missing),
        )
        missing.invalidate_recordset(["access_token"])
