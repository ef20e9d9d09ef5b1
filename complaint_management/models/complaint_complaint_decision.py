"""The decision and its review, under a regulatory regime (SPEC.md "The regulator's floor"):
the complainant's demands as lines (诉求), each with its decision and basis; the decision
letter (处理决定), a PDF in the complainant's language stating them and the remedies open
if they disagree, kept on the complaint exactly as sent; and the review (核查) a higher
level of the institution answers within its own time when the complainant asks for it."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .complaint_demand import DECISION_FIELDS, DEMAND_FIELDS
from .constants import CONTACT_CHANNELS, OPEN_STATES, is_blank

# The decision may reach the complainant once the plan was approved (or the complaint was
# found special or invalid), and until the complaint is archived.
DECISION_STATES = ("customer", "implementing", "audit", "feedback", "revisit", "closed")


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    complaint_type = fields.Selection(
        selection_add=[("review", "Review")], ondelete={"review": "set default"}
    )
    closure_type = fields.Selection(
        selection_add=[("review_upheld", "Review Upheld the Decision")],
        ondelete={"review_upheld": "set null"},
    )
    demand_ids = fields.One2many("complaint.demand", "complaint_id", "Demands", copy=False)
    decision_state = fields.Selection(
        [("draft", "Not Sent"), ("sent", "Sent")],
        "Decision Letter",
        default="draft",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
    )
    decision_attachment_id = fields.Many2one(
        "ir.attachment",
        "Decision Letter (PDF)",
        readonly=True,
        copy=False,
        help="The decision letter exactly as sent to the complainant.",
    )
    date_decision_sent = fields.Datetime("Decision Sent On", readonly=True, copy=False)
    decision_channel = fields.Selection(
        CONTACT_CHANNELS, "Decision Sent Through", readonly=True, copy=False
    )
    decision_user_id = fields.Many2one("res.users", "Decision Sent By", readonly=True, copy=False)
    date_review_limit = fields.Datetime(
        "Review Asked By",
        readonly=True,
        copy=False,
        help="The last moment the complainant may ask for a review of the decision.",
    )
    review_ids = fields.One2many("complaint.review", "complaint_id", "Reviews")
    review_state = fields.Selection(
        [
            ("open", "Under Review"),
            ("upheld", "Decision Upheld"),
            ("changed", "Decision Changed"),
            ("withdrawn", "Withdrawn"),
        ],
        compute="_compute_review_state",
        store=True,
    )
    is_reviewed = fields.Boolean("Reviewed", compute="_compute_review_state", store=True)
    can_decide_review = fields.Boolean(compute="_compute_can_decide_review", exportable=False)
    can_request_review = fields.Boolean(compute="_compute_can_request_review", exportable=False)

    # ================================================================== computes
    @api.depends("review_ids.state")
    def _compute_review_state(self):
        for complaint in self:
            review = complaint.review_ids.sorted(lambda r: (r.date_requested, r.id))[-1:]
            complaint.review_state = review.state or False
            complaint.is_reviewed = bool(review) and review.state != "withdrawn"

    @api.depends_context("uid")
    @api.depends("review_ids.state", "review_ids.reviewer_id")
    def _compute_can_decide_review(self):
        for complaint in self:
            complaint.can_decide_review = bool(
                complaint.review_ids.filtered(
                    lambda r: r.state == "open" and r.reviewer_id == self.env.user
                )
            )

    @api.depends_context("uid")
    @api.depends("decision_state", "date_review_limit", "review_ids")
    def _compute_can_request_review(self):
        is_desk = self.env.user.has_group("complaint_management.group_complaint_desk")
        reviewed = set(
            self.env["complaint.review"]
            .sudo()
            .search([("reviewed_complaint_id", "in", self.ids), ("state", "!=", "withdrawn")])
            .reviewed_complaint_id.ids
        )
        now = fields.Datetime.now()
        for complaint in self:
            complaint.can_request_review = bool(
                is_desk
                and complaint.regime_id
                and complaint.date_decision_sent
                and complaint.id not in reviewed
                and (not complaint.date_review_limit or now <= complaint.date_review_limit)
            )

    def action_download_decision(self):
        """Download the decision letter exactly as it was sent."""
        self.ensure_one()
        if not self.decision_attachment_id:
            raise UserError(self.env._("No decision letter was sent yet."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.decision_attachment_id.id}?download=true",
            "target": "self",
        }

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        # The demand registered as text becomes the first line of the decision.
        lines = [
            {"complaint_id": c.id, "name": c.customer_demand.strip()}
            for c in complaints
            if c.regime_id
            and c.complaint_type != "review"
            and not c.demand_ids
            and (c.customer_demand or "").strip()
        ]
        if lines:
            self.env["complaint.demand"].sudo().create(lines)
        return complaints

    def _check_demands_editable(self, fnames):
        """Refuse changes to the demands the process does not allow: once the decision was
        sent they are fixed (a review that changes the outcome opens them again); the desk
        registers demands, the desk and the department decide them."""
        self.ensure_one()
        if self.state == "archived":
            raise UserError(
                self.env._(
                    "%s is archived: archived complaints are read-only for everyone.", self.name
                )
            )
        if self.env.su:
            return
        # A closed complaint whose decision was never sent may still get it (archiving
        # needs it).
        if self.state not in (*OPEN_STATES, "closed"):
            raise UserError(self.env._("%s is no longer open.", self.name))
        if self.decision_state == "sent":
            raise UserError(
                self.env._(
                    "The decision on %s was sent to the complainant: its demands and "
                    "decisions are on record.",
                    self.name,
                )
            )
        is_desk = self.env.user.has_group("complaint_management.group_complaint_desk")
        if fnames & DEMAND_FIELDS and not is_desk:
            raise AccessError(self.env._("Only the service desk registers the demands."))
        if fnames & DECISION_FIELDS:
            if not (is_desk or self._is_department_user()):
                raise AccessError(
                    self.env._("Only those handling %s decide on its demands.", self.name)
                )
            self._check_recusal(self.env.user, "handle")

    # ================================================================== the decision letter
    def _action_send_decision(self, channel=None):
        """Send the decision (处理决定) to the complainant: the decision on each demand and its
        basis, and the remedies open if they disagree (review, mediation, arbitration,
        litigation). Refused while a demand has no decision or no basis. The PDF, in the
        complainant's language, is kept on the complaint exactly as sent; the time limit is
        met."""
        self.ensure_one()
        self._check_regime()
        self._check_role("desk")
        self._check_state(*DECISION_STATES)
        if self.decision_state == "sent":
            raise UserError(
                self.env._(
                    "The decision on %(ref)s was already sent on %(date)s.",
                    ref=self.name,
                    date=self._format_local(self.date_decision_sent),
                )
            )
        if not self.identity_verified:
            raise UserError(
                self.env._(
                    "Verify the complainant's identity before sending the decision: record "
                    "how it was checked."
                )
            )
        demands = self.sudo().demand_ids
        if not demands:
            raise UserError(
                self.env._("Record the complainant's demands: the decision answers each of them.")
            )
        undecided = [
            demand.name
            for demand in demands
            if not demand.decision or is_blank(demand.decision_note) or is_blank(demand.basis)
        ]
        if undecided:
            raise UserError(
                self.env._(
                    "The decision cannot be sent while a demand has no decision or no basis: %s",
                    "; ".join(undecided),
                )
            )
        channel = channel or ("email" if self.partner_id.email else "letter")
        self._check_reachable(channel)
        now = fields.Datetime.now()
        letter = self._render_decision_letter()
        calendar = self.company_id._get_complaint_legal_calendar()
        review_limit = calendar._complaint_legal_deadline(
            now, self.company_id.complaint_review_request_days, self.regime_id.day_count
        )
        self._workflow().write(
            {
                "decision_state": "sent",
                "decision_attachment_id": letter.id,
                "date_decision_sent": now,
                "decision_channel": channel,
                "decision_user_id": self.env.uid,
                "date_review_limit": review_limit,
            }
        )
        summary = self.env._(
            "Our decision on your complaint %(ref)s, on each of your demands and its basis, is "
            "in the attached letter. If you disagree you may ask us for a review until "
            "%(date)s, or turn to mediation, arbitration or the courts.",
            ref=self.name,
            date=self._format_local(review_limit),
        )
        self._notify_complainant(
            "complaint_management.mail_template_complaint_decision", channel, summary, letter
        )
        self._meet_regulatory_clock(now)
        return True

    def _render_decision_letter(self):
        """The decision letter as a PDF in the complainant's language, filed on the
        complaint."""
        self.ensure_one()
        lang = self.partner_id.lang or self.company_id.partner_id.lang or self.env.lang
        report = self.env["ir.actions.report"].with_context(lang=lang)
        ref = "complaint_management.complaint_decision_report_action"
        if self.env.registry.ready:
            content, kind = report._render_qweb_pdf(ref, self.ids)
        else:
            # Module data (the demo) loads with no server running for wkhtmltopdf to fetch
            # the layout from: the letter is filed as the HTML the PDF is printed from.
            content, kind = report._render_qweb_html(ref, self.ids)
        title = self.with_context(lang=lang).env._("Decision %s", self.name)
        return (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{title}.{kind}",
                    "raw": content,
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/pdf" if kind == "pdf" else "text/html",
                }
            )
        )

    def _letter_date(self):
        """Today in the company's time zone, as a letter is dated."""
        return self._format_local(fields.Datetime.now())[:10]

    def _decision_lines(self):
        """The demands as the letter prints them (read by those the letter is for)."""
        self.ensure_one()
        return self.sudo().demand_ids

    # ================================================================== review
    def _action_request_review(self, date_requested, channel, reason):
        """The complainant asks for a review (核查) of the decision, within the company's
        period after it reached them. A higher level (the review officer) re-examines the
        handling and answers within the review time, a timed step. On an archived complaint,
        which stays read-only, a linked complaint is opened to carry the review. Returns the
        review."""
        self.ensure_one()
        self._check_regime()
        self._check_role("desk")
        self._require(date_requested, self.env._("When was the review asked for?"))
        self._require(reason, self.env._("Record the complainant's grounds for the review."))
        # Only the process records reviews (as superuser): check what the user gave.
        self.env["complaint.review"]._check_user_input([{"channel": channel, "reason": reason}])
        if not self.date_decision_sent:
            raise UserError(
                self.env._(
                    "No decision on %s reached the complainant yet: a review re-examines a "
                    "decision.",
                    self.name,
                )
            )
        when = fields.Datetime.to_datetime(date_requested)
        if when > fields.Datetime.now():
            raise UserError(self.env._("A review cannot be asked for in the future."))
        if when < self.date_decision_sent:
            raise UserError(self.env._("A review is asked for after the decision was sent."))
        if self.date_review_limit and when > self.date_review_limit:
            raise UserError(
                self.env._(
                    "The period for asking a review of %(ref)s ended on %(date)s (%(days)s days "
                    "after the decision reached the complainant).",
                    ref=self.name,
                    date=self._format_local(self.date_review_limit),
                    days=self.company_id.complaint_review_request_days,
                )
            )
        Review = self.env["complaint.review"].sudo()
        if Review.search_count(
            [("reviewed_complaint_id", "=", self.id), ("state", "!=", "withdrawn")], limit=1
        ):
            raise UserError(self.env._("The decision on %s was already reviewed.", self.name))
        reviewer = self.company_id._complaint_reviewer()
        if not reviewer:
            raise UserError(self.env._("Set the review officer in Complaints settings."))
        self._check_recusal(reviewer, "review")
        carrier = self
        if self.state == "archived":
            carrier = self._create_followup("review", reason.strip())
            # It waits for the review: the process restarts only if the decision changes.
            carrier._cancel_steps()
            self.env["complaint.demand"].sudo().create(
                [
                    {"complaint_id": carrier.id, "name": demand.name, "sequence": demand.sequence}
                    for demand in self.sudo().demand_ids
                ]
            )
        step = (
            self.env["complaint.step"]
            .sudo()
            .create({"complaint_id": carrier.id, "step_type": "review", "date_start": when})
        )
        review = Review._workflow().create(
            {
                "complaint_id": carrier.id,
                "reviewed_complaint_id": self.id,
                "date_requested": when,
                "channel": channel,
                "reason": reason.strip(),
                "reviewer_id": reviewer.id,
                "step_id": step.id,
            }
        )
        activity = carrier.sudo().activity_schedule(
            "complaint_management.mail_activity_type_complaint_approval",
            user_id=reviewer.id,
            date_deadline=fields.Date.context_today(self, step.date_deadline),
            summary=self.env._("Review the handling of %s", self.name),
            note=reason.strip(),
        )
        review._workflow().write({"activity_id": activity.id})
        carrier.sudo().message_subscribe(partner_ids=reviewer.partner_id.ids)
        carrier._message_log(
            body=self.env._(
                "Review asked for on %(date)s: %(reason)s. %(user)s answers by %(due)s.",
                date=self._format_local(when),
                reason=reason.strip(),
                user=reviewer.name,
                due=self._format_local(step.date_deadline),
            )
        )
        return review.with_env(self.env)

    def _action_decide_review(self, outcome, note):
        """The review officer answers the review: the decision is upheld, or changed. The
        complainant is told, with the remedies still open to them. A changed decision
        re-opens the plan (a new plan and a new decision letter follow); on a complaint
        opened for the review of an archived one, the desk dispatches it."""
        self.ensure_one()
        if outcome not in ("upheld", "changed"):
            raise UserError(self.env._("A review upholds or changes the decision."))
        review = self.sudo().review_ids.filtered(lambda r: r.state == "open")[:1]
        if not review:
            raise UserError(self.env._("No review of %s is open.", self.name))
        if not self.env.su and review.reviewer_id != self.env.user:
            raise AccessError(
                self.env._(
                    "The review of %(ref)s is for %(user)s to answer.",
                    ref=self.name,
                    user=review.reviewer_id.name,
                )
            )
        self._check_recusal(self.env.user, "review")
        self._require(note, self.env._("Record what the review found."))
        self.env["complaint.review"]._check_user_input([{"note": note}])
        now = fields.Datetime.now()
        review._workflow().write(
            {
                "state": outcome,
                "note": note.strip(),
                "decided_by_id": self.env.uid,
                "date_decided": now,
            }
        )
        review.step_id._mark_done(now)
        activities = review.activity_id.exists()
        if activities:
            activities.action_feedback(feedback=self.env._("Answered."))
        label = review._fields["state"]._description_selection(self.env)
        summary = Markup("%s<br/>%s<br/>%s") % (
            self.env._(
                "The review of your complaint %(ref)s is done: %(outcome)s.",
                ref=review.reviewed_complaint_id.name,
                outcome=dict(label)[outcome],
            ),
            note.strip(),
            self.regime_id.remedies or "",
        )
        channel = "email" if self.partner_id.email else self.feedback_preference
        self.sudo()._notify_complainant(
            "complaint_management.mail_template_complaint_review", channel, summary
        )
        carrier = self.sudo()
        if outcome == "changed" and review.reviewed_complaint_id == self:
            # Back to the department's plan; a complaint no department handled yet (found
            # special or invalid at intake) goes back to the desk to be dispatched.
            vals = {"state": "investigating", "decision_state": "draft"}
            if not self.department_id:
                vals.update(state="new", validity="valid")
            if self.state == "closed":
                vals.update(closure_type=False, date_closed=False)
            carrier._workflow().write(vals)
            carrier._cancel_steps()
            carrier._open_steps(["plan"] if self.department_id else ["dispatch", "plan"])
            carrier._notify_department(
                self.env._("The review changed the decision: draft a new plan. %s", note.strip())
            )
        elif outcome == "changed":
            carrier._workflow().write({"validity": "valid"})
            carrier._open_steps(["dispatch", "plan"])
            carrier.message_post(
                body=self.env._(
                    "The review changed the decision on %(ref)s: dispatch this complaint to "
                    "handle it again. %(note)s",
                    ref=review.reviewed_complaint_id.name,
                    note=note.strip(),
                ),
                partner_ids=carrier.receiver_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        elif review.reviewed_complaint_id != self:
            carrier._workflow().write(
                {"state": "closed", "closure_type": "review_upheld", "date_closed": now}
            )
            carrier._cancel_steps()
        return True

    def _last_review(self):
        """The last review decided (the answer mail reads it)."""
        self.ensure_one()
        decided = self.sudo().review_ids.filtered(lambda r: r.state in ("upheld", "changed"))
        return decided.sorted(lambda r: (r.date_decided, r.id))[-1:]

    def _followup_label(self, complaint_type):
        if complaint_type == "review":
            return self.env._("Review")
        return super()._followup_label(complaint_type)

    def _get_missing_slip_data(self):
        self.ensure_one()
        c = self.sudo()
        if c.closure_type != "review_upheld":
            return super()._get_missing_slip_data()
        checks = [
            (c.partner_id, self.env._("Complainant")),
            (c.channel_id, self.env._("Channel")),
            (c.receiver_id, self.env._("Received By")),
            (c.description, self.env._("Complaint Content")),
            (c.review_ids.filtered(lambda r: r.state == "upheld"), self.env._("Review Answer")),
        ]
        return [label for value, label in checks if is_blank(value)]
