from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import Form, tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestWorkingCalendar(ComplaintCase):
    """Deadlines count working time on the company's Shanghai calendar
    (Mon-Fri 9:00-12:00 and 13:00-18:00, 8 hours a day)."""

    def plan(self, start, amount, unit):
        return self.calendar._complaint_plan(start, amount, unit)

    def test_working_hours_skip_lunch_nights_and_weekends(self):
        # Monday 2026-11-23 11:00 + 2 working hours: 11-12, then 13-14.
        self.assertEqual(
            self.plan(self.utc(2026, 11, 23, 11), 2, "working_hours"), self.utc(2026, 11, 23, 14)
        )
        # Friday 17:00 + 2 working hours: 17-18, then Monday 9-10.
        self.assertEqual(
            self.plan(self.utc(2026, 11, 27, 17), 2, "working_hours"), self.utc(2026, 11, 30, 10)
        )
        # Received on Saturday: counting starts Monday 9:00.
        self.assertEqual(
            self.plan(self.utc(2026, 11, 28, 10), 1, "working_hours"), self.utc(2026, 11, 30, 10)
        )

    def test_working_days_are_days_of_working_hours(self):
        # Friday 10:00 + 1 working day = Monday 10:00.
        self.assertEqual(
            self.plan(self.utc(2026, 11, 27, 10), 1, "working_days"), self.utc(2026, 11, 30, 10)
        )
        # Wednesday 15:00 + 3 working days = Monday 15:00.
        self.assertEqual(
            self.plan(self.utc(2026, 11, 25, 15), 3, "working_days"), self.utc(2026, 11, 30, 15)
        )

    def test_calendar_units_ignore_the_calendar(self):
        start = self.utc(2026, 11, 28, 10)  # a Saturday
        self.assertEqual(self.plan(start, 24, "calendar_hours"), start + timedelta(hours=24))
        self.assertEqual(self.plan(start, 15, "calendar_days"), start + timedelta(days=15))

    def test_public_holidays_are_skipped(self):
        friday = self.utc(2026, 11, 27, 17)
        self.assertEqual(self.plan(friday, 2, "working_hours"), self.utc(2026, 11, 30, 10))
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": self.utc(2026, 11, 30, 0),
                "date_to": self.utc(2026, 11, 30, 23, 59, 59),
            }
        )
        self.assertEqual(
            self.plan(friday, 2, "working_hours"),
            self.utc(2026, 12, 1, 10),
            "a holiday added later moves the deadline (no stale cache)",
        )

    def test_make_up_working_days_count(self):
        """调休: the Saturday before a long holiday is a working day."""
        friday = self.utc(2026, 2, 13, 17)
        self.assertEqual(self.plan(friday, 2, "working_hours"), self.utc(2026, 2, 16, 10))
        self.calendar.write(
            {
                "complaint_workday_ids": [
                    Command.create(
                        {"date": date(2026, 2, 14), "name": "Spring Festival", "works_as": "0"}
                    )
                ]
            }
        )
        self.assertEqual(self.plan(friday, 2, "working_hours"), self.utc(2026, 2, 14, 10))
        hours = self.calendar._complaint_working_hours_between(
            self.utc(2026, 2, 13, 9), self.utc(2026, 2, 15, 23)
        )
        self.assertEqual(hours, 16.0, "Friday and the make-up Saturday")

    def test_spring_festival_schedule(self):
        """A week of holidays with make-up days on both sides, as the State Council sets it."""
        Leave = self.env["resource.calendar.leaves"]
        Leave.create(
            {
                "name": "Spring Festival",
                "calendar_id": self.calendar.id,
                "date_from": self.utc(2026, 2, 15, 0),
                "date_to": self.utc(2026, 2, 23, 23, 59, 59),
            }
        )
        self.calendar.complaint_workday_ids = [
            Command.create({"date": date(2026, 2, 14), "works_as": "0"}),
            Command.create({"date": date(2026, 2, 28), "works_as": "0"}),
        ]
        # Friday 13th 10:00 + 3 working days (24 h): Friday 7 h, make-up Saturday 8 h, the
        # holiday from Sunday 15th to Monday 23rd, Tuesday 24th 8 h, Wednesday 9:00-10:00.
        self.assertEqual(
            self.plan(self.utc(2026, 2, 13, 10), 3, "working_days"), self.utc(2026, 2, 25, 10)
        )

    def test_time_zone_of_the_user_does_not_matter(self):
        """A desk employee in Paris registers a complaint: deadlines follow the company's
        Shanghai calendar."""
        self.desk.tz = "Europe/Paris"
        with freeze_time(self.utc(2026, 11, 27, 17, 30)):  # Friday 17:30 in Shanghai
            complaint = self.create_complaint()
        dispatch = complaint.step_ids.filtered(lambda s: s.step_type == "dispatch")
        self.assertEqual(dispatch.date_deadline, self.utc(2026, 11, 30, 9, 30))

    def test_department_calendar_counts_department_steps(self):
        night_shift = self.env["resource.calendar"].create(
            {
                "name": "IT 24/7",
                "tz": "Asia/Shanghai",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {"name": str(d), "dayofweek": str(d), "hour_from": 0, "hour_to": 24}
                    )
                    for d in range(7)
                ],
            }
        )
        self.dep_it.complaint_calendar_id = night_shift
        with freeze_time(self.utc(2026, 11, 27, 17, 0)):  # Friday 17:00
            complaint = self.create_complaint()
            self.dispatch(complaint, self.dep_it, self.it_handler)
        start = complaint.step_ids.filtered(lambda s: s.step_type == "start")
        self.assertEqual(start.date_deadline, self.utc(2026, 11, 27, 19, 0), "2 h on IT's 24/7")


@tagged("post_install", "-at_install")
class TestStepDeadlines(ComplaintCase):
    def test_step_deadlines_follow_the_grade(self):
        with freeze_time(self.utc(2026, 11, 23, 10, 0)):  # Monday 10:00
            complaint = self.create_complaint()
            steps = {s.step_type: s for s in complaint.step_ids}
            self.assertEqual(steps["dispatch"].date_deadline, self.utc(2026, 11, 23, 11, 0))
            self.assertEqual(steps["dispatch"].date_at_risk, self.utc(2026, 11, 23, 10, 45))
            self.assertEqual(steps["plan"].date_deadline, self.utc(2026, 11, 23, 22, 0))
            serious = self.create_complaint(complainant_count=5)
            plan = serious.step_ids.filtered(lambda s: s.step_type == "plan")
            self.assertEqual(plan.date_deadline, self.utc(2026, 11, 24, 10, 0))

    def test_deadlines_are_configurable_per_grade_and_step(self):
        rule = self.grades[4]._get_deadline_rule("dispatch")
        rule.write({"amount": 1, "unit": "working_days"})
        with freeze_time(self.utc(2026, 11, 23, 10, 0)):
            complaint = self.create_complaint()
        dispatch = complaint.step_ids.filtered(lambda s: s.step_type == "dispatch")
        self.assertEqual(dispatch.date_deadline, self.utc(2026, 11, 24, 10, 0))

    def test_status_on_time_at_risk_overdue(self):
        with freeze_time(self.utc(2026, 11, 23, 10, 0)):
            complaint = self.create_complaint()
        Complaint = self.env["complaint.complaint"]
        mine = [("id", "=", complaint.id)]
        with freeze_time(self.utc(2026, 11, 23, 10, 30)):
            complaint.invalidate_recordset(["deadline_status"])
            self.assertEqual(complaint.deadline_status, "on_time")
            self.assertFalse(Complaint.search(mine + [("is_overdue", "=", True)]))
        with freeze_time(self.utc(2026, 11, 23, 10, 50)):
            complaint.invalidate_recordset(["deadline_status"])
            self.assertEqual(complaint.deadline_status, "at_risk")
            self.assertTrue(Complaint.search(mine + [("deadline_status", "=", "at_risk")]))
        with freeze_time(self.utc(2026, 11, 23, 11, 30)):
            complaint.invalidate_recordset(["deadline_status"])
            self.assertEqual(complaint.deadline_status, "overdue")
            self.assertTrue(Complaint.search(mine + [("is_overdue", "=", True)]))
            self.assertFalse(Complaint.search(mine + [("deadline_status", "=", "on_time")]))
            step = complaint.step_ids.filtered(lambda s: s.step_type == "dispatch")
            self.assertEqual(step.deadline_status, "overdue")
            self.assertIn(
                step,
                self.env["complaint.step"].search([("deadline_status", "in", ["overdue"])]),
            )

    def test_each_step_records_when_it_was_done_and_if_late(self):
        with freeze_time(self.utc(2026, 11, 23, 10, 0)):
            on_time = self.create_complaint()
            late = self.create_complaint()
        with freeze_time(self.utc(2026, 11, 23, 10, 20)):
            self.dispatch(on_time)
        with freeze_time(self.utc(2026, 11, 23, 14, 0)):
            self.dispatch(late)
        good = on_time.step_ids.filtered(lambda s: s.step_type == "dispatch")
        bad = late.step_ids.filtered(lambda s: s.step_type == "dispatch")
        self.assertEqual(good.date_done, self.utc(2026, 11, 23, 10, 20))
        self.assertFalse(good.is_late)
        self.assertEqual(good.deadline_status, "done_on_time")
        self.assertTrue(bad.is_late)
        self.assertEqual(bad.deadline_status, "done_late")
        late_steps = self.env["complaint.step"]._read_group(
            [("complaint_id", "in", (on_time | late).ids), ("step_type", "=", "dispatch")],
            ["is_late"],
            ["__count"],
        )
        self.assertEqual(dict(late_steps), {False: 1, True: 1}, "on-time rate is one query")

    def test_replanned_step_keeps_history(self):
        complaint = self.walk(self.create_complaint(), "customer")
        self.as_user(complaint.plan_id, self.desk)._action_customer_refuse("Too little")
        plan_steps = complaint.step_ids.filtered(lambda s: s.step_type == "plan")
        self.assertEqual(plan_steps.mapped("state"), ["done", "open"])

    def test_complaint_list_filters(self):
        with freeze_time(self.utc(2026, 11, 23, 10, 0)):
            complaint = self.create_complaint()
        with freeze_time(self.utc(2026, 11, 24, 10, 0)):
            found = (
                self.env["complaint.complaint"]
                .with_user(self.desk)
                .search([("deadline_status", "=", "overdue"), ("id", "=", complaint.id)])
            )
            self.assertEqual(found, complaint)
            mine = (
                self.env["complaint.complaint"]
                .with_user(self.desk)
                .search([("is_mine", "=", True), ("id", "=", complaint.id)])
            )
            self.assertEqual(mine, complaint)

    def test_registration_form_defaults(self):
        form = Form(self.env["complaint.complaint"].with_user(self.desk).with_company(self.company))
        form.title = "Card swallowed"
        form.description = "<p>The ATM kept the card.</p>"
        form.partner_id = self.partner
        form.channel_id = self.channel
        complaint = form.save()
        self.assertEqual(complaint.receiver_id, self.desk)
        self.assertEqual(complaint.feedback_preference, "phone")
        self.assertTrue(abs((complaint.date_received - datetime.now()).total_seconds()) < 120)
