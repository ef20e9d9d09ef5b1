"""The monthly figures of SPEC.md "Supervision", per company, per department and per
category, read from the analysis view (``complaint.report``) so that the pivot, the
dashboard, the monthly report and these figures never disagree; and the daily job that
sends the monthly report on the first working day of the month."""

from collections import defaultdict
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from pytz import timezone, utc

from odoo import api, fields, models

from ..models.constants import STEPS

# Measures of the analysis counted by the month of receipt, and by the month of closure.
RECEIPT_MEASURES = {
    "received": "sum",
    "valid": "sum",
    "closure_rate": "avg",
    "repeat_rate": "avg",
    "satisfaction_rate": "avg",
    "regulator_referrals": "sum",
    "on_time_rate": "avg",
    **{f"on_time_{step}": "avg" for step, _label in STEPS},
}
CLOSURE_MEASURES = {"closed": "sum", "handling_hours": "avg"}
MEASURES = {**RECEIPT_MEASURES, **CLOSURE_MEASURES}


class ComplaintStatistics(models.AbstractModel):
    """Complaint figures over a period, and the calendar arithmetic of months."""

    _name = "complaint.statistics"
    _description = "Complaint Statistics"

    # ================================================================== months
    @api.model
    def _company_tz(self, company):
        """The time zone a company's days and months are cut in: its complaint calendar's."""
        calendar = company.complaint_calendar_id or company.resource_calendar_id
        return timezone(calendar.tz or "UTC")

    @api.model
    def _local_today(self, company):
        now = utc.localize(fields.Datetime.now())
        return now.astimezone(self._company_tz(company)).date()

    @api.model
    def _month_range(self, day, months=0):
        """First day of the month of ``day`` (shifted by ``months``) and of the next one."""
        start = day.replace(day=1) + relativedelta(months=months)
        return start, start + relativedelta(months=1)

    @api.model
    def _utc_range(self, company, date_from, date_to):
        """The naive-UTC datetimes at which the company's local days ``date_from`` and
        ``date_to`` begin (what complaint.complaint's datetimes are compared with)."""
        tz = self._company_tz(company)
        return tuple(
            tz.localize(datetime.combine(day, time.min)).astimezone(utc).replace(tzinfo=None)
            for day in (date_from, date_to)
        )

    # ================================================================== figures
    @api.model
    def _measures(self, report, receipt_domain, closure_domain, groupby=(), closure_groupby=None):
        """Every measure of the analysis ``report`` (complaint.report, as the reader), the
        receipt measures over ``receipt_domain`` and the closure ones over
        ``closure_domain``: {group key: {measure: value}} (key: the tuple of ``groupby``
        values, or of ``closure_groupby`` for the closure measures; () without groupby).
        Counts default to 0, rates and times to None; rates and times are rounded to one
        decimal. Two queries."""
        groupby = list(groupby)
        closure_groupby = groupby if closure_groupby is None else list(closure_groupby)
        figures = defaultdict(self._empty_measures)
        for domain, measures, grouping in (
            (receipt_domain, RECEIPT_MEASURES, groupby),
            (closure_domain, CLOSURE_MEASURES, closure_groupby),
        ):
            aggregates = [f"{name}:{agg}" for name, agg in measures.items()]
            for row in report._read_group(domain, grouping, aggregates):
                key, values = row[: len(grouping)], row[len(grouping) :]
                figures[key].update(
                    {
                        name: self._round(value, measures[name])
                        for name, value in zip(measures, values, strict=True)
                    }
                )
        if not groupby:  # an empty period still has its figures
            figures.setdefault((), self._empty_measures())
        return dict(figures)

    @staticmethod
    def _empty_measures():
        return {name: 0 if agg == "sum" else None for name, agg in MEASURES.items()}

    @staticmethod
    def _round(value, aggregator):
        if aggregator == "sum":
            return value or 0
        # Odoo reads an average over no value (NULL) as False.
        return None if value is None or value is False else round(value, 1)

    @api.model
    def _monthly_statistics(self, company, date_from, date_to):
        """SPEC "Supervision" figures of ``company`` from the local day ``date_from`` to
        ``date_to`` (excluded): received, valid, closed, closure rate, on-time rate (overall
        and per step), satisfaction rate, repeat rate, regulator referrals and average
        handling time in working hours, overall, per department and per category, each
        breakdown carrying every measure. Receipt measures count the complaints received
        in the period, closure measures (closed, handling time) those closed in it."""
        report = self.env["complaint.report"].sudo()
        base = [("company_id", "=", company.id)]
        receipt = base + [("date_received", ">=", date_from), ("date_received", "<", date_to)]
        closure = base + [("date_closed", ">=", date_from), ("date_closed", "<", date_to)]
        stats = dict(self._measures(report, receipt, closure)[()])
        stats["on_time"] = {step: stats[f"on_time_{step}"] for step, _label in STEPS}
        for fname, key, empty in (
            ("department_id", "by_department", self.env._("No Department (Service Desk)")),
            ("category_id", "by_category", self.env._("Not Classified")),
        ):
            rows = [
                dict(values, record=record, name=record.display_name or empty)
                for (record,), values in self._measures(report, receipt, closure, [fname]).items()
            ]
            stats[key] = sorted(rows, key=lambda r: (-r["received"], -r["closed"], r["name"]))
        return stats

    # ================================================================== the monthly job
    @api.model
    def _cron_monthly_summary(self):
        """Daily: on the first working day of a company's month, send it last month's
        report (complaint.monthly.report); any other day, and a second run, do nothing."""
        return self.env["complaint.monthly.report"]._send_due_reports()
