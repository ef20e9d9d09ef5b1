"""The complaint analysis (SPEC.md "Supervision": monthly statistics per department and per
category): an SQL view with one row per complaint, read by the pivot and graph views, the
supervisors' dashboard and the monthly statistics alike, so that they never disagree.

A measure is a column of the view and a field of the model: ``_select_columns`` maps each
column to its SQL expression, one line each. Counts are 0/1 columns summed; rates are 0/100
columns averaged, empty (NULL) where they do not apply. Each measure counts by the month of
receipt or by the month of its event (closure); its help says which. Days and months are
cut at midnight in the company's time zone (its complaint calendar's): the complaint
stores its days of receipt and closure in that time zone, and what its timed steps were, so
that the view reads one table (models/complaint_complaint_reporting.py)."""

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.complaint_complaint_regulatory import hide_regulatory_parts
from ..models.complaint_complaint_reporting import STEP_BITS
from ..models.constants import COMPLAINT_TYPES, SATISFACTION_LIMIT_SATISFIED, STATES, STEPS

CLOSED_STATES = ("closed", "archived")
REGULATORY_REPORT_COLUMNS = {
    "regime_id",
    "business_line_id",
    "cause_id",
    "regulatory_limit_rate",
    "extended",
    "withdrawn",
    "reviewed",
    "on_time_regulatory",
    "on_time_review",
}
BY_RECEIPT = "By month of receipt."
BY_CLOSURE = "By month of closure (group by Closed On)."


def _closed(column="c.state"):
    return f"{column} IN {CLOSED_STATES!r}"


def _on_time(bits):
    """100 when the complaint's steps (of the kinds in ``bits``) were all on time and one
    was done, 0 when one was late (done late, or breached while open), empty otherwise."""
    return (
        f"CASE WHEN c.steps_late & {bits} <> 0 THEN 0.0 "
        f"WHEN c.steps_done & {bits} <> 0 THEN 100.0 END"
    )


class ComplaintReport(models.Model):
    """One row per complaint, with the dimensions the figures are cut by and their measures.
    No complainant column: the analysis is about the handling, not about customers."""

    _name = "complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _rec_name = "complaint_id"
    _order = "date_received desc, id desc"
    # The table read: Odoo flushes its pending writes before querying the view.
    _depends = {
        "complaint.complaint": [
            "company_id",
            "date_received_local",
            "date_closed_local",
            "department_id",
            "handler_id",
            "category_id",
            "grade_id",
            "channel_id",
            "state",
            "complaint_type",
            "validity",
            "is_regulator_referral",
            "is_repeat",
            "satisfaction",
            "handling_hours",
            "concerned_object",
            "steps_late",
            "steps_done",
            "regime_id",
            "business_line_id",
            "cause_id",
            "regulatory_result",
            "regulatory_limit_met",
            "is_extended",
            "is_withdrawn",
            "is_reviewed",
        ],
    }

    # ------------------------------------------------------------------ dimensions
    complaint_id = fields.Many2one("complaint.complaint", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date_received = fields.Date(
        "Received On", readonly=True, help="Day of receipt, in the company's time zone."
    )
    date_closed = fields.Date(
        "Closed On", readonly=True, help="Day of closure, in the company's time zone."
    )
    department_id = fields.Many2one("hr.department", "Responsible Department", readonly=True)
    handler_id = fields.Many2one("res.users", readonly=True)
    category_id = fields.Many2one("complaint.category", readonly=True)
    grade_id = fields.Many2one("complaint.grade", readonly=True)
    channel_id = fields.Many2one("complaint.channel", readonly=True)
    state = fields.Selection(STATES, "Status", readonly=True)
    complaint_type = fields.Selection(COMPLAINT_TYPES, "Type", readonly=True)
    is_regulator_referral = fields.Boolean("Regulator Referral", readonly=True)
    concerned_object = fields.Char("Object Concerned", readonly=True)
    # The regulator's dimensions (complaints received under a regulatory regime).
    regime_id = fields.Many2one("complaint.regime", "Regulatory Regime", readonly=True)
    business_line_id = fields.Many2one("complaint.business.line", readonly=True)
    cause_id = fields.Many2one("complaint.cause", readonly=True)

    # ------------------------------------------------------------------ measures
    received = fields.Integer(readonly=True, help=f"{BY_RECEIPT} Complaints received.")
    valid = fields.Integer(readonly=True, help=f"{BY_RECEIPT} Complaints judged valid (有效投诉).")
    closed = fields.Integer(
        readonly=True,
        help=f"{BY_CLOSURE} Complaints closed, first-contact resolutions included.",
    )
    closure_rate = fields.Float(
        "Closure Rate (%)",
        readonly=True,
        aggregator="avg",
        help=f"{BY_RECEIPT} Share of the complaints received that are closed.",
    )
    repeat_rate = fields.Float(
        "Repeat Rate (%)",
        readonly=True,
        aggregator="avg",
        help=f"{BY_RECEIPT} Share of repeats after handling, re-complaints and objections.",
    )
    satisfaction_rate = fields.Float(
        "Satisfaction Rate (%)",
        readonly=True,
        aggregator="avg",
        help=f"{BY_RECEIPT} Share of the revisited complaints whose last revisit found the "
        "customer satisfied; empty when none was revisited.",
    )
    regulator_referrals = fields.Integer(
        readonly=True, help=f"{BY_RECEIPT} Complaints referred by a regulator (监管转送)."
    )
    handling_hours = fields.Float(
        "Handling Time (Working Hours)",
        readonly=True,
        aggregator="avg",
        help=f"{BY_CLOSURE} Average working hours from receipt to closure; empty when none closed.",
    )
    on_time_rate = fields.Float(
        "On-time Rate (%)",
        readonly=True,
        aggregator="avg",
        help=f"{BY_RECEIPT} Share of the complaints none of whose timed steps was late, among "
        "those with a step done; empty when none.",
    )
    on_time_dispatch = fields.Float(
        "On Time: Dispatch (%)", readonly=True, aggregator="avg", help=BY_RECEIPT
    )
    on_time_start = fields.Float(
        "On Time: Investigation Start (%)", readonly=True, aggregator="avg", help=BY_RECEIPT
    )
    on_time_contact = fields.Float(
        "On Time: Customer Contact (%)", readonly=True, aggregator="avg", help=BY_RECEIPT
    )
    on_time_plan = fields.Float(
        "On Time: Plan Approval (%)", readonly=True, aggregator="avg", help=BY_RECEIPT
    )
    on_time_implement = fields.Float(
        "On Time: Implementation (%)", readonly=True, aggregator="avg", help=BY_RECEIPT
    )
    on_time_audit = fields.Float(
        "On Time: Result Audit (%)", readonly=True, aggregator="avg", help=BY_RECEIPT
    )
    on_time_feedback = fields.Float(
        "On Time: Feedback (%)", readonly=True, aggregator="avg", help=BY_RECEIPT
    )
    on_time_revisit = fields.Float(
        "On Time: Revisit (%)", readonly=True, aggregator="avg", help=BY_RECEIPT
    )
    # The regulator's clocks (companies under a regulatory regime; empty elsewhere).
    on_time_regulatory = fields.Float(
        "On Time: Regulatory Time Limit (%)", readonly=True, aggregator="avg", help=BY_RECEIPT
    )
    on_time_review = fields.Float(
        "On Time: Review Answer (%)", readonly=True, aggregator="avg", help=BY_RECEIPT
    )

    # The regulator's measures (SPEC.md "The regulator's floor"; empty or 0 outside a regime).
    regulatory_limit_rate = fields.Float(
        "Regulatory Limit Met (%)",
        readonly=True,
        aggregator="avg",
        help=f"{BY_RECEIPT} Share of the complaints decided under a regulatory regime whose "
        "decision reached the complainant within the time limit; empty when none was decided.",
    )
    extended = fields.Integer(
        readonly=True, help=f"{BY_RECEIPT} Complaints whose regulatory time limit was extended."
    )
    withdrawn = fields.Integer(
        readonly=True, help=f"{BY_RECEIPT} Complaints withdrawn by the complainant (撤回)."
    )
    reviewed = fields.Integer(
        readonly=True,
        help=f"{BY_RECEIPT} Complaints whose decision the complainant asked to "
        "have reviewed (核查).",
    )

    # ------------------------------------------------------------------ the view
    def _select_columns(self):
        """Column name: SQL expression, one line per column of the view."""
        columns = {
            "id": "c.id",
            "complaint_id": "c.id",
            "company_id": "c.company_id",
            "date_received": "c.date_received_local",
            "date_closed": "c.date_closed_local",
            "department_id": "c.department_id",
            "handler_id": "c.handler_id",
            "category_id": "c.category_id",
            "grade_id": "c.grade_id",
            "channel_id": "c.channel_id",
            "state": "c.state",
            "complaint_type": "c.complaint_type",
            "is_regulator_referral": "COALESCE(c.is_regulator_referral, FALSE)",
            "concerned_object": "c.concerned_object",
            "received": "1",
            "valid": "CASE WHEN c.validity = 'valid' THEN 1 ELSE 0 END",
            "closed": f"CASE WHEN {_closed()} THEN 1 ELSE 0 END",
            "closure_rate": f"CASE WHEN {_closed()} THEN 100.0 ELSE 0.0 END",
            "repeat_rate": "CASE WHEN c.is_repeat OR c.complaint_type != 'new' THEN 100.0 "
            "ELSE 0.0 END",
            "satisfaction_rate": "CASE WHEN c.satisfaction IS NULL THEN NULL WHEN "
            f"c.satisfaction::integer >= {SATISFACTION_LIMIT_SATISFIED} THEN 100.0 ELSE 0.0 END",
            "regulator_referrals": "CASE WHEN c.is_regulator_referral THEN 1 ELSE 0 END",
            "handling_hours": f"CASE WHEN {_closed()} THEN c.handling_hours END",
            "on_time_rate": _on_time(sum(STEP_BITS.values())),
        }
        columns.update({f"on_time_{step}": _on_time(STEP_BITS[step]) for step, _label in STEPS})
        columns.update(
            {
                "regime_id": "c.regime_id",
                "business_line_id": "c.business_line_id",
                "cause_id": "c.cause_id",
                "regulatory_limit_rate": "CASE WHEN c.regime_id IS NULL OR c.regulatory_result "
                "NOT IN ('on_time', 'late') THEN NULL WHEN c.regulatory_limit_met THEN 100.0 "
                "ELSE 0.0 END",
                "extended": "CASE WHEN c.is_extended THEN 1 ELSE 0 END",
                "withdrawn": "CASE WHEN c.is_withdrawn THEN 1 ELSE 0 END",
                "reviewed": "CASE WHEN c.is_reviewed THEN 1 ELSE 0 END",
            }
        )
        return columns

    @api.model
    def _get_view_cache_key(self, view_id=None, view_type="form", **options):
        key = super()._get_view_cache_key(view_id, view_type, **options)
        return (*key, self.env["complaint.complaint"]._complaint_any_regulated())

    @api.model
    def _get_view(self, view_id=None, view_type="form", **options):
        """Users none of whose companies works under a regime see none of the regulator's
        columns, filters or group-bys (as on the complaints)."""
        arch, view = super()._get_view(view_id, view_type, **options)
        if not self.env["complaint.complaint"]._complaint_any_regulated():
            hide_regulatory_parts(arch, view_type, REGULATORY_REPORT_COLUMNS)
        return arch, view

    def _from(self):
        """The complaints: what the figures need is stored on them (days in the company's
        time zone, the timed steps' facts, the handling time), one scan of one table."""
        return "complaint_complaint c"

    @property
    def _table_query(self):
        select = ",\n".join(f"{sql} AS {name}" for name, sql in self._select_columns().items())
        return f"SELECT {select} FROM {self._from()}"

    def init(self):
        """Statistics on the months the pivot groups by: without them PostgreSQL expects
        as many months as complaints, and sorts every row (on disk, at 100,000 complaints)
        where hashing a few groups is enough. Expression statistics need PostgreSQL 14."""
        if self.env.cr._cnx.server_version < 140000:
            return
        for fname in ("date_received_local", "date_closed_local"):
            self.env.cr.execute(
                SQL(
                    "CREATE STATISTICS IF NOT EXISTS %s "
                    "ON (date_trunc('month', %s::timestamp)::date), department_id "
                    "FROM complaint_complaint",
                    SQL.identifier(f"complaint_complaint_{fname}_month_stats"),
                    SQL.identifier(fname),
                )
            )

    def action_open_complaint(self):
        """A row of the analysis opens its complaint."""
        self.ensure_one()
        return self.complaint_id._get_records_action(context={})
