"""Who and what is complained about (SPEC.md: 投诉反映单位或反映人, the desk's judgement): the
units and employees as records (any department of the company), when and where, severity,
urgency and scope; a major or urgent complaint reported upward once, through the mail
queue; the form, the slip, the analysis by main unit and the filters."""

from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase

SLIP = "complaint_management.complaint_slip_report_action"


@tagged("post_install", "-at_install")
class TestSubject(ComplaintCase):
    track = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = (
            cls.env["hr.employee"]
            .with_company(cls.company)
            .create({"name": "Counter Clerk", "department_id": cls.dep_branch.id})
        )

    def upward_messages(self, complaint):
        return complaint.message_ids.filtered(lambda m: "Reported upward" in (m.body or ""))

    def test_units_and_employees_are_records_of_any_department(self):
        complaint = self.create_complaint(
            complained_department_ids=[Command.set([self.dep_it.id, self.dep_branch.id])],
            complained_employee_ids=[Command.set(self.clerk.ids)],
            date_incident=fields.Datetime.now() - timedelta(days=1),
            incident_location="Branch 1, counter 2",
            scope="several",
        )
        self.dispatch(complaint)  # handled by Operations, about IT and the branch
        self.assertEqual(complaint.department_id, self.dep_ops)
        self.assertEqual(complaint.complained_department_ids, self.dep_it | self.dep_branch)
        self.assertEqual(complaint.complained_employee_ids, self.clerk)
        self.assertIn(complaint.complained_department_id, self.dep_it | self.dep_branch)
        found = self.env["complaint.complaint"].search(
            [("complained_employee_ids", "=", self.clerk.id)]
        )
        self.assertEqual(found, complaint)

    def test_the_incident_is_not_after_the_receipt(self):
        complaint = self.create_complaint()
        with self.assertRaises(ValidationError):
            self.as_user(complaint, self.desk).write(
                {"date_incident": complaint.date_received + timedelta(hours=2)}
            )

    def test_who_records_it(self):
        complaint = self.dispatch(self.create_complaint())
        # The responsible department names the employee it found; the desk judges.
        self.as_user(complaint, self.handler).write(
            {"complained_employee_ids": [Command.set(self.clerk.ids)]}
        )
        self.assertEqual(complaint.complained_employee_ids, self.clerk)
        with self.assertRaises(AccessError):
            self.as_user(complaint, self.handler).write({"judged_severity": "important"})
        with self.assertRaises(AccessError):
            self.as_user(complaint, self.it_handler).write(
                {"complained_department_ids": [Command.set(self.dep_it.ids)]}
            )
        self.as_user(complaint, self.desk).write({"judged_severity": "important"})
        self.assertEqual(complaint.judged_severity, "important")
        self.walk(complaint, "closed")
        with self.assertRaises(UserError):
            self.as_user(complaint, self.desk).write({"incident_location": "Elsewhere"})
        with self.assertRaises(UserError):
            self.as_user(complaint, self.admin).write({"date_upward_report": fields.Datetime.now()})

    def test_a_major_complaint_is_reported_upward_once(self):
        complaint = self.create_complaint(judged_severity="major")
        self.assertTrue(complaint.date_upward_report)
        messages = self.upward_messages(complaint)
        self.assertEqual(len(messages), 1)
        self.assertIn(self.supervisor.partner_id, messages.partner_ids)
        self.assertIn(self.admin.partner_id, messages.partner_ids)
        self.assertNotIn(self.desk.partner_id, messages.partner_ids)
        # Through the mail queue, not sent inline.
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids)])
        self.assertTrue(mails)
        self.assertEqual(set(mails.mapped("state")), {"outgoing"})
        # Urgent as well, later: still once.
        self.as_user(complaint, self.desk).write({"urgency": "urgent"})
        self.as_user(complaint, self.desk).write({"judged_severity": "important"})
        self.as_user(complaint, self.desk).write({"judged_severity": "major"})
        self.assertEqual(len(self.upward_messages(complaint)), 1)

    def test_an_urgent_judgement_later_reports_it_then(self):
        complaint = self.create_complaint()
        self.assertFalse(complaint.date_upward_report)
        self.assertFalse(self.upward_messages(complaint))
        self.as_user(complaint, self.desk).write({"urgency": "urgent"})
        self.assertTrue(complaint.date_upward_report)
        self.assertEqual(len(self.upward_messages(complaint)), 1)

    def test_the_analysis_counts_by_main_unit(self):
        about_it = self.create_complaint(complained_department_ids=[Command.set(self.dep_it.ids)])
        self.create_complaint(complained_department_ids=[Command.set(self.dep_it.ids)])
        self.create_complaint(judged_severity="major")
        report = self.env["complaint.report"].with_user(self.supervisor)
        counts = dict(
            report._read_group(
                [("company_id", "=", self.company.id)], ["complained_department_id"], ["__count"]
            )
        )
        self.assertEqual(counts[self.dep_it], 2)
        row = report.search([("complaint_id", "=", about_it.id)])
        self.assertEqual(row.complained_department_id, self.dep_it)
        majors = report.search_count(
            [("company_id", "=", self.company.id), ("judged_severity", "=", "major")]
        )
        self.assertEqual(majors, 1)

    def test_the_slip_prints_who_and_what(self):
        complaint = self.create_complaint(
            complained_department_ids=[Command.set(self.dep_branch.ids)],
            complained_employee_ids=[Command.set(self.clerk.ids)],
            incident_location="Branch 1, counter 2",
            judged_severity="important",
        )
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.desk)
            ._render_qweb_html(SLIP, complaint.ids)
        )
        text = html.decode()
        for expected in ("Operations Branch", "Counter Clerk", "Branch 1, counter 2", "Important"):
            self.assertIn(expected, text)

    def test_registering_without_unit_or_employee_costs_no_query_of_its_own(self):
        """Creation is not slower for a complaint that names no unit or employee and is
        neither major nor urgent: no query of this room (the main unit is computed before
        the INSERT, from the values given)."""
        self.create_complaint()  # warm the caches
        queries = []
        execute = type(self.env.cr).execute

        def spy(cr, query, params=None, log_exceptions=True):
            queries.append(str(query))
            return execute(cr, query, params, log_exceptions)

        with patch.object(type(self.env.cr), "execute", spy):
            complaint = self.create_complaint(title="Plain")
            self.env.flush_all()
        # The units' and employees' tables are not touched; the upward report not written.
        own = [
            q
            for q in queries
            if "complained_department_rel" in q
            or "complained_employee_rel" in q
            or ("UPDATE" in q.upper() and "date_upward_report" in q)
        ]
        self.assertEqual(own, [])
        self.assertFalse(complaint.complained_department_id)
        self.assertFalse(self.upward_messages(complaint))

    def test_the_search_view_filters_and_groups(self):
        arch = self.env["complaint.complaint"].get_views([(False, "search")])["views"]["search"][
            "arch"
        ]
        for name in ("major", "urgent", "about_employee", "group_complained_department"):
            self.assertIn(f'name="{name}"', arch)
