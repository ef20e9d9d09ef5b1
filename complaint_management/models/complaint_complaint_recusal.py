"""Recusal (回避), under a regulatory regime (SPEC.md "The regulator's floor": the complaint
is handled by someone with no direct interest in it). A handler, approver, auditor or
reviewer who is among the complaint's responsible employees, or who declared an interest,
may not handle, approve, audit or review it: each such step refuses them with a clear
message, the desk reassigns, and a plan approval goes to the substitute set in Settings."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_complaint import DEPARTMENT_FIELDS
from .constants import WORKFLOW_TOKEN


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    recusal_ids = fields.One2many("complaint.recusal", "complaint_id", "Declared Interests")
    recused_user_ids = fields.Many2many(
        "res.users",
        compute="_compute_recused_user_ids",
        string="Recused",
        help="People who may not handle, approve, audit or review this complaint.",
    )

    @api.depends("regime_id", "responsible_employee_ids.user_id", "recusal_ids.user_id")
    def _compute_recused_user_ids(self):
        for complaint in self:
            private = complaint.sudo()
            users = self.env["res.users"]
            if complaint.regime_id:
                users = private._recusal_employees().user_id | private.recusal_ids.user_id
            complaint.recused_user_ids = users

    @api.depends("recusal_ids.user_id", "responsible_employee_ids")
    def _compute_user_rights(self):
        res = super()._compute_user_rights()
        for complaint in self.filtered("regime_id"):
            if complaint.can_department and complaint._recusal_reason(self.env.user):
                complaint.can_department = False
        return res

    # ================================================================== who must recuse
    def _recusal_employees(self):
        """The employees whose interest in the complaint bars them from it: those found
        responsible for it (those complained about belong here too, once recorded)."""
        self.ensure_one()
        return self.sudo().responsible_employee_ids

    def _recusal_reason(self, user, duty=None):
        """Why ``user`` must recuse from this complaint (for ``duty``), or False. Outside a
        regime, nobody."""
        self.ensure_one()
        if not self.regime_id or not user:
            return False
        private = self.sudo()
        if user & private._recusal_employees().user_id:
            return self.env._("is among the employees responsible for it")
        declared = private.recusal_ids.filtered(lambda r: r.user_id == user)[:1]
        if declared:
            return self.env._("declared an interest (%s)", declared.reason)
        if duty == "review" and user == private.handler_id:
            return self.env._("handled it")
        return False

    def _check_recusal(self, user, duty):
        """Refuse ``duty`` ('handle', 'approve', 'audit', 'review') to ``user`` when they
        must recuse."""
        for complaint in self:
            reason = complaint._recusal_reason(user, duty)
            if reason:
                verb, what_next = complaint._recusal_texts(duty)
                raise UserError(
                    self.env._(
                        "%(user)s may not %(duty)s %(ref)s (回避): %(user)s %(reason)s. %(next)s",
                        user=user.name,
                        duty=verb,
                        ref=complaint.name,
                        reason=reason,
                        next=what_next,
                    )
                )

    def _recusal_texts(self, duty):
        """What ``duty`` is called in a refusal, and what to do instead."""
        return {
            "handle": (
                self.env._("handle"),
                self.env._("The service desk can reassign the complaint to another handler."),
            ),
            "approve": (
                self.env._("approve the plan of"),
                self.env._("The substitute approver set in Complaints settings approves it."),
            ),
            "audit": (self.env._("audit"), self.env._("Another supervisor must audit the result.")),
            "review": (
                self.env._("review"),
                self.env._("Set another review officer in Complaints settings."),
            ),
        }[duty]

    def _recusal_substitute(self, role, user):
        """Who approves instead of ``user`` in ``role`` when ``user`` must recuse."""
        self.ensure_one()
        company = self.company_id
        substitute = {
            "department_manager": company.complaint_substitute_manager_id,
            "general_manager": company.complaint_substitute_gm_id,
        }.get(role, self.env["res.users"])
        if not substitute or self._recusal_reason(substitute):
            raise UserError(
                self.env._(
                    "%(user)s may not approve the plan of %(ref)s (回避): %(user)s %(reason)s. "
                    "Set a substitute approver in Complaints settings.",
                    user=user.name,
                    ref=self.name,
                    reason=self._recusal_reason(user) or self._recusal_reason(substitute),
                )
            )
        return substitute

    def _apply_recusal_substitutes(self, chain):
        """The approval chain ``chain`` (list of values) with every named approver who
        must recuse replaced by their role's substitute."""
        self.ensure_one()
        Users = self.env["res.users"]
        for line in chain:
            user = Users.browse(line.get("user_id"))
            if user and self._recusal_reason(user):
                line["user_id"] = self._recusal_substitute(line["role"], user).id
        return chain

    def _reroute_recused_approvals(self):
        """Pending approvals of someone who must now recuse go to the substitute."""
        for complaint in self.filtered("regime_id"):
            pending = complaint.sudo().plan_ids.approval_ids.filtered(
                lambda a, c=complaint: (
                    a.state == "pending" and a.user_id and c._recusal_reason(a.user_id)
                )
            )
            for approval in pending:
                substitute = complaint._recusal_substitute(approval.role, approval.user_id)
                current = approval == approval.plan_id.pending_approval_id
                approval._close_activity()
                approval._workflow().write({"user_id": substitute.id, "activity_id": False})
                if current:
                    approval._schedule_activity()
                complaint._message_log(
                    body=self.env._(
                        "The approval of plan v%(version)s goes to %(user)s (回避).",
                        version=approval.plan_id.version,
                        user=substitute.name,
                    )
                )

    def _warn_recused_handler(self):
        """Tell the desk when the handler must recuse: the complaint needs another one."""
        for complaint in self.filtered(lambda c: c.regime_id and c.handler_id):
            reason = complaint._recusal_reason(complaint.handler_id)
            if reason:
                complaint.sudo().message_post(
                    body=self.env._(
                        "%(user)s may not handle this complaint (回避): %(user)s %(reason)s. "
                        "Reassign it to another handler.",
                        user=complaint.handler_id.name,
                        reason=reason,
                    ),
                    partner_ids=complaint.receiver_id.partner_id.ids,
                    subtype_xmlid="mail.mt_note",
                )

    # ================================================================== declaring an interest
    def _action_declare_interest(self, reason, user=None):
        """Record that ``user`` (default: the current user) has an interest in the
        complaint and recuses from it. Anyone working on it declares for themselves; the
        desk also records it for others."""
        self.ensure_one()
        self._check_regime()
        self._check_state(*self._open_or_closed_states())
        self._require(reason, self.env._("Describe the interest."))
        user = user or self.env.user
        if user != self.env.user:
            self._check_role("desk")
        # Only the process records declared interests (as superuser): check what was given.
        self.env["complaint.recusal"]._check_user_input([{"reason": reason, "user_id": user.id}])
        self.env["complaint.recusal"].sudo().with_context(complaint_workflow=WORKFLOW_TOKEN).create(
            {
                "complaint_id": self.id,
                "user_id": user.id,
                "reason": reason.strip(),
                "declared_by_id": self.env.uid,
            }
        )
        self._message_log(
            body=self.env._(
                "%(user)s recuses from this complaint (回避): %(reason)s",
                user=user.name,
                reason=reason.strip(),
            )
        )
        self._reroute_recused_approvals()
        self._warn_recused_handler()
        return True

    def _open_or_closed_states(self):
        return tuple(s for s, _l in self._fields["state"].selection if s != "archived")

    # ================================================================== where it is checked
    def write(self, vals):
        res = super().write(vals)
        if "responsible_employee_ids" in vals:
            self._reroute_recused_approvals()
            self._warn_recused_handler()
        return res

    def _check_write(self, vals):
        res = super()._check_write(vals)
        if (
            set(vals) & DEPARTMENT_FIELDS
            and not self.env.su
            and self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN
        ):
            self._check_recusal(self.env.user, "handle")
        return res

    def _check_role(self, role):
        res = super()._check_role(role)
        if role == "department" and not self.env.su:
            self._check_recusal(self.env.user, "handle")
        return res

    def _action_dispatch(self, department, handler=None, assist_departments=None, note=None):
        if handler:
            self._check_recusal(handler, "handle")
        return super()._action_dispatch(department, handler, assist_departments, note)

    def _action_reassign(self, handler):
        if handler:
            self._check_recusal(handler, "handle")
        return super()._action_reassign(handler)

    def _action_audit_pass(self, note=None):
        self._check_recusal(self.env.user, "audit")
        return super()._action_audit_pass(note)

    def _action_audit_reject(self, note):
        self._check_recusal(self.env.user, "audit")
        return super()._action_audit_reject(note)
