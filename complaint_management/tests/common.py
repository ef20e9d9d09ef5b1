"""Shared fixtures: a company on a Shanghai working calendar, departments, one user per
role, and helpers that walk a complaint through the process with the right user."""

from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user

G = "complaint_management.group_complaint_"


class ComplaintCase(TransactionCase):
    @classmethod
    def _new_user(cls, login, groups, **kw):
        """A user of the test company, working in Shanghai time."""
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Asia/Shanghai",
            **kw,
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.company = cls.env["res.company"].create(
            {"name": "Test Bank", "currency_id": cls.env.ref("base.CNY").id}
        )
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Shanghai 9-18",
                "tz": "Asia/Shanghai",
                "company_id": cls.company.id,
                "hours_per_day": 8,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": stop,
                            "day_period": period,
                        }
                    )
                    for day in range(5)
                    for start, stop, period in ((9, 12, "morning"), (13, 18, "afternoon"))
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar

        cls.desk = cls._new_user("t_desk", f"{G}desk")
        cls.handler = cls._new_user("t_handler", f"{G}department")
        cls.manager = cls._new_user("t_manager", f"{G}department")
        cls.it_handler = cls._new_user("t_it", f"{G}department")
        cls.branch_handler = cls._new_user("t_branch", f"{G}department")
        cls.supervisor = cls._new_user("t_supervisor", f"{G}supervisor")
        cls.compliance = cls._new_user("t_compliance", f"{G}compliance")
        cls.gm = cls._new_user("t_gm", f"{G}user")
        cls.admin = cls._new_user("t_cmadmin", f"{G}manager")
        cls.outsider = cls._new_user("t_outsider", "base.group_user")

        Employee = cls.env["hr.employee"].with_company(cls.company)
        Department = cls.env["hr.department"].with_company(cls.company)

        def employee(user_rec):
            return Employee.create({"name": user_rec.name, "user_id": user_rec.id})

        emp = {
            u: employee(u)
            for u in (
                cls.desk,
                cls.handler,
                cls.manager,
                cls.it_handler,
                cls.branch_handler,
                cls.supervisor,
                cls.gm,
            )
        }
        cls.dep_desk = Department.create(
            {"name": "Service Desk", "manager_id": emp[cls.supervisor].id}
        )
        cls.dep_ops = Department.create({"name": "Operations", "manager_id": emp[cls.manager].id})
        cls.dep_branch = Department.create(
            {"name": "Operations Branch", "parent_id": cls.dep_ops.id}
        )
        cls.dep_it = Department.create({"name": "IT", "manager_id": emp[cls.it_handler].id})
        emp[cls.desk].department_id = cls.dep_desk
        emp[cls.supervisor].department_id = cls.dep_desk
        emp[cls.handler].department_id = cls.dep_ops
        emp[cls.manager].department_id = cls.dep_ops
        emp[cls.branch_handler].department_id = cls.dep_branch
        emp[cls.it_handler].department_id = cls.dep_it

        cls.company.write(
            {
                "complaint_calendar_id": cls.calendar.id,
                "complaint_desk_department_id": cls.dep_desk.id,
                "complaint_general_manager_id": cls.gm.id,
                "complaint_supervisor_id": cls.supervisor.id,
            }
        )
        cls.partner = cls.env["res.partner"].create(
            {"name": "Sun Li", "phone": "13800000001", "company_id": cls.company.id}
        )
        cls.partner2 = cls.env["res.partner"].create({"name": "Zhou Jianguo"})
        cls.partner3 = cls.env["res.partner"].create({"name": "Wu Xiaoming"})
        cls.channel = cls.env.ref("complaint_management.complaint_channel_phone")
        cls.category = cls.env.ref("complaint_management.complaint_category_fees")
        cls.grades = {
            level: cls.env.ref(f"complaint_management.complaint_grade_level_{level}")
            for level in (1, 2, 3, 4)
        }

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def utc(*args):
        """A naive UTC datetime from Shanghai local time (UTC+8)."""
        return datetime(*args) - timedelta(hours=8)

    def create_complaint(self, user=None, **vals):
        values = {
            "title": "Fee charged twice",
            "description": "<p>The annual fee was charged twice.</p>",
            "partner_id": self.partner.id,
            "partner_phone": "13800000001",
            "account_number": "6222-0001",
            "channel_id": self.channel.id,
            "category_id": self.category.id,
            "concerned_object": "Platinum card",
            "company_id": self.company.id,
        }
        values.update(vals)
        Complaint = self.env["complaint.complaint"].with_user(user or self.desk)
        return Complaint.with_company(self.company).create(values).with_env(self.env)

    def as_user(self, record, user):
        return record.with_user(user).with_company(self.company)

    def dispatch(self, complaint, department=None, handler=None):
        desk = self.as_user(complaint, self.desk)
        if complaint.validity != "valid":
            desk._decide_validity("valid")
        desk._dispatch(department or self.dep_ops, handler or self.handler)
        return complaint

    def investigate(self, complaint, handler=None):
        h = self.as_user(complaint, handler or complaint.handler_id or self.handler)
        if complaint.state == "dispatched":
            h.action_start_investigation()
        h._log_customer_contact("Called the customer and apologised.")
        h.write(
            {
                "facts_found": "<p>Fee charged twice by a batch error.</p>",
                "root_cause": "Batch job re-run.",
            }
        )
        return complaint

    def draft_plan(self, complaint, handler=None, compensation=0.0):
        h = self.as_user(complaint, handler or complaint.handler_id or self.handler)
        action = h.action_new_plan()
        plan = self.env["complaint.plan"].browse(action["res_id"])
        self.as_user(plan, handler or complaint.handler_id or self.handler).write(
            {
                "measures": "<p>Refund the second fee.</p>",
                "date_due": fields.Date.today() + timedelta(days=3),
                "compensation_amount": compensation,
            }
        )
        return plan

    def approve_all(self, plan):
        users = {"supervisor": self.supervisor, "compliance": self.compliance}
        while plan.state == "to_approve":
            approval = (
                plan.sudo()
                .approval_ids.filtered(lambda a: a.state == "pending")
                .sorted("sequence")[:1]
            )
            self.as_user(approval, approval.user_id or users[approval.role]).action_approve()
        return plan

    def walk(self, complaint, target):
        """Walk ``complaint`` along the happy path until it reaches ``target``."""
        order = [s for s, _l in complaint._fields["state"].selection]
        if order.index(complaint.state) >= order.index(target):
            return complaint
        if complaint.state == "new":
            self.dispatch(complaint)
        if target == "dispatched":
            return complaint
        if complaint.state in ("dispatched", "investigating") and not complaint.plan_ids:
            self.investigate(complaint)
        if target == "investigating":
            return complaint
        if complaint.state == "investigating":
            plan = self.draft_plan(complaint)
            self.as_user(plan, complaint.handler_id).action_submit()
        if target == "approval":
            return complaint
        if complaint.state == "approval":
            self.approve_all(complaint.plan_id)
        if target == "customer":
            return complaint
        if complaint.state == "customer":
            self.as_user(complaint.plan_id, self.desk).action_customer_accept()
        if target == "implementing":
            return complaint
        if complaint.state == "implementing":
            h = self.as_user(complaint, complaint.handler_id)
            h.write(
                {
                    "implementation_note": "Refunded.",
                    "rectification": "Batch job guarded against re-runs.",
                    "accountability_note": "Operator warned.",
                }
            )
            h.action_mark_implemented()
        if target == "audit":
            return complaint
        if complaint.state == "audit":
            self.as_user(complaint, self.supervisor)._audit_pass("Fair.")
        if target == "feedback":
            return complaint
        if complaint.state == "feedback":
            self.as_user(complaint, self.desk)._give_feedback("Refund explained by phone.")
        if target == "revisit":
            return complaint
        if complaint.state == "revisit":
            self.record_revisit(complaint, "5", "close")
        if target == "closed":
            return complaint
        self.as_user(complaint, self.desk).action_archive_complaint()
        return complaint

    def record_revisit(self, complaint, satisfaction, outcome, user=None):
        wizard = (
            self.env["complaint.revisit.wizard"]
            .with_user(user or self.desk)
            .create(
                {
                    "complaint_id": complaint.id,
                    "satisfaction": satisfaction,
                    "outcome": outcome,
                    "comment": "Customer's words.",
                }
            )
        )
        return wizard.action_confirm()
