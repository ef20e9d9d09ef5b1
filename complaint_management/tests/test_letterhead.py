"""Every printed form on the company's letterhead, as real text (issue 24): the handling
slip, the result letter, the decision letter and the monthly report, printed by Odoo's
wkhtmltopdf (the build on patched Qt that bin/lib.sh installs) in English and in Chinese,
are read back with ``pdftotext``: every text of the form's body (labels and content) is
there, and every page carries the company's logo, name and address and its page number
("Page 2 / 3"). ``pdffonts`` lists a font for the Latin text (not drawn as curves)."""

import base64
import io
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata

from freezegun import freeze_time
from lxml import html as lxml_html
from PIL import Image

from odoo.tests import tagged
from odoo.tools import config

from odoo.addons.base.models import ir_actions_report

from .common import ComplaintFiguresCase
from .common_regulatory import RegulatedCase

SLIP = "complaint_management.complaint_slip_report_action"
RESULT_LETTER = "complaint_management.complaint_result_letter_report"
DECISION = "complaint_management.complaint_decision_report_action"
MONTHLY = "complaint_management.complaint_monthly_report_action"

ADDRESS = {"street": "88 Century Avenue", "zip": "200120", "city": "Shanghai"}
PAGE_NUMBER = re.compile(r"(?:Page|[页⻚]):?\s*(\d+)\s*/\s*(\d+)")


def squeeze(text):
    """``text`` as a reader compares it: NFKC, without any white space (lines wrap
    anywhere)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def pattern(text):
    """A regular expression finding ``text`` in a squeezed PDF text: its words in their
    order, where a label wrapped in a table cell may have the next cells' first lines
    between its lines (at most 160 characters), and pdftotext may read a Chinese
    character back as the CJK radical its glyph shares (见 as ⻅, 长 as ⻓, 民 as ⺠)."""

    def word(chars):
        return "".join(
            f"(?:{re.escape(char)}|[\u2e80-\u2fdf])"
            if "\u4e00" <= char <= "\u9fff"
            else re.escape(char)
            for char in chars
        )

    words = unicodedata.normalize("NFKC", text).split()
    return re.compile(".{0,160}?".join(word(chars) for chars in words))


def run_poppler(tool, pdf, *args):
    """The output of a poppler-utils tool (pdftotext, pdffonts, pdfimages) on ``pdf``."""
    if not shutil.which(tool):
        raise AssertionError(f"{tool} is missing: bin/test installs poppler-utils")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        out = ["-"] if tool == "pdftotext" else []
        result = subprocess.run(
            [tool, *args, handle.name, *out], capture_output=True, check=True, timeout=60
        )
    return result.stdout.decode()


def logo_png():
    """A small logo: a red square."""
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), (200, 30, 30)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue())


class LetterheadMixin:
    """Company letterhead set-up and the checks every form shares."""

    @classmethod
    def letterhead(cls):
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["base", "web", "complaint_management"], ["zh_CN"]
        )
        cls.company.write({"logo": logo_png(), **ADDRESS, "country_id": cls.env.ref("base.cn").id})
        # wkhtmltopdf loads the report's styles (and the letterhead's layout with them) from
        # this test's own server, as in production from the server's web.base.url.
        cls.env["ir.config_parameter"].set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        # A PDF every time (attachment_use would hand back the first render).
        cls.env.ref(RESULT_LETTER).attachment_use = False
        cls.env.ref(MONTHLY).attachment_use = False

    def in_language(self, lang, *partners):
        """Print in ``lang``: the company's forms and the complainants' letters."""
        (self.company.partner_id | self.env["res.partner"].union(*partners)).lang = lang

    def render(self, report, records):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_company(self.company)
            .with_context(force_report_rendering=True)  # a PDF, as in production
            ._render_qweb_pdf(report, records.ids)
        )
        self.assertEqual(kind, "pdf")
        return pdf

    def body_texts(self, report, records):
        """Every text of the form's body (``div.page``) as the HTML render prints it: its
        labels and its content, in pieces of at least two letters or digits."""
        html = (
            self.env["ir.actions.report"]
            .with_company(self.company)
            ._render_qweb_html(report, records.ids)[0]
        )
        tree = lxml_html.fromstring(html)
        pages = tree.xpath("//div[contains(concat(' ', normalize-space(@class), ' '), ' page ')]")
        self.assertTrue(pages, "the form has a body")
        texts = []
        for page in pages:
            for raw in page.itertext():
                piece = " ".join(raw.split())
                if len(re.sub(r"\W", "", piece)) >= 2 and piece not in texts:
                    texts.append(piece)
        return texts

    def assert_on_letterhead(self, report, records, expected=(), min_pages=1):
        """Print ``report`` for ``records``: every text of its body, and ``expected``, is
        read back from the PDF; every page has the logo, the company's name and address and
        its page number; the Latin text is set in a font."""
        self.assertEqual(self.env["ir.actions.report"].get_wkhtmltopdf_state(), "ok")
        # A form may print the time or the day it is printed (the monthly report's "figures
        # as of", the result letter's date), and a minute or a day may turn while it prints:
        # the HTML is printed before and after the PDF, and a text that changed in between
        # may be read back in either form. (The clock is not frozen: a frozen clock changes
        # how wkhtmltopdf is served the letterhead's assets.)
        texts = self.body_texts(report, records)
        pdf = self.render(report, records)
        after = self.body_texts(report, records)
        turned = [text for text in after if text not in texts]
        if os.environ.get("COMPLAINT_KEEP_PDFS"):  # to look at them: a directory
            name = f"{report.rsplit('.', 1)[1]}-{self.company.partner_id.lang}.pdf"
            with open(os.path.join(os.environ["COMPLAINT_KEEP_PDFS"], name), "wb") as handle:
                handle.write(pdf)
        # pdftotext ends every page with a form feed: a blank page is an empty one.
        pages = run_poppler("pdftotext", pdf, "-raw").split("\f")[:-1]
        self.assertGreaterEqual(len(pages), min_pages)
        whole = squeeze(" ".join(pages))
        for text in [*texts, *expected]:
            with self.subTest(text=text):
                if text in after or text in expected:
                    self.assertRegex(whole, pattern(text))
                else:  # the clock turned while it printed
                    self.assertTrue(
                        any(re.search(pattern(new), whole) for new in [text, *turned]),
                        f"{text!r} (or, as the clock turned, one of {turned}) in the PDF",
                    )
        images = run_poppler("pdfimages", pdf, "-list").splitlines()[2:]
        pages_with_image = {int(line.split()[0]) for line in images if line.strip()}
        company = self.company
        for number, page in enumerate(pages, start=1):
            with self.subTest(page=number):
                flat = squeeze(page)
                for text in (company.name, company.street, company.city, company.zip):
                    self.assertRegex(flat, pattern(text), "the letterhead on every page")
                numbers = [(int(x), int(y)) for x, y in PAGE_NUMBER.findall(page)]
                self.assertTrue(numbers, "a page number")
                this, total = numbers[-1]
                self.assertEqual(this, number, "the page number")
                # wkhtmltopdf 0.12.3 counts the pages before it prints them: when a form's
                # last line falls at the very foot of a page, its total is one more than it
                # prints (README, "Printing": a known limitation).
                self.assertIn(total, (len(pages), len(pages) + 1), "of the total")
                self.assertIn(number, pages_with_image, "the logo on every page")
        fonts = run_poppler("pdffonts", pdf).splitlines()[2:]
        self.assertTrue(
            [font for font in fonts if "CJK" not in font.split()[0]],
            f"a font for the Latin text (not curves): {fonts}",
        )
        return pages


@tagged("post_install", "-at_install")
class TestLettersOnTheLetterhead(LetterheadMixin, RegulatedCase):
    """The slip, the result letter and the decision letter of a complaint decided,
    answered and revisited."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.letterhead()
        cls.complaint = cls.regulated((2026, 11, 2, 10, 0), title="信用卡年费重复扣收")
        with freeze_time(cls.utc(2026, 11, 3, 10, 0)):
            cls.walk(cls.complaint, "customer")
        with freeze_time(cls.utc(2026, 11, 6, 10, 0)):
            cls.send_decision(cls.complaint)
        with freeze_time(cls.utc(2026, 11, 7, 10, 0)):
            cls.walk(cls.complaint, "revisit")

    def test_patched_wkhtmltopdf(self):
        """Odoo's own check accepts the build bin/lib.sh installs, on patched Qt."""
        self.assertEqual(ir_actions_report.wkhtmltopdf_state, "ok")
        version = subprocess.run(
            [ir_actions_report._get_wkhtmltopdf_bin(), "--version"],
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout.decode()
        self.assertIn("with patched qt", version)

    def test_slip_in_english(self):
        self.in_language("en_US", self.partner)
        pages = self.assert_on_letterhead(
            SLIP,
            self.complaint,
            ("Customer Complaint Handling Slip", self.complaint.name, "Sun Li"),
            min_pages=2,
        )
        self.assertNotIn("投诉处理单", " ".join(pages))

    def test_slip_in_chinese(self):
        self.in_language("zh_CN", self.partner)
        self.assert_on_letterhead(
            SLIP, self.complaint, ("客户投诉处理单", self.complaint.name), min_pages=2
        )

    def test_result_letter_in_english(self):
        self.in_language("en_US", self.partner)
        self.assert_on_letterhead(
            RESULT_LETTER,
            self.complaint,
            ("Result of your complaint", "If you disagree", "Refund the second annual fee."),
        )

    def test_result_letter_in_chinese(self):
        self.in_language("zh_CN", self.partner)
        self.assert_on_letterhead(
            RESULT_LETTER, self.complaint, ("投诉处理结果告知函", "如有异议", "信用卡年费重复扣收")
        )

    def test_decision_letter_in_english(self):
        self.in_language("en_US", self.partner)
        self.assert_on_letterhead(
            DECISION,
            self.complaint,
            ("Decision on Your Complaint", "The card terms charge the annual fee once a year."),
        )

    def test_decision_letter_in_chinese(self):
        self.in_language("zh_CN", self.partner)
        self.assert_on_letterhead(DECISION, self.complaint, ("投诉处理决定书", "您的诉求"))


@tagged("post_install", "-at_install")
class TestMonthlyReportOnTheLetterhead(LetterheadMixin, ComplaintFiguresCase):
    """The monthly report of October 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.letterhead()
        with freeze_time(cls.utc(2026, 11, 2, 9, 0)):
            cls.env["complaint.monthly.report"]._send_due_reports()
        cls.report = cls.env["complaint.monthly.report"].search(
            [("company_id", "=", cls.company.id)]
        )
        assert len(cls.report) == 1

    def test_monthly_report_in_english(self):
        self.in_language("en_US")
        self.assert_on_letterhead(MONTHLY, self.report, ("Monthly Complaint Report", "2026-10"))

    def test_monthly_report_in_chinese(self):
        self.in_language("zh_CN")
        self.assert_on_letterhead(MONTHLY, self.report, ("投诉月度报告", "2026-10"))
