"""The regulator's floor walked in the web client on the demo bank, in English and in
Chinese (tours in static/tests/tours/complaint_regulatory_tour.js), the database checked
after every leg: the decision letter, a review that changes it, an extension, a
withdrawal."""

from odoo.tests import HttpCase, tagged

ACTION_URL = "/odoo/action-complaint_management.complaint_complaint_action"
TOUR_TIMEOUT = 240


@tagged("post_install", "-at_install", "is_tour")
class TestRegulatoryTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        cls.users = {
            role: ref(f"complaint_management.user_demo_{role}")
            for role in ("desk", "handler", "gm")
        }
        (cls.users["handler"] | cls.users["gm"]).write({"lang": "zh_CN"})
        cls.users["desk"].lang = "en_US"

    def _leg(self, tour, role, complaint):
        url = f"{ACTION_URL}/{complaint.id}"
        self.start_tour(url, tour, login=self.users[role].login, timeout=TOUR_TIMEOUT)
        self.env.invalidate_all()

    def test_decision_review_extension_and_withdrawal(self):
        ref = self.env.ref
        desk, gm = self.users["desk"], self.users["gm"]

        # The desk sends the decision on the approved plan, then the customer asks for a review.
        complaint = ref("complaint_management.complaint_demo_customer_queue")
        self.assertEqual((complaint.state, complaint.decision_state), ("customer", "draft"))
        self._leg("complaint_regulatory_tour_desk_decision", "desk", complaint)
        self.assertEqual(complaint.identity_method, "id_document")
        self.assertEqual(complaint.identity_verified_by_id, desk)
        demand = complaint.demand_ids
        self.assertEqual(demand.decision, "partly")
        self.assertIn("priority queue", demand.decision_note)
        self.assertIn("queue records", demand.basis)
        self.assertEqual(complaint.decision_state, "sent")
        self.assertEqual((complaint.decision_channel, complaint.decision_user_id), ("email", desk))
        self.assertTrue(complaint.decision_attachment_id)
        self.assertEqual(complaint.regulatory_result, "on_time")
        review = complaint.review_ids
        self.assertEqual((review.state, review.reviewer_id), ("open", gm))
        self.assertIn("waiting time", review.reason)

        # The general manager, in Chinese, answers the review and changes the decision.
        self._leg("complaint_regulatory_tour_gm_review", "gm", complaint)
        self.assertEqual((review.state, review.decided_by_id), ("changed", gm))
        self.assertIn("补偿", review.note)
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(complaint.decision_state, "draft")

        # The handler, in Chinese, extends the time limit of a complex case.
        transfer = ref("complaint_management.complaint_demo_investigating_transfer")
        before = transfer.date_regulatory_deadline
        self._leg("complaint_regulatory_tour_handler_extend", "handler", transfer)
        extension = transfer.extension_ids
        self.assertEqual((extension.state, extension.limit_days), ("granted", 30))
        self.assertEqual(extension.requested_by_id, self.users["handler"])
        self.assertIn("监控录像", extension.reason)
        self.assertGreater(transfer.date_regulatory_deadline, before)
        self.assertTrue(extension.notice_message_id, "the complainant was told")

        # The desk records a withdrawal.
        atm = ref("complaint_management.complaint_demo_dispatched_atm")
        self._leg("complaint_regulatory_tour_desk_withdraw", "desk", atm)
        self.assertEqual((atm.state, atm.closure_type), ("closed", "withdrawn"))
        self.assertEqual(atm.withdrawal_channel, "phone")
        self.assertIn("card was returned", atm.withdrawal_note)
        self.assertEqual(atm.regulatory_result, "withdrawn")
