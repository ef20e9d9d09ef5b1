"""The handling slip (SPEC.md "The handling slip"): the real PDF, rendered by wkhtmltopdf
and read back with pdftotext, carries every item of the seeds' annex, in the company's
language (bilingual on request); the archive files the complete slip, served only to those
cleared for the contact details; everyone else gets a fresh, masked render; every print is
logged."""

import shutil
import subprocess
import tempfile
import unicodedata
from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from odoo.addons.complaint_management.models.complaint_complaint_reporting import (
    ComplaintComplaint,
)

from .common import ACCOUNT, PHONE, ComplaintCase

REPORT = "complaint_management.complaint_slip_report_action"


def pdf_text(pdf):
    """The text of a PDF, as pdftotext (poppler-utils) reads it back, on one line."""
    if not shutil.which("pdftotext"):
        raise AssertionError("pdftotext is missing: bin/test installs poppler-utils")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        result = subprocess.run(
            ["pdftotext", "-raw", handle.name, "-"],
            capture_output=True,
            check=True,
            timeout=60,
        )
    # NFKC: pdftotext reads some CJK glyphs back as the Kangxi radicals they share.
    return " ".join(unicodedata.normalize("NFKC", result.stdout.decode()).split())


class SlipCase(ComplaintCase):
    """A complaint handled through three plan versions (two refused by the customer, the
    third accepted), audited, revisited and archived."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grades[4].audit_policy = "always"
        cls.complaint = cls.create_complaint(
            title="信用卡年费重复扣收",
            customer_demand="Refund the second fee and apologise.",
            partner_email="sun.li@example.com",
        )
        desk = cls.as_user(cls.complaint, cls.desk)
        desk._action_decide_validity("valid")
        desk._action_dispatch(cls.dep_ops, cls.handler, assist_departments=cls.dep_it)
        cls.walk(cls.complaint, "customer")
        for version, note in ((1, "Refund alone is not enough."), (2, "Wants it in writing.")):
            plan = cls.complaint.plan_id
            assert plan.version == version
            cls.as_user(plan, cls.desk)._action_customer_refuse(note)
            new = cls.draft_plan(cls.complaint)
            cls.as_user(new, cls.handler).action_submit()
            cls.approve_all(new)
        cls.walk(cls.complaint, "closed")

    def render(self, complaint, user):
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_company(self.company)
            .with_context(force_report_rendering=True)  # a PDF, as in production
            ._render_qweb_pdf(REPORT, complaint.ids)
        )
        self.assertEqual(kind, "pdf")
        return pdf


@tagged("post_install", "-at_install")
class TestHandlingSlip(SlipCase):
    def test_the_pdf_carries_every_item_of_the_slip(self):
        complaint = self.complaint
        text = pdf_text(self.render(complaint, self.desk))
        plans = complaint.plan_ids.sorted("version")
        received = (complaint.date_received + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
        items = {
            "title": "Customer Complaint Handling Slip",
            "number": complaint.name,
            "customer": "Sun Li",
            "account": ACCOUNT,
            "phone": PHONE,
            "time received (Shanghai)": received,
            "channel": "Phone",
            "receiving employee": self.desk.name,
            "content, as written": "The annual fee was charged twice.",
            "subject, as written": "信用卡年费重复扣收",
            "customer's demand": "Refund the second fee and apologise.",
            "summary of events": "Summary of Events",
            "dispatch event": "Dispatched",
            "responsible department": "Operations",
            "responsible person": self.handler.name,
            "facts found": "Fee charged twice by a batch error.",
            "root cause": "Batch job re-run.",
            "rectification": "Batch job guarded against re-runs.",
            "handling of responsible persons": "Operator warned.",
            "plan versions": "v1",
            "plan v2": "v2",
            "plan v3": "v3",
            "plan measures": "Refund the second fee.",
            "first refusal": "Refund alone is not enough.",
            "second refusal": "Wants it in writing.",
            "accepted": "Accepted by Customer",
            "approvals": "Department Manager",
            "approver": self.manager.name,
            "approval decision": "Approved",
            "general manager": self.gm.name,
            "result audit": "Fair.",
            "feedback": "Refund explained by phone.",
            "revisit comment": "Customer's words.",
            "satisfaction": "Very Satisfied",
            "revisit result": "Close the Complaint",
            "signatures": "Signatures",
            "department manager's signature line": "Department Manager",
            "supervisor's signature line": self.supervisor.name,
            "archive date": "Archive Date",
        }
        for item, expected in items.items():
            with self.subTest(item=item):
                self.assertIn(expected, text)
        self.assertEqual(len(plans), 3)
        self.assertEqual(plans.mapped("state"), ["refused", "refused", "accepted"])

    def test_labels_in_the_company_language_content_as_written(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        self.company.partner_id.lang = "zh_CN"
        text = pdf_text(self.render(self.complaint, self.desk))
        for label in (
            "客户投诉处理单",
            "投诉编号",
            "受理时间",
            "受理人",
            "事件经过",
            "责任部门",
            "归档日期",
        ):
            with self.subTest(label=label):
                self.assertIn(label, text)
        self.assertIn("The annual fee was charged twice.", text, "the content as written")
        self.assertIn("信用卡年费重复扣收", text)
        self.assertNotIn("Customer Complaint Handling Slip", text)

        self.company.complaint_slip_bilingual = True
        text = pdf_text(self.render(self.complaint, self.desk))
        for chinese, english in (
            ("客户投诉处理单", "Customer Complaint Handling Slip"),
            ("受理时间", "Date and Time Received"),
            ("责任部门", "Responsible Department"),
        ):
            with self.subTest(label=english):
                self.assertIn(chinese, text)
                self.assertIn(english, text)

    def test_those_not_cleared_get_the_details_masked(self):
        it_collab = self._new_user("t_it_collab", "complaint_management.group_complaint_user")
        self.env["hr.employee"].with_company(self.company).create(
            {"name": "IT Colleague", "user_id": it_collab.id, "department_id": self.dep_it.id}
        )
        complaint = self.create_complaint(title="Needs IT")
        self.as_user(complaint, self.desk)._action_decide_validity("valid")
        self.as_user(complaint, self.desk)._action_dispatch(
            self.dep_ops, self.handler, assist_departments=self.dep_it
        )
        text = pdf_text(self.render(complaint, it_collab))
        self.assertIn(complaint.name, text)
        self.assertNotIn(PHONE, text)
        self.assertNotIn(ACCOUNT, text)
        self.assertIn("Confidential", text)
        self.assertEqual(self.log_count(complaint, it_collab, "print"), 1, "every print is logged")


@tagged("post_install", "-at_install")
class TestFiledSlip(SlipCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        states = []
        original = ComplaintComplaint._file_handling_slip

        def spy(records):
            states.append(records.state)
            return original(records)

        cls.sign_record(cls.complaint)
        with patch.object(ComplaintComplaint, "_file_handling_slip", autospec=True) as filing:
            filing.side_effect = spy
            # A real PDF, as in production (Odoo's test mode would file HTML).
            cls.as_user(cls.complaint, cls.desk).with_context(
                force_report_rendering=True
            ).action_archive_complaint()
        cls.states_when_filed = states
        cls.it_collab = cls._new_user("t_it_collab", "complaint_management.group_complaint_user")
        cls.env["hr.employee"].with_company(cls.company).create(
            {"name": "IT Colleague", "user_id": cls.it_collab.id, "department_id": cls.dep_it.id}
        )
        cls.attachment = (
            cls.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "complaint.complaint"),
                    ("res_id", "=", cls.complaint.id),
                    ("res_field", "=", "filed_slip"),
                ]
            )
        )

    def test_the_archive_files_the_complete_slip_before_the_state_changes(self):
        self.assertEqual(self.states_when_filed, ["closed"])
        self.assertEqual(self.complaint.state, "archived")
        self.assertEqual(len(self.attachment), 1)
        self.assertEqual(self.attachment.mimetype, "application/pdf")
        text = pdf_text(self.attachment.raw)
        self.assertIn(PHONE, text, "the filed copy has the contact details")
        self.assertIn(ACCOUNT, text)
        self.assertIn("Archive Date", text)
        self.assertEqual(self.log_count(self.complaint, self.desk, "print"), 1)

    def test_those_cleared_are_served_the_filed_copy(self):
        for user in (self.handler, self.supervisor, self.compliance):
            with self.subTest(user=user.login):
                before = self.log_count(self.complaint, user, "print")
                self.assertEqual(self.render(self.complaint, user), self.attachment.raw)
                self.assertEqual(self.log_count(self.complaint, user, "print"), before + 1)

    def test_a_colleague_not_cleared_cannot_download_it(self):
        """An assisting department's colleague reads the complaint, and its attachments in
        general, but never the filed slip: printing gives them a fresh, masked slip."""
        colleague = self.it_collab
        self.assertTrue(self.sees(self.complaint, colleague))
        attachment = self.attachment.with_user(colleague)
        with self.assertRaises(AccessError):
            attachment.read(["raw"])
        with self.assertRaises(AccessError):
            attachment.check("read")
        found = (
            self.env["ir.attachment"]
            .with_user(colleague)
            .search([("res_model", "=", "complaint.complaint"), ("res_id", "=", self.complaint.id)])
        )
        self.assertNotIn(self.attachment, found)
        with self.assertRaises(AccessError):
            self.complaint.with_user(colleague).read(["filed_slip"])
        pdf = self.render(self.complaint, colleague)
        self.assertNotEqual(pdf, self.attachment.raw)
        text = pdf_text(pdf)
        self.assertNotIn(PHONE, text)
        self.assertIn("Archive Date", text)
        self.assertEqual(self.log_count(self.complaint, colleague, "print"), 1)

    def test_nobody_reads_it_directly(self):
        """Not even those cleared: the filed copy is served by printing, which is logged."""
        for user in (self.desk, self.handler, self.supervisor, self.admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.attachment.with_user(user).read(["raw"])


@tagged("post_install", "-at_install")
class TestFiledSlipOverHttp(ComplaintCase, HttpCase):
    """The web client's download routes do not serve the filed slip either."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        complaint = cls.create_complaint(title="Filed")
        cls.as_user(complaint, cls.desk)._action_resolve_first_contact("Explained.")
        cls.sign_record(complaint)
        cls.as_user(complaint, cls.desk).with_context(
            force_report_rendering=True
        ).action_archive_complaint()
        cls.complaint = complaint
        cls.attachment = (
            cls.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "complaint.complaint"),
                    ("res_id", "=", complaint.id),
                    ("res_field", "=", "filed_slip"),
                ]
            )
        )

    def test_download_routes_refuse_it(self):
        self.assertEqual(len(self.attachment), 1)
        self.authenticate(self.handler.login, self.handler.login)
        for url in (
            f"/web/content/{self.attachment.id}",
            f"/web/content/complaint.complaint/{self.complaint.id}/filed_slip",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertIn(response.status_code, (403, 404))
                self.assertNotIn(b"%PDF", response.content)
