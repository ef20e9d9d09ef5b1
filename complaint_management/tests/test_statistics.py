from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestMonthlyStatistics(ComplaintCase):
    track = True

    def test_monthly_figures(self):
        with freeze_time(self.utc(2026, 10, 5, 10, 0)):
            handled = self.walk(self.create_complaint(), "closed")
            first_contact = self.create_complaint()
            self.as_user(first_contact, self.desk)._action_resolve_first_contact("Explained.")
            invalid = self.create_complaint()
            self.as_user(invalid, self.desk)._action_decide_validity(
                "invalid", "Not ours.", "Merchant"
            )
            self.create_complaint(
                channel_id=self.env.ref("complaint_management.complaint_channel_regulator").id
            )
        with freeze_time(self.utc(2026, 11, 2, 10, 0)):
            self.create_complaint()  # next month: not counted
        stats = self.env["complaint.statistics"]._monthly_statistics(
            self.company, self.utc(2026, 10, 1, 0, 0), self.utc(2026, 11, 1, 0, 0)
        )
        self.assertEqual(stats["received"], 4)
        self.assertEqual(stats["valid"], 1)
        self.assertEqual(stats["closed"], 2, "the handled one and the first-contact one")
        self.assertEqual(stats["closure_rate"], 50.0)
        self.assertEqual(stats["regulator_referrals"], 1)
        self.assertEqual(stats["satisfaction_rate"], 100.0)
        self.assertEqual(stats["on_time_rate"]["dispatch"], 100.0)
        self.assertEqual(stats["by_department"]["Operations"], 1)
        self.assertTrue(handled.date_closed)

    def test_monthly_job_notifies_compliance(self):
        with freeze_time(self.utc(2026, 10, 5, 10, 0)):
            self.create_complaint()
        with freeze_time(self.utc(2026, 11, 1, 9, 0)):
            self.env["complaint.statistics"]._cron_monthly_summary()
        message = self.env["mail.message"].search(
            [("partner_ids", "in", self.compliance.partner_id.ids)], order="id desc", limit=1
        )
        self.assertIn("2026-10", message.subject)
        self.assertIn("Received", message.body)
