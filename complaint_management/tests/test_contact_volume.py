"""The contact log of a complaint opens in the form in a bounded number of queries whether
it holds 20 contacts or 200: the form reads the log's list in batches, never a query per
contact."""

from odoo.tests import tagged

from .test_contact import ContactCase

# The complaint form's "Contacts" tab (views/complaint_contact_views.xml).
CONTACT_LIST = {
    "fields": {
        "date": {},
        "user_id": {"fields": {"display_name": {}}},
        "channel": {},
        "direction": {},
        "note": {},
        "attachment_id": {"fields": {"display_name": {}}},
        "date_promised": {},
        "corrected_contact_id": {"fields": {"display_name": {}}},
        "correction_ids": {},
    }
}


@tagged("post_install", "-at_install")
class TestContactLogVolume(ContactCase):
    def queries_to_open(self, complaint):
        """SQL queries the desk's form spends reading the complaint's contact log."""
        desk_view = complaint.with_user(self.desk).with_company(self.company)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        values = desk_view.web_read({"contact_ids": CONTACT_LIST})
        return self.env.cr.sql_log_count - before, len(values[0]["contact_ids"])

    def log_many(self, complaint, count):
        for index in range(count):
            complaint.sudo()._log_contact(f"Call {index}: progress given.", "phone")

    def test_two_hundred_contacts_open_in_a_bounded_number_of_queries(self):
        few, many = self.create_complaint(), self.create_complaint()
        self.log_many(few, 20)
        self.log_many(many, 200)
        self.env.flush_all()
        few_queries, few_read = self.queries_to_open(few)
        many_queries, many_read = self.queries_to_open(many)
        self.assertGreaterEqual(few_read, 20)
        self.assertGreaterEqual(many_read, 200)
        # Ten times the contacts: a few more prefetch batches, never a query per contact.
        self.assertLess(many_queries - few_queries, 20, "no query per contact")
        self.assertLess(many_queries, 30)
