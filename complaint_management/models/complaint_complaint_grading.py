"""Grading (SPEC.md step 5): the facts that call for a level, automatic grading at
registration and whenever a fact changes, the hourly job for time passing, raising and
lowering by hand, and the same-problem groups the multi-complainant and repeat rules
count."""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, split_every

from .constants import OPEN_STATES, fetch_columns

# Facts the automatic grading reads: a change to any of them re-evaluates the grade.
GRADING_FACTS = {
    "media_exposed",
    "media_risk",
    "litigation_risk",
    "litigation_filed",
    "complainant_count",
    "assist_department_ids",
    "same_problem_id",
    "validity",
}


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    grade_id = fields.Many2one(
        "complaint.grade",
        index=True,
        tracking=True,
        copy=False,
        check_company=True,
        ondelete="restrict",
    )
    grade_level = fields.Integer(related="grade_id.level", store=True)
    severity = fields.Selection(related="grade_id.severity", store=True)
    grade_proposed_level = fields.Integer(
        "Level From Facts",
        compute="_compute_grade_proposed",
        help="Level the recorded facts call for.",
    )
    grade_proposed_reason = fields.Text(compute="_compute_grade_proposed")
    grade_history_ids = fields.One2many("complaint.grade.history", "complaint_id")
    is_crisis = fields.Boolean("Crisis", tracking=True, copy=False)
    same_problem_id = fields.Many2one(
        "complaint.complaint",
        "Same Problem As",
        index=True,
        copy=False,
        check_company=True,
        help="Links complaints about the same underlying problem: they are counted together "
        "for the repeat and multi-complainant grading rules.",
    )
    problem_root_id = fields.Many2one(
        "complaint.complaint", compute="_compute_problem_root_id", store=True, index=True
    )
    problem_complaint_ids = fields.Many2many(
        "complaint.complaint", compute="_compute_problem_complaint_ids", string="Same Problem"
    )
    similar_complaint_ids = fields.Many2many(
        "complaint.complaint",
        compute="_compute_similar_complaint_ids",
        string="Possibly the Same Problem",
    )
    is_repeat = fields.Boolean(
        "Repeat After Handling",
        compute="_compute_is_repeat",
        store=True,
        help="Received after an earlier complaint about the same problem had been handled.",
    )

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints.filtered("same_problem_id")._normalize_same_problem()
        complaints._grade_at_registration()
        complaints.filtered("same_problem_id")._regrade_problem_groups()
        return complaints

    def write(self, vals):
        old_roots = self.problem_root_id if "same_problem_id" in vals else None
        res = super().write(vals)
        if "same_problem_id" in vals:
            self._normalize_same_problem()
            (old_roots | self.problem_root_id)._regrade_problem_groups()
        if set(vals) & GRADING_FACTS:
            self._apply_automatic_grade()
        return res

    # ================================================================== grade facts
    def _grade_facts(self):
        """Per complaint, the level its facts call for and why: {id: (level, [reasons])}.

        SPEC.md, grading: any one condition suffices; level 1 is the most serious."""
        group_facts = self._problem_group_facts()
        result = {}
        now = fields.Datetime.now()
        for c in self:
            company = c.company_id
            reasons = {1: [], 2: [], 3: []}
            crisis_min = company.complaint_collective_crisis_min or 10
            collective_min = company.complaint_collective_min or 3
            if c.media_exposed:
                reasons[1].append(
                    self.env._("exposed by the media, harming the company's reputation")
                )
            if c.complainant_count >= crisis_min:
                reasons[1].append(self.env._("%s complainants together", c.complainant_count))
            if c.is_crisis:
                reasons[1].append(self.env._("escalated to crisis handling"))
            if c.media_risk:
                reasons[2].append(self.env._("may reach the media"))
            if c.litigation_risk or c.litigation_filed:
                reasons[2].append(self.env._("may lead to litigation"))
            if collective_min <= c.complainant_count < crisis_min:
                reasons[2].append(self.env._("collective complaint of %s", c.complainant_count))
            facts = group_facts.get(c.id, {})
            if facts.get("complainants", 0) >= (company.complaint_same_problem_min or 3):
                reasons[2].append(
                    self.env._(
                        "same problem raised by %(count)s complainants within %(days)s days",
                        count=facts["complainants"],
                        days=company.complaint_same_problem_days or 30,
                    )
                )
            unresolved_days = company.complaint_unresolved_days or 30
            if (
                c.validity == "valid"
                and c.state in OPEN_STATES
                and c.date_received
                and c.date_received <= now - timedelta(days=unresolved_days)
            ):
                reasons[2].append(self.env._("unresolved %s days after receipt", unresolved_days))
            if c.is_repeat and facts.get("repeats", 0) >= (company.complaint_repeat_min or 3):
                reasons[3].append(
                    self.env._("raised again %s times after being handled", facts["repeats"])
                )
            if c.assist_department_ids:
                reasons[3].append(self.env._("needs another department's help"))
            level = next((lvl for lvl in (1, 2, 3) if reasons[lvl]), 4)
            result[c.id] = (level, reasons.get(level, []))
        return result

    def _problem_group_facts(self):
        """For complaints in a same-problem group: the largest number of different
        complainants within one window of N days around the complaint, and how many
        complaints of the group came after the group was first handled."""
        linked = self.filtered(lambda c: c.problem_root_id and c.id)
        if not linked:
            return {}
        days = timedelta(days=max(linked.company_id.mapped("complaint_same_problem_days") or [30]))
        # The members' raw values (no display names: the regrade job asks this of
        # thousands of complaints at once, most of them alone in their group).
        fnames = ["problem_root_id", "partner_id", "date_received", "is_repeat"]
        members = self.sudo().search_fetch(
            [("problem_root_id", "in", linked.problem_root_id.ids)], fnames
        )
        by_root = {}
        for m in members:
            by_root.setdefault(m.problem_root_id.id, []).append(
                {
                    "partner_id": m.partner_id.id,
                    "date_received": m.date_received,
                    "is_repeat": m.is_repeat,
                }
            )
        result = {}
        for c in linked:
            group = by_root.get(c.problem_root_id.id, [])
            best = 0
            for start in (m["date_received"] for m in group):
                if not (start <= c.date_received <= start + days):
                    continue
                partners = {
                    m["partner_id"]
                    for m in group
                    if start <= m["date_received"] <= start + days and m["partner_id"]
                }
                best = max(best, len(partners))
            result[c.id] = {
                "complainants": best,
                "repeats": sum(1 for m in group if m["is_repeat"]),
            }
        return result

    @api.depends(
        *(GRADING_FACTS - {"same_problem_id"}), "problem_root_id", "is_crisis", "date_received"
    )
    def _compute_grade_proposed(self):
        facts = self._grade_facts()
        for c in self:
            level, reasons = facts.get(c.id, (4, []))
            c.grade_proposed_level = level
            c.grade_proposed_reason = "; ".join(reasons)

    def _grade_at_registration(self):
        """Give newly registered complaints the grade their facts call for (one write per
        grade, one insert for the whole history)."""
        facts = self._grade_facts()
        Grade = self.env["complaint.grade"]
        by_grade = {}
        history = []
        grades = {}  # (level, company): the grade, looked up once per batch
        for complaint in self:
            level, reasons = facts[complaint.id]
            key = (level, complaint.company_id)
            if key not in grades:
                grades[key] = Grade._get_for_level(level, complaint.company_id)
            grade = grades[key]
            if not grade:
                raise UserError(
                    self.env._("No active complaint grade of level %s is configured.", level)
                )
            by_grade.setdefault(grade, []).append(complaint.id)
            history.append(
                {
                    "complaint_id": complaint.id,
                    "new_grade_id": grade.id,
                    "reason": "; ".join(reasons) or self.env._("no aggravating fact recorded"),
                    "automatic": True,
                    "user_id": self.env.uid,
                }
            )
        for grade, ids in by_grade.items():
            self.browse(ids).sudo()._workflow().with_context(mail_notrack=True).write(
                {"grade_id": grade.id}
            )
        self.env["complaint.grade.history"]._insert_rows(history)

    def _apply_automatic_grade(self):
        """Raise each complaint to the level its facts call for. Never lowers a grade."""
        open_complaints = self.filtered(lambda c: c.state in OPEN_STATES and c.grade_id)
        facts = open_complaints._grade_facts()
        raised = self.browse()
        for complaint in open_complaints:
            level, reasons = facts[complaint.id]
            if level < complaint.grade_level:
                grade = self.env["complaint.grade"]._get_for_level(level, complaint.company_id)
                if grade:
                    complaint._set_grade(grade, "; ".join(reasons), automatic=True)
                    raised |= complaint
        return raised

    def _regrade_problem_groups(self):
        """Re-evaluate every open complaint of the same-problem groups of ``self``."""
        roots = self.filtered("id").problem_root_id
        if not roots:
            return self.browse()
        members = self.sudo().search(
            [("problem_root_id", "in", roots.ids), ("state", "in", OPEN_STATES)]
        )
        return members._apply_automatic_grade()

    def _set_grade(self, grade, reason, automatic=False, replan=True):
        """Change the grade, keep its history with the reason, and re-plan open deadlines."""
        self.ensure_one()
        old = self.grade_id
        if old == grade:
            return
        self.env["complaint.grade.history"].sudo().create(
            {
                "complaint_id": self.id,
                "old_grade_id": old.id,
                "new_grade_id": grade.id,
                "reason": reason,
                "automatic": automatic,
                "user_id": self.env.uid,
            }
        )
        self.sudo()._workflow().write({"grade_id": grade.id})
        if old:
            body = self.env._(
                "Grade changed from %(old)s to %(new)s: %(reason)s",
                old=old.name,
                new=grade.name,
                reason=reason,
            )
            self.sudo()._message_log(body=body)
        if replan:
            self.sudo().step_ids.filtered(lambda s: s.state == "open")._replan()

    @api.model
    def _log_grade_changes(self, bodies, tracked):
        """The chatter notes of a batch of grade changes, each with its tracked grade
        (what ``_message_log`` and tracking write): the notes by ``_insert_log_notes``,
        their tracking values in one INSERT (a log note notifies nobody, and the ORM's
        10,000 creates would cost seconds).
        ``bodies``: {complaint id: text}; ``tracked``: {complaint id: (old, new)}."""
        if not bodies:
            return
        messages = self.sudo()._insert_log_notes({cid: [body] for cid, body in bodies.items()})
        field_id = self.env["ir.model.fields"]._get(self._name, "grade_id").id
        now = fields.Datetime.now()
        names = {}
        for old, new in tracked.values():
            for grade in old | new:
                names.setdefault(grade.id, grade.display_name)
        complaint_ids = list(messages)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_tracking_value (
                    field_id, mail_message_id, old_value_integer, new_value_integer,
                    old_value_char, new_value_char,
                    create_uid, create_date, write_uid, write_date)
                SELECT %(field)s, v.message_id, v.old_id, v.new_id, v.old_name, v.new_name,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(message_ids)s::int[], %(old_ids)s::int[], %(new_ids)s::int[],
                              %(old_names)s::text[], %(new_names)s::text[])
                       AS v(message_id, old_id, new_id, old_name, new_name)
                """,
                field=field_id,
                uid=self.env.uid,
                now=now,
                message_ids=[messages[cid] for cid in complaint_ids],
                old_ids=[tracked[cid][0].id for cid in complaint_ids],
                new_ids=[tracked[cid][1].id for cid in complaint_ids],
                old_names=[names[tracked[cid][0].id] for cid in complaint_ids],
                new_names=[names[tracked[cid][1].id] for cid in complaint_ids],
            )
        )
        self.env["mail.message"].invalidate_model()

    def _action_change_grade(self, grade, reason):
        """Raise the grade by hand (service desk), with a reason. Lowering is for supervisors
        and never goes below what the recorded facts call for."""
        self.ensure_one()
        if not reason or not reason.strip():
            raise UserError(self.env._("Give the reason for changing the grade."))
        if self.state not in OPEN_STATES:
            raise UserError(self.env._("The grade of a closed complaint cannot change."))
        self._check_role("desk")
        if grade == self.grade_id:
            raise UserError(self.env._("The complaint already has this grade."))
        if grade.level > self.grade_level:
            if not self.env.user.has_group("complaint_management.group_complaint_supervisor"):
                raise AccessError(self.env._("Only a supervisor may lower a complaint's grade."))
            if grade.level > self.grade_proposed_level:
                raise UserError(
                    self.env._(
                        "The recorded facts call for at least level %(level)s (%(why)s). "
                        "Correct the facts first.",
                        level=self.grade_proposed_level,
                        why=self.grade_proposed_reason,
                    )
                )
        self._set_grade(grade, reason.strip(), automatic=False)

    @api.model
    def _cron_regrade(self, batch_size=5000):
        """Scheduled: raise to level 2 the valid complaints still unresolved N days after
        receipt (SPEC.md grading; N = 30 by default, per company). Returns those raised.

        Set-based: one search for the candidates (those already at level 2 or above are
        none, so a second run finds nothing to do), then per batch one write per target
        grade, one insert for the history, one for the chatter notes and one re-planning
        of the open steps; the number of queries does not grow with the complaints raised.
        """
        now = fields.Datetime.now()
        companies = self.env["res.company"].search([])  # pylint: disable=no-search-all
        days = min(companies.mapped("complaint_unresolved_days") or [30])
        candidates = self.search(
            [
                ("state", "in", OPEN_STATES),
                ("validity", "=", "valid"),
                ("grade_level", ">", 2),
                ("date_received", "<=", now - timedelta(days=days)),
            ],
            order="id",
        )
        raised = self.browse()
        for batch in split_every(batch_size, candidates.ids, self.browse):
            raised |= fetch_columns(batch)._raise_to_facts()
        return raised

    def _raise_to_facts(self):
        """Set-based ``_apply_automatic_grade``: raise each open complaint of ``self`` to
        the level its facts call for (never lowers), grouped by change. Returns those
        raised."""
        open_complaints = self.filtered(lambda c: c.state in OPEN_STATES and c.grade_id)
        facts = open_complaints._grade_facts()
        grades = {}
        changes = defaultdict(list)
        for complaint in open_complaints:
            level, reasons = facts[complaint.id]
            if level >= complaint.grade_level:
                continue
            key = (level, complaint.company_id.id)
            if key not in grades:
                grades[key] = self.env["complaint.grade"]._get_for_level(
                    level, complaint.company_id
                )
            if grades[key]:
                changes[(complaint.grade_id, grades[key], "; ".join(reasons))].append(complaint.id)
        return self._set_grades(changes, automatic=True)

    @api.model
    def _set_grades(self, changes, automatic=False):
        """``_set_grade`` for many complaints at once. ``changes``: {(old grade, new
        grade, reason): [complaint ids]}. One history insert, one write per new grade
        (tracking off: the chatter note below carries the tracked change), one chatter
        note per complaint in one insert with its tracking value, one re-planning of the
        open steps. Returns the complaints changed."""
        changes = {key: ids for key, ids in changes.items() if ids and key[0] != key[1]}
        if not changes:
            return self.browse()
        history, bodies, tracked, by_grade = [], {}, {}, defaultdict(list)
        for (old, new, reason), ids in changes.items():
            by_grade[new].extend(ids)
            body = self.env._(
                "Grade changed from %(old)s to %(new)s: %(reason)s",
                old=old.name,
                new=new.name,
                reason=reason,
            )
            for complaint_id in ids:
                history.append(
                    {
                        "complaint_id": complaint_id,
                        "old_grade_id": old.id,
                        "new_grade_id": new.id,
                        "reason": reason,
                        "automatic": automatic,
                        "user_id": self.env.uid,
                    }
                )
                if old:
                    bodies[complaint_id] = body
                    tracked[complaint_id] = (old, new)
        complaints = self.browse([cid for ids in changes.values() for cid in ids]).sudo()
        self.env["complaint.grade.history"]._insert_rows(history)
        for grade, ids in by_grade.items():
            self.browse(ids).sudo()._workflow().with_context(mail_notrack=True).write(
                {"grade_id": grade.id}
            )
        self._log_grade_changes(bodies, tracked)
        complaints.step_ids._replan_batch()  # the open ones, promises aside
        return complaints.with_env(self.env)

    # ================================================================== same-problem groups
    @api.depends("same_problem_id")
    def _compute_problem_root_id(self):
        for complaint in self:
            complaint.problem_root_id = complaint.same_problem_id or complaint

    @api.depends("problem_root_id")
    def _compute_problem_complaint_ids(self):
        roots = self.problem_root_id
        members = self.search([("problem_root_id", "in", roots.ids)]) if roots else self.browse()
        for complaint in self:
            complaint.problem_complaint_ids = members.filtered(
                lambda m, c=complaint: m.problem_root_id == c.problem_root_id and m != c
            )

    @api.depends("category_id", "concerned_object", "date_received", "problem_root_id")
    def _compute_similar_complaint_ids(self):
        for complaint in self:
            complaint.similar_complaint_ids = complaint._find_similar_complaints()

    def _find_similar_complaints(self, days=None):
        """Candidates for "same problem": same category and object, received in the window
        before this complaint (30 days by default), not yet in its problem group."""
        self.ensure_one()
        if not (self.category_id and self.concerned_object and self.date_received):
            return self.browse()
        days = days or self.company_id.complaint_same_problem_days or 30
        domain = [
            ("company_id", "=", self.company_id.id),
            ("category_id", "=", self.category_id.id),
            ("concerned_object", "=ilike", self.concerned_object.strip()),
            ("date_received", ">=", self.date_received - timedelta(days=days)),
            ("date_received", "<=", self.date_received),
        ]
        if self.id:
            domain += [("id", "!=", self.id), ("problem_root_id", "!=", self.problem_root_id.id)]
        return self.search(domain, limit=10)

    @api.depends("problem_root_id", "date_received")
    def _compute_is_repeat(self):
        roots = self.problem_root_id
        handled = {}
        if roots:
            for root, first in self.env["complaint.complaint"]._read_group(
                [("problem_root_id", "in", roots.ids), ("date_feedback", "!=", False)],
                ["problem_root_id"],
                ["date_feedback:min"],
            ):
                handled[root.id] = first
        for complaint in self:
            first = handled.get(complaint.problem_root_id.id)
            complaint.is_repeat = bool(
                first and complaint.date_received and complaint.date_received >= first
            )

    def _normalize_same_problem(self):
        """Keep same-problem links pointing at the group's first complaint, and move the
        members of a complaint that joins another group along with it."""
        for complaint in self.filtered("same_problem_id"):
            target = complaint.same_problem_id
            if target == complaint:
                raise ValidationError(self.env._("A complaint cannot be its own same problem."))
            root = target.same_problem_id or target
            if root == complaint:
                raise ValidationError(self.env._("These complaints are already linked."))
            if root != target:
                complaint.write({"same_problem_id": root.id})
            # The group's members move with it, closed ones included (the group's
            # bookkeeping, not an edit); archived ones keep the link they were filed with.
            members = self.search(
                [("same_problem_id", "=", complaint.id), ("state", "!=", "archived")]
            )
            if members:
                members._workflow().write({"same_problem_id": root.id})

    def action_link_same_problem(self):
        """From a candidate in the "possibly the same problem" list: link the complaint being
        edited (``complaint_link_id`` in the context) to this candidate's problem group."""
        self.ensure_one()
        source = self.browse(self.env.context.get("complaint_link_id") or [])
        if not source.exists() or source == self:
            raise UserError(self.env._("Open the complaint to link from its form."))
        source.write({"same_problem_id": self.problem_root_id.id})
        return True

    def action_unlink_same_problem(self):
        self.write({"same_problem_id": False})
        return True
