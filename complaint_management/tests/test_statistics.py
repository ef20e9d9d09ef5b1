"""The figures of SPEC.md "Supervision" on the shared fixture of known complaints
(ComplaintFiguresCase): every measure, overall and in every breakdown, from the analysis
view and from the monthly statistics that read it; months cut at midnight in Shanghai;
the handling time on the working calendar (holidays out, make-up days in)."""

from datetime import date

from odoo.tests import tagged

from .common import ComplaintFiguresCase

OCTOBER = (date(2026, 10, 1), date(2026, 11, 1))
NOVEMBER = (date(2026, 11, 1), date(2026, 12, 1))
STEPS = ("dispatch", "start", "contact", "plan", "implement", "audit", "feedback", "revisit")

# October 2026 of the fixture, worked out by hand (see ComplaintFiguresCase).
# Received in October: handled, late, first, invalid, objection, it.
# Closed in October: handled (12 h), first (0.17 h), invalid (1 h), september (24 h).
OCTOBER_TOTAL = {
    "received": 6,
    "valid": 3,  # handled, late, it
    "closed": 4,
    "closure_rate": 50.0,  # handled, first, invalid of 6
    "repeat_rate": 16.7,  # the objection
    "satisfaction_rate": 100.0,  # handled, the only one revisited
    "regulator_referrals": 1,  # late
    "handling_hours": 9.3,  # (12 + 0.17 + 1 + 24) / 4
    "on_time_rate": 75.0,  # handled 100, late 0, invalid 100, it 100
    "on_time_dispatch": 66.7,  # handled, it on time; late late
    "on_time_start": 100.0,
    "on_time_contact": 100.0,
    "on_time_plan": 100.0,  # handled (late's plan is still open)
    "on_time_implement": 100.0,
    "on_time_audit": None,  # grade 4 results are never audited here
    "on_time_feedback": 100.0,  # handled, invalid (september's late one is September's)
    "on_time_revisit": 100.0,
}
EMPTY = {"on_time_" + step: None for step in STEPS}
OCTOBER_BY_DEPARTMENT = {
    "Operations": {
        **EMPTY,
        "received": 2,
        "valid": 2,
        "closed": 1,
        "closure_rate": 50.0,
        "repeat_rate": 0.0,
        "satisfaction_rate": 100.0,
        "regulator_referrals": 1,
        "handling_hours": 12.0,
        "on_time_rate": 50.0,
        "on_time_dispatch": 50.0,
        "on_time_start": 100.0,
        "on_time_contact": 100.0,
        "on_time_plan": 100.0,
        "on_time_implement": 100.0,
        "on_time_feedback": 100.0,
        "on_time_revisit": 100.0,
    },
    "IT": {
        **EMPTY,
        "received": 1,
        "valid": 1,
        "closed": 0,
        "closure_rate": 0.0,
        "repeat_rate": 0.0,
        "satisfaction_rate": None,
        "regulator_referrals": 0,
        "handling_hours": None,
        "on_time_rate": 100.0,
        "on_time_dispatch": 100.0,
    },
    "No Department (Service Desk)": {
        **EMPTY,
        "received": 3,  # first, invalid, objection
        "valid": 0,
        "closed": 3,  # first, invalid, september
        "closure_rate": 66.7,
        "repeat_rate": 33.3,
        "satisfaction_rate": None,
        "regulator_referrals": 0,
        "handling_hours": 8.4,  # (0.17 + 1 + 24) / 3
        "on_time_rate": 100.0,  # invalid
        "on_time_feedback": 100.0,
    },
}
OCTOBER_BY_CATEGORY = {
    "Fees and Billing": {
        **EMPTY,
        "received": 4,  # handled, first, objection, it
        "valid": 2,
        "closed": 2,  # handled, first
        "closure_rate": 50.0,
        "repeat_rate": 25.0,
        "satisfaction_rate": 100.0,
        "regulator_referrals": 0,
        "handling_hours": 6.1,  # (12 + 0.17) / 2
        "on_time_rate": 100.0,
        "on_time_dispatch": 100.0,
        "on_time_start": 100.0,
        "on_time_contact": 100.0,
        "on_time_plan": 100.0,
        "on_time_implement": 100.0,
        "on_time_feedback": 100.0,
        "on_time_revisit": 100.0,
    },
    "Service Attitude": {
        **EMPTY,
        "received": 2,  # late, invalid
        "valid": 1,
        "closed": 2,  # invalid, september
        "closure_rate": 50.0,
        "repeat_rate": 0.0,
        "satisfaction_rate": None,
        "regulator_referrals": 1,
        "handling_hours": 12.5,  # (1 + 24) / 2
        "on_time_rate": 50.0,
        "on_time_dispatch": 0.0,
        "on_time_start": 100.0,
        "on_time_contact": 100.0,
        "on_time_feedback": 100.0,
    },
}


@tagged("post_install", "-at_install")
class TestMonthlyStatistics(ComplaintFiguresCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stats = cls.env["complaint.statistics"]._monthly_statistics(cls.company, *OCTOBER)

    def assertMeasures(self, actual, expected):
        for measure, value in expected.items():
            with self.subTest(measure=measure):
                self.assertEqual(actual[measure], value)

    def test_category_names_of_the_fixture(self):
        """The breakdown tables below name the categories as the data file does."""
        self.assertEqual(self.category.name, "Fees and Billing")
        self.assertEqual(self.service.name, "Service Attitude")

    def test_every_measure_of_the_month(self):
        self.assertMeasures(self.stats, OCTOBER_TOTAL)
        self.assertEqual(
            self.stats["on_time"], {step: OCTOBER_TOTAL[f"on_time_{step}"] for step in STEPS}
        )

    def test_every_measure_per_department(self):
        rows = {row["name"]: row for row in self.stats["by_department"]}
        self.assertEqual(set(rows), set(OCTOBER_BY_DEPARTMENT))
        for name, expected in OCTOBER_BY_DEPARTMENT.items():
            with self.subTest(department=name):
                self.assertMeasures(rows[name], expected)
        self.assertEqual(rows["Operations"]["record"], self.dep_ops)

    def test_every_measure_per_category(self):
        rows = {row["name"]: row for row in self.stats["by_category"]}
        self.assertEqual(set(rows), set(OCTOBER_BY_CATEGORY))
        for name, expected in OCTOBER_BY_CATEGORY.items():
            with self.subTest(category=name):
                self.assertMeasures(rows[name], expected)

    def test_breakdowns_add_up_to_the_month(self):
        for key in ("by_department", "by_category"):
            for measure in ("received", "valid", "closed", "regulator_referrals"):
                with self.subTest(breakdown=key, measure=measure):
                    self.assertEqual(
                        sum(row[measure] for row in self.stats[key]), self.stats[measure]
                    )

    def test_months_are_cut_at_midnight_in_shanghai(self):
        """Received at 23:30 on 31 October in Shanghai (15:30 UTC): October. Received at
        00:30 on 1 November in Shanghai (16:30 UTC on 31 October): November."""
        report = self.env["complaint.report"]
        self.assertEqual(
            report.search([("complaint_id", "=", self.it.id)]).date_received, date(2026, 10, 31)
        )
        self.assertEqual(
            report.search([("complaint_id", "=", self.november.id)]).date_received,
            date(2026, 11, 1),
        )
        november = self.env["complaint.statistics"]._monthly_statistics(self.company, *NOVEMBER)
        self.assertEqual(november["received"], 2, "november and at_risk")
        self.assertEqual(november["closed"], 0)
        self.assertEqual(november["closure_rate"], 0.0)

    def test_handling_time_counts_working_hours_only(self):
        """Stored at closure on the company calendar: holidays out, make-up days in."""
        cases = {
            "handled (Fri 16:00 to Mon 11:00 over the make-up Saturday)": (self.handled, 12.0),
            "first (ten minutes)": (self.first, 0.17),
            "invalid (one hour)": (self.invalid, 1.0),
            "september (over National Day)": (self.september, 24.0),
        }
        for name, (complaint, hours) in cases.items():
            with self.subTest(complaint=name):
                self.assertEqual(complaint.handling_hours, hours)
        self.assertFalse(self.late.handling_hours, "not closed: no handling time")

    def test_other_companies_are_not_counted(self):
        self.assertEqual(self.foreign.company_id, self.other_company)
        other = self.env["complaint.statistics"]._monthly_statistics(self.other_company, *OCTOBER)
        self.assertEqual(other["received"], 1)
        self.assertEqual(self.stats["received"], 6)

    def test_an_empty_month_has_figures_too(self):
        empty = self.env["complaint.statistics"]._monthly_statistics(
            self.company, date(2025, 1, 1), date(2025, 2, 1)
        )
        self.assertEqual((empty["received"], empty["closed"]), (0, 0))
        self.assertIsNone(empty["closure_rate"])
        self.assertEqual(empty["by_department"], [])


@tagged("post_install", "-at_install")
class TestAnalysis(ComplaintFiguresCase):
    """The analysis view (pivot, graph, list) gives the same figures, is cut by every
    dimension, and shows each user only the complaints they may read."""

    def test_pivot_month_by_department(self):
        rows = self.env["complaint.report"]._read_group(
            [("company_id", "=", self.company.id)],
            ["date_received:month", "department_id"],
            ["received:sum", "closure_rate:avg", "on_time_rate:avg"],
        )
        table = {(month, dep.name or "-"): values for month, dep, *values in rows}
        expected = {
            (date(2026, 9, 1), "-"): [1, 100.0, 0.0],  # september: feedback late
            (date(2026, 10, 1), "Operations"): [2, 50.0, 50.0],
            (date(2026, 10, 1), "IT"): [1, 0.0, 100.0],
            (date(2026, 10, 1), "-"): [3, 200.0 / 3, 100.0],
            (date(2026, 11, 1), "-"): [2, 0.0, None],
        }
        self.assertEqual(set(table), set(expected))
        for key, values in expected.items():
            with self.subTest(cell=key):
                self.assertEqual(table[key][0], values[0])
                self.assertAlmostEqual(table[key][1], values[1], places=6)
                if values[2] is None:
                    self.assertFalse(table[key][2], "an average over nothing is empty")
                else:
                    self.assertAlmostEqual(table[key][2], values[2], places=6)

    def test_dimensions(self):
        """Each dimension of the issue cuts the month's complaints as expected."""
        october = [
            ("company_id", "=", self.company.id),
            ("date_received", ">=", OCTOBER[0]),
            ("date_received", "<", OCTOBER[1]),
        ]
        report = self.env["complaint.report"]
        expected = {
            "grade_id": {self.grades[4]: 6},
            "channel_id": {self.channel: 5, self.regulator: 1},
            "state": {"archived": 1, "investigating": 1, "closed": 2, "new": 1, "dispatched": 1},
            "complaint_type": {"new": 5, "objection": 1},
            "is_regulator_referral": {False: 5, True: 1},
            "concerned_object": {"Platinum card": 5, "Mobile app": 1},
        }
        for dimension, counts in expected.items():
            with self.subTest(dimension=dimension):
                self.assertEqual(
                    dict(report._read_group(october, [dimension], ["__count"])), counts
                )

    def test_closure_measures_by_month_of_closure(self):
        rows = self.env["complaint.report"]._read_group(
            [("company_id", "=", self.company.id), ("date_closed", "!=", False)],
            ["date_closed:month"],
            ["closed:sum", "handling_hours:avg"],
        )
        self.assertEqual([(m, c, round(h, 2)) for m, c, h in rows], [(date(2026, 10, 1), 4, 9.29)])

    def test_no_complainant_column(self):
        fields = self.env["complaint.report"]._fields
        self.assertFalse(
            [f for f in fields.values() if f.type == "many2one" and f.comodel_name == "res.partner"]
        )
        self.assertNotIn("partner_id", fields)

    def test_departments_see_their_own_rows_only(self):
        cases = {
            "handler (Operations)": (self.handler, {self.handled, self.late}),
            "it_handler (IT)": (self.it_handler, {self.it}),
            "branch_handler (nothing dispatched to the branch)": (self.branch_handler, set()),
        }
        for name, (user, complaints) in cases.items():
            with self.subTest(user=name):
                rows = self.env["complaint.report"].with_user(user).search([])
                self.assertEqual(set(rows.complaint_id), complaints)
        for user in (self.desk, self.supervisor, self.compliance):
            with self.subTest(user=user.login):
                rows = self.env["complaint.report"].with_user(user).search([])
                self.assertEqual(len(rows), 9, "every complaint of the test company")
                self.assertNotIn(self.foreign, rows.complaint_id)
        with self.subTest(user="collaborator"):
            self.assertFalse(self.env["complaint.report"].with_user(self.gm).has_access("read"))

    def test_a_row_opens_its_complaint(self):
        row = self.env["complaint.report"].search([("complaint_id", "=", self.late.id)])
        action = row.action_open_complaint()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("complaint.complaint", self.late.id)
        )
