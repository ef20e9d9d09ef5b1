"""The complaint's side of the customer-contact duties (SPEC.md "First reply and time
promise", "Communication leaves a trace that cannot be altered"): its contact log, the
first reply due from receipt, the promises made to the customer and kept, the problems
raised at the revisit and the key-customer mark of a dissatisfied complainant.

Every way the complainant is contacted writes a contact (``_log_contact``): the staff's
"Log Contact", the department's first contact, the first-contact resolution, the feedback,
the revisit, the customer's portal answers, the notices of the regulator's floor sent by
letter or phone, and every mail to the complainant once actually sent
(``mail.mail._postprocess_sent_message``). A contact to the customer meets the first reply
and keeps every promise open until then; a promise it makes opens a step of its own."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime, html2plaintext

from .complaint_contact import CONTACT_TOKEN
from .complaint_step_contact import CONTACT_DUTY_STEPS
from .constants import ARCHIVE_TOKEN, CONTACT_CHANNELS, satisfaction_kind

# How a complaint's intake channel (complaint.channel code) maps to a contact channel.
INTAKE_CONTACT_CHANNELS = {
    "phone": "phone",
    "walk_in": "visit",
    "email": "email",
    "letter": "letter",
    "website": "portal",
    "sms": "sms",
}
NOTE_MAX = 20_000


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    contact_ids = fields.One2many(
        "complaint.contact", "complaint_id", "Contacts with the Customer", readonly=True
    )
    is_key_customer = fields.Boolean(
        related="partner_id.complaint_key_customer",
        string="Key Customer",
        groups="complaint_management.group_complaint_user",
        help="The complainant was dissatisfied at a revisit (重点客户): treat their calls with "
        "care until a revisit finds them satisfied.",
    )
    open_promise_date = fields.Datetime(
        "Reply Promised By",
        compute="_compute_open_promise",
        help="The earliest reply promised to the customer and not yet given.",
    )
    has_open_revisit_finding = fields.Boolean(compute="_compute_open_promise")

    @api.depends("step_ids.state", "step_ids.date_deadline")
    def _compute_open_promise(self):
        for complaint in self:
            steps = complaint.sudo().step_ids.filtered(lambda s: s.state == "open")
            promises = steps.filtered(lambda s: s.step_type == "promise")
            complaint.open_promise_date = min(promises.mapped("date_deadline"), default=False)
            complaint.has_open_revisit_finding = any(
                s.step_type == "revisit_finding" for s in steps
            )

    # ================================================================== the first reply
    def _open_steps(self, steps, anchor=None, replace=True):
        # At registration (the steps counted from receipt), the first reply joins the same
        # insert: no query more per complaint.
        if anchor == "date_received" and "dispatch" in steps and not replace:
            timed = self.filtered(lambda c: c.company_id.complaint_first_reply_hours)
            if timed == self:
                return super()._open_steps([*steps, "first_reply"], anchor, replace)
            return super(ComplaintComplaint, timed)._open_steps(
                [*steps, "first_reply"], anchor, replace
            ) | super(ComplaintComplaint, self - timed)._open_steps(steps, anchor, replace)
        return super()._open_steps(steps, anchor, replace)

    def write(self, vals):
        res = super().write(vals)
        if "date_received" in vals:
            steps = self.sudo().step_ids.filtered(
                lambda s: s.state == "open" and s.step_type == "first_reply"
            )
            for step in steps:
                step.date_start = step.complaint_id.date_received
            steps._replan()
        return res

    def _cancel_steps(self, steps=None):
        # The duties towards the customer outlive the path the complaint takes: they end
        # when met, or when the complaint is archived (its open steps are then skipped).
        archiving = self.env.context.get("complaint_archiving") is ARCHIVE_TOKEN
        if steps is None and not archiving:
            all_steps = self.env["complaint.step"]._fields["step_type"].get_values(self.env)
            steps = [s for s in all_steps if s not in CONTACT_DUTY_STEPS]
        return super()._cancel_steps(steps)

    def _action_resolve_first_contact(self, note):
        res = super()._action_resolve_first_contact(note)
        for complaint in self:
            complaint._log_contact(
                note, complaint._intake_contact_channel(), source="first_contact"
            )
        return res

    def _intake_contact_channel(self):
        """The contact channel of the complaint's intake channel (phone when unknown)."""
        self.ensure_one()
        return INTAKE_CONTACT_CHANNELS.get(self.sudo().channel_id.code, "phone")

    # ================================================================== the log
    def _log_contact(
        self,
        note,
        channel,
        direction="out",
        source="manual",
        user=None,
        date=None,
        recording=None,
        promise_note=None,
        date_promised=None,
        corrected=None,
        message=None,
    ):
        """Write a contact with the complainant on this complaint, carried by ``message``
        (a chatter message already posted) or by a new note on the chatter, with
        ``recording`` ((file name, content): audio, video, image or PDF) attached. A
        contact to the customer meets the first reply and keeps the open promises; a
        promise (``promise_note`` by ``date_promised``) opens its step. A correction
        (``corrected``: the contact it corrects) meets and keeps nothing. Returns the
        contact."""
        self.ensure_one()
        note = (note or "").strip()
        if not note:
            raise UserError(self.env._("Record what was said with the customer."))
        if channel not in dict(CONTACT_CHANNELS):
            raise UserError(self.env._("Choose how the customer was contacted."))
        Contact = self.env["complaint.contact"]
        complaint = self.sudo()
        now = fields.Datetime.now()
        date = date or now
        user = user or self.env.user
        vals = {
            "complaint_id": complaint.id,
            "date": date,
            "user_id": user.id,
            "channel": channel,
            "direction": direction,
            "source": source,
            "note": note[:NOTE_MAX],
            "promise_note": (promise_note or "").strip() or False,
            "date_promised": date_promised or False,
            "corrected_contact_id": corrected.id if corrected else False,
        }
        Contact._check_contact_values([dict(vals)])
        attachment = self.env["ir.attachment"]
        if recording:
            name, raw = recording
            Contact._check_recording(name, raw)
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": name,
                        "raw": raw,
                        "res_model": "complaint.complaint",
                        "res_id": complaint.id,
                    }
                )
            )
            vals["attachment_id"] = attachment.id
        if not message:
            message = complaint.message_post(
                body=self._contact_message_body(vals, corrected),
                author_id=user.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                attachment_ids=attachment.ids,
            )
        vals["message_id"] = message.id
        contact = Contact.sudo().with_context(complaint_contact=CONTACT_TOKEN).create(vals)
        if not corrected:
            complaint._on_contact_logged(contact)
        return contact.with_env(self.env)

    def _contact_message_body(self, vals, corrected=None):
        """The chatter note that carries a contact, in the user's language."""
        channel = dict(
            self.env["complaint.contact"]._fields["channel"]._description_selection(self.env)
        )[vals["channel"]]
        direction = dict(
            self.env["complaint.contact"]._fields["direction"]._description_selection(self.env)
        )[vals["direction"]]
        if corrected:
            head = self.env._(
                "Correction of the contact of %(date)s (%(channel)s, %(direction)s):",
                date=format_datetime(self.env, corrected.date, tz=self._tz(), dt_format="short"),
                channel=channel,
                direction=direction,
            )
        else:
            head = self.env._(
                "Contact with the customer (%(channel)s, %(direction)s):",
                channel=channel,
                direction=direction,
            )
        body = Markup("<p>%s</p><p>%s</p>") % (head, vals["note"])
        if vals.get("date_promised"):
            body += Markup("<p>%s</p>") % self.env._(
                "Promised: %(what)s, by %(date)s.",
                what=vals["promise_note"],
                date=format_datetime(
                    self.env, vals["date_promised"], tz=self._tz(), dt_format="short"
                ),
            )
        return body

    def _on_contact_logged(self, contact):
        """What a contact meets: to the customer, the first reply and the promises open
        until then (each marked met by it); its own promise opens a step."""
        self.ensure_one()
        steps = self.sudo().step_ids
        if contact.direction == "out":
            met = steps.filtered(
                lambda s: (
                    s.state == "open"
                    and s.step_type in ("first_reply", "promise")
                    and s.date_start <= contact.date
                )
            )
            if met:
                met.write(
                    {
                        "state": "done",
                        "date_done": contact.date,
                        "date_next_action": False,
                        "kept_by_contact_id": contact.id,
                    }
                )
        if contact.date_promised:
            Step = self.env["complaint.step"].sudo()
            Step.create(Step._promise_values(contact))

    def _action_log_contact(self, values, recording=None):
        """ "Log Contact": the desk or the responsible department records a contact with the
        customer (``values``: channel, direction, note, and optionally the promise made
        and the contact corrected), with its recording or scan. Returns the contact."""
        self.ensure_one()
        self._check_contact_role()
        if self.state == "archived":
            raise UserError(
                self.env._("%s is archived: no contact can be logged on it.", self.name)
            )
        corrected = self.env["complaint.contact"].browse(values.get("corrected_contact_id"))
        if corrected and corrected.sudo().complaint_id != self:
            raise UserError(self.env._("A correction refers to a contact of the same complaint."))
        return self._log_contact(
            values.get("note"),
            values.get("channel"),
            direction=values.get("direction") or "out",
            source="manual",
            recording=recording,
            promise_note=values.get("promise_note"),
            date_promised=values.get("date_promised"),
            corrected=corrected.sudo() or None,
        )

    def _check_contact_role(self):
        """Contacts are logged by the service desk or the responsible department."""
        if self.env.su or self.env.user.has_group("complaint_management.group_complaint_desk"):
            return
        for complaint in self:
            if not complaint._is_department_user():
                raise AccessError(
                    self.env._(
                        "Only the service desk or the responsible department logs contacts with "
                        "the customer."
                    )
                )

    # ================================================================== steps that contact
    def _action_give_feedback(self, note, channel=None):
        res = super()._action_give_feedback(note, channel)
        for complaint in self:
            complaint._log_contact(
                note, complaint.sudo().feedback_channel or "phone", source="feedback"
            )
        return res

    def _action_record_revisit(self, values):
        followup = super()._action_record_revisit(values)
        problems = (self.env.context.get("complaint_revisit_problems") or "").strip()
        revisit = self.sudo().revisit_ids.sorted("id")[-1:]
        if problems:
            revisit._contact_write_problems(problems)
            self._open_revisit_findings()
        # A revisit the customer answered in the portal was logged with the answer.
        if values.get("channel") != "portal":
            label = self._selection_label("satisfaction", values.get("satisfaction"))
            note = self.env._("Revisit: the customer is %s.", label)
            for text in (values.get("comment"), problems):
                if text and text.strip():
                    note = f"{note}\n{text.strip()}"
            self._log_contact(
                note,
                values.get("channel") or "phone",
                source="revisit",
                user=self.env["res.users"].browse(values.get("user_id")) or None,
            )
        self._mark_key_customer(values.get("satisfaction"))
        return followup

    def _portal_log(self, author, body):
        message = super()._portal_log(author, body)
        if message:
            user = author.user_ids[:1] or self.env.ref("base.user_root")
            self._log_contact(
                html2plaintext(body),
                "portal",
                direction="in",
                source="portal",
                user=user,
                message=message,
            )
        return message

    def _notify_complainant(self, template_xmlid, channel, summary, attachments=None):
        message = super()._notify_complainant(template_xmlid, channel, summary, attachments)
        # A mail becomes a contact once actually sent (mail.mail); a letter or a call now.
        if channel != "email" and message:
            self._log_contact(summary, channel, source="notice", message=message)
        return message

    def _log_sent_mail_contacts(self, messages):
        """The customer mails of these complaints actually sent (``messages``, carried on
        the chatter): one contact each, by email to the customer, unless one was already
        written for that message."""
        logged = set(
            self.env["complaint.contact"]
            .sudo()
            .search([("message_id", "in", messages.ids)])
            .mapped("message_id")
            .ids
        )
        for message in messages:
            if message.id in logged:
                continue
            complaint = self.browse(message.res_id).sudo()
            author = message.author_id.user_ids[:1] or complaint.receiver_id
            note = "\n".join(
                filter(None, [message.subject or "", html2plaintext(message.body or "")])
            )
            complaint._log_contact(
                note or complaint.name,
                "email",
                source="mail",
                user=author or self.env.ref("base.user_root"),
                message=message,
            )

    # ================================================================== the portal
    def _portal_next_contact(self):
        """A reply promised to the customer is when they will hear from us, if sooner."""
        moment = super()._portal_next_contact()
        promised = self.sudo().open_promise_date
        return min(filter(None, [moment, promised]), default=False)

    # ================================================================== revisit problems
    def _open_revisit_findings(self):
        """The problems the customer raised at the revisit: a step of the responsible
        department, due in the company's working days."""
        for complaint in self:
            complaint._open_steps(["revisit_finding"])
            if complaint.department_id:
                complaint._notify_department(
                    self.env._(
                        "The customer raised problems at the revisit: handle them within "
                        "%s working days.",
                        complaint.company_id.complaint_finding_days,
                    )
                )

    def action_revisit_findings_handled(self):
        """The responsible department (or the desk) handled the problems raised at the
        revisit."""
        for complaint in self:
            if complaint.department_id:
                complaint._check_role("department")
            else:
                complaint._check_role("desk")
            if not complaint.has_open_revisit_finding:
                raise UserError(
                    self.env._("%s has no open problems raised at the revisit.", complaint.name)
                )
            complaint._close_steps(["revisit_finding"])
            complaint._message_log(
                body=self.env._("The problems raised at the revisit were handled.")
            )
        return True

    # ================================================================== key customers
    def _mark_key_customer(self, satisfaction):
        """A dissatisfied complainant becomes a key customer (重点客户); a satisfied one no
        longer is."""
        if not satisfaction:
            return
        kind = satisfaction_kind(satisfaction)
        if kind == "neutral":
            return
        self.sudo().partner_id.write({"complaint_key_customer": kind == "dissatisfied"})
