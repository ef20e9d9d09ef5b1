import logging
import threading

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)

# How many times the job sends a failed complaint mail again before the desk is told.
MAIL_RETRY_PARAM = "complaint_management.mail_retry_count"
MAIL_RETRY_DEFAULT = 3
# Failures a later attempt may cure: the mail server did not answer, or refused for now
# (Odoo leaves the failure type empty when it could not connect at all). An invalid or
# missing address fails the same way every time: the desk is told at once.
RETRYABLE_FAILURES = (False, "unknown", "mail_smtp")


class MailMail(models.Model):
    """Odoo marks a mail that could not be sent as failed (``exception``) and never sends
    it again. A complaint's mail (a feedback, a notice to the customer or a colleague)
    must not be lost that way: the complaint job sends it again a configurable number of
    times, then gives the service desk a to-do on the complaint. The complaint itself is
    left as it is."""

    _inherit = "mail.mail"

    complaint_retry_count = fields.Integer(
        "Complaint Retries", readonly=True, copy=False, help="Times the complaint job resent it."
    )
    complaint_failure_reported = fields.Boolean(
        "Failure Reported to the Desk", readonly=True, copy=False
    )

    @api.model
    def _complaint_retry_limit(self):
        """The configured number of retries (Settings > Complaints; unset: the default)."""
        value = self.env["ir.config_parameter"].sudo().get_param(MAIL_RETRY_PARAM)
        try:
            return max(0, int(value)) if value else MAIL_RETRY_DEFAULT
        except ValueError:
            return MAIL_RETRY_DEFAULT

    @api.model
    def _cron_retry_complaint_mail(self, batch_size=200):
        """Scheduled: send the failed mails of complaints again, each until it went through
        or was retried the configured number of times; then, or at once for a failure no
        retry can cure (an invalid address), a to-do for the service desk on the complaint.
        Returns the number of mails sent again."""
        limit = self._complaint_retry_limit()
        failed = self.sudo().search(
            [
                ("state", "=", "exception"),
                ("model", "=", "complaint.complaint"),
                ("complaint_failure_reported", "=", False),
            ],
            order="id",
            limit=batch_size,
        )
        retry = failed.filtered(
            lambda m: m.failure_type in RETRYABLE_FAILURES and m.complaint_retry_count < limit
        )
        for count in set(retry.mapped("complaint_retry_count")):
            retry.filtered(lambda m, c=count: m.complaint_retry_count == c).write(
                {"complaint_retry_count": count + 1}
            )
        if retry:
            retry.write({"state": "outgoing", "failure_type": False, "failure_reason": False})
            # Committed mail by mail under the scheduler, as Odoo's own mail queue does.
            retry.send(auto_commit=not getattr(threading.current_thread(), "testing", False))
        # Sent mails may be deleted once delivered (auto_delete).
        give_up = failed.exists().filtered(
            lambda m: (
                m.state == "exception"
                and (m.failure_type not in RETRYABLE_FAILURES or m.complaint_retry_count >= limit)
            )
        )
        give_up._complaint_report_failure()
        return len(retry)

    def _complaint_report_failure(self):
        """A to-do on each mail's complaint for the service desk: who was not reached, why,
        and how often it was tried. The mails are then left alone."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("complaint.complaint")
        activities = []
        for mail in self:
            complaint = self.env["complaint.complaint"].sudo().browse(mail.res_id).exists()
            user = complaint and self._complaint_failure_user(complaint)
            if not user:
                _logger.warning("Undelivered mail %s: no service desk user to tell", mail.id)
                continue
            tenv = self.with_context(lang=user.lang or self.env.lang).env
            recipients = ", ".join(
                mail.recipient_ids.mapped("email_formatted") or [mail.email_to or ""]
            )
            activities.append(
                {
                    "activity_type_id": todo.id,
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "user_id": user.id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": tenv._("Email not delivered: %s", mail.subject or complaint.name),
                    "note": Markup("<p>%s</p><p>%s</p>")
                    % (
                        tenv._(
                            "The email to %(recipients)s could not be sent (attempts made: "
                            "%(count)s): %(reason)s",
                            recipients=recipients or tenv._("nobody"),
                            count=mail.complaint_retry_count + 1,
                            reason=mail.failure_reason or tenv._("no reason given"),
                        ),
                        tenv._(
                            "Reach the customer another way, or correct the address and send "
                            "it again from the chatter."
                        ),
                    ),
                }
            )
        Activity = self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True)
        for values in activities:
            try:
                with self.env.cr.savepoint():
                    Activity.create(values)
            except (UserError, ValidationError) as error:
                # A complaint that refuses a to-do (an archived one) must not stop the
                # others; the failure stays visible on its message in the chatter.
                _logger.warning("Undelivered mail on %s: no to-do (%s)", values["res_id"], error)
        self.write({"complaint_failure_reported": True})

    @api.model
    def _complaint_failure_user(self, complaint):
        """Who at the service desk is told: the employee who received the complaint, else
        the desk department's manager, else the supervisor group lead."""
        company = complaint.company_id
        for user in (
            complaint.receiver_id,
            company.complaint_desk_department_id.manager_id.user_id,
            company.complaint_supervisor_id,
        ):
            if user.active and user.has_group("complaint_management.group_complaint_desk"):
                return user
        return self.env["res.users"]
