"""The regulator's time limit (SPEC.md "The regulator's floor"): 15 days from receipt,
counted as China's Civil Code counts a period (arts. 201, 203) on the company's legal
calendar, extended to 30 days for a complex case and by a further 30 with a higher level's
approval, met when the decision reaches the complainant, never cancelled by the workflow,
and escalated like every step."""

from datetime import datetime

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_regulatory import RegulatedCase


@tagged("post_install", "-at_install")
class TestRegulatoryLimit(RegulatedCase):
    """Where a 15-day limit ends. The legal calendar: Monday to Friday, National Day 1-7
    October 2026 a public holiday, Sunday 20 September and Saturday 10 October make-up
    working days."""

    def limit_end(self, *received, **vals):
        return self.regulated(received, **vals).date_regulatory_deadline

    def test_the_day_of_receipt_is_not_counted_and_the_last_day_ends_at_midnight(self):
        # Received Monday 2 November 2026: day 1 is Tuesday 3, day 15 Tuesday 17 November.
        complaint = self.regulated((2026, 11, 2, 10, 0))
        self.assertEqual(complaint.date_regulatory_deadline, self.utc(2026, 11, 17, 23, 59, 59))
        self.assertEqual(complaint.regulatory_limit_days, 15)
        self.assertEqual(complaint.regulatory_result, "pending")
        clock = complaint._regulatory_step()
        self.assertEqual((clock.state, clock.user_id), ("open", self.desk), "the desk owns it")
        for received, last_day in (
            ((2026, 11, 2, 0, 0), (2026, 11, 17)),  # the whole day of receipt is free
            ((2026, 11, 2, 23, 59), (2026, 11, 17)),
            ((2026, 11, 3, 0, 1), (2026, 11, 18)),  # a minute later, a day later
        ):
            with self.subTest(received=received):
                self.assertEqual(self.limit_end(*received), self.utc(*last_day, 23, 59, 59))

    def test_a_last_day_on_a_weekend_moves_to_monday(self):
        # Friday 6 November + 15 days = Saturday 21: the limit ends Monday 23.
        self.assertEqual(self.limit_end(2026, 11, 6, 9, 0), self.utc(2026, 11, 23, 23, 59, 59))
        # Saturday 7 + 15 = Sunday 22: Monday 23 too.
        self.assertEqual(self.limit_end(2026, 11, 7, 9, 0), self.utc(2026, 11, 23, 23, 59, 59))
        # Thursday 5 + 15 = Friday 20: a working day, unmoved.
        self.assertEqual(self.limit_end(2026, 11, 5, 9, 0), self.utc(2026, 11, 20, 23, 59, 59))

    def test_a_last_day_in_a_public_holiday_moves_to_the_first_working_day_after_it(self):
        # Thursday 17 September + 15 = Friday 2 October, in the National Day holiday
        # (1-7 October, weekend included): the limit ends Thursday 8 October.
        self.assertEqual(self.limit_end(2026, 9, 17, 15, 0), self.utc(2026, 10, 8, 23, 59, 59))

    def test_a_make_up_working_day_is_a_working_day(self):
        # Friday 25 September + 15 = Saturday 10 October, a make-up working day: it stays.
        self.assertEqual(self.limit_end(2026, 9, 25, 10, 0), self.utc(2026, 10, 10, 23, 59, 59))
        # Saturday 5 September + 15 = Sunday 20 September, a make-up working day.
        self.assertEqual(self.limit_end(2026, 9, 5, 10, 0), self.utc(2026, 9, 20, 23, 59, 59))
        # Without the make-up day, Saturday 10 October would move to Monday 12.
        self.calendar.complaint_workday_ids.filtered(lambda d: d.date.day == 10).unlink()
        self.assertEqual(self.limit_end(2026, 9, 25, 10, 0), self.utc(2026, 10, 12, 23, 59, 59))

    def test_the_legal_calendar_not_the_opening_hours_decides(self):
        """Branches open at weekends: their calendar would leave no rest day at all."""
        every_day = self.env["resource.calendar"].create(
            {
                "name": "Branches 7/7",
                "tz": "Asia/Shanghai",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {"name": str(d), "dayofweek": str(d), "hour_from": 9, "hour_to": 17}
                    )
                    for d in range(7)
                ],
            }
        )
        self.company.complaint_calendar_id = every_day
        self.assertEqual(self.limit_end(2026, 11, 6, 9, 0), self.utc(2026, 11, 23, 23, 59, 59))
        self.company.complaint_legal_calendar_id = False
        self.assertEqual(
            self.limit_end(2026, 11, 6, 9, 0),
            self.utc(2026, 11, 21, 23, 59, 59),
            "without a legal calendar, the working calendar's rest days count",
        )

    def test_the_count_is_configurable(self):
        """A regime whose lawyers read the period as plain calendar days never moves it."""
        calendar_days = self.regime.copy({"code": "plain_days", "day_count": "calendar"})
        self.company.complaint_regime_id = calendar_days
        self.assertEqual(self.limit_end(2026, 11, 6, 9, 0), self.utc(2026, 11, 21, 23, 59, 59))

    def test_a_decision_at_23_59_of_the_last_day_is_on_time_at_00_00_late(self):
        for moment, result in (
            ((2026, 11, 17, 23, 59), "on_time"),
            ((2026, 11, 18, 0, 0), "late"),
        ):
            with self.subTest(sent=moment):
                complaint = self.regulated((2026, 11, 2, 10, 0))
                with freeze_time(self.utc(2026, 11, 3, 10, 0)):
                    self.walk(complaint, "customer")
                    self.decide(complaint)
                with freeze_time(self.utc(*moment)):
                    self.as_user(complaint, self.desk)._action_send_decision("email")
                self.assertEqual(complaint.regulatory_result, result)
                self.assertEqual(complaint.regulatory_limit_met, result == "on_time")
                self.assertEqual(complaint.date_regulatory_met, self.utc(*moment))
                clock = complaint._regulatory_step()
                self.assertEqual(clock.state, "done")
                self.assertEqual(clock.is_late, result == "late")
                self.assertEqual(
                    complaint.regulatory_status, "met" if result == "on_time" else "late"
                )

    def test_the_first_contact_or_invalidity_explanation_meets_it(self):
        with freeze_time(self.utc(2026, 11, 2, 11, 0)):
            resolved = self.regulated()
            self.as_user(resolved, self.desk)._action_resolve_first_contact("Explained the fee.")
        self.assertEqual(resolved.regulatory_result, "on_time")
        self.assertEqual(resolved.date_regulatory_met, self.utc(2026, 11, 2, 11, 0))

        invalid = self.regulated((2026, 11, 2, 10, 0))
        with freeze_time(self.utc(2026, 11, 4, 10, 0)):
            desk = self.as_user(invalid, self.desk)
            desk._action_decide_validity("invalid", "The shop decides.", "The merchant")
        self.assertEqual(
            invalid._regulatory_step().state, "open", "judging it is not telling the customer"
        )
        with freeze_time(self.utc(2026, 11, 25, 10, 0)):
            desk._action_give_feedback("Explained who is competent.")
        self.assertEqual(invalid.regulatory_result, "late")

    def test_no_workflow_step_resets_or_cancels_it(self):
        complaint = self.regulated((2026, 11, 2, 10, 0))
        clock = complaint._regulatory_step()
        with freeze_time(self.utc(2026, 11, 3, 10, 0)):
            self.walk(complaint, "investigating")
            self.as_user(complaint, self.handler)._action_decide_validity(
                "special", "The fee was charged under the card terms."
            )
            complaint._cancel_steps()  # every step the path skips
            complaint._cancel_steps(["regulatory"])
        self.assertEqual(complaint.step_ids.filtered(lambda s: s.step_type == "regulatory"), clock)
        self.assertEqual(clock.state, "open")
        self.assertEqual(clock.date_deadline, self.utc(2026, 11, 17, 23, 59, 59))
        self.assertEqual(complaint.date_regulatory_deadline, self.utc(2026, 11, 17, 23, 59, 59))
        # A change of grade replans every open step: the clock does not move.
        self.as_user(complaint, self.desk)._action_change_grade(self.grades[2], "Litigation")
        self.assertEqual(clock.date_deadline, self.utc(2026, 11, 17, 23, 59, 59))

    def test_it_is_escalated_like_a_step_deadline(self):
        complaint = self.regulated((2026, 11, 2, 10, 0))
        clock = complaint._regulatory_step()
        Step = self.env["complaint.step"]
        with freeze_time(clock.date_at_risk):
            Step._cron_escalate()
        self.env.invalidate_all()
        reminder = complaint.escalation_ids.filtered(lambda e: e.step_type == "regulatory")
        self.assertEqual(reminder.mapped("kind"), ["reminder"])
        self.assertEqual(reminder.user_id, self.desk)
        with freeze_time(self.utc(2026, 11, 18, 0, 0, 30)):
            Step._cron_escalate()
            self.env.invalidate_all()
            self.assertEqual(complaint.regulatory_status, "overdue")
            self.assertIn(complaint, complaint.search([("regulatory_status", "=", "overdue")]))
        self.assertTrue(clock.date_breached, "the breach is recorded")
        self.assertTrue(clock.is_late)
        escalations = complaint.escalation_ids.filtered(
            lambda e: e.step_type == "regulatory" and e.kind == "escalation"
        )
        self.assertTrue(escalations, "escalated up the grade's chain")


@tagged("post_install", "-at_install")
class TestExtensions(RegulatedCase):
    """A complex case extended to 30 days (no approval), a particularly complex one by a
    further 30 (the general manager approves); each with a reason, asked and granted before
    the current limit ends, the complainant told."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Received Monday 2 November 2026: 15 days end Tuesday 17 November, 30 days
        # Wednesday 2 December, 60 days Friday 1 January 2027.
        cls.complaint = cls.regulated((2026, 11, 2, 10, 0))
        with freeze_time(cls.utc(2026, 11, 3, 10, 0)):
            cls.walk(cls.complaint, "investigating")
        cls.as_handler = cls.as_user(cls.complaint, cls.handler)

    def extend(self, when, reason="The card scheme must send its records.", user=None):
        with freeze_time(self.utc(*when)):
            complaint = self.as_user(self.complaint, user or self.handler)
            return complaint._action_request_extension(reason, "email")

    def test_the_first_extension_needs_no_approval_and_tells_the_complainant(self):
        extension = self.extend((2026, 11, 10, 15, 0))
        self.assertEqual(extension.state, "granted")
        self.assertEqual(extension.limit_days, 30)
        self.assertEqual(extension.reason, "The card scheme must send its records.")
        self.assertEqual(extension.requested_by_id, self.handler)
        self.assertEqual(extension.approved_by_id, self.handler)
        self.assertEqual(extension.date_approved, self.utc(2026, 11, 10, 15, 0))
        self.assertEqual(extension.date_limit_before, self.utc(2026, 11, 17, 23, 59, 59))
        self.assertEqual(extension.date_limit_after, self.utc(2026, 12, 2, 23, 59, 59))
        self.assertEqual(self.complaint.date_regulatory_deadline, self.utc(2026, 12, 2, 23, 59, 59))
        self.assertEqual(
            self.complaint._regulatory_step().date_deadline, self.utc(2026, 12, 2, 23, 59, 59)
        )
        self.assertEqual((self.complaint.extension_count, self.complaint.is_extended), (1, True))
        # The notice: a mail to the complainant, through the queue, logged on the complaint.
        notice = extension.notice_message_id
        self.assertEqual(extension.date_notice, self.utc(2026, 11, 10, 15, 0))
        self.assertIn(self.partner, notice.partner_ids)
        self.assertIn("2026-12-02", notice.body)
        self.assertIn("The card scheme must send its records.", notice.body)
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("mail_message_id", "=", notice.id), ("recipient_ids", "in", self.partner.ids)]
            )
        )
        self.assertEqual(mail.state, "outgoing", "queued, not sent inside the transaction")

    def test_the_second_extension_waits_for_the_higher_levels_approval(self):
        self.extend((2026, 11, 10, 15, 0))
        second = self.extend((2026, 11, 30, 9, 0), "The scheme's arbitration is pending.")
        self.assertEqual(second.state, "to_approve")
        self.assertEqual(second.approver_id, self.gm)
        self.assertEqual(self.complaint.regulatory_limit_days, 30, "not extended without approval")
        self.assertEqual(self.complaint.date_regulatory_deadline, self.utc(2026, 12, 2, 23, 59, 59))
        self.assertTrue(self.complaint.with_user(self.gm).can_approve_extension)
        self.assertFalse(self.complaint.with_user(self.handler).can_approve_extension)
        with self.assertRaises(AccessError), freeze_time(self.utc(2026, 11, 30, 10, 0)):
            self.as_handler.action_approve_extension()
        with freeze_time(self.utc(2026, 12, 1, 10, 0)):
            self.as_user(self.complaint, self.gm).action_approve_extension()
        self.assertEqual(second.state, "granted")
        self.assertEqual(
            (second.approved_by_id, second.date_approved), (self.gm, self.utc(2026, 12, 1, 10, 0))
        )
        self.assertEqual(self.complaint.regulatory_limit_days, 60)
        self.assertEqual(self.complaint.date_regulatory_deadline, self.utc(2027, 1, 1, 23, 59, 59))
        self.assertEqual(self.complaint.extension_count, 2)
        self.assertTrue(second.notice_message_id)
        # No third extension.
        with self.assertRaisesRegex(UserError, "60 days"):
            self.extend((2026, 12, 10, 9, 0))

    def test_a_refused_extension_keeps_the_limit(self):
        self.extend((2026, 11, 10, 15, 0))
        second = self.extend((2026, 11, 30, 9, 0), "More time, please.")
        with freeze_time(self.utc(2026, 11, 30, 11, 0)):
            wizard = (
                self.env["complaint.regulatory.wizard"]
                .with_user(self.gm)
                .create(
                    {
                        "complaint_id": self.complaint.id,
                        "action": "refuse_extension",
                        "note": "Decide now.",
                    }
                )
            )
            wizard.action_confirm()
        self.assertEqual((second.state, second.refusal_note), ("refused", "Decide now."))
        self.assertEqual(self.complaint.regulatory_limit_days, 30)
        self.assertFalse(self.complaint.extension_pending)

    def test_an_extension_asked_after_the_limit_passed_is_refused(self):
        with self.assertRaisesRegex(UserError, "ended on 2026-11-17 23:59"):
            self.extend((2026, 11, 18, 0, 0))
        self.assertFalse(self.complaint.extension_ids, "nothing recorded")
        self.assertEqual(self.complaint.regulatory_limit_days, 15)

    def test_an_approval_after_the_limit_passed_extends_nothing(self):
        self.extend((2026, 11, 10, 15, 0))
        second = self.extend((2026, 12, 2, 20, 0))
        with (
            self.assertRaisesRegex(UserError, "before the limit ends"),
            freeze_time(self.utc(2026, 12, 3, 9, 0)),
        ):
            self.as_user(self.complaint, self.gm).action_approve_extension()
        self.assertEqual(second.state, "to_approve")
        self.assertEqual(self.complaint.regulatory_limit_days, 30)

    def test_an_extension_needs_a_reason_and_someone_handling_the_complaint(self):
        with self.assertRaisesRegex(UserError, "reason"):
            self.extend((2026, 11, 10, 15, 0), reason="  ")
        for user in (self.it_handler, self.compliance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.extend((2026, 11, 10, 15, 0), user=user)
        self.assertFalse(self.complaint.extension_ids)
        self.assertEqual(self.extend((2026, 11, 10, 15, 0), user=self.desk).state, "granted")

    def test_reminders_restart_for_the_new_limit(self):
        clock = self.complaint._regulatory_step()
        with freeze_time(clock.date_at_risk):
            self.env["complaint.step"]._cron_escalate()
        self.env.invalidate_all()
        self.assertEqual(clock.escalation_level, 1, "the at-risk reminder was sent")
        self.extend((2026, 11, 14, 10, 0))
        self.assertEqual(clock.escalation_level, 0)
        self.assertEqual(clock.date_next_action, clock.date_at_risk)
        self.assertGreater(clock.date_at_risk, datetime(2026, 11, 20))

    def test_the_wizard_says_what_the_next_extension_is(self):
        wizard = (
            self.env["complaint.regulatory.wizard"]
            .with_user(self.handler)
            .create({"complaint_id": self.complaint.id, "action": "extend"})
        )
        self.assertIn("30", wizard.next_extension)
        self.assertIn("no approval", wizard.next_extension)


@tagged("post_install", "-at_install")
class TestOutsideTheRegime(RegulatedCase):
    """A company under no regime sees none of it; a regime applies to what is received
    while it is set."""

    def test_no_clock_no_regulatory_step(self):
        before = self.regulated((2026, 11, 2, 10, 0))
        self.company.complaint_regime_id = False
        complaint = self.create_complaint()
        self.assertFalse(complaint.regime_id)
        self.assertFalse(complaint.regulated)
        self.assertFalse(complaint.step_ids.filtered(lambda s: s.step_type == "regulatory"))
        self.assertFalse(complaint.demand_ids)
        desk = self.as_user(complaint, self.desk)
        for action in (
            lambda: desk._action_withdraw(complaint.date_received, "phone"),
            lambda: desk._action_request_extension("Complex.", "email"),
            lambda: desk._action_declare_interest("My cousin."),
        ):
            with (
                self.subTest(action=action),
                self.assertRaisesRegex(UserError, "regulatory regime"),
            ):
                action()
        self.assertEqual(before.regime_id, self.regime, "received under the regime, it stays")
        self.assertTrue(before._regulatory_step())

    def test_its_columns_and_filters_are_hidden_from_users_of_unregulated_companies(self):
        Complaint = self.env["complaint.complaint"].with_user(self.desk).with_company(self.company)
        regulated = Complaint.get_views([(False, "list"), (False, "search")])["views"]
        self.company.complaint_regime_id = False
        plain = Complaint.get_views([(False, "list"), (False, "search")])["views"]
        for views, hidden in ((regulated, False), (plain, True)):
            with self.subTest(hidden=hidden):
                column = etree.fromstring(views["list"]["arch"]).find(
                    ".//field[@name='date_regulatory_deadline']"
                )
                self.assertEqual(column.get("column_invisible") == "True", hidden)
                search = etree.fromstring(views["search"]["arch"]).find(
                    ".//filter[@name='regulatory_withdrawn']"
                )
                self.assertEqual(search.get("invisible") == "1", hidden)

    def test_its_menus_show_only_while_a_company_works_under_a_regime(self):
        menu = self.env.ref("complaint_management.complaint_regulatory_export_menu")
        self.assertTrue(menu.active)
        regulated = self.env["res.company"].search([("complaint_regime_id", "!=", False)])
        regulated.complaint_regime_id = False
        self.assertFalse(menu.active)
        self.company.complaint_regime_id = self.regime
        self.assertTrue(menu.active)
