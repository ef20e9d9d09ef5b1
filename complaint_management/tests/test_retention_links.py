"""The customer-data erasure meets the crisis and the contact log: a complaint of a crisis
still being handled is kept; a contact's recording is emptied, its contact and the log's
hash chain stay as written."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .test_governance_letters import RetentionCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@tagged("post_install", "-at_install")
class TestRetentionLinks(RetentionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.recorded = cls.create_complaint(
            title="Recorded call", partner_email="sun.li@example.cn"
        )
        cls.contact = cls.recorded.sudo()._log_contact(
            "Explained the fee on the phone.", "phone", recording=("call.pdf", PDF)
        )
        cls.walk(cls.recorded, "archived")
        cls.in_crisis = cls.archived_complaint("Complaint of a crisis")
        cls.crisis = (
            cls.env["complaint.crisis"]
            .with_company(cls.company)
            .create({"title": "Branch on the news", "owner_id": cls.gm.id})
        )
        # Joined after archiving, behind the archive lock's back (as litigation is above).
        cls.env.cr.execute(
            "UPDATE complaint_complaint SET crisis_id = %s WHERE id = %s",
            (cls.crisis.id, cls.in_crisis.id),
        )
        cls.env.cr.execute(
            "UPDATE complaint_complaint SET date_archived = %s WHERE id IN %s",
            (
                fields.Datetime.now() - timedelta(days=800),
                tuple((cls.recorded | cls.in_crisis).ids),
            ),
        )
        cls.env.invalidate_all()

    def test_a_complaint_of_an_open_crisis_is_kept(self):
        self.set_retention(12)
        Complaint = self.env["complaint.complaint"]
        self.assertFalse(self.in_crisis.retention_due)
        Complaint._cron_erase_expired_data()
        self.assertEqual(self.in_crisis.sudo().confidential_phone, "13800000001")
        self.assertTrue(self.in_crisis.evidence_attachment_ids)
        # Once the crisis is over, the complaint's data goes with the next run.
        self.env.cr.execute(
            "UPDATE complaint_crisis SET state = 'closed' WHERE id = %s", (self.crisis.id,)
        )
        self.env.invalidate_all()
        Complaint._cron_erase_expired_data()
        self.assertFalse(self.in_crisis.sudo().confidential_phone)

    def test_a_recording_is_emptied_and_the_log_stays_as_written(self):
        self.set_retention(12)
        attachment = self.contact.attachment_id
        self.assertEqual(attachment.raw, PDF)
        self.env["complaint.complaint"]._cron_erase_expired_data()
        self.assertFalse(self.recorded.sudo().confidential_phone)
        self.assertTrue(self.contact.exists(), "the contact stays")
        self.assertEqual(self.contact.attachment_id, attachment, "as written")
        self.assertFalse(attachment.raw, "its recording is erased")
        self.assertFalse(self.env["complaint.contact"]._check_contact_chain(self.company))
        log = (
            self.env["complaint.retention.log"]
            .sudo()
            .search([("complaint_id", "=", self.recorded.id)])
        )
        self.assertEqual(log.contact_count, 1)
