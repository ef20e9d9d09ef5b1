"""The monthly complaint report (SPEC.md "Supervision"): sent by a daily job on the first
working day of the month (public holidays such as 1 October and 1 January skipped) to
compliance and management, once even if the job runs twice; the record keeps the PDF, and
every reprint of a past month is that PDF."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintFiguresCase
from .test_slip import pdf_text

OCTOBER = date(2026, 10, 1)
REPORT = "complaint_management.complaint_monthly_report_action"


@tagged("post_install", "-at_install")
class TestMonthlyReport(ComplaintFiguresCase):
    def run_job(self, *moment):
        with freeze_time(self.utc(*moment)):
            # Real PDFs, as in production (Odoo's test mode renders HTML).
            self.env["complaint.statistics"].with_context(
                force_report_rendering=True
            )._cron_monthly_summary()
        return self.env["complaint.monthly.report"].search([("company_id", "=", self.company.id)])

    def messages(self, report):
        return report.message_ids.filtered(lambda m: m.message_type == "comment")

    def test_first_working_day_of_the_month(self):
        cases = {
            "October 2026 (National Day, 1-7 October)": (date(2026, 10, 15), date(2026, 10, 8)),
            "November 2026 (1 November is a Sunday)": (date(2026, 11, 20), date(2026, 11, 2)),
            "December 2026": (date(2026, 12, 31), date(2026, 12, 1)),
            "January 2027 (New Year's Day)": (date(2027, 1, 10), date(2027, 1, 4)),
        }
        reports = self.env["complaint.monthly.report"]
        for name, (day, first) in cases.items():
            with self.subTest(month=name):
                self.assertEqual(reports._first_working_day(self.company, day), first)

    def test_sent_once_on_the_first_working_day(self):
        self.assertFalse(self.run_job(2026, 11, 1, 9, 0), "Sunday 1 November: nothing")
        report = self.run_job(2026, 11, 2, 9, 0)
        self.assertEqual(len(report), 1)
        self.assertEqual(
            (report.date_from, report.name, report.state), (OCTOBER, "2026-10", "sent")
        )
        self.assertEqual(report.recipient_user_ids, self.compliance | self.gm)
        message = self.messages(report)
        self.assertEqual(len(message), 1)
        self.assertIn("2026-10", message.subject)
        self.assertEqual(message.partner_ids, (self.compliance | self.gm).partner_id)
        self.assertEqual(message.attachment_ids, report.attachment_id)
        self.assertEqual(report.attachment_id.mimetype, "application/pdf")
        self.assertEqual(self.run_job(2026, 11, 2, 15, 0), report, "the job runs twice")
        self.assertEqual(self.run_job(2026, 11, 3, 9, 0), report)
        self.assertEqual(len(self.messages(report)), 1, "sent once")

    def test_a_holiday_on_the_first_is_skipped(self):
        for day in range(1, 8):
            with self.subTest(day=f"{day} October"):
                self.assertFalse(self.run_job(2026, 10, day, 9, 0))
        report = self.run_job(2026, 10, 8, 9, 0)
        self.assertEqual((report.name, report.state), ("2026-09", "sent"))

    def test_the_pdf_has_the_summary_and_every_breakdown(self):
        report = self.run_job(2026, 11, 2, 9, 0)
        text = pdf_text(report.attachment_id.raw)
        for expected in (
            "Monthly Complaint Report",
            "2026-10",
            "Summary",
            "On-time Rate per Step",
            "By Department",
            "Operations",
            "IT",
            "No Department (Service Desk)",
            "By Category",
            "Fees and Billing",
            "Service Attitude",
            "Month received",
            "Month closed",
            "75.0 %",  # on-time rate of October
            "9.3",  # handling time of October
            "66.7 %",  # on time at dispatch
        ):
            with self.subTest(text=expected):
                self.assertIn(expected, text)

    def test_in_the_company_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        self.company.partner_id.lang = "zh_CN"
        report = self.run_job(2026, 11, 2, 9, 0)
        text = pdf_text(report.attachment_id.raw)
        for label in ("投诉月度报告", "按部门", "按类别", "受理", "办结"):
            with self.subTest(label=label):
                self.assertIn(label, text)
        self.assertIn("2026-10", self.messages(report).subject)

    def test_reprints_are_the_kept_pdf(self):
        report = self.run_job(2026, 11, 2, 9, 0)
        kept = report.attachment_id.raw
        # A complaint registered afterwards, backdated to October, changes the figures,
        # not the report that was sent.
        self.create_complaint(
            title="Late registration", date_received=self.utc(2026, 10, 30, 10, 0)
        )
        for user in (self.supervisor, self.compliance, self.gm):
            with self.subTest(user=user.login):
                pdf, _kind = (
                    self.env["ir.actions.report"]
                    .with_user(user)
                    .with_company(self.company)
                    .with_context(force_report_rendering=True)
                    ._render_qweb_pdf(REPORT, report.ids)
                )
                self.assertEqual(pdf, kept)

    def test_any_past_month_can_be_printed(self):
        wizard = (
            self.env["complaint.monthly.report.wizard"]
            .with_user(self.compliance)
            .with_company(self.company)
            .with_context(force_report_rendering=True)
        )
        with freeze_time(self.utc(2026, 11, 20, 10, 0)):
            action = wizard.create({"year": 2026, "month": "9"}).action_print()
            report = self.env["complaint.monthly.report"].search(
                [("company_id", "=", self.company.id), ("name", "=", "2026-09")]
            )
            self.assertEqual(report.state, "draft", "printed, not sent")
            self.assertTrue(report.attachment_id)
            self.assertEqual(action["type"], "ir.actions.report")
            self.assertEqual(action["context"]["active_ids"], report.ids)
            with self.assertRaises(UserError):
                wizard.create({"year": 2026, "month": "11"}).action_print()
        with self.assertRaises(AccessError):
            self.env["complaint.monthly.report.wizard"].with_user(self.desk).create(
                {"year": 2026, "month": "9", "company_id": self.company.id}
            ).action_print()

    def test_who_reads_the_reports(self):
        report = self.run_job(2026, 11, 2, 9, 0)
        readers = {
            "supervisor": (self.supervisor, True),
            "compliance": (self.compliance, True),
            "general manager (a recipient)": (self.gm, True),
            "desk": (self.desk, False),
            "handler": (self.handler, False),
            "outsider": (self.outsider, False),
        }
        for name, (user, reads) in readers.items():
            with self.subTest(user=name):
                self.assertEqual(self.sees(report, user), reads)

    def test_recipients_are_configurable(self):
        self.company.complaint_report_user_ids = self.admin
        report = self.run_job(2026, 11, 2, 9, 0)
        self.assertEqual(report.recipient_user_ids, self.compliance | self.admin)

    def test_reports_are_kept(self):
        report = self.run_job(2026, 11, 2, 9, 0)
        with self.assertRaises(UserError):
            report.sudo().unlink()
        with self.assertRaises(AccessError):
            report.with_user(self.supervisor).write({"state": "draft"})
