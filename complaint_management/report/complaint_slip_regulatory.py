"""The regulator's parts of the handling slip of a complaint received under a regime: the
JR/T 0169-2018 classification, the demands and the decision on each, the decision letter,
the extensions of the time limit and the review, with labels in the company's language
(bilingual on request), as the rest of the slip."""

from odoo import api, models
from odoo.tools.translate import LazyTranslate

from .report_labels import label_function

_lt = LazyTranslate(__name__)

REGULATORY_SLIP_LABELS = {
    "regulatory": _lt("Regulator's Time Limit and Decision"),
    "classification": _lt("Classification (JR/T 0169-2018)"),
    "business_channel": _lt("Business Channel"),
    "business_category": _lt("Business Category"),
    "cause": _lt("Cause"),
    "referral": _lt("Regulator's Referral No."),
    "duplicate_of": _lt("Duplicate Of"),
    "deadline": _lt("Time Limit"),
    "result": _lt("Limit Met"),
    "demands": _lt("Demands and Decisions"),
    "demand": _lt("Demand"),
    "decision": _lt("Decision"),
    "basis": _lt("Basis"),
    "decision_sent": _lt("Decision Sent On"),
    "extensions": _lt("Extensions of the Time Limit"),
    "extension_reason": _lt("Reason"),
    "extension_limit": _lt("Limit (Days)"),
    "extension_state": _lt("Status"),
    "review": _lt("Review (核查)"),
    "review_requested": _lt("Requested On"),
    "review_grounds": _lt("Complainant's Grounds"),
    "review_outcome": _lt("Outcome"),
    "review_finding": _lt("Review Finding"),
}


class ComplaintSlipReport(models.AbstractModel):
    _inherit = "report.complaint_management.complaint_slip"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _slip_values(self, doc, cleared):
        values = super()._slip_values(doc, cleared)
        if not doc.regime_id:
            values["regulated"] = False
            return values
        # The reader of the slip reads the complaint: its regulatory records come with it.
        private = doc.sudo()
        values.update(
            regulated=True,
            RL=label_function(self.env, doc.company_id, REGULATORY_SLIP_LABELS),
            demands=private.demand_ids.sorted(lambda d: (d.sequence, d.id)),
            extensions=private.extension_ids.sorted(lambda e: (e.sequence, e.id)),
            reviews=private.env["complaint.review"].search(
                ["|", ("complaint_id", "=", doc.id), ("reviewed_complaint_id", "=", doc.id)],
                order="date_requested, id",
            ),
        )
        return values
