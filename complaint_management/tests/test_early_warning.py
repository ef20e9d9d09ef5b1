"""Early warning from the data (SPEC.md "Crisis handling and prevention"): surges of a
category, object or unit against their usual weekly rate (just above and just below the
threshold and the minimum), repeated complaints about one employee or unit, several
complaints rising to level 2 within a day; one warning per episode, ended when the
condition no longer holds and raised again only then; the supervisor group notified and
shown on the dashboard; the job's query count independent of the number of complaints."""

import itertools
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import ComplaintCase

_names = itertools.count(1)


@tagged("post_install", "-at_install")
class TestEarlyWarning(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now().replace(microsecond=0)
        Category = cls.env["complaint.category"]
        cls.cat_a = Category.create({"name": "Wealth products", "code": "EW-A"})
        cls.cat_b = Category.create({"name": "Safe boxes", "code": "EW-B"})
        cls.cat_quiet = Category.create({"name": "Quiet", "code": "EW-Q"})
        cls.template = cls.create_complaint(
            title="Template",
            concerned_object=False,
            category_id=cls.cat_quiet.id,
            date_received=cls.now - timedelta(days=400),
        )
        cls.clerk = (
            cls.env["hr.employee"]
            .with_company(cls.company)
            .create({"name": "Clerk Zhao", "department_id": cls.dep_branch.id})
        )
        cls.env.flush_all()

    # ------------------------------------------------------------------ helpers
    def add(self, count, days_ago, category=None, obj=None, unit=None, employee=None):
        """``count`` copies of the template received ``days_ago`` days ago (in one
        statement), with their category, object, unit and employee complained about."""
        cr = self.env.cr
        self.env.flush_all()
        values = {
            "date_received": self.now - timedelta(days=days_ago),
            "category_id": (category or self.cat_quiet).id,
            "concerned_object": obj,
        }
        cr.execute(
            """SELECT column_name FROM information_schema.columns
                WHERE table_name = 'complaint_complaint' AND column_name NOT IN %s""",
            (("id", "name", *values),),
        )
        columns = ", ".join(f'"{name}"' for (name,) in cr.fetchall())
        prefix = f"EW{next(_names)}-"
        cr.execute(
            f"""INSERT INTO complaint_complaint ({columns}, name, date_received, category_id,
                                                concerned_object)
                SELECT {columns}, %s || g, %s, %s, %s
                  FROM complaint_complaint, generate_series(1, %s) g
                 WHERE id = %s
             RETURNING id""",
            (prefix, *values.values(), count, self.template.id),
        )
        ids = [row[0] for row in cr.fetchall()]
        for rel, column, record in (
            ("complaint_complaint_complained_department_rel", "department_id", unit),
            ("complaint_complaint_complained_employee_rel", "employee_id", employee),
        ):
            if record:
                cr.execute(
                    f"INSERT INTO {rel} (complaint_id, {column}) SELECT unnest(%s), %s",
                    (ids, record.id),
                )
        self.env.invalidate_all()
        return self.env["complaint.complaint"].browse(ids)

    def baseline(self, per_week, **kw):
        """``per_week`` complaints in each of the 8 weeks before the last 7 days."""
        for week in range(8):
            self.add(per_week, 8 + 7 * week + 1, **kw)

    def run_job(self, now=None):
        return self.env["complaint.warning"]._cron_early_warning(now=now or self.now)

    def warnings(self, **domain):
        Warnings = self.env["complaint.warning"]
        return Warnings.search(
            [("company_id", "=", self.company.id)] + [(k, "=", v) for k, v in domain.items()]
        )

    # ------------------------------------------------------------------ surges
    def test_a_surge_just_above_the_threshold(self):
        """Usually 2 a week, multiple 2.0: 4 in the last 7 days is not a surge, 5 is."""
        self.baseline(2, category=self.cat_a)
        self.add(4, 1, category=self.cat_a)
        self.run_job()
        self.assertFalse(self.warnings(rule="surge_category", category_id=self.cat_a.id))
        recent = self.add(1, 2, category=self.cat_a)
        self.run_job()
        warning = self.warnings(rule="surge_category", category_id=self.cat_a.id)
        self.assertEqual(len(warning), 1)
        self.assertEqual(warning.complaint_count, 5)
        self.assertEqual(warning.usual_weekly, 2.0)
        self.assertEqual(warning.threshold, 4.0)
        self.assertEqual(len(warning.complaint_ids), 5)
        self.assertIn(recent, warning.complaint_ids)
        self.assertEqual(warning.state, "open")

    def test_the_multiple_is_a_company_setting(self):
        self.baseline(2, category=self.cat_a)
        self.add(5, 1, category=self.cat_a)
        self.company.complaint_warning_surge_factor = 3.0
        self.run_job()
        self.assertFalse(self.warnings(rule="surge_category"))
        self.company.complaint_warning_surge_factor = 2.0
        self.run_job()
        self.assertTrue(self.warnings(rule="surge_category"))

    def test_the_minimum_count(self):
        """Nothing usually: 2 complaints are below the minimum of 3, 3 are a surge."""
        self.add(2, 1, category=self.cat_b)
        self.run_job()
        self.assertFalse(self.warnings(rule="surge_category", category_id=self.cat_b.id))
        self.add(1, 3, category=self.cat_b)
        self.run_job()
        self.assertEqual(len(self.warnings(rule="surge_category", category_id=self.cat_b.id)), 1)

    def test_a_surge_about_an_object_and_a_unit(self):
        self.add(3, 1, obj="Mobile app", unit=self.dep_it)
        self.run_job()
        self.assertEqual(self.warnings(rule="surge_object").concerned_object, "Mobile app")
        self.assertEqual(self.warnings(rule="surge_unit").department_id, self.dep_it)

    # ------------------------------------------------------------------ episodes
    def test_one_warning_per_episode_raised_again_after_it_ended(self):
        self.add(3, 1, category=self.cat_b)
        for _run in range(3):
            self.run_job()
        warning = self.warnings(rule="surge_category", category_id=self.cat_b.id)
        self.assertEqual(len(warning), 1, "one warning however often the job runs")
        # A complaint more: the same episode, its figures brought up to date.
        self.add(1, 0, category=self.cat_b)
        self.run_job()
        self.assertEqual(self.warnings(rule="surge_category", category_id=self.cat_b.id), warning)
        self.assertEqual(warning.complaint_count, 4)
        # Ten days later the surge is over: the warning ends.
        later = self.now + timedelta(days=10)
        self.run_job(later)
        self.assertEqual(warning.state, "ended")
        self.assertTrue(warning.date_end)
        self.run_job(later)
        self.assertFalse(self.warnings(rule="surge_category", state="open"))
        # A new surge: a new warning.
        self.add(4, -9, category=self.cat_b)  # received 9 days after self.now
        self.run_job(later)
        raised = self.warnings(rule="surge_category", category_id=self.cat_b.id)
        self.assertEqual(len(raised), 2)
        self.assertEqual(sorted(raised.mapped("state")), ["ended", "open"])

    # ------------------------------------------------------------------ repeats
    def test_repeated_complaints_about_one_employee(self):
        self.add(1, 25, employee=self.clerk)
        self.add(1, 40, employee=self.clerk)  # outside the 30 days
        self.add(1, 3, employee=self.clerk)
        self.run_job()
        self.assertFalse(self.warnings(rule="repeat_employee"))
        third = self.add(1, 1, employee=self.clerk)
        self.run_job()
        warning = self.warnings(rule="repeat_employee")
        self.assertEqual(warning.employee_id, self.clerk)
        self.assertEqual(warning.complaint_count, 3)
        self.assertIn(third, warning.complaint_ids)

    def test_repeated_complaints_about_one_unit(self):
        self.company.complaint_warning_repeat_count = 2
        self.add(1, 20, unit=self.dep_branch)
        self.add(1, 10, unit=self.dep_branch)
        self.run_job()
        self.assertEqual(self.warnings(rule="repeat_unit").department_id, self.dep_branch)

    # ------------------------------------------------------------------ level 2
    def test_several_complaints_rising_to_level_2_within_a_day(self):
        History = self.env["complaint.grade.history"].sudo()
        complaints = self.add(3, 0)

        def rise(complaint, hours_ago):
            History.create(
                {
                    "complaint_id": complaint.id,
                    "old_grade_id": self.grades[4].id,
                    "new_grade_id": self.grades[2].id,
                    "reason": "Same problem from three complainants.",
                    "date": self.now - timedelta(hours=hours_ago),
                }
            )

        rise(complaints[0], 30)  # more than a day ago
        rise(complaints[1], 5)
        rise(complaints[2], 2)
        self.run_job()
        self.assertFalse(self.warnings(rule="level2"))
        rise(complaints[0], 1)
        self.run_job()
        warning = self.warnings(rule="level2")
        self.assertEqual(warning.complaint_ids, complaints)

    # ------------------------------------------------------------------ who is told
    def test_the_supervisor_group_is_notified_and_sees_it_on_the_dashboard(self):
        self.add(3, 1, category=self.cat_b)
        self.run_job()
        warning = self.warnings(rule="surge_category")
        notices = warning.message_ids.filtered(lambda m: "Early warning" in (m.body or ""))
        self.assertEqual(len(notices), 1)
        self.assertIn(self.supervisor.partner_id, notices.partner_ids)
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", notices.ids)])
        self.assertEqual(set(mails.mapped("state")), {"outgoing"}, "through the mail queue")
        self.run_job()
        self.assertEqual(
            len(warning.message_ids.filtered(lambda m: "Early warning" in (m.body or ""))), 1
        )
        data = self.env["complaint.dashboard"].with_user(self.supervisor).get_dashboard_data()
        self.assertEqual(data["warnings"]["count"], len(self.warnings(state="open")))
        labels = [item["label"] for item in data["warnings"]["items"]]
        self.assertIn(warning.name, labels)
        item = data["warnings"]["items"][labels.index(warning.name)]
        self.assertEqual(
            self.env["complaint.complaint"].search(item["domain"]), warning.complaint_ids
        )
        # The desk sees no warnings.
        desk_data = self.env["complaint.dashboard"].with_user(self.desk).get_dashboard_data()
        self.assertEqual(desk_data["warnings"], {"count": 0, "items": []})
        self.assertFalse(self.env["complaint.warning"].with_user(self.desk).has_access("read"))

    # ------------------------------------------------------------------ speed
    def test_the_query_count_does_not_grow_with_the_complaints(self):
        self.add(3, 1, category=self.cat_b)
        self.add(3, 2, employee=self.clerk)
        self.run_job()  # raises the warnings
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.run_job()  # keeps them
        steady = self.env.cr.sql_log_count - before
        # Many more complaints, none changing any warning: old ones, spread over the weeks.
        for week in range(8):
            self.add(25, 10 + 7 * week, category=self.cat_a)
        self.env.invalidate_all()
        with self.assertQueryCount(steady):
            self.run_job()
        self.assertLessEqual(steady, 12)


@tagged("post_install", "-at_install", "is_tour")
class TestEarlyWarningTour(HttpCase):
    """The supervisor opens the dashboard and clicks an early warning through to its
    complaints (static/tests/tours/complaint_warning_tour.js)."""

    def test_the_dashboard_shows_the_warnings(self):
        supervisor = self.env.ref("complaint_management.user_demo_supervisor")
        complaints = self.env["complaint.complaint"].search(
            [("company_id", "=", supervisor.company_id.id)], limit=2
        )
        self.env["complaint.warning"].sudo().create(
            {
                "rule": "surge_category",
                "company_id": supervisor.company_id.id,
                "category_id": complaints[0].category_id.id,
                "complaint_count": 2,
                "complaint_ids": [Command.set(complaints.ids)],
            }
        )
        self.start_tour(
            "/odoo/action-complaint_management.complaint_dashboard_action",
            "complaint_warning_tour",
            login=supervisor.login,
            timeout=240,
        )
