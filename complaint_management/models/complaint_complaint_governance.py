"""Governance duties of a complaint (SPEC.md "Duties a second reading of the seeds adds"):
the window in which the customer may object to a result and the urgent objection answered
as a timed step, who approves public statements (the company's dispute approver), and the
archive sign-off: the responsible department's head signs the complete record before it is
archived, and the company's archive keeper is recorded on it."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

from .constants import OPEN_STATES, WORKFLOW_TOKEN

# The timed step of an urgent objection (complaint_step_governance.py).
URGENT_OBJECTION_STEP = "objection_urgent"
# An objection is answered once the customer has its result (feedback, or a first-contact
# answer or an explanation that closes it).
ANSWERED_STATES = ("revisit", "closed", "archived")
# Written by the process only (the sign-off and the archive).
SIGNOFF_FIELDS = {"record_signed_by_id", "date_record_signed", "archive_keeper_id"}


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    objection_urgent = fields.Boolean(
        "Urgent Objection",
        tracking=True,
        copy=False,
        help="An urgent objection is answered within the company's working days for urgent "
        "objections (3 by default), as a timed step with its reminders and escalation.",
    )
    record_signer_id = fields.Many2one(
        "res.users",
        "Record Signed Off By",
        compute="_compute_record_signer_id",
        help="The head of the responsible department (of the service desk when no department "
        "handled it): signs the complete record before it is archived.",
    )
    record_signed_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    date_record_signed = fields.Datetime("Record Signed On", readonly=True, copy=False)
    archive_keeper_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    can_sign_record = fields.Boolean(compute="_compute_can_sign_record", exportable=False)
    can_approve_public_reply = fields.Boolean(
        compute="_compute_can_approve_public_reply", exportable=False
    )

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        if any(
            v.get("objection_urgent") and v.get("complaint_type") != "objection" for v in vals_list
        ):
            raise UserError(self.env._("Only an objection to a result can be urgent."))
        complaints = super().create(vals_list)
        complaints.filtered("objection_urgent")._check_urgent_objection()
        complaints.filtered("objection_urgent")._open_steps([URGENT_OBJECTION_STEP])
        return complaints

    def write(self, vals):
        if vals.get("objection_urgent"):
            self._check_urgent_objection()
        res = super().write(vals)
        if "objection_urgent" in vals:
            urgent = self.filtered("objection_urgent")
            (self - urgent)._cancel_steps([URGENT_OBJECTION_STEP])
            urgent.filtered(
                lambda c: (
                    not c.step_ids.filtered(
                        lambda s: s.step_type == URGENT_OBJECTION_STEP and s.state == "open"
                    )
                )
            )._open_steps([URGENT_OBJECTION_STEP])
        if vals.get("state") in ANSWERED_STATES and vals["state"] != "archived":
            self._close_steps([URGENT_OBJECTION_STEP])
        return res

    def _check_write(self, vals):
        res = super()._check_write(vals)
        if self.env.context.get("complaint_workflow") is WORKFLOW_TOKEN:
            return res
        forbidden = set(vals) & SIGNOFF_FIELDS
        if forbidden:
            raise UserError(
                self.env._(
                    "These fields change only through the process buttons: %s",
                    ", ".join(self._field_labels(forbidden)),
                )
            )
        if (
            "objection_urgent" in vals
            and not self.env.su
            and not self.env.user.has_group("complaint_management.group_complaint_desk")
        ):
            raise AccessError(self.env._("Only the service desk marks an objection urgent."))
        return res

    def _check_urgent_objection(self):
        """Only an open objection is urgent."""
        for complaint in self:
            if complaint.complaint_type != "objection":
                raise UserError(
                    self.env._(
                        "%s is not an objection: only an objection to a result can be urgent.",
                        complaint.name,
                    )
                )
            if complaint.state not in OPEN_STATES:
                raise UserError(
                    self.env._("%s is no longer open: it was answered already.", complaint.name)
                )

    # ================================================================== the objection window
    def _objection_result_date(self):
        """When the customer received the result they may object to: the feedback (step
        12), or, for a complaint resolved on first contact, its closing."""
        self.ensure_one()
        return self.date_feedback or (self.first_contact_resolved and self.date_closed) or False

    def _objection_deadline(self):
        """The last moment (naive UTC) an objection to this complaint's result is accepted,
        or False when the company sets no window (or the result is not given yet): the
        window's days counted from the day after the result, the last day ending at 24:00
        and moved past rest days, as the Civil Code counts periods (arts. 201, 203)."""
        self.ensure_one()
        days = self.company_id.complaint_objection_window_days
        result = self._objection_result_date()
        if not days or not result:
            return False
        calendar = self.company_id._get_complaint_calendar()
        return calendar._complaint_legal_deadline(result, days)

    def _check_objection_window(self, when=None):
        """Refuse an objection to this result outside the company's objection window,
        naming the window (SPEC: the testing lab's 10 days after the report)."""
        when = when or fields.Datetime.now()
        for complaint in self:
            deadline = complaint._objection_deadline()
            if deadline and when > deadline:
                raise UserError(
                    self.env._(
                        "%(ref)s can no longer be objected to: an objection is accepted within "
                        "%(days)s days of receiving the result (%(result)s), that is until "
                        "%(deadline)s.",
                        ref=complaint.name,
                        days=complaint.company_id.complaint_objection_window_days,
                        result=format_date(
                            self.env, complaint._local_date(complaint._objection_result_date())
                        ),
                        deadline=format_date(self.env, complaint._local_date(deadline)),
                    )
                )

    def _portal_objection_deadline_text(self):
        """The objection window's last day, as the customer reads it in the portal (empty
        when the company sets no window)."""
        self.ensure_one()
        deadline = self._objection_deadline()
        return format_date(self.env, self._local_date(deadline)) if deadline else ""

    def _local_date(self, moment):
        """The date of the naive-UTC ``moment`` in the company's time zone."""
        self.ensure_one()
        return fields.Datetime.context_timestamp(self.with_context(tz=self._tz()), moment).date()

    def _create_followup(self, complaint_type, note=None):
        # The desk's button, the portal and any RPC caller all register an objection here.
        if complaint_type == "objection":
            self._check_objection_window()
        return super()._create_followup(complaint_type, note)

    # ================================================================== public statements
    @api.depends_context("uid")
    @api.depends("company_id", "public_reply_state")
    def _compute_can_approve_public_reply(self):
        for complaint in self:
            complaint.can_approve_public_reply = (
                complaint.public_reply_state == "to_approve"
                and complaint.company_id._complaint_is_dispute_approver()
            )

    def _check_dispute_approver(self):
        """Refuse unless the current user decides this company's disputes (compliance, or
        the chief risk officer: ``res.company._complaint_dispute_approver_group``)."""
        if self.env.su:
            return
        for complaint in self:
            company = complaint.company_id
            if not company._complaint_is_dispute_approver():
                raise AccessError(
                    self.env._(
                        "Only the %(role)s of %(company)s approves compensation and public "
                        "statements.",
                        role=company._complaint_dispute_approver_group().name,
                        company=company.name,
                    )
                )

    def _notify_dispute_approvers(self, body):
        """Tell the company's dispute approvers that a decision awaits them."""
        for complaint in self:
            users = complaint.company_id._complaint_dispute_approvers()
            complaint.sudo().message_post(
                body=body, partner_ids=users.partner_id.ids, subtype_xmlid="mail.mt_note"
            )

    # ================================================================== archive sign-off
    @api.depends("department_id.manager_id.user_id", "company_id.complaint_desk_department_id")
    def _compute_record_signer_id(self):
        for complaint in self:
            complaint.record_signer_id = complaint._record_signer()

    def _record_signer_department(self):
        """The department whose head signs the record: the responsible department, else
        the service desk."""
        self.ensure_one()
        return self.department_id or self.company_id.complaint_desk_department_id

    def _record_signer(self):
        """Who signs this complaint's complete record before it is archived (SPEC: the
        responsible department's head; the desk's head when no department handled it)."""
        self.ensure_one()
        return self.sudo()._record_signer_department().manager_id.user_id

    @api.depends_context("uid")
    @api.depends("state", "record_signed_by_id", "record_signer_id")
    def _compute_can_sign_record(self):
        for complaint in self:
            complaint.can_sign_record = (
                complaint.state == "closed"
                and not complaint.record_signed_by_id
                and complaint.record_signer_id == self.env.user
            )

    def _signer_label(self):
        """Who must sign, as the user reads it: the person and their department."""
        self.ensure_one()
        department = self.sudo()._record_signer_department()
        signer = self._record_signer()
        if signer:
            return self.env._(
                "%(user)s, head of %(department)s", user=signer.name, department=department.name
            )
        return self.env._("the head of %s", department.name or self.env._("the service desk"))

    def action_sign_record(self):
        """The archive sign-off (SPEC: the responsible department's head signs the complete
        record before it is archived): only on a closed complaint whose handling slip is
        complete, by the head who must sign it. Recorded with the date, tracked."""
        self._check_state("closed")
        for complaint in self:
            if complaint.record_signed_by_id:
                raise UserError(self.env._("The record of %s is signed already.", complaint.name))
            signer = complaint._record_signer()
            if not signer:
                raise UserError(
                    self.env._(
                        "%(ref)s has nobody to sign its record: set the manager of "
                        "%(department)s, with a user account.",
                        ref=complaint.name,
                        department=complaint.sudo()._record_signer_department().name
                        or self.env._("the service desk"),
                    )
                )
            if signer != self.env.user and not self.env.su:
                raise AccessError(
                    self.env._(
                        "The record of %(ref)s is signed by %(signer)s.",
                        ref=complaint.name,
                        signer=complaint._signer_label(),
                    )
                )
            missing = complaint._get_missing_slip_data()
            if missing:
                raise UserError(
                    self.env._(
                        "The record of %(ref)s is not complete yet; the handling slip lacks: "
                        "%(missing)s",
                        ref=complaint.name,
                        missing=", ".join(missing),
                    )
                )
        # The head may be a collaborator without write access to complaints: the signature
        # is theirs, checked above; the write is the process's.
        self.sudo()._workflow().write(
            {"record_signed_by_id": self.env.uid, "date_record_signed": fields.Datetime.now()}
        )
        for complaint in self:
            complaint._message_log(body=self.env._("The complete record is signed."))
        return True

    def action_archive_complaint(self):
        """The archive needs the signed record (refused otherwise, naming who must sign);
        the company's archive keeper is recorded on the complaint, and so on its slip."""
        self._check_role("desk")
        self._check_state("closed")
        for complaint in self:
            if not complaint.record_signed_by_id:
                raise UserError(
                    self.env._(
                        "%(ref)s cannot be archived before its complete record is signed by "
                        "%(signer)s.",
                        ref=complaint.name,
                        signer=complaint._signer_label(),
                    )
                )
        for complaint in self:
            complaint._workflow().write(
                {"archive_keeper_id": complaint.company_id._complaint_archive_keeper().id}
            )
        return super().action_archive_complaint()

    # ================================================================== compensation in kind
    def action_new_plan(self):
        """The next plan version copies the previous version's compensation in kind too."""
        previous = self.plan_id
        action = super().action_new_plan()
        lines = previous.sudo().compensation_line_ids
        if lines:
            plan = self.env["complaint.plan"].browse(action["res_id"])
            self.env["complaint.plan.compensation"].create(
                [
                    {
                        "plan_id": plan.id,
                        "sequence": line.sequence,
                        "kind": line.kind,
                        "description": line.description,
                        "estimated_value": line.confidential_estimated_value,
                    }
                    for line in lines
                ]
            )
        return action

    def _compensation_plan(self):
        """The plan whose compensation the customer is told: the latest approved or
        accepted version."""
        self.ensure_one()
        return (
            self.sudo()
            .plan_ids.filtered(lambda p: p.state in ("approved", "accepted"))
            .sorted("version")[-1:]
        )
