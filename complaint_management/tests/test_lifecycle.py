from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestRegistration(ComplaintCase):
    track = True

    def test_registration_numbers_grades_and_times_the_complaint(self):
        complaint = self.create_complaint()
        self.assertRegex(complaint.name, r"^TS\d{4}-\d{5}$")
        self.assertEqual(complaint.state, "new")
        self.assertEqual(
            complaint.receiver_id, self.desk, "the receiving employee defaults to the user"
        )
        self.assertEqual(complaint.grade_id, self.grades[4])
        self.assertEqual(complaint.grade_history_ids.new_grade_id, self.grades[4])
        self.assertEqual(
            set(complaint.step_ids.mapped("step_type")),
            {"dispatch", "plan"},
            "dispatch and plan approval are timed from receipt",
        )
        other = self.create_complaint()
        self.assertNotEqual(other.name, complaint.name)

    def test_workflow_fields_cannot_be_set_at_registration(self):
        with self.assertRaises(UserError):
            self.create_complaint(state="closed")
        with self.assertRaises(UserError):
            self.create_complaint(grade_id=self.grades[1].id)

    def test_department_cannot_register(self):
        with self.assertRaises(AccessError):
            self.create_complaint(user=self.handler)

    def test_first_contact_resolution_closes_and_counts(self):
        complaint = self.create_complaint()
        desk = self.as_user(complaint, self.desk)
        with self.assertRaises(UserError):
            desk._action_resolve_first_contact("  ")
        self.assertEqual(complaint.state, "new", "a refused action changes nothing")
        desk._action_resolve_first_contact("Explained the fee schedule; the customer is satisfied.")
        self.assertEqual(complaint.state, "closed")
        self.assertTrue(complaint.first_contact_resolved)
        self.assertEqual(complaint.closure_type, "first_contact")
        self.assertFalse(complaint.step_ids.filtered(lambda s: s.state == "open"))
        self.assertEqual(
            self.env["complaint.complaint"].search_count(
                [("first_contact_resolved", "=", True), ("id", "=", complaint.id)]
            ),
            1,
        )
        self.sign_record(complaint)
        desk.action_archive_complaint()
        self.assertEqual(complaint.state, "archived")

    def test_invalid_complaint_skips_the_department(self):
        complaint = self.create_complaint()
        desk = self.as_user(complaint, self.desk)
        with self.assertRaises(UserError, msg="an invalid complaint names who is competent"):
            desk._action_decide_validity("invalid", "Not our product.")
        desk._action_decide_validity("invalid", "Not our product.", "The card scheme")
        self.assertEqual(complaint.state, "feedback")
        self.assertEqual(complaint.referred_to, "The card scheme")
        self.assertEqual(
            complaint.step_ids.filtered(lambda s: s.state == "open").step_type, "feedback"
        )
        desk._action_give_feedback("Told the customer to contact the card scheme.")
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.closure_type, "invalid")
        self.assertFalse(complaint.revisit_ids, "no revisit for an invalid complaint")
        self.sign_record(complaint)
        desk.action_archive_complaint()
        self.assertEqual(complaint.state, "archived")

    def test_department_may_find_a_complaint_special(self):
        complaint = self.walk(self.create_complaint(), "investigating")
        self.as_user(complaint, self.handler)._action_decide_validity(
            "special", "The operation followed the rules."
        )
        self.assertEqual(complaint.state, "feedback")
        self.assertEqual(complaint.validity, "special")

    def test_dispatch_needs_validity_and_category(self):
        complaint = self.create_complaint(category_id=False)
        desk = self.as_user(complaint, self.desk)
        with self.assertRaises(UserError):
            desk._action_dispatch(self.dep_ops, self.handler)
        desk._action_decide_validity("valid")
        with self.assertRaises(UserError):
            desk._action_dispatch(self.dep_ops, self.handler)
        desk.write({"category_id": self.category.id})
        with self.assertRaises(UserError, msg="the handler must work in the department"):
            desk._action_dispatch(self.dep_ops, self.it_handler)
        desk._action_dispatch(self.dep_ops, self.handler)
        self.assertEqual(complaint.state, "dispatched")
        self.assertEqual(
            complaint.step_ids.filtered(lambda s: s.step_type == "dispatch").state, "done"
        )
        self.assertEqual(
            set(complaint.step_ids.filtered(lambda s: s.state == "open").mapped("step_type")),
            {"start", "contact", "implement", "plan"},
        )
        self.assertIn(self.handler.partner_id, complaint.message_partner_ids)

    def test_dispatch_to_sub_department_member(self):
        complaint = self.create_complaint()
        self.dispatch(complaint, self.dep_ops, self.branch_handler)
        self.assertEqual(complaint.handler_id, self.branch_handler)

    def test_dispatch_wizard_offers_exactly_the_handlers_dispatch_accepts(self):
        """A branch of Operations managed by someone who works in IT: that manager is not
        one of Operations' handlers, so the wizard does not offer them."""
        it_employee = self.env["hr.employee"].search([("user_id", "=", self.it_handler.id)])
        self.dep_branch.manager_id = it_employee
        complaint = self.create_complaint()
        self.as_user(complaint, self.desk)._action_decide_validity("valid")
        Wizard = self.env["complaint.dispatch.wizard"].with_user(self.desk)
        wizard = Wizard.with_context(default_complaint_id=complaint.id).create(
            {"department_id": self.dep_ops.id}
        )
        offered = wizard.handler_candidate_ids
        self.assertEqual(offered, self.handler | self.manager | self.branch_handler)
        for user in offered:
            with self.subTest(user=user.login):
                self.assertTrue(self.dep_ops._complaint_has_member(user))
        with self.assertRaises(UserError):
            self.as_user(complaint, self.desk)._action_dispatch(self.dep_ops, self.it_handler)
        self.assertEqual(complaint.state, "new")
        wizard.handler_id = self.branch_handler
        wizard.action_confirm()
        self.assertEqual(complaint.handler_id, self.branch_handler)

    def test_needing_another_department_makes_level_3(self):
        complaint = self.create_complaint()
        desk = self.as_user(complaint, self.desk)
        desk._action_decide_validity("valid")
        desk._action_dispatch(self.dep_ops, self.handler, self.dep_it)
        self.assertEqual(complaint.grade_level, 3)
        self.assertIn("another department", complaint.grade_history_ids.sorted("id")[-1].reason)


@tagged("post_install", "-at_install")
class TestProcess(ComplaintCase):
    def test_whole_process_leaves_a_complete_record(self):
        self.grades[4].audit_policy = "always"
        complaint = self.create_complaint()
        self.walk(complaint, "archived")
        self.assertEqual(complaint.state, "archived")
        for fname in (
            "date_dispatched",
            "date_investigation_started",
            "date_customer_contacted",
            "date_plan_approved",
            "date_customer_accepted",
            "date_implemented",
            "date_audited",
            "date_feedback",
            "date_revisited",
            "date_closed",
            "date_archived",
        ):
            self.assertTrue(complaint[fname], f"{fname} is recorded")
        self.assertEqual(complaint.satisfaction, "5")
        self.assertEqual(complaint.closure_type, "satisfied")
        steps = complaint.step_ids
        self.assertFalse(steps.filtered(lambda s: s.state == "open"))
        self.assertEqual(
            set(steps.filtered(lambda s: s.state == "done").mapped("step_type")),
            {"dispatch", "start", "contact", "plan", "implement", "audit", "feedback", "revisit"},
        )

    def test_department_and_supervisor_notes_go_through_the_mail_queue(self):
        """Whoever chose to be told by mail gets the department's and the supervisors'
        notes as mails left in the queue, not sent from within the request that posts
        them (Odoo would send a few at once)."""
        complaint = self.walk(self.create_complaint(), "dispatched")
        (self.handler | self.supervisor).sudo().write({"notification_type": "email"})
        complaint._notify_department("The plan was sent back.")
        complaint._notify_supervisors("Escalated to crisis handling.")
        for text, user in (
            ("The plan was sent back.", self.handler),
            ("Escalated to crisis handling.", self.supervisor),
        ):
            note = complaint.message_ids.filtered(lambda m, t=text: t in (m.body or ""))
            self.assertEqual(len(note), 1)
            self.assertIn(user.partner_id, note.partner_ids)
            mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", note.id)])
            self.assertTrue(mails, f"{user.login} is told by mail")
            self.assertEqual(set(mails.mapped("state")), {"outgoing"}, "left in the queue")

    def test_only_the_department_investigates(self):
        complaint = self.walk(self.create_complaint(), "dispatched")
        with self.assertRaises(AccessError):
            self.as_user(complaint, self.it_handler).action_start_investigation()
        with self.assertRaises(AccessError, msg="the desk does not investigate"):
            self.as_user(complaint, self.desk).action_start_investigation()
        self.as_user(complaint, self.handler).action_start_investigation()
        self.assertEqual(complaint.state, "investigating")

    def test_department_fields_are_the_departments(self):
        complaint = self.walk(self.create_complaint(), "investigating")
        with self.assertRaises(AccessError):
            self.as_user(complaint, self.desk).write({"root_cause": "guess"})
        with self.assertRaises(AccessError):
            self.as_user(complaint, self.handler).write({"title": "Changed by the department"})
        self.as_user(complaint, self.manager).write({"root_cause": "Confirmed by the manager"})
        self.assertEqual(complaint.root_cause, "Confirmed by the manager")

    def test_transitions_out_of_order_are_refused(self):
        complaint = self.create_complaint()
        with self.assertRaises(UserError):
            self.as_user(complaint, self.desk).action_archive_complaint()
        with self.assertRaises(UserError):
            self.as_user(complaint, self.handler).action_mark_implemented()
        with self.assertRaises(UserError):
            self.as_user(complaint, self.desk)._action_give_feedback("too early")
        with self.assertRaises(UserError):
            self.as_user(complaint, self.supervisor)._action_audit_pass("too early")
        self.assertEqual(complaint.state, "new")

    def test_rpc_write_of_workflow_fields_is_refused(self):
        complaint = self.create_complaint()
        for vals in (
            {"state": "closed"},
            {"grade_id": self.grades[1].id},
            {"date_feedback": "2026-01-01 00:00:00"},
            {"department_id": self.dep_it.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                complaint.with_user(self.supervisor).write(vals)
        # Context keys sent over RPC are JSON: a string never unlocks workflow fields.
        with self.assertRaises(UserError):
            complaint.with_user(self.supervisor).with_context(complaint_workflow="1").write(
                {"state": "closed"}
            )
        self.assertEqual(complaint.state, "new")

    def test_plan_needs_investigation_and_follows_the_approval_chain(self):
        complaint = self.walk(self.create_complaint(), "dispatched")
        self.as_user(complaint, self.handler).action_start_investigation()
        plan = self.draft_plan(complaint)
        with self.assertRaises(UserError, msg="facts, cause and contact come first"):
            self.as_user(plan, self.handler).action_submit()
        self.investigate(complaint)
        self.as_user(plan, self.handler).action_submit()
        self.assertEqual(complaint.state, "approval")
        self.assertEqual(
            plan.approval_ids.mapped("role"),
            ["department_manager", "general_manager"],
            "level 4: department manager, then general manager",
        )
        gm_line = plan.approval_ids.filtered(lambda a: a.role == "general_manager")
        with self.assertRaises(UserError, msg="approvals go in order"):
            self.as_user(gm_line, self.gm).action_approve()
        dm_line = plan.approval_ids.filtered(lambda a: a.role == "department_manager")
        with self.assertRaises(AccessError):
            self.as_user(dm_line, self.handler).action_approve()
        self.as_user(dm_line, self.manager).action_approve()
        # The manager approves again from a second tab: nothing changes, and they are told
        # who the plan waits for now rather than refused.
        notes = len(complaint.message_ids)
        again = self.as_user(complaint, self.manager).action_approve_plan()
        self.assertEqual(again["tag"], "display_notification")
        self.assertIn(self.gm.name, again["params"]["message"])
        self.assertEqual(dm_line.done_by_id, self.manager)
        self.assertEqual(gm_line.state, "pending")
        self.assertEqual(len(complaint.message_ids), notes, "nothing logged")
        with self.assertRaises(AccessError, msg="someone who did not approve is still refused"):
            self.as_user(complaint, self.handler).action_approve_plan()
        self.as_user(gm_line, self.gm).action_approve()
        self.assertEqual(plan.state, "approved")
        again = self.as_user(complaint, self.gm).action_approve_plan()
        self.assertEqual(again["tag"], "display_notification")
        self.assertEqual(complaint.state, "customer")
        self.assertEqual(complaint.state, "customer")
        self.assertEqual(complaint.step_ids.filtered(lambda s: s.step_type == "plan").state, "done")

    def test_serious_grades_add_supervisor_and_compensation_adds_compliance(self):
        complaint = self.create_complaint(complainant_count=4)
        self.assertEqual(complaint.grade_level, 2)
        self.walk(complaint, "investigating")
        plan = self.draft_plan(complaint, compensation=500.0)
        self.as_user(plan, self.handler).action_submit()
        self.assertEqual(
            plan.approval_ids.mapped("role"),
            ["department_manager", "general_manager", "supervisor", "compliance"],
        )
        self.approve_all(plan)
        self.assertEqual(complaint.state, "customer")

    def test_sent_back_plan_is_revised_and_resubmitted(self):
        complaint = self.walk(self.create_complaint(), "approval")
        plan = complaint.plan_id
        approval = plan.approval_ids.filtered(lambda a: a.role == "department_manager")
        with self.assertRaises(UserError):
            self.as_user(approval, self.manager)._action_send_back("")
        self.as_user(approval, self.manager)._action_send_back("Refund the interest too.")
        self.assertEqual(plan.state, "returned")
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(approval.state, "rejected")
        self.assertEqual(approval.comment, "Refund the interest too.")
        self.as_user(plan, self.handler).write({"measures": "<p>Refund fee and interest.</p>"})
        self.as_user(plan, self.handler).action_submit()
        self.assertEqual(len(plan.approval_ids), 4, "the first round is kept")
        self.approve_all(plan)
        self.assertEqual(complaint.state, "customer")

    def test_refused_plan_keeps_every_version(self):
        complaint = self.walk(self.create_complaint(), "customer")
        first = complaint.plan_id
        with self.assertRaises(AccessError, msg="the desk records the customer's answer"):
            self.as_user(first, self.handler)._action_customer_refuse("No")
        with self.assertRaises(UserError):
            self.as_user(first, self.desk)._action_customer_refuse(" ")
        self.as_user(first, self.desk)._action_customer_refuse("Wants the interest refunded too.")
        self.assertEqual(first.state, "refused")
        self.assertEqual(complaint.state, "investigating")
        with self.assertRaises(UserError, msg="a refused version is not edited"):
            self.as_user(first, self.handler).write({"measures": "<p>changed</p>"})
        second = self.draft_plan(complaint)
        self.assertEqual(second.version, 2)
        self.assertIn("Refund", second.measures, "the new version starts from the last one")
        self.as_user(second, self.handler).action_submit()
        self.approve_all(second)
        self.as_user(second, self.desk).action_customer_accept()
        self.assertEqual(complaint.plan_ids.mapped("version"), [2, 1])
        self.assertEqual(complaint.plan_ids.mapped("state"), ["accepted", "refused"])
        self.assertEqual(complaint.state, "implementing")
        with self.assertRaises(UserError):
            first.unlink()

    def test_implementation_requires_rectification_and_accountability(self):
        complaint = self.walk(self.create_complaint(), "implementing")
        handler = self.as_user(complaint, self.handler)
        handler.write({"implementation_note": "Refunded."})
        with self.assertRaises(UserError) as error:
            handler.action_mark_implemented()
        self.assertIn("Rectification", str(error.exception))
        self.assertEqual(complaint.state, "implementing")

    def test_audit_always_for_levels_1_to_3(self):
        complaint = self.create_complaint(media_risk=True)
        self.assertEqual(complaint.grade_level, 2)
        self.walk(complaint, "audit")
        self.assertEqual(complaint.state, "audit")
        self.assertTrue(complaint.audit_required)
        with self.assertRaises(AccessError):
            self.as_user(complaint, self.desk)._action_audit_pass("ok")
        with self.assertRaises(UserError):
            self.as_user(complaint, self.supervisor)._action_audit_reject("")
        self.as_user(complaint, self.supervisor)._action_audit_reject("Compensation too low.")
        self.assertEqual(complaint.state, "implementing")
        self.as_user(complaint, self.handler).action_mark_implemented()
        self.assertEqual(complaint.state, "audit")
        self.as_user(complaint, self.supervisor)._action_audit_pass("Fair now.")
        self.assertEqual(complaint.state, "feedback")
        self.assertEqual(complaint.audit_user_id, self.supervisor)

    def test_audit_sampling_follows_the_grade(self):
        self.grades[4].write({"audit_policy": "sample", "audit_sample_rate": 0})
        skipped = self.walk(self.create_complaint(), "audit")
        self.assertEqual(skipped.state, "feedback")
        self.assertFalse(skipped.audit_required)
        self.grades[4].audit_sample_rate = 100
        audited = self.walk(self.create_complaint(), "audit")
        self.assertEqual(audited.state, "audit")
        self.grades[4].audit_policy = "never"
        never = self.walk(self.create_complaint(), "audit")
        self.assertEqual(never.state, "feedback")

    def test_feedback_uses_the_customers_channel(self):
        complaint = self.walk(self.create_complaint(feedback_preference="email"), "feedback")
        self.as_user(complaint, self.desk)._action_give_feedback("Refund done.")
        self.assertEqual(complaint.feedback_channel, "email")
        self.assertEqual(complaint.state, "revisit")
        self.assertEqual(
            complaint.step_ids.filtered(lambda s: s.state == "open").step_type, "revisit"
        )


@tagged("post_install", "-at_install")
class TestRevisitAndArchive(ComplaintCase):
    track = True

    def test_dissatisfied_customer_cannot_just_be_closed(self):
        complaint = self.walk(self.create_complaint(), "revisit")
        with self.assertRaises(ValidationError):
            self.record_revisit(complaint, "1", "close")
        self.assertEqual(complaint.state, "revisit")
        self.assertFalse(complaint.revisit_ids)
        with self.assertRaises(ValidationError):
            self.record_revisit(complaint, "5", "replan")

    def test_revisit_replan_goes_back_to_the_department(self):
        complaint = self.walk(self.create_complaint(), "revisit")
        self.record_revisit(complaint, "2", "replan")
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(complaint.revisit_ids.satisfaction, "2")
        self.assertTrue(
            complaint.step_ids.filtered(lambda s: s.step_type == "plan" and s.state == "open")
        )

    def test_recomplaint_opens_a_linked_complaint(self):
        complaint = self.walk(self.create_complaint(), "revisit")
        action = self.record_revisit(complaint, "1", "recomplaint")
        followup = self.env["complaint.complaint"].browse(action["res_id"])
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.closure_type, "recomplaint")
        self.assertEqual(followup.complaint_type, "recomplaint")
        self.assertEqual(followup.origin_complaint_id, complaint)
        self.assertEqual(followup.problem_root_id, complaint.problem_root_id)
        self.assertTrue(followup.is_repeat, "received after the problem was handled")
        self.assertEqual(complaint.followup_count, 1)
        self.assertEqual(complaint.revisit_ids.followup_complaint_id, followup)
        self.assertEqual(
            followup.with_user(self.desk).partner_phone, "13800000001", "contact details follow"
        )

    def test_crisis_escalation_raises_to_level_1(self):
        complaint = self.walk(self.create_complaint(), "revisit")
        self.record_revisit(complaint, "1", "crisis")
        self.assertTrue(complaint.is_crisis)
        self.assertEqual(complaint.grade_level, 1)
        self.assertEqual(complaint.state, "investigating")
        self.assertIn("crisis", complaint.grade_history_ids.sorted("id")[-1].reason)

    def test_archive_refused_until_the_slip_is_complete(self):
        complaint = self.sign_record(self.walk(self.create_complaint(), "closed"))
        complaint.sudo().write({"root_cause": False})
        with self.assertRaises(UserError) as error:
            self.as_user(complaint, self.desk).action_archive_complaint()
        self.assertIn("Root Cause", str(error.exception))
        self.assertEqual(complaint.state, "closed")

    def test_archived_complaint_is_read_only_for_everyone(self):
        complaint = self.walk(self.create_complaint(), "archived")
        for user in (self.desk, self.supervisor, self.admin):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.as_user(complaint, user).write({"title": "changed"})
        with self.assertRaises(UserError, msg="not even the superuser"):
            complaint.sudo().write({"customer_demand": "changed"})
        with self.assertRaises(UserError):
            complaint.sudo()._workflow().write({"state": "closed"})
        with self.assertRaises(UserError):
            complaint.sudo().unlink()
        self.assertEqual(complaint.state, "archived")
        # Chatter stays open on an archived complaint.
        complaint.with_user(self.desk).message_post(body="Customer called again.")

    def test_objection_creates_a_counted_followup(self):
        complaint = self.walk(self.create_complaint(), "archived")
        action = self.as_user(complaint, self.desk).action_register_objection()
        objection = self.env["complaint.complaint"].browse(action["res_id"])
        self.assertEqual(objection.complaint_type, "objection")
        self.assertEqual(objection.origin_complaint_id, complaint)
        self.assertTrue(objection.is_repeat)
        self.assertEqual(complaint.followup_count, 1)
        self.assertEqual(complaint.state, "archived")

    def test_complaints_are_never_deleted_or_copied(self):
        complaint = self.create_complaint()
        with self.assertRaises(UserError):
            complaint.sudo().unlink()
        with self.assertRaises(UserError):
            complaint.copy()
