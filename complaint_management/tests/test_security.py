"""Who may see and do what (SPEC.md "Who works in it", "Confidentiality"): groups, access
rights of every model, record rules, multi-company, confidential data, archived complaints
and the routing of sensitive complaints to compliance.

Every check acts as a real user (``with_user``), the way an RPC call does."""

from datetime import date
from itertools import pairwise

from lxml import etree

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_qweb import QWebException

from .common import ComplaintCase, G

PHONE = "13800000001"
ACCOUNT = "6222-0001"
EMAIL = "sun.li@example.com"
ADDRESS = "88 Century Avenue, Pudong"
COMPENSATION = 500.0
REPORT = "complaint_management.complaint_slip_report_action"
CONFIDENTIAL = ("partner_phone", "partner_email", "partner_address", "account_number")
OPS = ("create", "read", "write", "unlink")
LETTER = {"create": "c", "read": "r", "write": "w", "unlink": "u"}
ROLES = (
    "outsider",
    "collaborator",
    "department",
    "desk",
    "supervisor",
    "compliance",
    "administrator",
)


def row(*perms):
    """One line of the matrix: the operations (c, r, w, u) each role may perform."""
    return dict(zip(ROLES, perms, strict=True))


# What each group may do on each model, as designed (ACL level: the record rules then
# narrow *which* records). Nobody deletes process records; only administrators change
# the configuration.
# fmt: off
#                                 outsider collab  dept    desk    superv  compl   admin
MATRIX = {
    "complaint.complaint":        row("",     "r",    "rw",   "crw",  "crw",  "r",    "crw"),
    "complaint.plan":             row("",     "r",    "crw",  "crw",  "crw",  "r",    "crw"),
    "complaint.plan.approval":    row("",     "r",    "r",    "r",    "r",    "r",    "r"),
    "complaint.revisit":          row("",     "",     "r",    "crw",  "crw",  "r",    "crw"),
    "complaint.step":             row("",     "r",    "r",    "r",    "r",    "r",    "r"),
    "complaint.escalation":       row("",     "r",    "r",    "r",    "r",    "r",    "r"),
    "complaint.grade.history":    row("",     "",     "r",    "r",    "r",    "r",    "r"),
    "complaint.finding":          row("",     "",     "",     "",     "r",    "crw",  "r"),
    "complaint.access.log":       row("",     "",     "",     "",     "r",    "r",    "r"),
    "complaint.grade":            row("",     "r",    "r",    "r",    "r",    "r",    "crwu"),
    "complaint.deadline.rule":    row("",     "r",    "r",    "r",    "r",    "r",    "crwu"),
    "complaint.escalation.rule":  row("",     "r",    "r",    "r",    "r",    "r",    "crwu"),
    "complaint.category":         row("",     "r",    "r",    "r",    "r",    "r",    "crw"),
    "complaint.channel":          row("",     "r",    "r",    "r",    "r",    "r",    "crwu"),
    "complaint.workday":          row("r",    "r",    "r",    "r",    "r",    "r",    "crwu"),
}
# fmt: on
CONFIGURATION = {
    "complaint.grade",
    "complaint.deadline.rule",
    "complaint.escalation.rule",
    "complaint.category",
    "complaint.channel",
    "complaint.workday",
}
CHAIN = ("user", "department", "desk", "supervisor", "manager")


class SecurityCase(ComplaintCase):
    """Fixtures of ComplaintCase, plus complaints in every situation the rules distinguish.

    ``cls.ops``: handled and closed by Operations (handler), IT assisting, plan with a
    compensation approved by the Operations manager, the general manager and compliance.
    ``cls.ops_open``: Operations, being investigated, no plan yet.
    ``cls.branch``: dispatched to Operations Branch (a sub-department of Operations).
    ``cls.it``: dispatched to IT. ``cls.fresh``: registered, not dispatched yet."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        helper = object.__new__(cls)  # the instance helpers of ComplaintCase, at class level
        cls.it_collab = cls._new_user("t_it_collab", f"{G}user")
        cls.compliance2 = cls._new_user("t_compliance2", f"{G}compliance")
        cls.env["hr.employee"].with_company(cls.company).create(
            {"name": "IT Colleague", "user_id": cls.it_collab.id, "department_id": cls.dep_it.id}
        )
        cls.users = {
            "outsider": cls.outsider,
            "collaborator": cls.gm,
            "department": cls.handler,
            "desk": cls.desk,
            "supervisor": cls.supervisor,
            "compliance": cls.compliance,
            "administrator": cls.admin,
        }

        extra = {"partner_email": EMAIL, "partner_address": ADDRESS}
        cls.ops = helper.create_complaint(title="Handled by Operations", **extra)
        desk = helper.as_user(cls.ops, cls.desk)
        desk._decide_validity("valid")
        desk._dispatch(cls.dep_ops, cls.handler, assist_departments=cls.dep_it)
        helper.investigate(cls.ops)
        cls.ops_plan = helper.draft_plan(cls.ops, compensation=COMPENSATION)
        helper.as_user(cls.ops_plan, cls.handler).action_submit()
        helper.approve_all(cls.ops_plan)
        helper.walk(cls.ops, "closed")

        cls.ops_open = helper.walk(
            helper.create_complaint(title="Open in Operations"), "dispatched"
        )
        helper.as_user(cls.ops_open, cls.handler).action_start_investigation()
        cls.branch = helper.create_complaint(title="Sent to the branch")
        helper.dispatch(cls.branch, cls.dep_branch, cls.branch_handler)
        cls.it = helper.create_complaint(title="Sent to IT")
        helper.dispatch(cls.it, cls.dep_it, cls.it_handler)
        cls.fresh = helper.create_complaint(title="Just registered")

        cls.finding = (
            cls.env["complaint.finding"]
            .with_user(cls.compliance)
            .create(
                {
                    "complaint_id": cls.ops.id,
                    "conclusion": "compliant",
                    "finding": "<p>Batch error, no misconduct.</p>",
                }
            )
        )
        cls.escalation = (
            cls.env["complaint.escalation"]
            .sudo()
            .create(
                {
                    "step_id": cls.ops_open.step_ids[:1].id,
                    "complaint_id": cls.ops_open.id,
                    "company_id": cls.company.id,
                    "step": cls.ops_open.step_ids[:1].step,
                    "kind": "escalation",
                    "level": 3,
                    "target": "general_manager",
                    "user_id": cls.gm.id,
                    "date": fields.Datetime.now(),
                }
            )
        )
        cls.access_log = (
            cls.env["complaint.access.log"]
            .sudo()
            .create(
                {
                    "complaint_id": cls.ops.id,
                    "company_id": cls.company.id,
                    "user_id": cls.desk.id,
                    "access_type": "read",
                }
            )
        )
        cls.spare_grade = cls.env["complaint.grade"].create(
            {"name": "Spare", "level": 2, "company_id": cls.company.id, "active": False}
        )
        cls.workday = cls.env["complaint.workday"].create(
            {"calendar_id": cls.calendar.id, "date": date(2031, 2, 8), "works_as": "0"}
        )
        cls.env.invalidate_all()

    # ------------------------------------------------------------------ helpers
    def sample(self, model):
        """A record of ``model`` that belongs to the Operations complaint ``ops``."""
        return {
            "complaint.complaint": self.ops,
            "complaint.plan": self.ops_plan,
            "complaint.plan.approval": self.ops_plan.approval_ids.filtered(
                lambda a: a.role == "department_manager"
            ),
            "complaint.revisit": self.ops.revisit_ids[:1],
            "complaint.step": self.ops.step_ids.filtered(lambda s: s.step == "implement")[:1],
            "complaint.escalation": self.escalation,
            "complaint.grade.history": self.ops.grade_history_ids[:1],
            "complaint.finding": self.finding,
            "complaint.access.log": self.access_log,
            "complaint.grade": self.grades[4],
            "complaint.deadline.rule": self.grades[4].deadline_rule_ids[:1],
            "complaint.escalation.rule": self.grades[4].escalation_rule_ids[:1],
            "complaint.category": self.category,
            "complaint.channel": self.channel,
            "complaint.workday": self.workday,
        }[model]

    def create_values(self, model, user):
        now = fields.Datetime.now()
        return {
            "complaint.complaint": {
                "title": "Registered by someone else",
                "description": "<p>Card swallowed.</p>",
                "partner_id": self.partner.id,
                "channel_id": self.channel.id,
                "company_id": self.company.id,
            },
            "complaint.plan": {"complaint_id": self.ops_open.id},
            "complaint.plan.approval": {"plan_id": self.ops_plan.id, "role": "supervisor"},
            "complaint.revisit": {
                "complaint_id": self.ops.id,
                "satisfaction": "5",
                "outcome": "close",
            },
            "complaint.step": {
                "complaint_id": self.ops_open.id,
                "step": "audit",
                "date_start": now,
            },
            "complaint.escalation": {
                "step_id": self.ops_open.step_ids[:1].id,
                "complaint_id": self.ops_open.id,
                "kind": "reminder",
                "level": 0,
                "target": "handler",
                "date": now,
            },
            "complaint.grade.history": {
                "complaint_id": self.ops_open.id,
                "new_grade_id": self.grades[1].id,
                "reason": "Forged",
            },
            "complaint.finding": {
                "complaint_id": self.ops.id,
                "conclusion": "violation",
                "finding": "<p>Forged finding.</p>",
            },
            "complaint.access.log": {
                "complaint_id": self.ops.id,
                "company_id": self.company.id,
                "user_id": user.id,
                "access_type": "read",
            },
            "complaint.grade": {
                "name": "New grade",
                "level": 3,
                "company_id": self.company.id,
                "active": False,
            },
            "complaint.deadline.rule": {
                "grade_id": self.spare_grade.id,
                "step": "dispatch",
                "amount": 2,
            },
            "complaint.escalation.rule": {"grade_id": self.spare_grade.id, "target": "handler"},
            "complaint.category": {"name": "New category", "code": "SEC-NEW"},
            "complaint.channel": {"name": "Carrier pigeon", "code": "sec_pigeon"},
            "complaint.workday": {
                "calendar_id": self.calendar.id,
                "date": date(2031, 2, 9),
                "works_as": "1",
            },
        }[model]

    WRITE_VALUES = {
        "complaint.complaint": {"customer_demand": "Changed by someone"},
        "complaint.plan": {"compensation_note": "Changed by someone"},
        "complaint.plan.approval": {"comment": "Changed by someone"},
        "complaint.revisit": {"comment": "Changed by someone"},
        "complaint.step": {"date_deadline": "2031-01-01 00:00:00"},
        "complaint.escalation": {"level": 9},
        "complaint.grade.history": {"reason": "Changed by someone"},
        "complaint.finding": {"measures": "Changed by someone"},
        "complaint.access.log": {"access_type": "export"},
        "complaint.grade": {"requirements": "Changed"},
        "complaint.deadline.rule": {"amount": 3},
        "complaint.escalation.rule": {"delay": 3},
        "complaint.category": {"description": "Changed"},
        "complaint.channel": {"sequence": 99},
        "complaint.workday": {"name": "Changed"},
    }

    def sees(self, record, user):
        """Whether ``user`` can read ``record``, checked three ways that must agree: by id
        (as the web client's read), by search, and by the ACL/rule check."""
        as_user = record.with_user(user)
        try:
            as_user.read(["display_name"])
            by_id = True
        except AccessError:
            by_id = False
        try:
            found = bool(as_user.search([("id", "=", record.id)]))
        except AccessError:
            found = False
        self.assertEqual(
            by_id, found, f"{user.login}: read by id and search disagree on {record!r}"
        )
        self.assertEqual(by_id, as_user.has_access("read"))
        return by_id

    def log_count(self, complaint, user, access_type=None):
        domain = [("complaint_id", "=", complaint.id), ("user_id", "=", user.id)]
        if access_type:
            domain.append(("access_type", "=", access_type))
        return self.env["complaint.access.log"].sudo().search_count(domain)

    def render_slip(self, complaint, user):
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_company(self.company)
            ._render_qweb_html(REPORT, complaint.ids)
        )
        return html.decode()

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


# ====================================================================== groups
@tagged("post_install", "-at_install")
class TestGroups(SecurityCase):
    def group(self, name):
        return self.env.ref(f"{G}{name}")

    def test_roles_form_one_chain_and_compliance_stands_apart(self):
        for lower, higher in pairwise(CHAIN):
            with self.subTest(higher=higher):
                self.assertIn(self.group(lower), self.group(higher).implied_ids)
        self.assertEqual(
            self.group("compliance").implied_ids,
            self.group("user") | self.env.ref("base.group_allow_export"),
        )
        category = self.env.ref("complaint_management.module_category_complaint")
        self.assertEqual(
            set(self.env["res.groups"].search([("category_id", "=", category.id)]).mapped("name")),
            {"Collaborator", "Department Handler", "Service Desk", "Supervisor", "Administrator"},
        )
        self.assertNotEqual(self.group("compliance").category_id, category)

    def test_each_role_holds_exactly_its_groups(self):
        expected = {
            self.outsider: set(),
            self.gm: {"user"},
            self.handler: {"user", "department"},
            self.desk: {"user", "department", "desk"},
            self.supervisor: {"user", "department", "desk", "supervisor"},
            self.admin: {"user", "department", "desk", "supervisor", "manager"},
            self.compliance: {"user", "compliance"},
        }
        names = (*CHAIN, "compliance")
        for user, groups in expected.items():
            with self.subTest(user=user.login):
                held = {name for name in names if user.has_group(f"{G}{name}")}
                self.assertEqual(held, groups)

    def test_department_managers_hold_no_extra_group(self):
        """Approving plans and reassigning come from managing the hr.department."""
        complaint_groups = self.env["res.groups"].search(
            [("category_id", "in", [self.group("user").category_id.id])]
        ) | self.group("compliance")
        self.assertEqual(
            self.manager.groups_id & complaint_groups, self.handler.groups_id & complaint_groups
        )
        self.assertTrue(self.ops_open._is_department_manager(self.manager))
        self.assertFalse(self.ops_open._is_department_manager(self.handler))

    def test_exporters_have_the_export_feature(self):
        """The web client shows "Export" only to base.group_allow_export: supervisors and
        compliance officers must hold it to use their export right."""
        bare = {
            "supervisor": new_test_user(self.env, login="t_bare_sup", groups=f"{G}supervisor"),
            "compliance": new_test_user(self.env, login="t_bare_comp", groups=f"{G}compliance"),
        }
        for role, user in bare.items():
            with self.subTest(role=role):
                self.assertTrue(user.has_group("base.group_allow_export"))


# ====================================================================== access rights
@tagged("post_install", "-at_install")
class TestAccessRights(SecurityCase):
    def test_every_model_of_the_addon_is_in_the_matrix_and_has_access_rights(self):
        models = (
            self.env["ir.model"]
            .search([("model", "=like", "complaint.%"), ("transient", "=", False)])
            .filtered(lambda m: not self.env[m.model]._abstract)
        )
        self.assertEqual(set(models.mapped("model")), set(MATRIX))
        Access = self.env["ir.model.access"]
        for model in models:
            with self.subTest(model=model.model):
                self.assertTrue(Access.search_count([("model_id", "=", model.id)]))

    def test_acl_matrix(self):
        """For every model and group: create, read, write, unlink allowed or not."""
        for model, perms in MATRIX.items():
            for role, user in self.users.items():
                Model = self.env[model].with_user(user)
                for op in OPS:
                    with self.subTest(model=model, role=role, op=op):
                        self.assertEqual(Model.has_access(op), LETTER[op] in perms[role])

    def test_refused_operations_are_refused_for_real(self):
        """Each operation the matrix refuses fails when attempted over RPC, and changes
        nothing."""
        for model, perms in MATRIX.items():
            record = self.sample(model)
            self.assertTrue(record, f"no sample {model}")
            for role, user in self.users.items():
                refused = [op for op in OPS if LETTER[op] not in perms[role]]
                as_user = record.with_user(user).with_company(self.company)
                for op in refused:
                    with (
                        self.subTest(model=model, role=role, op=op),
                        mute_logger("odoo.models", "odoo.addons.base.models.ir_rule"),
                        self.assertRaises(UserError),  # AccessError is a UserError
                    ):
                        if op == "read":
                            as_user.search([])
                        elif op == "create":
                            as_user.browse().create(self.create_values(model, user))
                        elif op == "write":
                            as_user.write(self.WRITE_VALUES[model])
                        else:
                            as_user.unlink()
                self.assertTrue(record.exists())

    def test_refused_reads_and_deletions_are_access_errors(self):
        """Operations refused by the access rights raise AccessError (not a business
        error a lucky argument could avoid)."""
        for model, perms in MATRIX.items():
            record = self.sample(model)
            for role, user in self.users.items():
                as_user = record.with_user(user)
                if "r" not in perms[role]:
                    with (
                        self.subTest(model=model, role=role, op="read"),
                        self.assertRaises(AccessError),
                    ):
                        as_user.read(["display_name"])
                if "u" not in perms[role]:
                    with (
                        self.subTest(model=model, role=role, op="unlink"),
                        self.assertRaises(AccessError),
                    ):
                        as_user.unlink()

    def test_nobody_deletes_process_records_even_with_sudo(self):
        guarded = (
            "complaint.complaint",
            "complaint.plan",
            "complaint.plan.approval",
            "complaint.revisit",
        )
        for model in guarded:
            with self.subTest(model=model), self.assertRaises(UserError):
                self.sample(model).sudo().unlink()
            self.assertTrue(self.sample(model).exists())

    def test_no_access_line_grants_deletion_of_process_records(self):
        lines = self.env["ir.model.access"].search(
            [("model_id.model", "in", sorted(set(MATRIX) - CONFIGURATION))]
        )
        self.assertTrue(lines)
        self.assertFalse(lines.filtered("perm_unlink"), "process records are never deleted")

    def test_configuration_is_changed_by_administrators_only(self):
        lines = self.env["ir.model.access"].search(
            [
                ("model_id.model", "in", sorted(CONFIGURATION)),
                "|",
                "|",
                ("perm_write", "=", True),
                ("perm_create", "=", True),
                ("perm_unlink", "=", True),
            ]
        )
        self.assertEqual(lines.group_id, self.env.ref(f"{G}manager"))

    def test_administrator_maintains_the_configuration(self):
        for model in sorted(CONFIGURATION):
            perms = MATRIX[model]["administrator"]
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.admin).with_company(self.company)
                record = Model.create(self.create_values(model, self.admin))
                record.write(self.WRITE_VALUES[model])
                if "u" in perms:
                    record.unlink()
                    self.assertFalse(record.exists())

    def test_configuration_in_use_cannot_be_deleted(self):
        """Deleting a category in use would silently strip it from every complaint,
        archived ones included (the handling slip would lose its classification)."""
        used = self.env["complaint.category"].create({"name": "Fees (old)", "code": "SEC-OLD"})
        complaint = self.create_complaint(category_id=used.id)
        as_admin = used.with_user(self.admin)
        with mute_logger("odoo.sql_db"), self.assertRaises(UserError):
            as_admin.unlink()
        self.assertEqual(complaint.category_id, used)


# ====================================================================== record rules
@tagged("post_install", "-at_install")
class TestRecordRules(SecurityCase):
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
        desk._decide_validity("valid")
        desk._dispatch(counter)
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

    def test_reassigning_is_for_the_desk_and_the_department_manager(self):
        for user in (self.handler, self.it_handler, self.gm, self.compliance):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(self.ops_open, user)._reassign(self.branch_handler)
        self.assertEqual(self.ops_open.handler_id, self.handler)
        self.as_user(self.ops_open, self.manager)._reassign(self.branch_handler)
        self.assertEqual(self.ops_open.handler_id, self.branch_handler)
        # The manager of Operations also manages its branch's complaints.
        clerk = self._new_user("t_branch_clerk", f"{G}department")
        self.env["hr.employee"].with_company(self.company).create(
            {"name": "Branch clerk", "user_id": clerk.id, "department_id": self.dep_branch.id}
        )
        with self.assertRaises(AccessError):
            self.as_user(self.branch, self.branch_handler)._reassign(clerk)
        self.as_user(self.branch, self.manager)._reassign(clerk)
        self.assertEqual(self.branch.handler_id, clerk)
        self.as_user(self.branch, self.desk)._reassign(self.branch_handler)
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


# ====================================================================== multi-company
@tagged("post_install", "-at_install")
class TestMultiCompany(SecurityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company2 = cls.env["res.company"].create(
            {"name": "Other Bank", "currency_id": cls.env.ref("base.CNY").id}
        )
        both = [Command.set((cls.company | cls.company2).ids)]
        cls.desk_both = new_test_user(
            cls.env,
            login="t_desk_both",
            groups=f"{G}desk",
            company_id=cls.company.id,
            company_ids=both,
        )
        cls.compliance_c2 = new_test_user(
            cls.env,
            login="t_compliance_c2",
            groups=f"{G}compliance",
            company_id=cls.company2.id,
            company_ids=[Command.set(cls.company2.ids)],
        )
        cls.partner_c2 = cls.env["res.partner"].create(
            {"name": "Other Bank's customer", "company_id": cls.company2.id}
        )
        cls.foreign = (
            cls.env["complaint.complaint"]
            .with_user(cls.desk_both)
            .with_company(cls.company2)
            .create(
                {
                    "title": "At the other bank",
                    "description": "<p>ATM kept the card.</p>",
                    "partner_id": cls.partner_c2.id,
                    "partner_phone": "13900000002",
                    "channel_id": cls.channel.id,
                    "company_id": cls.company2.id,
                    "involves_fraud": True,
                }
            )
            .with_env(cls.env)
        )
        cls.env.invalidate_all()

    def test_users_of_one_company_cannot_reach_the_other(self):
        for user in (self.desk, self.supervisor, self.compliance, self.admin, self.handler):
            with self.subTest(user=user.login):
                as_user = self.foreign.with_user(user)
                with self.assertRaises(AccessError):
                    as_user.read(["title"])
                self.assertFalse(as_user.search([("title", "=", "At the other bank")]))
                self.assertFalse(as_user.search([("partner_phone", "=", "13900000002")]))
                for model in ("complaint.step", "complaint.grade.history"):
                    self.assertFalse(
                        self.env[model]
                        .with_user(user)
                        .search([("complaint_id", "=", self.foreign.id)])
                    )

    def test_a_user_of_both_companies_sees_the_companies_they_work_in(self):
        Complaint = self.env["complaint.complaint"].with_user(self.desk_both)
        both = Complaint.with_context(allowed_company_ids=(self.company | self.company2).ids)
        found = both.search([("id", "in", (self.foreign | self.fresh).ids)])
        self.assertEqual(found, self.foreign | self.fresh)
        self.assertEqual(both.browse(self.foreign.id).partner_phone, "13900000002")
        only_c1 = Complaint.with_context(allowed_company_ids=self.company.ids)
        self.assertEqual(
            only_c1.search([("id", "in", (self.foreign | self.fresh).ids)]), self.fresh
        )

    def test_nobody_registers_in_a_company_they_do_not_work_in(self):
        values = {
            "title": "Smuggled",
            "description": "<p>x</p>",
            "partner_id": self.partner2.id,
            "channel_id": self.channel.id,
            "company_id": self.company2.id,
        }
        with self.assertRaises(AccessError):
            self.env["complaint.complaint"].with_user(self.desk).create(values)
        with self.assertRaises(AccessError):
            self.env["complaint.complaint"].with_user(self.desk_both).with_context(
                allowed_company_ids=self.company.ids
            ).create(values)

    def test_records_of_another_company_cannot_be_linked(self):
        with self.assertRaises(UserError):
            self.env["complaint.complaint"].with_user(self.desk_both).with_context(
                allowed_company_ids=(self.company | self.company2).ids
            ).create(
                {
                    "title": "Wrong complainant",
                    "description": "<p>x</p>",
                    "partner_id": self.partner_c2.id,
                    "channel_id": self.channel.id,
                    "company_id": self.company.id,
                }
            )

    def test_compliance_of_the_other_company_only_is_told(self):
        self.assertTrue(self.foreign.compliance_notified)
        followers = self.foreign.sudo().message_partner_ids
        self.assertIn(self.compliance_c2.partner_id, followers)
        self.assertNotIn(self.compliance.partner_id, followers)

    def test_configuration_of_the_other_company_stays_there(self):
        grade = (
            self.env["complaint.grade"]
            .sudo()
            .create(
                {
                    "name": "Other Bank level 4",
                    "level": 4,
                    "company_id": self.company2.id,
                    "deadline_rule_ids": [Command.create({"step": "dispatch", "amount": 2})],
                    "escalation_rule_ids": [Command.create({"target": "handler"})],
                }
            )
        )
        category = (
            self.env["complaint.category"]
            .sudo()
            .create({"name": "Other Bank fees", "company_id": self.company2.id})
        )
        calendar = self.company2.resource_calendar_id
        self.assertTrue(calendar)
        workday = (
            self.env["complaint.workday"]
            .sudo()
            .create({"calendar_id": calendar.id, "date": date(2031, 2, 8), "works_as": "0"})
        )
        records = {
            "grade": grade,
            "deadline rule": grade.deadline_rule_ids,
            "escalation rule": grade.escalation_rule_ids,
            "category": category,
            "workday": workday,
        }
        for name, record in records.items():
            for user in (self.desk, self.admin):
                with self.subTest(record=name, user=user.login):
                    self.assertFalse(self.sees(record, user))
            with self.subTest(record=name, user="desk of both companies"):
                self.assertTrue(
                    record.with_user(self.desk_both)
                    .with_context(allowed_company_ids=(self.company | self.company2).ids)
                    .has_access("read")
                )

    def test_access_logs_stay_in_their_company(self):
        self.foreign.with_user(self.desk_both).with_context(
            allowed_company_ids=(self.company | self.company2).ids
        ).read(["partner_phone"])
        log = self.env["complaint.access.log"].search(
            [("complaint_id", "=", self.foreign.id), ("user_id", "=", self.desk_both.id)]
        )
        self.assertEqual(log.company_id, self.company2)
        self.assertFalse(
            self.env["complaint.access.log"]
            .with_user(self.supervisor)
            .search([("complaint_id", "=", self.foreign.id)])
        )


# ====================================================================== confidentiality
@tagged("post_install", "-at_install")
class TestConfidentiality(SecurityCase):
    def allowed(self):
        return {
            "desk": self.desk,
            "handler": self.handler,
            "manager": self.manager,
            "supervisor": self.supervisor,
            "compliance": self.compliance,
            "admin": self.admin,
            "gm (approver)": self.gm,
        }

    def hidden(self):
        return {"it_handler (assisting)": self.it_handler, "it_collab (assisting)": self.it_collab}

    def test_contact_details_readable_only_by_those_handling_it(self):
        expected = {
            "partner_phone": PHONE,
            "partner_email": EMAIL,
            "partner_address": ADDRESS,
            "account_number": ACCOUNT,
        }
        for name, user in self.allowed().items():
            with self.subTest(user=name):
                self.env.invalidate_all()
                values = self.ops.with_user(user).read(list(CONFIDENTIAL))[0]
                self.assertEqual({f: values[f] for f in CONFIDENTIAL}, expected)
        for name, user in self.hidden().items():
            with self.subTest(user=name):
                self.env.invalidate_all()
                values = self.ops.with_user(user).read([*CONFIDENTIAL, "confidential_hidden"])[0]
                self.assertEqual(
                    {f: values[f] for f in CONFIDENTIAL}, dict.fromkeys(CONFIDENTIAL, False)
                )
                self.assertTrue(values["confidential_hidden"])

    def test_raw_storage_is_not_readable(self):
        for user in (self.desk, self.supervisor, self.compliance, self.admin, self.it_handler):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.ops.with_user(user).read(["confidential_phone"])
            with self.subTest(user=user.login, model="plan"), self.assertRaises(AccessError):
                self.ops_plan.with_user(user).read(["confidential_compensation"])

    def test_list_views_hide_them_too(self):
        spec = {"name": {}, **{f: {} for f in CONFIDENTIAL}}
        for name, user in {**self.allowed(), **self.hidden()}.items():
            with self.subTest(user=name):
                self.env.invalidate_all()
                Complaint = self.env["complaint.complaint"].with_user(user)
                records = Complaint.web_search_read([("id", "=", self.ops.id)], spec)["records"]
                rows = Complaint.search_read([("id", "=", self.ops.id)], list(CONFIDENTIAL))
                visible = name in self.allowed()
                self.assertEqual(records[0]["partner_phone"], PHONE if visible else False)
                self.assertEqual(rows[0]["account_number"], ACCOUNT if visible else False)

    def test_searching_does_not_reveal_them(self):
        """A search on a contact detail is no oracle for those who may not read it."""
        domains = [
            [("partner_phone", "=", PHONE)],
            [("partner_phone", "like", "138")],
            [("account_number", "ilike", "6222")],
            [("partner_email", "=like", "sun.li@%")],
        ]
        for domain in domains:
            with self.subTest(domain=domain):
                for user in self.hidden().values():
                    found = self.env["complaint.complaint"].with_user(user).search(domain)
                    self.assertNotIn(self.ops, found)
                found = self.env["complaint.complaint"].with_user(self.handler).search(domain)
                self.assertIn(self.ops, found)

    def test_compensation_readable_only_by_those_handling_it_and_approvers(self):
        for name, user in self.allowed().items():
            with self.subTest(user=name):
                self.env.invalidate_all()
                self.assertEqual(self.ops_plan.with_user(user).compensation_amount, COMPENSATION)
                self.assertEqual(self.ops.with_user(user).compensation_amount, COMPENSATION)
        for name, user in self.hidden().items():
            with self.subTest(user=name):
                self.env.invalidate_all()
                self.assertEqual(self.ops_plan.with_user(user).compensation_amount, 0.0)
                self.assertEqual(self.ops.with_user(user).compensation_amount, 0.0)
                rows = (
                    self.env["complaint.plan"]
                    .with_user(user)
                    .search_read([("id", "=", self.ops_plan.id)], ["compensation_amount"])
                )
                self.assertEqual(rows[0]["compensation_amount"], 0.0)

    def test_compensation_is_not_served_from_another_users_cache(self):
        """Within one request (one transaction cache), what the desk was shown must not be
        handed to the next user who reads the same complaint."""
        self.assertEqual(self.ops.with_user(self.desk).compensation_amount, COMPENSATION)
        self.assertEqual(self.ops.with_user(self.it_collab).compensation_amount, 0.0)
        self.assertEqual(self.ops.with_user(self.it_collab).partner_phone, False)

    def test_contact_details_cannot_be_changed_by_others(self):
        with self.assertRaises(AccessError):
            self.ops_open.with_user(self.handler).write({"partner_phone": "110"})
        with self.assertRaises(AccessError):
            self.ops_open.with_user(self.it_handler).write({"partner_phone": "110"})
        self.ops_open.with_user(self.desk).write({"partner_phone": "13800000009"})
        self.assertEqual(self.ops_open.with_user(self.desk).partner_phone, "13800000009")

    def test_compensation_cannot_be_set_by_others(self):
        plan = self.draft_plan(self.ops_open, compensation=100.0)
        with self.assertRaises(AccessError):
            plan.with_user(self.it_handler).write({"compensation_amount": 1e6})
        with self.assertRaises(AccessError):
            plan.with_user(self.desk).write({"compensation_amount": 1e6})
        self.assertEqual(plan.sudo().confidential_compensation, 100.0)

    def test_reads_of_confidential_data_are_logged(self):
        self.env.invalidate_all()
        before = self.log_count(self.ops_open, self.handler, "read")
        self.assertEqual(self.ops_open.with_user(self.handler).partner_phone, PHONE)
        self.assertEqual(self.log_count(self.ops_open, self.handler, "read"), before + 1)
        # Nothing disclosed, nothing logged.
        self.env.invalidate_all()
        self.ops.with_user(self.it_collab).read(["partner_phone"])
        self.assertEqual(self.log_count(self.ops, self.it_collab), 0)
        # A list view logs each complaint shown.
        self.env.invalidate_all()
        shown = (
            self.env["complaint.complaint"]
            .with_user(self.desk)
            .search_read([("id", "in", (self.ops | self.it).ids)], ["partner_phone"])
        )
        self.assertEqual(len(shown), 2)
        self.assertEqual(self.log_count(self.it, self.desk, "read"), 1)

    def test_reads_of_the_compensation_are_logged(self):
        self.env.invalidate_all()
        self.assertEqual(self.ops_plan.with_user(self.handler).compensation_amount, COMPENSATION)
        self.assertTrue(self.log_count(self.ops, self.handler, "read"))

    def test_administrators_reading_the_raw_storage_are_logged(self):
        """A settings administrator passes the ``groups`` of the raw fields: reading them is
        still an access to confidential data."""
        sysadmin = self._new_user("t_sysadmin", f"base.group_system,{G}manager")
        self.env.invalidate_all()
        try:
            values = self.ops.with_user(sysadmin).read(["confidential_phone"])[0]
        except AccessError:
            return  # the raw storage is out of reach: fine
        self.assertEqual(values["confidential_phone"], PHONE)
        self.assertTrue(self.log_count(self.ops, sysadmin), "a raw read left no trace")

    def test_export_is_for_supervisors_and_compliance(self):
        # Ordinary users hold the export feature (Odoo's default user template does).
        for user in (self.desk, self.handler, self.gm, self.it_collab, self.manager):
            user.groups_id |= self.env.ref("base.group_allow_export")
        for user in (self.desk, self.handler, self.gm, self.it_collab, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.ops.with_user(user).export_data(["name", "partner_phone"])
        for user in (self.supervisor, self.compliance, self.admin):
            with self.subTest(user=user.login):
                rows = self.ops.with_user(user).export_data(["name", "partner_phone"])["datas"]
                self.assertEqual(rows, [[self.ops.name, PHONE]])
                self.assertEqual(self.log_count(self.ops, user, "export"), 1)
                self.assertEqual(self.log_count(self.ops, user, "read"), 0)

    def test_contact_details_do_not_leave_through_other_models_exports(self):
        """Exporting plans, steps or revisits with their complaint's contact details is an
        export of complaint data: refused to those who may not export complaints."""
        paths = ["complaint_id/partner_phone", "complaint_id/account_number"]
        self.handler.groups_id |= self.env.ref("base.group_allow_export")
        for model in ("complaint.plan", "complaint.step", "complaint.revisit"):
            record = self.sample(model).with_user(self.handler)
            with self.subTest(model=model):
                try:
                    rows = record.export_data(paths)["datas"]
                except UserError:
                    continue
                self.assertNotIn(PHONE, str(rows))
                self.assertNotIn(ACCOUNT, str(rows))

    def test_handling_slip_shows_them_only_to_those_handling_it(self):
        html = self.render_slip(self.ops, self.handler)
        self.assertIn(PHONE, html)
        self.assertIn(ACCOUNT, html)
        for name, user in self.hidden().items():
            with self.subTest(user=name):
                html = self.render_slip(self.ops, user)
                self.assertIn(self.ops.name, html)
                self.assertNotIn(PHONE, html)
                self.assertNotIn(ACCOUNT, html)
        try:
            self.render_slip(self.ops_open, self.branch_handler)
        except (AccessError, QWebException) as error:
            self.assertIn("complaint.complaint", str(error))
        else:
            self.fail("a complaint the user may not read was printed")

    def test_printing_the_slip_is_logged(self):
        self.render_slip(self.ops, self.handler)
        self.assertEqual(self.log_count(self.ops, self.handler, "print"), 1)
        self.render_slip(self.ops, self.it_collab)
        self.assertEqual(self.log_count(self.ops, self.it_collab), 0, "nothing was disclosed")

    def test_access_log_cannot_be_tampered_with(self):
        for user in (self.supervisor, self.compliance, self.admin, self.desk):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.access_log.with_user(user).write({"user_id": self.gm.id})
                with self.assertRaises(AccessError):
                    self.access_log.with_user(user).unlink()
        self.assertTrue(self.access_log.exists())


# ====================================================================== archived
@tagged("post_install", "-at_install")
class TestArchivedComplaints(SecurityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        helper = object.__new__(cls)
        cls.archived = helper.create_complaint(title="Filed away")
        desk = helper.as_user(cls.archived, cls.desk)
        desk._resolve_first_contact("Explained the fee schedule.")
        desk.action_archive_complaint()

    def test_nobody_edits_an_archived_complaint(self):
        attempts = {
            "desk": self.archived.with_user(self.desk),
            "supervisor": self.archived.with_user(self.supervisor),
            "administrator": self.archived.with_user(self.admin),
            "superuser": self.archived.sudo(),
        }
        for name, record in attempts.items():
            with self.subTest(user=name), self.assertRaises(UserError):
                record.write({"customer_demand": "Rewritten history"})
            with self.subTest(user=name, kind="contact"), self.assertRaises(UserError):
                record.write({"partner_phone": "110"})
        with self.assertRaises(UserError):
            self.archived.sudo()._workflow().write({"state": "closed"})
        self.assertEqual(self.archived.state, "archived")
        self.assertFalse(self.archived.customer_demand)

    def test_nobody_deletes_an_archived_complaint(self):
        with self.assertRaises(AccessError):
            self.archived.with_user(self.admin).unlink()
        with self.assertRaises(UserError):
            self.archived.sudo().unlink()
        self.assertTrue(self.archived.exists())

    def test_the_plans_of_an_archived_complaint_are_frozen(self):
        """A draft plan left behind when the department found the complaint special must
        not stay editable once the complaint is archived."""
        complaint = self.walk(self.create_complaint(title="Found special"), "investigating")
        plan = self.draft_plan(complaint, compensation=50.0)
        self.as_user(complaint, self.handler)._decide_validity(
            "special", "The fee is in the signed contract."
        )
        self.as_user(complaint, self.desk)._give_feedback("Showed the contract clause.")
        self.as_user(complaint, self.desk).action_archive_complaint()
        self.assertEqual(complaint.state, "archived")
        with self.assertRaises(UserError):
            plan.with_user(self.handler).write({"measures": "<p>Changed afterwards.</p>"})
        with self.assertRaises(UserError):
            plan.with_user(self.handler).write({"compensation_amount": 5000.0})
        self.assertEqual(plan.sudo().confidential_compensation, 50.0)


# ====================================================================== compliance routing
@tagged("post_install", "-at_install")
class TestComplianceRouting(SecurityCase):
    FACTS = (
        "involves_staff_violation",
        "involves_fraud",
        "involves_asset_safety",
        "involves_bribery",
        "media_risk",
        "media_exposed",
        "litigation_risk",
        "litigation_filed",
    )

    def assert_routed(self, complaint):
        self.assertTrue(complaint.compliance_required)
        self.assertTrue(complaint.compliance_notified)
        self.assertIn(self.compliance.partner_id, complaint.sudo().message_partner_ids)
        notified = complaint.sudo().message_ids.filtered(
            lambda m: self.compliance.partner_id in m.partner_ids
        )
        self.assertTrue(notified, "compliance is notified, not just subscribed")

    def test_sensitive_facts_go_to_compliance_at_once(self):
        for fact in self.FACTS:
            with self.subTest(fact=fact):
                self.assert_routed(self.create_complaint(**{fact: True}))
        for xmlid in ("complaint_channel_regulator", "complaint_channel_news_media"):
            with self.subTest(channel=xmlid):
                channel = self.env.ref(f"complaint_management.{xmlid}")
                self.assert_routed(self.create_complaint(channel_id=channel.id))

    def test_ordinary_complaints_do_not(self):
        complaint = self.create_complaint()
        self.assertFalse(complaint.compliance_required)
        self.assertFalse(complaint.compliance_notified)
        self.assertNotIn(self.compliance.partner_id, complaint.sudo().message_partner_ids)

    def test_a_fact_learnt_later_routes_it_then(self):
        self.assertFalse(self.ops_open.compliance_notified)
        self.ops_open.with_user(self.desk).write({"involves_bribery": True})
        self.assert_routed(self.ops_open)

    def test_routing_fields_are_not_set_by_hand(self):
        with self.assertRaises(UserError):
            self.fresh.with_user(self.desk).write({"compliance_notified": fields.Datetime.now()})
        with self.assertRaises(UserError):
            self.create_complaint(compliance_notified=fields.Datetime.now())


@tagged("post_install", "-at_install")
class TestPublicReply(SecurityCase):
    def setUp(self):
        super().setUp()
        self.media = self.create_complaint(title="On the evening news", media_exposed=True)
        self.media.with_user(self.desk).write({"public_reply": "We apologise and refunded."})

    def test_public_reply_needs_a_supervisors_approval(self):
        desk = self.as_user(self.media, self.desk)
        with self.assertRaises(UserError):
            desk.action_record_public_reply()
        with self.assertRaises(AccessError):
            self.as_user(self.media, self.handler).action_request_public_reply()
        desk.action_request_public_reply()
        self.assertEqual(self.media.public_reply_state, "to_approve")
        with self.assertRaises(UserError):
            desk.action_record_public_reply()
        for user in (self.desk, self.compliance, self.manager, self.gm):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.as_user(self.media, user).action_approve_public_reply()
        with self.assertRaises(UserError):
            desk.write({"public_reply_state": "approved"})
        self.as_user(self.media, self.supervisor).action_approve_public_reply()
        self.assertEqual(self.media.public_reply_state, "approved")
        self.assertEqual(self.media.public_reply_approver_id, self.supervisor)
        desk.action_record_public_reply()
        self.assertEqual(self.media.public_reply_state, "given")

    def test_approved_reply_cannot_be_rewritten(self):
        """What is given is what the supervisor approved."""
        desk = self.as_user(self.media, self.desk)
        desk.action_request_public_reply()
        self.as_user(self.media, self.supervisor).action_approve_public_reply()
        with self.assertRaises(UserError):
            desk.write({"public_reply": "Something the supervisor never saw."})
        self.assertEqual(self.media.public_reply, "We apologise and refunded.")
