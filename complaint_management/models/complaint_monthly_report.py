"""The monthly complaint report (SPEC.md "Supervision": a monthly report to compliance and
management): one record per company and month holding the PDF, sent once on the first
working day of the next month by a daily job, reprinted from the same PDF afterwards."""

from markupsafe import Markup
from pytz import utc

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

MONTHLY_REPORT = "complaint_management.complaint_monthly_report_action"
READERS = (
    "complaint_management.group_complaint_supervisor",
    "complaint_management.group_complaint_compliance",
)


class ComplaintMonthlyReport(models.Model):
    """A company's complaint figures of one month, as a PDF (per department, per category
    and a one-page summary), and when and to whom it was sent."""

    _name = "complaint.monthly.report"
    _inherit = ["mail.thread"]
    _description = "Monthly Complaint Report"
    _order = "date_from desc, company_id"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    date_from = fields.Date(
        "Month", required=True, readonly=True, help="First day of the month reported."
    )
    date_to = fields.Date(
        "Next Month", compute="_compute_name", store=True, help="First day after the month."
    )
    state = fields.Selection(
        [("draft", "Not Sent"), ("sent", "Sent")],
        default="draft",
        required=True,
        readonly=True,
        index=True,
    )
    date_sent = fields.Datetime("Sent On", readonly=True)
    recipient_user_ids = fields.Many2many(
        "res.users",
        "complaint_monthly_report_recipient_rel",
        "report_id",
        "user_id",
        "Recipients",
        readonly=True,
    )
    attachment_id = fields.Many2one("ir.attachment", "PDF", readonly=True)

    _sql_constraints = [
        (
            "company_month_unique",
            "unique(company_id, date_from)",
            "A company has one monthly complaint report per month.",
        )
    ]

    @api.depends("date_from")
    def _compute_name(self):
        stats = self.env["complaint.statistics"]
        for report in self:
            report.name = report.date_from and report.date_from.strftime("%Y-%m")
            report.date_to = report.date_from and stats._month_range(report.date_from)[1]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_on_record(self):
        raise UserError(self.env._("Monthly reports are kept: they cannot be deleted."))

    # ================================================================== the record of a month
    @api.model
    def _get_for_month(self, company, date_from):
        """The report of ``company``'s month beginning on ``date_from``; made (and its PDF
        rendered and kept) the first time it is asked for."""
        report = self.sudo().search(
            [("company_id", "=", company.id), ("date_from", "=", date_from)], limit=1
        )
        if not report:
            report = self.sudo().create({"company_id": company.id, "date_from": date_from})
        if not report.attachment_id:
            report._render_pdf()
        return report

    def _render_pdf(self):
        """Render the PDF; the report action keeps it as an attachment (and serves every
        reprint from it)."""
        reports = self.env["ir.actions.report"].sudo()
        action = reports._get_report(MONTHLY_REPORT)
        for report in self.sudo():
            reports._render_qweb_pdf(MONTHLY_REPORT, report.ids)
            report.attachment_id = action.retrieve_attachment(report)

    def _recipients(self):
        """Compliance officers of the company, and its management: the configured
        recipients, or the general manager."""
        self.ensure_one()
        company = self.company_id
        compliance = (
            self.env.ref("complaint_management.group_complaint_compliance")
            .sudo()
            .users.filtered(lambda u: company in u.company_ids and not u.share)
        )
        management = company.complaint_report_user_ids or company.complaint_general_manager_id
        return compliance | management

    # ================================================================== sending
    def _send(self):
        """Send the report with its PDF to its recipients, once: a report already sent
        (also by a job running at the same time) is not sent again."""
        sent = self.browse()
        for report in self.sudo():
            self.env.cr.execute(
                "SELECT state FROM complaint_monthly_report WHERE id = %s FOR UPDATE",
                [report.id],
            )
            if self.env.cr.fetchone()[0] == "sent":
                continue
            report.invalidate_recordset(["state"])
            if not report.attachment_id:
                report._render_pdf()
            users = report._recipients()
            # Written in the company's language: the job runs as OdooBot.
            lang = report.company_id.partner_id.lang or self.env.lang
            local = report.with_context(lang=lang).env
            report.with_env(local).message_post(
                subject=local._(
                    "%(company)s: complaint report %(month)s",
                    company=report.company_id.name,
                    month=report.name,
                ),
                body=Markup("<p>%s</p>")
                % local._(
                    "The complaint report of %(month)s is attached: the figures per "
                    "department and per category, and a one-page summary.",
                    month=report.name,
                ),
                partner_ids=users.partner_id.ids,
                attachment_ids=report.attachment_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            report.write(
                {
                    "state": "sent",
                    "date_sent": fields.Datetime.now(),
                    "recipient_user_ids": [(6, 0, users.ids)],
                }
            )
            sent |= report
        return sent

    def action_send(self):
        """Send a report that the job has not sent (a month before the job existed)."""
        self._check_reader()
        if not self.env.user.has_group("complaint_management.group_complaint_supervisor"):
            raise AccessError(self.env._("Only the supervisor group sends monthly reports."))
        self._send()
        return True

    @api.model
    def _check_reader(self):
        if not any(self.env.user.has_group(group) for group in READERS):
            raise AccessError(
                self.env._("Monthly reports are for the supervisor group and compliance.")
            )

    # ================================================================== the daily job
    @api.model
    def _first_working_day(self, company, day):
        """The first working day of the month of ``day`` on the company's calendar (public
        holidays out, make-up working days in)."""
        calendar = company._get_complaint_calendar()
        tz = self.env["complaint.statistics"]._company_tz(company)
        intervals = calendar._complaint_month_intervals(day.year, day.month)
        if not intervals:
            return None
        return utc.localize(intervals[0][0]).astimezone(tz).date()

    @api.model
    def _send_due_reports(self):
        """Send, for each company whose first working day of the month is today (its own
        time zone), last month's report; nothing on other days or if already sent."""
        stats = self.env["complaint.statistics"]
        sent = self.browse()
        for company in self.env["res.company"].sudo().search([]):  # pylint: disable=no-search-all
            if not (company.complaint_calendar_id or company.resource_calendar_id):
                continue
            today = stats._local_today(company)
            if today != self._first_working_day(company, today):
                continue
            date_from, _date_to = stats._month_range(today, months=-1)
            sent |= self._get_for_month(company, date_from)._send()
        return sent
