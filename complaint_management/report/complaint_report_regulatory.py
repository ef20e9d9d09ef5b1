"""The analysis' "Measures" menu of a user none of whose companies works under a regime
offers none of the regulator's measures: the pivot and graph views list the numeric fields
that have an aggregator (fields_get), so those users get the regulator's measures without
one."""

from odoo import api, models

REGULATORY_MEASURES = {
    "regulatory_limit_rate",
    "extended",
    "withdrawn",
    "reviewed",
    "on_time_regulatory",
    "on_time_review",
}


class ComplaintReport(models.Model):
    _inherit = "complaint.report"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        res = super().fields_get(allfields, attributes)
        if not self.env["complaint.complaint"]._complaint_any_regulated():
            for name in REGULATORY_MEASURES & set(res):
                res[name].pop("aggregator", None)
        return res
