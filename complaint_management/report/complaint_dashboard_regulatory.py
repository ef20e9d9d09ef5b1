"""The dashboard's regulator figures and its 12-month trend: users of a company under a
regime see this month's time limit met, extensions, withdrawals, reviews, referrals and
duplicates merged; everyone sees the last twelve months' complaints received, closed and
on time, drawn as a chart. Two grouped queries on the analysis (three under a regime)."""

from odoo import api, models

REGULATORY_MONTH_MEASURES = {
    "regulatory_limit_rate": "avg",
    "extended": "sum",
    "withdrawn": "sum",
    "reviewed": "sum",
    "regulator_referrals": "sum",
    "duplicates_merged": "sum",
}
TREND_MONTHS = 12


class ComplaintDashboard(models.AbstractModel):
    _inherit = "complaint.dashboard"

    @api.readonly
    @api.model
    def get_dashboard_data(self):
        """Also: ``trend`` (the last 12 months: received, closed, on-time rate) and, for a
        user of a regulated company, ``regulatory`` (this month's regulator figures)."""
        data = super().get_dashboard_data()
        stats = self.env["complaint.statistics"]
        report = self.env["complaint.report"]
        today = stats._local_today(self.env.company)
        current = stats._month_range(today)
        first = stats._month_range(today, months=1 - TREND_MONTHS)[0]
        receipt = {
            month: (received, rate)
            for month, received, rate in report._read_group(
                [("date_received", ">=", first), ("date_received", "<", current[1])],
                ["date_received:month"],
                ["received:sum", "on_time_rate:avg"],
            )
        }
        closure = dict(
            report._read_group(
                [("date_closed", ">=", first), ("date_closed", "<", current[1])],
                ["date_closed:month"],
                ["closed:sum"],
            )
        )
        months = [stats._month_range(first, months=i)[0] for i in range(TREND_MONTHS)]
        data["trend"] = {
            "labels": [self._month_label(month) for month in months],
            "received": [receipt.get(month, (0, None))[0] or 0 for month in months],
            "closed": [closure.get(month, 0) or 0 for month in months],
            "on_time_rate": [
                round(receipt[month][1], 1)
                if receipt.get(month, (0, None))[1] is not None
                else None
                for month in months
            ],
        }
        data["regulated"] = self.env["complaint.complaint"]._complaint_any_regulated()
        if data["regulated"]:
            data["regulatory"] = self._regulatory_figures(current)
        return data

    def _regulatory_figures(self, month):
        """This month's regulator figures, each with the complaints behind it."""
        report = self.env["complaint.report"]
        aggregates = [f"{name}:{agg}" for name, agg in REGULATORY_MONTH_MEASURES.items()]
        [values] = report._read_group(
            [("date_received", ">=", month[0]), ("date_received", "<", month[1])], [], aggregates
        )
        labels = {
            name: report._fields[name].get_description(self.env)["string"]
            for name in REGULATORY_MONTH_MEASURES
        }
        received = self._received_in(*month)
        domains = {
            "regulatory_limit_rate": [("regulatory_result", "in", ("on_time", "late"))],
            "extended": [("is_extended", "=", True)],
            "withdrawn": [("is_withdrawn", "=", True)],
            "reviewed": [("is_reviewed", "=", True)],
            "regulator_referrals": [("is_regulator_referral", "=", True)],
            "duplicates_merged": [("duplicate_of_id", "!=", False)],
        }
        figures = []
        for (name, agg), value in zip(REGULATORY_MONTH_MEASURES.items(), values, strict=True):
            figures.append(
                {
                    "key": name,
                    "label": labels[name],
                    "kind": "rate" if agg == "avg" else "number",
                    "value": (round(value, 1) if value is not None else None)
                    if agg == "avg"
                    else (value or 0),
                    "domain": received + domains[name],
                }
            )
        return figures
