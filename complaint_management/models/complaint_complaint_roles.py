"""Who may do what on a complaint (SPEC.md "Who works in it"): the role checks every
process step makes on the server, the flags the form reads to show its buttons, the
"mine / my department / awaiting my approval" searches, and telling the people of a role."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .complaint_plan_approval import ROLE_GROUPS
from .constants import is_blank


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    can_desk = fields.Boolean(compute="_compute_user_rights", exportable=False)
    can_approve_plan = fields.Boolean(compute="_compute_user_rights", exportable=False)
    can_reassign = fields.Boolean(compute="_compute_user_rights", exportable=False)
    is_mine = fields.Boolean(
        "Mine",
        compute="_compute_user_rights",
        search="_search_is_mine",
        help="Received or handled by me.",
    )
    in_my_department = fields.Boolean(
        "My Department", compute="_compute_user_rights", search="_search_in_my_department"
    )
    awaiting_my_approval = fields.Boolean(
        compute="_compute_user_rights", search="_search_awaiting_my_approval"
    )
    can_department = fields.Boolean(compute="_compute_user_rights", exportable=False)
    can_supervise = fields.Boolean(compute="_compute_user_rights", exportable=False)

    # ================================================================== what the user may do
    @api.depends_context("uid")
    @api.depends("department_id", "handler_id")
    def _compute_user_rights(self):
        is_desk = self.env.user.has_group("complaint_management.group_complaint_desk")
        is_supervisor = self.env.user.has_group("complaint_management.group_complaint_supervisor")
        user = self.env.user
        for complaint in self:
            complaint.can_desk = is_desk
            complaint.can_supervise = is_supervisor
            complaint.can_department = complaint._is_department_user()
            complaint.can_reassign = is_desk or complaint._is_department_manager()
            complaint.can_approve_plan = (
                complaint.state == "approval" and complaint.plan_id.can_approve
            )
            complaint.is_mine = user in (complaint.receiver_id | complaint.handler_id)
            complaint.in_my_department = complaint.department_id in user.complaint_department_ids
            complaint.awaiting_my_approval = complaint.can_approve_plan

    def _search_is_mine(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search."))
        domain = ["|", ("receiver_id", "=", self.env.uid), ("handler_id", "=", self.env.uid)]
        return domain if (operator == "=") == value else ["!", *domain]

    def _search_in_my_department(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search."))
        domain = [("department_id", "in", self.env.user.complaint_department_ids.ids)]
        return domain if (operator == "=") == value else ["!", *domain]

    def _search_awaiting_my_approval(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search."))
        user = self.env.user
        # Only the approvals this user could decide: theirs by name, or by a role they
        # hold (not every pending approval of the company, checked one by one).
        roles = [role for role, group in ROLE_GROUPS.items() if user.has_group(group)]
        candidates = (
            self.env["complaint.plan.approval"]
            .sudo()
            .search(
                [
                    ("state", "=", "pending"),
                    ("plan_id.state", "=", "to_approve"),
                    "|",
                    ("user_id", "=", user.id),
                    "&",
                    ("user_id", "=", False),
                    ("role", "in", roles),
                ]
            )
        )
        ids = [
            a.complaint_id.id
            for a in candidates
            if a == a.plan_id.pending_approval_id and a._can_act(user)
        ]
        domain = [("id", "in", ids)]
        return domain if (operator == "=") == value else ["!", *domain]

    # ================================================================== role checks
    def _check_role(self, role):
        """Refuse the action unless the current user holds ``role`` for this complaint:
        'desk', 'department', 'department_manager' or 'supervisor'."""
        if self.env.su:
            return
        user = self.env.user
        for complaint in self:
            if role == "desk":
                ok = user.has_group("complaint_management.group_complaint_desk")
                msg = self.env._("Only the service desk can do this.")
            elif role == "supervisor":
                ok = user.has_group("complaint_management.group_complaint_supervisor")
                msg = self.env._("Only the supervisor group can do this.")
            elif role == "department_manager":
                ok = complaint._is_department_manager() or user.has_group(
                    "complaint_management.group_complaint_desk"
                )
                msg = self.env._("Only the service desk or the department's manager can do this.")
            else:
                ok = complaint._is_department_user()
                msg = self.env._(
                    "Only the responsible department (%s) can do this.",
                    complaint.department_id.name or "-",
                )
            if not ok:
                raise AccessError(msg)

    def _check_state(self, *states):
        for complaint in self:
            if complaint.state not in states:
                labels = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "%(ref)s is %(state)s; this can only be done when it is %(allowed)s.",
                        ref=complaint.name,
                        state=labels[complaint.state],
                        allowed=" / ".join(labels[s] for s in states),
                    )
                )

    @staticmethod
    def _require(value, message):
        if is_blank(value):
            raise UserError(message)

    def _is_department_user(self, user=None):
        """Whether ``user`` (default: current) works this complaint for its department:
        a member or manager of the responsible department (or a parent), or the handler."""
        self.ensure_one()
        user = user or self.env.user
        if self.handler_id == user:
            return True
        return bool(self.department_id) and self.department_id in user.complaint_department_ids

    def _is_department_manager(self, user=None):
        """Whether ``user`` manages the responsible department (or one of its parents)."""
        self.ensure_one()
        user = user or self.env.user
        department = self.department_id
        while department:
            if department.manager_id.user_id == user:
                return True
            department = department.parent_id
        return False

    # ================================================================== telling people
    def _notify_supervisors(self, body):
        """A note on each complaint to the supervisor group of its company: in their inbox,
        or by a mail through the queue for those who chose mail (never sent from within
        the desk's request)."""
        group = self.env.ref("complaint_management.group_complaint_supervisor")
        for complaint in self.sudo().with_context(mail_notify_force_send=False):
            users = group.sudo().users.filtered(
                lambda u, c=complaint: c.company_id in u.company_ids and u.share is False
            )
            complaint.message_post(
                body=body, partner_ids=users.partner_id.ids, subtype_xmlid="mail.mt_note"
            )

    def _notify_department(self, body):
        """A note on each complaint to its handler and its department's manager, told as
        ``_notify_supervisors`` tells (inbox, or a mail through the queue)."""
        for complaint in self.sudo().with_context(mail_notify_force_send=False):
            partners = (
                complaint.handler_id | complaint.department_id.manager_id.user_id
            ).partner_id
            complaint.message_post(
                body=body, partner_ids=partners.ids, subtype_xmlid="mail.mt_note"
            )
