"""What the complainant is told at each step (SPEC.md steps 1, 9, 10, 12 and 13, "First
reply and time promise"): the acknowledgement on registration, the plan put to them, the
result with its letter, the satisfaction request and the notice that implementation takes
longer than planned.

Each is a mail template rendered in the complainant's language and posted on the chatter
through the mail queue (never sent synchronously inside the step), when the complainant has
an email address and asked for answers by mail or in the portal. Otherwise the desk's
receiving employee gets a to-do to tell them by phone, SMS or letter, so nobody is
forgotten. A complaint received by phone, at the counter or in a chat was acknowledged
on the spot: it gets the mail if it can be mailed, no to-do otherwise."""

import logging

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# Channels on which the customer is in live contact with the desk at registration.
LIVE_CHANNELS = ("phone", "walk_in", "chat")
# Feedback preferences answered by mail (the portal user gets the mail and the portal).
MAIL_PREFERENCES = ("email", "portal")
NOTICE_TEMPLATES = {
    "acknowledgement": "complaint_management.mail_template_complaint_acknowledgement",
    "plan": "complaint_management.mail_template_complaint_plan",
    "result": "complaint_management.mail_template_complaint_result",
    "revisit": "complaint_management.mail_template_complaint_revisit",
    "progress": "complaint_management.mail_template_complaint_progress",
}
CONTACT_TODO = "complaint_management.mail_activity_type_complaint_contact"
RESULT_LETTER_REPORT = "complaint_management.complaint_result_letter_report"
# Delayed-implementation notices sent per run of the scheduled job.
PROGRESS_BATCH = 500


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    date_progress_notice = fields.Datetime(
        "Delay Notice Sent",
        readonly=True,
        copy=False,
        help="When the complainant was last told that implementation takes longer than planned.",
    )

    # ================================================================== steps that tell
    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        if not self.env.context.get("complaint_defer_acknowledgement"):
            complaints._send_customer_notice("acknowledgement")
        return complaints

    def _on_plan_approved(self, plan):
        res = super()._on_plan_approved(plan)
        self._send_customer_notice("plan")
        return res

    def _action_give_feedback(self, note, channel=None):
        res = super()._action_give_feedback(note, channel)
        for complaint in self:
            complaint._generate_result_letter()
            letter = complaint._result_letter_attachment()
            complaint._send_customer_notice("result", attachments=letter)
        self.filtered(lambda c: c.state == "revisit")._send_customer_notice("revisit")
        return res

    @api.model
    def _cron_notify_delayed_implementation(self, batch_size=PROGRESS_BATCH):
        """Scheduled: tell the complainants whose implementation runs past its deadline
        that it takes longer (SPEC step 10), once per implementation step. Returns the
        number of complaints told."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT DISTINCT c.id
              FROM complaint_step s
              JOIN complaint_complaint c ON c.id = s.complaint_id
             WHERE s.state = 'open' AND s.step_type = 'implement' AND s.date_deadline < %s
               AND c.state NOT IN ('closed', 'archived')
               AND (c.date_progress_notice IS NULL OR c.date_progress_notice < s.date_start)
             ORDER BY c.id
             LIMIT %s
            """,
            (fields.Datetime.now(), batch_size),
        )
        complaints = self.browse([row[0] for row in self.env.cr.fetchall()])
        if not complaints:
            return 0
        complaints._workflow().write({"date_progress_notice": fields.Datetime.now()})
        complaints._send_customer_notice("progress")
        if len(complaints) == batch_size and self.env.context.get("ir_cron_progress_id"):
            self.env["ir.cron"]._notify_progress(done=len(complaints), remaining=1)
        return len(complaints)

    # ================================================================== sending
    def _customer_mail_possible(self):
        """Whether the complainant is answered by mail: an email address and a preference
        for answers by mail or in the portal."""
        self.ensure_one()
        return bool(self.partner_id.email) and self.feedback_preference in MAIL_PREFERENCES

    def _send_customer_notice(self, kind, attachments=None):
        """Tell the complainants of these complaints what step ``kind`` (a key of
        NOTICE_TEMPLATES) brings: a mail from the template, in their language, queued and
        logged on the chatter; or a to-do for the desk when they are not answered by mail."""
        if not self:
            return
        template = self.env.ref(NOTICE_TEMPLATES[kind])
        mailed = self.filtered(lambda c: c._customer_mail_possible())
        if mailed:
            mailed._post_customer_mail(template, attachments)
        others = self - mailed
        if kind == "acknowledgement":
            others = others.filtered(lambda c: c.channel_id.code not in LIVE_CHANNELS)
        others._schedule_customer_contact(kind)

    def _post_customer_mail(self, template, attachments=None):
        """Post ``template`` on these complaints for their complainants, from their
        receiving employee: rendered per complaint in the complainant's language, in one
        composer per receiving employee (batch rendering), queued, never sent here."""
        comment = self.env.ref("mail.mt_comment")
        records = self.sudo()
        records._portal_ensure_tokens()
        for author, group in records.grouped(
            lambda c: c.receiver_id.partner_id or c.company_id.partner_id
        ).items():
            composer = (
                self.env["mail.compose.message"]
                .sudo()
                .with_context(
                    default_composition_mode="comment",
                    default_model=self._name,
                    default_res_ids=group.ids,
                    default_template_id=template.id,
                )
                .create(
                    {
                        "message_type": "comment",
                        "subtype_id": comment.id,
                        "author_id": author.id,
                        "force_send": False,
                        "attachment_ids": [Command.set(attachments.ids)] if attachments else [],
                    }
                )
            )
            # The composer renders the template for the whole group; the messages are
            # posted in one batch (complaint_complaint_post_batch.py), not one by one.
            # A batch composer does not subscribe the author (as in _action_send_mail_comment).
            poster = (
                group.with_context(mail_create_nosubscribe=True)
                if composer.composition_batch
                else group
            )
            poster._message_post_batch(composer._prepare_mail_values(group.ids))

    def _schedule_customer_contact(self, kind):
        """A to-do for the receiving employee of each complaint: tell the complainant, by
        their preferred channel, what step ``kind`` brings (one insert for all)."""
        if not self:
            return
        activity_type = self.env.ref(CONTACT_TODO)
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        vals_list = []
        for complaint in self.sudo():
            summary, note = complaint._customer_contact_texts(kind)
            vals_list.append(
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "user_id": complaint.receiver_id.id,
                    "summary": summary,
                    "note": note,
                    "date_deadline": today,
                    "automated": True,
                }
            )
        self.env["mail.activity"].sudo().create(vals_list)

    def _customer_contact_texts(self, kind):
        """(summary, note) of the to-do that replaces the ``kind`` mail, in the company's
        language for the desk."""
        self.ensure_one()
        how = self._selection_label("feedback_preference", self.feedback_preference)
        if not self.partner_id.email and self.feedback_preference in MAIL_PREFERENCES:
            how = self.env._("%s (no email address recorded)", how)
        next_contact = self._portal_next_contact_text()
        texts = {
            "acknowledgement": (
                self.env._("Acknowledge the complaint (%s)", how),
                self.env._(
                    "Tell the customer their complaint %(ref)s was received, what happens next "
                    "and when they will hear from us (%(next)s).",
                    ref=self.name,
                    next=next_contact or "-",
                ),
            ),
            "plan": (
                self.env._("Put the plan to the customer (%s)", how),
                self.env._(
                    "Explain the approved plan of %s to the customer and record whether they "
                    "accept or refuse it.",
                    self.name,
                ),
            ),
            "result": (
                self.env._("Tell the customer the result (%s)", how),
                self.env._(
                    "Tell the customer the result of %s; the result letter can be printed "
                    "from the complaint (Print > Result Letter).",
                    self.name,
                ),
            ),
            "revisit": (
                self.env._("Ask the customer for their satisfaction (%s)", how),
                self.env._(
                    "Ask the customer how satisfied they are with the handling of %s and "
                    "record the revisit.",
                    self.name,
                ),
            ),
            "progress": (
                self.env._("Tell the customer implementation takes longer (%s)", how),
                self.env._(
                    "The solution of %s takes longer than planned: tell the customer where it "
                    "stands and when it will be done.",
                    self.name,
                ),
            ),
        }
        return texts[kind]

    def _schedule_desk_todo(self, activity_xmlid, summary, note):
        """A to-do of type ``activity_xmlid`` for the receiving employee of this complaint."""
        self.ensure_one()
        self.sudo().activity_schedule(
            activity_xmlid, summary=summary, note=note, user_id=self.receiver_id.id
        )

    # ================================================================== the result letter
    def _generate_result_letter(self):
        """Render the result letter (SPEC step 12) and keep the exact PDF on the complaint
        (the report's attachment), for the result mail and the portal. Without a working
        wkhtmltopdf, or while modules are loading (demo data: no web server renders the
        letter's styles yet), there is no letter, and the mail goes without it."""
        self.ensure_one()
        if not self.env.registry.ready:
            return
        Report = self.env["ir.actions.report"].sudo()
        if Report.get_wkhtmltopdf_state() not in ("ok", "upgrade"):
            _logger.info("No result letter for %s: wkhtmltopdf is not available.", self.name)
            return
        try:
            Report._render_qweb_pdf(RESULT_LETTER_REPORT, self.ids)
        except UserError as error:
            _logger.warning("The result letter of %s could not be rendered: %s", self.name, error)

    def _result_letter_attachment(self):
        """The filed result letter (ir.attachment) of this complaint, if any."""
        self.ensure_one()
        report = self.env.ref(RESULT_LETTER_REPORT, raise_if_not_found=False)
        if not report:
            return self.env["ir.attachment"]
        return report.sudo().retrieve_attachment(self.sudo()) or self.env["ir.attachment"]

    def _result_letter_plan(self):
        """The accepted plan the result letter reports on, if any."""
        self.ensure_one()
        return self.sudo().plan_ids.filtered(lambda p: p.state == "accepted").sorted("version")[-1:]
