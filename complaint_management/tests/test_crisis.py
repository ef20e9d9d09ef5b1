"""Crisis handling (SPEC.md "Crisis handling and prevention"): a crisis opens when a
complaint reaches level 1 (at registration, by a later regrade) or a revisit escalates it,
and by hand by a supervisor; several complaints join one; the crisis team is told at once;
measures are reminded and escalated once; media statements are released only after a
second lead's approval; a crisis closes with its review; who reads crises."""

from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintCase, G


class CrisisCase(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The crisis team: the supervisor, the general manager and the compliance officer
        # (who decides public statements) lead it, the Operations manager is a member.
        cls.env["complaint.crisis.team.member"].create(
            [
                {"company_id": cls.company.id, "user_id": cls.supervisor.id, "is_lead": True},
                {"company_id": cls.company.id, "user_id": cls.gm.id, "is_lead": True},
                {"company_id": cls.company.id, "user_id": cls.compliance.id, "is_lead": True},
                {"company_id": cls.company.id, "user_id": cls.manager.id},
            ]
        )
        cls.team = cls.supervisor | cls.gm | cls.compliance | cls.manager

    def new_crisis(self, **vals):
        """A level-1 complaint and the crisis it opened."""
        complaint = self.create_complaint(media_exposed=True, **vals)
        return complaint, complaint.crisis_id


@tagged("post_install", "-at_install")
class TestCrisisOpening(CrisisCase):
    def test_level_1_at_registration_opens_a_crisis_and_tells_the_team(self):
        complaint, crisis = self.new_crisis(title="Bank fee story on the evening news")
        self.assertEqual(complaint.grade_level, 1)
        self.assertTrue(crisis, "a complaint graded level 1 at registration opens a crisis")
        self.assertRegex(crisis.name, r"^CR/\d{4}/\d{4}$")
        self.assertEqual(crisis.state, "open")
        self.assertEqual(crisis.origin, "level1")
        self.assertEqual(crisis.title, "Bank fee story on the evening news")
        self.assertEqual(crisis.owner_id, self.supervisor, "the team's first lead owns it")
        self.assertEqual(crisis.complaint_ids, complaint)
        self.assertTrue(complaint.has_open_crisis)
        # The whole team follows it and was told at once, through the mail queue.
        self.assertLessEqual(self.team.partner_id, crisis.message_partner_ids)
        told = crisis.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertEqual(len(told), 1)
        self.assertEqual(told.partner_ids, self.team.partner_id)
        self.assertIn(complaint.name, told.body)
        self.assertEqual(crisis.activity_ids.user_id, self.supervisor)
        # A complaint at level 4 opens none.
        self.assertFalse(self.create_complaint(title="Ordinary").crisis_id)

    def test_later_regrade_to_level_1_opens_a_crisis(self):
        by_fact = self.create_complaint(title="Reaches the media later")
        by_hand = self.create_complaint(title="Raised by hand")
        self.assertFalse(by_fact.crisis_id | by_hand.crisis_id)
        # A fact recorded later: the automatic grading raises it to level 1.
        self.as_user(by_fact, self.desk).write({"media_exposed": True})
        self.assertEqual(by_fact.grade_level, 1)
        self.assertEqual(by_fact.crisis_id.origin, "level1")
        # Raised by hand by the desk.
        self.as_user(by_hand, self.desk)._action_change_grade(self.grades[1], "On the radio.")
        self.assertTrue(by_hand.crisis_id)
        self.assertNotEqual(by_hand.crisis_id, by_fact.crisis_id, "one crisis each")
        # A second raise does not open a second crisis.
        crisis = by_fact.crisis_id
        self.as_user(by_fact, self.desk).write({"complainant_count": 12})
        self.assertEqual(by_fact.crisis_id, crisis)
        self.assertEqual(self.env["complaint.crisis"].search_count([("id", "=", crisis.id)]), 1)

    def test_revisit_escalated_to_crisis_opens_one(self):
        complaint = self.walk(self.create_complaint(title="Still unhappy"), "revisit")
        self.assertFalse(complaint.crisis_id)
        self.record_revisit(complaint, "1", "crisis")
        crisis = complaint.crisis_id
        self.assertTrue(crisis)
        self.assertEqual(crisis.origin, "revisit")
        self.assertEqual(
            self.env["complaint.crisis"].search_count([("complaint_ids", "=", complaint.id)]), 1
        )
        # The complaint's own process goes on: a new plan is due.
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(complaint.grade_level, 1)

    def test_same_problem_joins_the_open_crisis_of_its_group(self):
        first, crisis = self.new_crisis(title="Branch refuses withdrawals")
        second = self.create_complaint(
            title="Same branch",
            partner_id=self.partner2.id,
            same_problem_id=first.id,
            media_exposed=True,
        )
        self.assertEqual(second.crisis_id, crisis)
        self.assertEqual(crisis.complaint_count, 2)

    def test_a_supervisor_opens_or_joins_a_crisis_by_hand(self):
        _first, crisis = self.new_crisis()
        ordinary = self.create_complaint(title="Linked by the supervisor")
        other = self.create_complaint(title="Opened by the supervisor")
        Wizard = self.env["complaint.crisis.wizard"]
        # Not the desk.
        with self.assertRaises(AccessError):
            Wizard.with_user(self.desk).create(
                {"complaint_id": ordinary.id, "action": "join", "crisis_id": crisis.id}
            ).action_confirm()
        with self.assertRaises(AccessError):
            self.as_user(ordinary, self.desk)._action_join_crisis(crisis)
        # Nor by writing the field.
        with self.assertRaises(UserError):
            self.as_user(ordinary, self.supervisor).write({"crisis_id": crisis.id})
        Wizard.with_user(self.supervisor).create(
            {"complaint_id": ordinary.id, "action": "join", "crisis_id": crisis.id}
        ).action_confirm()
        self.assertEqual(ordinary.crisis_id, crisis)
        self.assertEqual(crisis.complaint_count, 2)
        self.assertIn(ordinary.name, crisis.message_ids[0].body)
        with self.assertRaises(UserError):
            self.as_user(ordinary, self.supervisor)._action_join_crisis(crisis)
        action = (
            Wizard.with_user(self.supervisor)
            .create({"complaint_id": other.id, "action": "open", "title": "Online rumour"})
            .action_confirm()
        )
        self.assertEqual(other.crisis_id.id, action["res_id"])
        self.assertEqual(other.crisis_id.origin, "manual")
        self.assertEqual(other.crisis_id.title, "Online rumour")
        self.assertNotEqual(other.crisis_id, crisis)
        # Its owner comes from the crisis team.
        with self.assertRaises(UserError):
            self.as_user(other.crisis_id, self.supervisor).write({"owner_id": self.desk.id})
        # Nobody opens a crisis without a complaint outside the supervisor group.
        with self.assertRaises(AccessError):
            self.env["complaint.crisis"].with_user(self.gm).create(
                {"title": "By hand", "owner_id": self.gm.id}
            )


@tagged("post_install", "-at_install")
class TestCrisisHandling(CrisisCase):
    def test_measures_are_reminded_and_escalated_once(self):
        _complaint, crisis = self.new_crisis()
        today = fields.Date.today()
        measure = (
            self.env["complaint.crisis.measure"]
            .with_user(self.supervisor)
            .create(
                {
                    "crisis_id": crisis.id,
                    "name": "Statement to the branch staff",
                    "user_id": self.handler.id,
                    "date_due": today + timedelta(days=4),
                }
            )
        )
        Measure = self.env["complaint.crisis.measure"]
        self.assertTrue(self.sees(crisis, self.handler), "a measure's owner reads its crisis")
        Measure._cron_remind_escalate()
        self.assertFalse(measure.date_reminded, "not yet at risk")
        at_risk = datetime.combine(today + timedelta(days=4), time(12, 0))
        with freeze_time(at_risk):
            # (The job runs over every company: the demo data's measures are left aside.)
            reminded, escalated = Measure._cron_remind_escalate()
            self.assertEqual(reminded & crisis.measure_ids, measure)
            self.assertFalse(escalated & crisis.measure_ids)
            todo = crisis.activity_ids.filtered(lambda a: a.user_id == self.handler)
            self.assertEqual(len(todo), 1)
            self.assertEqual(todo.complaint_crisis_measure_id, measure)
            reminded, escalated = Measure._cron_remind_escalate()
            self.assertFalse(reminded & measure, "reminded once")
        late = datetime.combine(today + timedelta(days=6), time(9, 0))
        with freeze_time(late):
            self.assertTrue(measure.is_late)
            self.assertEqual(
                Measure.search([("is_late", "=", True), ("id", "=", measure.id)]), measure
            )
            reminded, escalated = Measure._cron_remind_escalate()
            self.assertEqual(escalated & crisis.measure_ids, measure)
            told = crisis.message_ids.filtered(lambda m: "past their due date" in (m.body or ""))
            self.assertEqual(len(told), 1)
            # The owner and the crisis team's leads.
            self.assertEqual(
                told.partner_ids, (self.supervisor | self.gm | self.compliance).partner_id
            )
            reminded, escalated = Measure._cron_remind_escalate()
            self.assertFalse(escalated & measure, "escalated once")
        # The owner marks it done: the to-do is done too.
        measure.with_user(self.handler).action_done()
        self.assertEqual(measure.state, "done")
        self.assertFalse(crisis.activity_ids.filtered(lambda a: a.user_id == self.handler))

    def test_the_chief_risk_officer_approves_where_the_company_names_one(self):
        _complaint, crisis = self.new_crisis()
        statement = (
            self.env["complaint.crisis.statement"]
            .with_user(self.gm)
            .create({"crisis_id": crisis.id, "text": "We apologise.", "channel": "press"})
        )
        self.company.complaint_dispute_approver = "cro"
        with self.assertRaisesRegex(UserError, "Chief Risk Officer"):
            statement.with_user(self.compliance).action_approve()
        self.supervisor.groups_id |= self.env.ref("complaint_management.group_complaint_cro")
        statement.with_user(self.supervisor).action_approve()
        self.assertEqual(statement.approver_id, self.supervisor)

    def test_a_statement_needs_a_second_leads_approval(self):
        _complaint, crisis = self.new_crisis()
        statement = (
            self.env["complaint.crisis.statement"]
            .with_user(self.gm)
            .create(
                {
                    "crisis_id": crisis.id,
                    "text": "The fee is refunded to every customer.",
                    "channel": "press",
                }
            )
        )
        self.assertEqual(statement.author_id, self.gm)
        # Not released unapproved.
        with self.assertRaisesRegex(UserError, "approved"):
            statement.with_user(self.gm).action_release()
        # Not approved by its author, though a lead.
        with self.assertRaisesRegex(UserError, "another lead"):
            statement.with_user(self.gm).action_approve()
        # Not by a team member who is no lead.
        with self.assertRaisesRegex(UserError, "lead of the crisis team"):
            statement.with_user(self.manager).action_approve()
        # Nor by writing its state.
        with self.assertRaises(UserError):
            statement.with_user(self.supervisor).write({"state": "approved"})
        # Nor by a lead who does not decide the company's public statements (compliance).
        with self.assertRaisesRegex(UserError, "public statements"):
            statement.with_user(self.supervisor).action_approve()
        self.assertEqual(statement.state, "draft")
        self.assertFalse(statement.with_user(self.gm).can_approve)
        self.assertFalse(statement.with_user(self.supervisor).can_approve)
        self.assertTrue(statement.with_user(self.compliance).can_approve)
        statement.with_user(self.compliance).action_approve()
        self.assertEqual(statement.state, "approved")
        self.assertEqual(statement.approver_id, self.compliance)
        with self.assertRaises(UserError):
            statement.with_user(self.gm).write({"text": "Changed after approval."})
        statement.with_user(self.gm).action_release()
        self.assertEqual(statement.state, "released")
        self.assertTrue(statement.date_released)
        self.assertIn("refunded to every customer", crisis.message_ids[0].body)
        # Its author cannot be forged at creation.
        with self.assertRaises(UserError):
            self.env["complaint.crisis.statement"].with_user(self.gm).create(
                {"crisis_id": crisis.id, "text": "Forged.", "author_id": self.supervisor.id}
            )

    def test_statement_refusals_are_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        _complaint, crisis = self.new_crisis()
        statement = (
            self.env["complaint.crisis.statement"]
            .with_user(self.gm)
            .create({"crisis_id": crisis.id, "text": "声明", "channel": "press"})
        )
        for user in (self.gm, self.manager):
            with self.assertRaises(UserError) as caught:
                statement.with_user(user).with_context(lang="zh_CN").action_approve()
            self.assertRegex(str(caught.exception.args[0]), "[\u4e00-\u9fff]")
            self.assertNotRegex(str(caught.exception.args[0]), r"\b(the|must|lead)\b")
        with self.assertRaises(UserError) as caught:
            statement.with_user(self.gm).with_context(lang="zh_CN").action_release()
        self.assertRegex(str(caught.exception.args[0]), "[\u4e00-\u9fff]")

    def test_closing_needs_a_review_and_no_open_measure(self):
        complaint, crisis = self.new_crisis()
        lead = crisis.with_user(self.gm)
        measure = (
            self.env["complaint.crisis.measure"]
            .with_user(self.gm)
            .create(
                {
                    "crisis_id": crisis.id,
                    "name": "Call every complainant",
                    "user_id": self.manager.id,
                    "date_due": fields.Date.today() + timedelta(days=2),
                }
            )
        )
        lead.action_contain()
        self.assertEqual(crisis.state, "contained")
        with self.assertRaisesRegex(UserError, "review"):
            lead.action_close()
        lead.write({"review": "Refunds paid; the batch job is guarded."})
        with self.assertRaisesRegex(UserError, "open measures"):
            lead.action_close()
        measure.with_user(self.manager).action_done()
        # A team member who is not a lead, nor the owner, does not close it.
        with self.assertRaises(AccessError):
            crisis.with_user(self.manager).action_close()
        lead.action_close()
        self.assertEqual(crisis.state, "closed")
        self.assertTrue(crisis.date_closed)
        self.assertFalse(complaint.has_open_crisis)
        Complaint = self.env["complaint.complaint"]
        self.assertNotIn(complaint, Complaint.search(Complaint._complaint_open_crisis_domain()))
        self.assertIn(complaint, Complaint.search([("has_open_crisis", "=", False)]))
        with self.assertRaises(UserError):
            lead.write({"review": "Rewritten."})
        with self.assertRaises(UserError):
            lead.write({"state": "open"})
        # Still in an open crisis: the other way round.
        other, _crisis = self.new_crisis(title="Another")
        self.assertIn(other, Complaint.search([("has_open_crisis", "=", True)]))
        self.assertNotIn(other, Complaint.search([("has_open_crisis", "=", False)]))
        # The complaint's own process went on throughout.
        self.dispatch(complaint)
        self.assertEqual(complaint.state, "dispatched")


@tagged("post_install", "-at_install")
class TestCrisisAccess(CrisisCase):
    def test_who_reads_a_crisis(self):
        _complaint, crisis = self.new_crisis()
        expected = {
            self.supervisor: True,  # the supervisor group handles crises
            self.admin: True,
            self.compliance: True,  # reads every crisis
            self.gm: True,  # on the crisis team
            self.manager: True,  # on the crisis team
            self.desk: False,  # sees the crisis reference on the complaint only
            self.handler: False,
            self.outsider: False,
        }
        for user, sees in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(self.sees(crisis, user), sees)
        self.assertEqual(_complaint.with_user(self.desk).crisis_name, crisis.name)
        # Compliance reads every crisis and writes those of its crisis team only: an
        # officer who is not on the team.
        outside = self._new_user("t_compliance_outside", f"{G}compliance")
        self.assertTrue(self.sees(crisis, outside))
        with self.assertRaises(AccessError):
            crisis.with_user(outside).write({"description": "<p>Edited.</p>"})
        with self.assertRaises(AccessError):
            crisis.with_user(self.desk).write({"description": "<p>Edited.</p>"})
        # Another company's crisis team sees nothing of this company's.
        company2 = self.env["res.company"].create({"name": "Other Bank"})
        stranger = self.env["res.users"].create(
            {
                "name": "Other supervisor",
                "login": "t_other_supervisor",
                "company_id": company2.id,
                "company_ids": [Command.set(company2.ids)],
                "groups_id": [Command.set(self.env.ref(f"{G}supervisor").ids)],
            }
        )
        self.assertFalse(self.sees(crisis, stranger))

    def test_the_slip_prints_the_crisis_reference(self):
        complaint, crisis = self.new_crisis()
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.desk)
            .with_company(self.company)
            ._render_qweb_html("complaint_management.complaint_slip_report_action", complaint.ids)
        )
        html = html.decode()
        self.assertIn("Crisis", html)
        self.assertIn(crisis.name, html)
        ordinary = self.create_complaint(title="No crisis")
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.desk)
            .with_company(self.company)
            ._render_qweb_html("complaint_management.complaint_slip_report_action", ordinary.ids)
        )
        self.assertNotIn("CR/", html.decode())
