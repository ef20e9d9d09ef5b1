"""Accountability (责任追究, SPEC.md "Accountability"): on a valid complaint, a line per
responsible employee naming the kind of fault, the measure, the fine (checked against the
fault's range), the branch head's share where the rules say so; proposed, then approved or
refused by the supervisor group (never by whoever proposed it); and the employee's appeal
(申诉) with its outcome.

An employee's accountability history is personal data: only supervisors and compliance read
these lines (access rights), never colleagues, the department, the employee's manager, the
desk or the portal."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .complaint_archive_mixin import message_post_context

MEASURES = [
    ("warning", "Warning"),
    ("fine", "Fine"),
    ("sanction", "Administrative Sanction"),
    ("pay_withheld", "Performance Pay Withheld"),
    ("training", "Training"),
    ("dismissal", "Dismissal Proposed"),
]
STATES = [
    ("draft", "Draft"),
    ("proposed", "Proposed"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
APPEAL_STATES = [("none", "No Appeal"), ("pending", "Appeal Pending"), ("decided", "Decided")]
APPEAL_OUTCOMES = [
    ("upheld", "Upheld: Measure Cancelled"),
    ("rejected", "Rejected: Measure Stands"),
    ("modified", "Measure Modified"),
]
# What the line decides: set while it is a draft (or changed by an appeal's outcome).
DECISION_FIELDS = {
    "employee_id",
    "fault_kind_id",
    "measure",
    "fine_amount",
    "branch_head_id",
    "branch_head_fine",
    "note",
    "complaint_id",
}
APPEAL_FIELDS = {"date_appeal", "appeal_reason"}
# What an appeal's outcome "modified" may change on an approved line.
APPEAL_MODIFIES = {"measure", "fine_amount", "branch_head_fine"}
APPEAL_DECISION_FIELDS = {"appeal_outcome", "appeal_decision"}
SUPERVISOR_GROUP = "complaint_management.group_complaint_supervisor"
PROCESS_TOKEN = object()


class ComplaintAccountability(models.Model):
    _name = "complaint.accountability"
    _description = "Accountability of a Responsible Person"
    _inherit = ["mail.thread", "mail.activity.mixin", "complaint.confidential.mixin"]
    _order = "id desc"
    _rec_name = "employee_id"
    _check_company_auto = True
    _input_past_dates = ("date_appeal",)

    complaint_id = fields.Many2one(
        "complaint.complaint",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    employee_id = fields.Many2one(
        "hr.employee",
        "Responsible Employee",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
        tracking=True,
    )
    department_id = fields.Many2one(
        related="employee_id.department_id", string="Employee's Department", store=True
    )
    fault_kind_id = fields.Many2one(
        "complaint.fault.kind",
        "Kind of Fault",
        required=True,
        check_company=True,
        ondelete="restrict",
        tracking=True,
    )
    measure = fields.Selection(MEASURES, required=True, default="warning", tracking=True)
    fine_amount = fields.Monetary(
        "Fine", tracking=True, help="Within the range of the kind of fault."
    )
    fine_range = fields.Char(compute="_compute_fine_range")
    branch_head_shares = fields.Boolean(related="fault_kind_id.branch_head_shares")
    branch_head_id = fields.Many2one(
        "hr.employee",
        check_company=True,
        ondelete="restrict",
        tracking=True,
        help="The head of the employee's branch, who shares the fine where the rules say so.",
    )
    branch_head_fine = fields.Monetary("Branch Head's Fine", tracking=True)
    note = fields.Text("Grounds", help="What the employee did and why this measure.")
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, index=True, tracking=True, copy=False
    )
    proposer_id = fields.Many2one("res.users", "Proposed By", readonly=True, copy=False)
    date_proposed = fields.Datetime("Proposed On", readonly=True, copy=False)
    approver_id = fields.Many2one("res.users", "Decided By", readonly=True, copy=False)
    date_decided = fields.Datetime("Decided On", readonly=True, copy=False)
    # The employee's appeal (申诉), e.g. to the labour union.
    appeal_state = fields.Selection(
        APPEAL_STATES, default="none", required=True, readonly=True, tracking=True, copy=False
    )
    date_appeal = fields.Datetime("Appealed On", copy=False)
    appeal_reason = fields.Text("Grounds of the Appeal", copy=False)
    appeal_outcome = fields.Selection(APPEAL_OUTCOMES, tracking=True, copy=False)
    appeal_decision = fields.Text(copy=False)
    date_appeal_decided = fields.Datetime("Appeal Decided On", readonly=True, copy=False)
    can_decide = fields.Boolean(compute="_compute_can_decide", exportable=False)

    # ================================================================== computes
    @api.depends("fault_kind_id.fine_min", "fault_kind_id.fine_max")
    def _compute_fine_range(self):
        for line in self:
            line.fine_range = line.fault_kind_id._fine_range_label() if line.fault_kind_id else ""

    @api.depends_context("uid")
    @api.depends("state", "proposer_id")
    def _compute_can_decide(self):
        supervisor = self.env.user.has_group(SUPERVISOR_GROUP)
        for line in self:
            line.can_decide = (
                supervisor and line.state == "proposed" and line.proposer_id != self.env.user
            )

    def _compute_display_name(self):
        for line in self:
            line.display_name = (
                f"{line.complaint_id.name or ''} · {line.employee_id.name or ''}".strip(" ·")
            )

    # ================================================================== checks
    @api.constrains("complaint_id")
    def _check_complaint_valid(self):
        for line in self:
            if line.complaint_id.validity != "valid":
                raise ValidationError(
                    self.env._(
                        "%s is not a valid complaint: staff are held accountable only for "
                        "valid complaints.",
                        line.complaint_id.name,
                    )
                )

    @api.constrains("measure", "fine_amount", "fault_kind_id", "branch_head_fine", "branch_head_id")
    def _check_fine(self):
        """A fine within the range of its kind of fault; the branch head's share only where
        the kind says so, within the same range."""
        for line in self:
            kind = line.fault_kind_id
            if line.measure == "fine":
                line._check_in_range(line.fine_amount, line.employee_id)
            elif line.fine_amount:
                raise ValidationError(
                    self.env._("Only a fine has an amount: choose the measure “Fine”.")
                )
            if line.branch_head_fine or line.branch_head_id:
                if not kind.branch_head_shares:
                    raise ValidationError(
                        self.env._("The branch head does not share the fine for “%s”.", kind.name)
                    )
                if line.branch_head_fine:
                    if not line.branch_head_id:
                        raise ValidationError(
                            self.env._("Name the branch head who shares the fine.")
                        )
                    line._check_in_range(line.branch_head_fine, line.branch_head_id)
            if line.branch_head_id and line.branch_head_id == line.employee_id:
                raise ValidationError(
                    self.env._("The branch head sharing the fine is someone else.")
                )

    def _check_in_range(self, amount, employee):
        kind = self.fault_kind_id
        if not kind.fine_min <= amount <= kind.fine_max:
            shown = {
                "amount": format(amount, ",.2f"),
                "min": format(kind.fine_min, ",.0f"),
                "max": format(kind.fine_max, ",.0f"),
            }
            raise ValidationError(
                self.env._(
                    "The fine of %(employee)s (%(amount)s) is outside the range for "
                    "“%(kind)s”: from %(min)s to %(max)s yuan.",
                    employee=employee.name,
                    kind=kind.name,
                    **shown,
                )
            )

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            forbidden = set(vals) & {"state", "appeal_state", "proposer_id", "approver_id"}
            if forbidden and not self.env.su:
                raise UserError(
                    self.env._("A new line starts as a draft: propose it, then have it approved.")
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and self.env.context.get("complaint_accountability") is not (
            PROCESS_TOKEN
        ):
            self._check_editable(set(vals))
        return super().write(vals)

    def _check_editable(self, fnames):
        """What the line decides changes only while it is a draft (or through an appeal's
        outcome); the appeal is recorded on an approved line, its decision while pending."""
        for line in self:
            modifying = (
                line.appeal_state == "pending" and fnames & DECISION_FIELDS <= APPEAL_MODIFIES
            )
            if fnames & DECISION_FIELDS and line.state != "draft" and not modifying:
                raise UserError(
                    self.env._(
                        "The accountability of %(employee)s is %(state)s: what it decides can "
                        "no longer be changed (an appeal may modify it).",
                        employee=line.employee_id.name,
                        state=line._state_label(),
                    )
                )
            if fnames & APPEAL_FIELDS and (line.state != "approved" or line.appeal_state != "none"):
                raise UserError(
                    self.env._(
                        "An appeal is recorded once, against an approved measure (%s).",
                        line.employee_id.name,
                    )
                )
            if fnames & APPEAL_DECISION_FIELDS and line.appeal_state != "pending":
                raise UserError(self.env._("No appeal of %s is pending.", line.employee_id.name))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        if self.filtered(lambda line: line.state != "draft"):
            raise UserError(
                self.env._("Only a draft is deleted: a proposed or decided line stays on record.")
            )

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _process(self):
        return self.with_context(complaint_accountability=PROCESS_TOKEN)

    def message_post(self, **kwargs):
        records = message_post_context(self, kwargs.get("message_type"))
        return super(ComplaintAccountability, records).message_post(**kwargs)

    # ================================================================== the process
    def _check_supervisor(self):
        if not self.env.su and not self.env.user.has_group(SUPERVISOR_GROUP):
            raise AccessError(self.env._("Only the supervisor group decides accountability."))

    def _check_state(self, *states):
        for line in self:
            if line.state not in states:
                raise UserError(
                    self.env._(
                        "The accountability of %(employee)s is %(state)s.",
                        employee=line.employee_id.name,
                        state=line._state_label(),
                    )
                )

    def action_propose(self):
        """Put the draft forward for the supervisor group's approval."""
        self._check_supervisor()
        self._check_state("draft")
        self._process().write(
            {
                "state": "proposed",
                "proposer_id": self.env.uid,
                "date_proposed": fields.Datetime.now(),
            }
        )
        self._notify_deciders()
        return True

    def _notify_deciders(self):
        """Tell the other members of the supervisor group that a line awaits their decision
        (through the mail queue)."""
        group = self.env.ref(SUPERVISOR_GROUP).sudo()
        for line in self.sudo().with_context(mail_notify_force_send=False):
            deciders = group.users.filtered(
                lambda u, c=line.company_id, p=line.proposer_id: (
                    not u.share and c in u.company_ids and u != p
                )
            )
            line.message_post(
                body=self.env._(
                    "Proposed by %(user)s: the accountability of %(employee)s awaits the "
                    "decision of another member of the supervisor group.",
                    user=line.proposer_id.name,
                    employee=line.employee_id.name,
                ),
                partner_ids=deciders.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def _check_decider(self):
        """A supervisor, never the one who proposed the line."""
        self._check_supervisor()
        self._check_state("proposed")
        for line in self:
            if line.proposer_id == self.env.user and not self.env.su:
                raise UserError(
                    self.env._(
                        "You proposed the accountability of %s: another member of the "
                        "supervisor group decides it.",
                        line.employee_id.name,
                    )
                )

    def action_approve(self):
        """Approve the proposed measure (supervisor group, not its proposer)."""
        self._check_decider()
        self._process().write(
            {
                "state": "approved",
                "approver_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
            }
        )
        return True

    def action_refuse(self):
        """Refuse the proposed measure (supervisor group, not its proposer)."""
        self._check_decider()
        self._process().write(
            {
                "state": "refused",
                "approver_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
            }
        )
        return True

    def action_register_appeal(self):
        """Record the employee's appeal (申诉) against an approved measure: its grounds are
        written on the line first."""
        self._check_supervisor()
        self._check_state("approved")
        for line in self:
            if line.appeal_state != "none":
                raise UserError(
                    self.env._("%s already appealed this measure.", line.employee_id.name)
                )
            if not (line.appeal_reason or "").strip():
                raise UserError(self.env._("Write the grounds of the appeal first."))
            vals = {"appeal_state": "pending"}
            if not line.date_appeal:
                vals["date_appeal"] = fields.Datetime.now()
            line._process().write(vals)
        return True

    def action_decide_appeal(self):
        """Record the appeal's outcome: upheld (the measure is cancelled), rejected (it
        stands) or modified (the measure and fine as now written, checked again)."""
        self._check_supervisor()
        for line in self:
            if line.appeal_state != "pending":
                raise UserError(self.env._("No appeal of %s is pending.", line.employee_id.name))
            if not line.appeal_outcome:
                raise UserError(self.env._("Choose the outcome of the appeal first."))
            if not (line.appeal_decision or "").strip():
                raise UserError(self.env._("Write the decision on the appeal first."))
        self._process().write(
            {"appeal_state": "decided", "date_appeal_decided": fields.Datetime.now()}
        )
        return True

    def _action_modify_on_appeal(self, vals):
        """Change the measure or fine of a line whose appeal is pending, as the appeal's
        outcome "modified" requires (checked against the fault's range again)."""
        self._check_supervisor()
        for line in self:
            if line.appeal_state != "pending":
                raise UserError(self.env._("No appeal of %s is pending.", line.employee_id.name))
        if set(vals) - APPEAL_MODIFIES:
            raise UserError(self.env._("An appeal modifies only the measure and the fines."))
        self._check_user_input([vals])
        self._process().write({**vals, "appeal_outcome": "modified"})
        return True
