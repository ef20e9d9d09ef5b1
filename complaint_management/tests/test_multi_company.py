"""Multi-company: everyone is bound to their allowed companies, for complaints, the
records hanging off them, the configuration and the access log."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCase, G


@tagged("post_install", "-at_install")
class TestMultiCompany(ComplaintCase):
    track = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company2 = cls.env["res.company"].create(
            {"name": "Other Bank", "currency_id": cls.env.ref("base.CNY").id}
        )
        both = [Command.set((cls.company | cls.company2).ids)]
        cls.desk_both = new_test_user(
            cls.env,
            login="t_desk_both",
            groups=f"{G}desk",
            company_id=cls.company.id,
            company_ids=both,
        )
        cls.compliance_c2 = new_test_user(
            cls.env,
            login="t_compliance_c2",
            groups=f"{G}compliance",
            company_id=cls.company2.id,
            company_ids=[Command.set(cls.company2.ids)],
        )
        cls.partner_c2 = cls.env["res.partner"].create(
            {"name": "Other Bank's customer", "company_id": cls.company2.id}
        )
        cls.foreign = (
            cls.env["complaint.complaint"]
            .with_user(cls.desk_both)
            .with_company(cls.company2)
            .create(
                {
                    "title": "At the other bank",
                    "description": "<p>ATM kept the card.</p>",
                    "partner_id": cls.partner_c2.id,
                    "partner_phone": "13900000002",
                    "channel_id": cls.channel.id,
                    "company_id": cls.company2.id,
                    "involves_fraud": True,
                }
            )
            .with_env(cls.env)
        )
        cls.fresh = cls.create_complaint(title="Just registered")
        cls.env.invalidate_all()

    def test_users_of_one_company_cannot_reach_the_other(self):
        for user in (self.desk, self.supervisor, self.compliance, self.admin, self.handler):
            with self.subTest(user=user.login):
                as_user = self.foreign.with_user(user)
                with self.assertRaises(AccessError):
                    as_user.read(["title"])
                self.assertFalse(as_user.search([("title", "=", "At the other bank")]))
                self.assertFalse(as_user.search([("partner_phone", "=", "13900000002")]))
                for model in ("complaint.step", "complaint.grade.history"):
                    self.assertFalse(
                        self.env[model]
                        .with_user(user)
                        .search([("complaint_id", "=", self.foreign.id)])
                    )

    def test_a_user_of_both_companies_sees_the_companies_they_work_in(self):
        Complaint = self.env["complaint.complaint"].with_user(self.desk_both)
        both = Complaint.with_context(allowed_company_ids=(self.company | self.company2).ids)
        found = both.search([("id", "in", (self.foreign | self.fresh).ids)])
        self.assertEqual(found, self.foreign | self.fresh)
        self.assertEqual(both.browse(self.foreign.id).partner_phone, "13900000002")
        only_c1 = Complaint.with_context(allowed_company_ids=self.company.ids)
        self.assertEqual(
            only_c1.search([("id", "in", (self.foreign | self.fresh).ids)]), self.fresh
        )

    def test_nobody_registers_in_a_company_they_do_not_work_in(self):
        values = {
            "title": "Smuggled",
            "description": "<p>x</p>",
            "partner_id": self.partner2.id,
            "channel_id": self.channel.id,
            "company_id": self.company2.id,
        }
        with self.assertRaises(AccessError):
            self.env["complaint.complaint"].with_user(self.desk).create(values)
        with self.assertRaises(AccessError):
            self.env["complaint.complaint"].with_user(self.desk_both).with_context(
                allowed_company_ids=self.company.ids
            ).create(values)

    def test_records_of_another_company_cannot_be_linked(self):
        Complaint = (
            self.env["complaint.complaint"]
            .with_user(self.desk_both)
            .with_context(allowed_company_ids=(self.company | self.company2).ids)
        )
        wrong = {
            "title": "Wrong complainant",
            "description": "<p>x</p>",
            "partner_id": self.partner_c2.id,
            "channel_id": self.channel.id,
            "company_id": self.company.id,
        }
        with (
            self.assertRaisesRegex(UserError, "Incompatible companies"),
            self.env.cr.savepoint(),
        ):
            Complaint.create(wrong)
        # In a batch (checked per company at once), with Odoo's own message naming the
        # complainant at fault; the same complainant in their own company passes.
        right = dict(wrong, title="Right complainant", company_id=self.company2.id)
        count = Complaint.search_count([])
        with (
            self.assertRaisesRegex(UserError, "Incompatible companies(.|\n)*Other Bank's"),
            self.env.cr.savepoint(),
        ):
            Complaint.create([right, wrong])
        self.assertEqual(Complaint.search_count([]), count, "nothing registered")
        # The values of the refused batch register as they are, under new numbers.
        registered = Complaint.create([right, dict(right, title="Also right")])
        self.assertEqual(len(set(registered.mapped("name"))), 2)
        self.assertNotIn("name", right, "the caller's values are left as they were")

    def test_a_record_of_another_company_cannot_be_written_in_either(self):
        """A write is checked on the company-bound fields it writes (the complainant of
        the other company is refused and nothing changes), and a complaint moved to the
        other company on every company-bound field it holds (its department stays with
        the first company)."""
        complaint = self.walk(self.create_complaint(title="Moved"), "dispatched")
        desk = complaint.with_user(self.desk_both).with_context(
            allowed_company_ids=(self.company | self.company2).ids
        )
        with (
            self.assertRaisesRegex(UserError, "Incompatible companies"),
            self.env.cr.savepoint(),
        ):
            desk.write({"partner_id": self.partner_c2.id})
        self.assertEqual(complaint.partner_id, self.partner)
        self.assertEqual(complaint.department_id.company_id, self.company)
        with (
            self.assertRaisesRegex(UserError, "Incompatible companies"),
            self.env.cr.savepoint(),
        ):
            complaint.sudo()._workflow().write({"company_id": self.company2.id})
        self.assertEqual(complaint.company_id, self.company)

    def test_compliance_of_the_other_company_only_is_told(self):
        self.assertTrue(self.foreign.date_compliance_notified)
        followers = self.foreign.sudo().message_partner_ids
        self.assertIn(self.compliance_c2.partner_id, followers)
        self.assertNotIn(self.compliance.partner_id, followers)

    def test_configuration_of_the_other_company_stays_there(self):
        grade = (
            self.env["complaint.grade"]
            .sudo()
            .create(
                {
                    "name": "Other Bank level 4",
                    "level": 4,
                    "company_id": self.company2.id,
                    "deadline_rule_ids": [Command.create({"step_type": "dispatch", "amount": 2})],
                    "escalation_rule_ids": [Command.create({"target": "handler"})],
                }
            )
        )
        category = (
            self.env["complaint.category"]
            .sudo()
            .create({"name": "Other Bank fees", "company_id": self.company2.id})
        )
        calendar = self.company2.resource_calendar_id
        self.assertTrue(calendar)
        workday = (
            self.env["complaint.workday"]
            .sudo()
            .create({"calendar_id": calendar.id, "date": date(2031, 2, 8), "works_as": "0"})
        )
        records = {
            "grade": grade,
            "deadline rule": grade.deadline_rule_ids,
            "escalation rule": grade.escalation_rule_ids,
            "category": category,
            "workday": workday,
        }
        for name, record in records.items():
            for user in (self.desk, self.admin):
                with self.subTest(record=name, user=user.login):
                    self.assertFalse(self.sees(record, user))
            with self.subTest(record=name, user="desk of both companies"):
                self.assertTrue(
                    record.with_user(self.desk_both)
                    .with_context(allowed_company_ids=(self.company | self.company2).ids)
                    .has_access("read")
                )

    def test_access_logs_stay_in_their_company(self):
        self.foreign.with_user(self.desk_both).with_context(
            allowed_company_ids=(self.company | self.company2).ids
        ).read(["partner_phone"])
        log = self.env["complaint.access.log"].search(
            [("complaint_id", "=", self.foreign.id), ("user_id", "=", self.desk_both.id)]
        )
        self.assertEqual(log.company_id, self.company2)
        self.assertFalse(
            self.env["complaint.access.log"]
            .with_user(self.supervisor)
            .search([("complaint_id", "=", self.foreign.id)])
        )
