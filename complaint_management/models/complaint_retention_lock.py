"""The archive lock lets the customer-data erasure through, and nothing else: the erasure
job works as superuser under ``RETENTION_TOKEN`` (complaint_complaint_retention.py), an
object no RPC call can send; everything else is refused as before."""

from odoo import models

from .complaint_complaint_retention import retention_erasing


class ComplaintArchiveMixin(models.AbstractModel):
    _inherit = "complaint.archive.mixin"  # pylint: disable=consider-merging-classes-inherited

    def _archived_complaints(self):
        if retention_erasing(self.env):
            return self.env["complaint.complaint"]
        return super()._archived_complaints()


class IrAttachment(models.Model):
    _inherit = "ir.attachment"  # pylint: disable=consider-merging-classes-inherited

    def _complaint_archived_owners(self):
        if retention_erasing(self.env):
            return self.env["complaint.complaint"].sudo()
        return super()._complaint_archived_owners()
