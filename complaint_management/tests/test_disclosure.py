"""The yearly complaint disclosure (年度消费投诉情况): the figures of a hand-built year (with a
duplicate, regions, outlets, a half-year) checked number by number against the report and
its spreadsheet; compliance prepares, a supervisor approves, the figures are frozen; the
query count does not grow with the complaints; the public page lists only published
reports."""

import io
from datetime import datetime
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase, insert_copies

REF = "complaint_management.complaint_"


class DisclosureCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        Department = cls.env["hr.department"]
        cls.shanghai = ref("base.state_cn_SH")
        cls.beijing = ref("base.state_cn_BJ")
        cls.zhejiang = ref("base.state_cn_ZJ")
        cls.sh_branch = Department.create(
            {
                "name": "Shanghai Branch",
                "company_id": cls.company.id,
                "is_complaint_outlet": True,
                "complaint_state_id": cls.shanghai.id,
            }
        )
        cls.sh_ops = Department.create(
            {
                "name": "Shanghai Operations",
                "company_id": cls.company.id,
                "parent_id": cls.sh_branch.id,
            }
        )
        cls.bj_branch = Department.create(
            {
                "name": "Beijing Branch",
                "company_id": cls.company.id,
                "is_complaint_outlet": True,
                "complaint_state_id": cls.beijing.id,
            }
        )
        cls.credit = ref(f"{REF}business_line_credit_card")
        cls.debit = ref(f"{REF}business_line_debit_card")
        cls.loans = ref(f"{REF}business_line_loans")
        cls.pricing = ref(f"{REF}cause_pricing")
        cls.service = ref(f"{REF}cause_service")
        cls.rules = ref(f"{REF}cause_rules")
        cls.counter = ref(f"{REF}business_channel_counter")
        cls.app = ref(f"{REF}business_channel_mobile_app")
        cls.back = ref(f"{REF}business_channel_back")
        cls.partner.state_id = cls.zhejiang

        def received(when, department, line, cause, channel=None):
            moment = cls.utc(*when)
            with freeze_time(moment):
                vals = {"business_line_id": line.id, "cause_id": cause.id}
                if channel:
                    vals["business_channel_id"] = channel.id
                complaint = cls.create_complaint(date_received=moment, **vals)
            if department:
                complaint._workflow().write({"department_id": department.id})
            return complaint

        cls.c1 = received((2025, 1, 10, 10), cls.sh_branch, cls.credit, cls.pricing, cls.counter)
        cls.c2 = received((2025, 2, 5, 10), cls.sh_ops, cls.credit, cls.service, cls.app)
        cls.c3 = received((2025, 3, 3, 10), cls.bj_branch, cls.loans, cls.pricing, cls.app)
        cls.c4 = received((2025, 3, 4, 10), cls.bj_branch, cls.loans, cls.pricing, cls.app)
        cls.c5 = received((2025, 7, 1, 10), cls.sh_branch, cls.debit, cls.rules, cls.back)
        cls.c6 = received((2025, 8, 9, 10), None, cls.debit, cls.rules)  # by phone: telephone
        # The previous year (and the second half of it).
        received((2024, 11, 2, 10), cls.sh_branch, cls.credit, cls.pricing)
        received((2024, 12, 2, 10), cls.sh_branch, cls.credit, cls.pricing)
        cls.as_user(cls.c4, cls.desk)._action_mark_duplicate(cls.c3, "Same loan, by mail.")

    @classmethod
    def disclosure(cls, period="year", **vals):
        return (
            cls.env["complaint.disclosure"]
            .with_user(cls.compliance)
            .with_company(cls.company)
            .create({"company_id": cls.company.id, "year": 2025, "period": period, **vals})
        )


@tagged("post_install", "-at_install")
class TestDisclosure(DisclosureCase):
    def figures(self, report, section, lang="name"):
        return {
            line[lang] if section != "outlet" else (line[lang], line.month): (
                line.count,
                line.share,
            )
            for line in report.line_ids.filtered(lambda line: line.section == section)
        }

    def test_the_year_number_by_number(self):
        report = self.disclosure()
        report.action_prepare()
        self.assertEqual(report.state, "prepared")
        self.assertEqual(
            (report.total, report.total_all, report.duplicates_merged, report.previous_total),
            (5, 6, 1, 2),
        )
        self.assertEqual(report.change_rate, 150.0)
        self.assertEqual(
            self.figures(report, "category"),
            {"Credit Cards": (2, 40.0), "Debit Cards": (2, 40.0), "Loans": (1, 20.0)},
        )
        self.assertEqual(
            self.figures(report, "cause"),
            {
                "Pricing and Fees": (2, 40.0),
                "Management Rules, Business Rules and Processes": (2, 40.0),
                "Service Attitude and Quality": (1, 20.0),
            },
        )
        channels = [
            (line.level, line.name, line.count, line.share)
            for line in report.line_ids.filtered(lambda line: line.section == "channel")
        ]
        self.assertEqual(
            channels,
            [
                (0, "Front Office", 4, 80.0),
                (1, "Electronic Channels", 3, 60.0),
                (1, "Counter", 1, 20.0),
                (0, "Middle and Back Office", 1, 20.0),
            ],
        )
        self.assertEqual(
            self.figures(report, "region"),
            {
                self.shanghai.name: (3, 60.0),  # the Shanghai branch and its operations
                self.beijing.name: (1, 20.0),  # the duplicate counted once
                "Not Recorded": (1, 20.0),
            },
        )
        self.assertEqual(
            {key: count for key, (count, _share) in self.figures(report, "outlet").items()},
            {
                ("Shanghai Branch", 1): 1,
                ("Shanghai Branch", 2): 1,
                ("Shanghai Branch", 7): 1,
                ("Beijing Branch", 3): 1,
                ("Not Recorded", 8): 1,
            },
        )
        months, rows = report._outlet_table()
        self.assertEqual(months, list(range(1, 13)))
        self.assertEqual(dict(rows)["Shanghai Branch"], [1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0])

        # The spreadsheet says the same.
        book = openpyxl.load_workbook(io.BytesIO(report._xlsx()))
        summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
        self.assertEqual(summary["Complaints After Merging"], 5)
        self.assertEqual(summary["Complaints Received"], 6)
        self.assertEqual(summary["Duplicates Merged"], 1)
        self.assertEqual(summary["Change on the Previous Period (%)"], 150)
        categories = {
            row[0]: (row[2], row[3])
            for row in book["Business Category"].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(categories, self.figures(report, "category"))
        regions = {
            row[0]: (row[2], row[3])
            for row in book["Region"].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(regions, self.figures(report, "region"))
        outlets = {
            (row[0], row[2]): row[3]
            for row in book["Outlet per Month"].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(outlets[("Shanghai Branch", 7)], 1)
        self.assertEqual(len(outlets), 5)

    def test_a_half_year_and_regions_by_the_complainant(self):
        report = self.disclosure("h1", region_basis="partner")
        report.action_prepare()
        # January to June: four received, one a duplicate; the second half of 2024 had two.
        self.assertEqual((report.total, report.total_all, report.previous_total), (3, 4, 2))
        self.assertEqual(report.change_rate, 50.0)
        self.assertEqual(self.figures(report, "region"), {self.zhejiang.name: (3, 100.0)})
        months, _rows = report._outlet_table()
        self.assertEqual(months, [1, 2, 3, 4, 5, 6])

    def test_approved_figures_are_frozen(self):
        report = self.disclosure()
        report.with_user(self.admin).action_prepare()
        with self.assertRaisesRegex(UserError, "another person"):
            report.with_user(self.admin).action_approve()
        for user in (self.compliance, self.desk):
            with self.assertRaises(AccessError):
                report.with_user(user).action_approve()
        self.assertEqual(report.state, "prepared")
        report.with_user(self.supervisor).action_approve()
        self.assertEqual(report.state, "approved")
        self.assertEqual(report.approved_by_id, self.supervisor)
        before = self.figures(report, "category")
        # A complaint changes afterwards: the approved figures do not.
        self.c1._workflow().write({"business_line_id": self.loans.id})
        self.assertEqual(self.figures(report, "category"), before)
        with self.assertRaisesRegex(UserError, "frozen"):
            report.with_user(self.compliance).write({"period": "h1"})
        with self.assertRaises(UserError):
            report.with_user(self.compliance).action_refresh()
        report.with_user(self.supervisor).action_publish()
        self.assertEqual(report.state, "published")
        self.assertEqual(report.total, 5)
        self.assertEqual(self.figures(report, "category"), before)
        with self.assertRaises(UserError):
            report.unlink()

    def test_the_query_count_does_not_grow_with_the_complaints(self):
        report = self.disclosure()
        executed = []
        execute = type(self.cr).execute

        def spy(cr, query, params=None, log_exceptions=True):
            executed.append(str(query)[:200])
            return execute(cr, query, params, log_exceptions)

        def queries():
            self.env.invalidate_all()
            report._compute_figures()  # warm the caches (rules, languages, translations)
            self.env.invalidate_all()
            executed.clear()
            with patch.object(type(self.cr), "execute", spy):
                report._compute_figures()
            return list(executed)

        few = queries()
        insert_copies(self.env, self.c2, 400)
        many = queries()
        self.assertEqual(len(many), len(few), "\n".join(q for q in many if q not in few))
        self.assertLessEqual(len(few), 15)

    def test_a_period_once_per_company(self):
        self.disclosure()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.disclosure()
        with self.assertRaises(UserError):
            self.disclosure(year=datetime.now().year + 1)


@tagged("post_install", "-at_install")
class TestDisclosurePage(DisclosureCase, HttpCase):
    def test_the_public_page_lists_only_published_reports(self):
        published = self.disclosure()
        published.action_prepare()
        published.with_user(self.supervisor).action_approve()
        published.with_user(self.supervisor).action_publish()
        draft = self.disclosure("h2")
        approved = self.disclosure("h1")
        approved.action_prepare()
        approved.with_user(self.supervisor).action_approve()
        page = self.url_open("/complaints/disclosure")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/complaints/disclosure/{published.id}", page.text)
        self.assertNotIn(f"/complaints/disclosure/{draft.id}", page.text)
        self.assertNotIn(f"/complaints/disclosure/{approved.id}", page.text)
        report = self.url_open(f"/complaints/disclosure/{published.id}")
        self.assertEqual(report.status_code, 200)
        self.assertIn("Credit Cards", report.text)
        self.assertEqual(self.url_open(f"/complaints/disclosure/{draft.id}").status_code, 404)
        pdf = self.url_open(f"/complaints/disclosure/{published.id}/pdf")
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
        # Tests render reports as HTML (Odoo's test mode): the figures are in it.
        self.assertIn(b"Credit Cards", pdf.content)
