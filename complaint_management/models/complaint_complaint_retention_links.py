"""Where the customer-data erasure (complaint_complaint_retention.py) meets the other rooms:
a complaint joined to a crisis still being handled is held like one on legal hold, and the
recordings and scans of the contact log are erased with the evidence. A recording is
emptied, not deleted: its contact, the chatter message that carries it and the contact
log's hash chain stay exactly as they were written (SPEC.md "Customer data is kept only
while needed" against "Communication leaves a trace that cannot be altered")."""

from collections import Counter

from odoo import models
from odoo.osv import expression


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"

    def _retention_held_domain(self):
        return expression.OR(
            [super()._retention_held_domain(), self._complaint_open_crisis_domain()]
        )

    def _retention_erase_contact_records(self):
        counts = Counter(super()._retention_erase_contact_records())
        contacts = (
            self.env["complaint.contact"]
            .sudo()
            .search([("complaint_id", "in", self.ids), ("attachment_id", "!=", False)])
        )
        if contacts:
            contacts.attachment_id.write(
                {"raw": b"", "name": self.env._("Recording erased (retention period over)")}
            )
            counts.update(contact.complaint_id.id for contact in contacts)
        return dict(counts)
