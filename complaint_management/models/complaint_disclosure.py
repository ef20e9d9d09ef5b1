"""The yearly complaint disclosure (年度消费投诉情况, SPEC.md "The regulator's statistics"): a
company's published figures for a year or a half-year, from the complaints themselves:
the total after merging duplicates (合并重复后) and its change on the previous period, the
shares by business category, by cause, by business channel (front office and its
sub-channels, middle and back office) and by region (province), and the complaints per
outlet per month. Compliance prepares it, a supervisor approves it: the figures are then
stored in its lines and never change again (a later edit of a complaint leaves a published
report as it was). Printed in Chinese and English, exported as a spreadsheet, listed on the
public page ``/complaints/disclosure`` once published.

The figures are computed set-based: a handful of grouped queries whatever the number of
complaints (``_compute_figures``)."""

import io
from collections import defaultdict
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.misc import xlsxwriter

from .constants import WORKFLOW_TOKEN

PERIODS = [("year", "Full Year"), ("h1", "First Half"), ("h2", "Second Half")]
STATES = [
    ("draft", "Draft"),
    ("prepared", "Prepared"),
    ("approved", "Approved"),
    ("published", "Published"),
]
SECTIONS = [
    ("category", "Business Category"),
    ("cause", "Cause"),
    ("channel", "Business Channel"),
    ("region", "Region"),
    ("outlet", "Outlet per Month"),
]
# What may still change on an approved report: its publication.
FROZEN_WRITABLE = {"state", "published_by_id", "date_published"}
LANGS = ("en_US", "zh_CN")


class ComplaintDisclosure(models.Model):
    _name = "complaint.disclosure"
    _inherit = ["mail.thread", "mail.activity.mixin", "complaint.input.mixin"]
    _description = "Yearly Complaint Disclosure"
    _order = "date_from desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year - 1
    )
    period = fields.Selection(PERIODS, required=True, default="year")
    date_from = fields.Date(compute="_compute_dates", store=True)
    date_to = fields.Date(compute="_compute_dates", store=True, help="The day after the period.")
    state = fields.Selection(
        STATES, default="draft", required=True, readonly=True, tracking=True, index=True, copy=False
    )
    region_basis = fields.Selection(
        [("branch", "Province of the Handling Branch"), ("partner", "Province of the Complainant")],
        "Regions By",
        required=True,
        default=lambda self: self.env.company.complaint_disclosure_region,
    )
    note = fields.Text("Foreword", help="Printed above the figures.")
    lang = fields.Selection(
        [("zh_CN", "Chinese"), ("en_US", "English")],
        "Printed In",
        required=True,
        default="zh_CN",
    )
    prepared_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_prepared = fields.Datetime(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_approved = fields.Datetime(readonly=True, copy=False)
    published_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_published = fields.Datetime(readonly=True, copy=False)
    # The figures (stored; frozen at approval).
    total = fields.Integer(
        "Complaints After Merging",
        readonly=True,
        copy=False,
        help="After merging duplicates (合并重复后).",
    )
    total_all = fields.Integer("Complaints Received", readonly=True, copy=False)
    duplicates_merged = fields.Integer(readonly=True, copy=False)
    previous_total = fields.Integer("Previous Period", readonly=True, copy=False)
    change_rate = fields.Float("Change on the Previous Period (%)", readonly=True, copy=False)
    line_ids = fields.One2many(
        "complaint.disclosure.line", "disclosure_id", "Figures", readonly=True
    )
    chart_data = fields.Json(compute="_compute_chart_data", exportable=False)

    _sql_constraints = [
        (
            "period_unique",
            "unique(company_id, year, period)",
            "The company already has a disclosure for this period.",
        ),
    ]

    # ================================================================== computes
    @api.depends("year", "period", "company_id")
    def _compute_name(self):
        labels = dict(self._fields["period"]._description_selection(self.env))
        for report in self:
            report.name = self.env._(
                "%(year)s Consumer Complaints (%(period)s)",
                year=report.year,
                period=labels.get(report.period, ""),
            )

    @api.depends("year", "period")
    def _compute_dates(self):
        for report in self:
            if not report.year or not report.period:
                report.date_from = report.date_to = False
                continue
            start, months = {"year": (1, 12), "h1": (1, 6), "h2": (7, 6)}[report.period]
            report.date_from = date(report.year, start, 1)
            report.date_to = report.date_from + relativedelta(months=months)

    @api.depends("line_ids")
    def _compute_chart_data(self):
        for report in self:
            data = {"category": [], "cause": [], "months": [0] * 12}
            for line in report.line_ids:
                if line.section in ("category", "cause"):
                    data[line.section].append({"label": line.name, "value": line.count})
                elif line.section == "outlet" and line.month:
                    data["months"][line.month - 1] += line.count
            report.chart_data = data

    # ================================================================== ORM
    @api.constrains("year")
    def _check_year(self):
        for report in self:
            if not 2000 <= report.year <= fields.Date.context_today(self).year:
                raise UserError(
                    self.env._("A disclosure covers a past or the current year, from 2000.")
                )

    def write(self, vals):
        frozen = self.filtered(lambda r: r.state in ("approved", "published"))
        if (
            frozen
            and set(vals) - FROZEN_WRITABLE
            and self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN
            and not set(vals) <= {"message_main_attachment_id"}
        ):
            raise UserError(
                self.env._(
                    "%s was approved: its figures are frozen as published.",
                    ", ".join(frozen.mapped("name")),
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("Only a draft disclosure can be deleted."))

    def _workflow(self):
        return self.sudo().with_context(complaint_workflow=WORKFLOW_TOKEN)

    # ================================================================== the figures
    def _period_domain(self, date_from, date_to):
        return [
            ("company_id", "=", self.company_id.id),
            ("date_received_local", ">=", date_from),
            ("date_received_local", "<", date_to),
        ]

    def _previous_range(self):
        months = 12 if self.period == "year" else 6
        return self.date_from - relativedelta(months=months), self.date_from

    def _compute_figures(self):
        """The report's figures from the complaints of its company and period, in a fixed
        number of queries: one grouped query by category, cause, channel and handling
        department; one by department and month; one by the complainant's province when
        the regions are counted so; one count of the previous period. Returns the header
        values and the lines."""
        self.ensure_one()
        Complaint = self.env["complaint.complaint"].sudo().with_context(active_test=False)
        domain = self._period_domain(self.date_from, self.date_to)
        dims = ["business_line_id", "cause_id", "business_channel_id", "department_id"]
        category, cause, channel, department = (defaultdict(int) for _i in range(4))
        total = total_all = 0
        for line, reason, way, dept, duplicate, count in Complaint._read_group(
            domain, [*dims, "is_duplicate"], ["__count"]
        ):
            total_all += count
            if duplicate:
                continue
            total += count
            category[line] += count
            cause[reason] += count
            channel[way] += count
            department[dept] += count
        originals = [*domain, ("is_duplicate", "=", False)]
        by_month = Complaint._read_group(
            originals, ["department_id", "date_received_local:month"], ["__count"]
        )
        previous = Complaint.search_count(
            [*self._period_domain(*self._previous_range()), ("is_duplicate", "=", False)]
        )
        if self.region_basis == "partner":
            region = self._count_by_partner_province()
        else:
            region = defaultdict(int)
            no_province = self.env["res.country.state"]
            for dept, count in department.items():
                region[(dept._complaint_province() if dept else no_province) or no_province] += (
                    count
                )

        lines = []

        def share(count):
            return round(100.0 * count / total, 2) if total else 0.0

        def add(section, counts, level=0, **extra):
            for record, count in sorted(
                counts.items(), key=lambda kv: (-kv[1], kv[0].display_name if kv[0] else "~")
            ):
                lines.append(
                    {
                        "section": section,
                        "level": level,
                        "res_id": record.id if record else 0,
                        "count": count,
                        "share": share(count),
                        **extra,
                    }
                )

        add("category", category)
        add("cause", cause)
        # Channels: the top level (front office, middle and back office), then each top
        # level's sub-channels.
        Channel = self.env["complaint.business.channel"].sudo().with_context(active_test=False)
        top, sub = defaultdict(int), defaultdict(lambda: defaultdict(int))
        for way, count in channel.items():
            path = [int(i) for i in (way.parent_path or "").split("/") if i]
            root = Channel.browse(path[0]) if path else Channel
            top[root] += count
            if len(path) > 1:
                sub[root][Channel.browse(path[1])] += count
        for root, count in sorted(top.items(), key=lambda kv: (not kv[0], kv[0].sequence)):
            add("channel", {root: count})
            add("channel", sub.get(root, {}), level=1)
        add("region", region)
        outlets = defaultdict(int)
        for dept, month, count in by_month:
            outlet = dept._complaint_outlet() if dept else dept
            outlets[(outlet, month.month)] += count
        for (outlet, month), count in sorted(
            outlets.items(), key=lambda kv: (not kv[0][0], kv[0][0].display_name or "", kv[0][1])
        ):
            lines.append(
                {
                    "section": "outlet",
                    "level": 0,
                    "res_id": outlet.id if outlet else 0,
                    "month": month,
                    "count": count,
                    "share": share(count),
                }
            )
        change = round(100.0 * (total - previous) / previous, 2) if previous else 0.0
        header = {
            "total": total,
            "total_all": total_all,
            "duplicates_merged": total_all - total,
            "previous_total": previous,
            "change_rate": change,
        }
        return header, self._name_lines(lines)

    def _count_by_partner_province(self):
        """{province: complaints after merging} by the complainant's address (one query)."""
        self.env["complaint.complaint"].flush_model(
            ["company_id", "date_received_local", "duplicate_of_id", "partner_id"]
        )
        self.env["res.partner"].flush_model(["state_id"])
        self.env.cr.execute(
            SQL(
                """SELECT p.state_id, count(*)
                     FROM complaint_complaint c
                LEFT JOIN res_partner p ON p.id = c.partner_id
                    WHERE c.company_id = %s AND c.date_received_local >= %s
                      AND c.date_received_local < %s AND c.duplicate_of_id IS NULL
                 GROUP BY p.state_id""",
                self.company_id.id,
                self.date_from,
                self.date_to,
            )
        )
        State = self.env["res.country.state"].sudo()
        return {State.browse(state_id): count for state_id, count in self.env.cr.fetchall()}

    def _name_lines(self, lines):
        """The lines' names in English and Chinese, read once per model and language."""
        models_by_section = {
            "category": "complaint.business.line",
            "cause": "complaint.cause",
            "channel": "complaint.business.channel",
            "region": "res.country.state",
            "outlet": "hr.department",
        }
        names = {}
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        # A language not installed reads as English.
        read_as = {lang: lang if lang in installed else "en_US" for lang in LANGS}
        for section, model in models_by_section.items():
            ids = {
                line["res_id"] for line in lines if line["section"] == section and line["res_id"]
            }
            records = self.env[model].sudo().with_context(active_test=False).browse(ids)
            for lang in LANGS:
                for record in records.with_context(lang=read_as[lang]):
                    names[(section, record.id, lang)] = record.name
        unknown = {
            lang: self.with_context(lang=read_as[lang]).env._("Not Recorded") for lang in LANGS
        }
        for sequence, line in enumerate(lines):
            key = (line["section"], line["res_id"])
            line.update(
                sequence=sequence,
                name=names.get((*key, "en_US"), unknown["en_US"]),
                name_zh=names.get((*key, "zh_CN"), unknown["zh_CN"]),
            )
        return lines

    def _store_figures(self):
        """Compute the figures and store them in the report and its lines."""
        for report in self:
            header, lines = report._compute_figures()
            report.line_ids.sudo().unlink()
            report._workflow().write(
                {**header, "line_ids": [fields.Command.create(line) for line in lines]}
            )

    # ================================================================== the process
    def _check_group(self, *groups):
        if self.env.su or any(
            self.env.user.has_group(f"complaint_management.group_complaint_{g}") for g in groups
        ):
            return
        raise AccessError(self.env._("You may not do this on a complaint disclosure."))

    def _check_state(self, *states):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for report in self:
            if report.state not in states:
                raise UserError(
                    self.env._(
                        "%(name)s is %(state)s: this cannot be done now.",
                        name=report.name,
                        state=labels[report.state],
                    )
                )

    def action_refresh(self):
        """Recompute the figures of a report not yet approved."""
        self._check_group("compliance", "manager")
        self._check_state("draft", "prepared")
        self._store_figures()
        return True

    def action_prepare(self):
        """Compliance prepares the report: the figures are computed, a supervisor approves."""
        self._check_group("compliance", "manager")
        self._check_state("draft")
        self._store_figures()
        self._workflow().write(
            {
                "state": "prepared",
                "prepared_by_id": self.env.uid,
                "date_prepared": fields.Datetime.now(),
            }
        )
        return True

    def action_approve(self):
        """A supervisor approves the report: its figures are computed a last time and frozen
        (stored; a later change to a complaint does not alter them)."""
        self._check_group("supervisor")
        self._check_state("prepared")
        for report in self:
            if report.prepared_by_id == self.env.user and not self.env.su:
                raise UserError(
                    self.env._("%s was prepared by you: another person approves it.", report.name)
                )
        self._store_figures()
        self._workflow().write(
            {
                "state": "approved",
                "approved_by_id": self.env.uid,
                "date_approved": fields.Datetime.now(),
            }
        )
        return True

    def action_publish(self):
        """Publish an approved report on the public page ``/complaints/disclosure``."""
        self._check_group("supervisor", "compliance")
        self._check_state("approved")
        self._workflow().write(
            {
                "state": "published",
                "published_by_id": self.env.uid,
                "date_published": fields.Datetime.now(),
            }
        )
        return True

    def action_back_to_draft(self):
        """Send a prepared report back to draft (before approval only)."""
        self._check_group("compliance", "supervisor")
        self._check_state("prepared")
        self._workflow().write({"state": "draft"})
        return True

    # ================================================================== outputs
    def _lines(self, section, level=None):
        self.ensure_one()
        return self.line_ids.filtered(
            lambda line: line.section == section and (level is None or line.level == level)
        )

    def _outlet_table(self):
        """[(outlet name, [count per month of the period]), ...] for the printed table."""
        self.ensure_one()
        months = list(range(self.date_from.month, self.date_to.month or 13)) or list(
            range(self.date_from.month, 13)
        )
        if self.period == "year":
            months = list(range(1, 13))
        rows = {}
        for line in self._lines("outlet"):
            name = line.name_zh if self.lang == "zh_CN" else line.name
            rows.setdefault(name, dict.fromkeys(months, 0))[line.month] = line.count
        return months, [(name, [counts[m] for m in months]) for name, counts in rows.items()]

    def _print_lang(self):
        """The language the report is printed in: its own, if installed, else English."""
        self.ensure_one()
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        return self.lang if self.lang in installed else "en_US"

    def action_print(self):
        """The report as a PDF."""
        self.ensure_one()
        return self.env.ref(
            "complaint_management.complaint_disclosure_report_action"
        ).report_action(self)

    def _xlsx(self):
        """The report as an .xlsx file (bytes): a summary and one sheet per breakdown."""
        self.ensure_one()
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        summary = workbook.add_worksheet(self.env._("Summary"))
        summary.set_column(0, 0, 40)
        summary.set_column(1, 1, 16)
        summary.write(0, 0, f"{self.company_id.name}: {self.name}", bold)
        for row, (label, value) in enumerate(
            [
                (self.env._("Complaints After Merging"), self.total),
                (self.env._("Complaints Received"), self.total_all),
                (self.env._("Duplicates Merged"), self.duplicates_merged),
                (self.env._("Previous Period"), self.previous_total),
                (self.env._("Change on the Previous Period (%)"), self.change_rate),
            ],
            start=2,
        ):
            summary.write(row, 0, label)
            summary.write(row, 1, value)
        section_labels = dict(
            self.env["complaint.disclosure.line"]
            ._fields["section"]
            ._description_selection(self.env)
        )
        for section, _label in SECTIONS:
            sheet = workbook.add_worksheet(section_labels[section])
            sheet.set_column(0, 1, 36)
            sheet.set_column(2, 4, 14)
            heads = [
                self.env._("Name"),
                self.env._("Name (Chinese)"),
                self.env._("Complaints"),
                self.env._("Share (%)"),
            ]
            if section == "outlet":
                heads.insert(2, self.env._("Month"))
            elif section == "channel":
                heads.insert(2, self.env._("Level"))
            for col, head in enumerate(heads):
                sheet.write(0, col, head, bold)
            for row, line in enumerate(self._lines(section), start=1):
                values = [line.name, line.name_zh]
                if section == "outlet":
                    values.append(line.month)
                elif section == "channel":
                    values.append(line.level)
                values += [line.count, line.share]
                for col, value in enumerate(values):
                    sheet.write(row, col, value)
        workbook.close()
        return output.getvalue()

    def action_export_xlsx(self):
        """Download the report as a spreadsheet."""
        self.ensure_one()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{self.name}.xlsx",
                    "raw": self._xlsx(),
                    "res_model": self._name,
                    "res_id": self.id,
                    "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                }
            )
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }


class ComplaintDisclosureLine(models.Model):
    """One stored figure of a disclosure: a category, cause, channel, region or outlet
    and month, its count after merging duplicates and its share of the total."""

    _name = "complaint.disclosure.line"
    _description = "Yearly Complaint Disclosure Figure"
    _order = "disclosure_id, sequence, id"

    disclosure_id = fields.Many2one(
        "complaint.disclosure", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="disclosure_id.company_id", store=True)
    section = fields.Selection(SECTIONS, required=True, readonly=True)
    sequence = fields.Integer(readonly=True)
    level = fields.Integer(
        readonly=True, help="0: a front or middle-back office total; 1: a sub-channel."
    )
    res_id = fields.Integer("Record", readonly=True)
    name = fields.Char(required=True, readonly=True)
    name_zh = fields.Char("Name (Chinese)", readonly=True)
    month = fields.Integer(readonly=True)
    count = fields.Integer("Complaints", readonly=True)
    share = fields.Float("Share (%)", digits=(5, 2), readonly=True)
