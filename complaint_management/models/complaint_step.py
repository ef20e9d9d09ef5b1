import logging
from collections import defaultdict

from markupsafe import Markup
from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .constants import DESK_STEPS, STEPS, deadline_status

_logger = logging.getLogger(__name__)


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
    step_type = fields.Selection(STEPS, "Step", required=True, index=True)
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
    date_done = fields.Datetime("Done On", index=True)
    date_breached = fields.Datetime("Breach Recorded", readonly=True)
    is_late = fields.Boolean(
        "Late",
        compute="_compute_is_late",
        store=True,
        index=True,
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

    def _next_action_date(self, level):
        """When the escalation job must next act on this step, given the level reached."""
        self.ensure_one()
        dues = self._escalation_due_dates(self._escalation_rules())
        return dues[level] if level < len(dues) else False

    @api.model
    def _cron_escalate(self, batch_size=1000, max_batches=None):
        """Scheduled: send reminders for steps at risk and escalate breached ones up the
        grade's chain. Works in batches locked with SKIP LOCKED, so two workers never pick
        the same step; a batch's effects are written in the same transaction as the steps'
        new escalation level, so a crash loses nothing and nothing is sent twice.

        Under the scheduler each call handles one batch and reports progress: the scheduler
        commits it and calls again while steps remain. Called directly (shell, benchmark),
        it loops over every due batch in the caller's transaction.

        Returns the number of steps processed."""
        done = 0
        batches = 0
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        while max_batches is None or batches < max_batches:
            now = fields.Datetime.now()
            self.env.flush_all()
            self.env.cr.execute(
                """
                SELECT id FROM complaint_step
                 WHERE state = 'open' AND date_next_action <= %s
                 ORDER BY date_next_action, id
                 LIMIT %s
                   FOR UPDATE SKIP LOCKED
                """,
                (now, batch_size),
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if not ids:
                break
            steps = self.browse(ids)
            steps.invalidate_recordset()
            steps._process_escalation(now)
            done += len(ids)
            batches += 1
            if in_cron:
                # One batch per call: the cron runner commits it and calls again.
                self.env.flush_all()
                self.env.cr.execute(
                    "SELECT count(*) FROM complaint_step WHERE state = 'open' "
                    "AND date_next_action <= %s",
                    (now,),
                )
                remaining = self.env.cr.fetchone()[0]
                self.env["ir.cron"]._notify_progress(done=len(ids), remaining=remaining)
                break
        return done

    def _process_escalation(self, now):
        """Apply every escalation level due at ``now`` to these (locked) steps, in bulk.

        At risk: a to-do (activity) for the step's owner. Breached: the breach is recorded,
        then each level of the grade's chain that falls due is recorded (complaint.escalation),
        logged on the complaint and notified to its people in one digest per person and
        batch. One insert of activities, escalation records and log messages per batch."""
        reminder_type = self.env.ref("complaint_management.mail_activity_type_complaint_reminder")
        complaint_model_id = self.env["ir.model"]._get_id("complaint.complaint")
        activities = []
        escalations = []
        log_lines = defaultdict(list)
        digests = defaultdict(set)
        updates = defaultdict(list)
        # Per-batch caches: texts in each company's language, rules per grade.
        company_texts = {}
        grade_rules = {}
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
                for partner in users.partner_id:
                    digests[partner].add(complaint.id)
                escalations.append(step._escalation_row(index + 1, rule.target, users[:1], now))
                log_lines[complaint.id].append(
                    tenv._(
                        "Escalated to %(target)s (%(users)s): %(step)s overdue since %(deadline)s.",
                        target=target_labels[rule.target],
                        users=", ".join(users.mapped("name")) or tenv._("nobody configured"),
                        step=label,
                        deadline=deadline_txt,
                    )
                )
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
        self.env["complaint.escalation"]._insert_rows(escalations)
        if log_lines:
            complaints = self.env["complaint.complaint"].browse(list(log_lines)).sudo()
            complaints._message_log_batch(
                bodies={cid: Markup("<br/>").join(lines) for cid, lines in log_lines.items()},
            )
        for partner, complaint_ids in digests.items():
            self._send_escalation_digest(
                partner, self.env["complaint.complaint"].browse(sorted(complaint_ids))
            )

    def _escalation_due_dates(self, rules):
        """When each escalation level of this open step falls due: index 0 the at-risk
        reminder, 1+N the (N+1)th rule of the chain (deadline plus its delay); with no rule,
        the deadline itself, to record the breach. Empty for an untimed or closed step."""
        self.ensure_one()
        if self.state != "open" or not self.date_deadline:
            return []
        dues = [self.date_at_risk or self.date_deadline]
        if not rules:
            return [*dues, self.date_deadline]
        calendar = self._calendar_for(self.complaint_id, self.step_type)
        for rule in rules:
            dues.append(
                calendar._complaint_plan(self.date_deadline, rule.delay, rule.delay_unit)
                if rule.delay
                else self.date_deadline
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
        """Who receives an escalation to ``target`` for this step (falls back up the chain
        when the role is not filled, so an escalation always reaches someone if possible)."""
        self.ensure_one()
        company = self.complaint_id.company_id
        department = self.department_id or self.complaint_id.department_id
        order = ["handler", "department_manager", "supervisor", "general_manager"]
        for candidate in order[order.index(target) :]:
            if candidate == "handler":
                users = self.user_id
            elif candidate == "department_manager":
                users = department.manager_id.user_id
            elif candidate == "supervisor":
                users = company.complaint_supervisor_id
            else:
                users = company.complaint_general_manager_id
            if users:
                return users
        return self.env["res.users"]

    def _send_escalation_digest(self, partner, complaints, shown=10):
        """One inbox/email notification per person escalated to, per batch, in their
        language: how many complaints, and links to the first few."""
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
        self.env["mail.thread"].sudo().message_notify(
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
