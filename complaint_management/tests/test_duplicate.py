"""Duplicates merged (合并重复): the likely duplicates the desk sees at registration, merging
one, the duplicate following its original (regulatory clock met by the original's
decision, closed and archived with it), splitting it off again, and the figures counting
complaints after merging."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_regulatory import RegulatedCase


@tagged("post_install", "-at_install")
class TestDuplicate(RegulatedCase):
    track = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.email = cls.env.ref("complaint_management.complaint_channel_email")
        cls.regulator = cls.env.ref("complaint_management.complaint_channel_regulator")
        cls.first = cls.regulated(title="Fee charged twice (hotline)")
        cls.second = cls.regulated(
            title="Fee charged twice (mail)", channel_id=cls.email.id, concerned_object="Gold card"
        )

    def merge(self, complaint, original, note="Same fee, by mail."):
        wizard = (
            self.env["complaint.duplicate.wizard"]
            .with_user(self.desk)
            .with_company(self.company)
            .create({"complaint_id": complaint.id, "action": "mark", "original_id": original.id})
        )
        wizard.reason = note
        wizard.action_confirm()

    def split(self, complaint, reason):
        self.env["complaint.duplicate.wizard"].with_user(self.desk).with_company(
            self.company
        ).create(
            {"complaint_id": complaint.id, "action": "split", "reason": reason}
        ).action_confirm()

    def test_the_desk_sees_the_likely_duplicates(self):
        self.assertEqual(self.second.likely_duplicate_ids, self.first)
        self.assertEqual(self.first.likely_duplicate_ids, self.second)
        other = self.env["res.partner"].create({"name": "Another customer"})
        stranger = self.regulated(partner_id=other.id)
        self.assertFalse(stranger.likely_duplicate_ids)
        # Another category and another object: not the same matter.
        unrelated = self.regulated(
            category_id=self.env.ref("complaint_management.complaint_category_other").id,
            concerned_object="Mortgage",
        )
        self.assertNotIn(unrelated, self.first.likely_duplicate_ids)
        # The wizard proposes the first likely duplicate.
        defaults = (
            self.env["complaint.duplicate.wizard"]
            .with_user(self.desk)
            .with_context(default_complaint_id=self.second.id)
            .default_get(["complaint_id", "action", "original_id"])
        )
        self.assertEqual(defaults["original_id"], self.first.id)

    def test_a_duplicate_follows_its_original(self):
        referral = self.regulated(
            title="Referred by the regulator",
            channel_id=self.regulator.id,
            regulator_reference="NFRA-2026-0001",
        )
        self.merge(self.second, self.first)
        self.merge(referral, self.second)  # merged into the original of a duplicate
        self.assertEqual(referral.duplicate_of_id, self.first)
        self.assertEqual(self.first.duplicate_ids, self.second | referral)
        self.assertEqual(self.first.duplicate_count, 2)
        self.assertFalse(self.second.likely_duplicate_ids)
        # Its own steps stop; its own regulatory clock and referral number are kept.
        self.assertEqual(
            set(self.second.step_ids.filtered(lambda s: s.state == "open").mapped("step_type")),
            {"regulatory"},
        )
        self.assertEqual(referral.regulator_reference, "NFRA-2026-0001")
        self.assertIn("Merged as a duplicate into", self.second.message_ids[0].body)
        self.assertTrue(
            any(self.second.name in m.body for m in self.first.message_ids),
            "the original's chatter names its duplicate",
        )

        # The original's answer meets the duplicates' clocks and closes them.
        self.as_user(self.first, self.desk)._action_resolve_first_contact("Fee refunded.")
        for duplicate in self.second | referral:
            self.assertEqual(duplicate.state, "closed")
            self.assertEqual(duplicate.closure_type, "duplicate")
            self.assertEqual(duplicate.regulatory_result, "on_time")
            self.assertEqual(duplicate.date_regulatory_met, self.first.date_regulatory_met)
        # And archives them.
        self.sign_record(self.first)
        self.as_user(self.first, self.desk).action_archive_complaint()
        self.assertEqual((self.second | referral).mapped("state"), ["archived", "archived"])

    def test_a_decision_sent_before_the_merge_meets_the_clock_at_once(self):
        self.send_decision(self.first, channel="letter")
        self.merge(self.second, self.first)
        self.assertEqual(self.second.regulatory_result, "on_time")
        self.assertEqual(self.second.state, "new")

    def test_what_cannot_be_merged(self):
        desk = self.as_user(self.second, self.desk)
        with self.assertRaisesRegex(UserError, "itself"):
            desk._action_mark_duplicate(self.second)
        other = self.env["res.partner"].create({"name": "Another customer"})
        stranger = self.regulated(partner_id=other.id)
        with self.assertRaisesRegex(UserError, "same complainant"):
            desk._action_mark_duplicate(stranger)
        with self.assertRaises(UserError):
            self.as_user(self.second, self.handler)._action_mark_duplicate(self.first)
        self.merge(self.second, self.first)
        with self.assertRaisesRegex(UserError, "itself"):  # into its own duplicate
            self.as_user(self.first, self.desk)._action_mark_duplicate(self.second)
        third = self.regulated(title="Fee charged twice (third way in)")
        with self.assertRaisesRegex(UserError, "duplicates of its own"):
            self.as_user(self.first, self.desk)._action_mark_duplicate(third)
        self.assertFalse(self.first.duplicate_of_id)

    def test_a_duplicate_is_split_off_with_a_reason(self):
        self.merge(self.second, self.first)
        with self.assertRaisesRegex(UserError, "reason"):
            self.split(self.second, "  ")
        self.assertEqual(self.second.duplicate_of_id, self.first)
        self.split(self.second, "Another card, another fee.")
        self.assertFalse(self.second.duplicate_of_id)
        self.assertFalse(self.first.duplicate_ids)
        self.assertIn("Another card, another fee.", self.second.message_ids[0].body)
        self.assertIn("Another card, another fee.", self.first.message_ids[0].body)
        self.assertIn(
            "dispatch",
            self.second.step_ids.filtered(lambda s: s.state == "open").mapped("step_type"),
        )
        # Its own way from now on: closing the first no longer closes it.
        self.as_user(self.first, self.desk)._action_resolve_first_contact("Fee refunded.")
        self.assertEqual(self.second.state, "new")
        with self.assertRaisesRegex(UserError, "not merged"):
            self.split(self.second, "Again.")

    def test_figures_count_after_merging(self):
        self.merge(self.second, self.first)
        both = [("complaint_id", "in", (self.first | self.second).ids)]
        [(received, everything, merged)] = self.env["complaint.report"]._read_group(
            both, [], ["received:sum", "received_all:sum", "duplicates_merged:sum"]
        )
        self.assertEqual((received, everything, merged), (1, 2, 1))
        day = self.first.date_received_local
        stats = self.env["complaint.statistics"]._monthly_statistics(
            self.company, day.replace(day=1), day.replace(day=28)
        )
        self.assertEqual(stats["received"], 1)
        quarter = (day.month - 1) // 3 + 1
        figures = self.env["complaint.regulatory.figures"]._quarterly_figures(
            self.company, day.year, quarter
        )
        self.assertEqual(figures["totals"]["received"], 1)
        self.assertEqual(figures["duplicates_merged"], 1)
