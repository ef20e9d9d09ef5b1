"""Messages of an archived complaint (or of one of its records) are part of its record:
they are not rewritten, moved or deleted any more (SPEC.md step 14). New ones are always
added (complaint.complaint.message_post)."""

from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError

# What Odoo still writes on such a message: who starred or pinned it, who was notified,
# and the Message-Id the mail server gave a mail of it queued before the archiving (the
# queue marks it sent then).
ARCHIVE_WRITABLE = {"starred_partner_ids", "notification_ids", "pinned_at", "message_id"}


class MailMessage(models.Model):
    _inherit = "mail.message"

    def write(self, vals):
        if set(vals) - ARCHIVE_WRITABLE:
            self._check_complaint_archive_lock()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived_complaint(self):
        self._check_complaint_archive_lock()

    def _check_complaint_archive_lock(self):
        by_model = defaultdict(set)
        for message in self.sudo():
            model = message.model
            complaint_model = model in self.env and hasattr(self.env[model], "_archived_complaints")
            if complaint_model and message.res_id:
                by_model[model].add(message.res_id)
        archived = self.env["complaint.complaint"]
        for model, res_ids in by_model.items():
            records = self.env[model].sudo().browse(res_ids).exists()
            archived |= records.with_env(self.env)._archived_complaints()
        if archived:
            raise UserError(
                self.env._(
                    "%s is archived: its messages can no longer be edited or deleted.",
                    ", ".join(archived.mapped("name")),
                )
            )
