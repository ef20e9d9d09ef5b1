"""The customer-contact duties (SPEC.md "First reply and time promise", "Communication
leaves a trace that cannot be altered"): contacts logged as records nobody can change, the
first reply within the company's hours, promises kept or missed and escalated, the
problems raised at the revisit and key customers."""

import base64
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_mail_server import IrMailServer
from odoo.addons.complaint_management.models.complaint_contact import CONTACT_TOKEN
from odoo.addons.complaint_management.models.complaint_input_mixin import (
    ATTACHMENT_MAX_MB_PARAM,
)

from .common import ComplaintCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
QUIET = ("odoo.addons.mail.models.mail_mail", "odoo.sql_db", "odoo.models", "odoo.http")


class ContactCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_first_reply_hours = 24
        cls.partner.email = "sun.li@example.com"
        cls.desk.partner_id.email = "desk@bank.example"

    def log(self, complaint, user=None, **values):
        """Log a contact through the 'Log Contact' wizard, as ``user`` (the desk)."""
        recording = values.pop("recording", None)
        vals = {"complaint_id": complaint.id, "channel": "phone", "note": "Called the customer."}
        vals.update(values)
        if recording is not None:
            vals.update(recording=base64.b64encode(recording[1]), recording_name=recording[0])
        wizard = self.env["complaint.contact.wizard"].with_user(user or self.desk).create(vals)
        wizard.with_company(self.company).action_confirm()
        return complaint.contact_ids.sorted("id")[-1:]

    def step(self, complaint, step_type):
        return complaint.step_ids.filtered(lambda s: s.step_type == step_type).sorted("id")[-1:]


@tagged("post_install", "-at_install")
class TestContactLog(ContactCase):
    def test_a_contact_with_its_recording_and_promise(self):
        complaint = self.create_complaint()
        promised = fields.Datetime.now().replace(microsecond=0) + timedelta(days=2)
        contact = self.log(
            complaint,
            note="Explained the fee; checking with the card centre.",
            recording=("call.pdf", PDF),
            promise_note="The card centre's answer",
            date_promised=promised,
        )
        self.assertEqual(
            (contact.user_id, contact.channel, contact.direction, contact.source),
            (self.desk, "phone", "out", "manual"),
        )
        self.assertEqual(contact.attachment_id.raw, PDF)
        self.assertIn("checking with the card centre", contact.message_id.body)
        self.assertEqual(contact.message_id.attachment_ids, contact.attachment_id)
        self.assertEqual(contact.message_id.res_id, complaint.id, "carried by its chatter")
        first = self.step(complaint, "first_reply")
        self.assertEqual((first.state, first.kept_by_contact_id), ("done", contact))
        promise = self.step(complaint, "promise")
        self.assertEqual((promise.state, promise.date_deadline), ("open", promised))
        self.assertEqual((promise.user_id, promise.contact_id), (self.desk, contact))
        self.assertEqual(contact.promise_state, "open")
        self.assertEqual(complaint.open_promise_date, promised)
        self.assertTrue(contact.inalterable_hash)
        self.assertFalse(self.env["complaint.contact"]._check_contact_chain(self.company))

    def test_a_recording_is_audio_video_image_or_pdf_within_the_size_limit(self):
        complaint = self.create_complaint()
        self.env["ir.config_parameter"].sudo().set_param(ATTACHMENT_MAX_MB_PARAM, "1")
        for recording in (("notes.txt", b"just some text"), ("big.pdf", PDF + b"0" * 2**20)):
            with self.subTest(file=recording[0]), self.assertRaises(UserError):
                self.log(complaint, recording=recording)
        self.assertFalse(complaint.contact_ids, "nothing logged")

    def test_a_correction_is_kept_beside_the_original(self):
        complaint = self.create_complaint()
        original = self.log(complaint, note="Promised a refund.")
        correction = self.log(
            complaint,
            note="No refund was promised: only a check.",
            corrected_contact_id=original.id,
        )
        self.assertEqual(correction.corrected_contact_id, original)
        self.assertEqual(original.correction_ids, correction)
        self.assertEqual(original.note, "Promised a refund.", "the original stays as it was")
        self.assertEqual(len(complaint.contact_ids), 2)
        self.assertIn("Correction of the contact", correction.message_id.body)

    def test_a_correction_refers_to_a_contact_of_the_same_complaint(self):
        complaint, other = self.create_complaint(), self.create_complaint()
        foreign = self.log(other)
        with self.assertRaises(UserError):
            self.log(complaint, corrected_contact_id=foreign.id)
        self.assertFalse(complaint.contact_ids)

    def test_only_the_desk_and_the_department_log_contacts(self):
        complaint = self.dispatch(self.create_complaint())
        for user in (self.it_handler, self.compliance, self.gm):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.log(complaint, user=user)
        self.assertEqual(self.log(complaint, user=self.handler).user_id, self.handler)

    def test_a_contact_cannot_be_changed_by_anyone(self):
        complaint = self.dispatch(self.create_complaint())
        contact = self.log(complaint, recording=("letter.pdf", PDF))
        message, attachment = contact.message_id, contact.attachment_id
        before = (contact.note, message.body, attachment.raw, contact.inalterable_hash)
        users = {
            "desk": self.desk,
            "department": self.handler,
            "supervisor": self.supervisor,
            "compliance": self.compliance,
            "administrator": self.admin,
        }
        attempts = {
            "edit the contact": lambda r: r["contact"].write({"note": "Never called."}),
            "delete the contact": lambda r: r["contact"].unlink(),
            "edit its message": lambda r: r["message"].write({"body": "<p>Rewritten</p>"}),
            "delete its message": lambda r: r["message"].unlink(),
            "replace its recording": lambda r: r["attachment"].write({"raw": b"%PDF-forged"}),
            "delete its recording": lambda r: r["attachment"].unlink(),
            "create one directly": lambda r: r["contact"].create(
                {"complaint_id": complaint.id, "note": "Forged.", "channel": "phone"}
            ),
        }
        roles = {name: lambda model, u=user: model.with_user(u) for name, user in users.items()}
        roles["superuser"] = lambda model: model.sudo()
        for role, env_of in roles.items():
            records = {
                "contact": env_of(contact),
                "message": env_of(message),
                "attachment": env_of(attachment),
            }
            for what, attempt in attempts.items():
                with (
                    self.subTest(role=role, attempt=what),
                    mute_logger(*QUIET),
                    self.assertRaises(UserError),  # AccessError included
                ):
                    attempt(records)
        self.env.invalidate_all()
        self.assertEqual(
            (contact.note, message.body, attachment.raw, contact.inalterable_hash), before
        )
        self.assertEqual(len(complaint.contact_ids), 1)

    def test_the_hash_chain_shows_a_change_behind_the_orm(self):
        complaint = self.create_complaint()
        first = self.log(complaint, note="First call.")
        self.log(complaint, note="Second call.")
        Contact = self.env["complaint.contact"]
        self.assertFalse(Contact._check_contact_chain(self.company))
        self.env.cr.execute(
            "UPDATE complaint_contact SET note = 'Tampered.' WHERE id = %s", (first.id,)
        )
        self.env.invalidate_all()
        self.assertEqual(Contact._check_contact_chain(self.company), first)
        with self.assertRaises(UserError):
            Contact.with_user(self.supervisor).with_company(self.company).action_check_integrity()

    def test_every_way_of_contact_writes_one(self):
        complaint = self.create_complaint()
        self.walk(complaint, "revisit")
        sources = complaint.contact_ids.mapped("source")
        self.assertIn("department", sources, "the department's first contact")
        self.assertIn("feedback", sources)
        self.record_revisit(complaint, "5", "close")
        self.assertIn("revisit", complaint.contact_ids.mapped("source"))
        # A customer's answer in the portal: from the customer, carried by its message.
        other = self.create_complaint()
        other.sudo()._portal_log(self.partner, "I accept.")
        answer = other.contact_ids
        self.assertEqual(
            (answer.direction, answer.channel, answer.source), ("in", "portal", "portal")
        )
        self.assertIn("I accept.", answer.message_id.body)
        self.assertEqual(self.step(other, "first_reply").state, "open", "not a reply to them")

    def test_the_slip_lists_the_contacts(self):
        complaint = self.create_complaint()
        self.log(complaint, note="Explained the annual fee rules.")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.desk)
            .with_company(self.company)
            ._render_qweb_html("complaint_management.complaint_slip", complaint.ids)[0]
            .decode()
        )
        self.assertIn("Explained the annual fee rules.", html)
        self.assertIn("o_complaint_slip_contacts", html)

    def test_the_contact_log_opens_at_the_same_cost_with_200_contacts(self):
        spec = {
            "contact_ids": {
                "fields": {
                    "date": {},
                    "user_id": {"fields": {"display_name": {}}},
                    "channel": {},
                    "direction": {},
                    "note": {},
                    "attachment_id": {"fields": {"display_name": {}}},
                    "date_promised": {},
                    "corrected_contact_id": {"fields": {"display_name": {}}},
                    "correction_ids": {},
                }
            }
        }

        def with_contacts(count):
            complaint = self.create_complaint()
            now = fields.Datetime.now()
            self.env["complaint.contact"].sudo().with_context(
                complaint_contact=CONTACT_TOKEN
            ).create(
                [
                    {
                        "complaint_id": complaint.id,
                        "date": now,
                        "user_id": self.desk.id,
                        "channel": "phone",
                        "direction": "out",
                        "note": f"Call {i}.",
                    }
                    for i in range(count)
                ]
            )
            return complaint

        def cost(complaint):
            self.env.flush_all()
            self.env.invalidate_all()
            record = complaint.with_user(self.desk).with_company(self.company)
            queries = []
            execute = type(self.env.cr).execute

            def spy(cr, *args, **kwargs):
                queries.append(str(args[0])[:150])
                return execute(cr, *args, **kwargs)

            with patch.object(type(self.env.cr), "execute", spy):
                rows = record.web_read(spec)
            return len(queries), len(rows[0]["contact_ids"]), queries

        cost(with_contacts(1))  # caches warm (access rules, the user), as in a session
        few, few_rows, _queries = cost(with_contacts(2))
        many, many_rows, queries = cost(with_contacts(200))
        self.assertEqual((few_rows, many_rows), (2, 200))
        self.assertEqual(many, few, queries)
        self.assertLessEqual(many, 8, queries)


@tagged("post_install", "-at_install")
class TestFirstReply(ContactCase):
    @contextmanager
    def mail_server(self):
        with (
            patch.object(IrMailServer, "connect", return_value=None),
            patch.object(IrMailServer, "send_email", return_value="<id>"),
            patch.object(
                IrMailServer, "_get_default_from_address", return_value="desk@bank.example"
            ),
            mute_logger(*QUIET),
        ):
            yield

    def test_the_first_reply_is_timed_from_receipt_and_owned_by_the_receiver(self):
        complaint = self.create_complaint()
        first = self.step(complaint, "first_reply")
        self.assertEqual(first.state, "open")
        self.assertEqual(first.date_deadline, complaint.date_received + timedelta(hours=24))
        self.assertEqual(first.user_id, self.desk)
        self.dispatch(complaint)
        self.assertEqual(first.state, "open", "dispatch does not meet it")
        self.assertEqual(first.user_id, self.desk, "still the receiving employee's")

    def test_met_by_the_acknowledgement_once_sent_not_once_queued(self):
        complaint = self.create_complaint(feedback_preference="email")
        first = self.step(complaint, "first_reply")
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "complaint.complaint"), ("res_id", "=", complaint.id)])
        )
        self.assertTrue(mails, "the acknowledgement is queued")
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        self.assertEqual(first.state, "open", "a queued mail is no reply")
        self.assertFalse(complaint.contact_ids)
        message = mails.mail_message_id[:1]
        with self.mail_server():
            mails.send()
        self.assertFalse(mails.exists().filtered(lambda m: m.state != "sent"), "sent")
        self.assertEqual(first.state, "done")
        contact = complaint.contact_ids
        self.assertEqual(
            (contact.source, contact.channel, contact.direction), ("mail", "email", "out")
        )
        self.assertEqual(first.kept_by_contact_id, contact)
        self.assertEqual(contact.message_id, message, "carried by the acknowledgement")

    def test_a_failed_mail_is_no_reply(self):
        complaint = self.create_complaint(feedback_preference="email")
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "complaint.complaint"), ("res_id", "=", complaint.id)])
        )
        with (
            patch.object(IrMailServer, "connect", return_value=None),
            patch.object(IrMailServer, "send_email", side_effect=ConnectionError("down")),
            mute_logger(*QUIET),
        ):
            mails.send(raise_exception=False)
        self.assertEqual(self.step(complaint, "first_reply").state, "open")
        self.assertFalse(complaint.contact_ids)

    def test_resolved_on_first_contact_meets_it_at_once(self):
        complaint = self.create_complaint()
        self.as_user(complaint, self.desk)._action_resolve_first_contact("Explained the fee.")
        first = self.step(complaint, "first_reply")
        self.assertEqual(first.state, "done")
        self.assertEqual(first.kept_by_contact_id.source, "first_contact")

    def test_an_invalid_complaint_still_owes_the_first_reply(self):
        complaint = self.create_complaint()
        self.as_user(complaint, self.desk)._action_decide_validity(
            "invalid", "Not our product.", "The card issuer"
        )
        self.assertEqual(self.step(complaint, "first_reply").state, "open")

    def test_missed_and_escalated_like_any_step(self):
        complaint = self.create_complaint()
        first = self.step(complaint, "first_reply")
        with freeze_time(first.date_deadline + timedelta(hours=1)):
            self.env["complaint.step"]._cron_escalate()
        self.assertTrue(first.date_breached)
        self.assertIn("first_reply", complaint.escalation_ids.mapped("step_type"))

    def test_not_timed_when_the_company_says_so(self):
        self.company.complaint_first_reply_hours = 0
        complaint = self.create_complaint()
        self.assertFalse(self.step(complaint, "first_reply"))


@tagged("post_install", "-at_install")
class TestPromises(ContactCase):
    def promise(self, complaint, hours, user=None, note="Called."):
        due = fields.Datetime.now().replace(microsecond=0) + timedelta(hours=hours)
        return self.log(
            complaint, user=user, note=note, promise_note="The refund", date_promised=due
        )

    def test_a_promise_kept_and_a_new_one_follows(self):
        complaint = self.dispatch(self.create_complaint())
        first = self.promise(complaint, 48, user=self.handler)
        self.assertEqual(first.promise_step_id.user_id, self.handler, "whoever made it")
        second = self.promise(complaint, 96, note="Progress: the card centre replied.")
        self.assertEqual(first.promise_state, "kept")
        self.assertEqual(first.promise_step_id.kept_by_contact_id, second)
        self.assertEqual(second.promise_state, "open")
        self.assertEqual(len(complaint.step_ids.filtered(lambda s: s.step_type == "promise")), 2)

    def test_a_contact_from_the_customer_keeps_no_promise(self):
        complaint = self.create_complaint()
        promise = self.promise(complaint, 48)
        self.log(complaint, direction="in", note="The customer called to ask.")
        self.assertEqual(promise.promise_state, "open")

    def test_a_missed_promise_is_a_breach_escalated_and_counted(self):
        complaint = self.create_complaint()
        kept = self.promise(complaint, 4)
        self.log(complaint, note="Gave the progress.")
        missed = self.promise(complaint, 2)
        step = missed.promise_step_id
        with freeze_time(step.date_deadline + timedelta(hours=1)):
            self.env["complaint.step"]._cron_escalate()
            self.assertEqual(missed.promise_state, "missed")
            self.assertTrue(step.date_breached)
            self.assertIn("promise", complaint.escalation_ids.mapped("step_type"))
            self.log(complaint, note="Late progress.")
        self.assertEqual(missed.promise_state, "missed", "kept late is still missed")
        self.assertEqual(kept.promise_state, "kept")
        self.env.flush_all()
        report = self.env["complaint.report"].sudo()
        row = report._read_group(
            [("complaint_id", "=", complaint.id)],
            [],
            ["promises_made:sum", "promises_kept:sum", "promises_missed:sum"],
        )[0]
        self.assertEqual(row, (2, 1, 1))
        today = fields.Date.today()
        stats = self.env["complaint.statistics"]._monthly_statistics(
            self.company, today - timedelta(days=1), today + timedelta(days=2)
        )
        self.assertEqual(
            (stats["promises_made"], stats["promises_kept"], stats["promises_missed"]), (2, 1, 1)
        )

    def test_archiving_skips_the_promises_still_open(self):
        complaint = self.walk(self.create_complaint(), "closed")
        promise = self.promise(complaint, 48)
        self.sign_record(complaint)
        self.as_user(complaint, self.desk).action_archive_complaint()
        self.assertEqual(complaint.state, "archived")
        self.assertEqual(promise.promise_step_id.state, "cancelled")
        self.assertFalse(complaint.step_ids.filtered(lambda s: s.state == "open"))
        with self.assertRaises(UserError):
            self.log(complaint, note="Called after the archive.")

    def test_a_promise_needs_what_and_a_date_after_the_contact(self):
        complaint = self.create_complaint()
        past = fields.Datetime.now() - timedelta(hours=1)
        for values in (
            {"promise_note": "The refund"},
            {"promise_note": "The refund", "date_promised": past},
        ):
            with self.subTest(values=values), self.assertRaises(UserError):
                self.log(complaint, **values)
        self.assertFalse(complaint.contact_ids)

    def test_the_portal_says_when_the_customer_will_hear_from_us(self):
        complaint = self.dispatch(self.create_complaint())
        self.as_user(complaint, self.handler).action_start_investigation()
        before = complaint._portal_next_contact()
        promise = self.promise(complaint, 2, user=self.handler)
        self.assertEqual(complaint._portal_next_contact(), promise.date_promised)
        self.assertLess(promise.date_promised, before)


@tagged("post_install", "-at_install")
class TestRevisitFindings(ContactCase):
    def revisit(self, complaint, satisfaction, outcome, problems=False):
        wizard = (
            self.env["complaint.revisit.wizard"]
            .with_user(self.desk)
            .create(
                {
                    "complaint_id": complaint.id,
                    "satisfaction": satisfaction,
                    "outcome": outcome,
                    "comment": "The customer's words.",
                    "problems": problems,
                }
            )
        )
        return wizard.with_company(self.company).action_confirm()

    def test_problems_raised_are_a_step_of_the_department(self):
        complaint = self.walk(self.create_complaint(), "revisit")
        self.revisit(complaint, "4", "close", problems="The branch still charges the fee.")
        step = self.step(complaint, "revisit_finding")
        self.assertEqual(step.state, "open")
        self.assertEqual((step.department_id, step.user_id), (self.dep_ops, self.handler))
        calendar = self.company.complaint_calendar_id
        self.assertEqual(
            step.date_deadline, calendar._complaint_plan(step.date_start, 3, "working_days")
        )
        self.assertEqual(complaint.revisit_ids.problems, "The branch still charges the fee.")
        with self.assertRaises(AccessError):
            self.as_user(complaint, self.it_handler).action_revisit_findings_handled()
        self.as_user(complaint, self.handler).action_revisit_findings_handled()
        self.assertEqual(step.state, "done")

    def test_no_problems_no_step(self):
        complaint = self.walk(self.create_complaint(), "revisit")
        self.revisit(complaint, "5", "close")
        self.assertFalse(self.step(complaint, "revisit_finding"))

    def test_a_dissatisfied_customer_is_a_key_customer_until_satisfied(self):
        first = self.walk(self.create_complaint(), "revisit")
        self.revisit(first, "2", "replan")
        self.assertTrue(self.partner.complaint_key_customer)
        self.assertTrue(first.is_key_customer)
        later = self.create_complaint(title="Another call")
        desk = self.env["complaint.complaint"].with_user(self.desk).with_company(self.company)
        self.assertIn(later, desk.search([("is_key_customer", "=", True)]))
        self.walk(later, "revisit")
        self.revisit(later, "5", "close")
        self.assertFalse(self.partner.complaint_key_customer)
        self.assertNotIn(later, desk.search([("is_key_customer", "=", True)]))

    def test_the_key_customer_mark_is_staff_only(self):
        self.assertFalse(
            self.env["res.partner"].with_user(self.outsider).fields_get(["complaint_key_customer"]),
            "not for users outside the complaint groups (nor the portal)",
        )


@tagged("post_install", "-at_install")
class TestContactOverRpc(ContactCase, HttpCase):
    """Over JSON-RPC, as each role: a contact is neither changed nor deleted."""

    def call(self, model, method, *args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )

    def test_no_role_changes_or_deletes_a_contact(self):
        complaint = self.dispatch(self.create_complaint())
        contact = self.log(complaint, note="Called.", recording=("call.pdf", PDF))
        before = (contact.note, contact.message_id.body, contact.attachment_id.raw)
        for user in (self.desk, self.handler, self.supervisor, self.compliance, self.admin):
            self.authenticate(user.login, user.login)
            calls = {
                "write": lambda: self.call(
                    "complaint.contact", "write", contact.ids, {"note": "Never called."}
                ),
                "unlink": lambda: self.call("complaint.contact", "unlink", contact.ids),
                "message": lambda: self.call(
                    "mail.message", "write", contact.message_id.ids, {"body": "Rewritten"}
                ),
                "recording": lambda: self.call(
                    "ir.attachment", "unlink", contact.attachment_id.ids
                ),
            }
            for name, call in calls.items():
                with (
                    self.subTest(user=user.login, call=name),
                    mute_logger(*QUIET),
                    self.assertRaises(Exception),  # noqa: B017 - the RPC error
                ):
                    call()
        self.env.invalidate_all()
        self.assertEqual((contact.note, contact.message_id.body, contact.attachment_id.raw), before)

    def test_the_portal_shows_the_promised_reply(self):
        portal = self.env["res.users"].create(
            {
                "name": "Sun Li",
                "login": "t_portal_sun_contact",
                "password": "t_portal_sun_contact",
                "partner_id": self.partner.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
                "company_id": self.company.id,
                "company_ids": [(6, 0, self.company.ids)],
            }
        )
        complaint = self.create_complaint(feedback_preference="portal")
        due = fields.Datetime.now().replace(microsecond=0) + timedelta(hours=3)
        self.log(complaint, promise_note="The refund", date_promised=due)
        self.authenticate(portal.login, portal.login)
        page = self.url_open(f"/my/complaints/{complaint.id}").text
        self.assertIn(complaint.with_user(portal).sudo()._portal_next_contact_text(), page)
        self.assertNotIn("Key Customer", page)
