"""The decision letter and its review (SPEC.md "The regulator's floor"): the decision on
each demand with its basis and the remedies, refused while one is missing, filed exactly
as sent, in the complainant's language; the review a higher level answers within its time,
which may change the outcome, on an archived complaint too."""

import subprocess
import unicodedata

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_regulatory import DEMAND, RegulatedCase


@tagged("post_install", "-at_install")
class TestDecisionLetter(RegulatedCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.regulated((2026, 11, 2, 10, 0))
        cls.as_user(cls.complaint, cls.desk).write(
            {"demand_ids": [Command.create({"name": "Explain why it happened.", "sequence": 20})]}
        )
        with freeze_time(cls.utc(2026, 11, 3, 10, 0)):
            cls.walk(cls.complaint, "customer")
        cls.desk_view = cls.as_user(cls.complaint, cls.desk)

    def send(self, channel="email", when=(2026, 11, 6, 10, 0)):
        with freeze_time(self.utc(*when)):
            self.desk_view._action_send_decision(channel)

    def test_the_letter_is_refused_without_a_decision_or_a_basis(self):
        first, second = self.complaint.demand_ids.sorted("sequence")
        self.as_user(first, self.handler).write(
            {"decision": "upheld", "decision_note": "Refunded.", "basis": "Card terms."}
        )
        self.as_user(second, self.handler).write(
            {"decision": "upheld", "decision_note": "Batch error."}
        )
        with self.assertRaisesRegex(UserError, "no decision or no basis: Explain why it happened."):
            self.send()
        self.as_user(second, self.handler).write({"basis": "  ", "decision": False})
        with self.assertRaisesRegex(UserError, "no decision or no basis"):
            self.send()
        self.assertEqual(self.complaint.decision_state, "draft")
        self.assertFalse(self.complaint.decision_attachment_id)
        self.assertEqual(self.complaint._regulatory_step().state, "open", "the limit is not met")

    def test_the_letter_is_refused_before_the_identity_is_checked(self):
        self.decide(self.complaint)
        self.desk_view.write({"identity_method": False})
        with self.assertRaisesRegex(UserError, "Verify the complainant's identity"):
            self.send()

    def test_the_letter_states_each_decision_and_is_filed_exactly_as_sent(self):
        self.decide(self.complaint, basis="The card terms, art. 4: one annual fee a year.")
        self.send()
        c = self.complaint
        self.assertEqual(c.decision_state, "sent")
        self.assertEqual((c.decision_channel, c.decision_user_id), ("email", self.desk))
        self.assertEqual(c.date_decision_sent, self.utc(2026, 11, 6, 10, 0))
        letter = c.decision_attachment_id
        self.assertEqual((letter.res_model, letter.res_id), ("complaint.complaint", c.id))
        self.assertIn(c.name, letter.name)
        text = letter.raw.decode()
        for expected in (
            DEMAND,
            "Explain why it happened.",
            "The card terms, art. 4: one annual fee a year.",
            "Upheld",
            "a review of this decision",
            "court",
        ):
            with self.subTest(expected=expected):
                self.assertIn(expected, text)
        # Mailed to the complainant through the queue, the letter attached.
        message = c.message_ids.filtered(lambda m: letter in m.attachment_ids)
        self.assertEqual(len(message), 1)
        self.assertIn(self.partner, message.partner_ids)
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("mail_message_id", "=", message.id), ("recipient_ids", "in", self.partner.ids)]
            )
        )
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.attachment_ids, letter)
        # The limit is met; a review may be asked for 30 days (Sunday 6 December moves to
        # Monday 7).
        self.assertEqual(c.regulatory_result, "on_time")
        self.assertEqual(c.date_review_limit, self.utc(2026, 12, 7, 23, 59, 59))
        # What was decided is on record.
        with self.assertRaisesRegex(UserError, "on record"):
            self.as_user(c.demand_ids[:1], self.handler).write({"basis": "Another basis."})
        with self.assertRaisesRegex(UserError, "already sent"):
            self.send()

    def test_a_letter_by_post_is_logged_with_the_pdf(self):
        self.decide(self.complaint)
        self.send("letter")
        letter = self.complaint.decision_attachment_id
        message = self.complaint.message_ids.filtered(lambda m: letter in m.attachment_ids)
        self.assertIn("Letter", message.body)
        self.assertFalse(message.partner_ids, "nobody is mailed")

    def test_no_mail_to_a_complainant_without_an_address(self):
        self.decide(self.complaint)
        self.partner.email = False
        with self.assertRaisesRegex(UserError, "has no email address"):
            self.send("email")
        self.assertEqual(self.complaint.decision_state, "draft")
        self.send("letter")
        self.assertEqual(self.complaint.decision_channel, "letter")

    def test_only_the_desk_sends_it_and_only_once_the_plan_is_approved(self):
        self.decide(self.complaint)
        with self.assertRaises(AccessError):
            self.as_user(self.complaint, self.handler)._action_send_decision("email")
        early = self.regulated((2026, 11, 2, 10, 0))
        with freeze_time(self.utc(2026, 11, 3, 10, 0)):
            self.walk(early, "investigating")
        self.decide(early)
        with self.assertRaisesRegex(UserError, "can only be done when"):
            self.as_user(early, self.desk)._action_send_decision("email")


@tagged("post_install", "-at_install")
class TestReview(RegulatedCase):
    """A review asked for within 30 days of the decision, answered by the head office within
    30 days (Civil Code count)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.regulated((2026, 11, 2, 10, 0))
        with freeze_time(cls.utc(2026, 11, 3, 10, 0)):
            cls.walk(cls.complaint, "customer")
        with freeze_time(cls.utc(2026, 11, 6, 10, 0)):
            cls.send_decision(cls.complaint)
        with freeze_time(cls.utc(2026, 11, 7, 10, 0)):
            cls.walk(cls.complaint, "revisit")

    def request(self, complaint=None, when=(2026, 11, 20, 10, 0)):
        complaint = complaint or self.complaint
        with freeze_time(self.utc(*when)):
            return self.as_user(complaint, self.desk)._action_request_review(
                self.utc(*when), "visit", "The refund left the interest unpaid."
            )

    def answer(self, outcome, complaint=None, user=None, when=(2026, 12, 1, 10, 0)):
        complaint = complaint or self.complaint
        with freeze_time(self.utc(*when)):
            self.as_user(complaint, user or self.head_office)._action_decide_review(
                outcome, "The interest was owed too."
            )

    def test_a_review_is_a_timed_step_of_the_head_office(self):
        review = self.request()
        self.assertEqual((review.state, review.reviewer_id), ("open", self.head_office))
        self.assertEqual(review.reviewed_complaint_id, self.complaint)
        step = review.step_id
        self.assertEqual(
            (step.step_type, step.state, step.user_id), ("review", "open", self.head_office)
        )
        # Friday 20 November + 30 days = Sunday 20 December: Monday 21 December.
        self.assertEqual(step.date_deadline, self.utc(2026, 12, 21, 23, 59, 59))
        self.assertEqual(self.complaint.review_state, "open")
        self.assertTrue(self.complaint.is_reviewed)
        self.assertTrue(self.complaint.with_user(self.head_office).can_decide_review)
        self.assertTrue(self.sees(self.complaint, self.head_office), "the head office reads it")
        self.assertEqual(self.complaint._get_missing_slip_data()[-1:], ["Review Answer"])
        with self.assertRaisesRegex(UserError, "already reviewed"):
            self.request()

    def test_a_review_that_changes_the_outcome_reopens_the_plan(self):
        self.request()
        with self.assertRaises(AccessError):
            self.answer("changed", user=self.handler)
        self.answer("changed")
        c = self.complaint
        review = c.review_ids
        self.assertEqual((review.state, review.decided_by_id), ("changed", self.head_office))
        self.assertEqual(review.step_id.state, "done")
        self.assertEqual(c.state, "investigating")
        self.assertEqual(c.decision_state, "draft", "a new decision letter will be sent")
        self.assertEqual(c.review_state, "changed")
        open_steps = c.step_ids.filtered(lambda s: s.state == "open").mapped("step_type")
        self.assertEqual(open_steps, ["plan"])
        # The complainant is told, with the remedies still open.
        answer = c.message_ids.filtered(
            lambda m: "The review of your complaint" in (m.subject or "")
        )
        self.assertIn(self.partner, answer.partner_ids)
        self.assertIn("court", answer.body)
        # The department decides again, and a new letter goes out.
        with freeze_time(self.utc(2026, 12, 2, 10, 0)):
            self.walk(c, "customer")
            self.decide(c, decision_note="The second fee and its interest are refunded.")
            first_letter = c.decision_attachment_id
            self.as_user(c, self.desk)._action_send_decision("email")
        self.assertNotEqual(c.decision_attachment_id, first_letter)
        self.assertTrue(first_letter.exists(), "the first letter stays on record")

    def test_an_upheld_review_changes_nothing(self):
        self.request()
        self.answer("upheld")
        self.assertEqual(self.complaint.state, "revisit")
        self.assertEqual(self.complaint.decision_state, "sent")
        self.assertEqual(self.complaint.review_state, "upheld")

    def test_a_review_is_asked_within_the_period(self):
        # The decision was sent Friday 6 November: 30 days end Sunday 6 December, moved to
        # Monday 7 December.
        with self.assertRaisesRegex(UserError, "ended on 2026-12-07 23:59"):
            self.request(when=(2026, 12, 8, 0, 0))
        self.assertFalse(self.complaint.review_ids)
        self.assertEqual(self.request(when=(2026, 12, 7, 23, 59)).state, "open")

    def test_the_review_officer_may_not_have_handled_it(self):
        self.company.complaint_reviewer_id = self.handler
        with self.assertRaisesRegex(UserError, r"may not review .*handled it"):
            self.request()

    def test_a_review_of_an_archived_complaint_is_carried_by_a_linked_complaint(self):
        with freeze_time(self.utc(2026, 11, 9, 10, 0)):
            self.walk(self.complaint, "archived")
        steps_before = self.complaint.step_ids
        review = self.request()
        linked = review.complaint_id
        self.assertNotEqual(linked, self.complaint)
        self.assertEqual(
            (linked.complaint_type, linked.origin_complaint_id), ("review", self.complaint)
        )
        self.assertEqual(review.reviewed_complaint_id, self.complaint)
        self.assertEqual(linked.demand_ids.mapped("name"), self.complaint.demand_ids.mapped("name"))
        self.assertEqual(
            linked.step_ids.filtered(lambda s: s.state == "open").mapped("step_type"), ["review"]
        )
        self.assertFalse(linked._regulatory_step(), "the review's own time applies")
        # The archive stays as it was.
        self.assertEqual(self.complaint.state, "archived")
        self.assertEqual(self.complaint.step_ids, steps_before)
        self.assertFalse(self.complaint.review_ids)

        self.answer("changed", complaint=linked)
        self.assertEqual(linked.validity, "valid")
        self.assertEqual(
            sorted(linked.step_ids.filtered(lambda s: s.state == "open").mapped("step_type")),
            ["dispatch", "plan"],
        )
        self.dispatch(linked)
        self.assertEqual(linked.state, "dispatched")
        self.assertEqual(self.complaint.state, "archived")

    def test_an_upheld_review_of_an_archived_complaint_closes_the_linked_one(self):
        with freeze_time(self.utc(2026, 11, 9, 10, 0)):
            self.walk(self.complaint, "archived")
        linked = self.request().complaint_id
        self.answer("upheld", complaint=linked)
        self.assertEqual((linked.state, linked.closure_type), ("closed", "review_upheld"))
        self.assertFalse(linked.step_ids.filtered(lambda s: s.state == "open"))
        self.assertEqual(linked._get_missing_slip_data(), [])
        self.sign_record(linked)
        self.as_user(linked, self.desk).action_archive_complaint()
        self.assertEqual(linked.state, "archived")


@tagged("post_install", "-at_install")
class TestInTheComplainantsLanguage(RegulatedCase):
    """The letter and its mail are in the complainant's language; the refusals in the
    employee's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        cls.partner.lang = "zh_CN"
        cls.complaint = cls.regulated((2026, 11, 2, 10, 0))
        with freeze_time(cls.utc(2026, 11, 3, 10, 0)):
            cls.walk(cls.complaint, "customer")
        cls.decide(
            cls.complaint,
            decision_note="退还第二笔年费。",
            basis="信用卡章程第四条：年费每年收取一次。",  # noqa: RUF001
        )

    def test_the_letter_and_its_mail_are_in_chinese(self):
        with freeze_time(self.utc(2026, 11, 6, 10, 0)):
            self.as_user(self.complaint, self.desk)._action_send_decision("email")
        letter = self.complaint.decision_attachment_id
        self.assertIn("处理决定", letter.name)
        text = letter.raw.decode()
        for expected in ("投诉处理决定书", "您的诉求", "予以支持", "信用卡章程第四条", "人民法院"):
            with self.subTest(expected=expected):
                self.assertIn(expected, text)
        message = self.complaint.message_ids.filtered(lambda m: letter in m.attachment_ids)
        self.assertIn("处理决定", message.subject)
        self.assertIn("申请核查", message.body)

    def test_the_filed_letter_is_a_real_pdf(self):
        """wkhtmltopdf prints it, Chinese included (fonts-noto-cjk)."""
        with freeze_time(self.utc(2026, 11, 6, 10, 0)):
            self.as_user(self.complaint, self.desk).with_context(
                force_report_rendering=True
            )._action_send_decision("letter")
        letter = self.complaint.decision_attachment_id
        self.assertEqual(letter.mimetype, "application/pdf")
        self.assertTrue(letter.raw.startswith(b"%PDF"))
        text = subprocess.run(
            ["pdftotext", "-", "-"], input=letter.raw, capture_output=True, check=True
        ).stdout.decode()
        # The CJK fonts map some characters to their Kangxi radical forms: compare them
        # as a reader sees them. A narrow table cell wraps its text, and pdftotext reads
        # the lines of the row's other cells between its lines.
        text = "".join(unicodedata.normalize("NFKC", text).split())
        self.assertIn("投诉处理决定书", text)
        self.assertRegex(text, ".{0,80}?".join("退还第二笔年费"))

    def test_refusals_reach_the_employee_in_chinese(self):
        people = self.env["res.partner"].create([{"name": f"业主{i}"} for i in range(6)])
        Complaint = self.env["complaint.complaint"].with_user(self.desk).with_context(lang="zh_CN")
        with self.assertRaisesRegex(ValidationError, "推选代表不超过5名；现登记了6名"):  # noqa: RUF001
            Complaint.with_company(self.company).create(
                {
                    "title": "集体投诉",
                    "description": "<p>理财产品收益不符。</p>",
                    "partner_id": self.partner.id,
                    "channel_id": self.channel.id,
                    "complainant_count": 40,
                    "representative_ids": [Command.set(people.ids)],
                }
            )
        with self.assertRaisesRegex(UserError, "尚有诉求未作出处理决定或未写明依据"):
            self.as_user(self.complaint.demand_ids, self.handler).write({"basis": False})
            self.as_user(self.complaint, self.desk).with_context(
                lang="zh_CN"
            )._action_send_decision()
