"""In the browser: the compliance officer, a crisis team lead who decides public statements,
opens the crisis of a level-1 complaint from its form, approves the statement another lead
drafted and releases it (static/tests/tours/complaint_crisis_tour.js)."""

from odoo.tests import HttpCase, tagged

ACTION_URL = "/odoo/action-complaint_management.complaint_complaint_action"
TOUR_TIMEOUT = 240


@tagged("post_install", "-at_install", "is_tour")
class TestCrisisTour(HttpCase):
    def test_open_the_crisis_and_release_an_approved_statement(self):
        ref = self.env.ref
        # The compliance officer: a lead of the demo's crisis team who decides the bank's
        # public statements.
        approver = ref("complaint_management.user_demo_compliance")
        gm = ref("complaint_management.user_demo_gm")
        company = ref("base.main_company")
        # The process as every company runs it (the regulator's floor is not walked here).
        company.complaint_regime_id = False
        self.assertIn(approver, company._complaint_crisis_leads())
        # The demo data: the filmed queue complaint opened a crisis, with a measure and a
        # statement awaiting the second lead.
        demo = ref("complaint_management.complaint_demo_new_media").crisis_id
        self.assertEqual(demo.origin, "level1")
        self.assertEqual(demo.statement_ids.author_id, gm)
        self.assertEqual(demo.statement_ids.state, "draft")
        self.assertEqual(
            demo.measure_ids.user_id, ref("complaint_management.user_demo_deptmanager")
        )
        complaint = (
            self.env["complaint.complaint"]
            .with_user(ref("complaint_management.user_demo_desk"))
            .with_company(company)
            .create(
                {
                    "title": "Tour: queue scuffle on the evening news",
                    "description": "<p>Filmed and broadcast.</p>",
                    "partner_id": ref("complaint_management.partner_demo_lin_na").id,
                    "channel_id": ref("complaint_management.complaint_channel_news_media").id,
                    "media_exposed": True,
                }
            )
        )
        crisis = complaint.crisis_id
        self.assertTrue(crisis, "level 1 at registration opens a crisis")
        statement = (
            self.env["complaint.crisis.statement"]
            .with_user(gm)
            .create({"crisis_id": crisis.id, "text": "Tour: we apologise.", "channel": "press"})
        )
        self.start_tour(
            f"{ACTION_URL}/{complaint.id}",
            "complaint_crisis_tour",
            login=approver.login,
            timeout=TOUR_TIMEOUT,
        )
        self.env.invalidate_all()
        self.assertEqual(statement.state, "released")
        self.assertEqual(statement.approver_id, approver)
        self.assertTrue(statement.date_released)
