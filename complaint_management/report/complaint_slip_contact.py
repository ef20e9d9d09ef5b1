"""The contacts with the customer on the handling slip (SPEC.md "Communication leaves a
trace that cannot be altered"): every contact, corrections beside what they correct, with
the promises made; labels through the slip's bilingual labels."""

from odoo import api, models
from odoo.tools.translate import LazyTranslate

from .complaint_slip_report import SLIP_LABELS

_lt = LazyTranslate(__name__)

SLIP_LABELS.update(
    {
        "contacts": _lt("Contacts with the Customer"),
        "contact_by": _lt("Who"),
        "contact_direction": _lt("Direction"),
        "contact_note": _lt("What Was Said"),
        "contact_promise": _lt("Promised Reply"),
        "contact_corrects": _lt("Corrects the contact of"),
    }
)


class ComplaintSlipReport(models.AbstractModel):
    _inherit = "report.complaint_management.complaint_slip"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _slip_values(self, doc, cleared):
        values = super()._slip_values(doc, cleared)
        contacts = self.env["complaint.contact"]
        if contacts.has_access("read"):
            contacts = doc.contact_ids.sorted(lambda c: (c.date, c.id))
        values["contacts"] = contacts
        return values
