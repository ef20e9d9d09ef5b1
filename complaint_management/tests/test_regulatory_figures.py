"""The regulator's quarterly figures (SPEC.md "The regulator's floor"), proved on one
fixture of known complaints: received in the third quarter of 2026 (cut at midnight,
Shanghai time), by business line and cause, decided within the limit or after it, still
open, open past the limit, withdrawn, extended, regulator referrals apart, and the reviews
asked for in the quarter; and the spreadsheet that carries them."""

import base64
import io

import openpyxl
from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_regulatory import RegulatedCase

# "Now" when the figures are read: Monday 12 October 2026.
NOW = (2026, 10, 12, 12, 0)


@tagged("post_install", "-at_install")
class TestRegulatoryFigures(RegulatedCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Line = cls.env["complaint.business.line"]
        Cause = cls.env["complaint.cause"]
        cls.cards = Line.create({"name": "Cards", "sequence": 1})
        cls.loans = Line.create({"name": "Loans", "sequence": 2})
        cls.fees = Cause.create({"name": "Fees", "sequence": 1})
        cls.service = Cause.create({"name": "Service", "sequence": 2})
        referral = cls.env.ref("complaint_management.complaint_channel_regulator")

        def received(when, line, cause, **vals):
            return cls.regulated(when, business_line_id=line.id, cause_id=cause.id, **vals)

        def resolve(complaint, when):
            with freeze_time(cls.utc(*when)):
                cls.as_user(complaint, cls.desk)._action_resolve_first_contact("Explained.")

        # Decided within the limit: cards/fees, one of them a referral.
        resolve(received((2026, 7, 1, 0, 30), cls.cards, cls.fees), (2026, 7, 3, 10, 0))
        resolve(
            received((2026, 8, 3, 10, 0), cls.cards, cls.fees, channel_id=referral.id),
            (2026, 8, 5, 10, 0),
        )
        # Decided after it: cards/service (3 August + 15 = Tuesday 18 August).
        resolve(received((2026, 8, 3, 10, 0), cls.cards, cls.service), (2026, 8, 19, 9, 0))
        # Still open, within the limit: loans/fees (28 September + 15 = 13 October).
        received((2026, 9, 28, 10, 0), cls.loans, cls.fees)
        # Still open past the limit: loans/service, a referral.
        received((2026, 7, 20, 10, 0), cls.loans, cls.service, channel_id=referral.id)
        # Withdrawn: loans/fees.
        withdrawn = received((2026, 9, 1, 10, 0), cls.loans, cls.fees)
        with freeze_time(cls.utc(2026, 9, 3, 10, 0)):
            cls.as_user(withdrawn, cls.desk)._action_withdraw(cls.utc(2026, 9, 2, 9, 0), "phone")
        # Extended once, still open (1 September + 30 = 1 October, a holiday: 8 October
        # is past), and twice (to 60 days: 9 November).
        once = received((2026, 9, 1, 11, 0), cls.cards, cls.service)
        twice = received((2026, 9, 10, 10, 0), cls.loans, cls.service)
        with freeze_time(cls.utc(2026, 9, 14, 10, 0)):
            for complaint in once | twice:
                cls.as_user(complaint, cls.desk)._action_request_extension("Complex.", "letter")
            cls.as_user(twice, cls.desk)._action_request_extension("Very complex.", "letter")
            cls.as_user(twice, cls.gm).action_approve_extension()
        # No business line recorded: decided before the classification was required
        # (as complaints migrated from an older version are), cleared behind the process.
        unclassified = cls.regulated((2026, 9, 30, 23, 30))
        resolve(unclassified, (2026, 10, 2, 10, 0))
        unclassified._workflow().write({"business_line_id": False, "cause_id": False})
        # Outside the quarter: 1 October 00:30 in Shanghai is still 30 September in UTC.
        received((2026, 10, 1, 0, 30), cls.cards, cls.fees)
        received((2026, 6, 30, 23, 30), cls.cards, cls.fees)
        # Reviews asked for in the quarter: one upheld, one changed (special complaints
        # decided at once by letter).
        for when, outcome in (((2026, 9, 7, 10, 0), "upheld"), ((2026, 9, 8, 10, 0), "changed")):
            special = received((2026, 8, 28, 10, 0), cls.cards, cls.fees)
            with freeze_time(cls.utc(*when)):
                cls.as_user(special, cls.desk)._action_decide_validity("special", "Terms applied.")
                cls.decide(special, user=cls.desk)
                cls.as_user(special, cls.desk)._action_send_decision("letter")
                cls.as_user(special, cls.desk)._action_request_review(
                    cls.utc(*when), "letter", "Disagrees."
                )
                cls.as_user(special, cls.head_office)._action_decide_review(outcome, "Checked.")
        # Another company's complaints and complaints received outside the regime stay out.
        cls.company.complaint_regime_id = False
        cls.regulated((2026, 8, 3, 10, 0), business_line_id=cls.cards.id)
        cls.company.complaint_regime_id = cls.regime
        with freeze_time(cls.utc(*NOW)):
            cls.figures = cls.env["complaint.regulatory.figures"]._quarterly_figures(
                cls.company, 2026, 3
            )

    def check(self, row, **expected):
        for measure, value in expected.items():
            with self.subTest(measure=measure):
                self.assertEqual(row[measure], value)

    def test_totals(self):
        self.check(
            self.figures["totals"],
            received=11,
            on_time=5,  # 3 first contacts + 2 special complaints decided by letter
            late=1,
            pending=4,
            overdue=2,
            withdrawn=1,
            extended=2,
            extended_twice=1,
            on_time_rate=83.3,
        )

    def test_regulator_referrals_apart(self):
        self.check(
            self.figures["referrals"],
            received=2,
            on_time=1,
            late=0,
            pending=1,
            overdue=1,
            on_time_rate=100.0,
        )

    def test_by_business_line(self):
        rows = dict(self.figures["by_business_line"])
        self.assertEqual(list(rows), ["Cards", "Loans", "Not recorded"])
        self.check(rows["Cards"], received=6, on_time=4, late=1, pending=1, overdue=1, extended=1)
        self.check(
            rows["Loans"],
            received=4,
            pending=3,
            overdue=1,
            withdrawn=1,
            extended=1,
            extended_twice=1,
        )
        self.check(rows["Not recorded"], received=1, on_time=1)

    def test_by_cause(self):
        rows = dict(self.figures["by_cause"])
        self.assertEqual(list(rows), ["Fees", "Service", "Not recorded"])
        self.check(rows["Fees"], received=6, on_time=4, pending=1, withdrawn=1)
        self.check(rows["Service"], received=4, late=1, pending=3, overdue=2, extended=2)

    def test_reviews_asked_for_in_the_quarter(self):
        self.check(self.figures["reviews"], requested=2, upheld=1, changed=1, open=0)

    def test_the_analysis_agrees_with_the_quarterly_figures(self):
        """The analysis (complaint.report) carries the regulator's measures, cut by business
        line as the supervisor opens it, and never disagrees with the export."""
        Report = self.env["complaint.report"].with_user(self.supervisor).with_company(self.company)
        quarter = [
            ("company_id", "=", self.company.id),
            ("regime_id", "!=", False),
            ("date_received", ">=", "2026-07-01"),
            ("date_received", "<", "2026-10-01"),
        ]
        measures = ["received", "extended", "withdrawn", "reviewed", "regulatory_limit_rate"]
        [total] = Report.read_group(quarter, measures, [])
        self.check(total, received=11, extended=2, withdrawn=1, reviewed=2)
        self.assertEqual(
            round(total["regulatory_limit_rate"], 1), self.figures["totals"]["on_time_rate"]
        )
        by_line = {
            row["business_line_id"] and row["business_line_id"][1]: row
            for row in Report.read_group(quarter, measures, ["business_line_id"])
        }
        self.check(by_line["Cards"], received=6)
        self.check(by_line["Loans"], received=4, extended=1, withdrawn=1)
        # Users of no regulated company see none of these columns or filters.
        views = Report.get_views([(False, "list"), (False, "search")])["views"]
        self.company.complaint_regime_id = False
        plain = Report.get_views([(False, "list"), (False, "search")])["views"]
        for arch, hidden in ((views, False), (plain, True)):
            with self.subTest(hidden=hidden):
                column = etree.fromstring(arch["list"]["arch"]).find(".//field[@name='extended']")
                self.assertEqual(column.get("column_invisible") == "True", hidden)
                search = etree.fromstring(arch["search"]["arch"]).find(
                    ".//filter[@name='regulatory_withdrawn']"
                )
                self.assertEqual(search.get("invisible") == "1", hidden)

    def test_the_spreadsheet_carries_the_figures(self):
        with freeze_time(self.utc(*NOW)):
            wizard = (
                self.env["complaint.regulatory.export.wizard"]
                .with_user(self.supervisor)
                .with_company(self.company)
                .create({"company_id": self.company.id, "year": 2026, "quarter": "3"})
            )
            action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(f"id={wizard.id}", action["url"])
        self.assertTrue(wizard.filename.endswith("2026Q3.xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.file)))
        self.assertEqual(book.sheetnames, ["Summary", "By Business Line", "By Cause"])
        summary = {
            row[0]: row[1:3] for row in book["Summary"].iter_rows(values_only=True) if row[0]
        }
        self.assertEqual(summary["Received"], (11, 2))
        self.assertEqual(summary["Decided Within the Limit"], (5, 1))
        self.assertEqual(summary["Open Past the Limit"], (2, 1))
        self.assertEqual(summary["Extended Twice"][0], 1)
        self.assertEqual(summary["Decision Changed"][0], 1)
        lines = list(book["By Business Line"].iter_rows(values_only=True))
        self.assertEqual(lines[0][:3], ("Business Line", "Received", "Decided Within the Limit"))
        self.assertEqual(lines[1][:4], ("Cards", 6, 4, 1))

    def test_the_export_is_for_supervisors_and_compliance(self):
        wizard = (
            self.env["complaint.regulatory.export.wizard"]
            .with_user(self.compliance)
            .with_company(self.company)
            .create({"year": 2026, "quarter": "3"})
        )
        self.assertTrue(wizard.action_export())
        Wizard = self.env["complaint.regulatory.export.wizard"].with_user(self.desk)
        with self.assertRaises(UserError):
            Wizard.with_company(self.company).create({"year": 2026, "quarter": "3"}).action_export()

    def test_a_company_outside_the_regime_has_no_figures_to_export(self):
        self.company.complaint_regime_id = False
        wizard = (
            self.env["complaint.regulatory.export.wizard"]
            .with_user(self.supervisor)
            .with_company(self.company)
            .create({"year": 2026, "quarter": "3"})
        )
        with self.assertRaisesRegex(UserError, "no regulatory regime"):
            wizard.action_export()
