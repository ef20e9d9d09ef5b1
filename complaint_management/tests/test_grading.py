from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintCase

# The daily regrade job, whatever the number of complaints it raises (one batch).
REGRADE_QUERIES = 24


@tagged("post_install", "-at_install")
class TestGradingRules(ComplaintCase):
    track = True

    def assertLevel(self, complaint, level, reason=None):
        self.assertEqual(complaint.grade_level, level, complaint.grade_proposed_reason)
        if reason:
            last = complaint.grade_history_ids.sorted("id")[-1]
            self.assertIn(reason, last.reason)

    def test_levels_from_the_facts_at_registration(self):
        cases = [
            ({}, 4, "no aggravating fact"),
            ({"media_exposed": True}, 1, "media"),
            ({"complainant_count": 10}, 1, "10 complainants"),
            ({"complainant_count": 9}, 2, "collective complaint of 9"),
            ({"complainant_count": 3}, 2, "collective complaint of 3"),
            ({"complainant_count": 2}, 4, None),
            ({"media_risk": True}, 2, "may reach the media"),
            ({"litigation_risk": True}, 2, "litigation"),
            ({"litigation_filed": True}, 2, "litigation"),
        ]
        for vals, level, reason in cases:
            with self.subTest(vals=vals):
                self.assertLevel(self.create_complaint(**vals), level, reason)

    def test_thresholds_are_configurable(self):
        self.company.write({"complaint_collective_min": 5, "complaint_collective_crisis_min": 20})
        self.assertLevel(self.create_complaint(complainant_count=4), 4)
        self.assertLevel(self.create_complaint(complainant_count=12), 2)
        self.assertLevel(self.create_complaint(complainant_count=20), 1)

    def test_settings_refuse_incoherent_thresholds(self):
        settings = self.env["res.config.settings"].with_company(self.company).create({})
        with self.assertRaises(ValidationError):
            settings.write({"complaint_collective_crisis_min": 2})
        with self.assertRaises(ValidationError):
            settings.write({"complaint_at_risk_percent": 120})

    def test_new_facts_raise_the_grade_and_log_why(self):
        complaint = self.create_complaint()
        self.assertLevel(complaint, 4)
        self.as_user(complaint, self.desk).write({"complainant_count": 12})
        self.assertLevel(complaint, 1, "12 complainants")
        history = complaint.grade_history_ids.sorted("id")
        self.assertEqual(history.mapped("new_grade_id.level"), [4, 1])
        self.assertEqual(history.mapped("new_level"), [4, 1])
        self.assertEqual(history.company_id, complaint.company_id)
        self.assertFalse(history[0].old_grade_id, "registration: no grade before")
        self.assertEqual(history[0].user_id, self.desk, "registered by the desk")
        self.assertTrue(history[-1].automatic)
        self.assertIn("Grade changed", complaint.message_ids[0].body)

    def test_grade_is_never_lowered_automatically(self):
        complaint = self.create_complaint(media_risk=True)
        self.assertLevel(complaint, 2)
        self.as_user(complaint, self.desk).write({"media_risk": False})
        self.assertLevel(complaint, 2)
        self.assertEqual(complaint.grade_proposed_level, 4, "the facts alone now say level 4")
        self.assertEqual(len(complaint.grade_history_ids), 1)

    def test_raising_by_hand_needs_a_reason(self):
        complaint = self.create_complaint()
        desk = self.as_user(complaint, self.desk)
        with self.assertRaises(UserError):
            desk._action_change_grade(self.grades[3], " ")
        desk._action_change_grade(self.grades[3], "VIP customer, branch head involved")
        self.assertLevel(complaint, 3, "VIP customer")
        self.assertFalse(complaint.grade_history_ids.sorted("id")[-1].automatic)
        with self.assertRaises(AccessError):
            self.as_user(complaint, self.handler)._action_change_grade(self.grades[2], "more")

    def test_only_supervisors_lower_and_never_below_the_facts(self):
        complaint = self.create_complaint(complainant_count=4)
        self.assertLevel(complaint, 2)
        self.as_user(complaint, self.desk)._action_change_grade(
            self.grades[1], "Feared media interest"
        )
        with self.assertRaises(AccessError):
            self.as_user(complaint, self.desk)._action_change_grade(self.grades[2], "Calmer now")
        with self.assertRaises(UserError, msg="4 complainants keep it at level 2"):
            self.as_user(complaint, self.supervisor)._action_change_grade(self.grades[4], "Calmer")
        self.as_user(complaint, self.supervisor)._action_change_grade(self.grades[2], "No media")
        self.assertLevel(complaint, 2, "No media")

    def test_grade_change_replans_open_deadlines(self):
        with freeze_time(self.utc(2026, 11, 23, 10, 0)):
            complaint = self.create_complaint()
            plan_step = complaint.step_ids.filtered(lambda s: s.step_type == "plan")
            self.assertEqual(plan_step.date_deadline, self.utc(2026, 11, 23, 22, 0), "12 h")
            self.as_user(complaint, self.desk).write({"media_risk": True})
            self.assertEqual(plan_step.date_deadline, self.utc(2026, 11, 24, 10, 0), "24 h")


@tagged("post_install", "-at_install")
class TestSameProblem(ComplaintCase):
    def test_similar_complaints_are_proposed(self):
        first = self.create_complaint(concerned_object="Interbank fee")
        other_object = self.create_complaint(concerned_object="ATM")
        second = self.create_complaint(
            concerned_object="interbank fee", partner_id=self.partner2.id
        )
        self.assertIn(first, second.similar_complaint_ids)
        self.assertNotIn(other_object, second.similar_complaint_ids)
        self.as_user(first, self.desk).with_context(
            complaint_link_id=second.id
        ).action_link_same_problem()
        self.assertEqual(second.same_problem_id, first)
        self.assertNotIn(first, second.similar_complaint_ids, "already in the group")
        self.assertIn(first, second.problem_complaint_ids)

    def test_old_complaints_are_not_proposed(self):
        with freeze_time(datetime.now() - timedelta(days=40)):
            old = self.create_complaint(concerned_object="Interbank fee")
        new = self.create_complaint(concerned_object="Interbank fee")
        self.assertNotIn(old, new.similar_complaint_ids)

    def test_links_point_at_the_first_complaint(self):
        a = self.create_complaint()
        b = self.create_complaint(same_problem_id=a.id)
        c = self.create_complaint(same_problem_id=b.id)
        self.assertEqual(c.same_problem_id, a, "linking to a member links to the group")
        d = self.create_complaint()
        self.as_user(a, self.desk).write({"same_problem_id": d.id})
        self.assertEqual((b | c).mapped("same_problem_id"), d, "a group joining another moves")
        with self.assertRaises(ValidationError):
            self.as_user(d, self.desk).write({"same_problem_id": d.id})

    def test_three_complainants_within_a_month_make_level_2(self):
        a = self.create_complaint(partner_id=self.partner.id)
        b = self.create_complaint(partner_id=self.partner2.id, same_problem_id=a.id)
        self.assertEqual((a | b).mapped("grade_level"), [4, 4])
        same = self.create_complaint(partner_id=self.partner2.id, same_problem_id=a.id)
        self.assertEqual(same.grade_level, 4, "the same complainant twice counts once")
        c = self.create_complaint(partner_id=self.partner3.id, same_problem_id=a.id)
        self.assertEqual((a | b | same | c).mapped("grade_level"), [2, 2, 2, 2])
        self.assertIn("3 complainants", c.grade_history_ids.sorted("id")[-1].reason)

    def test_complainants_spread_over_more_than_a_month_do_not_count(self):
        now = datetime.now()
        with freeze_time(now - timedelta(days=50)):
            a = self.create_complaint(partner_id=self.partner.id)
        with freeze_time(now - timedelta(days=25)):
            b = self.create_complaint(partner_id=self.partner2.id, same_problem_id=a.id)
        c = self.create_complaint(partner_id=self.partner3.id, same_problem_id=a.id)
        self.assertEqual(c.grade_level, 4, "a and c are 50 days apart")
        self.assertEqual(b.grade_level, 4)

    def test_repeats_after_handling_make_level_3(self):
        original = self.walk(self.create_complaint(), "revisit")
        self.assertTrue(original.date_feedback)
        repeats = self.env["complaint.complaint"]
        for _i in range(2):
            repeats |= self.create_complaint(same_problem_id=original.id)
        self.assertTrue(all(repeats.mapped("is_repeat")))
        self.assertEqual(repeats.mapped("grade_level"), [4, 4])
        third = self.create_complaint(same_problem_id=original.id)
        self.assertEqual((repeats | third).mapped("grade_level"), [3, 3, 3])
        self.assertIn("3 times", third.grade_history_ids.sorted("id")[-1].reason)
        self.assertEqual(original.grade_level, 4, "the handled complaint is not re-graded")

    def test_objections_count_as_repeats(self):
        original = self.walk(self.create_complaint(), "closed")
        desk = self.as_user(original, self.desk)
        objections = self.env["complaint.complaint"]
        for _i in range(3):
            action = desk.action_register_objection()
            objections |= self.env["complaint.complaint"].browse(action["res_id"])
        self.assertEqual(objections.mapped("grade_level"), [3, 3, 3])


@tagged("post_install", "-at_install")
class TestUnresolvedRegrade(ComplaintCase):
    def test_valid_complaints_unresolved_after_30_days_become_level_2(self):
        start = datetime(2026, 9, 1, 2, 0)
        with freeze_time(start):
            valid = self.walk(self.create_complaint(), "dispatched")
            invalid = self.create_complaint()
            self.as_user(invalid, self.desk)._action_decide_validity(
                "invalid", "Not ours.", "Merchant"
            )
            done = self.create_complaint()
            self.as_user(done, self.desk)._action_resolve_first_contact("Explained.")
        Complaint = self.env["complaint.complaint"]
        with freeze_time(start + timedelta(days=29)):
            self.assertFalse(Complaint._cron_regrade())
        with freeze_time(start + timedelta(days=31)):
            raised = Complaint._cron_regrade()
            self.assertEqual(raised, valid)
            self.assertEqual(valid.grade_level, 2)
            self.assertIn("unresolved 30 days", valid.grade_history_ids.sorted("id")[-1].reason)
            self.assertEqual(invalid.grade_level, 4)
            self.assertEqual(done.grade_level, 4)
            self.assertFalse(Complaint._cron_regrade(), "running again changes nothing")

    def test_the_regrade_job_is_set_based(self):
        """The daily regrade's queries do not grow with the complaints it raises (5 or 20:
        the same count), it logs each change once on the chatter with its tracked grade,
        re-plans the open steps, and a second run does nothing."""
        Complaint = self.env["complaint.complaint"]
        start = datetime(2026, 9, 1, 2, 0)
        with freeze_time(start):
            few = Complaint.browse()
            for _i in range(5):
                few |= self.walk(self.create_complaint(), "dispatched")
        with freeze_time(start + timedelta(days=10)):
            many = Complaint.browse()
            for _i in range(20):
                many |= self.walk(self.create_complaint(), "dispatched")
        # A time promise made on the phone keeps the date the customer was given.
        with freeze_time(start + timedelta(days=12)):
            promised = datetime(2026, 10, 20, 8, 0)
            many[0].sudo()._log_contact(
                "Called back.", "phone", promise_note="The refund", date_promised=promised
            )
        promise = many[0].step_ids.filtered(lambda s: s.step_type == "promise")
        self.assertEqual(promise.date_deadline, promised)
        steps = (few | many).step_ids.filtered(
            lambda s: s.state == "open" and s.step_type != "promise"
        )
        deadlines = {step: step.date_deadline for step in steps}
        counts, queries = [], []
        for moment, complaints in ((31, few), (41, many)):
            self.env.invalidate_all()
            with freeze_time(start + timedelta(days=moment)):
                before = self.env.cr.sql_log_count
                with self.assertQueryCount(REGRADE_QUERIES):
                    raised = Complaint._cron_regrade()
                queries.append(self.env.cr.sql_log_count - before)
                self.assertEqual(raised, complaints)
                self.assertFalse(Complaint._cron_regrade(), "running again changes nothing")
            counts.append(len(raised))
        self.assertEqual(counts, [5, 20])
        self.assertLessEqual(queries[1], queries[0], "20 complaints cost no more than 5")
        for complaint in few | many:
            self.assertEqual(complaint.grade_level, 2)
            last = complaint.grade_history_ids.sorted("id")[-1]
            self.assertIn("unresolved 30 days", last.reason)
            self.assertTrue(last.automatic)
            self.assertEqual(
                (last.new_grade_id, last.new_level, last.company_id),
                (complaint.grade_id, 2, complaint.company_id),
            )
            self.assertEqual(last.old_grade_id.level, 4)
            note = complaint.message_ids.filtered(lambda m: "Grade changed" in (m.body or ""))
            self.assertEqual(len(note), 1, "one chatter note per complaint")
            self.assertEqual(note.tracking_value_ids.field_id.name, "grade_id")
        self.assertTrue(
            any(step.date_deadline != deadlines[step] for step in steps),
            "the open steps are re-planned on the new grade's deadlines",
        )
        # Planned in one go as a step re-planned alone would be: its deadline, its at-risk
        # time and its next escalation from the level it reached, on the new grade.
        for step in steps:
            planned = step._plan_values(step.complaint_id, step.step_type, step.date_start)
            self.assertEqual(step.date_deadline, planned["date_deadline"])
            self.assertEqual(step.date_at_risk, planned["date_at_risk"])
            self.assertEqual(step.date_next_action, step._next_action_date(step.escalation_level))
        self.assertEqual(promise.date_deadline, promised, "the promise keeps its date")
        self.assertEqual(promise.state, "open")
