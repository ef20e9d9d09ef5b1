"""The customer's side of a complaint (SPEC.md "Customers' rights"): what the complainant
sees in the portal, and the portal entry points through which they answer the plan, rate
the handling, object to the result or register a new complaint without calling.

The entry points take a complaint the portal controller already checked
(``_document_check_access``: the portal record rule or the mail's access token) and run as
superuser: the ownership check replaces the role check of the desk's buttons, and they call
the same rule methods the desk's buttons call. What they do is logged on the chatter in the
customer's name (author: their partner), recorded as answered through the portal.

Portal users read complaints through the portal record rule. So that no internal data
reaches them through the ORM either (JSON-RPC, reports, exports), they may read no field
of the complaint outside ``PORTAL_FIELDS`` (``check_field_access_rights``)."""

from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime, plaintext2html
from odoo.tools.mimetypes import get_extension, guess_mimetype

from .constants import OPEN_STATES, SATISFACTION, satisfaction_kind

# The only fields of a complaint a portal or public user may read or search through the ORM
# (the portal list reads, sorts and filters on these); the portal pages show the rest of
# what the customer may see through the checked, superuser record.
PORTAL_FIELDS = {
    "name",
    "title",
    "state",
    "date_received",
    "date_closed",
    "complaint_type",
    "partner_id",
    "company_id",
    "display_name",
}
# Plan versions that were put to the customer (drafts and plans under approval never are).
PORTAL_PLAN_STATES = ("approved", "accepted", "refused")
# Evidence a customer may upload from the portal (and that a mail's attachments become):
# documents and pictures, identified by their extension and checked against their content.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 10
OOXML = "application/vnd.openxmlformats-officedocument"
EVIDENCE_TYPES = {
    "pdf": {"application/pdf"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "png": {"image/png"},
    "txt": {"text/plain"},
    "doc": {"application/msword", "application/CDFV2", "application/x-ole-storage"},
    "xls": {
        "application/vnd.ms-excel",
        "application/msword",
        "application/CDFV2",
        "application/x-ole-storage",
    },
    "docx": {f"{OOXML}.wordprocessingml.document", "application/zip"},
    "xlsx": {f"{OOXML}.spreadsheetml.sheet", "application/zip"},
}
# First reply duty (SPEC.md "First reply and time promise"): within 24 hours of receipt.
FIRST_REPLY_HOURS = 24
PORTAL_TITLE_MAX = 200
PORTAL_TEXT_MAX = 20000
PORTAL_FEEDBACK_PREFERENCES = ("portal", "email", "phone", "sms", "letter")


def _is_plain_text(content):
    """Whether ``content`` is text (UTF-8 or GB18030, the encodings Chinese customers use)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return "\x00" not in text and not text.lstrip().startswith("<")
    return False


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    date_privacy_consent = fields.Datetime(
        "Personal Information Consent",
        readonly=True,
        copy=False,
        help="When the complainant agreed, in the customer portal, to the personal "
        "information notice (个人信息保护法) before submitting the complaint.",
    )
    portal_satisfaction = fields.Selection(
        SATISFACTION,
        "Online Rating",
        readonly=True,
        copy=False,
        help="The complainant's own answer to the revisit, given in the customer portal, "
        "waiting for the service desk to decide what follows.",
    )
    portal_comment = fields.Text("Online Comment", readonly=True, copy=False)
    date_portal_answer = fields.Datetime("Answered Online On", readonly=True, copy=False)

    # ================================================================== field access
    @api.model
    def _portal_denied_fields(self):
        """The fields a portal or public user may not read: every field this addon
        declares on the complaint apart from ``PORTAL_FIELDS`` (a field added later is
        internal until it is deliberately made public). Fields of Odoo's mixins (chatter,
        portal access) keep their own rules."""
        return {
            name
            for name, field in self._fields.items()
            if field._module == "complaint_management"
            and not field.automatic
            and name not in PORTAL_FIELDS
        }

    @api.model
    def check_field_access_rights(self, operation, field_names):
        """Portal and public users read the complaint through the portal record rule:
        facts found, root causes, compliance flags, grade reasons or other customers never
        reach them through JSON-RPC, a search or a report (as ``project.task`` guards its
        portal fields)."""
        if self.env.su or not self.env.user.share:
            return super().check_field_access_rights(operation, field_names)
        denied = self._portal_denied_fields()
        if field_names:
            refused = sorted(set(field_names) & denied)
            if refused:
                raise AccessError(
                    self.env._(
                        "You cannot read these fields of a complaint: %s", ", ".join(refused)
                    )
                )
            return super().check_field_access_rights(operation, field_names)
        return [
            fname
            for fname in super().check_field_access_rights(operation, field_names)
            if fname not in denied
        ]

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        # Prefetching for a portal user reads only what they may read.
        if not self.env.su and self.env.user.share:
            denied = self._portal_denied_fields()
            field_names = [fname for fname in field_names if fname not in denied]
        return super()._determine_fields_to_fetch(field_names, ignore_when_in_cache)

    # ================================================================== what the customer sees
    def _portal_state_label(self):
        """The state in words a customer understands; internal stages (approval, audit)
        are not named."""
        self.ensure_one()
        labels = {
            "new": self.env._("Received"),
            "dispatched": self.env._("Being investigated"),
            "investigating": self.env._("Being investigated"),
            "approval": self.env._("A solution is being prepared"),
            "customer": self.env._("Awaiting your answer to our proposal"),
            "implementing": self.env._("The solution is being carried out"),
            "audit": self.env._("The solution is being carried out"),
            "feedback": self.env._("We are preparing our answer"),
            "revisit": self.env._("Awaiting your opinion of our handling"),
            "closed": self.env._("Closed"),
            "archived": self.env._("Closed"),
        }
        return labels[self.state]

    def _portal_next_contact(self):
        """When the complainant will next hear from us, as promised to them: the feedback
        deadline once the answer is being prepared, the plan's due date while it is carried
        out, the first reply (24 hours after receipt) while it is registered, the
        department's first contact while it is investigated; under a regulatory regime,
        never later than the time limit the decision is owed by. Never an internal step
        deadline (dispatch, approval, audit). False when we wait for the customer or when
        it is closed."""
        self.ensure_one()
        complaint = self.sudo()
        moment = complaint._portal_step_contact()
        owed = complaint.regime_id and not complaint.date_regulatory_met
        limit = complaint.date_regulatory_deadline if owed else False
        # While we wait for the customer's answer, the next move is theirs.
        if limit and complaint.state in set(OPEN_STATES) - {"customer", "revisit"}:
            return min(filter(None, [moment, limit]))
        return moment

    def _portal_step_contact(self):
        """The contact the current step promises the complainant (see _portal_next_contact)."""
        self.ensure_one()
        complaint = self.sudo()
        open_steps = complaint.step_ids.filtered(lambda s: s.state == "open" and s.date_deadline)

        def deadline(step_type):
            steps = open_steps.filtered(lambda s: s.step_type == step_type)
            return min(steps.mapped("date_deadline"), default=False)

        if complaint.state == "new":
            return complaint.date_received + timedelta(hours=FIRST_REPLY_HOURS)
        if complaint.state in ("dispatched", "investigating"):
            return deadline("contact")
        if complaint.state in ("implementing", "audit"):
            plan = complaint._result_letter_plan()
            if not plan.date_due:
                return False
            # The end of the due day, in the company's time zone.
            end_of_day = datetime.combine(plan.date_due, time(23, 59))
            return (
                pytz.timezone(self._tz())
                .localize(end_of_day)
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
            )
        if complaint.state == "feedback":
            return deadline("feedback")
        return False

    def _portal_next_contact_text(self):
        """``_portal_next_contact`` in the customer's language and the company's time zone."""
        self.ensure_one()
        moment = self._portal_next_contact()
        if not moment:
            return ""
        return format_datetime(self.env, moment, tz=self._tz(), dt_format="short")

    def _portal_plans(self):
        """The plan versions put to the customer, newest first."""
        self.ensure_one()
        return (
            self.sudo()
            .plan_ids.filtered(lambda p: p.state in PORTAL_PLAN_STATES)
            .sorted("version", reverse=True)
        )

    def _portal_plan_to_answer(self):
        """The approved plan waiting for the customer's answer, if any."""
        self.ensure_one()
        plan = self.sudo().plan_id
        return plan if self.state == "customer" and plan.state == "approved" else plan.browse()

    def _portal_answers(self):
        """What we told the customer, once told: the first-contact explanation, the
        explanation of a special or invalid complaint, the feedback on the result."""
        self.ensure_one()
        complaint = self.sudo()
        answers = []
        if complaint.first_contact_resolved and complaint.first_contact_note:
            answers.append(complaint.first_contact_note)
        if complaint.date_feedback:
            if complaint.validity in ("special", "invalid") and complaint.validity_explanation:
                answers.append(complaint.validity_explanation)
                if complaint.referred_to:
                    answers.append(
                        self.env._("Competent body: %s", complaint.referred_to),
                    )
            if complaint.feedback_note:
                answers.append(complaint.feedback_note)
        return answers

    def _portal_letters(self):
        """The letters (PDF ``ir.attachment``) the complainant may download from the portal
        for this complaint: the result letter of the feedback step once given, and the
        decision letter (处理决定) once sent under a regulatory regime. Empty when there is
        none. Never the internal handling slip."""
        self.ensure_one()
        letters = self.env["ir.attachment"]
        if self.sudo().date_feedback:
            letters |= self.sudo()._result_letter_attachment()
        if self.sudo().decision_state == "sent":
            letters |= self.sudo().decision_attachment_id
        return letters

    def _portal_can_rate(self):
        self.ensure_one()
        return self.state == "revisit" and not self.sudo().date_portal_answer

    def _portal_can_object(self):
        self.ensure_one()
        return self.state in ("revisit", "closed", "archived") and bool(
            self.sudo().date_feedback or self.sudo().first_contact_resolved
        )

    def _portal_objections(self):
        self.ensure_one()
        return self.sudo().followup_complaint_ids.filtered(
            lambda c: c.complaint_type == "objection"
        )

    # ================================================================== portal entry points
    def _check_portal_call(self):
        """Portal entry points take the superuser record ``_document_check_access``
        returned, for one complaint: anything else has not been checked."""
        if not self.env.su or len(self) != 1:
            raise AccessError(self.env._("This action is only available from the customer portal."))

    def _portal_log(self, author, body):
        """Log a customer's portal action on the chatter, in their name: a message the
        desk is notified of and the customer sees in the portal. Returns the message."""
        return self.message_post(
            body=body,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _action_portal_accept_plan(self, author):
        """SPEC step 9, from the portal: the customer accepts the plan put to them (as the
        desk's "Customer Accepts Plan")."""
        self._check_portal_call()
        plan = self._portal_plan_to_answer()
        if not plan:
            raise UserError(self.env._("There is no proposal waiting for your answer."))
        plan.action_customer_accept()
        plan._workflow().write({"decision_channel": "portal"})
        self._portal_log(
            author,
            self.env._(
                "Accepted the proposed solution (version %s) in the customer portal.", plan.version
            ),
        )
        return True

    def _action_portal_refuse_plan(self, author, reason):
        """SPEC step 9, from the portal: the customer refuses the plan with a reason; it
        goes back to the department exactly as the desk's "Customer Refuses Plan"."""
        self._check_portal_call()
        plan = self._portal_plan_to_answer()
        if not plan:
            raise UserError(self.env._("There is no proposal waiting for your answer."))
        reason = (reason or "").strip()[:PORTAL_TEXT_MAX]
        if not reason:
            raise UserError(self.env._("Tell us why the proposal does not suit you."))
        plan._action_customer_refuse(reason)
        plan._workflow().write({"decision_channel": "portal"})
        self._portal_log(
            author,
            Markup("<p>%s</p><p>%s</p>")
            % (
                self.env._(
                    "Refused the proposed solution (version %s) in the customer portal:",
                    plan.version,
                ),
                reason,
            ),
        )
        return True

    def _action_portal_revisit(self, author, satisfaction, comment=None):
        """SPEC step 13, from the portal: the complainant's own answer to the revisit. A
        satisfied answer is recorded as the revisit and closes the complaint, as the desk's
        revisit does; otherwise the answer waits for the desk, who gets a to-do to choose a
        new plan, a re-complaint or crisis handling (or to close a neutral one)."""
        self._check_portal_call()
        if self.date_portal_answer:
            raise UserError(self.env._("You already answered: the service desk will contact you."))
        if not self._portal_can_rate():
            raise UserError(self.env._("We are not asking for your rating at the moment."))
        if satisfaction not in dict(SATISFACTION):
            raise UserError(self.env._("Choose how satisfied you are, from 1 to 5."))
        comment = (comment or "").strip()[:PORTAL_TEXT_MAX] or False
        label = self._selection_label("satisfaction", satisfaction)
        body = Markup("<p>%s</p>") % self.env._(
            "Rated the handling in the customer portal: %s.", label
        )
        if comment:
            body += Markup("<p>%s</p>") % comment
        self._portal_log(author, body)
        if satisfaction_kind(satisfaction) == "satisfied":
            self._action_record_revisit(
                {
                    "user_id": (author.user_ids[:1] or self.env.ref("base.user_root")).id,
                    "partner_id": author.id,
                    "channel": "portal",
                    "satisfaction": satisfaction,
                    "comment": comment,
                    "outcome": "close",
                }
            )
            return True
        self._workflow().write(
            {
                "portal_satisfaction": satisfaction,
                "portal_comment": comment,
                "date_portal_answer": fields.Datetime.now(),
            }
        )
        if satisfaction_kind(satisfaction) == "neutral":
            note = self.env._("Close the complaint or make a new plan.")
        else:
            note = self.env._("Choose a new plan, a re-complaint or crisis handling.")
        self._schedule_desk_todo(
            "complaint_management.mail_activity_type_complaint_portal_answer",
            self.env._(
                "%(ref)s: the customer rated the handling %(label)s", ref=self.name, label=label
            ),
            note,
        )
        return True

    def _action_record_revisit(self, values):
        # A revisit recorded from the customer's online answer is theirs, through the
        # portal; once recorded, the answer and the desk's to-do are done with.
        if self.portal_satisfaction and values.get("satisfaction") == self.portal_satisfaction:
            values = dict(values)
            values.setdefault("partner_id", self.partner_id.id)
        followup = super()._action_record_revisit(values)
        if self.portal_satisfaction:
            self._workflow().write({"portal_satisfaction": False, "portal_comment": False})
            self.sudo().activity_feedback(
                ["complaint_management.mail_activity_type_complaint_portal_answer"]
            )
        return followup

    def _action_portal_object(self, author, reason):
        """SPEC step 15, from the portal: the customer objects to the result (申诉): a
        linked objection, counted in the problem group as the desk's "Register Objection"
        does, received through the website by the desk's receiving employee."""
        self._check_portal_call()
        if not self._portal_can_object():
            raise UserError(self.env._("You can object once we have given you our answer."))
        reason = (reason or "").strip()[:PORTAL_TEXT_MAX]
        if not reason:
            raise UserError(self.env._("Tell us why you object to the result."))
        followup = self.with_context(complaint_defer_acknowledgement=True)._create_followup(
            "objection", reason
        )
        followup = followup.with_context(complaint_defer_acknowledgement=False)
        followup.write(
            {
                "channel_id": self.env.ref("complaint_management.complaint_channel_website").id,
                "receiver_id": followup.company_id._complaint_intake_user().id,
            }
        )
        body = Markup("<p>%s</p><p>%s</p>") % (
            self.env._("Objected to the result in the customer portal:"),
            reason,
        )
        self._portal_log(author, body + Markup("<p>%s</p>") % followup._get_html_link())
        followup._portal_log(author, body)
        followup._send_customer_notice("acknowledgement")
        return followup

    @api.model
    def _portal_create_complaint(self, author, values, files=()):
        """SPEC step 1, from the portal: a logged-in customer registers a complaint, after
        agreeing to the personal-information notice. ``values``: title, description,
        customer_demand, contact_phone, account_number, feedback_preference, consent;
        ``files``: (file name, content) pairs, each checked (type, size). Received through
        the website by the desk's receiving employee. Returns the new complaint."""
        if not self.env.su:
            raise AccessError(self.env._("This action is only available from the customer portal."))
        title = (values.get("title") or "").strip()
        description = (values.get("description") or "").strip()
        if not title:
            raise UserError(self.env._("Give your complaint a subject."))
        if len(title) > PORTAL_TITLE_MAX:
            raise UserError(
                self.env._("The subject is too long (at most %s characters).", PORTAL_TITLE_MAX)
            )
        if not description:
            raise UserError(self.env._("Describe what happened."))
        if len(description) > PORTAL_TEXT_MAX:
            raise UserError(
                self.env._("The description is too long (at most %s characters).", PORTAL_TEXT_MAX)
            )
        preference = values.get("feedback_preference") or "portal"
        if preference not in PORTAL_FEEDBACK_PREFERENCES:
            raise UserError(self.env._("Choose how we should answer you."))
        if not values.get("consent"):
            raise UserError(
                self.env._(
                    "Please read the personal information notice and agree to it: we cannot "
                    "handle your complaint without processing your personal information."
                )
            )
        files = self._check_evidence_files(files)
        company = self.env.company
        demand = (values.get("customer_demand") or "").strip()[:PORTAL_TEXT_MAX]
        vals = {
            "title": title,
            "description": plaintext2html(description),
            "customer_demand": demand or False,
            "partner_id": author.id,
            "partner_email": author.email or False,
            "partner_phone": (values.get("contact_phone") or "").strip()[:64] or False,
            "account_number": (values.get("account_number") or "").strip()[:64] or False,
            "feedback_preference": preference,
            "channel_id": self.env.ref("complaint_management.complaint_channel_website").id,
            "receiver_id": company._complaint_intake_user().id,
            "company_id": company.id,
            "date_privacy_consent": fields.Datetime.now(),
        }
        complaint = (
            self.with_company(company)
            .with_context(complaint_defer_acknowledgement=True)
            ._workflow()
            .create(vals)
        )
        message = complaint.with_context(complaint_defer_acknowledgement=False).message_post(
            body=self.env._("Complaint submitted in the customer portal."),
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=files,
        )
        if message.attachment_ids:
            complaint.write(
                {"evidence_attachment_ids": [(4, a.id) for a in message.attachment_ids]}
            )
        complaint = complaint.with_context(complaint_defer_acknowledgement=False)
        complaint._send_customer_notice("acknowledgement")
        return complaint

    @api.model
    def _evidence_refusal(self, name, content):
        """Why the file ``name`` cannot be kept as evidence, or None when it can."""
        if len(content) > EVIDENCE_MAX_BYTES:
            return self.env._(
                "%(name)s is larger than %(size)s MB.",
                name=name,
                size=EVIDENCE_MAX_BYTES // (1024 * 1024),
            )
        if not content:
            return self.env._("%s is empty.", name)
        extension = (get_extension(name) or "").lstrip(".").lower()
        allowed = EVIDENCE_TYPES.get(extension)
        if extension == "txt":
            accepted = _is_plain_text(content)
        else:
            accepted = bool(allowed) and guess_mimetype(content) in allowed
        if not accepted:
            return self.env._(
                "%s is not a file type we accept (PDF, JPEG or PNG pictures, Word, Excel, "
                "plain text).",
                name,
            )
        return None

    @api.model
    def _check_evidence_files(self, files):
        """The (name, content) pairs of ``files`` once each is accepted as evidence;
        refuses them all with every reason otherwise."""
        files = [(name, content) for name, content in files if name]
        if len(files) > EVIDENCE_MAX_FILES:
            raise UserError(
                self.env._("Attach at most %s files.", EVIDENCE_MAX_FILES),
            )
        refusals = [r for r in (self._evidence_refusal(n, c) for n, c in files) if r]
        if refusals:
            raise UserError("\n".join(refusals))
        return files

    def action_customer_preview(self):
        """Open the complaint's page in the customer portal, as the complainant sees it."""
        self.ensure_one()
        self._check_role("desk")
        return {"type": "ir.actions.act_url", "url": self.get_portal_url(), "target": "self"}
