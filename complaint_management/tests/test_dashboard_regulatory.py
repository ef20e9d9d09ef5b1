"""The regulator's parts everywhere: the dashboard's 12-month trend (for everyone) agrees with
its month figures; its regulator figures show only to users of a regulated company; the
analysis' "Measures" menu offers the regulator's measures only to them; the slip of a
regulated complaint prints its demands and decisions, extensions and review."""

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintFiguresCase
from .common_regulatory import RegulatedCase
from .test_statistics import OCTOBER_TOTAL

NOW = (2026, 11, 5, 9, 50)
REGULATORY = ("regulatory_limit_rate", "extended", "withdrawn", "reviewed", "on_time_review")


@tagged("post_install", "-at_install")
class TestDashboardTrend(ComplaintFiguresCase):
    def data(self):
        with freeze_time(self.utc(*NOW)):
            dashboard = self.env["complaint.dashboard"].with_user(self.supervisor)
            return dashboard.with_company(self.company).get_dashboard_data()

    def test_the_trend_ends_with_the_months_of_the_dashboard(self):
        data = self.data()
        trend = data["trend"]
        self.assertEqual(len(trend["labels"]), 12)
        self.assertEqual(trend["labels"][-1], data["months"]["current"])
        self.assertEqual(trend["labels"][-2], data["months"]["previous"])
        measures = {m["key"]: m for m in data["measures"]}
        for index, key in ((-1, "current"), (-2, "previous")):
            self.assertEqual(trend["received"][index], measures["received"][key]["value"])
            self.assertEqual(trend["closed"][index], measures["closed"][key]["value"])
        self.assertEqual(trend["received"][-2], OCTOBER_TOTAL["received"])
        self.assertEqual(trend["on_time_rate"][-2], OCTOBER_TOTAL["on_time_rate"])
        self.assertEqual(trend["received"][:-3], [0] * 9)

    def test_no_regulator_figures_without_a_regime(self):
        data = self.data()
        self.assertFalse(data["regulated"])
        self.assertNotIn("regulatory", data)

    def test_the_measures_menu_of_an_unregulated_company(self):
        fields = self.env["complaint.report"].with_user(self.supervisor).fields_get()
        for name in REGULATORY:
            with self.subTest(measure=name):
                self.assertNotIn("aggregator", fields[name])
        self.assertEqual(fields["received"]["aggregator"], "sum")
        self.assertEqual(fields["duplicates_merged"]["aggregator"], "sum")


@tagged("post_install", "-at_install")
class TestRegulatorsParts(RegulatedCase):
    def test_regulator_figures_on_the_dashboard(self):
        with freeze_time(self.utc(2026, 11, 2, 10, 0)):
            extended = self.regulated()
            self.as_user(extended, self.desk)._action_request_extension("Complex.", "letter")
            first = self.regulated()
            second = self.regulated()
            self.as_user(second, self.desk)._action_mark_duplicate(first)
            data = (
                self.env["complaint.dashboard"]
                .with_user(self.supervisor)
                .with_company(self.company)
                .get_dashboard_data()
            )
        self.assertTrue(data["regulated"])
        figures = {figure["key"]: figure for figure in data["regulatory"]}
        self.assertEqual(figures["extended"]["value"], 1)
        self.assertEqual(figures["duplicates_merged"]["value"], 1)
        self.assertEqual(figures["withdrawn"]["value"], 0)
        Complaint = (
            self.env["complaint.complaint"].with_user(self.supervisor).with_company(self.company)
        )
        with freeze_time(self.utc(2026, 11, 2, 10, 0)):
            self.assertEqual(Complaint.search(figures["duplicates_merged"]["domain"]), second)
            self.assertEqual(Complaint.search(figures["extended"]["domain"]), extended)

    def test_the_measures_menu_of_a_regulated_company(self):
        fields = self.env["complaint.report"].with_user(self.supervisor).fields_get()
        for name in REGULATORY:
            with self.subTest(measure=name):
                self.assertIn("aggregator", fields[name])

    def test_the_slip_prints_the_regulators_parts(self):
        complaint = self.regulated(regulator_reference="NFRA-77")
        self.as_user(complaint, self.desk)._action_request_extension("Complex case.", "letter")
        self.send_decision(complaint, channel="letter")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("complaint_management.complaint_slip_report_action", complaint.ids)[
                0
            ]
            .decode()
        )
        self.assertIn("Demands and Decisions", html)
        self.assertIn("Refund the second annual fee.", html)
        self.assertIn("The card terms charge the annual fee once a year.", html)
        self.assertIn("Extensions of the Time Limit", html)
        self.assertIn("Complex case.", html)
        self.assertIn("Credit Cards", html)
        self.assertIn("NFRA-77", html)
