"""Record rules (SPEC.md "Who works in it", "Confidentiality"): which complaints, and
which records hanging off them, each role reads and works: its department and
sub-departments, what it assists on, approves or was escalated to; the desk, supervisors
and compliance all of their company's.

Every check acts as a real user (``with_user``), the way an RPC call does."""

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintAccessCase, G


@tagged("post_install", "-at_install")
class TestRecordRules(ComplaintAccessCase):
    def form_specification(self, model, user):
        """What the web client reads to show ``model``'s form to ``user``: the fields of the
        form arch as served to that user (``groups`` applied, fields of models they may not
        read removed), with the display name of each link and the columns of each embedded
        list."""
        arch = self.env[model].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]

        def field_spec(model_name, node):
            field = self.env[model_name]._fields[node.get("name")]
            if field.type not in ("many2one", "one2many", "many2many"):
                return {}
            columns = {
                child.get("name"): field_spec(field.comodel_name, child)
                for child in node.iter("field")
                if child is not node and child.getparent().tag == "list"
            }
            return {"fields": columns or {"display_name": {}}}

        root = etree.fromstring(arch)
        return {
            node.get("name"): field_spec(model, node)
            for node in root.iter("field")
            if not any(a.tag == "field" for a in node.iterancestors())
        }

    def test_who_reads_the_records_of_an_operations_complaint(self):
        """The Operations complaint, helped by IT, with a plan the general manager approved."""
        everyone = {
            "outsider": self.outsider,
            "gm": self.gm,
            "handler": self.handler,
            "manager": self.manager,
            "branch": self.branch_handler,
            "it_handler": self.it_handler,
            "it_collab": self.it_collab,
            "desk": self.desk,
            "supervisor": self.supervisor,
            "compliance": self.compliance,
            "admin": self.admin,
        }
        staff = {"handler", "manager", "desk", "supervisor", "compliance", "admin"}
        helpers = {"it_handler", "it_collab"}
        expected = {
            "complaint.complaint": staff | helpers | {"gm"},
            "complaint.plan": staff | helpers | {"gm"},
            "complaint.plan.approval": staff,
            "complaint.revisit": staff,
            "complaint.step": staff,
            "complaint.escalation": staff | {"gm"},
            "complaint.grade.history": staff,
            "complaint.finding": {"supervisor", "compliance", "admin"},
            "complaint.access.log": {"supervisor", "compliance", "admin"},
            "complaint.escalation.digest": {"supervisor", "compliance", "admin"},
            "complaint.deadline.day": staff,
            "complaint.contact": staff,
            "complaint.accountability": {"supervisor", "compliance", "admin"},
            "complaint.warning": {"supervisor", "compliance", "admin"},
            "complaint.plan.compensation": staff | helpers | {"gm"},
        }
        for model, readers in expected.items():
            record = self.sample(model)
            for name, user in everyone.items():
                with self.subTest(model=model, user=name):
                    self.assertEqual(self.sees(record, user), name in readers)

    def test_department_user_cannot_reach_another_departments_complaint(self):
        as_it = self.env["complaint.complaint"].with_user(self.it_handler)
        with self.assertRaises(AccessError):
            self.ops_open.with_user(self.it_handler).read(["title"])
        self.assertFalse(as_it.search([("id", "=", self.ops_open.id)]))
        self.assertFalse(as_it.search([("title", "=", "Open in Operations")]))
        self.assertFalse(as_it.name_search("Open in Operations"))
        self.assertEqual(
            as_it.search([("department_id", "=", self.dep_ops.id)]),
            self.ops,
            "only the Operations complaint IT assists on",
        )
        visible = as_it.search([])
        self.assertIn(self.it, visible)
        self.assertIn(self.ops, visible, "IT assists on this one")
        self.assertNotIn(self.ops_open, visible)
        self.assertNotIn(self.branch, visible)
        self.assertNotIn(self.fresh, visible)
        # Counting and grouping do not reveal it either.
        groups = dict(as_it._read_group([], ["department_id"], ["__count"]))
        self.assertEqual(groups.get(self.dep_ops, 0), 1, "only the assisted complaint")
        self.assertEqual(groups.get(self.dep_it), 1)
        rows = as_it.read_group([], ["department_id"], ["department_id"])
        counts = {r["department_id"][0]: r["department_id_count"] for r in rows}
        self.assertEqual(counts.get(self.dep_ops.id, 0), 1)
        # Nor do the records hanging off it.
        for model in ("complaint.step", "complaint.plan", "complaint.grade.history"):
            with self.subTest(model=model):
                found = (
                    self.env[model]
                    .with_user(self.it_handler)
                    .search([("complaint_id", "=", self.ops_open.id)])
                )
                self.assertFalse(found)
        # Nor an export.
        self.it_handler.groups_id |= self.env.ref("base.group_allow_export")
        with self.assertRaises(UserError):
            self.ops_open.with_user(self.it_handler).export_data(["name", "title"])

    def test_departments_see_their_sub_departments_not_their_parents(self):
        self.assertTrue(self.sees(self.branch, self.handler), "Branch is part of Operations")
        self.assertTrue(self.sees(self.branch, self.manager))
        self.assertTrue(self.sees(self.branch, self.branch_handler))
        self.assertFalse(self.sees(self.ops_open, self.branch_handler))
        self.assertFalse(self.sees(self.it, self.handler))
        self.assertTrue(self.sees(self.it, self.it_handler))
        self.assertFalse(self.sees(self.fresh, self.handler), "not dispatched yet: desk only")

    def test_department_works_only_its_own_complaints(self):
        self.ops_open.with_user(self.handler).write({"root_cause": "Batch job re-run."})
        self.assertEqual(self.ops_open.root_cause, "Batch job re-run.")
        with self.assertRaises(AccessError):
            self.ops_open.with_user(self.it_handler).write({"root_cause": "Not ours."})
        with self.assertRaises(AccessError):
            self.ops_open.with_user(self.handler).write({"title": "Renamed"})
        # Assisting is reading, not working.
        it_ops = self.ops.with_user(self.it_handler)
        self.assertTrue(it_ops.read(["title"]))
        with self.assertRaises(AccessError):
            it_ops.check_access("write")

    def test_assigned_handler_keeps_access_after_moving_department(self):
        employee = self.env["hr.employee"].search([("user_id", "=", self.handler.id)])
        employee.department_id = self.dep_it
        self.env.invalidate_all()
        self.assertTrue(self.sees(self.ops_open, self.handler), "still its handler")
        self.assertFalse(self.sees(self.branch, self.handler), "no longer in Operations")
        self.assertTrue(self.sees(self.it, self.handler), "now in IT")

    def test_new_manager_gets_the_department(self):
        it_employee = self.env["hr.employee"].search([("user_id", "=", self.it_handler.id)])
        self.assertFalse(self.sees(self.branch, self.it_handler))
        self.dep_ops.manager_id = it_employee
        self.env.invalidate_all()
        self.assertTrue(self.sees(self.branch, self.it_handler))
        self.assertTrue(self.ops_open._is_department_manager(self.it_handler))

    def test_new_sub_department_is_visible_to_its_parent_department(self):
        """Record rules are cached per user: creating a department must not leave the
        parent department's people blind to its complaints."""
        self.assertFalse(self.sees(self.it, self.handler))  # rules computed and cached
        counter = self.env["hr.department"].create(
            {
                "name": "Operations Counter",
                "parent_id": self.dep_ops.id,
                "company_id": self.company.id,
            }
        )
        complaint = self.create_complaint(title="At the counter")
        desk = self.as_user(complaint, self.desk)
        desk._action_decide_validity("valid")
        desk._action_dispatch(counter)
        self.env.invalidate_all()  # a new request
        self.assertTrue(self.sees(complaint, self.handler))

    def test_removed_employee_loses_the_department(self):
        """Record rules are cached per user: deleting someone's employee record must end
        their access to the department's complaints."""
        temp = self._new_user("t_temp", f"{G}department")
        employee = (
            self.env["hr.employee"]
            .with_company(self.company)
            .create({"name": "Temp", "user_id": temp.id, "department_id": self.dep_ops.id})
        )
        self.assertTrue(self.sees(self.ops_open, temp))
        employee.unlink()
        self.env.invalidate_all()  # a new request
        self.assertFalse(self.sees(self.ops_open, temp))

    def test_service_desk_sees_every_complaint_of_its_company(self):
        everything = self.ops | self.ops_open | self.branch | self.it | self.fresh
        for user in (self.desk, self.supervisor, self.admin, self.compliance):
            with self.subTest(user=user.login):
                found = (
                    self.env["complaint.complaint"]
                    .with_user(user)
                    .search([("id", "in", everything.ids)])
                )
                self.assertEqual(found, everything)

    def test_collaborator_reads_only_what_they_approve_or_help_with(self):
        as_gm = self.env["complaint.complaint"].with_user(self.gm)
        self.assertEqual(
            as_gm.search([]), self.ops | self.ops_open, "approved the plan; escalated to"
        )
        with self.assertRaises(AccessError):
            self.ops.with_user(self.gm).check_access("write")
        with self.assertRaises(AccessError):
            self.ops_open.with_user(self.gm).write({"customer_demand": "x"})
        as_collab = self.env["complaint.complaint"].with_user(self.it_collab)
        self.assertEqual(as_collab.search([]), self.ops, "IT assists on it")
        self.assertFalse(
            self.env["complaint.complaint"].with_user(self.outsider).has_access("read")
        )

    def test_escalation_target_can_open_the_complaint(self):
        """An overdue step escalated to the general manager gives them a to-do on the
        complaint: they must be able to open it (without the contact details)."""
        self.assertTrue(self.sees(self.escalation, self.gm))
        self.assertTrue(self.sees(self.ops_open, self.gm))
        self.assertFalse(self.ops_open.with_user(self.gm).partner_phone)

    def test_plans_follow_their_complaint(self):
        plan = self.draft_plan(self.ops_open)
        self.assertTrue(self.sees(plan, self.handler))
        self.assertFalse(self.sees(plan, self.it_handler))
        self.assertFalse(self.sees(plan, self.gm), "not submitted: nothing to approve")
        with self.assertRaises(AccessError):
            plan.with_user(self.it_handler).write({"compensation_note": "x"})
        with self.assertRaises(AccessError):
            self.env["complaint.plan"].with_user(self.it_handler).create(
                {"complaint_id": self.ops_open.id}
            )
        with self.assertRaises(AccessError):
            plan.with_user(self.desk).write({"measures": "<p>The desk's own idea.</p>"})

    def test_compliance_reads_everything_and_writes_only_findings(self):
        as_compliance = self.ops_open.with_user(self.compliance)
        self.assertTrue(as_compliance.read(["title", "partner_phone"]))
        with self.assertRaises(AccessError):
            as_compliance.write({"root_cause": "Compliance view"})
        with self.assertRaises(AccessError):
            self.env["complaint.plan"].with_user(self.compliance).create(
                {"complaint_id": self.ops_open.id}
            )
        finding = (
            self.env["complaint.finding"]
            .with_user(self.compliance)
            .create(
                {
                    "complaint_id": self.ops_open.id,
                    "conclusion": "referred",
                    "finding": "<p>Referred to legal.</p>",
                }
            )
        )
        self.assertEqual(finding.user_id, self.compliance)
        finding.write({"measures": "Train the batch operators."})
        with self.assertRaises(AccessError):
            finding.with_user(self.supervisor).write({"measures": "Supervisor's view"})
        with self.assertRaises(AccessError):
            finding.with_user(self.compliance).unlink()

    def test_compliance_officers_write_only_their_own_findings(self):
        """A finding is signed: another officer may read it, not rewrite it or sign one in a
        colleague's name."""
        other = self.finding.with_user(self.compliance2)
        self.assertTrue(other.read(["conclusion"]))
        with self.assertRaises(AccessError):
            other.write({"conclusion": "violation"})
        self.assertEqual(self.finding.conclusion, "compliant")
        with self.assertRaises(AccessError):
            self.env["complaint.finding"].with_user(self.compliance2).create(
                {
                    "complaint_id": self.ops.id,
                    "conclusion": "violation",
                    "finding": "<p>In someone else's name.</p>",
                    "user_id": self.compliance.id,
                }
            )

    def test_approvals_are_decided_by_their_approver_only(self):
        complaint = self.walk(self.create_complaint(title="To approve"), "approval")
        plan = complaint.plan_id
        first = plan.pending_approval_id
        self.assertEqual(first.role, "department_manager")
        for user in (self.handler, self.it_handler, self.gm, self.compliance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                first.with_user(user).action_approve()
        with self.assertRaises(UserError):
            first.with_user(self.manager).write({"state": "approved"})
        self.assertEqual(first.state, "pending")
        first.with_user(self.manager).action_approve()
        self.assertEqual(first.state, "approved")
        gm_approval = plan.pending_approval_id
        self.assertEqual(gm_approval.role, "general_manager")
        with self.assertRaises(AccessError):
            gm_approval.with_user(self.supervisor).action_approve()
        self.assertTrue(complaint.with_user(self.gm).awaiting_my_approval)
        gm_approval.with_user(self.gm).action_approve()
        self.assertEqual(gm_approval.state, "approved")

    def test_awaiting_my_approval_finds_the_plans_whose_turn_is_mine(self):
        """The filter "Awaiting My Approval" finds a complaint for whoever decides its plan
        next: by name (the department manager, the general manager), or by the role of the
        supervisor group; nobody else, and nobody before or after their turn."""
        complaint = self.create_complaint(title="Whose turn")
        complaint.grade_id.sudo().write(
            {"approval_general_manager": True, "approval_supervisor": True}
        )
        complaint = self.walk(complaint, "approval")
        plan = complaint.plan_id
        people = {
            "manager": self.manager,
            "gm": self.gm,
            "supervisor": self.supervisor,
            "handler": self.handler,
        }

        def finding():
            self.env.invalidate_all()
            found = set()
            for name, user in people.items():
                Complaint = self.env["complaint.complaint"].with_user(user)
                if complaint in Complaint.search([("awaiting_my_approval", "=", True)]):
                    found.add(name)
                    self.assertNotIn(
                        complaint, Complaint.search([("awaiting_my_approval", "!=", True)])
                    )
            return found

        for turn, role in (("manager", "department_manager"), ("gm", "general_manager")):
            with self.subTest(turn=turn):
                self.assertEqual(plan.pending_approval_id.role, role)
                self.assertEqual(finding(), {turn})
                plan.pending_approval_id.with_user(people[turn]).action_approve()
        with self.subTest(turn="the supervisor group"):
            self.assertEqual(plan.pending_approval_id.role, "supervisor")
            self.assertFalse(plan.pending_approval_id.user_id, "the group's, not a person's")
            self.assertEqual(finding(), {"supervisor"})
            plan.pending_approval_id.with_user(self.supervisor).action_approve()
        self.assertEqual(finding(), set(), "approved: nobody's turn")

    def test_reassigning_is_for_the_desk_and_the_department_manager(self):
        for user in (self.handler, self.it_handler, self.gm, self.compliance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(self.ops_open, user)._action_reassign(self.branch_handler)
        self.assertEqual(self.ops_open.handler_id, self.handler)
        self.as_user(self.ops_open, self.manager)._action_reassign(self.branch_handler)
        self.assertEqual(self.ops_open.handler_id, self.branch_handler)
        # The manager of Operations also manages its branch's complaints.
        clerk = self._new_user("t_branch_clerk", f"{G}department")
        self.env["hr.employee"].with_company(self.company).create(
            {"name": "Branch clerk", "user_id": clerk.id, "department_id": self.dep_branch.id}
        )
        with self.assertRaises(AccessError):
            self.as_user(self.branch, self.branch_handler)._action_reassign(clerk)
        self.as_user(self.branch, self.manager)._action_reassign(clerk)
        self.assertEqual(self.branch.handler_id, clerk)
        self.as_user(self.branch, self.desk)._action_reassign(self.branch_handler)
        self.assertEqual(self.branch.handler_id, self.branch_handler)

    def test_every_role_can_open_the_forms_it_may_read(self):
        """What a user notices: opening a complaint or a plan does not end in an access
        error for anyone allowed to read it."""
        readers = {
            "gm (approver)": self.gm,
            "it_collab (assisting)": self.it_collab,
            "it_handler (assisting)": self.it_handler,
            "handler": self.handler,
            "desk": self.desk,
            "supervisor": self.supervisor,
            "compliance": self.compliance,
            "admin": self.admin,
        }
        for name, user in readers.items():
            for record in (self.ops, self.ops_plan):
                with self.subTest(user=name, model=record._name):
                    self.env.invalidate_all()  # a new request
                    spec = self.form_specification(record._name, user)
                    values = record.with_user(user).with_company(self.company).web_read(spec)
                    self.assertEqual(values[0]["id"], record.id)

    def test_every_role_can_open_the_complaint_list(self):
        for name, user in self.users.items():
            if name == "outsider":
                continue
            with self.subTest(user=name):
                spec = {"name": {}, "title": {}, "partner_phone": {}, "state": {}}
                result = (
                    self.env["complaint.complaint"]
                    .with_user(user)
                    .with_company(self.company)
                    .web_search_read([], spec)
                )
                self.assertTrue(result["length"])
