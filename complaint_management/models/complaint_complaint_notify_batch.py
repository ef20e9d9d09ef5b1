"""Notifying the messages of a batch post at once (``_message_post_batch``: the
acknowledgements of a batch of registrations, the compliance notes of a batch of sensitive
complaints).

Odoo's ``_notify_thread`` works on one message: for each one it reads the recipients (a
query joining followers, partners and users), looks for web push devices of the
recipients (a query), and, for the customer's mail, prepares the customer's signup link
(a write on the partner and a read of its users). Here these are done once for the batch
and handed to Odoo's own notification of each message through the context
(``complaint_notify_batch``): the same recipients, the same inbox entries, mails and bus
notifications, the same links, fewer queries. Without that context key nothing changes.
"""

from collections import defaultdict

from odoo import models
from odoo.exceptions import AccessDenied

BATCH_KEY = "complaint_notify_batch"
# Messages whose recipients are read for the whole batch.
BATCH_MESSAGE_TYPES = ("comment", "notification")


class NotifyBatch:
    """What the notification of a batch of messages needs, read once (hashable, as a
    context value must be: compared by identity)."""

    def __init__(self, recipients, push_partner_ids, signup_params):
        self.recipients = recipients  # {message id: {partner id: recipient data}}
        self.push_partner_ids = push_partner_ids  # partners with a web push device
        self.signup_params = signup_params  # {partner id: signup/login link parameters}
        self.inbox = []  # (message, [(partner id, user id)], message values): to notify
        # Once the batch is notified, records that keep this context (mails made while
        # notifying, say) are notified as Odoo does by itself.
        self.done = False


def active_batch(env):
    """The batch being notified in this environment's context, if any."""
    batch = env.context.get(BATCH_KEY)
    return None if batch is None or batch.done else batch


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    def _notify_batch_prepare(self, messages, msg_values_list):
        """The recipients of each of ``messages`` (posted on ``self``, in order, with
        ``msg_values_list``), the partners with a web push device and the customers' link
        parameters, in a handful of queries; returns ``self`` with them in its context."""
        Followers = self.env["mail.followers"]
        recipients = {}
        groups = defaultdict(list)  # (message type, subtype): [(record, message, values)]
        for record, message, values in zip(self, messages, msg_values_list, strict=True):
            # Other kinds (an SMS, say) have recipients of their own: Odoo reads them.
            if values["message_type"] in BATCH_MESSAGE_TYPES:
                groups[(values["message_type"], values["subtype_id"])].append(
                    (record, message, values)
                )
        all_pids = {
            pid
            for items in groups.values()
            for _r, _m, values in items
            for pid in values.get("partner_ids") or []
        }
        # The partners named on the messages, whether they follow or not (one query).
        named = Followers._get_recipient_data(None, False, False, pids=list(all_pids))[0]
        # Who of them follows which of these records (any subtype: Odoo marks them so).
        following = set()
        if all_pids:
            for follower in Followers.sudo().search_fetch(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("partner_id", "in", list(all_pids)),
                ],
                ["res_id", "partner_id"],
            ):
                following.add((follower.res_id, follower.partner_id.id))
        for (message_type, subtype_id), items in groups.items():
            records = self.browse(record.id for record, _m, _v in items)
            internal = subtype_id and self.env["mail.message.subtype"].browse(subtype_id).internal
            # The followers of the subtype, per record (one query per message kind).
            by_record = Followers._get_recipient_data(records, message_type, subtype_id)
            for record, message, values in items:
                data = dict(by_record.get(record.id) or {})
                for pid in values.get("partner_ids") or []:
                    if pid in data or pid not in named:
                        continue
                    pdata = dict(named[pid])
                    # As Odoo's single query: a named partner who follows the record is a
                    # follower, unless a customer is kept off an internal subtype.
                    pdata["is_follower"] = (record.id, pid) in following and not (
                        internal and pdata["share"]
                    )
                    data[pid] = pdata
                recipients[message.id] = data
        partners = {pid for data in recipients.values() for pid in data}
        push_partner_ids = set()
        if partners:
            push_partner_ids = set(
                self.env["mail.push.device"]
                .sudo()
                .search_fetch([("partner_id", "in", list(partners))], ["partner_id"])
                .partner_id.ids
            )
        # The portal links its mails to a record's customer with their signup or login
        # parameters whenever the record's message goes to someone by mail: those
        # customers' parameters, at once.
        mailed = self.browse(
            record.id
            for record, message in zip(self, messages, strict=True)
            if any(
                pdata["notif"] == "email" and pdata["active"] is not False
                for pdata in recipients.get(message.id, {}).values()
            )
        )
        customers = self.env["res.partner"]
        for partners_of_record in mailed._mail_get_partners(introspect_fields=False).values():
            customers |= partners_of_record
        signup_params = customers._complaint_signup_params()
        return self.with_context(
            **{BATCH_KEY: NotifyBatch(recipients, push_partner_ids, signup_params)}
        )

    def _notify_batch_inbox(self):
        """The inbox notifications the batch's messages left for later
        (``_notify_thread_by_inbox``): as Odoo makes them for each message, their entries
        inserted at once and the followers of the users read at once; then each user's
        bus notification of each message, as Odoo sends it."""
        batch = active_batch(self.env)
        if batch is None:
            return
        batch.done = True
        if not batch.inbox:
            return
        self.env["mail.notification"].sudo().create(
            [
                {
                    "author_id": message.author_id.id,
                    "mail_message_id": message.id,
                    "notification_status": "sent",
                    "notification_type": "inbox",
                    "res_partner_id": pid,
                }
                for message, pids_uids, _values in batch.inbox
                for pid, _uid in pids_uids
            ]
        )
        users = self.env["res.users"].browse(
            {uid for _m, pids_uids, _v in batch.inbox for _pid, uid in pids_uids if uid}
        )
        # sudo: mail.followers - the users' own subscriptions, sent to them (as Odoo does)
        followers = (
            self.env["mail.followers"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", list({message.res_id for message, _p, _v in batch.inbox})),
                    ("partner_id", "in", users.partner_id.ids),
                ]
            )
        )
        followers_of = followers.grouped("res_id")
        Followers = self.env["mail.followers"].sudo()
        # What the bus notification of each message reads of it, read for all at once;
        # then each message alone (its store would otherwise walk every message of the
        # batch it is prefetched with, for each of them).
        messages = self.env["mail.message"].browse(message.id for message, _p, _v in batch.inbox)
        messages.sudo().fetch(["attachment_ids", "notification_ids", "tracking_value_ids"])
        for message, pids_uids, msg_vals in batch.inbox:
            for user in self.env["res.users"].browse(uid for _pid, uid in pids_uids if uid):
                user._bus_send_store(
                    message.with_prefetch().with_user(user).with_context(allowed_company_ids=[]),
                    msg_vals=msg_vals,
                    for_current_user=True,
                    add_followers=True,
                    followers=followers_of.get(message.res_id, Followers),
                    notification_type="mail.message/inbox",
                )

    def _notify_thread_by_inbox(self, message, recipients_data, msg_vals=False, **kwargs):
        batch = active_batch(self.env)
        if batch is None:
            return super()._notify_thread_by_inbox(message, recipients_data, msg_vals, **kwargs)
        # Left for _notify_batch_inbox, once every message of the batch is through.
        pids_uids = sorted((r["id"], r["uid"]) for r in recipients_data if r["notif"] == "inbox")
        if pids_uids:
            batch.inbox.append((message, pids_uids, msg_vals))
        return None

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        batch = active_batch(self.env)
        if batch is None or message.id not in batch.recipients or kwargs.get("skip_existing"):
            return super()._notify_get_recipients(message, msg_vals, **kwargs)
        # Odoo's own filtering of the data read for the whole batch: not the author (unless
        # asked), not an archived partner.
        msg_vals = msg_vals or {}
        notify_author = kwargs.get("notify_author") or self.env.context.get("mail_notify_author")
        real_author_id = False
        if not notify_author:
            if self.env.user.active:
                real_author_id = self.env.user.partner_id.id
            elif msg_vals.get("author_id"):
                real_author_id = msg_vals["author_id"]
            else:
                real_author_id = message.author_id.id
        return [
            dict(pdata, groups=set(pdata["groups"]))
            for pid, pdata in batch.recipients[message.id].items()
            if not (pid and pid == real_author_id) and pdata["active"] is not False
        ]

    def _notify_thread_by_web_push(self, message, recipients_data, msg_vals=False, **kwargs):
        batch = active_batch(self.env)
        if batch is not None and not batch.push_partner_ids.intersection(
            recipient["id"] for recipient in recipients_data
        ):
            return  # none of them has a device: Odoo's search would find nothing
        return super()._notify_thread_by_web_push(message, recipients_data, msg_vals, **kwargs)


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _complaint_signup_params(self):
        """``signup_get_auth_param`` for all these partners at once (one write of the
        signup type, one read of their users), as the portal asks for each customer it
        mails: {partner id: parameters}."""
        partners = self.sudo()
        allow_signup = self.env["res.users"].sudo()._get_signup_invitation_scope() == "b2c"
        without_user = partners.filtered(lambda p: not p.user_ids)
        if allow_signup and without_user:
            without_user.signup_prepare()
        params = {}
        for partner in partners:
            if allow_signup and not partner.user_ids:
                params[partner.id] = {"auth_signup_token": partner._generate_signup_token()}
            elif partner.user_ids:
                params[partner.id] = {"auth_login": partner.user_ids[0].login}
            else:
                params[partner.id] = {}
        return params

    def signup_get_auth_param(self):
        batch = active_batch(self.env)
        if batch is None or not all(pid in batch.signup_params for pid in self.ids):
            return super().signup_get_auth_param()
        if not self.env.user._is_internal() and not self.env.is_admin():
            raise AccessDenied()
        res = defaultdict(dict)
        for pid in self.ids:
            res[pid].update(batch.signup_params[pid])
        return res
