"""The crisis on the printed forms: the crisis reference on the handling slip, and the
company's crisis-prevention plan (预警方案): the crisis team and the risk register by
business stage, labels in the company's language."""

from odoo import api, models
from odoo.tools.translate import LazyTranslate

from .complaint_slip_report import SLIP_LABELS
from .report_labels import company_lang, date_function, label_function

_lt = LazyTranslate(__name__)

SLIP_LABELS["crisis"] = _lt("Crisis")

PLAN_LABELS = {
    "title": _lt("Crisis-Prevention Plan"),
    "team": _lt("Crisis Team"),
    "member": _lt("Member"),
    "lead": _lt("Team Lead"),
    "role": _lt("Role"),
    "register": _lt("Risk Register"),
    "stage": _lt("Business Stage"),
    "risk": _lt("Risk"),
    "hazards": _lt("Hazards"),
    "prevention": _lt("Prevention Measures"),
    "owner": _lt("Owner"),
    "review": _lt("Next Review"),
    "yes": _lt("Yes"),
    "none": _lt("None"),
}


class ComplaintCrisisPlanReport(models.AbstractModel):
    """The crisis-prevention plan of a company (printed from the risk register)."""

    _name = "report.complaint_management.complaint_crisis_plan"
    _description = "Crisis-Prevention Plan"

    @api.model
    def _get_report_values(self, docids, data=None):
        companies = self.env["res.company"].browse(docids)
        Item = self.env["complaint.risk.item"]
        Item.check_access("read")
        items = Item.search([("company_id", "in", companies.ids)])
        plan = {}
        for company in companies:
            own = items.filtered(lambda i, c=company: i.company_id == c)
            plan[company.id] = {
                "lang": company_lang(self.env, company),
                "label": label_function(self.env, company, PLAN_LABELS),
                "date": date_function(self.env, company),
                "team": company.sudo().complaint_crisis_member_ids,
                "stages": [
                    (stage, own.filtered(lambda i, s=stage: i.stage_id == s))
                    for stage in own.stage_id.sorted(lambda s: (s.sequence, s.id))
                ],
            }
        return {
            "doc_ids": docids,
            "doc_model": "res.company",
            "docs": companies,
            "plan": plan,
        }
