"""The monthly figures of SPEC.md "Supervision", per company, per department and per
category, read from the analysis view (``complaint.report``) so that the pivot, the
dashboard, the monthly report and these figures never disagree; and the daily job that
sends the monthly report on the first working day of the month."""

from collections import defaultdict
from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from pytz import timezone, utc

from odoo import api, fields, models

from ..models.constants import CLOCK_STEPS, STEPS

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
    # Malicious complaints (恶意投诉) confirmed by a supervisor, counted apart.
    "malicious": "sum",
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
    def _partials(self, report, domain, measures, groupby):
        """One query on the analysis ``report`` (complaint.report, as the reader): per
        group of ``groupby``, for each of ``measures`` the sum of its values and how many
        there are (rates are empty where they do not apply). Groups combine exactly into
        coarser ones (``_combine``), so one fine query serves several breakdowns."""
        groupby = list(groupby)
        aggregates = [f"{name}:{agg}" for name in measures for agg in ("sum", "count")]
        partials = []
        for row in report._read_group(domain, groupby, aggregates):
            key, values = row[: len(groupby)], row[len(groupby) :]
            partials.append(
                (
                    key,
                    {
                        name: (float(values[2 * i] or 0), values[2 * i + 1] or 0)
                        for i, name in enumerate(measures)
                    },
                )
            )
        return partials

    @api.model
    def _combine(self, partials, key=lambda group: ()):
        """{key(group): {measure: value}} from ``_partials`` rows (of receipt and closure
        measures alike): counts summed, rates and times averaged over the values there are
        (None when there is none), rounded to one decimal."""
        sums = defaultdict(lambda: defaultdict(lambda: [0.0, 0]))
        for group, values in partials:
            bucket = sums[key(group)]
            for name, (total, count) in values.items():
                bucket[name][0] += total
                bucket[name][1] += count
        figures = {}
        for bucket_key, bucket in sums.items():
            figures[bucket_key] = values = self._empty_measures()
            for name, (total, count) in bucket.items():
                if MEASURES[name] == "sum":
                    values[name] = round(total)
                else:
                    values[name] = round(total / count, 1) if count else None
        return figures

    @staticmethod
    def _empty_measures():
        return {name: 0 if agg == "sum" else None for name, agg in MEASURES.items()}

    @api.model
    def _monthly_statistics(self, company, date_from, date_to):
        """SPEC "Supervision" figures of ``company`` from the local day ``date_from`` to
        ``date_to`` (excluded): received, valid, closed, closure rate, on-time rate (overall
        and per step), satisfaction rate, repeat rate, regulator referrals and average
        handling time in working hours, overall, per department and per category, each
        breakdown carrying every measure. Receipt measures count the complaints received
        in the period, closure measures (closed, handling time) those closed in it. Two
        queries (receipt and closure, by department and category)."""
        report = self.env["complaint.report"].sudo()
        base = [("company_id", "=", company.id)]
        receipt = base + [("date_received", ">=", date_from), ("date_received", "<", date_to)]
        closure = base + [("date_closed", ">=", date_from), ("date_closed", "<", date_to)]
        groupby = ["department_id", "category_id"]
        partials = self._partials(report, receipt, RECEIPT_MEASURES, groupby) + self._partials(
            report, closure, CLOSURE_MEASURES, groupby
        )
        stats = self._combine(partials).get((), self._empty_measures())
        stats["on_time"] = {
            step: stats[f"on_time_{step}"]
            for step, _label in STEPS
            # The regulator's clocks only for a company under a regulatory regime.
            if step not in CLOCK_STEPS or company.complaint_regime_id
        }
        for index, key, empty in (
            (0, "by_department", self.env._("No Department (Service Desk)")),
            (1, "by_category", self.env._("Not Classified")),
        ):
            rows = [
                dict(values, record=record, name=record.display_name or empty)
                for record, values in self._combine(partials, lambda g, i=index: g[i]).items()
            ]
            stats[key] = sorted(rows, key=lambda r: (-r["received"], -r["closed"], r["name"]))
        return stats

    # ================================================================== the monthly job
    @api.model
    def _cron_monthly_summary(self):
        """Daily: on the first working day of a company's month, send it last month's
        report (complaint.monthly.report); any other day, and a second run, do nothing."""
        return self.env["complaint.monthly.report"]._send_due_reports()
