"""The regulator's rules on who complains and who handles (SPEC.md "The regulator's
floor"): identity verified, agents and heirs, at most five representatives, withdrawal, and
recusal at dispatch, plan approval and audit."""

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_regulatory import RegulatedCase


@tagged("post_install", "-at_install")
class TestIntakeDuties(RegulatedCase):
    def test_six_representatives_are_refused(self):
        people = self.env["res.partner"].create([{"name": f"Owner {i}"} for i in range(6)])
        with self.assertRaisesRegex(ValidationError, "at most 5 representatives; 6 were named"):
            self.regulated(complainant_count=40, representative_ids=[Command.set(people.ids)])
        complaint = self.regulated(
            complainant_count=40, representative_ids=[Command.set(people[:5].ids)]
        )
        self.assertEqual(len(complaint.representative_ids), 5)
        with self.assertRaisesRegex(ValidationError, "at most 5"), self.env.cr.savepoint():
            self.as_user(complaint, self.desk).write(
                {"representative_ids": [Command.link(people[5].id)]}
            )
        self.env.invalidate_all()
        self.assertEqual(len(complaint.representative_ids), 5, "nothing written")

    def test_an_agent_gives_their_contact_and_the_signed_authorisation(self):
        son = self.env["res.partner"].create({"name": "Sun Ming", "phone": "13900000002"})
        with self.assertRaisesRegex(ValidationError, "who complains for the customer"):
            self.regulated(complainant_role="agent")
        with self.assertRaisesRegex(ValidationError, "signed authorisation"):
            self.regulated(complainant_role="heir", agent_partner_id=son.id)
        # Uploaded by the desk, as in the web client: a file of the desk's company.
        proof = (
            self.env["ir.attachment"]
            .with_user(self.desk)
            .with_company(self.company)
            .create({"name": "authorisation.pdf", "raw": b"%PDF"})
        )
        complaint = self.regulated(
            complainant_role="agent",
            agent_partner_id=son.id,
            authorisation_attachment_ids=[Command.set(proof.ids)],
        )
        self.assertEqual(complaint.agent_partner_id, son)

    def test_the_identity_check_records_who_checked_it_and_when(self):
        with freeze_time(self.utc(2026, 11, 2, 10, 0)):
            complaint = self.create_complaint()
            self.assertFalse(complaint.identity_verified)
            self.as_user(complaint, self.desk).write({"identity_method": "phone_banking"})
        self.assertTrue(complaint.identity_verified)
        self.assertEqual(complaint.identity_verified_by_id, self.desk)
        self.assertEqual(complaint.date_identity_verified, self.utc(2026, 11, 2, 10, 0))
        with self.assertRaises(AccessError):
            self.as_user(self.dispatch(complaint), self.handler).write({"identity_method": "other"})
        with self.assertRaises(UserError):
            self.as_user(complaint, self.handler).write(
                {"identity_verified_by_id": self.handler.id}
            )
        self.assertEqual(complaint.identity_method, "phone_banking")

    def test_the_intake_checklist_is_on_the_form(self):
        complaint = self.regulated()
        self.assertIn("already holds", complaint.regulatory_intake_note)
        self.assertTrue(complaint.regulated)
        self.assertEqual(complaint.demand_ids.mapped("name"), ["Refund the second annual fee."])


@tagged("post_install", "-at_install")
class TestWithdrawal(RegulatedCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.regulated((2026, 11, 2, 10, 0))
        with freeze_time(cls.utc(2026, 11, 3, 10, 0)):
            cls.walk(cls.complaint, "investigating")

    def withdraw(self, when, channel="phone", note="Sorted out with the branch."):
        with freeze_time(self.utc(2026, 11, 6, 12, 0)):
            desk = self.as_user(self.complaint, self.desk)
            return desk._action_withdraw(self.utc(*when), channel, note)

    def test_a_withdrawal_mid_investigation_ends_the_procedure_that_day(self):
        open_steps = self.complaint.step_ids.filtered(lambda s: s.state == "open")
        self.assertIn("regulatory", open_steps.mapped("step_type"))
        self.withdraw((2026, 11, 5, 16, 30))
        c = self.complaint
        self.assertEqual((c.state, c.closure_type, c.is_withdrawn), ("closed", "withdrawn", True))
        self.assertEqual(c.date_withdrawn, self.utc(2026, 11, 5, 16, 30))
        self.assertEqual(c.date_closed, self.utc(2026, 11, 5, 16, 30), "ends on the day received")
        self.assertEqual(
            (c.withdrawal_channel, c.withdrawal_note), ("phone", "Sorted out with the branch.")
        )
        self.assertEqual(set(open_steps.mapped("state")), {"withdrawn"})
        self.assertEqual(set(open_steps.mapped("date_done")), {self.utc(2026, 11, 5, 16, 30)})
        self.assertEqual(set(open_steps.mapped("deadline_status")), {"withdrawn"})
        self.assertEqual(c.regulatory_result, "withdrawn")
        self.assertFalse(c.regulatory_limit_met)
        # It leaves every open list: the complaints, the deadline board, the to-dos.
        Complaint = self.env["complaint.complaint"].with_user(self.desk)
        self.assertNotIn(c, Complaint.search([("state", "not in", ("closed", "archived"))]))
        board = self.env["complaint.step"].search(
            [("complaint_id", "=", c.id), ("state", "=", "open")]
        )
        self.assertFalse(board)
        self.assertFalse(c.activity_ids)
        self.assertFalse(c.date_deadline)
        # A closure of its own kind: archived with what it reached (no plan, feedback, revisit).
        self.assertEqual(c._get_missing_slip_data(), [])
        self.sign_record(c)
        self.as_user(c, self.desk).action_archive_complaint()
        self.assertEqual(c.state, "archived")

    def test_a_withdrawal_cancels_the_pending_approvals(self):
        with freeze_time(self.utc(2026, 11, 4, 10, 0)):
            self.walk(self.complaint, "approval")
        approvals = self.complaint.plan_id.approval_ids
        self.assertIn("pending", approvals.mapped("state"))
        self.assertTrue(approvals.activity_id)
        self.withdraw((2026, 11, 5, 9, 0))
        self.assertNotIn("pending", approvals.mapped("state"))
        self.assertFalse(approvals.activity_id.exists(), "the approvers' to-dos are gone")

    def test_the_withdrawal_date_and_channel_are_checked(self):
        for when, channel, message in (
            ((2026, 11, 7, 9, 0), "phone", "future"),
            ((2026, 11, 1, 9, 0), "phone", "before"),
            ((2026, 11, 5, 9, 0), False, "How was the withdrawal received"),
        ):
            with self.subTest(message=message), self.assertRaisesRegex(UserError, message):
                self.withdraw(when, channel)
        self.assertEqual(self.complaint.state, "investigating", "nothing written")

    def test_only_the_desk_records_a_withdrawal(self):
        with self.assertRaises(AccessError), freeze_time(self.utc(2026, 11, 6, 12, 0)):
            self.as_user(self.complaint, self.handler)._action_withdraw(
                self.utc(2026, 11, 5, 9, 0), "phone"
            )


@tagged("post_install", "-at_install")
class TestRecusal(RegulatedCase):
    """Nobody with an interest in a complaint handles, approves or audits it (回避)."""

    def test_recusal_at_dispatch(self):
        complaint = self.regulated()
        desk = self.as_user(complaint, self.desk)
        desk._action_decide_validity("valid")
        desk._action_declare_interest("The complainant is his neighbour.", self.handler)
        self.assertEqual(complaint.recused_user_ids, self.handler)
        self.assertEqual(complaint.recusal_ids.declared_by_id, self.desk)
        with self.assertRaisesRegex(UserError, r"may not handle .* \(回避\).*reassign"):
            desk._action_dispatch(self.dep_ops, self.handler)
        self.assertEqual(complaint.state, "new")
        desk._action_dispatch(self.dep_ops, self.manager)
        self.assertEqual(complaint.handler_id, self.manager)
        with self.assertRaisesRegex(UserError, "回避"):
            desk._action_reassign(self.handler)

    def test_a_handler_found_responsible_no_longer_handles_it(self):
        complaint = self.walk(self.regulated(), "investigating")
        handler = self.as_user(complaint, self.handler)
        employee = self.env["hr.employee"].search([("user_id", "=", self.handler.id)])
        handler.write({"responsible_employee_ids": [Command.set(employee.ids)]})
        self.assertIn(self.handler, complaint.recused_user_ids)
        self.assertFalse(handler.can_department, "the buttons are hidden")
        with self.assertRaisesRegex(UserError, "among the employees responsible for it"):
            handler.action_new_plan()
        with self.assertRaisesRegex(UserError, "回避"):
            handler.write({"root_cause": "Rewritten by the one responsible."})
        self.as_user(complaint, self.desk)._action_reassign(self.manager)
        self.assertTrue(self.as_user(complaint, self.manager).action_new_plan())

    def test_recusal_at_plan_approval_goes_to_the_substitute(self):
        complaint = self.walk(self.regulated(), "approval")
        first = complaint.plan_id.pending_approval_id
        self.assertEqual((first.role, first.user_id), ("department_manager", self.manager))
        manager = self.as_user(complaint, self.manager)
        manager._action_declare_interest("My brother-in-law.")
        self.assertEqual(first.user_id, self.substitute, "the approval goes to the substitute")
        with self.assertRaisesRegex(UserError, r"may not approve the plan of .*My brother-in-law"):
            self.as_user(first, self.manager).action_approve()
        self.assertFalse(self.as_user(complaint, self.manager).awaiting_my_approval)
        self.assertTrue(self.as_user(complaint, self.substitute).awaiting_my_approval)
        self.as_user(first, self.substitute).action_approve()
        self.assertEqual(first.state, "approved")

    def test_a_recused_approver_is_replaced_when_the_chain_is_built(self):
        complaint = self.walk(self.regulated(), "investigating")
        self.as_user(complaint, self.desk)._action_declare_interest("Shareholder.", self.gm)
        plan = self.draft_plan(complaint)
        self.as_user(plan, self.handler).action_submit()
        roles = {a.role: a.user_id for a in plan.approval_ids}
        self.assertEqual(roles["general_manager"], self.supervisor, "the substitute approves")

    def test_without_a_substitute_the_plan_is_not_submitted(self):
        self.company.complaint_substitute_manager_id = False
        complaint = self.walk(self.regulated(), "investigating")
        self.as_user(complaint, self.manager)._action_declare_interest("My cousin.")
        plan = self.draft_plan(complaint)
        with self.assertRaisesRegex(UserError, "Set a substitute approver"):
            self.as_user(plan, self.handler).action_submit()
        self.assertEqual(plan.state, "draft")

    def test_recusal_at_the_result_audit(self):
        self.grades[4].audit_policy = "always"
        complaint = self.walk(self.regulated(), "audit")
        self.as_user(complaint, self.supervisor)._action_declare_interest("Friend of the clerk.")
        with self.assertRaisesRegex(UserError, r"may not audit .*Another supervisor"):
            self.as_user(complaint, self.supervisor)._action_audit_pass("Fair.")
        self.assertEqual(complaint.state, "audit")
        self.as_user(complaint, self.admin)._action_audit_pass("Fair.")
        self.assertEqual(complaint.state, "feedback")

    def test_outside_a_regime_nobody_is_recused(self):
        self.company.complaint_regime_id = False
        complaint = self.walk(self.create_complaint(), "investigating")
        employee = self.env["hr.employee"].search([("user_id", "=", self.handler.id)])
        handler = self.as_user(complaint, self.handler)
        handler.write({"responsible_employee_ids": [Command.set(employee.ids)]})
        self.assertFalse(complaint.recused_user_ids)
        self.assertTrue(handler.action_new_plan())
