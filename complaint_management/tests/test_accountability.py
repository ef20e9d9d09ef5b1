"""Accountability (SPEC.md "Accountability", 责任追究): lines on a valid complaint, the fine
checked against its kind of fault, the branch head's share, approval by the supervisor
group and never by the proposer, the appeal (申诉) and its outcome; read by supervisors and
compliance only, over RPC too; the slip prints the approved lines."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase, G

SLIP = "complaint_management.complaint_slip_report_action"


@tagged("post_install", "-at_install")
class TestAccountability(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor2 = cls._new_user("t_supervisor2", f"{G}supervisor")
        cls.portal = new_test_user(
            cls.env, login="t_acc_portal", groups="base.group_portal", company_id=cls.company.id
        )
        cls.attitude = cls.env.ref("complaint_management.complaint_fault_kind_attitude")
        cls.media = cls.env.ref("complaint_management.complaint_fault_kind_media")
        Employee = cls.env["hr.employee"].with_company(cls.company)
        cls.clerk = Employee.create({"name": "Clerk Wu", "department_id": cls.dep_ops.id})
        cls.head = cls.manager.with_company(cls.company).employee_id
        cls.clerk.parent_id = cls.head
        cls.complaint = cls.dispatch(cls.create_complaint(title="Rude clerk"))
        cls.line = cls.new_line(fine_amount=500)

    @classmethod
    def new_line(cls, user=None, **vals):
        values = {
            "complaint_id": cls.complaint.id,
            "employee_id": cls.clerk.id,
            "fault_kind_id": cls.attitude.id,
            "measure": "fine",
            "fine_amount": 200,
        }
        values.update(vals)
        Line = cls.env["complaint.accountability"].with_user(user or cls.supervisor)
        return Line.with_company(cls.company).create(values).with_env(cls.env)

    def test_the_bank_three_kinds_of_fault_ship(self):
        ranges = {
            (kind.fine_min, kind.fine_max)
            for kind in self.env["complaint.fault.kind"].search([("company_id", "=", False)])
        }
        self.assertLessEqual({(100, 1000), (200, 2000), (300, 3000)}, ranges)

    def test_a_fine_out_of_range_is_refused(self):
        for amount in (99, 1000.01, 0):
            with self.subTest(amount=amount), self.assertRaises(ValidationError) as caught:
                self.new_line(fine_amount=amount)
            self.assertIn("100", str(caught.exception))
            self.assertIn("1,000", str(caught.exception))
        with self.assertRaises(ValidationError):
            self.as_user(self.line, self.supervisor).write({"fine_amount": 1500})
        self.assertEqual(self.line.fine_amount, 500)
        # Another kind, another range.
        self.assertEqual(
            self.new_line(fault_kind_id=self.media.id, fine_amount=3000).fine_amount, 3000
        )
        # A warning has no amount.
        with self.assertRaises(ValidationError):
            self.new_line(measure="warning", fine_amount=300)

    def test_the_branch_head_shares_within_the_range(self):
        line = self.new_line(branch_head_id=self.head.id, branch_head_fine=100)
        self.assertEqual(line.branch_head_fine, 100)
        with self.assertRaises(ValidationError):
            self.new_line(branch_head_id=self.head.id, branch_head_fine=5000)
        with self.assertRaises(ValidationError):
            self.new_line(branch_head_fine=100)  # nobody named
        self.attitude.branch_head_shares = False
        with self.assertRaises(ValidationError):
            self.new_line(branch_head_id=self.head.id, branch_head_fine=100)

    def test_only_a_valid_complaint(self):
        fresh = self.create_complaint(title="Not judged yet")
        with self.assertRaises(ValidationError):
            self.new_line(complaint_id=fresh.id)

    def test_approval_by_another_supervisor_never_the_proposer(self):
        line = self.new_line()
        as_proposer = self.as_user(line, self.supervisor)
        as_proposer.action_propose()
        self.assertEqual(line.state, "proposed")
        self.assertEqual(line.proposer_id, self.supervisor)
        self.assertFalse(as_proposer.can_decide)
        # The other supervisors are told, the proposer is not.
        notice = line.message_ids.filtered(lambda m: "awaits the decision" in (m.body or ""))
        self.assertEqual(len(notice), 1)
        self.assertIn(self.supervisor2.partner_id, notice.partner_ids)
        self.assertNotIn(self.supervisor.partner_id, notice.partner_ids)
        with self.assertRaises(UserError) as caught:
            as_proposer.action_approve()
        self.assertIn("another member", str(caught.exception))
        with self.assertRaises(UserError):
            as_proposer.action_refuse()
        self.assertEqual(line.state, "proposed")
        self.assertTrue(self.as_user(line, self.supervisor2).can_decide)
        self.as_user(line, self.supervisor2).action_approve()
        self.assertEqual(line.state, "approved")
        self.assertEqual(line.approver_id, self.supervisor2)
        # Decided: what it decides no longer changes.
        with self.assertRaises(UserError):
            self.as_user(line, self.supervisor).write({"fine_amount": 300})
        # The compliance officer reads, never decides.
        other = self.new_line()
        self.as_user(other, self.supervisor).action_propose()
        with self.assertRaises(AccessError):
            self.as_user(other, self.compliance).action_approve()

    def test_the_appeal_path(self):
        line = self.new_line(fine_amount=800)
        self.as_user(line, self.supervisor).action_propose()
        self.as_user(line, self.supervisor2).action_approve()
        as_sup = self.as_user(line, self.supervisor)
        with self.assertRaises(UserError):
            as_sup.action_register_appeal()  # no grounds yet
        as_sup.write({"appeal_reason": "The queue was not my counter's."})
        as_sup.action_register_appeal()
        self.assertEqual(line.appeal_state, "pending")
        self.assertTrue(line.date_appeal)
        with self.assertRaises(UserError):
            as_sup.write({"appeal_reason": "Changed grounds."})
        with self.assertRaises(UserError):
            as_sup.action_decide_appeal()  # no outcome yet
        # Modified: a lower fine, checked against the range again.
        with self.assertRaises(ValidationError):
            as_sup.write({"appeal_outcome": "modified", "fine_amount": 50})
        as_sup.write(
            {"appeal_outcome": "modified", "fine_amount": 300, "appeal_decision": "Halved."}
        )
        as_sup.action_decide_appeal()
        self.assertEqual(line.appeal_state, "decided")
        self.assertEqual(line.appeal_outcome, "modified")
        self.assertEqual(line.fine_amount, 300)
        self.assertTrue(line.date_appeal_decided)
        with self.assertRaises(UserError):
            as_sup.write({"appeal_outcome": "upheld"})

    def test_who_reads_accountability(self):
        """Supervisors and compliance only: never the colleague, the department, the
        employee's manager, the desk, a collaborator or the portal; by id, by search, over
        RPC read and search_read, and through the complaint."""
        readers = {
            "supervisor": (self.supervisor, True),
            "compliance": (self.compliance, True),
            "administrator": (self.admin, True),
            "desk": (self.desk, False),
            "department user": (self.handler, False),
            "employee's manager": (self.manager, False),
            "collaborator": (self.gm, False),
            "outsider": (self.outsider, False),
            "portal": (self.portal, False),
        }
        for name, (user, allowed) in readers.items():
            with self.subTest(user=name):
                self.assertEqual(self.sees(self.line, user), allowed)
                Line = self.env["complaint.accountability"].with_user(user)
                if allowed:
                    rows = Line.search_read([("employee_id", "=", self.clerk.id)], ["fine_amount"])
                    self.assertEqual([row["fine_amount"] for row in rows], [500])
                    continue
                with mute_logger("odoo.models"), self.assertRaises(AccessError):
                    Line.search_read([], ["fine_amount"])
                with mute_logger("odoo.models"), self.assertRaises(AccessError):
                    self.line.with_user(user).read(["fine_amount", "employee_id"])
                if user.has_group(f"{G}user"):
                    with self.assertRaises(AccessError):
                        self.complaint.with_user(user).read(["accountability_ids"])

    def test_no_one_else_writes_it(self):
        for user in (self.desk, self.handler, self.compliance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.new_line(user=user)

    def test_the_slip_prints_the_approved_lines_to_supervisors(self):
        self.as_user(self.line, self.supervisor).action_propose()
        self.as_user(self.line, self.supervisor2).action_approve()
        self.new_line(employee_id=self.head.id, fine_amount=900)  # a draft

        def slip(user):
            html, _kind = (
                self.env["ir.actions.report"]
                .with_user(user)
                ._render_qweb_html(SLIP, self.complaint.ids)
            )
            return html.decode()

        text = slip(self.supervisor)
        self.assertIn("Clerk Wu", text)
        self.assertIn("o_complaint_slip_accountability", text)
        section = text.split("o_complaint_slip_accountability")[1].split("</tbody>")[0]
        self.assertIn("Clerk Wu", section)
        self.assertNotIn(self.head.name, section, "a draft is not printed")
        self.assertNotIn("o_complaint_slip_accountability", slip(self.desk))

    def test_a_pending_decision_keeps_the_slip_open(self):
        line = self.new_line()
        self.as_user(line, self.supervisor).action_propose()
        missing = self.complaint.sudo()._get_missing_slip_data()
        self.assertIn("Accountability Decision", missing)
        self.as_user(line, self.supervisor2).action_refuse()
        self.assertNotIn("Accountability Decision", self.complaint.sudo()._get_missing_slip_data())

    def test_an_employees_history(self):
        other = self.dispatch(self.create_complaint(title="Rude again"))
        self.new_line(complaint_id=other.id)
        groups = dict(
            self.env["complaint.accountability"]
            .with_user(self.compliance)
            ._read_group([("employee_id", "=", self.clerk.id)], ["employee_id"], ["__count"])
        )
        self.assertEqual(groups[self.clerk], 2)
