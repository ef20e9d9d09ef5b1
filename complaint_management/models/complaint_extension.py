from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .constants import CONTACT_CHANNELS, WORKFLOW_TOKEN


class ComplaintExtension(models.Model):
    """An extension of a complaint's regulatory time limit (延长处理期限): its reason, who
    asked and when, who approved it and when where approval is needed, the limit before
    and after, and the notice that told the complainant. Kept forever."""

    _name = "complaint.extension"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Time Limit Extension"
    _order = "complaint_id, sequence, id"

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    sequence = fields.Integer("Extension", readonly=True, help="1: first extension, 2: second.")
    regime_extension_id = fields.Many2one(
        "complaint.regime.extension", "Kind", required=True, readonly=True, ondelete="restrict"
    )
    limit_days = fields.Integer("Limit (Days)", readonly=True)
    reason = fields.Text(required=True, readonly=True)
    state = fields.Selection(
        [("to_approve", "Awaiting Approval"), ("granted", "Granted"), ("refused", "Refused")],
        required=True,
        default="to_approve",
        readonly=True,
        index=True,
    )
    requested_by_id = fields.Many2one("res.users", "Asked By", readonly=True)
    date_requested = fields.Datetime("Asked On", readonly=True)
    approval_required = fields.Boolean(readonly=True)
    approver_id = fields.Many2one("res.users", "To Be Approved By", readonly=True)
    approved_by_id = fields.Many2one("res.users", "Decided By", readonly=True)
    date_approved = fields.Datetime("Decided On", readonly=True)
    refusal_note = fields.Text(readonly=True)
    date_limit_before = fields.Datetime("Limit Before", readonly=True)
    date_limit_after = fields.Datetime("Limit After", readonly=True)
    notice_channel = fields.Selection(CONTACT_CHANNELS, "Notice By", readonly=True)
    date_notice = fields.Datetime("Complainant Told On", readonly=True)
    notice_message_id = fields.Many2one("mail.message", "Notice", readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")
    can_approve = fields.Boolean(compute="_compute_can_approve")

    @api.depends_context("uid")
    @api.depends("state", "approver_id")
    def _compute_can_approve(self):
        for extension in self:
            extension.can_approve = extension.state == "to_approve" and (
                extension.approver_id == self.env.user
            )

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            raise UserError(self.env._("Ask for an extension with the 'Extend Time Limit' button."))
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            raise UserError(self.env._("An extension changes only through its buttons."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_extension(self):
        raise UserError(self.env._("Extensions are kept: they cannot be deleted."))

    def _workflow(self):
        return self.with_context(complaint_workflow=WORKFLOW_TOKEN)

    def _check_decidable(self):
        """Only the named approver decides a pending extension, and only before the
        current limit ends: an extension granted late extends nothing."""
        now = fields.Datetime.now()
        for extension in self:
            if extension.state != "to_approve":
                raise UserError(self.env._("This extension was already decided."))
            if not self.env.su and extension.approver_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "This extension is for %s to approve, not for you.",
                        extension.approver_id.name or "-",
                    )
                )
            complaint = extension.sudo().complaint_id
            if complaint.date_regulatory_deadline and complaint.date_regulatory_deadline < now:
                raise UserError(
                    self.env._(
                        "The time limit of %(ref)s ended on %(date)s: an extension must be "
                        "approved and the complainant told before the limit ends.",
                        ref=complaint.name,
                        date=complaint._format_local(complaint.date_regulatory_deadline),
                    )
                )

    def action_approve(self):
        """The higher level approves the extension: the limit moves and the complainant is
        told."""
        self._check_decidable()
        for extension in self:
            extension._workflow().sudo().write(
                {"approved_by_id": self.env.uid, "date_approved": fields.Datetime.now()}
            )
            extension._close_activity()
            extension.sudo().complaint_id._grant_extension(extension.sudo())
        return True

    def _action_refuse(self, note):
        """The higher level refuses the extension: the limit stays."""
        if not note or not note.strip():
            raise UserError(self.env._("Explain why the extension is refused."))
        self._check_user_input([{"refusal_note": note}])
        self._check_decidable()
        for extension in self:
            extension._workflow().sudo().write(
                {
                    "state": "refused",
                    "refusal_note": note.strip(),
                    "approved_by_id": self.env.uid,
                    "date_approved": fields.Datetime.now(),
                }
            )
            extension._close_activity()
            complaint = extension.sudo().complaint_id
            complaint._message_log(
                body=self.env._(
                    "Extension refused by %(user)s: %(note)s",
                    user=self.env.user.name,
                    note=note.strip(),
                )
            )
            complaint._notify_department(
                self.env._("The extension of the time limit was refused: %s", note.strip())
            )
        return True

    def _close_activity(self):
        activities = self.sudo().activity_id.exists()
        if activities:
            activities.action_feedback(feedback=self.env._("Decided."))
