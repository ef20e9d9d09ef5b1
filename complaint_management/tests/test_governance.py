"""Governance duties (SPEC.md "Duties a second reading of the seeds adds"): every result
audited by default, the objection window and the urgent objection, who decides disputes,
the archive sign-off and keeper, compensation in kind. Messages in both languages."""

from datetime import datetime

from freezegun import freeze_time

from odoo import Command, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import convert_file

from .common import ComplaintCase, G

CRO = "complaint_management.group_complaint_cro"


class GovernanceCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        cls.cro = cls._new_user("t_cro", CRO)

    def zh(self, record, user):
        """``record`` as ``user`` working in Chinese (the web client sends the language)."""
        return self.as_user(record, user).with_context(lang="zh_CN")


@tagged("post_install", "-at_install")
class TestAuditByDefault(GovernanceCase):
    def test_every_grade_audits_every_result_in_a_new_database(self):
        for level in (1, 2, 3, 4):
            with self.subTest(level=level):
                grade = self.env.ref(f"complaint_management.complaint_grade_level_{level}")
                self.assertEqual(grade.audit_policy, "always")

    def test_a_general_complaint_goes_to_the_audit(self):
        complaint = self.create_complaint()
        self.assertEqual(complaint.grade_id, self.grades[4])
        self.walk(complaint, "audit")  # marked implemented: audited, or straight to feedback
        self.assertEqual(complaint.state, "audit")
        self.assertTrue(complaint.audit_required)

    def test_sampling_stays_a_configuration(self):
        self.grades[4].write({"audit_policy": "sample", "audit_sample_rate": 0})
        complaint = self.walk(self.create_complaint(), "audit")
        self.assertEqual(complaint.state, "feedback")
        self.assertFalse(complaint.audit_required)

    def test_an_upgrade_leaves_a_companys_own_policy(self):
        """The grade data is loaded as ``noupdate``: reloading it as an upgrade does (``-u``)
        keeps what the company set."""
        self.grades[4].write({"audit_policy": "sample", "audit_sample_rate": 30})
        self.grades[3].audit_policy = "never"
        convert_file(
            self.env, "complaint_management", "data/complaint_grade_data.xml", {}, mode="update"
        )
        self.env.invalidate_all()
        self.assertEqual(
            (self.grades[4].audit_policy, self.grades[4].audit_sample_rate), ("sample", 30)
        )
        self.assertEqual(self.grades[3].audit_policy, "never")


@tagged("post_install", "-at_install")
class TestObjectionWindow(GovernanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_objection_window_days = 10
        # Feedback on Monday 2 November 2026, 10:00 Shanghai: the window's 10 days count
        # from Tuesday 3 and end on Thursday 12 November at 24:00.
        with freeze_time(cls.utc(2026, 11, 2, 9, 0)):
            cls.complaint = cls.walk(cls.create_complaint(), "feedback")
        with freeze_time(cls.utc(2026, 11, 2, 10, 0)):
            cls.walk(cls.complaint, "revisit")

    def object_at(self, moment, user=None):
        with freeze_time(self.utc(*moment)):
            return self.as_user(self.complaint, user or self.desk).action_register_objection()

    def test_the_deadline_counts_from_the_result(self):
        self.assertEqual(self.complaint._objection_result_date(), self.utc(2026, 11, 2, 10, 0))
        self.assertEqual(self.complaint._objection_deadline(), self.utc(2026, 11, 12, 23, 59, 59))

    def test_the_result_letter_states_the_window(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "complaint_management.complaint_result_letter_report", self.complaint.ids
            )[0]
            .decode()
        )
        self.assertRegex(html, r"An objection is accepted within\s*10\s*days")

    def test_an_objection_within_the_window_is_registered(self):
        action = self.object_at((2026, 11, 12, 23, 0))
        objection = self.env["complaint.complaint"].browse(action["res_id"])
        self.assertEqual(objection.complaint_type, "objection")
        self.assertEqual(objection.origin_complaint_id, self.complaint)

    def test_an_objection_after_it_is_refused_naming_the_window(self):
        with self.assertRaises(UserError) as error:
            self.object_at((2026, 11, 13, 0, 1))
        self.assertIn("within 10 days of receiving the result", str(error.exception))
        self.assertIn("11/12/2026", str(error.exception))
        self.assertFalse(self.complaint.followup_complaint_ids, "nothing registered")

    def test_the_refusal_in_chinese(self):
        with freeze_time(self.utc(2026, 11, 20, 10, 0)), self.assertRaises(UserError) as error:
            self.zh(self.complaint, self.desk).action_register_objection()
        self.assertIn("10 天内", str(error.exception))

    def test_the_portal_is_refused_too(self):
        """The portal's entry point (as ``_document_check_access`` gives it) and any RPC
        caller go through the same check."""
        with freeze_time(self.utc(2026, 11, 20, 10, 0)), self.assertRaises(UserError) as error:
            self.complaint.sudo()._action_portal_object(self.partner, "Too late, but still.")
        self.assertIn("10 days", str(error.exception))
        self.assertFalse(self.complaint.followup_complaint_ids)

    def test_a_last_day_on_a_rest_day_moves_to_the_next_working_day(self):
        self.company.complaint_objection_window_days = 5  # Saturday 7 November
        self.assertEqual(self.complaint._objection_deadline(), self.utc(2026, 11, 9, 23, 59, 59))

    def test_no_window_by_default_objections_at_any_time(self):
        self.assertEqual(
            self.env["res.company"].create({"name": "X"}).complaint_objection_window_days, 0
        )
        self.company.complaint_objection_window_days = 0
        action = self.object_at((2027, 6, 1, 10, 0))
        self.assertTrue(action["res_id"])

    def test_a_window_outside_its_range_is_refused(self):
        for days in (-1, 366):
            with self.subTest(days=days), self.assertRaises(ValidationError):
                self.company.complaint_objection_window_days = days
        with self.assertRaises(ValidationError):
            self.company.complaint_urgent_objection_days = 0


@tagged("post_install", "-at_install")
class TestUrgentObjection(GovernanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time(cls.utc(2026, 11, 2, 9, 0)):
            cls.origin = cls.walk(cls.create_complaint(), "revisit")
            action = cls.as_user(cls.origin, cls.desk).action_register_objection()
        cls.objection = cls.env["complaint.complaint"].browse(action["res_id"])

    def urgent_step(self):
        return self.objection.step_ids.filtered(lambda s: s.step_type == "objection_urgent")

    def test_urgent_is_answered_within_3_working_days(self):
        # Friday 6 November 2026, 10:00: 3 working days (8 hours each) end on Wednesday
        # 11 November at 10:00, the weekend skipped.
        with freeze_time(self.utc(2026, 11, 6, 10, 0)):
            self.as_user(self.objection, self.desk).write({"objection_urgent": True})
        step = self.urgent_step()
        self.assertEqual(step.state, "open")
        self.assertEqual(step.date_deadline, self.utc(2026, 11, 11, 10, 0))
        self.assertEqual(
            self.objection.date_deadline,
            min(
                self.objection.step_ids.filtered(lambda s: s.state == "open").mapped(
                    "date_deadline"
                )
            ),
        )

    def test_the_days_are_configurable(self):
        self.company.complaint_urgent_objection_days = 1
        with freeze_time(self.utc(2026, 11, 6, 10, 0)):
            self.as_user(self.objection, self.desk).write({"objection_urgent": True})
        self.assertEqual(self.urgent_step().date_deadline, self.utc(2026, 11, 9, 10, 0))

    def test_the_answer_closes_it_unmarking_cancels_it(self):
        self.as_user(self.objection, self.desk).write({"objection_urgent": True})
        self.as_user(self.objection, self.desk).write({"objection_urgent": False})
        self.assertEqual(self.urgent_step().state, "cancelled")
        self.as_user(self.objection, self.desk).write({"objection_urgent": True})
        self.walk(self.objection, "revisit")
        steps = self.urgent_step()
        self.assertEqual(steps.mapped("state"), ["cancelled", "done"])

    def test_only_an_open_objection_by_the_desk(self):
        with self.assertRaises(UserError) as error:
            self.zh(self.origin, self.desk).write({"objection_urgent": True})
        self.assertIn("不是申诉", str(error.exception))
        with self.assertRaises(UserError) as error:
            self.as_user(self.origin, self.desk).write({"objection_urgent": True})
        self.assertIn("only an objection to a result can be urgent", str(error.exception))
        with self.assertRaises(AccessError):
            self.as_user(self.objection, self.handler).write({"objection_urgent": True})
        self.assertFalse(self.urgent_step())


@tagged("post_install", "-at_install")
class TestDisputeApprover(GovernanceCase):
    def chain(self, compensation=0.0, in_kind=False):
        complaint = self.walk(self.create_complaint(), "investigating")
        plan = self.draft_plan(complaint, compensation=compensation)
        if in_kind:
            self.as_user(plan, self.handler).write(
                {
                    "compensation_line_ids": [
                        Command.create({"kind": "gift", "description": "A fruit basket"})
                    ]
                }
            )
        self.as_user(plan, self.handler).action_submit()
        return plan, plan.approval_ids.sorted("sequence")

    def test_compliance_decides_by_default(self):
        self.assertEqual(
            self.company._complaint_dispute_approver_group(), self.env.ref(f"{G}compliance")
        )
        self.assertTrue(self.company._complaint_is_dispute_approver(self.compliance))
        self.assertFalse(self.company._complaint_is_dispute_approver(self.supervisor))
        plan, approvals = self.chain(compensation=500.0)
        self.assertEqual(approvals[-1].role, "compliance")
        self.approve_all(plan)
        self.assertEqual(plan.state, "approved")
        self.assertEqual(approvals[-1].done_by_id, self.compliance)

    def test_the_chief_risk_officer_when_the_company_says_so(self):
        self.company.complaint_dispute_approver = "cro"
        self.assertEqual(self.company._complaint_dispute_approver_group(), self.env.ref(CRO))
        self.assertFalse(self.company._complaint_is_dispute_approver(self.compliance))
        self.assertTrue(self.company._complaint_is_dispute_approver(self.cro))
        plan, approvals = self.chain(compensation=500.0)
        self.assertEqual(approvals[-1].role, "cro")
        for approval in approvals[:-1]:
            self.as_user(approval, approval.user_id).action_approve()
        with self.assertRaises(AccessError):
            self.as_user(approvals[-1], self.compliance).action_approve()
        self.as_user(approvals[-1], self.cro).action_approve()
        self.assertEqual(plan.state, "approved")

    def test_compensation_in_kind_is_compensation(self):
        _plan, approvals = self.chain(in_kind=True)
        self.assertEqual(approvals[-1].role, "compliance")
        _plan, approvals = self.chain()
        self.assertNotIn("compliance", approvals.mapped("role"))

    def test_public_reply_approved_by_the_dispute_approver(self):
        media = self.create_complaint(title="On the evening news", media_exposed=True)
        self.as_user(media, self.desk).write({"public_reply": "We apologise."})
        self.as_user(media, self.desk).action_request_public_reply()
        self.assertTrue(self.as_user(media, self.compliance).can_approve_public_reply)
        self.assertFalse(self.as_user(media, self.supervisor).can_approve_public_reply)
        self.company.complaint_dispute_approver = "cro"
        with self.assertRaises(AccessError) as error:
            self.zh(media, self.compliance).action_approve_public_reply()
        self.assertIn("首席风险官", str(error.exception))
        with self.assertRaises(AccessError) as error:
            self.as_user(media, self.compliance).action_approve_public_reply()
        self.assertIn("Only the Chief Risk Officer of Test Bank approves", str(error.exception))
        self.as_user(media, self.cro).action_approve_public_reply()
        self.assertEqual(media.public_reply_state, "approved")
        self.assertEqual(media.public_reply_approver_id, self.cro)


@tagged("post_install", "-at_install")
class TestArchiveSignOff(GovernanceCase):
    track = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.keeper = cls._new_user("t_keeper", f"{G}user")
        cls.company.complaint_archive_keeper_id = cls.keeper
        cls.complaint = cls.walk(cls.create_complaint(), "closed")

    def test_the_archive_waits_for_the_department_heads_signature(self):
        with self.assertRaises(UserError) as error:
            self.as_user(self.complaint, self.desk).action_archive_complaint()
        self.assertIn(f"signed by {self.manager.name}, head of Operations", str(error.exception))
        with self.assertRaises(UserError) as error:
            self.zh(self.complaint, self.desk).action_archive_complaint()
        self.assertIn("签署", str(error.exception))
        self.assertIn(self.manager.name, str(error.exception))
        self.assertEqual(self.complaint.state, "closed")

    def test_only_the_head_signs(self):
        self.assertEqual(self.complaint.record_signer_id, self.manager)
        self.assertFalse(self.as_user(self.complaint, self.desk).can_sign_record)
        self.assertTrue(self.as_user(self.complaint, self.manager).can_sign_record)
        for user in (self.desk, self.handler, self.supervisor):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(self.complaint, user).action_sign_record()
        with self.assertRaises(UserError):
            self.as_user(self.complaint, self.desk).write({"record_signed_by_id": self.desk.id})
        with freeze_time(datetime(2026, 12, 1, 2, 0)):
            self.as_user(self.complaint, self.manager).action_sign_record()
        self.assertEqual(self.complaint.record_signed_by_id, self.manager)
        self.assertEqual(self.complaint.date_record_signed, datetime(2026, 12, 1, 2, 0))
        self.env.cr.precommit.run()  # tracking is written before the commit
        tracked = self.complaint.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "record_signed_by_id"
        )
        self.assertTrue(tracked, "the signature is tracked")
        with self.assertRaises(UserError):
            self.as_user(self.complaint, self.manager).action_sign_record()

    def test_signed_then_archived_with_its_keeper(self):
        self.sign_record(self.complaint)
        self.as_user(self.complaint, self.desk).action_archive_complaint()
        self.assertEqual(self.complaint.state, "archived")
        self.assertEqual(self.complaint.archive_keeper_id, self.keeper)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "complaint_management.complaint_slip_report_action", self.complaint.ids
            )[0]
            .decode()
        )
        self.assertIn("Archive Keeper", html)
        self.assertIn(self.keeper.name, html)
        self.assertIn("Record Signed By", html)
        self.assertIn(self.manager.name, html)

    def test_without_a_keeper_whoever_archives_keeps_it(self):
        self.company.complaint_archive_keeper_id = False
        self.sign_record(self.complaint)
        self.as_user(self.complaint, self.desk).action_archive_complaint()
        self.assertEqual(self.complaint.archive_keeper_id, self.desk)

    def test_the_desk_head_signs_when_no_department_handled_it(self):
        first = self.create_complaint(title="Answered at once")
        self.as_user(first, self.desk)._action_resolve_first_contact("Explained the fee.")
        self.assertEqual(first._record_signer(), self.supervisor, "the Service Desk's head")
        self.as_user(first, self.supervisor).action_sign_record()
        self.as_user(first, self.desk).action_archive_complaint()
        self.assertEqual(first.state, "archived")

    def test_a_head_without_a_complaint_role_beyond_collaborator_signs(self):
        head = self._new_user("t_it_head", f"{G}user")
        self.dep_it.manager_id = (
            self.env["hr.employee"]
            .with_company(self.company)
            .create({"name": "IT Head", "user_id": head.id, "department_id": self.dep_it.id})
        )
        complaint = self.create_complaint(title="Handled by IT")
        self.dispatch(complaint, self.dep_it, self.it_handler)
        self.walk(complaint, "closed")
        self.assertEqual(complaint.record_signer_id, head)
        self.as_user(complaint, head).action_sign_record()
        self.assertEqual(complaint.record_signed_by_id, head)

    def test_an_incomplete_record_is_not_signed(self):
        self.complaint.sudo().write({"root_cause": False})
        with self.assertRaises(UserError) as error:
            self.as_user(self.complaint, self.manager).action_sign_record()
        self.assertIn("Root Cause", str(error.exception))
        self.assertFalse(self.complaint.record_signed_by_id)


@tagged("post_install", "-at_install")
class TestCompensationInKind(GovernanceCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.walk(cls.create_complaint(), "investigating")
        cls.plan = cls.draft_plan(cls.complaint, compensation=200.0)
        cls.as_user(cls.plan, cls.handler).write(
            {
                "compensation_line_ids": [
                    Command.create(
                        {
                            "kind": "free_service",
                            "description": "Free annual card fee for 2027",
                            "estimated_value": 300.0,
                        }
                    ),
                    Command.create({"kind": "gift", "description": "A fruit basket"}),
                ]
            }
        )

    def render(self, report, complaint=None):
        return (
            self.env["ir.actions.report"]
            ._render_qweb_html(f"complaint_management.{report}", (complaint or self.complaint).ids)[
                0
            ]
            .decode()
        )

    def test_lines_change_only_with_a_draft_plan(self):
        line = self.plan.compensation_line_ids[:1]
        self.assertTrue(self.plan.has_compensation)
        self.as_user(self.plan, self.handler).action_submit()
        with self.assertRaises(UserError) as error:
            self.as_user(line, self.handler).write({"description": "Two years free"})
        self.assertIn(
            "can only change while the complaint is being investigated", str(error.exception)
        )
        with self.assertRaises(UserError):
            self.as_user(line, self.handler).unlink()
        with self.assertRaises(UserError):
            self.env["complaint.plan.compensation"].with_user(self.handler).create(
                {"plan_id": self.plan.id, "kind": "gift", "description": "More"}
            )
        self.assertEqual(line.description, "Free annual card fee for 2027")

    def test_the_department_removes_one_from_its_draft(self):
        gift = self.plan.compensation_line_ids.filtered(lambda line: line.kind == "gift")
        self.as_user(self.plan, self.handler).write(
            {"compensation_line_ids": [Command.delete(gift.id)]}
        )
        self.assertFalse(gift.exists())
        self.assertEqual(len(self.plan.compensation_line_ids), 1)
        with self.assertRaises(AccessError):
            self.as_user(self.plan.compensation_line_ids, self.handler).unlink()

    def test_a_new_version_copies_them(self):
        self.as_user(self.plan, self.handler).action_submit()
        self.approve_all(self.plan)
        self.as_user(self.plan, self.desk)._action_customer_refuse("Wants two years free.")
        action = self.as_user(self.complaint, self.handler).action_new_plan()
        copy = self.env["complaint.plan"].browse(action["res_id"])
        self.assertEqual(
            copy.compensation_line_ids.mapped("description"),
            ["Free annual card fee for 2027", "A fruit basket"],
        )
        self.assertEqual(copy.sudo().compensation_line_ids[0].confidential_estimated_value, 300.0)

    def test_the_value_is_confidential(self):
        line = self.plan.compensation_line_ids[:1]
        self.assertEqual(self.as_user(line, self.handler).estimated_value, 300.0)
        it_collab = self._new_user("t_it_colleague", f"{G}user")
        self.env["hr.employee"].with_company(self.company).create(
            {"name": "IT Colleague", "user_id": it_collab.id, "department_id": self.dep_it.id}
        )
        self.as_user(self.complaint, self.desk).write(
            {"assist_department_ids": [Command.link(self.dep_it.id)]}
        )
        self.assertEqual(self.as_user(line, it_collab).description, "Free annual card fee for 2027")
        self.assertFalse(self.as_user(line, it_collab).estimated_value)

    def test_printed_on_the_slip_and_the_letters(self):
        self.as_user(self.plan, self.handler).action_submit()
        self.approve_all(self.plan)
        slip = self.render("complaint_slip_report_action")
        self.assertIn("Compensation in Kind", slip)
        self.assertIn("Free annual card fee for 2027", slip)
        self.assertIn("Free Service", slip)
        self.as_user(self.plan, self.desk).action_customer_accept()
        self.walk(self.complaint, "feedback")
        letter = self.render("complaint_result_letter_report")
        self.assertIn("A fruit basket", letter)
        self.assertIn("Compensation in kind", letter)
        decision = self.render("complaint_decision_report_action")
        self.assertIn("Free annual card fee for 2027", decision)
        self.assertIn("Gift", decision)


@tagged("post_install", "-at_install")
class TestObjectionWindowInThePortal(ComplaintCase, HttpCase):
    """The customer who objects too late reads why on the page, nothing is registered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_objection_window_days = 10
        cls.company.complaint_intake_user_id = cls.desk
        cls.p_sun = cls.env["res.partner"].create({"name": "Sun Li", "email": "sun@example.cn"})
        cls.sun = new_test_user(
            cls.env,
            login="t_portal_sun_gov",
            groups="base.group_portal",
            partner_id=cls.p_sun.id,
            email=cls.p_sun.email,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        with freeze_time(datetime(2026, 1, 5, 2, 0)):
            cls.complaint = cls.walk(
                cls.create_complaint(partner_id=cls.p_sun.id, feedback_preference="portal"),
                "revisit",
            )

    def test_the_page_names_the_window(self):
        self.authenticate(self.sun.login, self.sun.login)
        response = self.url_open(
            f"/my/complaints/{self.complaint.id}/objection",
            data={"reason": "The refund is late.", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("within 10 days of receiving the result", response.text)
        self.assertNotIn("Traceback", response.text)
        self.assertIn("You may object until 01/15/2026", response.text)
        self.assertFalse(self.complaint.followup_complaint_ids)
