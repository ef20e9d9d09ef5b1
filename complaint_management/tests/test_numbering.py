"""Numbering at registration (SPEC step 1): a batch of complaints takes its numbers from the
company's sequence in one round trip, as one-by-one registration would give them."""

from odoo import fields
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestNumbering(ComplaintCase):
    def vals(self, **extra):
        return {
            "title": "Fee charged twice",
            "description": "<p>The annual fee was charged twice.</p>",
            "partner_id": self.partner.id,
            "channel_id": self.channel.id,
            "category_id": self.category.id,
            "company_id": self.company.id,
            **extra,
        }

    def test_a_batch_is_numbered_in_order_like_one_by_one(self):
        year = fields.Date.today().year
        first = self.create_complaint()
        prefix, number = first.name.rsplit("-", 1)
        self.assertEqual(prefix, f"TS{year}")
        batch = (
            self.env["complaint.complaint"]
            .with_user(self.desk)
            .with_company(self.company)
            .create([self.vals() for _i in range(5)])
        )
        self.assertEqual(
            batch.mapped("name"),
            [f"TS{year}-{int(number) + i:05d}" for i in range(1, 6)],
            "consecutive numbers of the same yearly range, in the order of the batch",
        )
        after = self.create_complaint()
        self.assertEqual(after.name, f"TS{year}-{int(number) + 6:05d}", "the sequence goes on")

    def test_a_given_number_is_kept_and_the_others_numbered(self):
        batch = (
            self.env["complaint.complaint"]
            .with_user(self.desk)
            .with_company(self.company)
            .create([self.vals(), self.vals()])
        )
        self.assertTrue(all(name.startswith("TS") for name in batch.mapped("name")))
        self.assertEqual(len(set(batch.mapped("name"))), 2, "no number given twice")

    def test_numbering_does_not_grow_with_the_batch(self):
        Sequence = self.env["ir.sequence"].with_company(self.company)
        Sequence._complaint_next_by_code("complaint.complaint", 1)  # the year's range exists
        with self.assertQueryCount(3):
            numbers = Sequence._complaint_next_by_code("complaint.complaint", 2)
        with self.assertQueryCount(3):
            more = Sequence._complaint_next_by_code("complaint.complaint", 40)
        self.assertEqual(len(set(numbers + more)), 42)
        self.assertEqual(
            [int(n.rsplit("-", 1)[1]) for n in more],
            list(
                range(
                    int(numbers[-1].rsplit("-", 1)[1]) + 1, int(numbers[-1].rsplit("-", 1)[1]) + 41
                )
            ),
        )

    def test_a_company_sequence_numbers_its_own_complaints(self):
        own = self.env["ir.sequence"].create(
            {
                "name": "Test Bank complaints",
                "code": "complaint.complaint",
                "prefix": "TB-",
                "padding": 3,
                "company_id": self.company.id,
            }
        )
        batch = (
            self.env["complaint.complaint"]
            .with_user(self.desk)
            .with_company(self.company)
            .create([self.vals(), self.vals()])
        )
        self.assertEqual(batch.mapped("name"), ["TB-001", "TB-002"])
        own.unlink()
