from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .constants import WORKFLOW_TOKEN

ROLE_GROUPS = {
    "supervisor": "complaint_management.group_complaint_supervisor",
    "compliance": "complaint_management.group_complaint_compliance",
    "cro": "complaint_management.group_complaint_cro",
}


class ComplaintPlanApproval(models.Model):
    """One approval a plan needs, in order: the department manager, the general manager,
    the supervisor group, compliance. Approved or sent back with a comment; kept forever."""

    _name = "complaint.plan.approval"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Plan Approval"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one("complaint.plan", required=True, ondelete="cascade", index=True)
    complaint_id = fields.Many2one(
        related="plan_id.complaint_id", store=True, index=True, string="Complaint"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    role = fields.Selection(
        [
            ("department_manager", "Department Manager"),
            ("general_manager", "General Manager"),
            ("supervisor", "Supervisor Group"),
            ("compliance", "Compliance"),
            ("cro", "Chief Risk Officer"),
        ],
        required=True,
    )
    user_id = fields.Many2one(
        "res.users",
        "Approver",
        index=True,
        ondelete="restrict",
        help="Empty: any member of the role's group.",
    )
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Sent Back"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        index=True,
    )
    comment = fields.Text()
    done_by_id = fields.Many2one("res.users", "Decided By", readonly=True, ondelete="restrict")
    date_done = fields.Datetime("Decided On", readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")

    @api.model_create_multi
    def create(self, vals_list):
        # The approval chain is the plan's, made when it is submitted: never forged, not
        # even as superuser.
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            raise UserError(self.env._("Approvals are created when the plan is submitted."))
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            raise UserError(self.env._("Approvals change only through Approve or Send Back."))
        return super().write(vals)

    @api.model
    def _workflow_create(self, vals_list):
        return self.with_context(complaint_workflow=WORKFLOW_TOKEN).create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approval(self):
        raise UserError(self.env._("Approvals are kept: they cannot be deleted."))

    def _workflow(self):
        return self.with_context(complaint_workflow=WORKFLOW_TOKEN)

    def _can_act(self, user=None):
        """Whether ``user`` (default: current) may decide this approval."""
        self.ensure_one()
        user = user or self.env.user
        if self.sudo().plan_id.complaint_id._recusal_reason(user):
            return False
        if self.user_id:
            return self.user_id == user
        group = ROLE_GROUPS.get(self.role)
        return bool(group) and user.has_group(group)

    def _check_can_act(self):
        for approval in self:
            if approval.state != "pending":
                raise UserError(self.env._("This approval was already decided."))
            first = (
                approval.sudo()
                .plan_id.approval_ids.filtered(lambda a: a.state == "pending")
                .sorted("sequence")[:1]
            )
            if approval.id != first.id:
                raise UserError(
                    self.env._("Approvals go in order: %s decides first.", first._approver_label())
                )
            if approval.sudo().plan_id.complaint_id.state != "approval":
                raise UserError(self.env._("The complaint is not waiting for a plan approval."))
            # Recusal (回避): someone with an interest in the complaint does not approve it.
            approval.sudo().plan_id.complaint_id._check_recusal(self.env.user, "approve")
            if not approval._can_act():
                raise AccessError(
                    self.env._("This approval is for %s, not for you.", approval._approver_label())
                )

    def _selection_label_role(self):
        self.ensure_one()
        return dict(self._fields["role"]._description_selection(self.env))[self.role]

    def _approver_label(self):
        self.ensure_one()
        if self.user_id:
            return self.user_id.name
        return dict(self._fields["role"]._description_selection(self.env))[self.role]

    def action_approve(self):
        """Approve the plan at this level."""
        self._check_can_act()
        for approval in self:
            approval._workflow().sudo().write(
                {
                    "state": "approved",
                    "done_by_id": self.env.uid,
                    "date_done": fields.Datetime.now(),
                }
            )
            approval._close_activity()
            approval.plan_id.complaint_id.sudo()._message_log(
                body=self.env._(
                    "Plan v%(version)s approved by %(user)s (%(role)s).",
                    version=approval.plan_id.version,
                    user=self.env.user.name,
                    role=approval._selection_label_role(),
                )
            )
            approval.plan_id.sudo()._on_approval_done()
        return True

    def _action_send_back(self, note):
        """Send the plan back to the department with a comment."""
        if not note or not note.strip():
            raise UserError(self.env._("Explain why the plan is sent back."))
        self._check_can_act()
        for approval in self:
            approval._workflow().sudo().write(
                {
                    "state": "rejected",
                    "comment": note.strip(),
                    "done_by_id": self.env.uid,
                    "date_done": fields.Datetime.now(),
                }
            )
            approval._close_activity()
            approval.plan_id.sudo()._on_approval_refused(note.strip())
        return True

    def _schedule_activity(self):
        """Give the approver (or the supervisor group's lead) a to-do on the complaint."""
        for approval in self:
            complaint = approval.plan_id.complaint_id
            user = approval.user_id
            if not user and approval.role == "supervisor":
                user = complaint.company_id.complaint_supervisor_id
            if not user:
                continue
            activity = complaint.sudo().activity_schedule(
                "complaint_management.mail_activity_type_complaint_approval",
                user_id=user.id,
                summary=self.env._("Approve plan v%s", approval.plan_id.version),
            )
            approval._workflow().sudo().write({"activity_id": activity.id})

    def _close_activity(self):
        activities = self.sudo().activity_id.exists()
        if activities:
            activities.action_feedback(feedback=self.env._("Decided."))
