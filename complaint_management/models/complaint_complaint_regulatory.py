"""The regulator's floor for banks and insurers (SPEC.md "The regulator's floor"): the
regime a complaint is received under, the intake duties it adds (identity verified, agents
and heirs, at most five representatives), the time limit over the whole complaint and its
extensions (asked and granted in ``complaint_complaint_extension.py``), withdrawal, and the
facts the regulator's figures count.

The time limit is a timed step of its own (``regulatory``, planned in
``complaint_step_clock.py`` on the legal calendar) that no workflow step resets or cancels;
it is met when the decision reaches the complainant: the decision letter
(``complaint_complaint_decision.py``), or the first-contact or invalidity explanation.
Recusal is ``complaint_complaint_recusal.py``. A company without a regime sees none of it."""

from markupsafe import Markup
from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from .constants import CONTACT_CHANNELS, OPEN_STATES, WORKFLOW_TOKEN, deadline_status

IDENTITY_METHODS = [
    ("id_document", "Identity Document Checked"),
    ("online_banking", "Online or Mobile Banking Login"),
    ("phone_banking", "Phone Banking Verification"),
    ("face", "Face Recognition"),
    ("records", "Known Customer, Checked Against Our Records"),
    ("other", "Other"),
]
COMPLAINANT_ROLES = [
    ("self", "The Customer"),
    ("agent", "An Agent With a Signed Authorisation"),
    ("heir", "An Heir With Proof"),
]
# Intake facts the regulator's rules check (at registration and whenever they change).
INTAKE_FACTS = {
    "complainant_role",
    "agent_partner_id",
    "authorisation_attachment_ids",
    "representative_ids",
    "complainant_count",
}
# The identity check: the desk records it, also once the complaint is closed (an archive
# needs it), so these are not DESK_FIELDS.
IDENTITY_FIELDS = {"identity_method", "identity_note"}
# Columns and filters a user none of whose companies works under a regime never sees.
REGULATORY_COLUMNS = {"date_regulatory_deadline", "regulatory_result", "business_line_id"}
REGULATORY_FILTER_PREFIX = "regulatory_"


def hide_regulatory_parts(arch, view_type, columns):
    """Hide the regulator's ``columns`` of a list view, and the filters named
    ``regulatory_*`` of a search view, in ``arch`` (for users of no regulated company)."""
    if view_type == "list":
        for node in arch.iterfind(".//field"):
            if node.get("name") in columns:
                node.set("column_invisible", "True")
    elif view_type == "search":
        for node in arch.iterfind(".//filter"):
            if (node.get("name") or "").startswith(REGULATORY_FILTER_PREFIX):
                node.set("invisible", "1")


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    regime_id = fields.Many2one(
        "complaint.regime",
        "Regulatory Regime",
        compute="_compute_regime_id",
        store=True,
        index=True,
        readonly=True,
        help="The regulator's rules in force for the company when the complaint was received.",
    )
    regulated = fields.Boolean(compute="_compute_regulated", exportable=False)
    regulatory_intake_note = fields.Text(related="company_id.complaint_regime_id.intake_note")

    # ------------------------------------------------------------------ intake duties
    business_line_id = fields.Many2one(
        "complaint.business.line",
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
    )
    cause_id = fields.Many2one(
        "complaint.cause", index=True, tracking=True, check_company=True, ondelete="restrict"
    )
    regulator_reference = fields.Char(
        "Referral No.", help="The regulator's reference of a complaint it referred (监管转送)."
    )
    identity_method = fields.Selection(
        IDENTITY_METHODS, "Identity Verified By", help="How the complainant's identity was checked."
    )
    identity_note = fields.Char("Identity Check Note")
    identity_verified_by_id = fields.Many2one(
        "res.users", "Identity Checked By", readonly=True, copy=False
    )
    date_identity_verified = fields.Datetime("Identity Checked On", readonly=True, copy=False)
    identity_verified = fields.Boolean(compute="_compute_identity_verified", store=True)
    complainant_role = fields.Selection(
        COMPLAINANT_ROLES,
        "Complaint Made By",
        required=True,
        default="self",
        tracking=True,
        help="An agent complains with the customer's signed authorisation, an heir with proof "
        "of succession; either gives their own contact.",
    )
    agent_partner_id = fields.Many2one(
        "res.partner",
        "Agent or Heir",
        check_company=True,
        help="The person complaining for the customer, with their own contact details.",
    )
    authorisation_attachment_ids = fields.Many2many(
        "ir.attachment",
        "complaint_complaint_authorisation_rel",
        "complaint_id",
        "attachment_id",
        "Authorisation or Proof",
        help="The signed authorisation, or the proof of succession.",
    )
    representative_ids = fields.Many2many(
        "res.partner",
        "complaint_complaint_representative_rel",
        "complaint_id",
        "partner_id",
        "Representatives",
        help="The representatives a group complaining in person names (at most 5 under the "
        "banking and insurance regulator's rules).",
    )

    # ------------------------------------------------------------------ the time limit
    regulatory_limit_days = fields.Integer(
        "Time Limit (Days)",
        compute="_compute_regulatory_limit_days",
        store=True,
        help="Days from receipt within which the decision must reach the complainant: the "
        "regime's limit, or the last extension granted.",
    )
    extension_ids = fields.One2many("complaint.extension", "complaint_id", "Extensions")
    extension_count = fields.Integer(
        "Extensions Granted", compute="_compute_extension_count", store=True
    )
    is_extended = fields.Boolean("Extended", compute="_compute_extension_count", store=True)
    extension_pending = fields.Boolean(compute="_compute_extension_count", store=True)
    date_regulatory_deadline = fields.Datetime(
        "Regulatory Deadline",
        compute="_compute_regulatory_clock",
        store=True,
        index=True,
        help="When the regulator's time limit ends (24:00 of its last day, company time).",
    )
    date_regulatory_met = fields.Datetime(
        "Decision Reached Complainant",
        compute="_compute_regulatory_clock",
        store=True,
        help="When the decision (or the first-contact or invalidity explanation) reached the "
        "complainant.",
    )
    regulatory_result = fields.Selection(
        [
            ("pending", "Not Decided Yet"),
            ("on_time", "Decided Within the Limit"),
            ("late", "Decided After the Limit"),
            ("withdrawn", "Withdrawn"),
        ],
        "Regulatory Limit",
        compute="_compute_regulatory_clock",
        store=True,
    )
    regulatory_limit_met = fields.Boolean(
        "Limit Met", compute="_compute_regulatory_clock", store=True
    )
    regulatory_status = fields.Selection(
        [
            ("on_time", "Within Regulatory Limit"),
            ("at_risk", "Regulatory Limit at Risk"),
            ("overdue", "Past Regulatory Limit"),
            ("met", "Decided on Time"),
            ("late", "Decided Late"),
            ("withdrawn", "Withdrawn"),
        ],
        "Time Limit",
        compute="_compute_regulatory_status",
        search="_search_regulatory_status",
    )
    can_approve_extension = fields.Boolean(
        compute="_compute_can_approve_extension", exportable=False
    )

    # ------------------------------------------------------------------ withdrawal
    closure_type = fields.Selection(
        selection_add=[("withdrawn", "Withdrawn by the Complainant")],
        ondelete={"withdrawn": "set null"},
    )
    is_withdrawn = fields.Boolean("Withdrawn", compute="_compute_is_withdrawn", store=True)
    date_withdrawn = fields.Datetime(
        "Withdrawal Received On", readonly=True, copy=False, index=True
    )
    withdrawal_channel = fields.Selection(
        CONTACT_CHANNELS, "Withdrawal Received By", readonly=True, copy=False
    )
    withdrawal_note = fields.Text("Withdrawal", readonly=True, copy=False)

    _sql_constraints = [
        (
            "withdrawal_after_receipt",
            "CHECK(date_withdrawn IS NULL OR date_withdrawn >= date_received)",
            "A complaint cannot be withdrawn before it was received.",
        ),
    ]

    # ================================================================== computes
    @api.depends("company_id")
    def _compute_regime_id(self):
        # Frozen at receipt: only a change of company moves it, not a later change of the
        # company's regime.
        for complaint in self:
            complaint.regime_id = complaint.company_id.complaint_regime_id

    @api.depends("regime_id", "company_id")
    def _compute_regulated(self):
        for complaint in self:
            complaint.regulated = bool(
                complaint.regime_id
                or (not complaint._origin.id and complaint.company_id.complaint_regime_id)
            )

    @api.depends("identity_method", "date_identity_verified")
    def _compute_identity_verified(self):
        for complaint in self:
            complaint.identity_verified = bool(
                complaint.identity_method and complaint.date_identity_verified
            )

    @api.depends("regime_id", "extension_ids.state", "extension_ids.limit_days")
    def _compute_regulatory_limit_days(self):
        for complaint in self:
            granted = complaint.extension_ids.filtered(lambda e: e.state == "granted")
            complaint.regulatory_limit_days = (
                max([complaint.regime_id.limit_days, *granted.mapped("limit_days")])
                if complaint.regime_id
                else 0
            )

    @api.depends("extension_ids.state")
    def _compute_extension_count(self):
        for complaint in self:
            states = complaint.extension_ids.mapped("state")
            complaint.extension_count = states.count("granted")
            complaint.is_extended = "granted" in states
            complaint.extension_pending = "to_approve" in states

    @api.depends("step_ids.state", "step_ids.date_deadline", "step_ids.date_done")
    def _compute_regulatory_clock(self):
        for complaint in self:
            clock = complaint._regulatory_step()
            complaint.date_regulatory_deadline = clock.date_deadline
            complaint.date_regulatory_met = clock.date_done if clock.state == "done" else False
            if not clock:
                result = False
            elif clock.state == "withdrawn":
                result = "withdrawn"
            elif clock.state == "done":
                late = clock.date_deadline and clock.date_done > clock.date_deadline
                result = "late" if late else "on_time"
            else:
                result = "pending"
            complaint.regulatory_result = result
            complaint.regulatory_limit_met = result == "on_time"

    @api.depends("regulatory_result", "date_regulatory_deadline")
    def _compute_regulatory_status(self):
        now = fields.Datetime.now()
        for complaint in self:
            result = complaint.regulatory_result
            if result == "pending":
                clock = complaint._regulatory_step()
                status = deadline_status(clock.date_deadline, clock.date_at_risk, now)
            else:
                status = {"on_time": "met", "late": "late", "withdrawn": "withdrawn"}.get(result)
            complaint.regulatory_status = status or False

    def _search_regulatory_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the time limit."))
        values = {value} if isinstance(value, str) else set(value or [])
        now = fields.Datetime.now()
        pending = [("regulatory_result", "=", "pending")]
        by_status = {
            "overdue": [*pending, ("date_regulatory_deadline", "<", now)],
            "at_risk": [
                *pending,
                ("date_regulatory_deadline", ">=", now),
                (
                    "step_ids",
                    "any",
                    [("step_type", "=", "regulatory"), ("date_at_risk", "<=", now)],
                ),
            ],
            "on_time": [
                *pending,
                ("date_regulatory_deadline", ">=", now),
                ("step_ids", "any", [("step_type", "=", "regulatory"), ("date_at_risk", ">", now)]),
            ],
            "met": [("regulatory_result", "=", "on_time")],
            "late": [("regulatory_result", "=", "late")],
            "withdrawn": [("regulatory_result", "=", "withdrawn")],
        }
        domain = expression.OR([by_status[v] for v in values if v in by_status] or [[(0, "=", 1)]])
        if operator in ("!=", "not in"):
            domain = ["!", *expression.normalize_domain(domain)]
        return domain

    @api.depends_context("uid")
    @api.depends("extension_ids.state", "extension_ids.approver_id")
    def _compute_can_approve_extension(self):
        for complaint in self:
            complaint.can_approve_extension = any(complaint.extension_ids.mapped("can_approve"))

    @api.depends("closure_type")
    def _compute_is_withdrawn(self):
        for complaint in self:
            complaint.is_withdrawn = complaint.closure_type == "withdrawn"

    def _regulatory_step(self):
        """The complaint's regulatory time limit step (empty outside a regime)."""
        self.ensure_one()
        return self.step_ids.filtered(lambda s: s.step_type == "regulatory")[-1:]

    # ================================================================== intake checks
    @api.constrains(*INTAKE_FACTS)
    def _check_regulatory_intake(self):
        """The regulator's intake rules: an agent or heir gives their own contact and the
        signed authorisation or proof; a group names at most the regime's number of
        representatives."""
        for complaint in self.filtered("regime_id"):
            if complaint.complainant_role != "self":
                if not complaint.agent_partner_id:
                    raise ValidationError(
                        self.env._(
                            "Record who complains for the customer (the agent or heir, with "
                            "their own contact details)."
                        )
                    )
                if not complaint.authorisation_attachment_ids:
                    raise ValidationError(
                        self.env._(
                            "Attach the customer's signed authorisation, or the heir's proof "
                            "of succession."
                        )
                    )
            limit = complaint.regime_id.max_representatives
            if len(complaint.representative_ids) > limit:
                raise ValidationError(
                    self.env._(
                        "A group complaining in person names at most %(max)s representatives; "
                        "%(count)s were named. Ask the group to choose %(max)s of them.",
                        max=limit,
                        count=len(complaint.representative_ids),
                    )
                )

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        regulated = complaints.filtered("regime_id")
        regulated.filtered("identity_method")._record_identity_check()
        regulated.filtered(lambda c: c.complaint_type != "review")._open_steps(
            ["regulatory"], anchor="date_received", replace=False
        )
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if "identity_method" in vals:
            self.filtered("regime_id")._record_identity_check()
        if "date_received" in vals:
            clocks = self.sudo().step_ids.filtered(
                lambda s: s.state == "open" and s.step_type == "regulatory"
            )
            for clock in clocks:
                clock.date_start = clock.complaint_id.date_received
            clocks._replan()
        return res

    def _check_write(self, vals):
        res = super()._check_write(vals)
        if (
            set(vals) & IDENTITY_FIELDS
            and not self.env.su
            and self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN
            and not self.env.user.has_group("complaint_management.group_complaint_desk")
        ):
            raise AccessError(self.env._("Only the service desk records the identity check."))
        return res

    def _record_identity_check(self):
        """Who checked the complainant's identity, and when: whoever recorded how."""
        now = fields.Datetime.now()
        for complaint in self:
            vals = {"identity_verified_by_id": False, "date_identity_verified": False}
            if complaint.identity_method:
                vals = {"identity_verified_by_id": self.env.uid, "date_identity_verified": now}
            complaint._workflow().write(vals)

    # ================================================================== helpers
    def _check_regime(self):
        for complaint in self:
            if not complaint.regime_id:
                raise UserError(
                    self.env._(
                        "%s was not received under a regulatory regime: the regulator's time "
                        "limit, extensions, withdrawal and review do not apply to it.",
                        complaint.name,
                    )
                )

    def _check_desk_or_department(self):
        """The desk, or those handling the complaint for its department."""
        if self.env.su or self.env.user.has_group("complaint_management.group_complaint_desk"):
            return
        for complaint in self:
            complaint._check_role("department")

    def _format_local(self, moment):
        """A naive-UTC datetime as the company's local time, for messages."""
        if not moment:
            return ""
        return utc.localize(moment).astimezone(timezone(self._tz())).strftime("%Y-%m-%d %H:%M")

    def _check_reachable(self, channel):
        """Refuse to tell the complainant by email when they have no address."""
        self.ensure_one()
        if channel == "email" and not self.partner_id.email:
            raise UserError(
                self.env._(
                    "%s has no email address: choose another way to reach the complainant.",
                    self.partner_id.display_name,
                )
            )

    def _notify_complainant(self, template_xmlid, channel, summary, attachments=None):
        """Tell the complainant: by email through the mail queue, in their language, when
        ``channel`` is email; otherwise (letter, phone, visit...) the letter or call is
        logged on the complaint with ``summary``. Returns the message."""
        self.ensure_one()
        attachments = attachments or self.env["ir.attachment"]
        if channel == "email":
            self._check_reachable(channel)
            template = self.env.ref(template_xmlid)
            messages = self.with_context(mail_notify_force_send=False).message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=attachments.ids,
            )
            return messages[:1]
        label = self._selection_label("feedback_channel", channel)
        body = Markup("<p>%s</p><p>%s</p>") % (
            self.env._("Sent to the complainant (%s):", label),
            summary,
        )
        return self._message_log(body=body, attachment_ids=attachments.ids)

    # ================================================================== the clock
    def _clock_deadline(self, step, start):
        """When the regulator's clock ``step`` started at ``start`` ends (naive UTC): the
        time limit counts from receipt, the review answer from the review request."""
        self.ensure_one()
        regime = self.regime_id
        if not regime:
            return False
        calendar = self.company_id._get_complaint_legal_calendar()
        if step == "regulatory":
            return calendar._complaint_legal_deadline(
                self.date_received, self.regulatory_limit_days, regime.day_count
            )
        return calendar._complaint_legal_deadline(
            start, self.company_id.complaint_review_answer_days, regime.day_count
        )

    def _meet_regulatory_clock(self, when=None):
        """The decision, or the explanation, reached the complainant: the time limit is met
        (on time or late, as the deadline says)."""
        self.filtered("regime_id")._close_steps(["regulatory"], when)

    def _action_resolve_first_contact(self, note):
        res = super()._action_resolve_first_contact(note)
        self._meet_regulatory_clock()
        return res

    def _action_give_feedback(self, note, channel=None):
        explained = self.filtered(lambda c: c.validity in ("special", "invalid"))
        res = super()._action_give_feedback(note, channel)
        explained._meet_regulatory_clock()
        return res

    # ================================================================== withdrawal
    def _action_withdraw(self, date_withdrawn, channel, note=None):
        """The complainant withdraws the complaint (撤回): the procedure ends on the day the
        withdrawal was received. Open steps close as withdrawn, pending approvals and
        to-dos are cancelled, and the complaint is closed as withdrawn, ready to be
        archived with what it reached."""
        self._check_regime()
        self._check_role("desk")
        self._check_state(*OPEN_STATES)
        self._require(date_withdrawn, self.env._("When was the withdrawal received?"))
        self._require(channel, self.env._("How was the withdrawal received?"))
        when = fields.Datetime.to_datetime(date_withdrawn)
        now = fields.Datetime.now()
        if when > now:
            raise UserError(self.env._("A withdrawal cannot be received in the future."))
        for complaint in self:
            if when < complaint.date_received:
                raise UserError(
                    self.env._(
                        "%(ref)s was received on %(date)s: it cannot have been withdrawn before.",
                        ref=complaint.name,
                        date=complaint._format_local(complaint.date_received),
                    )
                )
        note = (note or "").strip() or False
        for complaint in self:
            private = complaint.sudo()
            private.step_ids._mark_withdrawn(when)
            pending = private.plan_ids.approval_ids.filtered(lambda a: a.state == "pending")
            pending._close_activity()
            pending._workflow().write({"state": "cancelled"})
            asked = private.extension_ids.filtered(lambda e: e.state == "to_approve")
            asked._close_activity()
            asked._workflow().write(
                {"state": "refused", "refusal_note": self.env._("The complaint was withdrawn.")}
            )
            private.review_ids.filtered(lambda r: r.state == "open")._workflow().write(
                {"state": "withdrawn"}
            )
            private.activity_ids.action_feedback(
                feedback=self.env._("The complaint was withdrawn.")
            )
            complaint._workflow().write(
                {
                    "state": "closed",
                    "closure_type": "withdrawn",
                    "date_closed": when,
                    "date_withdrawn": when,
                    "withdrawal_channel": channel,
                    "withdrawal_note": note,
                }
            )
            complaint._message_log(
                body=self.env._(
                    "Withdrawn by the complainant on %(date)s (%(channel)s). %(note)s",
                    date=complaint._format_local(when),
                    channel=complaint._selection_label("withdrawal_channel", channel),
                    note=note or "",
                )
            )
        self._notify_department(self.env._("The complainant withdrew the complaint."))
        return True

    # ================================================================== the handling slip
    def _get_missing_slip_data(self):
        """A withdrawn complaint is archived with what it reached; under a regime, a handled
        complaint also needs its identity check and its decision letter, and no review may
        be pending."""
        self.ensure_one()
        c = self.sudo()
        if c.closure_type == "withdrawn":
            checks = [
                (c.partner_id, self.env._("Complainant")),
                (c.channel_id, self.env._("Channel")),
                (c.receiver_id, self.env._("Received By")),
                (c.description, self.env._("Complaint Content")),
                (c.date_withdrawn, self.env._("Withdrawal Received On")),
                (c.withdrawal_channel, self.env._("Withdrawal Received By")),
            ]
            return [label for value, label in checks if not value]
        missing = super()._get_missing_slip_data()
        if not c.regime_id:
            return missing
        if c.review_ids.filtered(lambda r: r.state == "open"):
            missing.append(self.env._("Review Answer"))
        if c.validity == "valid" and not c.first_contact_resolved:
            if not c.identity_verified:
                missing.append(self.env._("Identity Verified"))
            if not c.date_decision_sent:
                missing.append(self.env._("Decision Letter"))
        return missing

    # ================================================================== views
    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        key = super()._get_view_cache_key(view_id, view_type, **options)
        return (*key, self._complaint_any_regulated())

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """Users none of whose companies works under a regime see no regulatory column or
        filter (the form hides its parts per complaint)."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if not self._complaint_any_regulated():
            hide_regulatory_parts(arch, view_type, REGULATORY_COLUMNS)
        return arch, view

    @api.model
    def _complaint_any_regulated(self):
        return any(company.complaint_regime_id for company in self.env.companies)
