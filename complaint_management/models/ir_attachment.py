"""Attachments of complaints: the evidence, and the files attached to a complaint or one of
its records (its chatter, its findings). Archived, they never change or go (SPEC.md step
14: read-only for everyone, the superuser included); a new one joins an archived complaint
only with a message, or from the archive action itself. A user adds none over the size
limit of Settings > Complaints; an incoming mail is kept whatever its size.

Any other attachment costs nothing more: what it belongs to (``res_model``) is looked at in
memory before any query. A complaint's evidence is a file of the complaint or a loose file
(``ComplaintComplaint._check_input`` refuses another record's file as evidence, and an
evidence file does not move to another record), so only those may be evidence."""

import base64
from collections import defaultdict

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from .complaint_input_mixin import attachment_size, check_attachment_size
from .constants import ARCHIVE_TOKEN, INCOMING_MAIL_TOKEN, MESSAGE_TOKEN

# What Odoo may still write on an archived complaint's attachment: its share link.
ARCHIVE_WRITABLE = {"access_token"}
CONTENT_FIELDS = {"raw", "datas"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if self._complaint_model(vals.get("res_model")) is not None:
                self._check_complaint_target(
                    vals["res_model"], vals.get("res_id"), vals.get("name"), attachment_size(vals)
                )
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - ARCHIVE_WRITABLE:
            archived = self._complaint_archived_owners()
            if archived and not self._complaint_unchanged(vals):
                raise self._complaint_archived_error(archived)
            if "res_model" in vals and self._complaint_model(vals["res_model"]) is None:
                self._check_complaint_evidence_stays()
            if ({"res_model", "res_id"} | CONTENT_FIELDS) & set(vals):
                size = attachment_size(vals)
                for attachment in self.sudo():
                    self._check_complaint_target(
                        vals.get("res_model", attachment.res_model),
                        vals.get("res_id", attachment.res_id),
                        attachment.name,
                        attachment.file_size if size is None else size,
                    )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_archived_complaint(self):
        archived = self._complaint_archived_owners()
        if archived:
            raise self._complaint_archived_error(archived)

    # ------------------------------------------------------------------ the checks
    @api.model
    def _complaint_model(self, res_model):
        """The complaint model (or model of a complaint's records) ``res_model`` names."""
        if not res_model or res_model not in self.env:
            return None
        model = self.env[res_model]
        return model if hasattr(model, "_archived_complaints") else None

    def _complaint_evidence_candidates(self):
        """Those of these attachments that may be a complaint's evidence (in memory: files
        of a complaint's model and loose files; a binary field's content never is)."""
        return self.filtered(
            lambda a: (
                not a.res_field
                and (not a.res_model or self._complaint_model(a.res_model) is not None)
            )
        )

    def _complaint_evidence_owners(self):
        """The complaints whose evidence these attachments are."""
        candidates = self.sudo()._complaint_evidence_candidates()
        if not candidates:
            return self.env["complaint.complaint"].sudo()
        return (
            self.env["complaint.complaint"]
            .sudo()
            .search([("evidence_attachment_ids", "in", candidates.ids)])
        )

    def _check_complaint_evidence_stays(self):
        """A complaint's evidence is not moved to a record outside the complaint: it stays
        the complaint's file (and under its archive lock)."""
        owners = self._complaint_evidence_owners()
        if owners:
            raise UserError(
                self.env._(
                    "This file is evidence of %(ref)s: it stays with the complaint.",
                    ref=", ".join(owners.mapped("name")),
                )
            )

    def _check_complaint_target(self, res_model, res_id, name, size):
        """An attachment joining a record of a complaint: not over the size limit (but an
        incoming mail's), and not onto an archived complaint (but with a message, or from
        the archive action)."""
        model = self._complaint_model(res_model)
        if model is None:
            return
        context = self.env.context
        if context.get("complaint_incoming_mail") is not INCOMING_MAIL_TOKEN:
            check_attachment_size(self.env, name, size)
        if res_id and context.get("complaint_message") is not MESSAGE_TOKEN:
            archived = model.browse(res_id).exists()._archived_complaints()
            if archived:
                # An access error: Odoo's uploads and printed reports that keep their PDF
                # know it, and tell the user or print without keeping a copy.
                raise AccessError(self._complaint_archived_error(archived).args[0])

    def _complaint_archived_owners(self):
        """The archived complaints these attachments belong to: as their evidence, or
        attached to the complaint or one of its records."""
        complaints = self.env["complaint.complaint"].sudo()
        if not self.ids or self.env.context.get("complaint_archiving") is ARCHIVE_TOKEN:
            return complaints
        attachments = self.sudo().filtered(lambda a: not a.res_field)
        if not attachments:
            return complaints
        evidence = attachments._complaint_evidence_candidates()
        archived = (
            complaints.search(
                [("evidence_attachment_ids", "in", evidence.ids), ("state", "=", "archived")]
            )
            if evidence
            else complaints
        )
        by_model = defaultdict(list)
        for attachment in attachments:
            if attachment.res_id and self._complaint_model(attachment.res_model) is not None:
                by_model[attachment.res_model].append(attachment.res_id)
        for res_model, res_ids in by_model.items():
            records = self.env[res_model].sudo().browse(res_ids).exists()
            archived |= records.with_env(self.env)._archived_complaints()
        return archived

    def _complaint_archived_error(self, complaints):
        return UserError(
            self.env._(
                "%(ref)s is archived: its evidence and attachments can no longer be changed or "
                "removed, and a file joins it only with a message.",
                ref=", ".join(complaints.mapped("name")),
            )
        )

    def _complaint_unchanged(self, vals):
        """Whether writing ``vals`` leaves these attachments as they are (moving a file to
        another storage rewrites the same content)."""
        for attachment in self.sudo().with_context(bin_size=False):
            for fname, value in vals.items():
                field = self._fields.get(fname)
                if field is None:
                    return False
                if fname in CONTENT_FIELDS:
                    content = base64.b64decode(value or b"") if fname == "datas" else value
                    if isinstance(content, str):
                        content = content.encode()
                    if (content or b"") != (attachment.raw or b""):
                        return False
                    continue
                new = field.convert_to_record(field.convert_to_cache(value, attachment), attachment)
                if field.convert_to_write(new, attachment) != field.convert_to_write(
                    attachment[fname], attachment
                ):
                    return False
        return True
