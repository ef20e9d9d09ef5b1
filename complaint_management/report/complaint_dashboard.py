"""The supervisors' dashboard (SPEC.md "Supervision": a progress board of everything open,
late and at risk): every figure in one read-only call, in a handful of queries, each figure
with the domain of the complaints behind it so that the dashboard clicks through to them.
Read with the user's own rights: a department sees its own complaints only."""

from babel.dates import format_skeleton

from odoo import api, fields, models
from odoo.tools.misc import babel_locale_parse

from ..models.constants import OPEN_STATES
from .complaint_report import CLOSED_STATES
from .complaint_statistics import CLOSURE_MEASURES, RECEIPT_MEASURES

# Figures of the month compared with the month before, in the order shown.
MONTH_MEASURES = (
    "received",
    "valid",
    "closed",
    "closure_rate",
    "on_time_rate",
    "satisfaction_rate",
    "repeat_rate",
    "handling_hours",
    "regulator_referrals",
)
RATE_MEASURES = {"closure_rate", "on_time_rate", "satisfaction_rate", "repeat_rate"}
CLOSURE_BASED = {"closed", "handling_hours"}
TOP = 5


class ComplaintDashboard(models.AbstractModel):
    _name = "complaint.dashboard"
    _description = "Complaint Dashboard"

    @api.readonly
    @api.model
    def get_dashboard_data(self):
        """The dashboard's figures for the user's companies: open complaints by state, late
        and at risk, this month against last month (every measure of the analysis), the top
        categories and objects of the month, per department its open and late complaints,
        its month's complaints and on-time rate, and the regulator referrals. Each figure is
        ``{"label", "value", "domain"}``, the domain on complaint.complaint."""
        stats = self.env["complaint.statistics"]
        complaints = self.env["complaint.complaint"]
        report = self.env["complaint.report"]
        today = stats._local_today(self.env.company)
        months = {
            "current": stats._month_range(today),
            "previous": stats._month_range(today, months=-1),
        }
        labels = self._labels()
        open_domain = [("state", "in", OPEN_STATES)]
        late_domains = {
            status: open_domain + [("deadline_status", "=", status)]
            for status in ("overdue", "at_risk")
        }

        # Open complaints by state, department and regulator referral: one query.
        open_rows = complaints._read_group(
            open_domain, ["state", "department_id", "is_regulator_referral"], ["__count"]
        )
        by_state, open_by_department, regulator_open = {}, {}, 0
        for state, department, regulator, count in open_rows:
            by_state[state] = by_state.get(state, 0) + count
            open_by_department[department] = open_by_department.get(department, 0) + count
            regulator_open += count if regulator else 0
        late_by_department = {
            status: dict(complaints._read_group(domain, ["department_id"], ["__count"]))
            for status, domain in late_domains.items()
        }

        # This month and last month, from the analysis: the receipt measures by month,
        # department and category, the closure measures by month (two queries) give the
        # months, the top categories and the departments' figures.
        first, last = months["previous"][0], months["current"][1]
        receipt = stats._partials(
            report,
            [("date_received", ">=", first), ("date_received", "<", last)],
            RECEIPT_MEASURES,
            ["date_received:month", "department_id", "category_id"],
        )
        closure = stats._partials(
            report,
            [("date_closed", ">=", first), ("date_closed", "<", last)],
            CLOSURE_MEASURES,
            ["date_closed:month"],
        )
        by_month = stats._combine(receipt + closure, lambda group: group[0])
        month_values = {
            key: by_month.get(date_from, stats._empty_measures())
            for key, (date_from, _to) in months.items()
        }
        this_month = [row for row in receipt if row[0][0] == months["current"][0]]
        received_now = self._received_in(*months["current"])

        def figure(label, value, domain):
            return {"label": label, "value": value, "domain": domain}

        # Top categories of the month; top objects (one query).
        by_category = stats._combine(this_month, lambda group: group[2])
        top_categories = sorted(
            by_category.items(), key=lambda item: (-item[1]["received"], item[0].display_name or "")
        )[:TOP]
        categories = [
            figure(
                category.display_name or labels["no_category"],
                values["received"],
                received_now + [("category_id", "=", category.id)],
            )
            for category, values in top_categories
        ]
        objects = [
            figure(name, count, received_now + [("concerned_object", "=", name)])
            for name, count in report._read_group(
                [
                    ("date_received", ">=", months["current"][0]),
                    ("date_received", "<", months["current"][1]),
                    ("concerned_object", "!=", False),
                ],
                ["concerned_object"],
                ["__count"],
                order="__count desc, concerned_object",
                limit=TOP,
            )
        ]

        # Per department: the month's complaints and their on-time rate.
        month_by_department = {
            department: (values["received"], values["on_time_rate"])
            for department, values in stats._combine(this_month, lambda g: g[1]).items()
        }
        departments = []
        for department in self._departments(
            open_by_department, month_by_department, late_by_department
        ):
            received, rate = month_by_department.get(department, (0, None))
            own = [("department_id", "=", department.id)]
            departments.append(
                {
                    "id": department.id,
                    "label": department.display_name or labels["no_department"],
                    "open": figure(
                        labels["open"], open_by_department.get(department, 0), open_domain + own
                    ),
                    "overdue": figure(
                        labels["overdue"],
                        late_by_department["overdue"].get(department, 0),
                        late_domains["overdue"] + own,
                    ),
                    "at_risk": figure(
                        labels["at_risk"],
                        late_by_department["at_risk"].get(department, 0),
                        late_domains["at_risk"] + own,
                    ),
                    "received": figure(labels["received"], received, received_now + own),
                    "on_time_rate": figure(labels["on_time_rate"], rate, received_now + own),
                }
            )

        states = dict(complaints._fields["state"]._description_selection(self.env))
        return {
            "months": {
                key: self._month_label(date_from) for key, (date_from, _to) in months.items()
            },
            "open": figure(labels["open"], sum(by_state.values()), open_domain),
            "by_state": [
                figure(states[state], by_state.get(state, 0), [("state", "=", state)])
                for state in OPEN_STATES
            ],
            "overdue": figure(
                labels["overdue"],
                sum(late_by_department["overdue"].values()),
                late_domains["overdue"],
            ),
            "at_risk": figure(
                labels["at_risk"],
                sum(late_by_department["at_risk"].values()),
                late_domains["at_risk"],
            ),
            "measures": [
                {
                    "key": name,
                    "label": labels[name],
                    "kind": "rate" if name in RATE_MEASURES else "number",
                    **{
                        key: figure(
                            labels[name],
                            month_values[key][name],
                            self._measure_domain(name, *months[key]),
                        )
                        for key in months
                    },
                }
                for name in MONTH_MEASURES
            ],
            "categories": categories,
            "objects": objects,
            "departments": departments,
            "regulator": {
                "open": figure(
                    labels["open"],
                    regulator_open,
                    open_domain + [("is_regulator_referral", "=", True)],
                ),
                **{
                    key: figure(
                        self._month_label(months[key][0]),
                        month_values[key]["regulator_referrals"],
                        self._measure_domain("regulator_referrals", *months[key]),
                    )
                    for key in months
                },
            },
        }

    # ------------------------------------------------------------------ helpers
    def _labels(self):
        report_fields = self.env["complaint.report"]._fields
        labels = {
            name: report_fields[name].get_description(self.env)["string"] for name in MONTH_MEASURES
        }
        labels.update(
            open=self.env._("Open"),
            overdue=self.env._("Overdue"),
            at_risk=self.env._("At Risk"),
            no_category=self.env._("Not Classified"),
            no_department=self.env._("No Department (Service Desk)"),
        )
        return labels

    def _month_label(self, date_from):
        """'December 2026', '2026年12月': the month as the user's language writes it."""
        locale = babel_locale_parse(self.env.lang or "en_US")
        return format_skeleton("yMMMM", date_from, locale=locale)

    @staticmethod
    def _departments(open_counts, month_counts, late_counts):
        """The departments any figure mentions, the busiest first, complaints kept by the
        service desk (no department) last."""
        keys = set(open_counts) | set(month_counts)
        for counts in late_counts.values():
            keys |= set(counts)
        return sorted(
            keys,
            key=lambda d: (
                not d,
                -open_counts.get(d, 0),
                -month_counts.get(d, (0, None))[0],
                d.display_name or "",
            ),
        )

    @staticmethod
    def _period_domain(fname, date_from, date_to):
        """Complaints whose day ``fname`` (in their company's time zone, as the analysis
        counts it) falls within [date_from, date_to)."""
        return [
            (fname, ">=", fields.Date.to_string(date_from)),
            (fname, "<", fields.Date.to_string(date_to)),
        ]

    def _received_in(self, date_from, date_to):
        return self._period_domain("date_received_local", date_from, date_to)

    def _measure_domain(self, name, date_from, date_to):
        """The complaints behind a month's measure: those it counts, or for a rate those it
        is a share of (for the satisfaction rate, those revisited)."""
        if name in CLOSURE_BASED:
            return self._period_domain("date_closed_local", date_from, date_to) + [
                ("state", "in", CLOSED_STATES)
            ]
        domain = self._received_in(date_from, date_to)
        extra = {
            "valid": [("validity", "=", "valid")],
            "satisfaction_rate": [("satisfaction", "!=", False)],
            "regulator_referrals": [("is_regulator_referral", "=", True)],
        }
        return domain + extra.get(name, [])
