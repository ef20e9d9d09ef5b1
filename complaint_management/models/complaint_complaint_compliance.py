"""Compliance (SPEC.md "Supervision"): complaints involving staff violations, fraud,
asset safety, bribery, litigation, the media or a regulator go to compliance at once, and
a reply to the media or in public is given only after the company's dispute approver
(compliance, or the chief risk officer) approved it."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from .constants import OPEN_STATES

# Facts recorded at intake that route a complaint to compliance; so does a channel that
# is a regulator's referral or the news media.
COMPLIANCE_FLAGS = (
    "media_exposed",
    "media_risk",
    "litigation_risk",
    "litigation_filed",
    "involves_staff_violation",
    "involves_fraud",
    "involves_asset_safety",
    "involves_bribery",
)
COMPLIANCE_FACTS = {*COMPLIANCE_FLAGS, "channel_id"}


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    involves_staff_violation = fields.Boolean("Staff Violation", tracking=True)
    involves_fraud = fields.Boolean("Fraud", tracking=True)
    involves_asset_safety = fields.Boolean("Asset Safety", tracking=True)
    involves_bribery = fields.Boolean("Bribery", tracking=True)
    is_regulator_referral = fields.Boolean(
        related="channel_id.is_regulator", store=True, string="Regulator Referral"
    )
    compliance_required = fields.Boolean(
        compute="_compute_compliance_required",
        store=True,
        help="Involves staff violations, fraud, asset safety, bribery, litigation, the media or "
        "a regulator: compliance is told at once.",
    )
    date_compliance_notified = fields.Datetime("Compliance Notified", readonly=True, copy=False)
    finding_ids = fields.One2many("complaint.finding", "complaint_id", "Compliance Findings")
    public_reply = fields.Text(
        copy=False,
        help="Statement to the media or in public: needs the approval of the company's "
        "dispute approver (compliance or the chief risk officer) before it is recorded as given.",
    )
    public_reply_state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "Awaiting Approval"),
            ("approved", "Approved"),
            ("given", "Given"),
        ],
        copy=False,
        readonly=True,
        tracking=True,
    )
    public_reply_requester_id = fields.Many2one("res.users", copy=False, readonly=True)
    public_reply_approver_id = fields.Many2one("res.users", copy=False, readonly=True)

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints.filtered("compliance_required")._notify_compliance()
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if set(vals) & COMPLIANCE_FACTS:
            self.filtered(
                lambda c: c.compliance_required and not c.date_compliance_notified
            )._notify_compliance()
        return res

    # ================================================================== compliance routing
    @api.depends(*COMPLIANCE_FLAGS, "is_regulator_referral", "channel_id.is_media")
    def _compute_compliance_required(self):
        for c in self:
            c.compliance_required = (
                any(c[fname] for fname in COMPLIANCE_FLAGS)
                or c.is_regulator_referral
                or c.channel_id.is_media
            )

    def _notify_compliance(self):
        """Tell the compliance officers at once (SPEC: supervision)."""
        if not self:
            return
        officers = self.env.ref("complaint_management.group_complaint_compliance").sudo().users
        now = fields.Datetime.now()
        body = self.env._(
            "This complaint involves a compliance matter and was routed to compliance."
        )
        # One subscription per company for its batch, one note per complaint.
        for company, complaints in self.sudo().grouped("company_id").items():
            partners = officers.filtered(lambda u, c=company: c in u.company_ids).partner_id
            complaints.message_subscribe(partner_ids=partners.ids)
            note = {"body": body, "partner_ids": partners.ids, "subtype_xmlid": "mail.mt_note"}
            complaints._message_post_batch(dict.fromkeys(complaints.ids, note))
        self.sudo()._workflow().write({"date_compliance_notified": now})

    # ================================================================== public replies
    def _check_public_reply_editable(self):
        """What the dispute approver approved is what is given: once submitted, the reply
        is fixed."""
        locked = self.filtered(
            lambda c: c.public_reply_state in ("to_approve", "approved", "given")
        )
        if locked:
            raise UserError(
                self.env._(
                    "The public reply of %s was submitted for approval: it can no longer "
                    "be changed.",
                    ", ".join(locked.mapped("name")),
                )
            )

    def action_request_public_reply(self):
        """Media complaints: a public reply needs the approval of the company's dispute
        approver first (compliance, or the chief risk officer: ``res.company.
        _complaint_dispute_approver_group``)."""
        self._check_role("desk")
        self._check_state(*OPEN_STATES)
        for complaint in self:
            complaint._require(complaint.public_reply, self.env._("Write the public reply first."))
        self._workflow().write(
            {"public_reply_state": "to_approve", "public_reply_requester_id": self.env.uid}
        )
        self._notify_dispute_approvers(self.env._("A public reply awaits your approval."))
        return True

    def action_approve_public_reply(self):
        """The company's dispute approver approves the public reply as written."""
        self._check_dispute_approver()
        for complaint in self:
            if complaint.public_reply_state != "to_approve":
                raise UserError(self.env._("No public reply awaits approval."))
            if complaint.public_reply_requester_id == self.env.user and not self.env.su:
                raise UserError(
                    self.env._("Someone else must approve a public reply you requested.")
                )
        # The dispute approver (compliance) may not write complaints: the approval is theirs,
        # checked above, the write the process's.
        self.sudo()._workflow().write(
            {"public_reply_state": "approved", "public_reply_approver_id": self.env.uid}
        )
        return True

    def action_record_public_reply(self):
        """Record that the approved public reply was given."""
        self._check_role("desk")
        for complaint in self:
            if complaint.public_reply_state != "approved":
                raise UserError(
                    self.env._("A public reply may be recorded only after it was approved.")
                )
        self._workflow().write({"public_reply_state": "given"})
        self._message_log(body=self.env._("Approved public reply given."))
        return True
