"""Archived complaints (SPEC.md step 14): read-only for everyone, the superuser
included, and never deleted."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestArchivedComplaints(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archived = cls.create_complaint(title="Filed away")
        desk = cls.as_user(cls.archived, cls.desk)
        desk._action_resolve_first_contact("Explained the fee schedule.")
        desk.action_archive_complaint()

    def test_nobody_edits_an_archived_complaint(self):
        attempts = {
            "desk": self.archived.with_user(self.desk),
            "supervisor": self.archived.with_user(self.supervisor),
            "administrator": self.archived.with_user(self.admin),
            "superuser": self.archived.sudo(),
        }
        for name, record in attempts.items():
            with self.subTest(user=name), self.assertRaises(UserError):
                record.write({"customer_demand": "Rewritten history"})
            with self.subTest(user=name, kind="contact"), self.assertRaises(UserError):
                record.write({"partner_phone": "110"})
        with self.assertRaises(UserError):
            self.archived.sudo()._workflow().write({"state": "closed"})
        self.assertEqual(self.archived.state, "archived")
        self.assertFalse(self.archived.customer_demand)

    def test_nobody_deletes_an_archived_complaint(self):
        with self.assertRaises(AccessError):
            self.archived.with_user(self.admin).unlink()
        with self.assertRaises(UserError):
            self.archived.sudo().unlink()
        self.assertTrue(self.archived.exists())

    def test_the_plans_of_an_archived_complaint_are_frozen(self):
        """A draft plan left behind when the department found the complaint special must
        not stay editable once the complaint is archived."""
        complaint = self.walk(self.create_complaint(title="Found special"), "investigating")
        plan = self.draft_plan(complaint, compensation=50.0)
        self.as_user(complaint, self.handler)._action_decide_validity(
            "special", "The fee is in the signed contract."
        )
        self.as_user(complaint, self.desk)._action_give_feedback("Showed the contract clause.")
        self.as_user(complaint, self.desk).action_archive_complaint()
        self.assertEqual(complaint.state, "archived")
        with self.assertRaises(UserError):
            plan.with_user(self.handler).write({"measures": "<p>Changed afterwards.</p>"})
        with self.assertRaises(UserError):
            plan.with_user(self.handler).write({"compensation_amount": 5000.0})
        self.assertEqual(plan.sudo().confidential_compensation, 50.0)
