"""Groups and access rights (SPEC.md "Who works in it"): the role chain, and for every
model and role which operations the access rights allow. The record rules then narrow
*which* records: test_record_rules.py.

Every check acts as a real user (``with_user``), the way an RPC call does."""

from datetime import date
from itertools import pairwise

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintAccessCase, ComplaintCase, G

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
    "complaint.escalation.digest": row("",    "",     "",     "",     "r",    "r",    "r"),
    "complaint.deadline.day":     row("",     "",     "r",    "r",    "r",    "r",    "r"),
    "complaint.grade.history":    row("",     "",     "r",    "r",    "r",    "r",    "r"),
    "complaint.finding":          row("",     "",     "",     "",     "r",    "crw",  "r"),
    "complaint.access.log":       row("",     "",     "",     "",     "r",    "r",    "r"),
    "complaint.grade":            row("",     "r",    "r",    "r",    "r",    "r",    "crwu"),
    "complaint.deadline.rule":    row("",     "r",    "r",    "r",    "r",    "r",    "crwu"),
    "complaint.escalation.rule":  row("",     "r",    "r",    "r",    "r",    "r",    "crwu"),
    "complaint.category":         row("",     "r",    "r",    "r",    "r",    "r",    "crw"),
    "complaint.channel":          row("",     "r",    "r",    "r",    "r",    "r",    "crwu"),
    "complaint.workday":          row("r",    "r",    "r",    "r",    "r",    "r",    "crwu"),
    "complaint.regime":           row("",     "r",    "r",    "r",    "r",    "r",    "crw"),
    "complaint.regime.extension": row("",     "r",    "r",    "r",    "r",    "r",    "crwu"),
    "complaint.business.line":    row("",     "r",    "r",    "r",    "r",    "r",    "crw"),
    "complaint.cause":            row("",     "r",    "r",    "r",    "r",    "r",    "crw"),
    "complaint.demand":           row("",     "r",    "crw",  "crw",  "crw",  "r",    "crw"),
    "complaint.extension":        row("",     "r",    "r",    "r",    "r",    "r",    "r"),
    "complaint.review":           row("",     "r",    "r",    "r",    "r",    "r",    "r"),
    "complaint.recusal":          row("",     "r",    "r",    "r",    "r",    "r",    "r"),
    "complaint.report":           row("",     "",     "r",    "r",    "r",    "r",    "r"),
    "complaint.monthly.report":   row("",     "r",    "r",    "r",    "r",    "r",    "r"),
    # Crises: the record rules narrow them to the crisis team, supervisors and compliance
    # (compliance is a collaborator too, so it writes the crises of its team only).
    "complaint.crisis":           row("",     "rw",   "rw",   "rw",   "crw",  "rw",   "crw"),
    "complaint.crisis.measure":   row("",     "crw",  "crw",  "crw",  "crw",  "crw",  "crw"),
    "complaint.crisis.statement": row("",     "crw",  "crw",  "crw",  "crw",  "crw",  "crw"),
    "complaint.crisis.team.member": row("",   "r",    "r",    "r",    "r",    "r",    "crwu"),
    "complaint.risk.stage":       row("",     "r",    "r",    "r",    "r",    "r",    "crwu"),
    "complaint.risk.item":        row("",     "r",    "r",    "r",    "crw",  "r",    "crw"),
    "complaint.contact":          row("",     "",     "r",    "r",    "r",    "r",    "r"),
    "complaint.accountability":   row("",     "",     "",     "",     "crw",  "r",    "crw"),
    "complaint.fault.kind":       row("",     "r",    "r",    "r",    "r",    "r",    "crw"),
    "complaint.warning":          row("",     "",     "",     "",     "r",    "r",    "r"),
    "complaint.plan.compensation": row("",    "r",    "crw",  "crw",  "crw",  "r",    "crw"),
    "complaint.accusation":       row("",     "",     "",     "c",    "c",    "crw",  "c"),
    "complaint.retention.log":    row("",     "",     "",     "",     "",     "r",    "r"),
    "complaint.business.channel": row("",     "r",    "r",    "r",    "r",    "r",    "crw"),
    "complaint.disclosure":       row("",     "",     "",     "",     "rw",   "crw",  "crw"),
    "complaint.disclosure.line":  row("",     "",     "",     "",     "r",    "r",    "r"),
}
# fmt: on
CONFIGURATION = {
    "complaint.grade",
    "complaint.deadline.rule",
    "complaint.escalation.rule",
    "complaint.category",
    "complaint.channel",
    "complaint.workday",
    "complaint.regime",
    "complaint.regime.extension",
    "complaint.business.line",
    "complaint.cause",
    "complaint.crisis.team.member",
    "complaint.risk.stage",
    "complaint.fault.kind",
    "complaint.business.channel",
}
CHAIN = ("user", "department", "desk", "supervisor", "manager")


@tagged("post_install", "-at_install")
class TestGroups(ComplaintCase):
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
        complaint = self.dispatch(self.create_complaint())
        self.assertTrue(complaint._is_department_manager(self.manager))
        self.assertFalse(complaint._is_department_manager(self.handler))

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


@tagged("post_install", "-at_install")
class TestAccessRights(ComplaintAccessCase):
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
                "step_type": "audit",
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
            "complaint.escalation.digest": {
                "escalation_id": self.escalation.id,
                "complaint_id": self.ops_open.id,
                "company_id": self.company.id,
                "user_id": user.id,
            },
            "complaint.deadline.day": {"department_id": self.dep_ops.id, "complaint_count": 9},
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
                "step_type": "dispatch",
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
            "complaint.regime": {"name": "Securities 2030", "code": "sec_2030"},
            "complaint.regime.extension": {
                "regime_id": self.regulatory_samples["complaint.regime"].id,
                "sequence": 30,  # after the two extensions of 30 and 60 days
                "name": "Exceptional case",
                "limit_days": 90,
            },
            "complaint.business.line": {"name": "Safe deposit boxes", "code": "SEC-BL"},
            "complaint.cause": {"name": "Queues", "code": "SEC-CAUSE"},
            "complaint.demand": {"complaint_id": self.ops.id, "name": "Forged demand"},
            "complaint.extension": {
                "complaint_id": self.ops.id,
                "regime_extension_id": self.regulatory_samples["complaint.regime.extension"].id,
                "reason": "Forged",
            },
            "complaint.review": {
                "complaint_id": self.ops.id,
                "reviewed_complaint_id": self.ops.id,
                "date_requested": now,
            },
            "complaint.recusal": {
                "complaint_id": self.ops.id,
                "user_id": user.id,
                "reason": "Forged",
            },
            "complaint.report": {"received": 1},
            "complaint.monthly.report": {
                "company_id": self.company.id,
                "date_from": date(2031, 2, 1),
            },
            "complaint.crisis": {"title": "Forged crisis", "owner_id": user.id},
            "complaint.crisis.measure": {
                "crisis_id": self.sample("complaint.crisis").id,
                "name": "Forged",
                "user_id": user.id,
                "date_due": date(2031, 1, 1),
            },
            "complaint.crisis.statement": {
                "crisis_id": self.sample("complaint.crisis").id,
                "text": "Forged",
            },
            "complaint.crisis.team.member": {"company_id": self.company.id, "user_id": user.id},
            "complaint.risk.stage": {"name": "New stage"},
            "complaint.risk.item": {
                "name": "Forged",
                "stage_id": self.sample("complaint.risk.stage").id,
                "hazards": "Forged",
                "prevention": "Forged",
                "user_id": user.id,
                "date_review": date(2031, 1, 1),
            },
            "complaint.contact": {
                "complaint_id": self.ops.id,
                "date": now,
                "user_id": user.id,
                "channel": "phone",
                "direction": "out",
                "note": "Forged",
            },
            "complaint.accountability": {
                "complaint_id": self.ops.id,
                "employee_id": self.handler.with_company(self.company).employee_id.id,
                "fault_kind_id": self.sample("complaint.fault.kind").id,
                "measure": "warning",
            },
            "complaint.fault.kind": {"name": "Slow counter", "fine_min": 10, "fine_max": 20},
            "complaint.warning": {"rule": "level2", "company_id": self.company.id},
            "complaint.plan.compensation": {
                "plan_id": self.ops_plan.id,
                "kind": "gift",
                "description": "Forged gift",
            },
            "complaint.accusation": {
                "title": "Forged letter",
                "description": "<p>Forged.</p>",
                "channel_id": self.channel.id,
            },
            "complaint.retention.log": {
                "complaint_id": self.ops.id,
                "company_id": self.company.id,
                "date": now,
            },
            "complaint.business.channel": {"name": "Video banking", "code": "SEC-CH"},
            "complaint.disclosure": {"company_id": self.company.id, "year": 2024, "period": "h1"},
            "complaint.disclosure.line": {
                "disclosure_id": self.regulatory_samples["complaint.disclosure"].id,
                "section": "cause",
                "name": "Forged",
            },
        }[model]

    WRITE_VALUES = {
        "complaint.complaint": {"customer_demand": "Changed by someone"},
        "complaint.plan": {"compensation_note": "Changed by someone"},
        "complaint.plan.approval": {"comment": "Changed by someone"},
        "complaint.revisit": {"comment": "Changed by someone"},
        "complaint.step": {"date_deadline": "2031-01-01 00:00:00"},
        "complaint.escalation": {"level": 9},
        "complaint.escalation.digest": {"date_sent": "2031-01-01 00:00:00"},
        "complaint.deadline.day": {"complaint_count": 0},
        "complaint.grade.history": {"reason": "Changed by someone"},
        "complaint.finding": {"measures": "Changed by someone"},
        "complaint.access.log": {"access_type": "export"},
        "complaint.grade": {"requirements": "Changed"},
        "complaint.deadline.rule": {"amount": 3},
        "complaint.escalation.rule": {"delay": 3},
        "complaint.category": {"description": "Changed"},
        "complaint.channel": {"sequence": 99},
        "complaint.workday": {"name": "Changed"},
        "complaint.regime": {"authority": "Changed"},
        "complaint.regime.extension": {"name": "Changed"},
        "complaint.business.line": {"sequence": 99},
        "complaint.cause": {"sequence": 99},
        "complaint.demand": {"basis": "Changed by someone"},
        "complaint.extension": {"reason": "Changed by someone"},
        "complaint.review": {"note": "Changed by someone"},
        "complaint.recusal": {"reason": "Changed by someone"},
        "complaint.report": {"received": 2},
        "complaint.monthly.report": {"state": "sent"},
        "complaint.crisis": {"description": "<p>Changed by someone</p>"},
        "complaint.crisis.measure": {"name": "Changed by someone"},
        "complaint.crisis.statement": {"text": "Changed by someone"},
        "complaint.crisis.team.member": {"role": "Changed"},
        "complaint.risk.stage": {"sequence": 99},
        "complaint.risk.item": {"prevention": "Changed by someone"},
        "complaint.contact": {"note": "Changed by someone"},
        "complaint.accountability": {"note": "Changed by someone"},
        "complaint.fault.kind": {"description": "Changed"},
        "complaint.warning": {"complaint_count": 9},
        "complaint.plan.compensation": {"description": "Changed by someone"},
        "complaint.accusation": {"conclusion": "<p>Changed by someone</p>"},
        "complaint.retention.log": {"file_count": 9},
        "complaint.business.channel": {"sequence": 99},
        "complaint.disclosure": {"note": "Changed by someone"},
        "complaint.disclosure.line": {"count": 99},
    }

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
