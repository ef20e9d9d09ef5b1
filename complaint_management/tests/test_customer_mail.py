"""What the complainant is told at each step (SPEC.md steps 1, 9, 10, 12, 13): the mail
templates rendered in their language, sent through the queue and logged on the chatter, or
a to-do for the desk when they are not answered by mail; the result letter filed."""

import json
import re
from collections import defaultdict
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import ComplaintCase

TEMPLATES = {
    "acknowledgement": "complaint_management.mail_template_complaint_acknowledgement",
    "plan": "complaint_management.mail_template_complaint_plan",
    "result": "complaint_management.mail_template_complaint_result",
    "revisit": "complaint_management.mail_template_complaint_revisit",
    "progress": "complaint_management.mail_template_complaint_progress",
}
# A sentence of each template, in English and in its zh_CN translation.
PHRASES = {
    "acknowledgement": ("We received your complaint", "我们已收到您的投诉"),
    "plan": ("we propose the following solution", "我们提出以下处理方案"),
    "result": ("We have completed the handling of your complaint", "您的投诉已处理完毕"),
    "revisit": ("How satisfied are you", "您对我们处理"),
    "progress": ("takes longer than we planned", "比预计的时间长"),
}
# Where each template's complaint stands when it is sent.
STATES = {
    "acknowledgement": "new",
    "plan": "customer",
    "result": "revisit",
    "revisit": "revisit",
    "progress": "implementing",
}
CONTACT = "complaint_management.mail_activity_type_complaint_contact"
# What one more sensitive complaint answered by mail adds to a batch registration: its own
# rows (complaint, steps, notes, mails, notifications) and what Odoo's mail still reads per
# message (its thread's earlier messages for the References header, its store for the bus).
# 29.5 when each message's recipients, devices, links, followers and inbox entries were
# read and written one message at a time; 19.5 since.
MAX_BATCH_QUERIES_PER_COMPLAINT = 20


@tagged("post_install", "-at_install")
class TestCustomerMail(ComplaintCase):
    track = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        cls.customer = cls.env["res.partner"].create(
            {"name": "Zheng Hua", "email": "zheng.hua@example.cn", "lang": "en_US"}
        )
        cls.customer_zh = cls.env["res.partner"].create(
            {"name": "郑华", "email": "zhenghua@example.cn", "lang": "zh_CN"}
        )
        cls.letter_channel = cls.env.ref("complaint_management.complaint_channel_letter")

    def new(self, partner=None, preference="email", **vals):
        return self.create_complaint(
            partner_id=(partner or self.customer).id, feedback_preference=preference, **vals
        )

    def customer_messages(self, complaint, template_key):
        """Messages posted from the template (the customer's mails), newest first."""
        subject_start = {
            "acknowledgement": "we received",
            "plan": "our proposal",
            "result": "the result",
            "revisit": "how satisfied",
            "progress": "takes longer",
        }[template_key]
        return complaint.message_ids.filtered(
            lambda m: m.message_type == "comment" and subject_start in (m.subject or "").lower()
        )

    def todos(self, complaint):
        return complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(CONTACT)
        )

    # ------------------------------------------------------------------ languages
    def test_each_template_renders_in_the_complainants_language(self):
        complaints = {}
        for lang, partner in (("en_US", self.customer), ("zh_CN", self.customer_zh)):
            for key, state in STATES.items():
                complaint = complaints.get((lang, state))
                if not complaint:
                    complaint = self.walk(self.new(partner), state)
                    complaints[(lang, state)] = complaint
                template = self.env.ref(TEMPLATES[key])
                with self.subTest(template=key, lang=lang):
                    body = template._render_field("body_html", complaint.ids, compute_lang=True)[
                        complaint.id
                    ]
                    subject = template._render_field("subject", complaint.ids, compute_lang=True)[
                        complaint.id
                    ]
                    english, chinese = PHRASES[key]
                    self.assertIn(english if lang == "en_US" else chinese, body)
                    self.assertNotIn(chinese if lang == "en_US" else english, body)
                    self.assertIn(complaint.name, subject)
                    self.assertIn(complaint.name, body)
                    for internal in ("Batch job re-run", "Fee charged twice by a batch error"):
                        self.assertNotIn(internal, body, "no internal finding in a letter")

    # ------------------------------------------------------------------ registration
    def test_the_acknowledgement_is_queued_and_logged(self):
        complaint = self.new()
        message = self.customer_messages(complaint, "acknowledgement")
        self.assertEqual(len(message), 1)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(message.author_id, self.desk.partner_id, "from the receiving employee")
        self.assertIn(self.customer, message.notified_partner_ids)
        self.assertIn(f"{complaint.access_url}?access_token={complaint.access_token}", message.body)
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.state, "outgoing", "through the queue, never sent inside the step")
        self.assertFalse(self.todos(complaint))

    def test_a_batch_of_registrations_is_told_as_one_by_one(self):
        """Complaints registered together (an import, the mailbox's batch) get the same
        acknowledgement and compliance note, notified to the same people in the same way,
        as a complaint registered alone: only the complaint's own details differ."""
        received = fields.Datetime.now().replace(microsecond=0) - timedelta(hours=1)
        cases = [
            {"partner_id": self.customer.id},
            {"partner_id": self.customer_zh.id},
            {"partner_id": self.customer.id, "involves_bribery": True},
            {"partner_id": self.customer_zh.id, "involves_bribery": True},
        ]

        def vals(case):
            return {
                "title": "Fee charged twice",
                "description": "<p>The annual fee was charged twice.</p>",
                "partner_phone": "13800000001",
                "channel_id": self.channel.id,
                "category_id": self.category.id,
                "concerned_object": "Platinum card",
                "company_id": self.company.id,
                "feedback_preference": "email",
                "date_received": received,
                **case,
            }

        Complaint = self.env["complaint.complaint"].with_user(self.desk).with_company(self.company)
        alone = [Complaint.create(vals(case)).with_env(self.env) for case in cases]
        batch = Complaint.create([vals(case) for case in cases]).with_env(self.env)

        def told(complaint):
            """What the complaint's chatter says and to whom, its own details masked."""
            self.env.invalidate_all()  # as stored, not as cached
            complaint = complaint.sudo()
            masks = {
                complaint.access_token: "TOKEN",
                complaint.access_url: "URL",
                complaint.name: "REF",
            }

            def mask(text):
                text = str(text or "")
                for own, masked in masks.items():
                    text = text.replace(own, masked)
                text = text.replace(f"res_id={complaint.id}", "res_id=ID")
                text = re.sub('auth_signup_token=[^&"]+', "auth_signup_token=SIGNUP", text)
                return re.sub("hash=[0-9a-f]{64}", "hash=HASH", text)

            lines = []
            for message in complaint.message_ids.filtered(
                lambda m: m.message_type != "notification" or m.partner_ids
            ).sorted("id"):
                mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
                lines.append(
                    (
                        message.message_type,
                        message.subtype_id,
                        message.author_id,
                        # Odoo's composer leaves an empty sender address empty ('') in a
                        # batch and unset (False) for one record, with or without this addon.
                        message.email_from or False,
                        mask(message.reply_to),
                        mask(message.subject),
                        mask(message.body),
                        mask(message.record_name),
                        message.partner_ids,
                        message.email_layout_xmlid,
                        sorted(
                            (n.res_partner_id.id, n.notification_type)
                            for n in message.notification_ids
                        ),
                        # The same mails, in whichever order (one per language of the
                        # recipients; Odoo reads them in no set order).
                        sorted(
                            (mail.state, tuple(mail.recipient_ids.ids), mask(mail.body_html))
                            for mail in mails
                        ),
                    )
                )
            return lines, complaint.message_partner_ids

        for single, batched in zip(alone, batch, strict=True):
            with self.subTest(customer=single.partner_id.name, bribery=single.involves_bribery):
                self.assertTrue(batched.access_token)
                self.assertNotEqual(batched.access_token, single.access_token)
                self.maxDiff = None
                self.assertEqual(told(batched), told(single))
        self.assertEqual(len(set(batch.mapped("access_token"))), 4, "a token of its own each")
        officer_note = told(batch[2])[0]
        self.assertIn(
            (self.compliance.partner_id.id, "email"),
            [pair for line in officer_note for pair in line[10]],
            "the compliance officers are notified of the batch's sensitive complaint",
        )
        self.assertEqual(len(self.customer_messages(batch[0], "acknowledgement")), 1)

    def test_a_batch_reaches_an_officers_inbox_as_one_by_one(self):
        """A compliance officer who reads notifications in Odoo gets, for each sensitive
        complaint of a batch, the inbox entry and the live notification of its note, as for
        a complaint registered alone; nobody is notified twice, the author not at all."""
        officer = self._new_user(
            "t_compliance_inbox",
            "complaint_management.group_complaint_compliance",
            notification_type="inbox",
        )

        def vals(partner):
            return {
                "title": "Fee charged twice",
                "description": "<p>The annual fee was charged twice.</p>",
                "channel_id": self.channel.id,
                "category_id": self.category.id,
                "concerned_object": "Platinum card",
                "company_id": self.company.id,
                "feedback_preference": "email",
                "partner_id": partner.id,
                "involves_bribery": True,
            }

        Complaint = self.env["complaint.complaint"].with_user(self.desk).with_company(self.company)
        self.env["bus.bus"].sudo().search([]).unlink()
        alone = Complaint.create(vals(self.customer)).with_env(self.env)
        batch = Complaint.create([vals(self.customer), vals(self.customer_zh)]).with_env(self.env)
        self.env.flush_all()
        self.env.cr.precommit.run()  # the bus notifications are written at commit

        live = defaultdict(list)  # message id: bus notifications to the officer
        for bus in self.env["bus.bus"].sudo().search([]):
            payload = json.loads(bus.message)
            if payload["type"] != "mail.message/inbox":
                continue
            channel = json.loads(bus.channel)
            if channel[1:] != ["res.partner", officer.partner_id.id]:
                continue
            for message in payload["payload"]["mail.message"]:
                live[message["id"]].append(payload)

        for complaint in alone | batch:
            with self.subTest(complaint=complaint.name):
                note = complaint.message_ids.filtered(lambda m: officer.partner_id in m.partner_ids)
                self.assertEqual(len(note), 1, "one compliance note")
                inbox = note.notification_ids.filtered(
                    lambda n: n.res_partner_id == officer.partner_id
                )
                self.assertEqual(inbox.mapped("notification_type"), ["inbox"])
                self.assertEqual(inbox.notification_status, "sent")
                self.assertEqual(len(live[note.id]), 1, "one live notification of the note")
                (payload,) = live[note.id]
                self.assertEqual(
                    [m["id"] for m in payload["payload"]["mail.message"]],
                    note.ids,
                    "the notification carries that note alone",
                )
                thread = payload["payload"]["mail.thread"][0]
                self.assertEqual((thread["model"], thread["id"]), (complaint._name, complaint.id))
                self.assertNotIn(
                    self.desk.partner_id,
                    note.notification_ids.res_partner_id,
                    "the desk posted it: not notified",
                )
        # The acknowledgement reaches the officer's inbox too (they follow the complaint's
        # discussions): the same messages as for the complaint registered alone, once each.
        told_live = [
            sorted(
                (message.message_type, message.subtype_id.id, len(live[message.id]))
                for message in complaint.message_ids
                if message.id in live
            )
            for complaint in alone | batch
        ]
        self.assertEqual(told_live[1], told_live[0])
        self.assertEqual(told_live[2], told_live[0])
        self.assertEqual({count for line in told_live for *_m, count in line}, {1})
        self.assertEqual(
            sum(len(payloads) for payloads in live.values()),
            sum(len(line) for line in told_live),
            "nothing but these complaints' messages",
        )

    def test_a_batch_notifies_in_queries_that_do_not_grow_per_recipient_read(self):
        """What the notification of a batch reads (recipients, web push devices, the
        customers' links, the officers' followers and inbox entries) is read once for the
        batch: a larger batch costs only what each complaint writes of its own."""
        self._new_user(
            "t_compliance_inbox",
            "complaint_management.group_complaint_compliance",
            notification_type="inbox",
        )
        Complaint = self.env["complaint.complaint"].with_user(self.desk).with_company(self.company)

        def vals(i):
            return {
                "title": f"Fee charged twice {i}",
                "description": "<p>The annual fee was charged twice.</p>",
                "channel_id": self.channel.id,
                "category_id": self.category.id,
                "concerned_object": f"Card {i}",
                "company_id": self.company.id,
                "feedback_preference": "email",
                "partner_id": (self.customer, self.customer_zh)[i % 2].id,
                "involves_bribery": True,
            }

        def queries(size):
            Complaint.create([vals(i) for i in range(2)])  # caches warm, as on a server
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Complaint.create([vals(i) for i in range(size)])
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        small, large = queries(4), queries(12)
        per_complaint = (large - small) / 8
        self.assertLessEqual(per_complaint, MAX_BATCH_QUERIES_PER_COMPLAINT)

    def test_no_email_or_another_preference_gives_the_desk_a_todo(self):
        cases = {
            "prefers a letter": self.new(preference="letter", channel_id=self.letter_channel.id),
            "no email address": self.new(
                self.partner, preference="email", channel_id=self.letter_channel.id
            ),
        }
        for case, complaint in cases.items():
            with self.subTest(case=case):
                self.assertFalse(self.customer_messages(complaint, "acknowledgement"))
                todo = self.todos(complaint)
                self.assertEqual(len(todo), 1)
                self.assertEqual(todo.user_id, self.desk)
                self.assertIn("Acknowledge", todo.summary)
                self.assertIn(complaint.name, todo.note)

    def test_a_complaint_taken_by_phone_was_acknowledged_on_the_spot(self):
        complaint = self.new(preference="phone")
        self.assertFalse(self.todos(complaint))
        self.assertFalse(self.customer_messages(complaint, "acknowledgement"))

    # ------------------------------------------------------------------ the steps
    def test_the_approved_plan_is_put_to_the_customer(self):
        complaint = self.walk(self.new(), "customer")
        message = self.customer_messages(complaint, "plan")
        self.assertEqual(len(message), 1)
        self.assertIn("Refund the second fee", message.body)
        self.assertIn("#complaint_plan", message.body)
        self.assertIn(f"access_token={complaint.access_token}", message.body)

    def test_the_plan_by_phone_is_a_todo(self):
        complaint = self.walk(self.new(preference="phone"), "customer")
        self.assertFalse(self.customer_messages(complaint, "plan"))
        self.assertIn("plan", self.todos(complaint).summary)

    def test_feedback_sends_the_result_then_the_satisfaction_request(self):
        complaint = self.walk(self.new(), "revisit")
        result = self.customer_messages(complaint, "result")
        revisit = self.customer_messages(complaint, "revisit")
        self.assertEqual((len(result), len(revisit)), (1, 1))
        self.assertIn("Refund explained by phone.", result.body)
        for level in "54321":
            self.assertIn(f"satisfaction={level}#complaint_revisit", revisit.body)

    def test_a_special_complaint_gets_its_explanation_and_no_satisfaction_request(self):
        complaint = self.new()
        desk = self.as_user(complaint, self.desk)
        desk._action_decide_validity("special", "The fee was charged correctly.")
        desk._action_give_feedback("The fee was charged correctly: see the tariff.")
        self.assertEqual(complaint.state, "closed")
        result = self.customer_messages(complaint, "result")
        self.assertIn("The fee was charged correctly.", result.body)
        self.assertFalse(self.customer_messages(complaint, "revisit"))

    def test_a_late_implementation_is_told_once_per_implementation(self):
        complaint = self.walk(self.new(), "implementing")
        step = complaint.step_ids.filtered(
            lambda s: s.step_type == "implement" and s.state == "open"
        )
        Complaint = self.env["complaint.complaint"]
        Complaint._cron_notify_delayed_implementation()
        self.assertFalse(complaint.date_progress_notice, "not late yet")
        with freeze_time(step.date_deadline + timedelta(minutes=5)):
            Complaint._cron_notify_delayed_implementation()
            self.assertTrue(complaint.date_progress_notice)
            Complaint._cron_notify_delayed_implementation()
        self.assertEqual(len(self.customer_messages(complaint, "progress")), 1, "told once")
        # Sent back by the audit: a new implementation, told again when it is late too.
        complaint.grade_id.audit_policy = "always"
        with freeze_time(step.date_deadline + timedelta(hours=1)):
            self.walk(complaint, "audit")
            self.as_user(complaint, self.supervisor)._action_audit_reject("Refund it again.")
        step = complaint.step_ids.filtered(
            lambda s: s.step_type == "implement" and s.state == "open"
        )
        with freeze_time(step.date_deadline + timedelta(minutes=5)):
            Complaint._cron_notify_delayed_implementation()
        self.assertEqual(len(self.customer_messages(complaint, "progress")), 2)

    def test_a_late_implementation_by_phone_is_a_todo(self):
        complaint = self.walk(self.new(preference="phone"), "implementing")
        deadline = complaint.step_ids.filtered(
            lambda s: s.step_type == "implement" and s.state == "open"
        ).date_deadline
        with freeze_time(deadline + timedelta(hours=1)):
            self.env["complaint.complaint"]._cron_notify_delayed_implementation()
        self.assertIn("longer", self.todos(complaint)[-1:].summary)

    # ------------------------------------------------------------------ the result letter
    def test_the_result_letter_is_filed_mailed_and_offered(self):
        complaint = self.walk(self.new(), "feedback")
        self.assertFalse(complaint._portal_letters(), "no letter before the feedback")
        self.as_user(complaint, self.desk).with_context(
            force_report_rendering=True
        )._action_give_feedback("The second fee is refunded.")
        letter = complaint._portal_letters()
        self.assertEqual(len(letter), 1)
        self.assertEqual(letter.name, f"Result letter - {complaint.name}.pdf")
        self.assertEqual(letter.mimetype, "application/pdf")
        self.assertTrue(letter.raw.startswith(b"%PDF"))
        result = self.customer_messages(complaint, "result")
        self.assertIn(letter, result.attachment_ids, "the exact PDF goes with the mail")

    def test_the_result_letter_shows_nothing_internal(self):
        complaint = self.walk(self.new(), "revisit")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "complaint_management.complaint_result_letter_report", complaint.ids
            )[0]
            .decode()
        )
        self.assertIn("Refund the second fee", html)
        self.assertIn("Refund explained by phone.", html)
        for internal in (
            "Fee charged twice by a batch error",  # facts found
            "Batch job re-run",  # root cause
            "Operator warned",  # accountability
            complaint.grade_id.name,
        ):
            self.assertNotIn(internal, html)
