"""The customer answers in the browser (tours in static/tests/tours/complaint_portal_tour.js):
from /my/complaints, they refuse a plan, accept the next one and rate the handling; the
back office's steps are done in Python between the legs, and the database is checked after
each leg."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ComplaintCase

TITLE = "Tour portal card fee charged twice"
# Asset compilation on a busy two-core machine can take a while before the first step.
TOUR_TIMEOUT = 240


@tagged("post_install", "-at_install", "is_tour")
class TestPortalTour(ComplaintCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_partner = cls.env["res.partner"].create(
            {"name": "Tour Customer He Jing", "email": "he.jing@example.cn"}
        )
        cls.customer = new_test_user(
            cls.env,
            login="t_portal_tour",
            groups="base.group_portal",
            partner_id=cls.customer_partner.id,
            email="he.jing@example.cn",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Asia/Shanghai",
        )
        cls.complaint = cls.walk(
            cls.create_complaint(
                title=TITLE, partner_id=cls.customer_partner.id, feedback_preference="portal"
            ),
            "customer",
        )

    def _leg(self, tour):
        self.start_tour("/my/complaints", tour, login=self.customer.login, timeout=TOUR_TIMEOUT)
        self.env.invalidate_all()

    def test_the_customer_refuses_accepts_and_rates_without_calling(self):
        complaint = self.complaint
        first = complaint.plan_id

        # 1. The customer refuses the plan.
        self._leg("complaint_portal_tour_refuse_plan")
        self.assertEqual(first.state, "refused")
        self.assertEqual(first.customer_note, "I want the fee refunded in cash, not as a voucher.")
        self.assertEqual(first.decision_channel, "portal")
        self.assertEqual(complaint.state, "investigating", "back to the department")

        # The department drafts a new plan; the approvers approve it.
        plan = self.draft_plan(complaint)
        self.as_user(plan, self.handler).write({"measures": "<p>Refund the fee in cash.</p>"})
        self.as_user(plan, self.handler).action_submit()
        self.approve_all(plan)
        self.assertEqual(complaint.state, "customer")

        # 2. The customer accepts it.
        self._leg("complaint_portal_tour_accept_plan")
        self.assertEqual(plan.state, "accepted")
        self.assertEqual(plan.decision_channel, "portal")
        self.assertEqual(complaint.state, "implementing")

        # Implementation, audit and feedback in the back office.
        self.walk(complaint, "feedback")
        self.as_user(complaint, self.desk)._action_give_feedback(
            "The fee was refunded in cash at the branch."
        )
        self.assertEqual(complaint.state, "revisit")

        # 3. The customer rates the handling: satisfied, the complaint closes.
        self._leg("complaint_portal_tour_rate")
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.closure_type, "satisfied")
        revisit = complaint.revisit_ids
        self.assertEqual(
            (revisit.channel, revisit.partner_id, revisit.satisfaction, revisit.comment),
            ("portal", self.customer_partner, "4", "Solved in the end, thank you."),
        )
        logs = complaint.message_ids.filtered(lambda m: m.author_id == self.customer_partner)
        self.assertEqual(len(logs), 3, "each answer is logged in the customer's name")
