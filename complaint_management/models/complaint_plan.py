from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import format_date

from .complaint_confidential_mixin import RAW_STORAGE_GROUP
from .constants import CONTACT_CHANNELS, WORKFLOW_TOKEN, is_blank

# Largest compensation a plan may propose (经济赔偿): beyond it, a typing error.
MAX_COMPENSATION = 100_000_000.0

EDITABLE_STATES = ("draft", "returned")
PLAN_CONTENT = {
    "measures",
    "responsible_id",
    "date_due",
    "compensation_amount",
    "confidential_compensation",
    "compensation_note",
    "compensation_line_ids",
}


class ComplaintPlan(models.Model):
    """A version of the solution plan (处理方案): measures, the person responsible, due date
    and compensation; approved along the chain the grade requires, then accepted or refused
    by the customer. Every version is kept."""

    _name = "complaint.plan"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Solution Plan"
    _order = "complaint_id, version desc"
    _rec_names_search = ["complaint_id"]
    _check_company_auto = True
    _confidential_fields = {"compensation_amount": "confidential_compensation"}
    _input_ranges = {
        "compensation_amount": (0, MAX_COMPENSATION),
        "confidential_compensation": (0, MAX_COMPENSATION),
    }

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    name = fields.Char(compute="_compute_name")
    version = fields.Integer(readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "Awaiting Approval"),
            ("returned", "Sent Back"),
            ("approved", "Approved"),
            ("accepted", "Accepted by Customer"),
            ("refused", "Refused by Customer"),
        ],
        default="draft",
        required=True,
        readonly=True,
        index=True,
        copy=False,
    )
    measures = fields.Html()
    responsible_id = fields.Many2one(
        "res.users", "Person Responsible", check_company=True, ondelete="restrict"
    )
    date_due = fields.Date("Due Date")
    confidential_compensation = fields.Monetary(groups=RAW_STORAGE_GROUP, copy=False)
    compensation_amount = fields.Monetary(
        "Compensation",
        compute="_compute_confidential",
        inverse="_inverse_confidential",
        help="Economic compensation (经济赔偿). Compliance approves plans that include one.",
    )
    compensation_note = fields.Text()
    currency_id = fields.Many2one(related="company_id.currency_id")
    grade_id = fields.Many2one(
        "complaint.grade", "Grade When Submitted", readonly=True, ondelete="restrict"
    )
    approval_ids = fields.One2many("complaint.plan.approval", "plan_id", "Approvals")
    customer_note = fields.Text("Customer's Answer", readonly=True)
    date_submitted = fields.Datetime(readonly=True)
    date_approved = fields.Datetime(readonly=True)
    date_decided = fields.Datetime("Customer Decided On", readonly=True)
    decision_channel = fields.Selection(
        CONTACT_CHANNELS,
        "Answered Through",
        readonly=True,
        help="Customer Portal when the customer answered online; empty when the desk recorded it.",
    )
    pending_approval_id = fields.Many2one(
        "complaint.plan.approval", compute="_compute_pending_approval_id"
    )
    can_approve = fields.Boolean(compute="_compute_pending_approval_id")
    can_edit = fields.Boolean(compute="_compute_can_edit")
    complaint_state = fields.Selection(related="complaint_id.state", string="Complaint Status")

    @api.model
    def _confidential_domain(self):
        """Approvers decide on the plan and its compensation: they read it, wherever they
        work (the general manager), though not the complainant's contact details."""
        domain = super()._confidential_domain()
        if not domain:
            return domain
        return expression.OR([domain, [("approval_ids.user_id", "=", self.env.uid)]])

    @api.constrains("date_due")
    def _check_date_due(self):
        """A plan is not due before it is made: the due date set is today or later."""
        today = fields.Date.context_today(self)
        for plan in self:
            if plan.date_due and plan.date_due < today:
                raise ValidationError(
                    self.env._(
                        "%(plan)s: the due date %(due)s is already past; a plan cannot be due "
                        "before it is made.",
                        plan=plan.name,
                        due=format_date(self.env, plan.date_due),
                    )
                )

    @api.depends("complaint_id.name", "version")
    def _compute_name(self):
        for plan in self:
            plan.name = self.env._(
                "%(ref)s plan v%(version)s", ref=plan.complaint_id.name, version=plan.version
            )

    @api.depends_context("uid")
    @api.depends("approval_ids.state")
    def _compute_pending_approval_id(self):
        for plan in self:
            pending = (
                plan.sudo().approval_ids.filtered(lambda a: a.state == "pending").sorted("sequence")
            )
            plan.pending_approval_id = pending[:1]
            plan.can_approve = bool(pending) and pending[0].with_env(self.env)._can_act()

    @api.depends_context("uid")
    @api.depends("state", "complaint_id.state")
    def _compute_can_edit(self):
        for plan in self:
            plan.can_edit = (
                plan.state in EDITABLE_STATES
                and plan.complaint_id.state == "investigating"
                and plan.complaint_id._is_department_user()
            )

    # ------------------------------------------------------------------ ORM
    @api.model_create_multi
    def create(self, vals_list):
        complaints = self.env["complaint.complaint"].browse([v["complaint_id"] for v in vals_list])
        for complaint in complaints:
            complaint._check_state("investigating")
            complaint._check_role("department")
        for vals in vals_list:
            if {"state", "version", "approval_ids"} & set(vals):
                raise UserError(self.env._("A new plan starts as a draft."))
            complaint = self.env["complaint.complaint"].browse(vals["complaint_id"])
            vals["version"] = max(complaint.sudo().plan_ids.mapped("version"), default=0) + 1
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            if set(vals) - PLAN_CONTENT:
                raise UserError(
                    self.env._(
                        "A plan's state, complaint and approvals change only through its buttons."
                    )
                )
            for plan in self:
                if plan.complaint_id.state != "investigating":
                    raise UserError(
                        self.env._(
                            "%s can only change while the complaint is being investigated.",
                            plan.name,
                        )
                    )
                if plan.state not in EDITABLE_STATES:
                    raise UserError(
                        self.env._(
                            "%s is no longer a draft: draft a new version to change it.", plan.name
                        )
                    )
                if not self.env.su:
                    plan.complaint_id._check_role("department")
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_plan_version(self):
        raise UserError(self.env._("Plan versions are kept: they cannot be deleted."))

    def _workflow(self):
        return self.with_context(complaint_workflow=WORKFLOW_TOKEN)

    # ------------------------------------------------------------------ approval chain
    def _get_approval_chain(self):
        """The approvals this plan needs (SPEC step 8): the department manager always; the
        general manager and the supervisor group when the grade says so; compliance when it
        includes compensation, in money or in kind (company setting): the company's dispute
        approver, compliance or the chief risk officer (``_complaint_dispute_approver_role``)."""
        self.ensure_one()
        complaint = self.complaint_id
        grade = complaint.grade_id
        company = complaint.company_id
        manager = complaint.department_id.manager_id.user_id
        if not manager:
            raise UserError(
                self.env._(
                    "The department %s has no manager with a user account: set its manager "
                    "before submitting plans.",
                    complaint.department_id.name,
                )
            )
        chain = [{"role": "department_manager", "user_id": manager.id}]
        if grade.approval_general_manager:
            gm = company.complaint_general_manager_id
            if not gm:
                raise UserError(
                    self.env._(
                        "Set the general manager in Complaints settings: %s plans need "
                        "their approval.",
                        grade.name,
                    )
                )
            chain.append({"role": "general_manager", "user_id": gm.id})
        if grade.approval_supervisor:
            chain.append({"role": "supervisor", "user_id": False})
        if self._offers_compensation() and company.complaint_compensation_compliance:
            chain.append({"role": company._complaint_dispute_approver_role(), "user_id": False})
        # Recusal (回避): an approver with an interest in the complaint is replaced.
        chain = complaint._apply_recusal_substitutes(chain)
        for sequence, line in enumerate(chain, start=1):
            line.update(plan_id=self.id, sequence=sequence * 10)
        return chain

    def action_submit(self):
        """Submit the plan for approval. The investigation must be recorded first."""
        for plan in self:
            complaint = plan.complaint_id
            complaint._check_role("department")
            complaint._check_state("investigating")
            if plan.state not in EDITABLE_STATES:
                raise UserError(self.env._("Only a draft plan can be submitted."))
            missing = [
                label
                for value, label in (
                    (
                        complaint.date_customer_contacted,
                        self.env._("the first contact with the customer"),
                    ),
                    (complaint.facts_found, self.env._("the facts found")),
                    (complaint.root_cause, self.env._("the root cause")),
                    (plan.measures, self.env._("the plan's measures")),
                    (plan.responsible_id, self.env._("the person responsible")),
                    (plan.date_due, self.env._("the due date")),
                )
                if is_blank(value)
            ]
            if missing:
                raise UserError(
                    self.env._("Record before submitting the plan: %s", ", ".join(missing))
                )
            plan.approval_ids.filtered(lambda a: a.state == "pending")._workflow().write(
                {"state": "cancelled"}
            )
            approvals = (
                self.env["complaint.plan.approval"]
                .sudo()
                ._workflow_create(plan._get_approval_chain())
            )
            plan._workflow().write(
                {
                    "state": "to_approve",
                    "grade_id": complaint.grade_id.id,
                    "date_submitted": fields.Datetime.now(),
                }
            )
            complaint._on_plan_submitted(plan)
            approvals.sorted("sequence")[:1]._schedule_activity()
        return True

    def _on_approval_done(self):
        """Called when an approval is given: the next approver's turn, or the plan is
        approved."""
        self.ensure_one()
        pending = self.approval_ids.filtered(lambda a: a.state == "pending").sorted("sequence")
        if pending:
            pending[:1]._schedule_activity()
            return
        self._workflow().write({"state": "approved", "date_approved": fields.Datetime.now()})
        self.complaint_id._on_plan_approved(self)

    def _on_approval_refused(self, note):
        self.ensure_one()
        self.approval_ids.filtered(lambda a: a.state == "pending")._workflow().write(
            {"state": "cancelled"}
        )
        self._workflow().write({"state": "returned"})
        self.complaint_id._on_plan_returned(self)
        self.complaint_id._notify_department(
            self.env._("Plan v%(version)s sent back: %(note)s", version=self.version, note=note)
        )

    # ------------------------------------------------------------------ customer decision
    def _check_customer_decision(self):
        for plan in self:
            plan.complaint_id._check_role("desk")
            plan.complaint_id._check_state("customer")
            if plan.state != "approved":
                raise UserError(self.env._("Only an approved plan is put to the customer."))

    def action_customer_accept(self):
        """SPEC step 9: the customer accepts the plan; the department implements it."""
        self._check_customer_decision()
        for plan in self:
            plan._workflow().write({"state": "accepted", "date_decided": fields.Datetime.now()})
            plan.complaint_id._on_plan_accepted(plan)
        return True

    def _action_customer_refuse(self, note):
        """SPEC step 9: the customer refuses; the department drafts a new version."""
        self._check_customer_decision()
        if not note or not note.strip():
            raise UserError(self.env._("Record why the customer refused the plan."))
        for plan in self:
            plan._workflow().write(
                {
                    "state": "refused",
                    "customer_note": note.strip(),
                    "date_decided": fields.Datetime.now(),
                }
            )
            plan.complaint_id._on_plan_refused(plan)
            plan.complaint_id._notify_department(
                self.env._(
                    "The customer refused plan v%(version)s: %(note)s",
                    version=plan.version,
                    note=note.strip(),
                )
            )
        return True

    def action_approve_current(self):
        """Approve the plan at the level waiting for the current user. Approving again what
        they already approved (a second browser tab, a double click) changes nothing and
        tells them so, instead of an error about the next approver's turn."""
        self.ensure_one()
        pending = self.pending_approval_id
        already = self.sudo().approval_ids.filtered(
            lambda a: a.state == "approved" and a.done_by_id == self.env.user
        )
        if already and not (pending and pending._can_act()):
            return self._already_approved_notification(pending)
        if not pending:
            raise UserError(self.env._("This plan awaits no approval."))
        return pending.action_approve()

    def _already_approved_notification(self, pending):
        """The web client's notice that the current user already approved this plan, with
        whom it waits for now, and a reload of the form they see."""
        if pending:
            message = self.env._(
                "You already approved plan v%(version)s; it now waits for %(approver)s.",
                version=self.version,
                approver=pending._approver_label(),
            )
        else:
            message = self.env._("You already approved plan v%s.", self.version)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "info",
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
