"""The complaint itself: what was received (SPEC.md step 1), its state, what each role
records on it, and the guard that keeps every field with the role and step it belongs to.

The rest of the model lives beside this file, one concern each:
``complaint_complaint_grading.py`` (grade facts, automatic grading, same-problem groups),
``complaint_complaint_steps.py`` (timed steps and deadlines),
``complaint_complaint_roles.py`` (who may do what, and telling them),
``complaint_complaint_workflow.py`` (steps 2-9: first contact to the customer's decision),
``complaint_complaint_result.py`` (steps 10-15: implementation to archive and objection),
``complaint_complaint_compliance.py`` (compliance routing, public replies),
``complaint_complaint_reporting.py`` (handling time, the filed handling slip),
``complaint_complaint_input.py`` (contact details, files and process dates checked),
``complaint_complaint_regulatory.py``, ``_decision.py``, ``_recusal.py`` (the regulator's
floor), ``complaint_complaint_portal.py``, ``_notice.py``, ``_intake.py`` (the customer's
side: portal, mails, the complaint mailbox).
Confidentiality is ``complaint.confidential.mixin``, which brings the archive lock
(``complaint.archive.mixin``) and the input limits (``complaint.input.mixin``); the analysis
is ``complaint.report`` (``report/complaint_report.py``), the monthly figures
``report/complaint_statistics.py``."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .complaint_archive_mixin import message_post_context
from .complaint_confidential_mixin import RAW_STORAGE_GROUP, search_confidential
from .constants import (
    ARCHIVE_TOKEN,
    COMPLAINT_TYPES,
    CONTACT_CHANNELS,
    DEPARTMENT_STATES,
    OPEN_STATES,
    PROCESS_DATES,
    SATISFACTION,
    STATES,
    WORKFLOW_TOKEN,
)

# Intake data, kept by the service desk.
DESK_FIELDS = {
    "title",
    "description",
    "customer_demand",
    "partner_id",
    "partner_phone",
    "partner_email",
    "partner_address",
    "account_number",
    "concerned_object",
    "channel_id",
    "date_received",
    "receiver_id",
    "feedback_preference",
    "evidence_attachment_ids",
    "complainant_count",
    "media_risk",
    "media_exposed",
    "litigation_risk",
    "litigation_filed",
    "involves_staff_violation",
    "involves_fraud",
    "involves_asset_safety",
    "involves_bribery",
    "category_id",
    "same_problem_id",
    "public_reply",
    # The regulator's intake duties (complaint_complaint_regulatory.py).
    "business_line_id",
    "cause_id",
    "regulator_reference",
    "complainant_role",
    "agent_partner_id",
    "authorisation_attachment_ids",
    "representative_ids",
}
# Findings and measures, kept by the responsible department.
DEPARTMENT_FIELDS = {
    "facts_found",
    "root_cause",
    "responsible_employee_ids",
    "implementation_note",
    "rectification",
    "accountability_note",
}
# Only the action methods write these (they carry WORKFLOW_TOKEN in their context).
WORKFLOW_FIELDS = {
    "name",
    "state",
    "validity",
    "validity_explanation",
    "referred_to",
    "grade_id",
    "department_id",
    "handler_id",
    "first_contact_resolved",
    "first_contact_note",
    "closure_type",
    "is_crisis",
    "origin_complaint_id",
    "complaint_type",
    "audit_required",
    "audit_user_id",
    "audit_comment",
    "feedback_note",
    "feedback_channel",
    "feedback_user_id",
    "contact_note",
    "public_reply_state",
    "public_reply_approver_id",
    "public_reply_requester_id",
    "date_compliance_notified",
    "company_id",
    *PROCESS_DATES,
    # The regulator's floor (complaint_complaint_regulatory.py, _decision.py).
    "identity_verified_by_id",
    "date_identity_verified",
    "date_withdrawn",
    "withdrawal_channel",
    "withdrawal_note",
    "decision_state",
    "decision_attachment_id",
    "date_decision_sent",
    "decision_channel",
    "decision_user_id",
    "date_review_limit",
    "date_privacy_consent",
    "portal_satisfaction",
    "portal_comment",
    "date_portal_answer",
    "date_progress_notice",
    "handling_hours",
    "filed_slip",
    "date_received_local",
    "date_closed_local",
    "steps_late",
    "steps_done",
}
# Kept by whoever works the complaint: the desk or the responsible department.
SHARED_FIELDS = {"assist_department_ids"}
# Technical fields mail and portal may still write on an archived complaint.
ARCHIVE_WRITABLE = {"message_main_attachment_id", "access_token"}


class ComplaintComplaint(models.Model):
    """A customer complaint and its whole handling (SPEC.md steps 1-15)."""

    _name = "complaint.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "complaint.confidential.mixin",
    ]
    _order = "date_received desc, id desc"
    _rec_names_search = ["name", "title"]
    _check_company_auto = True
    _mail_post_access = "read"
    _confidential_complaint_field = False
    _complaint_field = False
    _input_ranges = {"complainant_count": (1, 100_000)}
    _input_lengths = {"partner_phone": 40, "partner_email": 254, "account_number": 64}
    _input_past_dates = ("date_received",)
    _confidential_fields = {
        "partner_phone": "confidential_phone",
        "partner_email": "confidential_email",
        "partner_address": "confidential_address",
        "account_number": "confidential_account",
    }

    # ------------------------------------------------------------------ intake
    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    title = fields.Char("Subject", required=True, tracking=True)
    description = fields.Html("Complaint Content", required=True)
    customer_demand = fields.Text(help="What the customer asks for (诉求).")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Complainant",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    # Confidential data: stored in fields nobody reads directly, shown through the
    # computed fields below only to the people handling the complaint.
    confidential_phone = fields.Char(groups=RAW_STORAGE_GROUP, copy=False)
    confidential_email = fields.Char(groups=RAW_STORAGE_GROUP, copy=False)
    confidential_address = fields.Char(groups=RAW_STORAGE_GROUP, copy=False)
    confidential_account = fields.Char(groups=RAW_STORAGE_GROUP, copy=False)
    partner_phone = fields.Char(
        "Contact Phone",
        compute="_compute_confidential",
        inverse="_inverse_confidential",
        search=search_confidential("partner_phone"),
    )
    partner_email = fields.Char(
        "Contact Email",
        compute="_compute_confidential",
        inverse="_inverse_confidential",
        search=search_confidential("partner_email"),
    )
    partner_address = fields.Char(
        "Contact Address",
        compute="_compute_confidential",
        inverse="_inverse_confidential",
        search=search_confidential("partner_address"),
    )
    account_number = fields.Char(
        "Account / Contract No.",
        compute="_compute_confidential",
        inverse="_inverse_confidential",
        search=search_confidential("account_number"),
        help="Account, contract or order number concerned.",
    )
    confidential_hidden = fields.Boolean(compute="_compute_confidential", exportable=False)
    concerned_object = fields.Char(
        "Object Concerned",
        index=True,
        tracking=True,
        help="Product, service, branch or employee the complaint is about. Complaints about "
        "the same object and category are proposed as the same problem.",
    )
    channel_id = fields.Many2one(
        "complaint.channel", required=True, index=True, tracking=True, ondelete="restrict"
    )
    date_received = fields.Datetime(
        "Received On", required=True, index=True, default=fields.Datetime.now, tracking=True
    )
    receiver_id = fields.Many2one(
        "res.users",
        "Received By",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        help="The employee who received and registered the complaint (受理人).",
    )
    feedback_preference = fields.Selection(
        CONTACT_CHANNELS, "Preferred Feedback Channel", required=True, default="phone"
    )
    evidence_attachment_ids = fields.Many2many(
        "ir.attachment",
        "complaint_complaint_evidence_rel",
        "complaint_id",
        "attachment_id",
        "Evidence",
    )
    complainant_count = fields.Integer(
        "Complainants",
        default=1,
        tracking=True,
        help="Number of people complaining together (collective complaint).",
    )
    media_risk = fields.Boolean("May Reach the Media", tracking=True)
    media_exposed = fields.Boolean(
        "Exposed by the Media",
        tracking=True,
        help="Exposed by the media, seriously harming the company's reputation.",
    )
    litigation_risk = fields.Boolean("May Lead to Litigation", tracking=True)
    litigation_filed = fields.Boolean(tracking=True)
    category_id = fields.Many2one(
        "complaint.category", index=True, tracking=True, check_company=True, ondelete="restrict"
    )
    complaint_type = fields.Selection(
        COMPLAINT_TYPES,
        "Type",
        required=True,
        default="new",
        tracking=True,
    )
    origin_complaint_id = fields.Many2one(
        "complaint.complaint",
        "Original Complaint",
        index=True,
        copy=False,
        check_company=True,
        help="The complaint this re-complaint or objection is about.",
    )
    followup_complaint_ids = fields.One2many(
        "complaint.complaint", "origin_complaint_id", "Re-complaints and Objections"
    )
    followup_count = fields.Integer("Follow-ups", compute="_compute_followup_count")
    state = fields.Selection(
        STATES,
        default="new",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )

    # ------------------------------------------------------------------ the desk's judgement
    validity = fields.Selection(
        [("valid", "Valid"), ("special", "Special"), ("invalid", "Invalid / Out of Scope")],
        index=True,
        tracking=True,
        copy=False,
    )
    validity_explanation = fields.Text(
        "Explanation to the Customer", copy=False, help="Why the complaint is special or invalid."
    )
    referred_to = fields.Char(
        "Competent Body", copy=False, help="Who the customer should address instead."
    )
    first_contact_resolved = fields.Boolean("Resolved on First Contact", copy=False, tracking=True)
    first_contact_note = fields.Text("First-contact Explanation", copy=False)

    # ------------------------------------------------------------------ department
    # Departments, people and grades a complaint was handled by are never deleted from
    # under it (its record, once archived, does not change).
    department_id = fields.Many2one(
        "hr.department",
        "Responsible Department",
        index=True,
        tracking=True,
        copy=False,
        check_company=True,
        ondelete="restrict",
    )
    handler_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        copy=False,
        check_company=True,
        ondelete="restrict",
    )
    assist_department_ids = fields.Many2many(
        "hr.department",
        "complaint_complaint_assist_department_rel",
        "complaint_id",
        "department_id",
        "Assisting Departments",
        copy=False,
        check_company=True,
        ondelete="restrict",
        help="Other departments whose help the handling needs (makes it at least level 3).",
    )
    contact_note = fields.Text("Customer Contact", copy=False)
    facts_found = fields.Html(copy=False)
    root_cause = fields.Text(copy=False)
    responsible_employee_ids = fields.Many2many(
        "hr.employee",
        string="Responsible Employees",
        copy=False,
        check_company=True,
        ondelete="restrict",
    )
    plan_ids = fields.One2many("complaint.plan", "complaint_id", "Plans")
    plan_id = fields.Many2one(
        "complaint.plan", "Current Plan", compute="_compute_plan_id", store=True
    )
    plan_count = fields.Integer(compute="_compute_plan_id", store=True)
    compensation_amount = fields.Monetary(
        compute="_compute_compensation_amount",
        help="Compensation of the plan the customer accepted.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    implementation_note = fields.Text("Implementation", copy=False)
    rectification = fields.Text(
        "Rectification Measures", copy=False, help="What changes so it does not happen again."
    )
    accountability_note = fields.Text(
        "Handling of Responsible Persons",
        copy=False,
        help="What is done to the responsible department and persons.",
    )

    # ------------------------------------------------------------------ audit, feedback, revisit
    audit_required = fields.Boolean(copy=False, readonly=True)
    audit_user_id = fields.Many2one("res.users", "Audited By", copy=False, readonly=True)
    audit_comment = fields.Text(copy=False)
    feedback_note = fields.Text("Feedback Given", copy=False)
    feedback_channel = fields.Selection(CONTACT_CHANNELS, copy=False)
    feedback_user_id = fields.Many2one("res.users", "Feedback By", copy=False, readonly=True)
    revisit_ids = fields.One2many("complaint.revisit", "complaint_id", "Revisits")
    satisfaction = fields.Selection(SATISFACTION, compute="_compute_satisfaction", store=True)
    closure_type = fields.Selection(
        [
            ("first_contact", "Resolved on First Contact"),
            ("invalid", "Invalid"),
            ("special", "Special"),
            ("satisfied", "Closed After Revisit"),
            ("recomplaint", "Re-complaint Opened"),
        ],
        copy=False,
        readonly=True,
    )

    # ------------------------------------------------------------------ process dates
    date_dispatched = fields.Datetime(copy=False, readonly=True)
    date_investigation_started = fields.Datetime(copy=False, readonly=True)
    date_customer_contacted = fields.Datetime(copy=False, readonly=True)
    date_plan_approved = fields.Datetime(copy=False, readonly=True)
    date_customer_accepted = fields.Datetime(copy=False, readonly=True)
    date_implemented = fields.Datetime(copy=False, readonly=True)
    date_audited = fields.Datetime(copy=False, readonly=True)
    date_feedback = fields.Datetime(copy=False, readonly=True)
    date_revisited = fields.Datetime(copy=False, readonly=True)
    date_closed = fields.Datetime(copy=False, readonly=True, index=True)
    date_archived = fields.Datetime(copy=False, readonly=True)

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(name, company_id)",
            "The complaint reference must be unique.",
        ),
        (
            "complainant_count_positive",
            "CHECK(complainant_count >= 1)",
            "A complaint has at least one complainant.",
        ),
    ]

    # ================================================================== computes
    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return res

    @api.depends("followup_complaint_ids")
    def _compute_followup_count(self):
        counts = dict(
            self.env["complaint.complaint"]._read_group(
                [("origin_complaint_id", "in", self.ids)], ["origin_complaint_id"], ["__count"]
            )
        )
        for complaint in self:
            complaint.followup_count = counts.get(complaint, 0)

    @api.depends("plan_ids.version")
    def _compute_plan_id(self):
        for complaint in self:
            plans = complaint.plan_ids.sorted("version")
            complaint.plan_id = plans[-1:]
            complaint.plan_count = len(plans)

    @api.depends_context("uid")
    @api.depends("plan_ids.state", "plan_ids.confidential_compensation")
    def _compute_compensation_amount(self):
        for complaint in self:
            accepted = complaint.plan_ids.filtered(lambda p: p.state == "accepted")
            complaint.compensation_amount = sum(accepted.mapped("compensation_amount"))

    @api.depends("revisit_ids.satisfaction")
    def _compute_satisfaction(self):
        for complaint in self:
            revisits = complaint.revisit_ids.sorted("date")
            complaint.satisfaction = revisits[-1:].satisfaction or False

    def _confidential_logged_fields(self):
        # The accepted plan's compensation is shown on the complaint too.
        return super()._confidential_logged_fields() | {"compensation_amount"}

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        """Register complaints (SPEC step 1): numbered by the company's sequence. The
        other rooms of the model grade them, open their first steps and route them."""
        workflow = self.env.context.get("complaint_workflow") is WORKFLOW_TOKEN
        for vals in vals_list:
            # A form sends every field it shows: empty values and defaults are harmless.
            forbidden = {
                fname
                for fname in set(vals) & WORKFLOW_FIELDS - {"company_id", "name"}
                if vals[fname] and vals[fname] != self._field_default(fname)
            }
            if forbidden and not workflow:
                raise UserError(
                    self.env._(
                        "These fields are set by the process, not when registering: %s",
                        ", ".join(self._field_labels(forbidden)),
                    )
                )
        vals_list = self._number_registrations(vals_list)
        complaints = super(ComplaintComplaint, self.with_context(mail_create_nolog=False)).create(
            vals_list
        )
        return complaints.with_env(self.env)

    def write(self, vals):
        self._check_write(vals)
        return super().write(vals)

    def _check_write(self, vals):
        """Refuse what the process does not allow: editing an archived complaint (for
        everyone, the superuser and the process included, but the archive action's own
        work), writing workflow fields outside the action methods, and editing another
        role's data."""
        fnames = set(vals)
        if not fnames - ARCHIVE_WRITABLE:
            return
        archived = self._archived_complaints()
        if archived:
            raise UserError(
                self.env._(
                    "%s is archived: archived complaints are read-only for everyone.",
                    ", ".join(archived.mapped("name")),
                )
            )
        if self.env.context.get("complaint_workflow") is WORKFLOW_TOKEN:
            return
        forbidden = fnames & WORKFLOW_FIELDS
        if forbidden:
            raise UserError(
                self.env._(
                    "These fields change only through the process buttons: %s",
                    ", ".join(self._field_labels(forbidden)),
                )
            )
        if self.env.su:
            return
        closed = self.filtered(lambda c: c.state == "closed")
        if closed and fnames & (DESK_FIELDS | DEPARTMENT_FIELDS):
            raise UserError(
                self.env._(
                    "%s is closed: only archiving remains.", ", ".join(closed.mapped("name"))
                )
            )
        if "public_reply" in fnames:
            self._check_public_reply_editable()
        desk_changes = fnames & DESK_FIELDS
        if desk_changes and not self.env.user.has_group(
            "complaint_management.group_complaint_desk"
        ):
            raise AccessError(
                self.env._(
                    "Only the service desk changes the registration data (%s).",
                    ", ".join(self._field_labels(desk_changes)),
                )
            )
        if fnames & SHARED_FIELDS:
            for complaint in self:
                if complaint.state not in OPEN_STATES:
                    raise UserError(self.env._("%s is no longer open.", complaint.name))
                if not (
                    self.env.user.has_group("complaint_management.group_complaint_desk")
                    or complaint._is_department_user()
                ):
                    raise AccessError(
                        self.env._("Only those handling %s can change it.", complaint.name)
                    )
        dept_changes = fnames & DEPARTMENT_FIELDS
        if dept_changes:
            for complaint in self:
                if complaint.state not in DEPARTMENT_STATES + ("audit",):
                    raise UserError(
                        self.env._(
                            "%(ref)s is not with the department any more (it is %(state)s).",
                            ref=complaint.name,
                            state=complaint._state_label(),
                        )
                    )
                if not complaint._is_department_user():
                    raise AccessError(
                        self.env._(
                            "Only the responsible department records findings and measures on %s.",
                            complaint.name,
                        )
                    )

    def _field_default(self, fname):
        default = self._fields[fname].default
        return default(self) if default else False

    def _field_labels(self, fnames):
        return sorted(self._fields[f].get_description(self.env)["string"] for f in fnames)

    def _state_label(self):
        self.ensure_one()
        return self._selection_label("state", self.state)

    def _selection_label(self, fname, value):
        """The label of a selection value, in the user's language."""
        return dict(self._fields[fname]._description_selection(self.env)).get(value, value)

    def unlink(self):
        # Access rights first: mail.thread deletes the messages before Odoo checks them.
        self.check_access("unlink")
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_on_record(self):
        raise UserError(
            self.env._("Complaints are never deleted: every complaint stays on record.")
        )

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(
            self.env._(
                "A complaint cannot be duplicated. Register a new one, or use "
                "'Register Objection' to link a follow-up complaint."
            )
        )

    def _workflow(self):
        """This recordset in the context in which workflow fields may be written."""
        return self.with_context(complaint_workflow=WORKFLOW_TOKEN)

    def _archiving(self):
        """This recordset in the context of the archive action's own work, which the
        archive lock lets through (complaint.archive.mixin)."""
        return self.with_context(complaint_archiving=ARCHIVE_TOKEN)

    # ================================================================== chatter
    def message_post(self, **kwargs):
        """A message is always added, to an archived complaint too (a late mail is kept,
        never lost), with its own attachments."""
        records = message_post_context(self, kwargs.get("message_type"))
        return super(ComplaintComplaint, records).message_post(**kwargs)

    def _check_can_update_message_content(self, messages):
        """The messages of an archived complaint are part of its record: they are not
        edited or deleted any more."""
        archived = self._archived_complaints()
        if archived:
            raise UserError(
                self.env._(
                    "%s is archived: its messages can no longer be edited or deleted.",
                    ", ".join(archived.mapped("name")),
                )
            )
        return super()._check_can_update_message_content(messages)

    # ================================================================== navigation
    def action_open_plan(self):
        self.ensure_one()
        if not self.plan_id:
            raise UserError(self.env._("No plan was drafted yet."))
        return self.plan_id._get_records_action(context={})

    def action_view_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_plan_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_complaint_id": self.id}
        return action

    def action_view_followups(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action"
        )
        action["domain"] = [("origin_complaint_id", "=", self.id)]
        action["context"] = {}
        return action
