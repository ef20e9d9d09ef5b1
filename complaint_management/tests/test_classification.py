"""The three dimensions of JR/T 0169-2018 (SPEC.md "The regulator's statistics"): shipped as
hierarchies, the intake channel proposing the business channel, and the regime requiring
all three before the decision letter and the closure, naming what is missing."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_regulatory import RegulatedCase

REF = "complaint_management.complaint_"


@tagged("post_install", "-at_install")
class TestClassification(RegulatedCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.counter = cls.env.ref(f"{REF}business_channel_counter")
        cls.telephone = cls.env.ref(f"{REF}business_channel_telephone")
        cls.credit_card = cls.env.ref(f"{REF}business_line_credit_card")
        cls.pricing = cls.env.ref(f"{REF}cause_pricing")

    def test_shipped_hierarchies(self):
        self.assertEqual(
            self.telephone.complete_name, "Front Office / Electronic Channels / Telephone"
        )
        front = self.env.ref(f"{REF}business_channel_front")
        self.assertEqual(self.telephone._root(), front)
        self.assertEqual(
            set(front.child_ids.mapped("name")),
            {
                "Counter",
                "Self-service Machines",
                "Electronic Channels",
                "Third-party Channels",
                "Other Front-office Channels",
            },
        )
        cards = self.env.ref(f"{REF}business_line_bank_cards")
        self.assertEqual(
            cards.child_ids, self.env.ref(f"{REF}business_line_debit_card") | self.credit_card
        )
        self.assertEqual(self.credit_card.complete_name, "Bank Cards / Credit Cards")
        # Shared by every company, codes left to the administrator (none was sourced).
        for model in ("complaint.business.channel", "complaint.business.line", "complaint.cause"):
            shipped = self.env[model].search([("company_id", "=", False)])
            self.assertGreaterEqual(len(shipped), 12, model)

    def test_a_loop_is_refused(self):
        electronic = self.env.ref(f"{REF}business_channel_electronic")
        with self.assertRaises(UserError):
            self.env.ref(f"{REF}business_channel_front").parent_id = electronic

    def test_the_intake_channel_proposes_the_business_channel(self):
        complaint = self.create_complaint()  # by phone
        self.assertEqual(complaint.business_channel_id, self.telephone)
        desk = self.as_user(complaint, self.desk)
        desk.business_channel_id = self.counter
        self.assertEqual(complaint.business_channel_id, self.counter)
        letter = self.create_complaint(channel_id=self.env.ref(f"{REF}channel_letter").id)
        self.assertFalse(letter.business_channel_id)

    def test_the_department_does_not_change_the_business_channel(self):
        complaint = self.regulated()
        self.dispatch(complaint)
        with self.assertRaises(UserError):  # AccessError is a UserError
            self.as_user(complaint, self.handler).business_channel_id = self.telephone
        self.assertEqual(complaint.business_channel_id, self.counter)

    def test_the_decision_letter_needs_the_classification(self):
        complaint = self.regulated(business_line_id=False, cause_id=False)
        self.walk(complaint, "customer")
        self.decide(complaint)
        with self.assertRaisesRegex(UserError, "Business Category, Cause") as caught:
            self.as_user(complaint, self.desk)._action_send_decision("letter")
        self.assertNotIn("Business Channel", str(caught.exception))
        self.assertEqual(complaint.decision_state, "draft")
        self.as_user(complaint, self.desk).write(
            {"business_line_id": self.credit_card.id, "cause_id": self.pricing.id}
        )
        self.as_user(complaint, self.desk)._action_send_decision("letter")
        self.assertEqual(complaint.decision_state, "sent")

    def test_the_closure_needs_the_classification(self):
        complaint = self.regulated(
            business_channel_id=False,
            cause_id=False,
            channel_id=self.env.ref(f"{REF}channel_letter").id,
        )
        desk = self.as_user(complaint, self.desk)
        with self.assertRaisesRegex(UserError, "Business Channel, Cause"):
            desk._action_resolve_first_contact("Explained at once.")
        self.assertEqual(complaint.state, "new")
        desk.write({"business_channel_id": self.counter.id, "cause_id": self.pricing.id})
        desk._action_resolve_first_contact("Explained at once.")
        self.assertEqual(complaint.state, "closed")

    def test_a_withdrawal_needs_no_classification(self):
        complaint = self.regulated(business_line_id=False, cause_id=False)
        self.as_user(complaint, self.desk)._action_withdraw(
            complaint.date_received, "phone", "Sorted out."
        )
        self.assertEqual(complaint.closure_type, "withdrawn")

    def test_without_a_regime_nothing_is_required(self):
        self.company.complaint_regime_id = False
        complaint = self.create_complaint(channel_id=self.env.ref(f"{REF}channel_letter").id)
        self.as_user(complaint, self.desk)._action_resolve_first_contact("Explained at once.")
        self.assertEqual(complaint.state, "closed")

    def test_a_channel_proposes_only_a_shared_business_channel(self):
        own = self.env["complaint.business.channel"].create(
            {"name": "Video counter", "company_id": self.company.id}
        )
        with self.assertRaises(ValidationError):
            self.channel.business_channel_id = own
