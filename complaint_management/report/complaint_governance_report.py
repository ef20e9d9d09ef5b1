"""What the governance duties add to the handling slip (``complaint_governance_templates.xml``):
the compensation in kind of each plan, the record's sign-off and the archive keeper, with
labels in the company's language (bilingual on request) as the slip's own."""

from odoo import api, models
from odoo.tools.translate import LazyTranslate

from .report_labels import label_function

_lt = LazyTranslate(__name__)

GOVERNANCE_LABELS = {
    "in_kind": _lt("Compensation in Kind"),
    "kind": _lt("Kind"),
    "description": _lt("Description"),
    "value": _lt("Estimated Value"),
    "signed_by": _lt("Record Signed By"),
    "signed_on": _lt("Signed On"),
    "keeper": _lt("Archive Keeper"),
}


class ComplaintSlipReport(models.AbstractModel):
    _inherit = "report.complaint_management.complaint_slip"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _slip_values(self, doc, cleared):
        values = super()._slip_values(doc, cleared)
        values["governance_label"] = label_function(self.env, doc.company_id, GOVERNANCE_LABELS)
        return values
