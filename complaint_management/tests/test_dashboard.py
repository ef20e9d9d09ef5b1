"""The supervisors' dashboard (SPEC.md "Supervision"): its figures on the shared fixture of
known complaints, each clicking through to exactly the complaints behind it, read in a
handful of queries with the user's own rights; and the client action in the browser."""

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from .common import ComplaintFiguresCase
from .test_statistics import OCTOBER_TOTAL

# Thursday 5 November 2026, 09:50 in Shanghai: "at_risk" is 50 minutes into its one
# working hour to be dispatched (at risk from 45 minutes).
NOW = (2026, 11, 5, 9, 50)
DASHBOARD_URL = "/odoo/action-complaint_management.complaint_dashboard_action"


@tagged("post_install", "-at_install")
class TestDashboard(ComplaintFiguresCase):
    def data(self, user=None):
        with freeze_time(self.utc(*NOW)):
            dashboard = self.env["complaint.dashboard"].with_user(user or self.supervisor)
            return dashboard.with_company(self.company).get_dashboard_data()

    def behind(self, figure, user=None):
        """The complaints a figure clicks through to, as the web client searches them."""
        with freeze_time(self.utc(*NOW)):
            complaints = self.env["complaint.complaint"].with_user(user or self.supervisor)
            return complaints.with_company(self.company).search(figure["domain"])

    def test_open_late_and_at_risk(self):
        data = self.data()
        open_complaints = {self.late, self.objection, self.it, self.november, self.at_risk}
        self.assertEqual(data["open"]["value"], 5)
        self.assertEqual(set(self.behind(data["open"])), open_complaints)
        by_state = {f["label"]: f["value"] for f in data["by_state"]}
        self.assertEqual(
            {state: count for state, count in by_state.items() if count},
            {"Registered": 3, "Dispatched": 1, "Investigating": 1},
        )
        for figure in data["by_state"]:
            with self.subTest(state=figure["label"]):
                self.assertEqual(len(self.behind(figure)), figure["value"])
        self.assertEqual(data["overdue"]["value"], 4)
        self.assertEqual(set(self.behind(data["overdue"])), open_complaints - {self.at_risk})
        self.assertEqual(data["at_risk"]["value"], 1)
        self.assertEqual(self.behind(data["at_risk"]), self.at_risk)

    def test_this_month_against_last_month(self):
        measures = {m["key"]: m for m in self.data()["measures"]}
        for key in (
            "received",
            "valid",
            "closed",
            "closure_rate",
            "on_time_rate",
            "satisfaction_rate",
            "repeat_rate",
            "handling_hours",
            "regulator_referrals",
        ):
            with self.subTest(measure=key, month="October"):
                self.assertEqual(measures[key]["previous"]["value"], OCTOBER_TOTAL[key])
        november = {key: m["current"]["value"] for key, m in measures.items()}
        self.assertEqual(
            november,
            {
                "received": 2,
                "valid": 0,
                "closed": 0,
                "closure_rate": 0.0,
                "on_time_rate": None,
                "satisfaction_rate": None,
                "repeat_rate": 0.0,
                "handling_hours": None,
                "regulator_referrals": 0,
            },
        )
        # What each figure clicks through to: the complaints it counts, or, for a rate or
        # an average, those it is taken over.
        october = {
            "received": {
                self.handled,
                self.late,
                self.first,
                self.invalid,
                self.objection,
                self.it,
            },
            "valid": {self.handled, self.late, self.it},
            "closed": {self.handled, self.first, self.invalid, self.september},
            "handling_hours": {self.handled, self.first, self.invalid, self.september},
            "satisfaction_rate": {self.handled},
            "regulator_referrals": {self.late},
        }
        for key, complaints in october.items():
            with self.subTest(measure=key, clicks_through=True):
                self.assertEqual(set(self.behind(measures[key]["previous"])), complaints)
        self.assertEqual(
            set(self.behind(measures["closure_rate"]["previous"])), october["received"]
        )
        self.assertEqual(
            set(self.behind(measures["received"]["current"])), {self.november, self.at_risk}
        )

    def test_top_categories_and_objects_of_the_month(self):
        data = self.data()
        self.assertEqual(
            [(f["label"], f["value"]) for f in data["categories"]], [("Fees and Billing", 2)]
        )
        self.assertEqual(set(self.behind(data["categories"][0])), {self.november, self.at_risk})
        objects = {f["label"]: f for f in data["objects"]}
        self.assertEqual(
            {k: f["value"] for k, f in objects.items()}, {"Platinum card": 1, "ATM": 1}
        )
        self.assertEqual(self.behind(objects["ATM"]), self.at_risk)

    def test_per_department(self):
        rows = {row["label"]: row for row in self.data()["departments"]}
        expected = {
            "Operations": {"open": 1, "overdue": 1, "at_risk": 0, "received": 0},
            "IT": {"open": 1, "overdue": 1, "at_risk": 0, "received": 0},
            "No Department (Service Desk)": {"open": 3, "overdue": 2, "at_risk": 1, "received": 2},
        }
        self.assertEqual(set(rows), set(expected))
        for label, figures in expected.items():
            for key, value in figures.items():
                with self.subTest(department=label, figure=key):
                    self.assertEqual(rows[label][key]["value"], value)
                    self.assertEqual(len(self.behind(rows[label][key])), value)
            self.assertIsNone(rows[label]["on_time_rate"]["value"], "nothing done this month")
        self.assertEqual(self.behind(rows["IT"]["open"]), self.it)

    def test_regulator_referrals(self):
        regulator = self.data()["regulator"]
        self.assertEqual(
            (
                regulator["open"]["value"],
                regulator["current"]["value"],
                regulator["previous"]["value"],
            ),
            (1, 0, 1),
        )
        self.assertEqual(self.behind(regulator["open"]), self.late)

    def test_department_users_see_their_department_only(self):
        data = self.data(self.handler)
        self.assertEqual(data["open"]["value"], 1)
        self.assertEqual(self.behind(data["open"], self.handler), self.late)
        self.assertEqual([row["label"] for row in data["departments"]], ["Operations"])
        previous = {m["key"]: m["previous"]["value"] for m in data["measures"]}
        self.assertEqual((previous["received"], previous["closed"]), (2, 1))

    def test_few_queries(self):
        self.data()  # warm the caches (labels, calendars)
        self.env.invalidate_all()
        # 12, and the 12-month trend's two (receipt and closure by month).
        with freeze_time(self.utc(*NOW)), self.assertQueryCount(14):
            self.env["complaint.dashboard"].with_user(self.supervisor).with_company(
                self.company
            ).get_dashboard_data()

    def test_it_is_read_only(self):
        method = type(self.env["complaint.dashboard"]).get_dashboard_data
        self.assertTrue(getattr(method, "_readonly", False))


@tagged("post_install", "-at_install", "is_tour")
class TestDashboardTour(HttpCase):
    """The supervisor opens the app on the dashboard and clicks through its figures (see
    static/tests/tours/complaint_dashboard_tour.js)."""

    def test_dashboard_clicks_through_to_the_complaints(self):
        supervisor = self.env.ref("complaint_management.user_demo_supervisor")
        self.start_tour("/odoo", "complaint_dashboard_tour", login=supervisor.login, timeout=240)
