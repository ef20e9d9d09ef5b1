"""The regulator's quarterly figures (SPEC.md "The regulator's floor"): complaints received
under the regime in a quarter (after merging duplicates), by business line and cause,
handled within the time limit, extended, withdrawn, still open, and the regulator's
referrals apart; reviews asked for in the quarter and their outcome. Read from the stored
regulatory facts of the complaints, in as few grouped queries as there are tables;
exported as a spreadsheet."""

import io
from collections import defaultdict
from datetime import datetime

from dateutil.relativedelta import relativedelta
from pytz import timezone, utc

from odoo import api, fields, models
from odoo.tools.misc import xlsxwriter

MEASURES = (
    "received",
    "on_time",
    "late",
    "pending",
    "overdue",
    "withdrawn",
    "extended",
    "extended_twice",
)


def _row():
    return dict.fromkeys(MEASURES, 0)


def _with_rate(row):
    decided = row["on_time"] + row["late"]
    row["on_time_rate"] = round(100.0 * row["on_time"] / decided, 1) if decided else None
    return row


class ComplaintRegulatoryFigures(models.AbstractModel):
    _name = "complaint.regulatory.figures"
    _description = "Regulatory Complaint Figures"

    @api.model
    def _quarter_bounds(self, company, year, quarter):
        """The quarter as naive-UTC [start, stop), cut at midnight company time."""
        tz = timezone(self.env["complaint.complaint"].with_company(company)._tz())
        start = datetime(year, 3 * (quarter - 1) + 1, 1)
        stop = start + relativedelta(months=3)
        return tuple(
            tz.localize(moment).astimezone(utc).replace(tzinfo=None) for moment in (start, stop)
        )

    @api.model
    def _quarter_domain(self, company, date_from, date_to):
        """The complaints counted: received under the regime between the two moments. A
        complaint converted to an accusation letter is no complaint."""
        return [
            ("company_id", "=", company.id),
            ("regime_id", "!=", False),
            ("date_received", ">=", date_from),
            ("date_received", "<", date_to),
            ("state", "!=", "converted"),
        ]

    @api.model
    def _quarterly_figures(self, company, year, quarter):
        """The figures of complaints ``company`` received under its regime in ``quarter``
        (1-4) of ``year``: totals, per business line, per cause, for regulator referrals,
        and the reviews asked for in the quarter.

        Per row: received; decided within the limit (``on_time``) or after it (``late``);
        still open (``pending``), of which past the limit (``overdue``); ``withdrawn``;
        extended once or more (``extended``), twice (``extended_twice``); and the on-time
        rate of those decided."""
        date_from, date_to = self._quarter_bounds(company, year, quarter)
        Complaint = self.env["complaint.complaint"].sudo().with_context(active_test=False)
        domain = self._quarter_domain(company, date_from, date_to)
        # Counted after merging duplicates (合并重复): a duplicate's clock is met by its
        # original's decision; how many were merged is given apart.
        duplicates_merged = Complaint.search_count([*domain, ("duplicate_of_id", "!=", False)])
        domain.append(("duplicate_of_id", "=", False))
        keys = ["business_line_id", "cause_id", "is_regulator_referral"]
        groups = defaultdict(_row)
        for *key, result, extensions, count in Complaint._read_group(
            domain, [*keys, "regulatory_result", "extension_count"], ["__count"]
        ):
            row = groups[tuple(key)]
            row["received"] += count
            if result in ("on_time", "late", "pending", "withdrawn"):
                row[result] += count
            if extensions >= 1:
                row["extended"] += count
            if extensions >= 2:
                row["extended_twice"] += count
        overdue_domain = [
            *domain,
            ("regulatory_result", "=", "pending"),
            ("date_regulatory_deadline", "<", fields.Datetime.now()),
        ]
        for *key, count in Complaint._read_group(overdue_domain, keys, ["__count"]):
            groups[tuple(key)]["overdue"] += count

        totals, referrals = _row(), _row()
        by_line, by_cause = defaultdict(_row), defaultdict(_row)
        for (line, cause, referral), row in groups.items():
            targets = [totals, by_line[line], by_cause[cause]]
            if referral:
                targets.append(referrals)
            for target in targets:
                for measure in MEASURES:
                    target[measure] += row[measure]

        def named(rows):
            ordered = sorted(
                rows.items(),
                key=lambda kv: (not kv[0], kv[0].sequence if kv[0] else 0, kv[0].display_name),
            )
            return [
                (record.display_name if record else self.env._("Not recorded"), _with_rate(row))
                for record, row in ordered
            ]

        reviews = dict.fromkeys(("requested", "open", "upheld", "changed", "withdrawn"), 0)
        for state, count in (
            self.env["complaint.review"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("date_requested", ">=", date_from),
                    ("date_requested", "<", date_to),
                ],
                ["state"],
                ["__count"],
            )
        ):
            reviews[state] += count
            reviews["requested"] += count
        return {
            "company": company,
            "year": year,
            "quarter": quarter,
            "totals": _with_rate(totals),
            "referrals": _with_rate(referrals),
            "by_business_line": named(by_line),
            "by_cause": named(by_cause),
            "reviews": reviews,
            "duplicates_merged": duplicates_merged,
        }

    # ------------------------------------------------------------------ the spreadsheet
    @api.model
    def _measure_labels(self):
        return [
            ("received", self.env._("Received")),
            ("on_time", self.env._("Decided Within the Limit")),
            ("late", self.env._("Decided After the Limit")),
            ("on_time_rate", self.env._("On-time Rate (%)")),
            ("pending", self.env._("Still Open")),
            ("overdue", self.env._("Open Past the Limit")),
            ("extended", self.env._("Extended")),
            ("extended_twice", self.env._("Extended Twice")),
            ("withdrawn", self.env._("Withdrawn")),
        ]

    @api.model
    def _quarterly_xlsx(self, company, year, quarter):
        """The quarter's figures as an .xlsx file (bytes): a summary sheet (totals,
        regulator referrals, reviews) and one sheet per business line and per cause."""
        figures = self._quarterly_figures(company, year, quarter)
        labels = self._measure_labels()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})

        summary = workbook.add_worksheet(self.env._("Summary"))
        summary.set_column(0, 0, 36)
        summary.set_column(1, 2, 18)
        summary.write(
            0,
            0,
            self.env._(
                "%(company)s: consumer complaints, %(year)s Q%(quarter)s",
                company=company.name,
                year=year,
                quarter=quarter,
            ),
            title,
        )
        summary.write(1, 0, company.complaint_regime_id.display_name or "")
        summary.write(3, 1, self.env._("All Complaints"), bold)
        summary.write(3, 2, self.env._("Regulator Referrals"), bold)
        for offset, (key, label) in enumerate(labels, start=4):
            summary.write(offset, 0, label)
            summary.write(offset, 1, self._cell(figures["totals"][key]))
            summary.write(offset, 2, self._cell(figures["referrals"][key]))
        row = 4 + len(labels)
        summary.write(row, 0, self.env._("Duplicates Merged"))
        summary.write(row, 1, figures["duplicates_merged"])
        row += 2
        summary.write(row, 0, self.env._("Reviews Asked For in the Quarter"), bold)
        review_labels = [
            ("requested", self.env._("Asked For")),
            ("upheld", self.env._("Decision Upheld")),
            ("changed", self.env._("Decision Changed")),
            ("open", self.env._("Under Review")),
            ("withdrawn", self.env._("Withdrawn")),
        ]
        for offset, (key, label) in enumerate(review_labels, start=row + 1):
            summary.write(offset, 0, label)
            summary.write(offset, 1, figures["reviews"][key])

        for sheet_name, head, rows in (
            (
                self.env._("By Business Line"),
                self.env._("Business Line"),
                figures["by_business_line"],
            ),
            (self.env._("By Cause"), self.env._("Cause"), figures["by_cause"]),
        ):
            sheet = workbook.add_worksheet(sheet_name)
            sheet.set_column(0, 0, 30)
            sheet.set_column(1, len(labels), 16)
            sheet.write(0, 0, head, bold)
            for col, (_key, label) in enumerate(labels, start=1):
                sheet.write(0, col, label, bold)
            for line, (name, values) in enumerate(rows, start=1):
                sheet.write(line, 0, name)
                for col, (key, _label) in enumerate(labels, start=1):
                    sheet.write(line, col, self._cell(values[key]))
        workbook.close()
        return output.getvalue()

    @staticmethod
    def _cell(value):
        return "" if value is None else value
