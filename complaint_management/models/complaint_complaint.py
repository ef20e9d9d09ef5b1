import logging
import random
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import split_every

from .constants import CONTACT_CHANNELS, SATISFACTION, SATISFIED_MIN, WORKFLOW_TOKEN, is_blank

_logger = logging.getLogger(__name__)

STATES = [
    ("new", "Registered"),
    ("dispatched", "Dispatched"),
    ("investigating", "Investigating"),
    ("approval", "Plan Approval"),
    ("customer", "Customer Decision"),
    ("implementing", "Implementing"),
    ("audit", "Result Audit"),
    ("feedback", "Feedback"),
    ("revisit", "Revisit"),
    ("closed", "Closed"),
    ("archived", "Archived"),
]
OPEN_STATES = (
    "new",
    "dispatched",
    "investigating",
    "approval",
    "customer",
    "implementing",
    "audit",
    "feedback",
    "revisit",
)
# States in which the responsible department works the complaint.
DEPARTMENT_STATES = ("dispatched", "investigating", "approval", "customer", "implementing")

# Facts the automatic grading reads: a change to any of them re-evaluates the grade.
GRADING_FACTS = {
    "media_exposed",
    "media_risk",
    "litigation_risk",
    "litigation_filed",
    "complainant_count",
    "assist_department_ids",
    "same_problem_id",
    "validity",
}
# Facts that route a complaint to compliance.
COMPLIANCE_FACTS = {
    "media_exposed",
    "media_risk",
    "litigation_risk",
    "litigation_filed",
    "involves_staff_violation",
    "involves_fraud",
    "involves_asset_safety",
    "involves_bribery",
    "channel_id",
}
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
    "compliance_notified",
    "company_id",
    "date_dispatched",
    "date_investigation_started",
    "date_customer_contacted",
    "date_plan_approved",
    "date_customer_accepted",
    "date_implemented",
    "date_audited",
    "date_feedback",
    "date_revisited",
    "date_closed",
    "date_archived",
}
# Kept by whoever works the complaint: the desk or the responsible department.
SHARED_FIELDS = {"assist_department_ids"}
# Raw confidential values: nobody is in this group; the computed fields read them as sudo.
RAW_STORAGE_GROUP = "complaint_management.group_complaint_raw_storage"
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
        search="_search_partner_phone",
    )
    partner_email = fields.Char(
        "Contact Email",
        compute="_compute_confidential",
        inverse="_inverse_confidential",
        search="_search_partner_email",
    )
    partner_address = fields.Char(
        "Contact Address",
        compute="_compute_confidential",
        inverse="_inverse_confidential",
        search="_search_partner_address",
    )
    account_number = fields.Char(
        "Account / Contract No.",
        compute="_compute_confidential",
        inverse="_inverse_confidential",
        search="_search_account_number",
        help="Account, contract or order number concerned.",
    )
    compensation_amount = fields.Monetary(
        compute="_compute_compensation_amount",
        help="Compensation of the plan the customer accepted.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
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
        index=True,
        help="Involves staff violations, fraud, asset safety, bribery, litigation, the media or "
        "a regulator: compliance is told at once.",
    )
    compliance_notified = fields.Datetime(readonly=True, copy=False)
    complaint_type = fields.Selection(
        [("new", "First Complaint"), ("recomplaint", "Re-complaint"), ("objection", "Objection")],
        "Type",
        required=True,
        default="new",
        index=True,
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

    # ------------------------------------------------------------------ validity, grading
    state = fields.Selection(
        STATES,
        default="new",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    category_id = fields.Many2one(
        "complaint.category", index=True, tracking=True, check_company=True, ondelete="restrict"
    )
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
    first_contact_resolved = fields.Boolean(
        "Resolved on First Contact", index=True, copy=False, tracking=True
    )
    first_contact_note = fields.Text("First-contact Explanation", copy=False)
    grade_id = fields.Many2one(
        "complaint.grade", index=True, tracking=True, copy=False, check_company=True
    )
    grade_level = fields.Integer(related="grade_id.level", store=True, index=True)
    severity = fields.Selection(related="grade_id.severity", store=True)
    grade_proposed_level = fields.Integer(
        "Level From Facts",
        compute="_compute_grade_proposed",
        help="Level the recorded facts call for.",
    )
    grade_proposed_reason = fields.Text(compute="_compute_grade_proposed")
    grade_history_ids = fields.One2many("complaint.grade.history", "complaint_id")
    is_crisis = fields.Boolean("Crisis", index=True, tracking=True, copy=False)

    # ------------------------------------------------------------------ same problem
    same_problem_id = fields.Many2one(
        "complaint.complaint",
        "Same Problem As",
        index=True,
        copy=False,
        check_company=True,
        help="Links complaints about the same underlying problem: they are counted together "
        "for the repeat and multi-complainant grading rules.",
    )
    problem_root_id = fields.Many2one(
        "complaint.complaint", compute="_compute_problem_root_id", store=True, index=True
    )
    problem_complaint_ids = fields.Many2many(
        "complaint.complaint", compute="_compute_problem_complaint_ids", string="Same Problem"
    )
    similar_complaint_ids = fields.Many2many(
        "complaint.complaint",
        compute="_compute_similar_complaint_ids",
        string="Possibly the Same Problem",
    )
    is_repeat = fields.Boolean(
        "Repeat After Handling",
        compute="_compute_is_repeat",
        store=True,
        index=True,
        help="Received after an earlier complaint about the same problem had been handled.",
    )

    # ------------------------------------------------------------------ department
    department_id = fields.Many2one(
        "hr.department",
        "Responsible Department",
        index=True,
        tracking=True,
        copy=False,
        check_company=True,
    )
    handler_id = fields.Many2one(
        "res.users", index=True, tracking=True, copy=False, check_company=True
    )
    assist_department_ids = fields.Many2many(
        "hr.department",
        "complaint_complaint_assist_department_rel",
        "complaint_id",
        "department_id",
        "Assisting Departments",
        copy=False,
        help="Other departments whose help the handling needs (makes it at least level 3).",
    )
    contact_note = fields.Text("Customer Contact", copy=False)
    facts_found = fields.Html(copy=False)
    root_cause = fields.Text(copy=False)
    responsible_employee_ids = fields.Many2many(
        "hr.employee", string="Responsible Employees", copy=False
    )
    plan_ids = fields.One2many("complaint.plan", "complaint_id", "Plans")
    plan_id = fields.Many2one(
        "complaint.plan", "Current Plan", compute="_compute_plan_id", store=True
    )
    plan_count = fields.Integer(compute="_compute_plan_id", store=True)
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
    satisfaction = fields.Selection(
        SATISFACTION, compute="_compute_satisfaction", store=True, index=True
    )
    closure_type = fields.Selection(
        [
            ("first_contact", "Resolved on First Contact"),
            ("invalid", "Invalid"),
            ("special", "Special"),
            ("satisfied", "Closed After Revisit"),
            ("recomplaint", "Re-complaint Opened"),
        ],
        index=True,
        copy=False,
        readonly=True,
    )
    public_reply = fields.Text(
        copy=False,
        help="Statement to the media or in public: needs a "
        "supervisor's approval before it is recorded as given.",
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
    finding_ids = fields.One2many("complaint.finding", "complaint_id", "Compliance Findings")
    escalation_ids = fields.One2many("complaint.escalation", "complaint_id", "Escalations")

    # ------------------------------------------------------------------ process dates
    date_dispatched = fields.Datetime(copy=False, readonly=True, index=True)
    date_investigation_started = fields.Datetime(copy=False, readonly=True)
    date_customer_contacted = fields.Datetime(copy=False, readonly=True)
    date_plan_approved = fields.Datetime(copy=False, readonly=True)
    date_customer_accepted = fields.Datetime(copy=False, readonly=True)
    date_implemented = fields.Datetime(copy=False, readonly=True)
    date_audited = fields.Datetime(copy=False, readonly=True)
    date_feedback = fields.Datetime(copy=False, readonly=True, index=True)
    date_revisited = fields.Datetime(copy=False, readonly=True)
    date_closed = fields.Datetime(copy=False, readonly=True, index=True)
    date_archived = fields.Datetime(copy=False, readonly=True)

    # ------------------------------------------------------------------ deadlines
    step_ids = fields.One2many("complaint.step", "complaint_id", "Steps")
    date_deadline = fields.Datetime(
        "Next Deadline", compute="_compute_deadlines", store=True, index=True
    )
    date_at_risk = fields.Datetime(compute="_compute_deadlines", store=True, index=True)
    deadline_status = fields.Selection(
        [("on_time", "On Time"), ("at_risk", "At Risk"), ("overdue", "Overdue")],
        compute="_compute_deadline_status",
        search="_search_deadline_status",
    )
    is_overdue = fields.Boolean(compute="_compute_deadline_status", search="_search_is_overdue")

    # ------------------------------------------------------------------ what the user may do
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

    @api.depends(
        "media_exposed",
        "media_risk",
        "litigation_risk",
        "litigation_filed",
        "involves_staff_violation",
        "involves_fraud",
        "involves_asset_safety",
        "involves_bribery",
        "is_regulator_referral",
        "channel_id.is_media",
    )
    def _compute_compliance_required(self):
        for c in self:
            c.compliance_required = any(
                (
                    c.media_exposed,
                    c.media_risk,
                    c.litigation_risk,
                    c.litigation_filed,
                    c.involves_staff_violation,
                    c.involves_fraud,
                    c.involves_asset_safety,
                    c.involves_bribery,
                    c.is_regulator_referral,
                    c.channel_id.is_media,
                )
            )

    @api.depends("same_problem_id")
    def _compute_problem_root_id(self):
        for complaint in self:
            complaint.problem_root_id = complaint.same_problem_id or complaint

    @api.depends("problem_root_id")
    def _compute_problem_complaint_ids(self):
        roots = self.problem_root_id
        members = self.search([("problem_root_id", "in", roots.ids)]) if roots else self.browse()
        for complaint in self:
            complaint.problem_complaint_ids = members.filtered(
                lambda m, c=complaint: m.problem_root_id == c.problem_root_id and m != c
            )

    @api.depends("category_id", "concerned_object", "date_received", "problem_root_id")
    def _compute_similar_complaint_ids(self):
        for complaint in self:
            complaint.similar_complaint_ids = complaint._find_similar_complaints()

    def _find_similar_complaints(self, days=None):
        """Candidates for "same problem": same category and object, received in the window
        before this complaint (30 days by default), not yet in its problem group."""
        self.ensure_one()
        if not (self.category_id and self.concerned_object and self.date_received):
            return self.browse()
        days = days or self.company_id.complaint_same_problem_days or 30
        domain = [
            ("company_id", "=", self.company_id.id),
            ("category_id", "=", self.category_id.id),
            ("concerned_object", "=ilike", self.concerned_object.strip()),
            ("date_received", ">=", self.date_received - timedelta(days=days)),
            ("date_received", "<=", self.date_received),
        ]
        if self.id:
            domain += [("id", "!=", self.id), ("problem_root_id", "!=", self.problem_root_id.id)]
        return self.search(domain, limit=10)

    @api.depends("problem_root_id", "date_received")
    def _compute_is_repeat(self):
        roots = self.problem_root_id
        handled = {}
        if roots:
            for root, first in self.env["complaint.complaint"]._read_group(
                [("problem_root_id", "in", roots.ids), ("date_feedback", "!=", False)],
                ["problem_root_id"],
                ["date_feedback:min"],
            ):
                handled[root.id] = first
        for complaint in self:
            first = handled.get(complaint.problem_root_id.id)
            complaint.is_repeat = bool(
                first and complaint.date_received and complaint.date_received >= first
            )

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

    @api.depends("step_ids.date_deadline", "step_ids.date_at_risk", "step_ids.state")
    def _compute_deadlines(self):
        for complaint in self:
            steps = complaint.step_ids.filtered(lambda s: s.state == "open" and s.date_deadline)
            complaint.date_deadline = min(steps.mapped("date_deadline"), default=False)
            complaint.date_at_risk = min(steps.mapped("date_at_risk"), default=False)

    @api.depends("date_deadline", "date_at_risk")
    def _compute_deadline_status(self):
        now = fields.Datetime.now()
        for complaint in self:
            if complaint.date_deadline and complaint.date_deadline < now:
                status = "overdue"
            elif complaint.date_at_risk and complaint.date_at_risk <= now:
                status = "at_risk"
            else:
                status = "on_time"
            complaint.deadline_status = status
            complaint.is_overdue = status == "overdue"

    def _search_deadline_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the deadline status."))
        values = {value} if isinstance(value, str) else set(value or [])
        now = fields.Datetime.now()
        by_status = {
            "overdue": [("date_deadline", "<", now)],
            "at_risk": [("date_deadline", ">=", now), ("date_at_risk", "<=", now)],
            "on_time": [
                "|",
                ("date_deadline", "=", False),
                "&",
                ("date_deadline", ">=", now),
                "|",
                ("date_at_risk", "=", False),
                ("date_at_risk", ">", now),
            ],
        }
        domain = expression.OR([by_status[v] for v in values if v in by_status] or [[(0, "=", 1)]])
        if operator in ("!=", "not in"):
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on overdue complaints."))
        overdue = (operator == "=") == bool(value)
        return self._search_deadline_status("=" if overdue else "!=", "overdue")

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
        pending = (
            self.env["complaint.plan.approval"]
            .sudo()
            .search([("state", "=", "pending"), ("plan_id.state", "=", "to_approve")])
        )
        ids = [
            a.complaint_id.id
            for a in pending
            if a._can_act(user) and a == a.plan_id.pending_approval_id
        ]
        domain = [("id", "in", ids)]
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------------ confidentiality
    _CONFIDENTIAL = {
        "partner_phone": "confidential_phone",
        "partner_email": "confidential_email",
        "partner_address": "confidential_address",
        "account_number": "confidential_account",
    }

    def _confidential_domain(self):
        """Domain of the complaints whose confidential data the current user may read:
        all of them for the desk, supervisors and compliance; for everyone else, those of
        their department (or its sub-departments), assigned to them, or whose plan they
        approve. Assisting departments and other colleagues never see it."""
        user = self.env.user
        if self.env.su or user.has_group("complaint_management.group_complaint_desk"):
            return []
        if user.has_group("complaint_management.group_complaint_compliance"):
            return []
        domain = [("plan_ids.approval_ids.user_id", "=", user.id)]
        if user.has_group("complaint_management.group_complaint_department"):
            domain = expression.OR(
                [
                    domain,
                    [("department_id", "in", user.complaint_department_ids.ids)],
                    [("handler_id", "=", user.id)],
                ]
            )
        return domain

    def _confidential_allowed(self):
        """The records of ``self`` whose confidential data the current user may read."""
        domain = self._confidential_domain()
        real = self.filtered("id")
        if not domain:
            return self
        allowed = real.sudo().search(expression.AND([[("id", "in", real.ids)], domain]))
        return (self - real) | self.browse(allowed.ids)

    @api.depends_context("uid")
    @api.depends(*_CONFIDENTIAL.values())
    def _compute_confidential(self):
        allowed = self._confidential_allowed()
        stored = {}
        if allowed:
            stored = {r.id: r for r in allowed.sudo()}
        for complaint in self:
            visible = complaint in allowed
            complaint.confidential_hidden = not visible
            source = stored.get(complaint.id) if visible else None
            for public, private in self._CONFIDENTIAL.items():
                complaint[public] = source[private] if source else False
        self._log_confidential_access(allowed, "read")

    def _inverse_confidential(self):
        allowed = self._confidential_allowed()
        for complaint in self:
            if complaint not in allowed:
                raise AccessError(
                    self.env._(
                        "You may not change the complainant's contact details of %s.",
                        complaint.display_name,
                    )
                )
            complaint.sudo().write(
                {private: complaint[public] for public, private in self._CONFIDENTIAL.items()}
            )

    def _search_confidential(self, fname, operator, value):
        """Search a confidential field, within the complaints whose data the user may read."""
        domain = expression.AND(
            [[(self._CONFIDENTIAL[fname], operator, value)], self._confidential_domain()]
        )
        return [("id", "in", self.sudo()._search(domain))]

    def _search_partner_phone(self, operator, value):
        return self._search_confidential("partner_phone", operator, value)

    def _search_partner_email(self, operator, value):
        return self._search_confidential("partner_email", operator, value)

    def _search_partner_address(self, operator, value):
        return self._search_confidential("partner_address", operator, value)

    def _search_account_number(self, operator, value):
        return self._search_confidential("account_number", operator, value)

    def _log_confidential_access(self, complaints, access_type):
        """Record who read the confidential data of which complaints (SPEC: every access
        to confidential data is traceable). Internal computations run as superuser and are
        not logged."""
        complaints = complaints.filtered("id")
        if self.env.su or not complaints or self.env.context.get("complaint_no_access_log"):
            return
        self.env["complaint.access.log"].sudo().create(
            [
                {
                    "complaint_id": c.id,
                    "user_id": self.env.uid,
                    "company_id": c.company_id.id,
                    "access_type": access_type,
                }
                for c in complaints.sudo()
            ]
        )

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

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
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
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    sequence.with_company(company).next_by_code("complaint.complaint") or "/"
                )
        complaints = super(ComplaintComplaint, self.with_context(mail_create_nolog=False)).create(
            vals_list
        )
        complaints = complaints.with_env(self.env)
        complaints.filtered("same_problem_id")._normalize_same_problem()
        complaints._grade_at_registration()
        complaints._open_steps(["dispatch", "plan"], anchor="date_received", replace=False)
        complaints.filtered("compliance_required")._notify_compliance()
        complaints.filtered("same_problem_id")._regrade_problem_groups()
        return complaints

    def write(self, vals):
        self._check_write(vals)
        old_roots = self.problem_root_id if "same_problem_id" in vals else None
        res = super().write(vals)
        if "same_problem_id" in vals:
            self._normalize_same_problem()
            (old_roots | self.problem_root_id)._regrade_problem_groups()
        if set(vals) & GRADING_FACTS:
            self._apply_automatic_grade()
        if "date_received" in vals:
            steps = self.sudo().step_ids.filtered(
                lambda s: s.state == "open" and s.step in ("dispatch", "plan")
            )
            for step in steps:
                step.date_start = step.complaint_id.date_received
            steps._replan()
        if set(vals) & COMPLIANCE_FACTS:
            self.filtered(
                lambda c: c.compliance_required and not c.compliance_notified
            )._notify_compliance()
        return res

    def _check_write(self, vals):
        """Refuse what the process does not allow: editing an archived complaint, writing
        workflow fields outside the action methods, and editing another role's data."""
        fnames = set(vals)
        if not fnames - ARCHIVE_WRITABLE:
            return
        archived = self.filtered(lambda c: c.state == "archived")
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

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
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

    def export_data(self, fields_to_export):
        """Exporting complaints is reserved to supervisors and compliance; exporting
        confidential columns is logged."""
        self._check_complaint_export()
        if any(f.split("/")[0] in self._CONFIDENTIAL for f in fields_to_export):
            self._log_confidential_access(self._confidential_allowed(), "export")
        return super(
            ComplaintComplaint, self.with_context(complaint_no_access_log=True)
        ).export_data(fields_to_export)

    def _workflow(self):
        """This recordset in the context in which workflow fields may be written."""
        return self.with_context(complaint_workflow=WORKFLOW_TOKEN)

    # ================================================================== grading
    def _grade_facts(self):
        """Per complaint, the level its facts call for and why: {id: (level, [reasons])}.

        SPEC.md, grading: any one condition suffices; level 1 is the most serious."""
        group_facts = self._problem_group_facts()
        result = {}
        now = fields.Datetime.now()
        for c in self:
            company = c.company_id
            reasons = {1: [], 2: [], 3: []}
            crisis_min = company.complaint_collective_crisis_min or 10
            collective_min = company.complaint_collective_min or 3
            if c.media_exposed:
                reasons[1].append(
                    self.env._("exposed by the media, harming the company's reputation")
                )
            if c.complainant_count >= crisis_min:
                reasons[1].append(self.env._("%s complainants together", c.complainant_count))
            if c.is_crisis:
                reasons[1].append(self.env._("escalated to crisis handling"))
            if c.media_risk:
                reasons[2].append(self.env._("may reach the media"))
            if c.litigation_risk or c.litigation_filed:
                reasons[2].append(self.env._("may lead to litigation"))
            if collective_min <= c.complainant_count < crisis_min:
                reasons[2].append(self.env._("collective complaint of %s", c.complainant_count))
            facts = group_facts.get(c.id, {})
            if facts.get("complainants", 0) >= (company.complaint_same_problem_min or 3):
                reasons[2].append(
                    self.env._(
                        "same problem raised by %(count)s complainants within %(days)s days",
                        count=facts["complainants"],
                        days=company.complaint_same_problem_days or 30,
                    )
                )
            unresolved_days = company.complaint_unresolved_days or 30
            if (
                c.validity == "valid"
                and c.state in OPEN_STATES
                and c.date_received
                and c.date_received <= now - timedelta(days=unresolved_days)
            ):
                reasons[2].append(self.env._("unresolved %s days after receipt", unresolved_days))
            if c.is_repeat and facts.get("repeats", 0) >= (company.complaint_repeat_min or 3):
                reasons[3].append(
                    self.env._("raised again %s times after being handled", facts["repeats"])
                )
            if c.assist_department_ids:
                reasons[3].append(self.env._("needs another department's help"))
            level = next((lvl for lvl in (1, 2, 3) if reasons[lvl]), 4)
            result[c.id] = (level, reasons.get(level, []))
        return result

    def _problem_group_facts(self):
        """For complaints in a same-problem group: the largest number of different
        complainants within one window of N days around the complaint, and how many
        complaints of the group came after the group was first handled."""
        linked = self.filtered(lambda c: c.problem_root_id and c.id)
        if not linked:
            return {}
        days = timedelta(days=max(linked.company_id.mapped("complaint_same_problem_days") or [30]))
        members = self.sudo().search_read(
            [("problem_root_id", "in", linked.problem_root_id.ids)],
            ["problem_root_id", "partner_id", "date_received", "is_repeat"],
        )
        by_root = {}
        for m in members:
            by_root.setdefault(m["problem_root_id"][0], []).append(m)
        result = {}
        for c in linked:
            group = by_root.get(c.problem_root_id.id, [])
            best = 0
            for start in (m["date_received"] for m in group):
                if not (start <= c.date_received <= start + days):
                    continue
                partners = {
                    m["partner_id"][0]
                    for m in group
                    if start <= m["date_received"] <= start + days and m["partner_id"]
                }
                best = max(best, len(partners))
            result[c.id] = {
                "complainants": best,
                "repeats": sum(1 for m in group if m["is_repeat"]),
            }
        return result

    @api.depends(
        "media_exposed",
        "media_risk",
        "litigation_risk",
        "litigation_filed",
        "complainant_count",
        "assist_department_ids",
        "problem_root_id",
        "is_crisis",
        "validity",
        "date_received",
    )
    def _compute_grade_proposed(self):
        facts = self._grade_facts()
        for c in self:
            level, reasons = facts.get(c.id, (4, []))
            c.grade_proposed_level = level
            c.grade_proposed_reason = "; ".join(reasons)

    def _grade_at_registration(self):
        """Give newly registered complaints the grade their facts call for (one write per
        grade, one insert for the whole history)."""
        facts = self._grade_facts()
        Grade = self.env["complaint.grade"]
        by_grade = {}
        history = []
        for complaint in self:
            level, reasons = facts[complaint.id]
            grade = Grade._get_for_level(level, complaint.company_id)
            if not grade:
                raise UserError(
                    self.env._("No active complaint grade of level %s is configured.", level)
                )
            by_grade.setdefault(grade, []).append(complaint.id)
            history.append(
                {
                    "complaint_id": complaint.id,
                    "new_grade_id": grade.id,
                    "reason": "; ".join(reasons) or self.env._("no aggravating fact recorded"),
                    "automatic": True,
                    "user_id": self.env.uid,
                }
            )
        for grade, ids in by_grade.items():
            self.browse(ids).sudo()._workflow().with_context(mail_notrack=True).write(
                {"grade_id": grade.id}
            )
        self.env["complaint.grade.history"].sudo().create(history)

    def _apply_automatic_grade(self):
        """Raise each complaint to the level its facts call for. Never lowers a grade."""
        open_complaints = self.filtered(lambda c: c.state in OPEN_STATES and c.grade_id)
        facts = open_complaints._grade_facts()
        raised = self.browse()
        for complaint in open_complaints:
            level, reasons = facts[complaint.id]
            if level < complaint.grade_level:
                grade = self.env["complaint.grade"]._get_for_level(level, complaint.company_id)
                if grade:
                    complaint._set_grade(grade, "; ".join(reasons), automatic=True)
                    raised |= complaint
        return raised

    def _regrade_problem_groups(self):
        """Re-evaluate every open complaint of the same-problem groups of ``self``."""
        roots = self.filtered("id").problem_root_id
        if not roots:
            return self.browse()
        members = self.sudo().search(
            [("problem_root_id", "in", roots.ids), ("state", "in", OPEN_STATES)]
        )
        return members._apply_automatic_grade()

    def _set_grade(self, grade, reason, automatic=False, replan=True):
        """Change the grade, keep its history with the reason, and re-plan open deadlines."""
        self.ensure_one()
        old = self.grade_id
        if old == grade:
            return
        self.env["complaint.grade.history"].sudo().create(
            {
                "complaint_id": self.id,
                "old_grade_id": old.id,
                "new_grade_id": grade.id,
                "reason": reason,
                "automatic": automatic,
                "user_id": self.env.uid,
            }
        )
        self.sudo()._workflow().write({"grade_id": grade.id})
        if old:
            body = self.env._(
                "Grade changed from %(old)s to %(new)s: %(reason)s",
                old=old.name,
                new=grade.name,
                reason=reason,
            )
            self.sudo()._message_log(body=body)
        if replan:
            self.sudo().step_ids.filtered(lambda s: s.state == "open")._replan()

    def _change_grade(self, grade, reason):
        """Raise the grade by hand (service desk), with a reason. Lowering is for supervisors
        and never goes below what the recorded facts call for."""
        self.ensure_one()
        if not reason or not reason.strip():
            raise UserError(self.env._("Give the reason for changing the grade."))
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("The grade of a closed complaint cannot change."))
        self._check_role("desk")
        if grade == self.grade_id:
            raise UserError(self.env._("The complaint already has this grade."))
        if grade.level > self.grade_level:
            if not self.env.user.has_group("complaint_management.group_complaint_supervisor"):
                raise AccessError(self.env._("Only a supervisor may lower a complaint's grade."))
            if grade.level > self.grade_proposed_level:
                raise UserError(
                    self.env._(
                        "The recorded facts call for at least level %(level)s (%(why)s). "
                        "Correct the facts first.",
                        level=self.grade_proposed_level,
                        why=self.grade_proposed_reason,
                    )
                )
        self._set_grade(grade, reason.strip(), automatic=False)

    @api.model
    def _cron_regrade(self, batch_size=1000):
        """Scheduled: raise to level 2 the valid complaints still unresolved N days after
        receipt (SPEC.md grading; N = 30 by default, per company). Returns those raised."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].search([])  # pylint: disable=no-search-all
        days = min(companies.mapped("complaint_unresolved_days") or [30])
        candidates = self.search(
            [
                ("state", "in", OPEN_STATES),
                ("validity", "=", "valid"),
                ("grade_level", ">", 2),
                ("date_received", "<=", now - timedelta(days=days)),
            ]
        )
        raised = self.browse()
        for batch in split_every(batch_size, candidates.ids, self.browse):
            raised |= batch._apply_automatic_grade()
        return raised

    # ================================================================== same problem
    def _normalize_same_problem(self):
        """Keep same-problem links pointing at the group's first complaint, and move the
        members of a complaint that joins another group along with it."""
        for complaint in self.filtered("same_problem_id"):
            target = complaint.same_problem_id
            if target == complaint:
                raise ValidationError(self.env._("A complaint cannot be its own same problem."))
            root = target.same_problem_id or target
            if root == complaint:
                raise ValidationError(self.env._("These complaints are already linked."))
            if root != target:
                complaint.write({"same_problem_id": root.id})
            members = self.search([("same_problem_id", "=", complaint.id)])
            if members:
                members.write({"same_problem_id": root.id})

    def action_link_same_problem(self):
        """From a candidate in the "possibly the same problem" list: link the complaint being
        edited (``complaint_link_id`` in the context) to this candidate's problem group."""
        self.ensure_one()
        source = self.browse(self.env.context.get("complaint_link_id") or [])
        if not source.exists() or source == self:
            raise UserError(self.env._("Open the complaint to link from its form."))
        source.write({"same_problem_id": self.problem_root_id.id})
        return True

    def action_unlink_same_problem(self):
        self.write({"same_problem_id": False})
        return True

    # ================================================================== steps & deadlines
    def _open_steps(self, steps, anchor=None, replace=True):
        """Open timed steps, counted from ``anchor`` (a field name, or now). An open step of
        the same kind is replaced (kept as cancelled) unless ``replace`` is False."""
        now = fields.Datetime.now()
        vals_list = [
            {"complaint_id": c.id, "step": step, "date_start": c[anchor] if anchor else now}
            for c in self
            for step in steps
        ]
        Step = self.env["complaint.step"].sudo()
        if not vals_list:
            return Step
        if replace:
            self._cancel_steps(steps)
        return Step.create(vals_list)

    def _close_steps(self, steps, when=None):
        """Mark the open steps of these kinds done (now, or at ``when``)."""
        when = when or fields.Datetime.now()
        self.sudo().step_ids.filtered(lambda s: s.step in steps and s.state == "open")._mark_done(
            when
        )

    def _cancel_steps(self, steps=None):
        """Cancel open steps (all of them, or those of these kinds): the path skips them."""
        self.sudo().step_ids.filtered(
            lambda s: s.state == "open" and (steps is None or s.step in steps)
        ).write({"state": "cancelled"})

    # ================================================================== roles
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

    # ================================================================== process actions
    def _resolve_first_contact(self, note):
        """SPEC step 2: the explanation satisfied the customer, who will not pursue it."""
        self._check_role("desk")
        self._check_state("new")
        self._require(note, self.env._("Record the explanation given to the customer."))
        now = fields.Datetime.now()
        self._workflow().write(
            {
                "state": "closed",
                "first_contact_resolved": True,
                "first_contact_note": note.strip(),
                "closure_type": "first_contact",
                "date_closed": now,
            }
        )
        self._cancel_steps()
        self._message_log(body=self.env._("Resolved on first contact: %s", note.strip()))
        return True

    def _decide_validity(self, validity, explanation=None, referred_to=None):
        """SPEC step 3. Valid complaints go on to dispatch; special and invalid ones skip the
        department, get an explanation, and go to feedback. The department may also find a
        complaint special after investigating it."""
        if validity not in ("valid", "special", "invalid"):
            raise UserError(self.env._("Unknown validity."))
        for complaint in self:
            if complaint.state == "new":
                complaint._check_role("desk")
            elif validity == "special" and complaint.state == "investigating":
                complaint._check_role("department")
            else:
                complaint._check_state("new")
            vals = {"validity": validity}
            if validity != "valid":
                complaint._require(
                    explanation, self.env._("Write the explanation the customer will be given.")
                )
                if validity == "invalid":
                    complaint._require(
                        referred_to,
                        self.env._("Tell the customer who is competent for this complaint."),
                    )
                vals.update(
                    state="feedback",
                    validity_explanation=explanation.strip(),
                    referred_to=(referred_to or "").strip() or False,
                )
            complaint._workflow().write(vals)
            if validity != "valid":
                complaint._cancel_steps()
                complaint._open_steps(["feedback"])
                label = complaint._selection_label("validity", validity)
                complaint._message_log(
                    body=self.env._("Judged %(validity)s: %(why)s", validity=label, why=explanation)
                )
            complaint._apply_automatic_grade()
        return True

    def _dispatch(self, department, handler=None, assist_departments=None, note=None):
        """SPEC step 6: send a valid, classified and graded complaint to the department that
        will handle it (the desk's own department keeps complaints with no clear owner)."""
        self._check_role("desk")
        self._check_state("new")
        for complaint in self:
            if complaint.validity != "valid":
                raise UserError(self.env._("Judge the complaint valid before dispatching it."))
            complaint._require(
                complaint.category_id, self.env._("Classify the complaint before dispatching it.")
            )
            complaint._require(department, self.env._("Choose the responsible department."))
            if handler and not department._complaint_has_member(handler):
                raise UserError(
                    self.env._(
                        "%(user)s does not work in %(dept)s.",
                        user=handler.name,
                        dept=department.name,
                    )
                )
        now = fields.Datetime.now()
        vals = {
            "state": "dispatched",
            "department_id": department.id,
            "handler_id": handler.id if handler else False,
            "date_dispatched": now,
        }
        if assist_departments is not None:
            vals["assist_department_ids"] = [(6, 0, assist_departments.ids)]
        self._workflow().write(vals)
        if assist_departments:
            self._apply_automatic_grade()
        self._close_steps(["dispatch"], now)
        self._open_steps(["start", "contact", "implement"])
        for complaint in self:
            partners = (handler or department.manager_id.user_id).partner_id
            body = self.env._("Dispatched to %s.", department.name)
            if note:
                body = Markup("%s<br/>%s") % (body, note)
            complaint.message_subscribe(partner_ids=partners.ids)
            complaint.message_post(
                body=body,
                partner_ids=partners.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _reassign(self, handler):
        """Give the complaint to another handler of the department (desk or its manager)."""
        self._check_state(*DEPARTMENT_STATES)
        self._check_role("department_manager")
        self._require(handler, self.env._("Choose the new handler."))
        for complaint in self:
            if not complaint.department_id._complaint_has_member(handler):
                raise UserError(
                    self.env._(
                        "%(user)s does not work in %(dept)s.",
                        user=handler.name,
                        dept=complaint.department_id.name,
                    )
                )
        self._workflow().write({"handler_id": handler.id})
        self.message_subscribe(partner_ids=handler.partner_id.ids)
        return True

    def action_start_investigation(self):
        """SPEC step 7: the department takes the complaint up."""
        self._check_state("dispatched")
        self._check_role("department")
        now = fields.Datetime.now()
        vals = {"state": "investigating", "date_investigation_started": now}
        for complaint in self:
            complaint_vals = dict(vals)
            if not complaint.handler_id:
                complaint_vals["handler_id"] = self.env.uid
            complaint._workflow().write(complaint_vals)
        self._close_steps(["start"], now)
        return True

    def _log_customer_contact(self, note, channel="phone"):
        """SPEC step 7: the department's first contact with the customer."""
        self._check_state("dispatched", "investigating")
        self._check_role("department")
        self._require(note, self.env._("Record what was said to the customer."))
        now = fields.Datetime.now()
        for complaint in self:
            vals = {"contact_note": note.strip()}
            if not complaint.date_customer_contacted:
                vals["date_customer_contacted"] = now
            complaint._workflow().write(vals)
        self._close_steps(["contact"], now)
        self._message_log(
            body=self.env._(
                "Customer contacted (%(channel)s): %(note)s",
                channel=self._selection_label("feedback_channel", channel),
                note=note.strip(),
            )
        )
        return True

    def action_new_plan(self):
        """SPEC step 8: draft the next version of the solution plan (the previous version's
        content is copied; every version is kept)."""
        self.ensure_one()
        self._check_state("investigating")
        self._check_role("department")
        if self.plan_ids.filtered(lambda p: p.state in ("draft", "returned", "to_approve")):
            raise UserError(
                self.env._("A plan is already being prepared: finish or submit it first.")
            )
        previous = self.plan_id
        plan = self.env["complaint.plan"].create(
            {
                "complaint_id": self.id,
                "measures": previous.measures if previous else False,
                "responsible_id": (previous.responsible_id or self.handler_id or self.env.user).id,
                "date_due": previous.date_due if previous else False,
                "compensation_amount": previous.compensation_amount if previous else 0.0,
            }
        )
        return plan._get_form_action()

    def _on_plan_submitted(self, plan):
        self._workflow().write({"state": "approval"})

    def _on_plan_returned(self, plan):
        self._workflow().write({"state": "investigating"})

    def _on_plan_approved(self, plan):
        now = fields.Datetime.now()
        self._workflow().write({"state": "customer", "date_plan_approved": now})
        self._close_steps(["plan"], now)
        desk_partners = self.receiver_id.partner_id
        self.message_post(
            body=self.env._(
                "Plan version %s approved: please put it to the customer.", plan.version
            ),
            partner_ids=desk_partners.ids,
            subtype_xmlid="mail.mt_note",
        )

    def _on_plan_accepted(self, plan):
        now = fields.Datetime.now()
        self._workflow().write({"state": "implementing", "date_customer_accepted": now})
        if not self.step_ids.filtered(lambda s: s.step == "implement" and s.state == "open"):
            self._open_steps(["implement"])

    def _on_plan_refused(self, plan):
        self._workflow().write({"state": "investigating"})
        self._open_steps(["plan"])

    def action_mark_implemented(self):
        """SPEC step 10: the plan is carried out and the rectification recorded. Goes to the
        supervisors' result audit when the grade requires it, otherwise to feedback."""
        self._check_state("implementing")
        self._check_role("department")
        for complaint in self:
            missing = [
                label
                for fname, label in (
                    ("implementation_note", self.env._("Implementation")),
                    ("rectification", self.env._("Rectification Measures")),
                    ("accountability_note", self.env._("Handling of Responsible Persons")),
                )
                if not (complaint[fname] or "").strip()
            ]
            if missing:
                raise UserError(
                    self.env._("Record before marking it implemented: %s", ", ".join(missing))
                )
        now = fields.Datetime.now()
        for complaint in self:
            audit = complaint._decide_audit()
            complaint._workflow().write(
                {
                    "state": "audit" if audit else "feedback",
                    "audit_required": audit,
                    "date_implemented": now,
                }
            )
            complaint._close_steps(["implement"], now)
            complaint._open_steps(["audit" if audit else "feedback"])
        return True

    def _decide_audit(self):
        """SPEC step 11: whether the supervisors audit this result (always, sampled or never,
        per grade). The decision is stored, so sampled audits stay a fact."""
        self.ensure_one()
        policy = self.grade_id.audit_policy
        if policy == "always" or self.is_crisis:
            return True
        if policy == "sample":
            return random.random() * 100 < self.grade_id.audit_sample_rate
        return False

    def _audit_pass(self, note=None):
        """SPEC step 11: the supervisor group finds the result fair."""
        self._check_state("audit")
        self._check_role("supervisor")
        now = fields.Datetime.now()
        self._workflow().write(
            {
                "state": "feedback",
                "audit_user_id": self.env.uid,
                "audit_comment": (note or "").strip() or False,
                "date_audited": now,
            }
        )
        self._close_steps(["audit"], now)
        self._open_steps(["feedback"])
        self._message_log(body=self.env._("Result audit passed. %s", note or ""))
        return True

    def _audit_reject(self, note):
        """SPEC step 11: the result is not fair: back to the department to rework."""
        self._check_state("audit")
        self._check_role("supervisor")
        self._require(note, self.env._("Explain what must be reworked."))
        now = fields.Datetime.now()
        self._workflow().write(
            {"state": "implementing", "audit_user_id": self.env.uid, "audit_comment": note.strip()}
        )
        self._close_steps(["audit"], now)
        self._open_steps(["implement"])
        for complaint in self:
            complaint.message_post(
                body=self.env._("Result audit: sent back to the department. %s", note.strip()),
                partner_ids=(complaint.handler_id.partner_id).ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _give_feedback(self, note, channel=None):
        """SPEC step 12: tell the customer the measures and result, through their channel.
        Special and invalid complaints close here; handled ones wait for the revisit."""
        self._check_state("feedback")
        self._check_role("desk")
        self._require(note, self.env._("Record the feedback given to the customer."))
        now = fields.Datetime.now()
        for complaint in self:
            vals = {
                "feedback_note": note.strip(),
                "feedback_channel": channel or complaint.feedback_preference,
                "feedback_user_id": self.env.uid,
                "date_feedback": now,
            }
            if complaint.validity in ("special", "invalid"):
                vals.update(state="closed", closure_type=complaint.validity, date_closed=now)
            else:
                vals["state"] = "revisit"
            complaint._workflow().write(vals)
            complaint._close_steps(["feedback"], now)
            if vals["state"] == "revisit":
                complaint._open_steps(["revisit"])
        # A feedback makes later complaints about the same problem repeats.
        self.problem_root_id._regrade_problem_groups()
        return True

    def _apply_revisit(self, revisit):
        """SPEC step 13: act on the revisit's outcome. Satisfied: close. Otherwise re-plan,
        open a linked re-complaint, or escalate to crisis handling."""
        self.ensure_one()
        self._check_state("revisit")
        self._check_role("desk")
        now = fields.Datetime.now()
        self._close_steps(["revisit"], now)
        base = {"date_revisited": now}
        if revisit.outcome == "close":
            self._workflow().write(
                dict(base, state="closed", closure_type="satisfied", date_closed=now)
            )
            return self.browse()
        if revisit.outcome == "replan":
            self._workflow().write(dict(base, state="investigating"))
            self._open_steps(["plan"])
            self._notify_department(
                self.env._("The customer is not satisfied: a new plan is needed.")
            )
            return self.browse()
        if revisit.outcome == "crisis":
            self._workflow().write(dict(base, state="investigating", is_crisis=True))
            crisis = self.env["complaint.grade"]._get_for_level(1, self.company_id)
            if crisis and crisis != self.grade_id:
                self._set_grade(
                    crisis, self.env._("escalated to crisis handling at the revisit"), True
                )
            self._open_steps(["plan"])
            self._notify_supervisors(self.env._("%s was escalated to crisis handling.", self.name))
            return self.browse()
        # re-complaint
        self._workflow().write(
            dict(base, state="closed", closure_type="recomplaint", date_closed=now)
        )
        return self._create_followup("recomplaint", revisit.comment)

    def action_register_objection(self):
        """SPEC step 15: the customer objects to the result (申诉): a new complaint linked to
        this one, counted in its problem group. Opens the new complaint."""
        self.ensure_one()
        self._check_role("desk")
        self._check_state("revisit", "closed", "archived")
        followup = self._create_followup("objection")
        return followup._get_form_action()

    def _create_followup(self, complaint_type, note=None):
        """A re-complaint or objection about this complaint, registered by the desk."""
        self.ensure_one()
        label = (
            self.env._("Re-complaint")
            if complaint_type == "recomplaint"
            else self.env._("Objection")
        )
        body = Markup("<p>%s</p>") % self.env._(
            "%(label)s about %(ref)s: %(title)s", label=label, ref=self.name, title=self.title
        )
        if note:
            body += Markup("<p>%s</p>") % note
        private = self.sudo()
        followup = (
            self.env["complaint.complaint"]
            ._workflow()
            .create(
                {
                    "title": f"{label}: {self.title}",
                    "description": body + (self.description or ""),
                    "customer_demand": self.customer_demand,
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "channel_id": self.channel_id.id,
                    "category_id": self.category_id.id,
                    "concerned_object": self.concerned_object,
                    "feedback_preference": self.feedback_preference,
                    "complainant_count": self.complainant_count,
                    "complaint_type": complaint_type,
                    "origin_complaint_id": self.id,
                    "same_problem_id": self.problem_root_id.id,
                    "evidence_attachment_ids": [(6, 0, self.evidence_attachment_ids.ids)],
                }
            )
        )
        followup.sudo().write(
            {private_f: private[private_f] for private_f in self._CONFIDENTIAL.values()}
        )
        self.message_post(
            body=Markup("%s %s") % (label, followup._get_html_link()),
            subtype_xmlid="mail.mt_note",
        )
        followup.message_post(
            body=Markup("%s %s") % (self.env._("Follows up"), self._get_html_link()),
            subtype_xmlid="mail.mt_note",
        )
        return followup

    def action_archive_complaint(self):
        """SPEC step 14: file the complaint away; only when the handling slip is complete.
        Archived complaints are read-only for everyone."""
        self._check_role("desk")
        self._check_state("closed")
        for complaint in self:
            missing = complaint._get_missing_slip_data()
            if missing:
                raise UserError(
                    self.env._(
                        "%(ref)s cannot be archived yet; the handling slip lacks: %(missing)s",
                        ref=complaint.name,
                        missing=", ".join(missing),
                    )
                )
        now = fields.Datetime.now()
        self._workflow().write({"state": "archived", "date_archived": now})
        self._cancel_steps()
        return True

    def _get_missing_slip_data(self):
        """What the handling slip (客户投诉处理单) still lacks, as labels for the user."""
        self.ensure_one()
        c = self.sudo()
        checks = [
            (c.partner_id, self.env._("Complainant")),
            (c.channel_id, self.env._("Channel")),
            (c.receiver_id, self.env._("Received By")),
            (c.description, self.env._("Complaint Content")),
            (c.category_id, self.env._("Category")),
        ]
        if c.first_contact_resolved:
            checks.append((c.first_contact_note, self.env._("First-contact Explanation")))
        else:
            checks += [
                (c.validity, self.env._("Validity")),
                (c.feedback_note, self.env._("Feedback Given")),
            ]
        if c.validity in ("special", "invalid"):
            checks.append((c.validity_explanation, self.env._("Explanation to the Customer")))
        elif c.validity == "valid" and not c.first_contact_resolved:
            accepted = c.plan_ids.filtered(lambda p: p.state == "accepted")
            checks += [
                (c.department_id, self.env._("Responsible Department")),
                (c.handler_id, self.env._("Handler")),
                (c.date_customer_contacted, self.env._("Customer Contact")),
                (c.facts_found, self.env._("Facts Found")),
                (c.root_cause, self.env._("Root Cause")),
                (accepted, self.env._("Accepted Plan")),
                (c.implementation_note, self.env._("Implementation")),
                (c.rectification, self.env._("Rectification Measures")),
                (c.accountability_note, self.env._("Handling of Responsible Persons")),
                (c.revisit_ids, self.env._("Revisit and Satisfaction")),
            ]
            if c.audit_required:
                checks.append((c.date_audited, self.env._("Result Audit")))
        return [label for value, label in checks if is_blank(value)]

    # ------------------------------------------------------------------ public reply
    def action_request_public_reply(self):
        """Media complaints: a public reply needs a supervisor's approval first."""
        self._check_role("desk")
        self._check_state(*OPEN_STATES)
        for complaint in self:
            complaint._require(complaint.public_reply, self.env._("Write the public reply first."))
        self._workflow().write(
            {"public_reply_state": "to_approve", "public_reply_requester_id": self.env.uid}
        )
        self._notify_supervisors(self.env._("A public reply awaits your approval."))
        return True

    def action_approve_public_reply(self):
        self._check_role("supervisor")
        for complaint in self:
            if complaint.public_reply_state != "to_approve":
                raise UserError(self.env._("No public reply awaits approval."))
            if complaint.public_reply_requester_id == self.env.user and not self.env.su:
                raise UserError(
                    self.env._("Another supervisor must approve a public reply you requested.")
                )
        self._workflow().write(
            {"public_reply_state": "approved", "public_reply_approver_id": self.env.uid}
        )
        return True

    def action_record_public_reply(self):
        """Record that the approved public reply was given."""
        self._check_role("desk")
        for complaint in self:
            if complaint.public_reply_state != "approved":
                raise UserError(
                    self.env._(
                        "A public reply may be recorded only after a supervisor approved it."
                    )
                )
        self._workflow().write({"public_reply_state": "given"})
        self._message_log(body=self.env._("Approved public reply given."))
        return True

    # ------------------------------------------------------------------ notifications
    def _notify_compliance(self):
        """Tell the compliance officers at once (SPEC: supervision)."""
        group = self.env.ref("complaint_management.group_complaint_compliance")
        now = fields.Datetime.now()
        for complaint in self:
            users = group.sudo().users.filtered(
                lambda u, c=complaint: c.company_id in u.company_ids
            )
            complaint.sudo().message_subscribe(partner_ids=users.partner_id.ids)
            complaint.sudo().message_post(
                body=self.env._(
                    "This complaint involves a compliance matter and was routed to compliance."
                ),
                partner_ids=users.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        self.sudo()._workflow().write({"compliance_notified": now})

    def _notify_supervisors(self, body):
        group = self.env.ref("complaint_management.group_complaint_supervisor")
        for complaint in self:
            users = group.sudo().users.filtered(
                lambda u, c=complaint: c.company_id in u.company_ids and u.share is False
            )
            complaint.sudo().message_post(
                body=body, partner_ids=users.partner_id.ids, subtype_xmlid="mail.mt_note"
            )

    def _notify_department(self, body):
        for complaint in self:
            partners = (
                complaint.handler_id | complaint.department_id.manager_id.user_id
            ).partner_id
            complaint.sudo().message_post(
                body=body, partner_ids=partners.ids, subtype_xmlid="mail.mt_note"
            )

    # ------------------------------------------------------------------ UI helpers
    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _open_wizard(self, model, action, title):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_complaint_id": self.id, "default_action": action},
        }

    def action_open_first_contact(self):
        return self._open_wizard(
            "complaint.action.wizard", "first_contact", self.env._("Resolved on First Contact")
        )

    def action_open_validity(self):
        return self._open_wizard("complaint.action.wizard", "validity", self.env._("Validity"))

    def action_confirm_valid(self):
        return self._decide_validity("valid")

    def action_open_special(self):
        return self._open_wizard(
            "complaint.action.wizard", "special", self.env._("Special Complaint")
        )

    def action_open_dispatch(self):
        return self._open_wizard("complaint.dispatch.wizard", "dispatch", self.env._("Dispatch"))

    def action_open_reassign(self):
        return self._open_wizard("complaint.dispatch.wizard", "reassign", self.env._("Reassign"))

    def action_open_contact(self):
        return self._open_wizard(
            "complaint.action.wizard", "contact", self.env._("Log Customer Contact")
        )

    def action_open_audit_reject(self):
        return self._open_wizard(
            "complaint.action.wizard", "audit_reject", self.env._("Send Back for Rework")
        )

    def action_open_audit_pass(self):
        return self._open_wizard(
            "complaint.action.wizard", "audit_pass", self.env._("Audit Passed")
        )

    def action_open_feedback(self):
        return self._open_wizard("complaint.action.wizard", "feedback", self.env._("Give Feedback"))

    def action_open_revisit(self):
        return self._open_wizard(
            "complaint.revisit.wizard", "revisit", self.env._("Record Revisit")
        )

    def action_open_grade(self):
        return self._open_wizard("complaint.grade.wizard", "grade", self.env._("Change Grade"))

    def action_open_plan(self):
        self.ensure_one()
        if not self.plan_id:
            raise UserError(self.env._("No plan was drafted yet."))
        return self.plan_id._get_form_action()

    def action_approve_plan(self):
        self.ensure_one()
        return self.plan_id.action_approve_current()

    def action_open_send_back_plan(self):
        self.ensure_one()
        return self.plan_id.action_open_send_back()

    def action_customer_accept(self):
        self.ensure_one()
        return self.plan_id.action_customer_accept()

    def action_open_customer_refuse(self):
        self.ensure_one()
        return self.plan_id.action_open_refuse()

    def action_new_finding(self):
        """Compliance records a finding on this complaint (without writing the complaint)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Compliance Finding"),
            "res_model": "complaint.finding",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

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

    # ================================================================== statistics
    def _tz(self):
        """Time zone complaint times are shown in: the company's complaint calendar's."""
        company = self[:1].company_id or self.env.company
        return (company.complaint_calendar_id or company.resource_calendar_id).tz or "UTC"

    @api.model
    def _monthly_statistics(self, company, date_from, date_to):
        """SPEC "Supervision" figures for complaints received in [date_from, date_to):
        received, valid, closed, closure rate, repeat rate, satisfaction rate, average
        handling time, on-time rate per step, and counts per department and category."""
        Complaint = self.sudo().with_context(active_test=False)
        domain = [
            ("company_id", "=", company.id),
            ("date_received", ">=", date_from),
            ("date_received", "<", date_to),
        ]
        received = Complaint.search_count(domain)
        valid = Complaint.search_count(domain + [("validity", "=", "valid")])
        closed_recs = Complaint.search_read(
            domain + [("state", "in", ("closed", "archived"))], ["date_received", "date_closed"]
        )
        repeats = Complaint.search_count(domain + [("is_repeat", "=", True)])
        regulator = Complaint.search_count(domain + [("is_regulator_referral", "=", True)])
        revisits = (
            self.env["complaint.revisit"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("date", ">=", date_from),
                    ("date", "<", date_to),
                ],
                ["satisfaction"],
                ["__count"],
            )
        )
        revisit_total = sum(count for _s, count in revisits)
        satisfied = sum(count for sat, count in revisits if int(sat) > SATISFIED_MIN)
        steps = {}
        for step, is_late, count in (
            self.env["complaint.step"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "done"),
                    ("date_done", ">=", date_from),
                    ("date_done", "<", date_to),
                ],
                ["step", "is_late"],
                ["__count"],
            )
        ):
            done, late = steps.get(step, (0, 0))
            steps[step] = (done + count, late + (count if is_late else 0))
        hours = [
            (r["date_closed"] - r["date_received"]).total_seconds() / 3600
            for r in closed_recs
            if r["date_closed"] and r["date_received"]
        ]

        def ratio(part, whole):
            return round(100.0 * part / whole, 1) if whole else 0.0

        return {
            "received": received,
            "valid": valid,
            "closed": len(closed_recs),
            "closure_rate": ratio(len(closed_recs), received),
            "repeat_rate": ratio(repeats, received),
            "regulator_referrals": regulator,
            "satisfaction_rate": ratio(satisfied, revisit_total),
            "average_handling_hours": round(sum(hours) / len(hours), 1) if hours else 0.0,
            "on_time_rate": {
                step: ratio(done - late, done) for step, (done, late) in steps.items()
            },
            "by_department": {
                dept.display_name if dept else "-": count
                for dept, count in Complaint._read_group(domain, ["department_id"], ["__count"])
            },
            "by_category": {
                cat.display_name if cat else "-": count
                for cat, count in Complaint._read_group(domain, ["category_id"], ["__count"])
            },
        }

    @api.model
    def _cron_monthly_summary(self):
        """Scheduled on the 1st: send last month's figures to each company's compliance
        officers (the printed monthly report comes with the reporting module)."""
        today = fields.Date.context_today(self)
        date_to = fields.Datetime.to_datetime(today.replace(day=1))
        date_from = date_to - relativedelta(months=1)
        group = self.env.ref("complaint_management.group_complaint_compliance")
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            users = group.sudo().users.filtered(lambda u, c=company: c in u.company_ids)
            if not users:
                continue
            # Written in the company's language: the job runs as OdooBot.
            self = self.with_context(lang=company.partner_id.lang or self.env.lang)  # noqa: PLW0642
            step_labels = dict(
                self.env["complaint.step"]._fields["step"]._description_selection(self.env)
            )
            stats = self._monthly_statistics(company, date_from, date_to)
            rows = (
                [
                    (self.env._("Received"), stats["received"]),
                    (self.env._("Valid"), stats["valid"]),
                    (self.env._("Closed"), stats["closed"]),
                    (self.env._("Closure rate"), f"{stats['closure_rate']} %"),
                    (self.env._("Repeat rate"), f"{stats['repeat_rate']} %"),
                    (self.env._("Satisfaction rate"), f"{stats['satisfaction_rate']} %"),
                    (self.env._("Average handling time (hours)"), stats["average_handling_hours"]),
                    (self.env._("Regulator referrals"), stats["regulator_referrals"]),
                ]
                + [
                    (self.env._("On time: %s", step_labels[step]), f"{rate} %")
                    for step, rate in stats["on_time_rate"].items()
                ]
                + [
                    (self.env._("Department: %s", name), count)
                    for name, count in stats["by_department"].items()
                ]
                + [
                    (self.env._("Category: %s", name), count)
                    for name, count in stats["by_category"].items()
                ]
            )
            table = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td></tr>") % (label, value) for label, value in rows
            )
            self.env["mail.thread"].sudo().message_notify(
                partner_ids=users.partner_id.ids,
                subject=self.env._(
                    "%(company)s: complaint statistics %(month)s",
                    company=company.name,
                    month=date_from.strftime("%Y-%m"),
                ),
                body=Markup("<table>%s</table>") % table,
                subtype_xmlid="mail.mt_note",
                model=False,
                res_id=False,
            )

    # ================================================================== demo
    @api.model
    def _demo_followup(self, origin_xmlid, xmlid, complaint_type, note):
        """Demo data: register a re-complaint or objection under its own external id, so
        uninstalling the addon removes it with the rest of the demo data."""
        followup = self.env.ref(origin_xmlid)._create_followup(complaint_type, note)
        self.env["ir.model.data"]._update_xmlids(
            [{"xml_id": xmlid, "record": followup, "noupdate": True}]
        )
        return followup.id

    @api.model
    def _demo_walk(self, xmlid, target_state, facts=None):
        """Walk a demo complaint through the real process up to ``target_state``, acting as
        the demo user of each role. Used by the demo data only."""
        facts = facts or {}
        complaint = self.env.ref(xmlid)
        users = {
            role: self.env.ref(f"complaint_management.user_demo_{role}")
            for role in ("desk", "handler", "deptmanager", "supervisor", "gm", "compliance")
        }
        order = [s for s, _label in STATES]
        target = order.index(target_state)

        def reached(_state):
            return order.index(complaint.state) >= target

        department = self.env.ref(
            facts.get("department", "complaint_management.dep_demo_operations")
        )
        handler = (
            users["handler"]
            if department._complaint_has_member(users["handler"])
            else department.manager_id.user_id
        )
        as_desk = complaint.with_user(users["desk"])
        as_handler = complaint.with_user(handler)
        if target_state == "new":
            return True
        as_desk._decide_validity("valid")
        as_desk._dispatch(department, handler)
        if reached("dispatched"):
            return True
        as_handler.action_start_investigation()
        as_handler._log_customer_contact(
            facts.get("contact", "Called the customer, apologised and confirmed the facts.")
        )
        as_handler.write(
            {
                "facts_found": facts.get("facts", "<p>The counter clerk skipped the check.</p>"),
                "root_cause": facts.get("cause", "Procedure not followed at the counter."),
            }
        )
        if reached("investigating"):
            return True
        action = as_handler.action_new_plan()
        plan = self.env["complaint.plan"].browse(action["res_id"]).with_user(handler)
        plan.write(
            {
                "measures": facts.get(
                    "measures", "<p>Refund the fee and apologise in writing.</p>"
                ),
                "date_due": fields.Date.today() + timedelta(days=3),
                "compensation_amount": facts.get("compensation", 0.0),
            }
        )
        plan.action_submit()
        if reached("approval"):
            return True
        while plan.state == "to_approve":
            approval = plan.approval_ids.filtered(lambda a: a.state == "pending").sorted(
                "sequence"
            )[:1]
            approver = (
                approval.user_id
                or users["compliance" if approval.role == "compliance" else "supervisor"]
            )
            approval.with_user(approver).action_approve()
        if reached("customer"):
            return True
        plan.with_user(users["desk"]).action_customer_accept()
        if reached("implementing"):
            return True
        as_handler.write(
            {
                "implementation_note": "Fee refunded; written apology sent.",
                "rectification": "Counter checklist retrained for all clerks.",
                "accountability_note": "Clerk warned; branch head notified.",
            }
        )
        as_handler.action_mark_implemented()
        if complaint.state == "audit":
            if reached("audit"):
                return True
            complaint.with_user(users["supervisor"])._audit_pass("Fair result.")
        if reached("feedback"):
            return True
        as_desk._give_feedback("Explained the refund and the new checklist by phone.")
        if reached("revisit"):
            return True
        wizard = (
            self.env["complaint.revisit.wizard"]
            .with_user(users["desk"])
            .create(
                {
                    "complaint_id": complaint.id,
                    "satisfaction": "4",
                    "outcome": "close",
                    "comment": "Customer thanked us.",
                }
            )
        )
        wizard.action_confirm()
        if reached("closed"):
            return True
        as_desk.action_archive_complaint()
        return True
