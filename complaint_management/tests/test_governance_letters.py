"""Governance duties (SPEC.md "Duties a second reading of the seeds adds"): accusation
letters kept apart from complaints, the threat-of-violence flag, the malicious mark, and
customer data kept only while needed (the erasure job, its holds, its preview, and the
archive lock it alone passes)."""

import base64
import json
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase, G

LETTER = {
    "title": "Branch manager asks for gifts",
    "description": "<p>The manager of the Pudong branch asked me for a gift card.</p>",
    "accused": "Pudong branch manager",
}


class GovernanceCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = cls._new_user("t_leader", f"{G}leadership")
        cls.supervisor2 = cls._new_user("t_supervisor2", f"{G}supervisor")
        cls.portal = new_test_user(
            cls.env,
            login="t_gov_portal",
            groups="base.group_portal",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def register_letter(cls, user=None, **vals):
        """A letter registered by the desk through its wizard; the letter as superuser."""
        wizard = (
            cls.env["complaint.accusation.register.wizard"]
            .with_user(user or cls.desk)
            .with_company(cls.company)
            .create({**LETTER, "channel_id": cls.channel.id, **vals})
        )
        action = wizard.action_register()
        reference = action["params"]["message"].split()[2]
        return cls.env["complaint.accusation"].sudo().search([("name", "=", reference)])

    def report_rows(self, complaints):
        return self.env["complaint.report"].sudo().search([("complaint_id", "in", complaints.ids)])


@tagged("post_install", "-at_install")
class TestAccusationLetters(GovernanceCase):
    def test_desk_registers_a_letter_and_never_reads_it(self):
        letter = self.register_letter()
        self.assertTrue(letter.name.startswith("JB"), "numbered apart from complaints")
        self.assertEqual(letter.registered_by_id, self.desk)
        self.assertEqual(letter.state, "registered")
        as_desk = letter.with_user(self.desk)
        with self.assertRaises(AccessError):
            as_desk.read(["title"])
        with self.assertRaises(AccessError):
            as_desk.search([])
        with self.assertRaises(AccessError):
            as_desk.write({"conclusion": "<p>Closed by the desk.</p>"})
        # Registered directly (as an RPC create): the desk gets the record, not its content.
        direct = (
            self.env["complaint.accusation"]
            .with_user(self.desk)
            .with_company(self.company)
            .create({**LETTER, "channel_id": self.channel.id})
        )
        self.assertTrue(direct.sudo().name.startswith("JB"))
        with self.assertRaises(AccessError):
            direct.read(["description"])
        # The desk gives the letter, never how it is dealt with.
        with self.assertRaises(AccessError):
            self.env["complaint.accusation"].with_user(self.desk).create(
                {**LETTER, "channel_id": self.channel.id, "conclusion": "<p>None.</p>"}
            )
        # The leadership and compliance are told.
        partners = letter.message_ids.partner_ids
        self.assertIn(self.leader.partner_id, partners)
        self.assertIn(self.compliance.partner_id, partners)

    def test_only_leadership_and_compliance_read_letters(self):
        letter = self.register_letter()
        for user in (self.leader, self.compliance):
            with self.subTest(user=user.login):
                self.assertTrue(self.sees(letter, user))
        for user in (self.desk, self.supervisor, self.handler, self.manager, self.gm, self.admin):
            with self.subTest(user=user.login), mute_logger("odoo.models"):
                self.assertFalse(self.sees(letter, user))
        with self.assertRaises(AccessError):
            letter.with_user(self.portal).read(["title"])

    def test_leadership_deals_with_a_letter(self):
        letter = self.register_letter().with_user(self.leader)
        letter.action_start_investigation()
        self.assertEqual(letter.user_id, self.leader)
        with self.assertRaises(UserError):
            letter.action_conclude()
        letter.conclusion = "<p>Warned the manager; gift returned.</p>"
        letter.action_conclude()
        self.assertEqual(letter.state, "concluded")
        with self.assertRaises(UserError):
            letter.write({"state": "registered"})
        with self.assertRaises(UserError):
            letter.unlink()

    def test_letters_are_counted_in_no_complaint_figure(self):
        report = self.env["complaint.report"].sudo()
        before = report.search_count([("company_id", "=", self.company.id)])
        self.register_letter()
        self.assertEqual(report.search_count([("company_id", "=", self.company.id)]), before)

    def test_a_complaint_registered_by_mistake_becomes_a_letter_and_back(self):
        complaint = self.create_complaint(title="Teller takes bribes")
        evidence = self.env["ir.attachment"].create(
            {
                "name": "photo.jpg",
                "raw": b"photo",
                "res_model": complaint._name,
                "res_id": complaint.id,
            }
        )
        complaint.sudo().evidence_attachment_ids = evidence
        content = complaint.description
        self.assertTrue(self.report_rows(complaint))
        statistics = self.env["complaint.statistics"]
        today = statistics._local_today(self.company)
        month = statistics._month_range(today)
        received = statistics._monthly_statistics(self.company, *month)["received"]

        wizard = (
            self.env["complaint.action.wizard"]
            .with_user(self.desk)
            .create({"complaint_id": complaint.id, "action": "to_accusation", "note": "  "})
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        wizard.note = "It reports a teller, it asks for nothing."
        wizard.action_confirm()
        letter = complaint.accusation_id.sudo()
        self.assertEqual(complaint.state, "converted")
        self.assertEqual(letter.description, content)
        self.assertNotEqual(complaint.description, content, "the desk no longer reads it")
        self.assertEqual(letter.complaint_id, complaint)
        copies = self.env["ir.attachment"].search(
            [("res_model", "=", letter._name), ("res_id", "=", letter.id)]
        )
        self.assertEqual(copies.mapped("name"), ["photo.jpg"], "the evidence goes with it")
        self.assertTrue(evidence.exists(), "and stays on the complaint")
        self.assertIn("asks for nothing", complaint.message_ids[0].body)
        self.assertIn("asks for nothing", " ".join(letter.message_ids.mapped("body")))
        self.assertFalse(complaint.step_ids.filtered(lambda s: s.state == "open"))
        self.assertFalse(self.report_rows(complaint), "no row in the analysis")
        self.assertEqual(
            statistics._monthly_statistics(self.company, *month)["received"],
            received - 1,
        )
        with self.assertRaises(AccessError):
            letter.with_user(self.desk).read(["description"])
        # The desk still opens the complaint, the leadership the letter (the other's
        # reference only).
        self.assertEqual(Form(self.as_user(complaint, self.desk)).accusation_name, letter.name)
        self.assertEqual(Form(letter.with_user(self.leader)).complaint_name, complaint.name)

        back = self.env["complaint.accusation.wizard"].with_user(self.compliance)
        with self.assertRaises(UserError):
            back.create({"accusation_id": letter.id, "reason": " "}).action_confirm()
        back.create(
            {"accusation_id": letter.id, "reason": "The customer wants a refund after all."}
        ).action_confirm()
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.description, content)
        self.assertEqual(letter.state, "converted")
        self.assertTrue(complaint.step_ids.filtered(lambda s: s.state == "open"))
        self.assertIn("refund after all", complaint.message_ids[0].body)
        self.assertTrue(self.report_rows(complaint))

    def test_only_a_registered_complaint_is_converted_by_the_desk(self):
        complaint = self.create_complaint()
        with self.assertRaises(AccessError):
            self.as_user(complaint, self.handler)._action_convert_to_accusation("Reason.")
        self.dispatch(complaint)
        with self.assertRaises(UserError):
            self.as_user(complaint, self.desk)._action_convert_to_accusation("Reason.")
        with self.assertRaises(UserError):
            self.as_user(complaint, self.desk).write({"accusation_id": 1})

    def test_a_letter_becomes_a_new_complaint(self):
        letter = self.register_letter(partner_id=self.partner.id)
        complaint = letter.with_user(self.leader)._action_convert_to_complaint(
            "A customer complaint about fees."
        )
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.partner_id, self.partner)
        self.assertEqual(letter.complaint_id, complaint)
        anonymous = self.register_letter(anonymous=True)
        with self.assertRaises(UserError):
            anonymous.with_user(self.leader)._action_convert_to_complaint("Complaint.")

    def test_errors_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        complaint = self.create_complaint()
        as_desk = self.as_user(complaint, self.desk).with_context(lang="zh_CN")
        with self.assertRaises(UserError) as caught:
            as_desk._action_convert_to_accusation(" ")
        self.assertIn("举报", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            as_desk._action_propose_malicious(" ")
        self.assertIn("恶意", str(caught.exception))
        with self.assertRaises(ValidationError) as caught:
            as_desk.write({"threatens_violence": True})
        self.assertIn("暴力", str(caught.exception))
        with self.assertRaises(UserError) as caught:
            self.as_user(complaint, self.supervisor).with_context(
                lang="zh_CN"
            )._action_place_legal_hold(" ")
        self.assertIn("法律", str(caught.exception))


@tagged("post_install", "-at_install")
class TestSafetyMarks(GovernanceCase):
    track = True

    def test_violence_names_a_responsible_who_is_told_once(self):
        self.manager.notification_type = "email"
        complaint = self.create_complaint()
        as_desk = self.as_user(complaint, self.desk)
        with self.assertRaises(ValidationError):
            as_desk.write({"threatens_violence": True})
        self.assertFalse(complaint.threatens_violence)
        as_desk.write(
            {
                "threatens_violence": True,
                "violence_responsible_id": self.manager.id,
                "violence_note": "Said he would come back with a knife.",
            }
        )
        notices = complaint.message_ids.filtered(lambda m: self.manager.partner_id in m.partner_ids)
        self.assertEqual(len(notices), 1)
        self.assertIn("knife", notices.body)
        self.assertEqual(complaint.violence_notified_user_id, self.manager)
        activity = complaint.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertEqual(len(activity), 1)
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", notices.ids)])
        self.assertTrue(mails)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"}, "sent through the queue")
        # Told once: another change does not tell them again; a new person is told.
        as_desk.write({"violence_note": "And again on the phone."})
        self.assertEqual(
            len(complaint.message_ids.filtered(lambda m: self.manager.partner_id in m.partner_ids)),
            1,
        )
        as_desk.write({"violence_responsible_id": self.supervisor.id})
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: self.supervisor.partner_id in m.partner_ids)
        )
        # Only those handling it flag it.
        with self.assertRaises(AccessError):
            self.as_user(self.dispatch(self.create_complaint()), self.it_handler).write(
                {"threatens_violence": True, "violence_responsible_id": self.manager.id}
            )

    def test_malicious_needs_another_supervisor_and_the_process_goes_on(self):
        complaint = self.create_complaint()
        with self.assertRaises(AccessError):
            self.as_user(complaint, self.handler)._action_propose_malicious("Threatens us.")
        self.as_user(complaint, self.supervisor)._action_propose_malicious(
            "Fourth complaint this week demanding 1 million yuan."
        )
        self.assertEqual(complaint.malicious_state, "proposed")
        self.assertFalse(complaint.is_malicious)
        with self.assertRaises(UserError):
            self.as_user(complaint, self.supervisor).action_confirm_malicious()
        with self.assertRaises(AccessError):
            self.as_user(complaint, self.desk).action_confirm_malicious()
        with self.assertRaises(UserError):
            self.as_user(complaint, self.desk).write({"malicious_state": "confirmed"})
        self.as_user(complaint, self.supervisor2).action_confirm_malicious()
        self.assertTrue(complaint.is_malicious)
        self.assertEqual(complaint.malicious_decider_id, self.supervisor2)
        # It is still answered: the process goes on.
        self.assertEqual(complaint.state, "new")
        self.walk(complaint, "investigating")
        self.assertEqual(complaint.state, "investigating")
        # Counted apart.
        self.assertEqual(self.report_rows(complaint).malicious, 1)
        statistics = self.env["complaint.statistics"]
        month = statistics._month_range(statistics._local_today(self.company))
        figures = statistics._monthly_statistics(self.company, *month)
        self.assertEqual(figures["malicious"], 1)
        self.assertEqual(figures["received"], 1)

    def test_malicious_rejected_with_a_reason(self):
        complaint = self.create_complaint()
        self.as_user(complaint, self.desk)._action_propose_malicious("Insults.")
        with self.assertRaises(UserError):
            self.as_user(complaint, self.desk)._action_propose_malicious("Again.")
        as_supervisor = self.as_user(complaint, self.supervisor)
        with self.assertRaises(UserError):
            as_supervisor._action_reject_malicious(" ")
        as_supervisor._action_reject_malicious("A real grievance, strongly worded.")
        self.assertEqual(complaint.malicious_state, "rejected")
        self.assertEqual(self.report_rows(complaint).malicious, 0)
        with self.assertRaises(UserError):
            self.create_complaint(malicious_state="confirmed")


class RetentionCase(GovernanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.old, cls.held, cls.in_court, cls.recent = (
            cls.archived_complaint(f"Complaint {n}") for n in range(4)
        )
        cls.as_user(cls.held, cls.compliance)._action_place_legal_hold("Lawsuit announced.")
        # Filed after archiving: written behind the archive lock's back.
        cls.env.cr.execute(
            "UPDATE complaint_complaint SET litigation_filed = TRUE WHERE id = %s",
            (cls.in_court.id,),
        )
        cls.env.cr.execute(
            "UPDATE complaint_complaint SET date_archived = %s WHERE id IN %s",
            (
                fields.Datetime.now() - timedelta(days=800),
                tuple((cls.old | cls.held | cls.in_court).ids),
            ),
        )
        cls.env.invalidate_all()

    @classmethod
    def archived_complaint(cls, title):
        complaint = cls.create_complaint(title=title, partner_email="sun.li@example.cn")
        evidence = (
            cls.env["ir.attachment"]
            .with_company(cls.company)
            .create(
                {
                    "name": "receipt.pdf",
                    "datas": base64.b64encode(b"receipt"),
                    "res_model": complaint._name,
                    "res_id": complaint.id,
                }
            )
        )
        cls.as_user(complaint, cls.desk).evidence_attachment_ids = evidence
        cls.walk(complaint, "archived")
        return complaint

    def set_retention(self, months):
        self.company.complaint_retention_months = months


@tagged("post_install", "-at_install")
class TestRetention(RetentionCase):
    def figures(self):
        """The complaint figures of the company, every way they are read."""
        report = self.env["complaint.report"].sudo()
        names = [n for n, f in report._fields.items() if f.type in ("integer", "float")]
        names.remove("id")
        rows = report._read_group(
            [("company_id", "=", self.company.id)],
            ["state"],
            [f"{name}:sum" for name in names],
        )
        statistics = self.env["complaint.statistics"]
        month = statistics._month_range(statistics._local_today(self.company))
        today = statistics._local_today(self.company)
        quarterly = self.env["complaint.regulatory.figures"]._quarterly_figures(
            self.company, today.year, (today.month - 1) // 3 + 1
        )
        return (
            rows,
            statistics._monthly_statistics(self.company, *month),
            repr(quarterly),
        )

    def test_nothing_is_erased_until_a_period_is_set(self):
        self.assertEqual(self.company.complaint_retention_months, 0)
        self.assertEqual(self.env["complaint.complaint"]._cron_erase_expired_data(), 0)
        self.assertEqual(self.old.sudo().confidential_phone, "13800000001")
        self.assertFalse(self.old.retention_due)
        for months in (-1, 121):
            with self.subTest(months=months), self.assertRaises(ValidationError):
                self.env["res.config.settings"].create(
                    {"complaint_retention_months": months}
                ).execute()

    def test_erasure_keeps_the_record_and_every_figure(self):
        self.set_retention(12)
        before = self.figures()
        record = self.old.sudo().read(["title", "description", "facts_found", "state", "name"])
        evidence = self.old.evidence_attachment_ids
        self.assertTrue(evidence)
        erased = self.env["complaint.complaint"]._cron_erase_expired_data(batch_size=1)
        self.assertEqual(erased, 1, "one complaint is past the period and held by nothing")
        old = self.old.sudo()
        self.assertFalse(old.confidential_phone)
        self.assertFalse(old.confidential_email)
        self.assertFalse(old.confidential_account)
        self.assertFalse(evidence.exists())
        self.assertTrue(old.date_data_erased)
        self.assertEqual(old.read(["title", "description", "facts_found", "state", "name"]), record)
        self.assertEqual(self.figures(), before, "every figure unchanged")
        self.assertIn("erased", old.message_ids[0].body)
        log = self.env["complaint.retention.log"].sudo().search([("complaint_id", "=", old.id)])
        self.assertEqual(log.file_count, 1)
        self.assertIn("Contact Phone", log.erased_fields)
        # Held and recent complaints are untouched.
        for complaint in (self.held, self.in_court, self.recent):
            self.assertEqual(complaint.sudo().confidential_phone, "13800000001")
            self.assertTrue(complaint.evidence_attachment_ids)
        # Erased once.
        self.assertEqual(self.env["complaint.complaint"]._cron_erase_expired_data(), 0)

    def test_the_administrator_sees_what_the_next_run_erases(self):
        self.set_retention(12)
        Complaint = self.env["complaint.complaint"].with_user(self.admin)
        action = Complaint.action_retention_preview()
        self.assertEqual(action["res_model"], "complaint.complaint")
        self.assertIn("retention_due", action["domain"])
        due = Complaint.search([("retention_due", "=", True)])
        self.assertEqual(due, self.old)
        with self.assertRaises(AccessError):
            self.env["complaint.complaint"].with_user(self.desk).action_retention_preview()
        # Lifting the hold makes it due.
        self.as_user(self.held, self.supervisor)._action_lift_legal_hold("Lawsuit settled.")
        self.assertEqual(Complaint.search([("retention_due", "=", True)]), self.old | self.held)
        self.assertIn("settled", self.held.message_ids[0].body)

    def test_legal_hold_is_placed_by_supervisors_and_compliance_with_a_reason(self):
        with self.assertRaises(AccessError):
            self.as_user(self.old, self.desk)._action_place_legal_hold("Because.")
        with self.assertRaises(UserError):
            self.as_user(self.old, self.compliance)._action_place_legal_hold(" ")
        with self.assertRaises(UserError):
            self.as_user(self.old, self.admin).write({"legal_hold": True})
        with self.assertRaises(UserError):
            self.old.sudo().write({"legal_hold": True})
        self.as_user(self.old, self.compliance)._action_place_legal_hold("Regulator's request.")
        self.assertTrue(self.old.legal_hold)
        self.set_retention(12)
        self.assertEqual(self.env["complaint.complaint"]._cron_erase_expired_data(), 0)

    def test_only_the_job_passes_the_archive_lock(self):
        self.set_retention(12)
        evidence = self.old.evidence_attachment_ids
        for key in (True, "1", 1):
            for env in (self.old.with_user(self.admin), self.old.sudo()):
                with self.subTest(key=key, su=env.env.su), self.assertRaises(UserError):
                    env.with_context(complaint_retention=key).write({"partner_phone": "110"})
                with self.subTest(key=key, su=env.env.su), self.assertRaises(UserError):
                    evidence.with_env(env.env).with_context(complaint_retention=key).unlink()
                with self.subTest(key=key), self.assertRaises(UserError):
                    env.with_context(complaint_retention=key).write(
                        {"date_data_erased": fields.Datetime.now()}
                    )
        with self.assertRaises(UserError):
            self.old.sudo()._retention_erase()
        self.assertEqual(self.old.sudo().confidential_phone, "13800000001")
        self.assertTrue(evidence.exists())


@tagged("post_install", "-at_install")
class TestGovernanceOverRpc(HttpCase):
    """Over JSON-RPC, as the web client and any script call it."""

    def call(self, login, model, method, args, kwargs=None):
        self.authenticate(login, login)
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    def test_rpc_access_to_letters_and_the_retention_key(self):
        env = self.env
        company = env.ref("base.main_company")
        users = {
            role: new_test_user(env, login=f"rpc_{role}", groups=groups, company_id=company.id)
            for role, groups in {
                "desk": f"{G}desk",
                "department": f"{G}department",
                "leader": f"{G}leadership",
                "compliance": f"{G}compliance",
                "admin": f"{G}manager",
                "portal": "base.group_portal",
            }.items()
        }
        channel = env.ref("complaint_management.complaint_channel_phone")
        created = self.call(
            "rpc_desk",
            "complaint.accusation",
            "create",
            [{**LETTER, "channel_id": channel.id}],
        )
        self.assertNotIn("error", created)
        letter_id = created["result"]
        if isinstance(letter_id, list):
            letter_id = letter_id[0]
        for role in ("desk", "department", "portal", "admin"):
            with self.subTest(role=role):
                answer = self.call(
                    f"rpc_{role}", "complaint.accusation", "read", [[letter_id], ["title"]]
                )
                self.assertIn("error", answer)
        for role in ("leader", "compliance"):
            with self.subTest(role=role):
                answer = self.call(
                    f"rpc_{role}", "complaint.accusation", "read", [[letter_id], ["title"]]
                )
                self.assertEqual(answer["result"][0]["title"], LETTER["title"])
        self.assertTrue(users)

        archived = env["complaint.complaint"].sudo().search([("state", "=", "archived")], limit=1)
        self.assertTrue(archived, "the demo data has an archived complaint")
        phone = archived.confidential_phone
        answer = self.call(
            "rpc_admin",
            "complaint.complaint",
            "write",
            [archived.ids, {"partner_phone": "110"}],
            {"context": {"complaint_retention": True}},
        )
        self.assertIn("error", answer)
        answer = self.call(
            "rpc_admin",
            "complaint.complaint",
            "write",
            [archived.ids, {"date_data_erased": "2026-01-01 00:00:00"}],
            {"context": {"complaint_retention": True}},
        )
        self.assertIn("error", answer)
        env.invalidate_all()
        self.assertEqual(archived.confidential_phone, phone)
        self.assertFalse(archived.date_data_erased)
