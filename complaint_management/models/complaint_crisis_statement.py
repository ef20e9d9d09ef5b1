"""The crisis's log of media statements (对外口径): drafted, approved by a crisis team lead
other than its author, then released; none is released unapproved."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .constants import WORKFLOW_TOKEN

STATEMENT_STATES = [("draft", "Draft"), ("approved", "Approved"), ("released", "Released")]
STATEMENT_CHANNELS = [
    ("press", "Press Release"),
    ("interview", "Interview"),
    ("social", "Social Media"),
    ("website", "Company Website"),
    ("regulator", "To the Regulator"),
    ("other", "Other"),
]
STATEMENT_PROCESS_FIELDS = {
    "state",
    "author_id",
    "approver_id",
    "date_approved",
    "date_released",
}


class ComplaintCrisisStatement(models.Model):
    """A statement to the media or the public about a crisis."""

    _name = "complaint.crisis.statement"
    _inherit = ["mail.thread", "complaint.input.mixin"]
    _description = "Crisis Media Statement"
    _order = "id desc"
    _check_company_auto = True

    crisis_id = fields.Many2one(
        "complaint.crisis", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="crisis_id.company_id", store=True, index=True)
    text = fields.Text("Statement", required=True, tracking=True)
    channel = fields.Selection(STATEMENT_CHANNELS, required=True, default="press", tracking=True)
    author_id = fields.Many2one(
        "res.users", required=True, readonly=True, default=lambda self: self.env.user
    )
    state = fields.Selection(
        STATEMENT_STATES, default="draft", required=True, readonly=True, index=True, tracking=True
    )
    approver_id = fields.Many2one("res.users", "Approved By", readonly=True, copy=False)
    date_approved = fields.Datetime("Approved On", readonly=True, copy=False)
    date_released = fields.Datetime("Released On", readonly=True, copy=False)
    can_approve = fields.Boolean(compute="_compute_can_approve")

    @api.depends_context("uid")
    @api.depends("state", "author_id")
    def _compute_can_approve(self):
        for statement in self:
            statement.can_approve = statement.state == "draft" and statement._can_approve(
                self.env.user
            )

    def write(self, vals):
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            if set(vals) & STATEMENT_PROCESS_FIELDS:
                raise UserError(
                    self.env._("A statement is approved and released only through its buttons.")
                )
            if self.filtered(lambda s: s.state != "draft") and not self.env.su:
                raise UserError(
                    self.env._(
                        "An approved or released statement no longer changes: write a new one."
                    )
                )
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        """A statement is drafted, signed by its author (the user writing it)."""
        if not self.env.su:
            for vals in vals_list:
                forbidden = {
                    f
                    for f in set(vals) & (STATEMENT_PROCESS_FIELDS - {"author_id"})
                    if vals[f] and vals[f] != "draft"
                }
                if forbidden or vals.get("author_id", self.env.uid) != self.env.uid:
                    raise UserError(self.env._("A statement is drafted by its author."))
                vals["author_id"] = self.env.uid
        return super().create(vals_list)

    # ================================================================== the approval rule
    def _can_approve(self, user):
        """Whether ``user`` may approve this statement: a lead of its company's crisis team
        who is not its author and who holds the company's role that decides disputes and
        public statements (compliance by default, the chief risk officer where the company
        names one: ``res.company._complaint_is_dispute_approver``)."""
        self.ensure_one()
        return (
            user != self.author_id
            and user in self.company_id._complaint_crisis_leads()
            and self.company_id._complaint_is_dispute_approver(user)
        )

    def _approval_refusal(self, user):
        """Why ``user`` may not approve this statement (a sentence), or None."""
        self.ensure_one()
        if user == self.author_id:
            return self.env._(
                "You wrote this statement: another lead of the crisis team must approve it."
            )
        if user not in self.company_id._complaint_crisis_leads():
            return self.env._("Only a lead of the crisis team may approve a media statement.")
        if not self._can_approve(user):
            return self.env._(
                "A media statement is approved by a crisis team lead who also decides "
                "%(company)s's public statements (%(role)s).",
                company=self.company_id.name,
                role=self.company_id._complaint_dispute_approver_group().name,
            )
        return None

    def action_approve(self):
        """A crisis team lead other than the author approves the statement."""
        user = self.env.user
        for statement in self:
            if statement.state != "draft":
                raise UserError(self.env._("Only a draft statement can be approved."))
            refusal = statement._approval_refusal(user)
            if refusal:
                raise UserError(refusal)
        self.sudo().with_context(complaint_workflow=WORKFLOW_TOKEN).write(
            {"state": "approved", "approver_id": user.id, "date_approved": fields.Datetime.now()}
        )
        return True

    def action_release(self):
        """Release an approved statement (it is published); a draft is refused."""
        for statement in self:
            if statement.state != "approved":
                raise UserError(
                    self.env._(
                        "A statement is released only after a crisis team lead other than its "
                        "author has approved it."
                    )
                )
            statement.crisis_id._check_can_handle()
        self.sudo().with_context(complaint_workflow=WORKFLOW_TOKEN).write(
            {"state": "released", "date_released": fields.Datetime.now()}
        )
        for statement in self:
            statement.crisis_id.sudo()._message_log(
                body=self.env._(
                    "Media statement released (%(channel)s): %(text)s",
                    channel=dict(self._fields["channel"]._description_selection(self.env)).get(
                        statement.channel
                    ),
                    text=statement.text,
                )
            )
        return True

    def action_reset_draft(self):
        """Back to draft to change an approved statement not yet released (approval again)."""
        for statement in self:
            if statement.state != "approved":
                raise UserError(self.env._("Only an approved, unreleased statement goes back."))
            statement.crisis_id._check_can_handle()
        self.sudo().with_context(complaint_workflow=WORKFLOW_TOKEN).write(
            {"state": "draft", "approver_id": False, "date_approved": False}
        )
        return True
