from unittest.mock import patch

from freezegun import freeze_time

from odoo import SUPERUSER_ID, api
from odoo.tests import TransactionCase, tagged

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.addons.complaint_management.models.complaint_step import ComplaintStep

from .common import ComplaintCase

MONDAY_10 = (2026, 11, 23, 10, 0)


@tagged("post_install", "-at_install")
class TestEscalation(ComplaintCase):
    """Level 4 chain (defaults): at risk -> reminder to the owner; late -> department
    manager; late by 4 working hours -> supervisor group; late by 1 working day -> general
    manager."""

    track = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Step = cls.env["complaint.step"]
        cls.reminder = cls.env.ref("complaint_management.mail_activity_type_complaint_reminder")
        # The demo's late complaints are not these tests' business: the job sees only the
        # complaints each test creates (the batches of one step count on it).
        cls.Step.search([("state", "=", "open")]).date_next_action = False

    def new_dispatched(self):
        """A complaint dispatched at Monday 10:00: its 'start' step (2 working hours) is due
        at 12:00, at risk from 11:30."""
        with freeze_time(self.utc(*MONDAY_10)):
            complaint = self.create_complaint()
            self.dispatch(complaint)
        return complaint

    def run_cron(self, *when, **kwargs):
        with freeze_time(self.utc(*when)):
            return self.Step._cron_escalate(**kwargs)

    def step(self, complaint, name="start"):
        return complaint.step_ids.filtered(lambda s: s.step_type == name and s.state == "open")

    def escalated_to(self, complaint, step="start"):
        """Who the step's breach was escalated to, level by level."""
        records = complaint.escalation_ids.filtered(
            lambda e: e.step_type == step and e.kind == "escalation"
        )
        return records.sorted("level").user_id

    def digests(self, user):
        """The escalation notifications the user received in their inbox or by email."""
        return self.env["mail.message"].search(
            [
                ("partner_ids", "in", user.partner_id.ids),
                ("subject", "=", "Overdue complaints escalated to you"),
            ]
        )

    def activities(self, complaint, activity_type):
        return complaint.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)

    def test_reminder_when_at_risk(self):
        complaint = self.new_dispatched()
        self.run_cron(2026, 11, 23, 11, 0)
        self.assertFalse(self.activities(complaint, self.reminder), "not at risk yet")
        self.run_cron(2026, 11, 23, 11, 40)
        reminders = self.activities(complaint, self.reminder)
        self.assertEqual(reminders.mapped("user_id"), self.handler)
        self.assertEqual(self.step(complaint).escalation_level, 1)
        log = complaint.escalation_ids.filtered(
            lambda e: e.kind == "reminder" and e.step_type == "start"
        )
        self.assertEqual(log.user_id, self.handler)
        self.assertIn("Reminder", complaint.message_ids[0].body)
        self.run_cron(2026, 11, 23, 11, 50)
        self.assertEqual(len(self.activities(complaint, self.reminder)), len(reminders))

    def test_breach_escalates_up_the_chain_as_it_grows(self):
        complaint = self.new_dispatched()
        step = self.step(complaint)
        self.run_cron(2026, 11, 23, 12, 30)  # late: department manager
        self.assertEqual(self.escalated_to(complaint), self.manager)
        self.assertEqual(len(self.digests(self.manager)), 1, "the manager is notified")
        self.assertIn(complaint.name, self.digests(self.manager).body)
        self.assertFalse(self.digests(self.supervisor))
        self.assertEqual(step.date_breached, self.utc(2026, 11, 23, 12, 30))
        self.assertTrue(step.is_late)
        self.assertIn("Escalated to Department Manager", complaint.message_ids[0].body)
        self.run_cron(2026, 11, 23, 15, 0)  # late by 2 working hours: nothing new
        self.assertEqual(self.escalated_to(complaint), self.manager)
        self.assertEqual(len(self.digests(self.manager)), 1)
        self.run_cron(2026, 11, 23, 17, 30)  # late by 4.5 working hours: supervisor
        self.assertEqual(self.escalated_to(complaint), self.manager | self.supervisor)
        self.assertEqual(len(self.digests(self.supervisor)), 1)
        self.run_cron(2026, 11, 24, 13, 0)  # late by more than a working day: GM
        self.assertEqual(self.escalated_to(complaint), self.manager | self.supervisor | self.gm)
        self.assertEqual(len(self.digests(self.gm)), 1)
        levels = complaint.escalation_ids.filtered(lambda e: e.step_type == "start").sorted("level")
        self.assertEqual(
            levels.mapped("target"),
            ["department_manager", "supervisor", "general_manager"],
        )
        self.assertFalse(step.date_next_action, "the chain is exhausted")
        self.run_cron(2026, 11, 30, 10, 0)
        self.assertEqual(
            len(complaint.escalation_ids.filtered(lambda e: e.step_type == "start")),
            3,
            "a breach climbs the chain once",
        )

    def test_running_twice_never_escalates_twice(self):
        complaints = self.new_dispatched() | self.new_dispatched()
        first = self.run_cron(2026, 11, 23, 12, 30)
        count = len(complaints.escalation_ids)
        activity_count = len(complaints.activity_ids)
        self.assertTrue(first)
        self.assertEqual(self.run_cron(2026, 11, 23, 12, 30), 0)
        self.assertEqual(len(complaints.escalation_ids), count)
        self.assertEqual(len(complaints.activity_ids), activity_count)

    def test_a_crash_loses_nothing_and_the_next_run_finishes(self):
        complaints = self.new_dispatched() | self.new_dispatched() | self.new_dispatched()
        with freeze_time(self.utc(2026, 11, 23, 12, 30)):
            # A first batch goes through (as a cron worker commits it)...
            self.assertEqual(self.Step._cron_escalate(batch_size=2, max_batches=1), 2)
            original = ComplaintStep._process_escalation

            def crash(steps, now):
                original(steps, now)
                raise RuntimeError("worker killed")

            # ...then the worker dies in the middle of the next batch: rolled back.
            with (
                patch.object(ComplaintStep, "_process_escalation", crash),
                self.assertRaises(RuntimeError),
                self.env.cr.savepoint(),
            ):
                self.Step._cron_escalate(batch_size=2)
            self.env.invalidate_all()
            self.Step._cron_escalate(batch_size=2)
        for complaint in complaints:
            start = complaint.escalation_ids.filtered(
                lambda e: e.step_type == "start" and e.kind == "escalation"
            )
            self.assertEqual(len(start), 1, "every breach escalated exactly once")

    def test_escalation_query_count_depends_on_batches_not_complaints(self):
        def queries_for(count):
            complaints = self.env["complaint.complaint"]
            for _i in range(count):
                complaints |= self.new_dispatched()
            self.env.flush_all()
            with freeze_time(self.utc(2026, 11, 23, 12, 30)):
                before = self.env.cr.sql_log_count
                processed = self.Step._cron_escalate(batch_size=1000)
                self.env.flush_all()
                used = self.env.cr.sql_log_count - before
            # Only this batch's steps are due: other complaints were planned the same way.
            self.assertGreaterEqual(processed, count)
            self.env["complaint.step"].search([("state", "=", "open")]).write(
                {"date_next_action": False}
            )
            return used

        small = queries_for(3)
        large = queries_for(12)
        self.assertLessEqual(large, small + 3, f"{small} queries for 3, {large} for 12")

    def test_escalation_batch_query_count(self):
        for _i in range(6):
            self.new_dispatched()
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(self.utc(2026, 11, 23, 12, 30)), self.assertQueryCount(__system__=120):
            self.Step._cron_escalate(batch_size=1000)
            self.env.flush_all()

    def test_owner_without_handler_is_the_department_manager(self):
        with freeze_time(self.utc(*MONDAY_10)):
            complaint = self.create_complaint()
            self.as_user(complaint, self.desk)._action_decide_validity("valid")
            self.as_user(complaint, self.desk)._action_dispatch(self.dep_ops)
        self.assertEqual(self.step(complaint).user_id, self.manager)
        self.run_cron(2026, 11, 23, 11, 40)
        self.assertEqual(self.activities(complaint, self.reminder).user_id, self.manager)

    def test_done_steps_are_not_escalated(self):
        complaint = self.new_dispatched()
        with freeze_time(self.utc(2026, 11, 23, 11, 0)):
            self.as_user(complaint, self.handler).action_start_investigation()
        self.run_cron(2026, 11, 23, 13, 0)
        start = complaint.escalation_ids.filtered(lambda e: e.step_type == "start")
        self.assertFalse(start)

    def digest_lines(self, complaints):
        return self.env["complaint.escalation.digest"].search(
            [("complaint_id", "in", complaints.ids)]
        )

    def test_one_digest_per_person_per_run_not_per_batch(self):
        complaints = self.new_dispatched() | self.new_dispatched() | self.new_dispatched()
        self.run_cron(2026, 11, 23, 12, 30, batch_size=1)
        digests = self.digests(self.manager)
        self.assertEqual(len(digests), 1, "three batches, one digest")
        for complaint in complaints:
            self.assertIn(complaint.name, digests.body)
        lines = self.digest_lines(complaints)
        self.assertEqual(lines.user_id, self.manager)
        self.assertEqual(lines.message_id, digests)
        self.assertTrue(all(lines.mapped("date_sent")))

    def test_a_killed_run_loses_no_digest(self):
        complaints = self.new_dispatched() | self.new_dispatched()
        with freeze_time(self.utc(2026, 11, 23, 12, 30)):
            # One batch goes through, then the run dies before its digests.
            self.Step._cron_escalate(batch_size=1, max_batches=1)
            pending = self.digest_lines(complaints)
            self.assertEqual(len(pending), 1)
            self.assertFalse(pending.message_id, "held until the run is through")
            self.assertFalse(self.digests(self.manager))
            self.Step._cron_escalate(batch_size=1)
        digest = self.digests(self.manager)
        self.assertEqual(len(digest), 1, "the next run tells of both")
        self.assertIn(complaints[0].name, digest.body)
        self.assertIn(complaints[1].name, digest.body)
        self.assertEqual(self.digest_lines(complaints).message_id, digest)
        self.run_cron(2026, 11, 23, 12, 40)
        self.assertEqual(len(self.digests(self.manager)), 1, "sent once")

    def test_a_role_nobody_holds_falls_back_to_the_supervisor_lead(self):
        self.company.complaint_general_manager_id = False
        complaint = self.new_dispatched()
        self.run_cron(2026, 11, 24, 13, 0)  # late by more than a working day
        general = complaint.escalation_ids.filtered(lambda e: e.target == "general_manager")
        self.assertEqual(general.user_id, self.supervisor)
        self.assertIn(
            f"Escalated to General Manager, a role nobody holds: sent to {self.supervisor.name}",
            self.log_text(complaint),
        )
        digest = self.digests(self.supervisor)
        self.assertEqual(len(digest), 1, "one digest for the supervisor and the fallback levels")
        self.assertEqual(self.digest_lines(complaint).user_id, self.manager | self.supervisor)

    def test_then_to_the_complaint_administrators(self):
        self.company.write(
            {"complaint_general_manager_id": False, "complaint_supervisor_id": False}
        )
        self.manager.active = False  # the department manager's user left
        complaint = self.new_dispatched()
        self.run_cron(2026, 11, 23, 12, 30)
        first = complaint.escalation_ids.filtered(lambda e: e.kind == "escalation")
        self.assertEqual(first.target, "department_manager")
        self.assertEqual(first.user_id, self.admin)
        self.assertEqual(len(self.digests(self.admin)), 1)
        self.assertNotIn("nobody configured", self.log_text(complaint))
        # Nobody at all: logged as such, the job goes on.
        self.admin.active = False
        other = self.new_dispatched()
        self.run_cron(2026, 11, 23, 12, 30)
        self.assertIn("nobody configured", self.log_text(other))
        self.assertFalse(self.digest_lines(other))

    def log_text(self, complaint):
        return " ".join(complaint.message_ids.mapped("body"))

    def test_escalation_chain_is_configurable(self):
        chain = self.grades[4].escalation_rule_ids.sorted("sequence")
        chain[0].target = "general_manager"
        complaint = self.new_dispatched()
        self.run_cron(2026, 11, 23, 12, 30)
        self.assertEqual(self.escalated_to(complaint), self.gm)
        self.assertTrue(self.digests(self.gm))


@tagged("post_install", "-at_install")
class TestTwoWorkers(TransactionCase):
    """Two Odoo workers run the escalation job at the same moment, on committed data in
    their own transactions: the rows worker A holds are skipped by worker B (SELECT ... FOR
    UPDATE SKIP LOCKED), so each breach is escalated exactly once; and a run whose snapshot
    predates what another run committed rolls that batch back instead of crashing."""

    def setUp(self):
        super().setUp()
        # Committed fixture: the workers' cursors cannot see this test's transaction.
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            department = env["hr.department"].create({"name": "Two-worker test"})
            partner = env["res.partner"].create({"name": "Two-worker test"})
            with freeze_time("2026-11-23 02:00:00"):  # Monday 10:00 in Shanghai
                complaints = env["complaint.complaint"].create(
                    [
                        {
                            "title": f"Two workers {i}",
                            "description": "<p>test</p>",
                            "partner_id": partner.id,
                            "channel_id": env.ref(
                                "complaint_management.complaint_channel_phone"
                            ).id,
                            "category_id": env.ref(
                                "complaint_management.complaint_category_fees"
                            ).id,
                        }
                        for i in range(3)
                    ]
                )
                complaints._action_decide_validity("valid")
                complaints._action_dispatch(department)
            self.ids = complaints.ids
            self.department_id, self.partner_id = department.id, partner.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {MODULE_UNINSTALL_FLAG: True})
            complaints = env["complaint.complaint"].browse(self.ids)
            env["complaint.escalation.digest"].search(
                [("complaint_id", "in", self.ids)]
            ).message_id.unlink()
            env["mail.message"].search(
                [("model", "=", "complaint.complaint"), ("res_id", "in", self.ids)]
            ).unlink()
            complaints.activity_ids.unlink()
            complaints.unlink()
            env["hr.department"].browse(self.department_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def test_two_workers_never_escalate_the_same_step(self):
        registry = self.registry
        original = ComplaintStep._process_escalation
        seen = {}

        def worker_a_process(steps, now):
            # Worker A holds its batch's row locks; worker B runs the whole job right now.
            if "b" not in seen:
                seen["a"] = set(steps.ids)
                with registry.cursor() as cr_b:
                    env_b = api.Environment(cr_b, SUPERUSER_ID, {})
                    seen["b"] = env_b["complaint.step"]._cron_escalate()
                    seen["b_ids"] = set(
                        env_b["complaint.escalation"]
                        .search([("complaint_id", "in", self.ids)])
                        .mapped("step_id")
                        .ids
                    )
            return original(steps, now)

        with (
            freeze_time("2026-11-23 06:00:00"),  # Monday 14:00: the 'start' steps are late
            patch.object(ComplaintStep, "_process_escalation", worker_a_process),
            registry.cursor() as cr_a,
        ):
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_a["complaint.step"]._cron_escalate()
        ours = set(self.env["complaint.step"].search([("complaint_id", "in", self.ids)]).ids)
        self.assertTrue(ours & seen["a"], "worker A took our late steps")
        self.assertFalse(seen["b_ids"], "worker B escalated none of the steps A held")
        with registry.cursor() as cr:
            cr.execute(
                """SELECT step_id, level, count(*) FROM complaint_escalation
                    WHERE complaint_id IN %s GROUP BY step_id, level""",
                (tuple(self.ids),),
            )
            rows = cr.fetchall()
        self.assertTrue(rows)
        self.assertEqual({count for _step, _level, count in rows}, {1})

    def committed_escalations(self):
        """(step, level) -> how many escalation records, and the digest lines, as committed."""
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT step_id, level, count(*) FROM complaint_escalation
                    WHERE complaint_id IN %s GROUP BY step_id, level""",
                (tuple(self.ids),),
            )
            counts = {(step, level): count for step, level, count in cr.fetchall()}
            cr.execute(
                """SELECT user_id, message_id FROM complaint_escalation_digest
                    WHERE complaint_id IN %s""",
                (tuple(self.ids),),
            )
            digests = cr.fetchall()
        return counts, digests

    def test_a_direct_run_behind_another_runs_commit_rolls_the_batch_back(self):
        """Worker B (a direct call: one transaction per batch) takes its snapshot, then
        worker A escalates every due step and commits; B's batch query meets rows changed
        after its snapshot ("could not serialize access"): B rolls that batch back and
        carries on in a fresh transaction, which finds nothing left."""
        original = ComplaintStep._escalate_batch
        calls = []

        def batch(steps, batch_size):
            calls.append(steps.env.cr)
            if len(calls) == 1:
                steps.env.cr.execute("SELECT 1")  # B's snapshot
                steps._cron_escalate(auto_commit=True)  # A, meanwhile, in its own cursors
            return original(steps, batch_size)

        with (
            freeze_time("2026-11-23 06:00:00"),
            patch.object(ComplaintStep, "_escalate_batch", batch),
            self.registry.cursor() as cr_b,
            self.assertLogs(ComplaintStep.__module__, "DEBUG") as logs,
        ):
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            processed = env_b["complaint.step"]._cron_escalate(auto_commit=True)
        self.assertEqual(processed, 0, "A did it all; B crashed not")
        self.assertTrue(
            any("rolled back" in line and "40001" in line for line in logs.output),
            "a serialization failure, logged as such",
        )
        self.assertGreaterEqual(len(calls), 3, "B's batch, A's batches, B's fresh batch")
        counts, digests = self.committed_escalations()
        self.assertTrue(counts)
        self.assertEqual(set(counts.values()), {1}, "every level escalated once")
        self.assertTrue(digests)
        self.assertTrue(all(message for _user, message in digests), "every digest sent")

    def test_a_scheduled_run_behind_another_runs_commit_leaves_the_batch(self):
        """The same under the scheduler: the batch goes back to its savepoint, the run
        reports nothing done and nothing left, and its transaction is still usable."""
        with freeze_time("2026-11-23 06:00:00"), self.registry.cursor() as cr_b:
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            cron = env_b.ref("complaint_management.ir_cron_complaint_escalate")
            progress = env_b["ir.cron.progress"].create({"cron_id": cron.id})  # B's snapshot
            a_done = env_b["complaint.step"]._cron_escalate(auto_commit=True)  # A commits
            self.assertTrue(a_done)
            Step = env_b["complaint.step"].with_context(ir_cron_progress_id=progress.id)
            with self.assertLogs(ComplaintStep.__module__, "DEBUG") as logs:
                self.assertEqual(Step._cron_escalate(), 0)
            self.assertIn("left for the next run", logs.output[0])
            self.assertEqual((progress.done, progress.remaining), (0, 0))
            cr_b.execute("SELECT 1")
            cr_b.rollback()
        counts, _digests = self.committed_escalations()
        self.assertEqual(set(counts.values()), {1})
