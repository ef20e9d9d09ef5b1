import logging
import threading
from collections import defaultdict

from markupsafe import Markup
from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from .constants import DESK_STEPS, STEPS, deadline_status

_logger = logging.getLogger(__name__)

# Conflicts with a concurrent run that one direct call of the escalation job rides out
# (each rolls its batch back) before it leaves the rest to the next run.
MAX_ESCALATION_CONFLICTS = 3


class ComplaintStep(models.Model):
    """One timed step of one complaint: when it started, its deadline on the working
    calendar, when it was done, and how far its escalation went. Steps are history: a step
    re-opened (a new plan, a rework) is a new record, the old one stays."""

    _name = "complaint.step"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Step"
    _order = "date_start, id"
    _rec_name = "step_type"

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    step_type = fields.Selection(STEPS, "Step", required=True)
    grade_id = fields.Many2one(related="complaint_id.grade_id")
    department_id = fields.Many2one(
        "hr.department", compute="_compute_owner", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users", "Owner", compute="_compute_owner", store=True, index=True
    )
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("cancelled", "Skipped")],
        required=True,
        default="open",
        index=True,
    )
    date_start = fields.Datetime("Started", required=True)
    date_deadline = fields.Datetime("Deadline", index=True)
    date_at_risk = fields.Datetime("At Risk From")
    date_done = fields.Datetime("Done On")
    date_breached = fields.Datetime("Breach Recorded", readonly=True)
    is_late = fields.Boolean(
        "Late",
        compute="_compute_is_late",
        store=True,
        help="Done after its deadline, or its deadline passed while it was open.",
    )
    escalation_level = fields.Integer(
        default=0, help="0: nothing sent; 1: at-risk stage passed; 1+N: N escalations sent."
    )
    date_next_action = fields.Datetime(
        index="btree_not_null", help="When the escalation job next has to look at this step."
    )
    deadline_status = fields.Selection(
        [
            ("on_time", "On Time"),
            ("at_risk", "At Risk"),
            ("overdue", "Overdue"),
            ("done_on_time", "Done on Time"),
            ("done_late", "Done Late"),
            ("cancelled", "Skipped"),
        ],
        compute="_compute_deadline_status",
        search="_search_deadline_status",
    )
    escalation_ids = fields.One2many("complaint.escalation", "step_id")

    # ------------------------------------------------------------------ computes
    @api.depends(
        "step_type",
        "complaint_id.department_id",
        "complaint_id.handler_id",
        "complaint_id.receiver_id",
        "complaint_id.company_id",
    )
    def _compute_owner(self):
        for step in self:
            complaint = step.complaint_id
            company = complaint.company_id
            if step.step_type in DESK_STEPS or not complaint.department_id:
                step.department_id = company.complaint_desk_department_id
                step.user_id = complaint.receiver_id
            elif step.step_type == "audit":
                step.department_id = complaint.department_id
                step.user_id = company.complaint_supervisor_id
            else:
                step.department_id = complaint.department_id
                step.user_id = complaint.handler_id or complaint.department_id.manager_id.user_id

    @api.depends("date_done", "date_deadline", "date_breached")
    def _compute_is_late(self):
        for step in self:
            step.is_late = bool(
                step.date_breached
                or (step.date_done and step.date_deadline and step.date_done > step.date_deadline)
            )

    @api.depends("state", "date_deadline", "date_at_risk", "date_done")
    def _compute_deadline_status(self):
        now = fields.Datetime.now()
        for step in self:
            if step.state == "cancelled":
                status = "cancelled"
            elif step.state == "done":
                late = step.date_deadline and step.date_done > step.date_deadline
                status = "done_late" if late else "done_on_time"
            else:
                status = deadline_status(step.date_deadline, step.date_at_risk, now)
            step.deadline_status = status

    def _search_deadline_status(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(self.env._("Unsupported search on the step status."))
        values = [value] if isinstance(value, str) else list(value)
        now = fields.Datetime.now()
        domains = {
            "overdue": [("state", "=", "open"), ("date_deadline", "<", now)],
            "at_risk": [
                ("state", "=", "open"),
                ("date_deadline", ">=", now),
                ("date_at_risk", "<=", now),
            ],
            "on_time": [
                ("state", "=", "open"),
                "|",
                ("date_deadline", "=", False),
                ("date_at_risk", ">", now),
            ],
            "done_late": [("state", "=", "done"), ("is_late", "=", True)],
            "done_on_time": [("state", "=", "done"), ("is_late", "=", False)],
            "cancelled": [("state", "=", "cancelled")],
        }
        return expression.OR([domains[v] for v in values if v in domains] or [[(0, "=", 1)]])

    # ------------------------------------------------------------------ planning
    @api.model_create_multi
    def create(self, vals_list):
        complaints = self.env["complaint.complaint"].browse(
            [vals["complaint_id"] for vals in vals_list]
        )
        for vals, complaint in zip(vals_list, complaints, strict=True):
            if "date_deadline" not in vals:
                vals.update(self._plan_values(complaint, vals["step_type"], vals["date_start"]))
        return super().create(vals_list)

    @api.model
    def _plan_values(self, complaint, step, start):
        """Deadline, at-risk time and first escalation check of ``step`` of ``complaint``
        started at ``start``, from the complaint's grade and working calendar."""
        rule = complaint.grade_id._get_deadline_rule(step) if complaint.grade_id else None
        if not rule:
            return {"date_deadline": False, "date_at_risk": False, "date_next_action": False}
        calendar = self._calendar_for(complaint, step)
        share = (complaint.company_id.complaint_at_risk_percent or 75) / 100.0
        deadline = calendar._complaint_plan(start, rule.amount, rule.unit)
        at_risk = calendar._complaint_plan(start, rule.amount * share, rule.unit)
        return {"date_deadline": deadline, "date_at_risk": at_risk, "date_next_action": at_risk}

    @api.model
    def _calendar_for(self, complaint, step):
        """The working calendar that counts ``step``: the responsible department's own
        calendar for the department's steps, else the company's complaint calendar."""
        department = complaint.department_id
        if step not in DESK_STEPS and department.complaint_calendar_id:
            return department.complaint_calendar_id
        return complaint.company_id._get_complaint_calendar()

    def _replan(self):
        """Recompute the deadlines of open steps (after a grade or date change) and restart
        their escalation from what is already sent."""
        for step in self.filtered(lambda s: s.state == "open"):
            vals = self._plan_values(step.complaint_id, step.step_type, step.date_start)
            step.write(vals)
            step.date_next_action = step._next_action_date(step.escalation_level)

    def _mark_done(self, when):
        self.write({"state": "done", "date_done": when, "date_next_action": False})

    # ------------------------------------------------------------------ escalation
    def _escalation_rules(self):
        self.ensure_one()
        return self.complaint_id.grade_id.escalation_rule_ids.sorted(lambda r: (r.sequence, r.id))

    def _next_action_date(self, level, rules=None, planned=None):
        """When the escalation job must next act on this step, given the level reached
        (``rules`` and ``planned``: see ``_escalation_due_dates``)."""
        self.ensure_one()
        if rules is None:
            rules = self._escalation_rules()
        dues = self._escalation_due_dates(rules, planned)
        return dues[level] if level < len(dues) else False

    @api.model
    def _cron_escalate(self, batch_size=1000, max_batches=None, auto_commit=None):
        """Scheduled: send reminders for steps at risk and escalate breached ones up the
        grade's chain. Works in batches locked with SKIP LOCKED, so two runs never pick the
        same step; a batch's effects (escalation records, chatter log, to-dos, the pending
        digest lines) are written in the same transaction as the steps' new escalation
        level, so a crash loses nothing and nothing is done twice. Once every due batch is
        done, each person escalated to gets one digest for the whole run.

        Under the scheduler each call handles one batch and reports progress: the scheduler
        commits it and calls again while steps remain. Called directly (shell, benchmark),
        it loops over every due batch, each in a transaction of its own (``auto_commit``;
        by default not under tests, as Odoo's mail queue does), so that under REPEATABLE
        READ a batch never works on a snapshot older than what another run committed.
        A batch that meets a concurrent run's changes (serialization failure, deadlock) is
        rolled back and left for the next transaction or run, never a crash.

        Returns the number of steps processed."""
        if self.env.context.get("ir_cron_progress_id"):
            return self._escalate_scheduled_batch(batch_size)
        if auto_commit is None:
            auto_commit = not getattr(threading.current_thread(), "testing", False)
        if not auto_commit:
            return self._escalate_in_transaction(batch_size, max_batches)
        done = batches = conflicts = 0
        while max_batches is None or batches < max_batches:
            try:
                with self.env.registry.cursor() as cr:
                    count = self.with_env(self.env(cr=cr))._escalate_batch(batch_size)
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
                conflicts += 1
                _logger.info(
                    "Escalation batch rolled back, a concurrent run changed its steps (%s); "
                    "left for the next transaction",
                    error.pgcode,
                )
                if conflicts >= MAX_ESCALATION_CONFLICTS:
                    _logger.info("Escalation stops after %s conflicts: next run", conflicts)
                    break
                continue
            if not count:
                break
            done += count
            batches += 1
        try:
            with self.env.registry.cursor() as cr:
                self.with_env(self.env(cr=cr))._send_pending_digests()
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            _logger.info("Escalation digests held by a concurrent run: sent by it or the next")
        # The caller's cache may hold these steps as they were before the committed batches.
        self.env.invalidate_all()
        return done

    @api.model
    def _escalate_in_transaction(self, batch_size=1000, max_batches=None):
        """Every due batch, then the digests, in the caller's transaction (tests, callers
        that commit themselves)."""
        done = batches = 0
        while max_batches is None or batches < max_batches:
            count = self._escalate_batch(batch_size)
            if not count:
                break
            done += count
            batches += 1
        if max_batches is None or batches < max_batches:
            try:
                with self.env.cr.savepoint():
                    self._send_pending_digests()
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                # Lines a concurrent run sent after this transaction began: it told them.
                _logger.info("Escalation digests held by a concurrent run: sent by it or the next")
        return done

    @api.model
    def _escalate_scheduled_batch(self, batch_size):
        """One batch in the scheduler's transaction, progress reported to it; the digests
        when nothing is left. A conflict with a concurrent run rolls the batch back to its
        savepoint and ends this run: the next one takes the steps."""
        cron = self.env["ir.cron"]
        try:
            with self.env.cr.savepoint():
                done = self._escalate_batch(batch_size)
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
            _logger.info(
                "Escalation batch rolled back, a concurrent run changed its steps (%s); "
                "left for the next run",
                error.pgcode,
            )
            self.env.invalidate_all()
            cron._notify_progress(done=0, remaining=0)
            return 0
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT count(*) FROM complaint_step WHERE state = 'open' AND date_next_action <= %s",
            (fields.Datetime.now(),),
        )
        remaining = self.env.cr.fetchone()[0]
        if not remaining:
            try:
                with self.env.cr.savepoint():
                    self._send_pending_digests()
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                _logger.info("Escalation digests held by a concurrent run: sent by it or the next")
                self.env.invalidate_all()
        cron._notify_progress(done=done, remaining=remaining)
        return done

    @api.model
    def _escalate_batch(self, batch_size):
        """Lock up to ``batch_size`` due steps no other run holds and escalate them.
        Returns how many."""
        now = fields.Datetime.now()
        self.env.flush_all()
        # A conflict with a concurrent run is expected here and handled by the callers:
        # not an error for the log.
        self.env.cr.execute(
            """
            SELECT id FROM complaint_step
             WHERE state = 'open' AND date_next_action <= %s
             ORDER BY date_next_action, id
             LIMIT %s
               FOR UPDATE SKIP LOCKED
            """,
            (now, batch_size),
            log_exceptions=False,
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            steps = self.browse(ids)
            steps.invalidate_recordset()
            steps._process_escalation(now)
            self.env.flush_all()
        return len(ids)

    def _process_escalation(self, now):
        """Apply every escalation level due at ``now`` to these (locked) steps, in bulk.

        At risk: a to-do (activity) for the step's owner. Breached: the breach is recorded,
        then each level of the grade's chain that falls due is recorded (complaint.escalation),
        logged on the complaint and queued for its people's digest (complaint.escalation.digest,
        sent once the run is through). A role nobody holds falls back to the supervisor group
        lead, then the complaint administrators. One insert of activities, escalation records,
        digest lines and log messages per batch."""
        reminder_type = self.env.ref("complaint_management.mail_activity_type_complaint_reminder")
        complaint_model_id = self.env["ir.model"]._get_id("complaint.complaint")
        activities = []
        escalations = []
        recipients = []  # per escalation row: the ids of the users its digest tells
        log_lines = defaultdict(list)
        updates = defaultdict(list)
        # Per-batch caches: texts in each company's language, rules per grade, fallbacks.
        company_texts = {}
        grade_rules = {}
        fallbacks = {}
        for step in self:
            complaint = step.complaint_id
            company = complaint.company_id
            if company.id not in company_texts:
                company_texts[company.id] = step._escalation_texts()
            tenv, step_labels, target_labels, tz = company_texts[company.id]
            grade = complaint.grade_id
            if grade.id not in grade_rules:
                grade_rules[grade.id] = step._escalation_rules()
            rules = grade_rules[grade.id]
            dues = step._escalation_due_dates(rules)
            level = step.escalation_level
            breached = step.date_breached
            label = step_labels[step.step_type]
            deadline_txt = (
                utc.localize(step.date_deadline).astimezone(tz).strftime("%Y-%m-%d %H:%M")
            )
            while level < len(dues) and dues[level] <= now:
                if level == 0:
                    level = 1
                    if step.date_deadline > now and step.user_id:
                        activities.append(
                            step._activity_vals(
                                reminder_type,
                                step.user_id,
                                tenv._(
                                    "%(step)s at risk: due %(deadline)s",
                                    step=label,
                                    deadline=deadline_txt,
                                ),
                                complaint_model_id,
                            )
                        )
                        log_lines[complaint.id].append(
                            tenv._(
                                "Reminder: %(step)s is due %(deadline)s; reminded %(user)s.",
                                step=label,
                                deadline=deadline_txt,
                                user=step.user_id.name,
                            )
                        )
                        escalations.append(step._escalation_row(0, "handler", step.user_id, now))
                        recipients.append([])  # reminded by the to-do, not in a digest
                    continue
                if not breached:
                    breached = now
                    log_lines[complaint.id].append(
                        tenv._(
                            "Deadline breached: %(step)s was due %(deadline)s.",
                            step=label,
                            deadline=deadline_txt,
                        )
                    )
                index = level - 1
                level += 1
                if index >= len(rules):
                    continue
                rule = rules[index]
                users = step._escalation_users(rule.target)
                if users:
                    line = tenv._(
                        "Escalated to %(target)s (%(users)s): %(step)s overdue since %(deadline)s.",
                        target=target_labels[rule.target],
                        users=", ".join(users.mapped("name")),
                        step=label,
                        deadline=deadline_txt,
                    )
                else:
                    if company.id not in fallbacks:
                        fallbacks[company.id] = company._complaint_escalation_fallback_users()
                    users = fallbacks[company.id]
                    line = tenv._(
                        "Escalated to %(target)s, a role nobody holds: sent to %(users)s "
                        "instead. %(step)s overdue since %(deadline)s.",
                        target=target_labels[rule.target],
                        users=", ".join(users.mapped("name")) or tenv._("nobody configured"),
                        step=label,
                        deadline=deadline_txt,
                    )
                escalations.append(step._escalation_row(index + 1, rule.target, users[:1], now))
                recipients.append(users.ids)
                log_lines[complaint.id].append(line)
            next_date = dues[level] if level < len(dues) else False
            updates[(level, breached, next_date)].append(step.id)

        for (level, breached, next_date), ids in updates.items():
            self.browse(ids).write(
                {
                    "escalation_level": level,
                    "date_breached": breached,
                    "date_next_action": next_date,
                }
            )
        if activities:
            self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
                activities
            )
        escalation_ids = self.env["complaint.escalation"]._insert_rows(escalations)
        self.env["complaint.escalation.digest"]._insert_pending(
            [
                (escalation_id, row["complaint_id"], row["company_id"], user_id)
                for escalation_id, row, user_ids in zip(
                    escalation_ids, escalations, recipients, strict=True
                )
                for user_id in user_ids
            ]
        )
        if log_lines:
            self.env["complaint.complaint"].sudo()._insert_log_notes(log_lines)

    def _escalation_due_dates(self, rules, planned=None):
        """When each escalation level of this open step falls due: index 0 the at-risk
        reminder, 1+N the (N+1)th rule of the chain (deadline plus its delay); with no rule,
        the deadline itself, to record the breach. Empty for an untimed or closed step.
        ``planned``: the deadline and at-risk time about to be written (``_plan_values``),
        instead of the step's own."""
        self.ensure_one()
        deadline = planned["date_deadline"] if planned else self.date_deadline
        at_risk = planned["date_at_risk"] if planned else self.date_at_risk
        if self.state != "open" or not deadline:
            return []
        dues = [at_risk or deadline]
        if not rules:
            return [*dues, deadline]
        calendar = self._calendar_for(self.complaint_id, self.step_type)
        for rule in rules:
            dues.append(
                calendar._complaint_plan(deadline, rule.delay, rule.delay_unit)
                if rule.delay
                else deadline
            )
        return dues

    def _escalation_texts(self):
        """What texts of the step's company are written with: an environment in the
        company's language (the job runs as OdooBot, whose language is rarely the staff's),
        the step and target labels, and the time zone deadlines are shown in."""
        self.ensure_one()
        company = self.complaint_id.company_id
        tenv = self.with_context(lang=company.partner_id.lang or self.env.lang).env
        steps = dict(self._fields["step_type"]._description_selection(tenv))
        targets = dict(
            self.env["complaint.escalation"]._fields["target"]._description_selection(tenv)
        )
        return tenv, steps, targets, timezone(self.complaint_id._tz())

    def _activity_vals(self, activity_type, user, summary, res_model_id):
        self.ensure_one()
        return {
            "activity_type_id": activity_type.id,
            "res_model_id": res_model_id,
            "res_id": self.complaint_id.id,
            "user_id": user.id,
            "summary": summary,
            "date_deadline": fields.Date.context_today(self, self.date_deadline),
        }

    def _escalation_row(self, level, target, user, now):
        """One complaint.escalation row, with the facts of the moment (department, step)."""
        self.ensure_one()
        return {
            "step_id": self.id,
            "complaint_id": self.complaint_id.id,
            "company_id": self.complaint_id.company_id.id,
            "step_type": self.step_type,
            "department_id": self.department_id.id or None,
            "level": level,
            "target": target,
            "user_id": user.id or None,
            "date": now,
            "kind": "reminder" if level == 0 else "escalation",
        }

    def _escalation_users(self, target):
        """Who holds the role ``target`` for this step: its owner, its department's
        manager, the supervisor group lead or the general manager. Empty when nobody
        (active) does: the job then falls back to the company's fallback recipients."""
        self.ensure_one()
        company = self.complaint_id.company_id
        if target == "handler":
            users = self.user_id
        elif target == "department_manager":
            department = self.department_id or self.complaint_id.department_id
            users = department.manager_id.user_id
        elif target == "supervisor":
            users = company.complaint_supervisor_id
        else:
            users = company.complaint_general_manager_id
        return users.filtered("active")

    @api.model
    def _send_pending_digests(self):
        """Send every pending digest line (complaint.escalation.digest): one notification
        per person, listing the complaints escalated to them since their last digest; each
        line then names the message. Lines another run is sending are skipped. Returns the
        number of digests sent."""
        self.env.flush_all()
        self.env.cr.execute(
            """
            SELECT id, user_id, complaint_id FROM complaint_escalation_digest
             WHERE message_id IS NULL
             ORDER BY user_id, complaint_id
               FOR UPDATE SKIP LOCKED
            """,
            log_exceptions=False,
        )
        lines = defaultdict(list)
        complaint_ids = defaultdict(list)
        for line_id, user_id, complaint_id in self.env.cr.fetchall():
            lines[user_id].append(line_id)
            if complaint_id not in complaint_ids[user_id]:
                complaint_ids[user_id].append(complaint_id)
        if not lines:
            return 0
        now = fields.Datetime.now()
        sent = []
        Complaint = self.env["complaint.complaint"].sudo()
        for user in self.env["res.users"].sudo().browse(list(lines)):
            message = self._send_escalation_digest(
                user.partner_id, Complaint.browse(complaint_ids[user.id])
            )
            sent.append((message.id, lines[user.id]))
        for message_id, line_ids in sent:
            self.env.cr.execute(
                "UPDATE complaint_escalation_digest SET message_id = %s, date_sent = %s "
                "WHERE id = ANY(%s)",
                (message_id, now, line_ids),
            )
        self.env["complaint.escalation.digest"].invalidate_model(["message_id", "date_sent"])
        return len(sent)

    def _send_escalation_digest(self, partner, complaints, shown=10):
        """One inbox/email notification to a person escalated to, in their language: how
        many complaints, and links to the first few. Returns the message."""
        self = self.with_context(lang=partner.lang or self.env.lang)  # noqa: PLW0642
        links = Markup("").join(
            Markup("<li>%s</li>") % c._get_html_link(title=f"{c.name} {c.title}")
            for c in complaints[:shown]
        )
        more = ""
        if len(complaints) > shown:
            more = Markup("<p>%s</p>") % self.env._(
                "...and %s more: use the Overdue filter of the complaint list.",
                len(complaints) - shown,
            )
        return (
            self.env["mail.thread"]
            .sudo()
            .message_notify(
                partner_ids=partner.ids,
                subject=self.env._("Overdue complaints escalated to you"),
                body=Markup("<p>%s</p><ul>%s</ul>%s")
                % (
                    self.env._("%s overdue complaints were escalated to you:", len(complaints)),
                    links,
                    more,
                ),
                subtype_xmlid="mail.mt_note",
                model=False,
                res_id=False,
            )
        )
