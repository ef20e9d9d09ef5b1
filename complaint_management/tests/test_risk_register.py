"""The risk register (风险预警): the owner of a risk gets a to-do when its review falls due
(once per review date), the demo data carries the real-estate group's five stages, and the
company's crisis-prevention plan (预警方案) prints the register by stage and the team."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintCase
from .test_slip import pdf_text

REPORT = "complaint_management.complaint_crisis_plan_report_action"


@tagged("post_install", "-at_install")
class TestRiskRegister(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stages = [
            cls.env.ref(f"complaint_management.complaint_risk_stage_{xmlid}")
            for xmlid in (
                "before_sale",
                "launch",
                "during_sale",
                "before_delivery",
                "after_delivery",
            )
        ]
        cls.env["complaint.crisis.team.member"].create(
            [
                {
                    "company_id": cls.company.id,
                    "user_id": cls.gm.id,
                    "is_lead": True,
                    "role": "Head of the team",
                },
                {"company_id": cls.company.id, "user_id": cls.manager.id},
            ]
        )
        Item = cls.env["complaint.risk.item"].with_user(cls.supervisor).with_company(cls.company)
        today = fields.Date.today()
        cls.due = Item.create(
            {
                "name": "Delivery later than the contract date",
                "stage_id": cls.stages[3].id,
                "hazards": "Collective complaints for late-delivery penalties.",
                "prevention": "Owners told three months ahead.",
                "user_id": cls.handler.id,
                "date_review": today - timedelta(days=1),
            }
        )
        cls.later = Item.create(
            {
                "name": "Price cut angers earlier buyers",
                "stage_id": cls.stages[2].id,
                "hazards": "Buyers gather at the sales office.",
                "prevention": "Price changes approved by the crisis team.",
                "user_id": cls.manager.id,
                "date_review": today + timedelta(days=10),
            }
        )

    def test_demo_stages(self):
        self.assertEqual(
            [s.with_context(lang="en_US").name for s in self.stages],
            ["Before Sale", "At Launch", "During Sale", "Before Delivery", "After Delivery"],
        )
        self.assertEqual(sorted(self.stages, key=lambda s: s.sequence), self.stages)

    def test_the_owner_gets_a_to_do_when_the_review_falls_due(self):
        Item = self.env["complaint.risk.item"]
        notified = Item._cron_schedule_reviews()
        self.assertIn(self.due, notified)
        self.assertNotIn(self.later, notified)
        self.assertEqual(self.due.activity_ids.user_id, self.handler)
        self.assertEqual(self.due.date_review_notified, self.due.date_review)
        self.assertFalse(self.later.activity_ids)
        self.assertFalse(Item._cron_schedule_reviews() & (self.due | self.later), "once per date")
        self.assertEqual(len(self.due.activity_ids), 1)
        # A new review date is notified again when it comes.
        self.due.with_user(self.supervisor).write({"date_review": fields.Date.today()})
        self.assertIn(self.due, Item._cron_schedule_reviews())
        self.assertEqual(len(self.due.activity_ids), 2)

    def test_who_reads_the_register(self):
        self.assertTrue(self.sees(self.due, self.supervisor))
        self.assertTrue(self.sees(self.due, self.compliance))
        self.assertTrue(self.sees(self.due, self.handler), "its owner")
        self.assertFalse(self.sees(self.later, self.handler))
        self.assertFalse(self.sees(self.due, self.desk))
        with self.assertRaises(AccessError):
            self.due.with_user(self.handler).write({"prevention": "Nothing."})

    def test_the_prevention_plan_lists_the_register_and_the_team(self):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(self.supervisor)
            .with_company(self.company)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(REPORT, self.company.ids)
        )
        self.assertEqual(kind, "pdf")
        text = pdf_text(pdf)
        for expected in (
            "Crisis-Prevention Plan",
            "Crisis Team",
            self.gm.name,
            "Head of the team",
            self.manager.name,
            "Risk Register",
            "Before Delivery",
            "Delivery later than the contract date",
            "Owners told three months ahead.",
            "During Sale",
            "Price cut angers earlier buyers",
        ):
            self.assertIn(expected, text)
        # Dates may break across a narrow column's lines.
        self.assertIn(str(self.later.date_review), text.replace(" ", ""))
        self.assertLess(text.index("During Sale"), text.index("Before Delivery"), "by stage")
        self.assertNotIn("At Launch", text, "stages without a risk are left out")
        # The list's button prints it for the current company.
        action = (
            self.env["complaint.risk.item"]
            .with_user(self.supervisor)
            .with_company(self.company)
            .action_print_plan()
        )
        self.assertEqual(action["report_name"], "complaint_management.complaint_crisis_plan")
