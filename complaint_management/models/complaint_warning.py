"""Early warning from the data (风险预警, SPEC.md "Crisis handling and prevention"): a scheduled
job reads the complaints as a whole and raises a warning to the supervisor group before a
trend becomes a crisis:

- a surge: a category, an object or a unit complained about whose complaints of the last
  7 days exceed a multiple of its usual weekly number over the 8 weeks before, with a
  minimum count (one complaint against none is no surge);
- repeated complaints about one employee or one unit within a period (30 days);
- several complaints rising to level 2 within a day.

Each rule is one grouped SQL query over all companies (their settings joined in), never a
loop over complaints: the job's query count does not grow with the number of complaints.
One warning per episode: while its condition holds the open warning is kept (its figures
brought up to date), when it no longer holds the job ends it, and only then may the same
condition raise a new one."""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

SURGE_DAYS = 7
SURGE_BASELINE_WEEKS = 8
LEVEL2_HOURS = 24
RULES = [
    ("surge_category", "Surge in a Category"),
    ("surge_object", "Surge About an Object"),
    ("surge_unit", "Surge About a Unit"),
    ("repeat_employee", "Repeated Complaints About an Employee"),
    ("repeat_unit", "Repeated Complaints About a Unit"),
    ("level2", "Complaints Rising to Level 2"),
]
# What a warning is about, per rule: the field naming it.
SUBJECT_FIELD = {
    "surge_category": "category_id",
    "surge_object": "concerned_object",
    "surge_unit": "department_id",
    "repeat_employee": "employee_id",
    "repeat_unit": "department_id",
    "level2": None,
}
KEY_FIELDS = ("category_id", "concerned_object", "department_id", "employee_id")

SURGE_QUERY = """
WITH recent AS (
    SELECT c.id, c.company_id, c.date_received, c.category_id,
           NULLIF(btrim(c.concerned_object), '') AS concerned_object
      FROM complaint_complaint c
     WHERE c.date_received >= %(start)s AND c.date_received <= %(now)s
), keyed AS (
    SELECT id, company_id, date_received, 'surge_category' AS rule,
           category_id AS ref, NULL::varchar AS label
      FROM recent WHERE category_id IS NOT NULL
    UNION ALL
    SELECT id, company_id, date_received, 'surge_object', NULL, concerned_object
      FROM recent WHERE concerned_object IS NOT NULL
    UNION ALL
    SELECT r.id, r.company_id, r.date_received, 'surge_unit', rel.department_id, NULL
      FROM recent r
      JOIN complaint_complaint_complained_department_rel rel ON rel.complaint_id = r.id
)
SELECT k.company_id, k.rule, k.ref, k.label,
       COUNT(*) FILTER (WHERE k.date_received >= %(split)s) AS recent_count,
       COUNT(*) FILTER (WHERE k.date_received < %(split)s) AS before_count,
       ARRAY_AGG(k.id ORDER BY k.id) FILTER (WHERE k.date_received >= %(split)s) AS ids,
       co.complaint_warning_surge_factor AS factor
  FROM keyed k
  JOIN res_company co ON co.id = k.company_id
 GROUP BY k.company_id, k.rule, k.ref, k.label,
          co.complaint_warning_surge_min, co.complaint_warning_surge_factor
HAVING COUNT(*) FILTER (WHERE k.date_received >= %(split)s) >= co.complaint_warning_surge_min
   AND COUNT(*) FILTER (WHERE k.date_received >= %(split)s)
       > co.complaint_warning_surge_factor * COUNT(*) FILTER (WHERE k.date_received < %(split)s)
         / %(weeks)s
"""

REPEAT_QUERY = """
WITH recent AS (
    SELECT c.id, c.company_id, co.complaint_warning_repeat_count AS repeat_count
      FROM complaint_complaint c
      JOIN res_company co ON co.id = c.company_id
     WHERE c.date_received <= %(now)s
       AND c.date_received >= %(now)s - make_interval(days => co.complaint_warning_repeat_days)
       AND c.date_received >= %(earliest)s
), keyed AS (
    SELECT r.id, r.company_id, r.repeat_count, 'repeat_employee' AS rule, rel.employee_id AS ref
      FROM recent r
      JOIN complaint_complaint_complained_employee_rel rel ON rel.complaint_id = r.id
    UNION ALL
    SELECT r.id, r.company_id, r.repeat_count, 'repeat_unit', rel.department_id
      FROM recent r
      JOIN complaint_complaint_complained_department_rel rel ON rel.complaint_id = r.id
)
SELECT company_id, rule, ref, COUNT(*) AS recent_count, ARRAY_AGG(id ORDER BY id) AS ids
  FROM keyed
 GROUP BY company_id, rule, ref, repeat_count
HAVING COUNT(*) >= repeat_count
"""

LEVEL2_QUERY = """
SELECT h.company_id, COUNT(DISTINCT h.complaint_id) AS recent_count,
       ARRAY_AGG(DISTINCT h.complaint_id) AS ids
  FROM complaint_grade_history h
  JOIN res_company co ON co.id = h.company_id
 WHERE h.date >= %(since)s AND h.date <= %(now)s AND h.new_level = 2
 GROUP BY h.company_id, co.complaint_warning_level2_count
HAVING COUNT(DISTINCT h.complaint_id) >= co.complaint_warning_level2_count
"""


class ComplaintWarning(models.Model):
    """An early warning raised by the data (one per episode of its condition)."""

    _name = "complaint.warning"
    _description = "Complaint Early Warning"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "state, date_start desc, id desc"
    _mail_post_access = "read"

    name = fields.Char(compute="_compute_name", store=True)
    rule = fields.Selection(RULES, required=True, readonly=True, index=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    category_id = fields.Many2one("complaint.category", readonly=True, index=True)
    concerned_object = fields.Char("Object Concerned", readonly=True)
    department_id = fields.Many2one(
        "hr.department", "Unit Complained About", readonly=True, index=True
    )
    employee_id = fields.Many2one(
        "hr.employee", "Employee Complained About", readonly=True, index=True
    )
    complaint_count = fields.Integer("Complaints", readonly=True, tracking=True)
    usual_weekly = fields.Float(
        "Usual per Week",
        readonly=True,
        digits=(16, 2),
        help="Surges: the weekly number of complaints over the 8 weeks before the last 7 days.",
    )
    threshold = fields.Float(
        readonly=True, digits=(16, 2), help="The number the complaints exceeded or reached."
    )
    complaint_ids = fields.Many2many(
        "complaint.complaint",
        "complaint_warning_complaint_rel",
        "warning_id",
        "complaint_id",
        "Complaints Behind It",
        readonly=True,
    )
    state = fields.Selection(
        [("open", "Open"), ("ended", "Ended")],
        default="open",
        required=True,
        readonly=True,
        index=True,
        tracking=True,
    )
    date_start = fields.Datetime("Raised On", readonly=True, default=fields.Datetime.now)
    date_end = fields.Datetime("Ended On", readonly=True)

    @api.depends("rule", "category_id", "concerned_object", "department_id", "employee_id")
    def _compute_name(self):
        labels = dict(self._fields["rule"]._description_selection(self.env))
        for warning in self:
            fname = SUBJECT_FIELD.get(warning.rule)
            subject = warning[fname] if fname else False
            if isinstance(subject, models.BaseModel):
                subject = subject.display_name
            rule = labels.get(warning.rule, "")
            warning.name = f"{rule}: {subject}" if subject else rule

    def action_open_complaints(self):
        """The complaints behind this warning."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action"
        )
        action["domain"] = [("id", "in", self.complaint_ids.ids)]
        action["context"] = {}
        return action

    # ================================================================== the job
    @api.model
    def _cron_early_warning(self, now=None):
        """Raise a warning for every condition that holds and has no open warning, keep the
        open ones whose condition still holds (their figures brought up to date), end the
        others. One grouped query per rule; work per warning, never per complaint."""
        now = now or fields.Datetime.now()
        # The rules read the tables: what this transaction changed is written first.
        self.env.flush_all()
        found = self._surge_episodes(now) + self._repeat_episodes(now) + self._level2_episodes(now)
        Warnings = self.sudo()
        open_warnings = Warnings.search([("state", "=", "open")])
        by_key = {warning._episode_key(): warning for warning in open_warnings}
        new_vals, kept = [], Warnings
        for vals in found:
            key = self._vals_key(vals)
            warning = by_key.get(key)
            if warning is None:
                new_vals.append(vals)
                continue
            kept |= warning
            update = {
                fname: value
                for fname, value in vals.items()
                if fname in ("complaint_count", "usual_weekly", "threshold")
                and warning[fname] != value
            }
            if set(warning.complaint_ids.ids) != set(vals["complaint_ids"][0][2]):
                update["complaint_ids"] = vals["complaint_ids"]
            if update:
                warning.write(update)
        ended = open_warnings - kept
        if ended:
            ended.write({"state": "ended", "date_end": now})
        raised = Warnings.create(new_vals) if new_vals else Warnings
        raised._notify_supervisors()
        return raised

    @api.model
    def _surge_episodes(self, now):
        split = now - timedelta(days=SURGE_DAYS)
        start = split - timedelta(weeks=SURGE_BASELINE_WEEKS)
        self.env.cr.execute(
            SURGE_QUERY,
            {"start": start, "split": split, "now": now, "weeks": float(SURGE_BASELINE_WEEKS)},
        )
        episodes = []
        for company_id, rule, ref, label, recent, before, ids, factor in self.env.cr.fetchall():
            usual = before / SURGE_BASELINE_WEEKS
            vals = self._episode_vals(rule, company_id, ref, label, recent, ids)
            vals.update(usual_weekly=usual, threshold=factor * usual)
            episodes.append(vals)
        return episodes

    @api.model
    def _repeat_episodes(self, now):
        earliest = now - timedelta(days=366)
        self.env.cr.execute(REPEAT_QUERY, {"now": now, "earliest": earliest})
        return [
            self._episode_vals(rule, company_id, ref, None, count, ids)
            for company_id, rule, ref, count, ids in self.env.cr.fetchall()
        ]

    @api.model
    def _level2_episodes(self, now):
        since = now - timedelta(hours=LEVEL2_HOURS)
        self.env.cr.execute(LEVEL2_QUERY, {"since": since, "now": now})
        return [
            self._episode_vals("level2", company_id, None, None, count, ids)
            for company_id, count, ids in self.env.cr.fetchall()
        ]

    @staticmethod
    def _episode_vals(rule, company_id, ref, label, count, ids):
        vals = {
            "rule": rule,
            "company_id": company_id,
            "complaint_count": count,
            "threshold": 0.0,
            "usual_weekly": 0.0,
            "complaint_ids": [fields.Command.set(sorted(set(ids or [])))],
        }
        fname = SUBJECT_FIELD[rule]
        if fname:
            vals[fname] = label if fname == "concerned_object" else ref
        return vals

    @staticmethod
    def _vals_key(vals):
        return (
            vals["rule"],
            vals["company_id"],
            *(vals.get(fname) or False for fname in KEY_FIELDS),
        )

    def _episode_key(self):
        self.ensure_one()
        return (
            self.rule,
            self.company_id.id,
            self.category_id.id or False,
            self.concerned_object or False,
            self.department_id.id or False,
            self.employee_id.id or False,
        )

    def _notify_supervisors(self):
        """Tell the supervisor group of each company of these new warnings (through the mail
        queue), and log it on the warning."""
        if not self:
            return
        group = self.env.ref("complaint_management.group_complaint_supervisor").sudo()
        supervisors = group.users.filtered(lambda u: not u.share)
        for warning in self.with_context(mail_notify_force_send=False):
            users = supervisors.filtered(lambda u, w=warning: w.company_id in u.company_ids)
            warning.message_subscribe(partner_ids=users.partner_id.ids)
            warning.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Early warning: %(name)s (%(count)s complaints). The supervisor group was "
                    "notified.",
                    name=warning.name,
                    count=warning.complaint_count,
                ),
                partner_ids=users.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
