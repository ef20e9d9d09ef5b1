"""Compliance (SPEC.md "Supervision"): sensitive complaints go to compliance at once, and
a public reply is given only after the company's dispute approver (compliance by default)
approved it."""

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplianceRouting(ComplaintCase):
    FACTS = (
        "involves_staff_violation",
        "involves_fraud",
        "involves_asset_safety",
        "involves_bribery",
        "media_risk",
        "media_exposed",
        "litigation_risk",
        "litigation_filed",
    )

    track = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ops_open = cls.walk(cls.create_complaint(title="Open in Operations"), "investigating")
        cls.fresh = cls.create_complaint(title="Just registered")

    def assert_routed(self, complaint):
        self.assertTrue(complaint.compliance_required)
        self.assertTrue(complaint.date_compliance_notified)
        self.assertIn(self.compliance.partner_id, complaint.sudo().message_partner_ids)
        notified = complaint.sudo().message_ids.filtered(
            lambda m: self.compliance.partner_id in m.partner_ids
        )
        self.assertTrue(notified, "compliance is notified, not just subscribed")

    def test_sensitive_facts_go_to_compliance_at_once(self):
        for fact in self.FACTS:
            with self.subTest(fact=fact):
                self.assert_routed(self.create_complaint(**{fact: True}))
        for xmlid in ("complaint_channel_regulator", "complaint_channel_news_media"):
            with self.subTest(channel=xmlid):
                channel = self.env.ref(f"complaint_management.{xmlid}")
                self.assert_routed(self.create_complaint(channel_id=channel.id))

    def test_ordinary_complaints_do_not(self):
        complaint = self.create_complaint()
        self.assertFalse(complaint.compliance_required)
        self.assertFalse(complaint.date_compliance_notified)
        self.assertNotIn(self.compliance.partner_id, complaint.sudo().message_partner_ids)

    def test_a_fact_learnt_later_routes_it_then(self):
        self.assertFalse(self.ops_open.date_compliance_notified)
        self.ops_open.with_user(self.desk).write({"involves_bribery": True})
        self.assert_routed(self.ops_open)

    def test_routing_fields_are_not_set_by_hand(self):
        with self.assertRaises(UserError):
            self.fresh.with_user(self.desk).write(
                {"date_compliance_notified": fields.Datetime.now()}
            )
        with self.assertRaises(UserError):
            self.create_complaint(date_compliance_notified=fields.Datetime.now())


@tagged("post_install", "-at_install")
class TestPublicReply(ComplaintCase):
    def setUp(self):
        super().setUp()
        self.media = self.create_complaint(title="On the evening news", media_exposed=True)
        self.media.with_user(self.desk).write({"public_reply": "We apologise and refunded."})

    def test_public_reply_needs_the_dispute_approvers_approval(self):
        desk = self.as_user(self.media, self.desk)
        with self.assertRaises(UserError):
            desk.action_record_public_reply()
        with self.assertRaises(AccessError):
            self.as_user(self.media, self.handler).action_request_public_reply()
        desk.action_request_public_reply()
        self.assertEqual(self.media.public_reply_state, "to_approve")
        with self.assertRaises(UserError):
            desk.action_record_public_reply()
        for user in (self.desk, self.supervisor, self.manager, self.gm):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(self.media, user).action_approve_public_reply()
        with self.assertRaises(UserError):
            desk.write({"public_reply_state": "approved"})
        self.as_user(self.media, self.compliance).action_approve_public_reply()
        self.assertEqual(self.media.public_reply_state, "approved")
        self.assertEqual(self.media.public_reply_approver_id, self.compliance)
        desk.action_record_public_reply()
        self.assertEqual(self.media.public_reply_state, "given")

    def test_approved_reply_cannot_be_rewritten(self):
        """What is given is what the dispute approver approved."""
        desk = self.as_user(self.media, self.desk)
        desk.action_request_public_reply()
        self.as_user(self.media, self.compliance).action_approve_public_reply()
        with self.assertRaises(UserError):
            desk.write({"public_reply": "Something the approver never saw."})
        self.assertEqual(self.media.public_reply, "We apologise and refunded.")
