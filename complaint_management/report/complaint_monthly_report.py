"""The monthly complaint report's PDF: a one-page summary of the month against the month
before, then the figures per department and per category, every measure of the analysis,
in the company's language (bilingual on request). Its figures are those of
``complaint.statistics._monthly_statistics``, read from the analysis view."""

from odoo import api, fields, models
from odoo.tools.translate import LazyTranslate

from ..models.constants import CLOCK_STEPS, STEPS
from .replica import on_replica
from .report_labels import company_lang, datetime_function, label_function

_lt = LazyTranslate(__name__)

REPORT_LABELS = {
    "title": _lt("Monthly Complaint Report"),
    "month": _lt("Month"),
    "as_of": _lt("Figures as of"),
    "summary": _lt("Summary"),
    "measure": _lt("Measure"),
    "this_month": _lt("This Month"),
    "previous_month": _lt("Previous Month"),
    "basis": _lt("Counted By"),
    "by_receipt": _lt("Month received"),
    "by_closure": _lt("Month closed"),
    "steps": _lt("On-time Rate per Step"),
    "step": _lt("Step"),
    "by_department": _lt("By Department"),
    "by_category": _lt("By Category"),
    "department": _lt("Department"),
    "category": _lt("Category"),
    "total": _lt("Total"),
    "note": _lt(
        "Received, valid, the rates and regulator referrals count the complaints received "
        "in the month; closed and the handling time count those closed in it. A rate is "
        "the share of the complaints it applies to; a dash means none. Handling time is the "
        "average in working hours on the company's calendar."
    ),
    # The measures, in the order of the tables.
    "received": _lt("Received"),
    "valid": _lt("Valid"),
    "closed": _lt("Closed"),
    "closure_rate": _lt("Closure Rate"),
    "on_time_rate": _lt("On-time Rate"),
    "satisfaction_rate": _lt("Satisfaction Rate"),
    "repeat_rate": _lt("Repeat Rate"),
    "handling_hours": _lt("Handling Time (h)"),
    "regulator_referrals": _lt("Regulator Referrals"),
    "malicious": _lt("Malicious"),
}
TABLE_MEASURES = (
    "received",
    "valid",
    "closed",
    "closure_rate",
    "on_time_rate",
    "satisfaction_rate",
    "repeat_rate",
    "handling_hours",
    "regulator_referrals",
    "malicious",
)
CLOSURE_MEASURES = {"closed", "handling_hours"}
RATES = {"closure_rate", "on_time_rate", "satisfaction_rate", "repeat_rate"}


def format_measure(name, value):
    """A measure as printed: counts as they are, rates with %, a dash when not applicable."""
    if value is None:
        return "—"
    if name in RATES:
        return f"{value:.1f} %"
    if name == "handling_hours":
        return f"{value:.1f}"
    return str(value)


class ComplaintMonthlyReportDocument(models.AbstractModel):
    _name = "report.complaint_management.complaint_monthly_report"
    _description = "Monthly Complaint Report Document"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["complaint.monthly.report"].browse(docids)
        docs.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "complaint.monthly.report",
            "docs": docs,
            "monthly": {doc.id: self._document_values(doc) for doc in docs},
            "measures": TABLE_MEASURES,
            "format_measure": format_measure,
        }

    @api.model
    def _figures_on_replica(self, company, lang, date_from, date_to):
        """The month's statistics, read on the database replica when the server has one
        (report/replica.py); their records bound to this environment."""

        def read(env):
            stats = env["complaint.statistics"].with_context(lang=lang)
            return stats._monthly_statistics(company.with_env(env), date_from, date_to)

        figures = on_replica(self.env, read)
        for key in ("by_department", "by_category"):
            for row in figures[key]:
                row["record"] = row["record"].with_env(self.env)
        return figures

    @api.model
    def _document_values(self, doc):
        company = doc.company_id
        lang = company_lang(self.env, company)
        local = self.with_context(lang=lang).env
        stats = local["complaint.statistics"]
        previous_from, previous_to = stats._month_range(doc.date_from, months=-1)
        steps = dict(local["complaint.step"]._fields["step_type"]._description_selection(local))
        return {
            "lang": lang,
            "label": label_function(self.env, company, REPORT_LABELS),
            "basis": {
                name: "by_closure" if name in CLOSURE_MEASURES else "by_receipt"
                for name in TABLE_MEASURES
            },
            "current": self._figures_on_replica(company, lang, doc.date_from, doc.date_to),
            "previous": self._figures_on_replica(company, lang, previous_from, previous_to),
            "steps": [
                (step, steps[step])
                for step, _label in STEPS
                # The regulator's clocks only for a company under a regulatory regime.
                if step not in CLOCK_STEPS or company.complaint_regime_id
            ],
            "as_of": datetime_function(self.env, company, str(stats._company_tz(company)))(
                fields.Datetime.now()
            ),
        }
