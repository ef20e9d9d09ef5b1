"""The archive lock (SPEC.md step 14: once archived, a complaint is read-only): nothing of an
archived complaint's record changes any more, for anyone, the superuser included: its
fields (``complaint.complaint._check_write``), the records hanging off it (plans, approvals,
findings, revisits, steps, escalations, grade history: this mixin), its evidence and other
attachments (``ir.attachment``), its messages (``_check_can_update_message_content``), and
the stored values computed from what changes elsewhere (this mixin).

Named exceptions only: what the archive action does in its own transaction (under
``ARCHIVE_TOKEN``: the steps it closes, the slip it files, the values computed from them),
the technical fields of ``ARCHIVE_WRITABLE``, followers, and a new message with its own
attachments (under ``MESSAGE_TOKEN``: a late mail is kept, it adds and changes nothing)."""

from odoo import api, models
from odoo.exceptions import UserError

from .constants import ARCHIVE_TOKEN, INCOMING_MAIL_TOKEN, MESSAGE_TOKEN


def message_post_context(records, message_type):
    """The context a message is posted in on a complaint or one of its records: its
    attachments may join an archived complaint; those of an incoming mail (posted by the
    mail gateway, as superuser) are kept whatever their size."""
    context = {"complaint_message": MESSAGE_TOKEN}
    if records.env.su and message_type == "email":
        context["complaint_incoming_mail"] = INCOMING_MAIL_TOKEN
    return records.with_context(**context)


class ComplaintArchiveMixin(models.AbstractModel):
    """Records of an archived complaint: never created, written, deleted or recomputed.

    ``_complaint_field`` leads to the complaint (False on the complaint itself, which
    guards its own fields in ``_check_write``); ``_complaint_archive_lock`` is False on the
    records an archived complaint still receives (the access log of its readers)."""

    _name = "complaint.archive.mixin"
    _description = "Archived Complaint Lock"

    _complaint_field = "complaint_id"
    _complaint_archive_lock = True

    # ------------------------------------------------------------------ which records
    def _archive_lock_applies(self):
        return (
            self._complaint_archive_lock
            and self.env.context.get("complaint_archiving") is not ARCHIVE_TOKEN
        )

    def _archive_complaints(self):
        """The complaints of these records (as superuser)."""
        records = self.sudo()
        return records.mapped(self._complaint_field) if self._complaint_field else records

    def _archived_complaints(self):
        """The archived complaints these records belong to, when the lock applies."""
        if not self._archive_lock_applies():
            return self.env["complaint.complaint"]
        return self._archive_complaints().filtered(lambda c: c.state == "archived")

    def _check_archive_lock(self):
        """Refuse to change records of an archived complaint."""
        archived = self._archived_complaints()
        if archived:
            raise UserError(
                self.env._(
                    "%(ref)s is archived: an archived complaint and everything recorded on it "
                    "are read-only for everyone (%(what)s).",
                    ref=", ".join(archived.mapped("name")),
                    what=self._description_label(),
                )
            )

    def _description_label(self):
        model = self.env["ir.model"]._get(self._name)
        return model.name or self._description

    # ------------------------------------------------------------------ ORM
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if self._complaint_field:
            records._check_archive_lock()
        return records

    def write(self, vals):
        if not self._complaint_field:
            return super().write(vals)
        self._check_archive_lock()
        res = super().write(vals)
        if any(self._fields[fname].type == "many2one" for fname in vals if fname in self._fields):
            # Moved onto an archived complaint (directly, or through its plan or step).
            self._check_archive_lock()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived_complaint(self):
        self._check_archive_lock()

    def _compute_field_value(self, field):
        """Stored values of an archived complaint's records stay as they were filed: a later
        complaint joining its same-problem group, a grade or channel reconfigured, does not
        move them. Installing or upgrading the addon computes them (a field added by a new
        version is filled in for archived complaints too)."""
        if field.store and self.pool.ready and self._archive_lock_applies():
            frozen = self.filtered("id")._archive_frozen()
            if frozen:
                rest = self - frozen
                if rest:
                    super(ComplaintArchiveMixin, rest)._compute_field_value(field)
                return
        super()._compute_field_value(field)

    def _archive_frozen(self):
        """The records of ``self`` that belong to an archived complaint."""
        if not self:
            return self
        if not self._complaint_field:
            return self.sudo().filtered(lambda c: c.state == "archived").with_env(self.env)
        return (
            self.sudo()
            .filtered(lambda r: r[self._complaint_field].state == "archived")
            .with_env(self.env)
        )
