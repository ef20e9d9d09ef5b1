"""The recording or scan of a contact with the complainant is part of the contact log
(SPEC.md "Communication leaves a trace that cannot be altered"): it is never changed or
deleted, by anyone, the superuser included. Only the complaint's attachments are looked
at."""

from odoo import api, models
from odoo.exceptions import UserError

from .complaint_complaint_retention import retention_erasing

# What Odoo may still write on it: its share link.
WRITABLE = {"access_token"}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        # The erasure job empties a recording past the retention period (it never deletes).
        if set(vals) - WRITABLE and not retention_erasing(self.env):
            self._check_complaint_contact_lock()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_complaint_contact(self):
        self._check_complaint_contact_lock()

    def _check_complaint_contact_lock(self):
        candidates = self.sudo().filtered(
            lambda a: a.res_model in ("complaint.complaint", "complaint.contact") and a.res_id
        )
        if not candidates:
            return
        if (
            self.env["complaint.contact"]
            .sudo()
            .search_count([("attachment_id", "in", candidates.ids)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "This file is the recording or scan of a contact with the customer: it "
                    "cannot be changed or deleted."
                )
            )
