from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import fields, models

from .constants import OPEN_STATES

# Row ids: the local day, the department and the company, in one number the web client
# can hold (below 2**53), stable from one query to the next.
DAY_FACTOR = 10**10
DEPARTMENT_FACTOR = 10**3


class ComplaintDeadlineDay(models.Model):
    """How many open complaints fall due on each day, per department: the deadline
    calendar. One row per day and department (the service desk's for complaints not yet
    dispatched), whatever the number of complaints, so a bank's busy week fits on it (a
    calendar of the complaints themselves does not: thousands due on one day stop the
    browser). Days are counted in the time zone of the company's complaint calendar."""

    _name = "complaint.deadline.day"
    _description = "Complaints Due per Day"
    _auto = False
    _order = "date, department_id"
    _rec_names_search = ["department_id"]

    date = fields.Date("Due On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    department_id = fields.Many2one(
        "hr.department", readonly=True, help="Empty: not dispatched yet (service desk)."
    )
    complaint_count = fields.Integer("Due", readonly=True, aggregator="sum")
    overdue_count = fields.Integer("Overdue", readonly=True, aggregator="sum")
    at_risk_count = fields.Integer("At Risk", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        open_states = ", ".join(f"'{state}'" for state in OPEN_STATES)
        # Odoo's clock rather than the database's, as the rest of the deadline code does.
        now = fields.Datetime.to_string(fields.Datetime.now())
        return f"""
            SELECT (day - DATE '2000-01-01')::bigint * {DAY_FACTOR}
                       + COALESCE(department_id, 0)::bigint * {DEPARTMENT_FACTOR}
                       + mod(company_id, {DEPARTMENT_FACTOR}) AS id,
                   day AS date, company_id, department_id,
                   count(*) AS complaint_count,
                   count(*) FILTER (WHERE date_deadline < now_utc) AS overdue_count,
                   count(*) FILTER (WHERE date_deadline >= now_utc AND date_at_risk <= now_utc)
                       AS at_risk_count
              FROM (
                SELECT c.company_id, c.department_id, c.date_deadline, c.date_at_risk,
                       TIMESTAMP '{now}' AS now_utc,
                       (c.date_deadline AT TIME ZONE 'UTC'
                            AT TIME ZONE COALESCE(cal.tz, 'UTC'))::date AS day
                  FROM complaint_complaint c
                  JOIN res_company co ON co.id = c.company_id
                  LEFT JOIN resource_calendar cal
                         ON cal.id = COALESCE(co.complaint_calendar_id, co.resource_calendar_id)
                 WHERE c.state IN ({open_states}) AND c.date_deadline IS NOT NULL
              ) due
             GROUP BY day, company_id, department_id
        """

    def _compute_display_name(self):
        for row in self:
            where = row.department_id.name or self.env._("Service desk")
            if row.overdue_count:
                row.display_name = self.env._(
                    "%(where)s: %(count)s due, %(overdue)s overdue",
                    where=where,
                    count=row.complaint_count,
                    overdue=row.overdue_count,
                )
            else:
                row.display_name = self.env._(
                    "%(where)s: %(count)s due", where=where, count=row.complaint_count
                )

    def action_open_complaints(self):
        """The open complaints this row counts, as a list."""
        self.ensure_one()
        calendar = self.company_id._get_complaint_calendar()
        tz = timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(self.date, time.min)).astimezone(utc)
        stop = tz.localize(datetime.combine(self.date + timedelta(days=1), time.min))
        return {
            "type": "ir.actions.act_window",
            "name": self.display_name,
            "res_model": "complaint.complaint",
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [
                ("company_id", "=", self.company_id.id),
                ("department_id", "=", self.department_id.id),
                ("state", "in", OPEN_STATES),
                ("date_deadline", ">=", fields.Datetime.to_string(start.replace(tzinfo=None))),
                (
                    "date_deadline",
                    "<",
                    fields.Datetime.to_string(stop.astimezone(utc).replace(tzinfo=None)),
                ),
            ],
            "context": {"create": False},
        }
