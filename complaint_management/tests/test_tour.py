"""One complaint walked from registration to archive in the browser, each leg by the demo
user of the role that does it (tours in static/tests/tours/complaint_tour.js), with the
database checked after every leg."""

from datetime import date

from odoo.tests import HttpCase, tagged

ACTION_URL = "/odoo/action-complaint_management.complaint_complaint_action"
TITLE = "Tour annual card fee charged twice"
COMPLAINANT = "Tour Complainant Sun Li"
# Asset compilation on a busy two-core machine can take a while before the first step.
TOUR_TIMEOUT = 240


@tagged("post_install", "-at_install", "is_tour")
class TestComplaintTour(HttpCase):
    # A desk's screen: the header of a new complaint carries the duties' buttons beside
    # the status bar, which folds its states into a menu on a narrower window.
    browser_size = "1920x1080"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.users = {
            role: ref(f"complaint_management.user_demo_{role}")
            for role in ("desk", "handler", "deptmanager", "gm", "supervisor")
        }
        cls.operations = ref("complaint_management.dep_demo_operations")
        cls.grade = ref("complaint_management.complaint_grade_level_4")
        # Level 4 results are audited (the default): set here all the same, so the path is
        # deterministic and the supervisors' leg is part of it whatever the data says.
        cls.grade.audit_policy = "always"
        # The process as every company runs it; the regulator's floor on top of it is walked
        # by test_tour_regulatory.py on the demo bank.
        ref("base.main_company").complaint_regime_id = False

    def _leg(self, tour, role, complaint=None):
        url = f"{ACTION_URL}/{complaint.id}" if complaint else ACTION_URL
        self.start_tour(url, tour, login=self.users[role].login, timeout=TOUR_TIMEOUT)
        self.env.invalidate_all()

    def test_complaint_from_registration_to_archive(self):
        desk, handler = self.users["desk"], self.users["handler"]
        deptmanager, gm = self.users["deptmanager"], self.users["gm"]
        supervisor = self.users["supervisor"]
        Complaint = self.env["complaint.complaint"]

        # 1. The desk registers, judges valid and dispatches.
        self._leg("complaint_tour_desk_register", "desk")
        complaint = Complaint.search([("title", "=", TITLE)])
        self.assertEqual(len(complaint), 1)
        self.assertRegex(complaint.name, r"^TS\d{4}-\d{5}$")
        self.assertEqual(complaint.state, "dispatched")
        self.assertEqual(complaint.partner_id.name, COMPLAINANT)
        self.assertEqual(complaint.partner_id.create_uid, desk, "created on the fly by the desk")
        self.assertEqual(complaint.sudo().confidential_phone, "13800000099")
        self.assertEqual(complaint.receiver_id, desk)
        self.assertEqual(
            complaint.channel_id, self.env.ref("complaint_management.complaint_channel_phone")
        )
        self.assertEqual(
            complaint.category_id, self.env.ref("complaint_management.complaint_category_fees")
        )
        self.assertIn("charged twice", complaint.description)
        self.assertEqual(complaint.customer_demand, "Refund the second fee.")
        self.assertEqual(complaint.validity, "valid")
        self.assertEqual(complaint.grade_id, self.grade)
        self.assertEqual(complaint.department_id, self.operations)
        self.assertEqual(complaint.handler_id, handler)
        self.assertTrue(complaint.date_dispatched)
        self.assertIn(handler.partner_id, complaint.message_partner_ids, "the handler follows it")

        # 2. The handler investigates and submits a plan.
        self._leg("complaint_tour_handler_investigate", "handler", complaint)
        self.assertEqual(complaint.state, "approval")
        self.assertTrue(complaint.date_investigation_started)
        self.assertTrue(complaint.date_customer_contacted)
        self.assertIn("confirmed the double charge", complaint.contact_note)
        self.assertIn("ran twice", complaint.facts_found)
        self.assertEqual(complaint.root_cause, "The batch job may be re-run without a guard.")
        plan = complaint.plan_ids
        self.assertEqual(len(plan), 1)
        self.assertEqual(plan.state, "to_approve")
        self.assertEqual(plan.responsible_id, handler)
        self.assertGreater(plan.date_due, date.today())
        self.assertIn("Refund the second fee", plan.measures)
        self.assertEqual(plan.grade_id, self.grade)
        approvals = plan.approval_ids.sorted("sequence")
        self.assertEqual(
            [(a.role, a.user_id, a.state) for a in approvals],
            [("department_manager", deptmanager, "pending"), ("general_manager", gm, "pending")],
        )

        # 3. The department manager, then the general manager, approve it.
        self._leg("complaint_tour_approve_plan", "deptmanager")
        self.assertEqual(complaint.state, "approval")
        self.assertEqual(approvals.mapped("state"), ["approved", "pending"])
        self.assertEqual(approvals[0].done_by_id, deptmanager)
        self._leg("complaint_tour_approve_plan", "gm")
        self.assertEqual(approvals.mapped("state"), ["approved", "approved"])
        self.assertEqual(approvals[1].done_by_id, gm)
        self.assertEqual(plan.state, "approved")
        self.assertEqual(complaint.state, "customer")
        self.assertTrue(complaint.date_plan_approved)

        # 4. The desk records that the customer accepts the plan.
        self._leg("complaint_tour_desk_customer_accept", "desk", complaint)
        self.assertEqual(plan.state, "accepted")
        self.assertEqual(complaint.state, "implementing")
        self.assertTrue(complaint.date_customer_accepted)

        # 5. The handler implements it.
        self._leg("complaint_tour_handler_implement", "handler", complaint)
        self.assertEqual(complaint.state, "audit")
        self.assertTrue(complaint.audit_required)
        self.assertEqual(
            complaint.implementation_note, "Second fee refunded; written apology sent."
        )
        self.assertEqual(complaint.rectification, "Batch job now refuses to run twice a day.")
        self.assertEqual(
            complaint.accountability_note, "Operator reminded of the re-run procedure."
        )
        self.assertTrue(complaint.date_implemented)

        # 6. A supervisor passes the result audit.
        self._leg("complaint_tour_supervisor_audit", "supervisor", complaint)
        self.assertEqual(complaint.state, "feedback")
        self.assertEqual(complaint.audit_user_id, supervisor)
        self.assertEqual(complaint.audit_comment, "Refund and rectification are adequate.")
        self.assertTrue(complaint.date_audited)

        # 7. The desk gives the feedback and records the revisit; the head of Operations
        # signs the complete record; the desk archives the complaint.
        self._leg("complaint_tour_desk_close", "desk", complaint)
        self.assertEqual(complaint.state, "closed")
        self.assertFalse(complaint.record_signed_by_id, "the desk cannot sign it")
        self._leg("complaint_tour_sign_record", "deptmanager", complaint)
        self.assertEqual(complaint.record_signed_by_id, deptmanager)
        self.assertTrue(complaint.date_record_signed)
        self._leg("complaint_tour_desk_archive", "desk", complaint)
        self.assertEqual(complaint.archive_keeper_id, supervisor, "the demo bank's keeper")
        self.assertEqual(complaint.state, "archived")
        self.assertTrue(complaint.date_archived)
        self.assertEqual(complaint.feedback_user_id, desk)
        self.assertIn("batch job fixed", complaint.feedback_note)
        self.assertEqual(complaint.feedback_channel, "phone")
        revisit = complaint.revisit_ids
        self.assertEqual(len(revisit), 1, "a revisit is recorded")
        self.assertEqual(
            (revisit.user_id, revisit.satisfaction, revisit.outcome, revisit.comment),
            (desk, "5", "close", "Thanks for the quick refund."),
        )
        self.assertEqual(complaint.satisfaction, "5")
        self.assertEqual(complaint.closure_type, "satisfied")
        self.assertTrue(complaint.date_revisited)
        self.assertTrue(complaint.date_closed)
        self.assertEqual(plan.state, "accepted", "the accepted plan stays on record")
        self.assertEqual(complaint.compensation_amount, 0.0)
        self.assertFalse(complaint._get_missing_slip_data(), "the handling slip is complete")

        # The step history: every timed step of the path, each done once, none left open.
        steps = complaint.step_ids.sorted(lambda s: (s.date_start, s.id))
        self.assertEqual(
            sorted(steps.mapped("step_type")),
            sorted(
                [
                    "dispatch",
                    "start",
                    "contact",
                    "plan",
                    "implement",
                    "audit",
                    "feedback",
                    "revisit",
                    # The first reply, met by the department's first contact (test_contact.py).
                    "first_reply",
                ]
            ),
        )
        self.assertEqual(set(steps.mapped("state")), {"done"})
        self.assertTrue(all(steps.mapped("date_done")))
        owners = {s.step_type: s.user_id for s in steps}
        self.assertEqual(owners["dispatch"], desk)
        self.assertEqual(owners["contact"], handler)
        self.assertEqual(owners["audit"], supervisor)
        self.assertEqual(owners["revisit"], desk)
        self.assertEqual(owners["first_reply"], desk, "the receiving employee's")
