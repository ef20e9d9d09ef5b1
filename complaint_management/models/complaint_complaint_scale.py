"""What keeps the desk's and the supervisors' screens fast at a large bank's scale (a
million complaints and more): the indexes their queries need, and the set-based
re-planning of the daily regrade job.

Indexes, by screen (``EXPLAIN`` checked on a million complaints, see the commit log):

* the Complaints list opens on the open complaints, newest first (``_order``
  ``date_received desc, id desc``): a partial index on the open ones in that order reads
  the first page and counts it without touching the closed history;
* the search box looks up a reference or a subject word (``ilike``) and a contact phone
  (through ``complaint.confidential.mixin``, on the raw stored phone): trigram (GIN)
  indexes on ``name``, ``title`` and ``confidential_phone``; Odoo creates them only when
  the database has the ``pg_trgm`` extension, which ``_auto_init`` creates when the
  database role may (a plain ``btree`` would not serve a ``%word%`` search: without the
  extension the search still works, by a scan);
* the deadline calendar counts the open complaints due per day and department: a covering
  partial index on the open complaints' deadlines (an index-only scan);
* the deadline board lists the open steps late or at risk per department, oldest first
  (``complaint.step`` ``_order`` ``date_start, id``): a covering partial index on the
  open steps by department in that order.

* the search panel's filters on rare facts (crisis, compliance matters, extended,
  withdrawn, reviewed, legal hold, malicious, level 1-2): a small partial index each, in
  the list's order, holding only the complaints the filter shows.

Every index of the table is written by each insert and by each update that moves a row
(a change of an indexed column), so a field is indexed only where a search of a large
table needs it: no index on a flag or a state that is only read with a complaint or in
combination with an indexed filter. 25 such indexes were dropped (68 on the table before,
51 now with the 8 partial ones): on a 10,000-complaint bench database the table's inserts
and updates of a registration batch of 500 took 242 ms instead of 317 ms (about 2% of
registration), and the regrade job's UPDATEs of 4,759 complaints about a fifth less.

The dashboard, the analysis and the monthly figures filter on the local days of receipt
and closure (``date_received_local``, ``date_closed_local``, indexed where they are
defined) through ``complaint.report``, a plain one-table view PostgreSQL flattens, so a
month reads only that month's rows."""

import logging
from collections import defaultdict

import psycopg2

from odoo import fields, models
from odoo.modules.db import has_trigram
from odoo.tools import SQL

from .constants import OPEN_STATES, fetch_columns

_logger = logging.getLogger(__name__)

CLOSED_STATES = ("closed", "archived")
# What the analysis groups and filters its months by (both report indexes carry them).
REPORT_DIMENSIONS = ("company_id", "state", "department_id", "category_id", "duplicate_of_id")


def ensure_trigram(env):
    """Create PostgreSQL's ``pg_trgm`` extension when it is missing and the database role
    may (a trusted extension since PostgreSQL 13: the database owner may), so that the
    ``index="trigram"`` fields get their GIN index; otherwise log why and go on (the
    searches still work, without the index). Odoo creates it with the databases it
    creates itself; this covers a database created by its administrator."""
    registry = env.registry
    if registry.has_trigram:
        return True
    cr = env.cr
    try:
        with cr.savepoint(flush=False):
            cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except psycopg2.Error as error:
        _logger.warning(
            "The PostgreSQL extension pg_trgm is missing and this role may not create it "
            "(%s): the searches by reference, subject and phone work without their trigram "
            "indexes. Ask the database administrator to run CREATE EXTENSION pg_trgm, then "
            "update the module.",
            error.pgerror or error,
        )
        return False
    registry.has_trigram = has_trigram(cr)
    return registry.has_trigram


def ensure_index(cr, name, table, columns, where="", include=()):
    """A (partial, covering) b-tree index of ours, unless it exists."""
    cr.execute(
        SQL(
            "CREATE INDEX IF NOT EXISTS %s ON %s (%s)%s%s",
            SQL.identifier(name),
            SQL.identifier(table),
            SQL(", ".join(columns)),
            SQL(f" INCLUDE ({', '.join(include)})" if include else ""),
            SQL(f" WHERE {where}" if where else ""),
        )
    )


# The filters on rare facts (search view) and the predicate of their partial index: the
# filter's own domain, as Odoo writes it in SQL ("col = true" is "col" to PostgreSQL).
RARE_FILTERS = {
    "is_crisis": "is_crisis",
    "compliance_required": "compliance_required",
    "is_extended": "is_extended",
    "is_withdrawn": "is_withdrawn",
    "is_reviewed": "is_reviewed",
    "legal_hold": "legal_hold",
    "is_malicious": "is_malicious",
    "serious": "grade_level <= 2",
}


def state_list(states):
    return ", ".join(f"'{state}'" for state in states)


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    # The search box: "Complaint" searches the reference and the subject (ilike), "Contact
    # Phone" the stored phone (complaint.confidential.mixin, ilike).
    title = fields.Char(index="trigram")
    confidential_phone = fields.Char(index="trigram")

    def write(self, vals):
        # Odoo checks every company-bound field of the records written when one of them
        # changes (nine on a complaint, a query or more each: 7 of the 60 queries of a
        # dispatch). A write that leaves the company as it is can only make the fields it
        # writes inconsistent: those are checked, on these records (not on records
        # created meanwhile, which Odoo checks whole). A nested write names its own.
        fnames = None
        if "company_id" not in vals:
            fnames = [
                fname
                for fname in vals
                if (field := self._fields.get(fname)) and field.relational and field.check_company
            ]
        only = (tuple(self.ids), tuple(fnames)) if fnames else None
        return super(
            ComplaintComplaint, self.with_context(complaint_check_company_written=only)
        ).write(vals)

    def _check_company(self, fnames=None):
        # The regrade job writes the grade of 10,000 complaints: the grade alone is checked.
        if fnames is None:
            written = self.env.context.get("complaint_check_company_written")
            if written and set(self.ids) <= set(written[0]):
                fnames = list(written[1])
        if len(self) > 1 and self._companies_consistent(fnames):
            return None
        # One record, or an inconsistency to report: Odoo's own check and message.
        return super()._check_company(fnames)

    def _companies_consistent(self, fnames=None):
        """Odoo's ``_check_company`` for many complaints at once: the values of each
        company-bound field are checked per company of the complaints that hold them, in
        one ``filtered_domain`` per field and company instead of one per complaint and
        field (a registration batch of 500: 4,500 of them, about 4% of its time). Returns
        whether all are consistent; Odoo's check then tells which are not."""
        if fnames is None or {"company_id", "company_ids"} & set(fnames):
            fnames = self._fields
        names = [
            name
            for name in fnames
            if (field := self._fields[name]).relational and field.check_company
        ]
        if not names:
            return True
        if any(self._fields[name].company_dependent for name in names):
            return False  # checked against the current company: Odoo's own check
        records = self.sudo()
        by_company = defaultdict(list)
        for record in records:
            by_company[record.company_id].append(record.id)
        for company, ids in by_company.items():
            group = records.browse(ids)
            for name in names:
                values = group.mapped(name)
                if not values:
                    continue
                domain = values._check_company_domain(company)
                if domain and values != values.with_context(active_test=False).filtered_domain(
                    domain
                ):
                    return False
        return True

    def _auto_init(self):
        # Before Odoo creates the indexes of the fields (at install and at every update).
        ensure_trigram(self.env)
        return super()._auto_init()

    def init(self):
        res = super().init()
        cr = self.env.cr
        # The default list (filter "Open", state not in closed/archived: Odoo adds "or
        # state is null" to a "not in", the predicate repeats it so that it matches).
        ensure_index(
            cr,
            "complaint_complaint_open_received_index",
            self._table,
            ["date_received DESC", "id DESC"],
            f"state NOT IN ({state_list(CLOSED_STATES)}) OR state IS NULL",
        )
        # The open complaints by deadline, with what the deadline calendar
        # (complaint.deadline.day: state in OPEN_STATES) and the dashboard's open, overdue
        # and at-risk counts read: index-only scans of the open complaints alone.
        ensure_index(
            cr,
            "complaint_complaint_open_deadline_index",
            self._table,
            ["date_deadline"],
            f"state IN ({state_list(OPEN_STATES)})",
            include=(
                "company_id",
                "department_id",
                "date_at_risk",
                "state",
                "is_regulator_referral",
            ),
        )
        # The analysis by month of receipt and of closure (complaint.report: the
        # dashboard's 12-month trend, the pivot, the monthly figures): what their common
        # measures read (the pivot's satisfaction rate included: without it, 12 months of a
        # million complaints are a scan of the table, 2.6 s instead of 0.12 s), so that a
        # range of months is an index-only scan of its rows.
        ensure_index(
            cr,
            "complaint_complaint_received_report_index",
            self._table,
            ["date_received_local"],
            include=(*REPORT_DIMENSIONS, "steps_late", "steps_done", "satisfaction"),
        )
        ensure_index(
            cr,
            "complaint_complaint_closed_report_index",
            self._table,
            ["date_closed_local"],
            "date_closed_local IS NOT NULL",
            include=(*REPORT_DIMENSIONS, "handling_hours", "satisfaction"),
        )
        for name, where in RARE_FILTERS.items():
            ensure_index(
                cr,
                f"complaint_complaint_{name}_filter_index",
                self._table,
                ["date_received DESC", "id DESC"],
                where,
            )
        return res


class ComplaintStep(models.Model):
    _inherit = "complaint.step"

    def init(self):
        res = super().init()
        # The deadline board: open steps overdue or at risk, per department, oldest first.
        ensure_index(
            self.env.cr,
            "complaint_step_open_board_index",
            self._table,
            ["department_id", "date_start", "id"],
            "state = 'open'",
            include=("date_deadline", "date_at_risk", "company_id"),
        )
        # The promises made, kept and missed of the analysis (complaint.report: one
        # lookup per complaint of the months read, nearly always empty).
        ensure_index(
            self.env.cr,
            "complaint_step_promise_index",
            self._table,
            ["complaint_id"],
            "step_type = 'promise'",
            include=("state", "is_late"),
        )
        return res

    def _replan_batch(self):
        """``_replan`` for many open steps at once (the regrade job): each step's plan
        (``_plan_values``, its next escalation from the level it reached) is computed in
        memory, then written as one change of the batch: the cache of every step updated,
        the fields depending on them marked once, one UPDATE per batch of rows at the flush.
        A step's start is its own, so plans are rarely shared; one ``write`` per step cost a
        millisecond each (10,000 complaints raised: 12 s of 22). A promise keeps the date
        the customer was given, as in ``_replan``."""
        steps = fetch_columns(self).filtered(
            lambda s: s.state == "open" and s.step_type != "promise"
        )
        if not steps:
            return
        rules = {}  # grade id: its escalation chain, read once
        rows = defaultdict(list)  # field names: [(step id, values)]
        for step in steps:
            complaint = step.complaint_id
            vals = step._plan_values(complaint, step.step_type, step.date_start)
            grade = complaint.grade_id
            if grade.id not in rules:
                rules[grade.id] = step._escalation_rules()
            vals["date_next_action"] = step._next_action_date(
                step.escalation_level, rules[grade.id], planned=vals
            )
            if any(step[fname] != value for fname, value in vals.items()):
                rows[tuple(sorted(vals))].append((step.id, vals))
        for fnames, pairs in rows.items():
            self.browse([step_id for step_id, _vals in pairs])._write_rows(
                fnames, [vals for _step_id, vals in pairs]
            )

    def _write_rows(self, fnames, vals_list):
        """What ``write`` does for the plain stored fields ``fnames``, with a value per
        record (``vals_list``, in the order of ``self``): the cache updated and made dirty,
        with the write date, and what depends on them marked for recomputation once for
        all the records, the constraints checked."""
        env = self.env
        log = {"write_uid": env.uid, "write_date": env.cr.now()}
        for fname in (*fnames, *log):
            field = self._fields[fname]
            if fname not in log:
                assert field.store and not field.relational and not field.translate, fname
            env.remove_to_compute(field, self)
            values = (
                [log[fname]] * len(self) if fname in log else [vals[fname] for vals in vals_list]
            )
            env.cache.update(
                self, field, [field.convert_to_cache(v, self) for v in values], dirty=True
            )
        self.modified(fnames)
        self._validate_fields(fnames)
