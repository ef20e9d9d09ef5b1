"""Growth (``--sizes``): the same work due on an ever larger table.

After the ORM-made set of the first size, the complaints table grows to each next size by
cloning ORM-made complaints and their steps in plain SQL (see bench/README.md, "Growth"):
the clones are closed or archived complaints of the past three years, so the work due
(steps to escalate, complaints to regrade, the desk's open list) stays that of the
ORM-made backlog while the history grows. At each size the escalation and the regrade run
over the same work, rolled back afterwards, and the desk's and the supervisors' screens
are timed."""

import time
from datetime import datetime

import psycopg2
from escalation import escalation_rolled_back
from fixture import complaint_vals, open_states, shape_backlog
from regrade import regrade_rolled_back, shape_regrade
from reports import measure_supervisor_screens
from screens import measure_desk_screens

import odoo.sql_db

# The first round of clones is FIRST_DAYS days before its sources (so last month has
# clones too), each next one ROUND_DAYS further back (the generated receipts span 60
# days), over HISTORY_ROUNDS slots (about three years) before starting again from the
# most recent slot: the monthly volume grows with the table, as at a bank that grows,
# rather than the history stretching back decades. Whole weeks: weekdays are kept.
FIRST_DAYS = 14
ROUND_DAYS = 63
HISTORY_ROUNDS = 18
# Columns a clone does not copy from its complaint: the portal's token (one per
# complaint), what hangs off the complaint itself (plans, attachments, which are not
# cloned) and the links between complaints (a clone is a problem of its own).
CLEARED_COLUMNS = ("access_token", "decision_attachment_id")
# Clones of complaints still open are closed (or one in three archived) this many days
# after receipt (1 to 10, from the clone's id), with this satisfaction and closure.
CLOSED_SATISFACTION = "4"
CLOSED_TYPE = "satisfied"


def _columns(cr, table):
    """(name, type, nullable) of every column of ``table`` but the id, from PostgreSQL:
    a clone copies them all, so every NOT NULL column is filled as in its source, and
    empties only nullable ones."""
    cr.execute(
        "SELECT column_name, data_type, is_nullable = 'YES' FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s AND column_name != 'id' "
        "ORDER BY ordinal_position",
        [table],
    )
    return cr.fetchall()


def _unique_columns(cr, table, columns, made_unique):
    """Columns to empty (or, NOT NULL text, to suffix) so that the clones respect every
    unique index of ``table``: none for an index with a column in ``made_unique`` (the
    reference, suffixed per round) or only the id; else its first nullable column (NULLs
    are distinct), or its first NOT NULL text column. Returns ({column: 'null'|'suffix'},
    the indexes, as lists of columns)."""
    cr.execute(
        """
        SELECT array_agg(a.attname ORDER BY k.ord)
          FROM pg_index i
          CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
         WHERE i.indrelid = %s::regclass AND i.indisunique
         GROUP BY i.indexrelid
        """,
        [table],
    )
    indexes = [list(names) for (names,) in cr.fetchall()]
    info = {name: (kind, nullable) for name, kind, nullable in columns}
    treat = {}
    for index in indexes:
        if "id" in index or set(index) & set(made_unique) or set(index) & set(treat):
            continue
        nullable = [c for c in index if info.get(c, ("", False))[1]]
        texts = [c for c in index if info.get(c, ("", False))[0] in ("character varying", "text")]
        if nullable:
            treat[nullable[0]] = "null"
        elif texts:
            treat[texts[0]] = "suffix"
    return treat, indexes


def _foreign_keys(cr, table):
    """{column: referenced table} of the single-column foreign keys of ``table``."""
    cr.execute(
        """
        SELECT a.attname, c.confrelid::regclass::text
          FROM pg_constraint c
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
         WHERE c.contype = 'f' AND c.conrelid = %s::regclass
        """,
        [table],
    )
    return dict(cr.fetchall())


def _complaint_children(cr):
    """Tables whose rows belong to one complaint (a complaint_id column)."""
    cr.execute(
        "SELECT table_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_name = 'complaint_id'"
    )
    return {name for (name,) in cr.fetchall()}


def _shifted(column, kind, days):
    if kind == "date":
        return f'c."{column}" - {days}'
    return f"c.\"{column}\" - interval '{days} days'"


def complaint_select(cr, days, round_no):
    """The column list and the SELECT expressions cloning ``c`` (a complaint) into
    ``m.new_id`` for clone round ``round_no``, its dates ``days`` days earlier."""
    columns = _columns(cr, "complaint_complaint")
    keys = _foreign_keys(cr, "complaint_complaint")
    children = _complaint_children(cr) | {"ir_attachment"}
    states = ", ".join(f"'{state}'" for state in open_states())
    was_open = f"c.state IN ({states})"
    archived = "m.new_id % 3 = 0"
    closed_at = "c.date_received + (1 + m.new_id % 10) * interval '1 day'"
    special = {
        "name": (
            f"regexp_replace(c.name, '\\d{{4}}', "
            f"to_char(c.date_received - interval '{days} days', 'YYYY')) || '-H{round_no}'"
        ),
        "state": f"CASE WHEN {was_open} THEN CASE WHEN {archived} THEN 'archived' "
        "ELSE 'closed' END ELSE c.state END",
        "date_closed": f"CASE WHEN {was_open} THEN {closed_at} ELSE c.date_closed END "
        f"- interval '{days} days'",
        "date_closed_local": f"CASE WHEN {was_open} THEN ({closed_at})::date "
        f"ELSE c.date_closed_local END - {days}",
        "date_archived": f"CASE WHEN {was_open} AND {archived} THEN {closed_at} "
        f"ELSE c.date_archived END - interval '{days} days'",
        "date_deadline": f"CASE WHEN {was_open} THEN NULL ELSE c.date_deadline END "
        f"- interval '{days} days'",
        "date_at_risk": f"CASE WHEN {was_open} THEN NULL ELSE c.date_at_risk END "
        f"- interval '{days} days'",
        "satisfaction": f"COALESCE(c.satisfaction, '{CLOSED_SATISFACTION}')",
        "closure_type": f"COALESCE(c.closure_type, '{CLOSED_TYPE}')",
        "handling_hours": "COALESCE(c.handling_hours, 24 + m.new_id % 200)",
        "problem_root_id": "m.new_id",
        "plan_count": "0",
    }
    nullable = {column for column, _kind, can_be_null in columns if can_be_null}
    unique, _indexes = _unique_columns(cr, "complaint_complaint", columns, ["name"])
    names, expressions = ["id"], ["m.new_id"]
    for column, kind, _null in columns:
        names.append(f'"{column}"')
        if column in special:
            expressions.append(special[column])
        elif unique.get(column) == "suffix":
            expressions.append(f"c.\"{column}\" || '-H{round_no}'")
        elif column in nullable and (
            column in CLEARED_COLUMNS
            or unique.get(column) == "null"
            or keys.get(column) in children | {"complaint_complaint"}
        ):
            expressions.append("NULL")
        elif kind.startswith("timestamp") or kind == "date":
            expressions.append(_shifted(column, kind, days))
        else:
            expressions.append(f'c."{column}"')
    return ", ".join(names), ", ".join(expressions)


def step_select(cr, days, round_no):
    """The same for the steps of a cloned complaint (``s``): all done by the clone's
    closure, none due."""
    columns = _columns(cr, "complaint_step")
    keys = _foreign_keys(cr, "complaint_step")
    children = _complaint_children(cr)
    special = {
        "complaint_id": "m.new_id",
        "state": "CASE WHEN s.state = 'open' THEN 'done' ELSE s.state END",
        "date_next_action": "NULL",
        "date_done": "CASE WHEN s.state = 'open' THEN LEAST(s.date_deadline, "
        "s.date_start + interval '1 day') ELSE s.date_done END "
        f"- interval '{days} days'",
    }
    nullable = {column for column, _kind, can_be_null in columns if can_be_null}
    unique, _indexes = _unique_columns(cr, "complaint_step", columns, [])
    names, expressions = [], []
    for column, kind, _null in columns:
        names.append(f'"{column}"')
        if column in special:
            expressions.append(special[column])
        elif unique.get(column) == "suffix":
            expressions.append(f"s.\"{column}\" || '-H{round_no}'")
        elif column in nullable and (
            unique.get(column) == "null"
            or (keys.get(column) in children and keys.get(column) != "complaint_complaint")
        ):
            expressions.append("NULL")
        elif kind.startswith("timestamp") or kind == "date":
            expressions.append(_shifted(column, kind, days).replace("c.", "s.", 1))
        else:
            expressions.append(f's."{column}"')
    return ", ".join(names), ", ".join(expressions)


def clone_round(env, source_ids, count, round_no):
    """Clone ``count`` of the complaints ``source_ids`` (the first ones by id) and their
    steps, round ``round_no``: new ids from the table's sequence, new references, dates
    moved back, open ones closed. Committed. Returns the number cloned."""
    cr = env.cr
    days = FIRST_DAYS + ROUND_DAYS * ((round_no - 1) % HISTORY_ROUNDS)
    cr.execute("DROP TABLE IF EXISTS bench_clone_map")
    cr.execute(
        """
        CREATE TEMP TABLE bench_clone_map AS
        SELECT id AS src_id, nextval('complaint_complaint_id_seq') AS new_id
          FROM (SELECT id FROM complaint_complaint WHERE id = ANY(%s) ORDER BY id LIMIT %s) src
        """,
        [source_ids, count],
    )
    cloned = cr.rowcount
    names, expressions = complaint_select(cr, days, round_no)
    cr.execute(
        f"INSERT INTO complaint_complaint ({names}) SELECT {expressions} "
        "FROM bench_clone_map m JOIN complaint_complaint c ON c.id = m.src_id"
    )
    names, expressions = step_select(cr, days, round_no)
    cr.execute(
        f"INSERT INTO complaint_step ({names}) SELECT {expressions} "
        "FROM bench_clone_map m JOIN complaint_step s ON s.complaint_id = m.src_id"
    )
    cr.execute("DROP TABLE bench_clone_map")
    cr.commit()
    return cloned


def vacuum_analyze(dbname, tables):
    """What autovacuum does after inserts this size, done now rather than whenever its
    daemon wakes: fresh planner statistics, and the visibility map that lets the reports'
    index-only scans skip the table (without it, the figures of one run read the 900,000
    new rows' pages and those of another do not). VACUUM cannot run in a transaction: a
    connection of its own, in autocommit."""
    _name, info = odoo.sql_db.connection_info_for(dbname)
    connection = psycopg2.connect(**info)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
    finally:
        connection.close()


def grow_to(env, source_ids, size, state):
    """Clone rounds until the complaints table holds ``size`` rows. ``state`` keeps the
    round number across sizes. Returns (clones made, seconds)."""
    cr = env.cr
    start = time.perf_counter()
    made = 0
    while True:
        cr.execute("SELECT count(*) FROM complaint_complaint")
        missing = size - cr.fetchone()[0]
        if missing <= 0:
            break
        state["round"] += 1
        made += clone_round(env, source_ids, min(missing, len(source_ids)), state["round"])
    if made:
        cr.commit()
        vacuum_analyze(cr.dbname, ("complaint_complaint", "complaint_step"))
    env.invalidate_all()
    return made, time.perf_counter() - start


def table_figures(env):
    cr = env.cr
    cr.execute(
        "SELECT count(*), count(*) FILTER (WHERE state IN %s) FROM complaint_complaint",
        [open_states()],
    )
    total, open_count = cr.fetchone()
    cr.execute("SELECT count(*) FROM complaint_step")
    steps = cr.fetchone()[0]
    return {
        "complaints": total,
        "open_complaints": open_count,
        "steps": steps,
        # complaint.report is a query over the complaints table: it sees the clones.
        "analysis_rows": env["complaint.report"].search_count([]),
    }


def check_after_clones(env, rng, fixture):
    """The ORM still registers a complaint (the reference sequence and the ids clash with
    no clone) and reads a clone; rolled back."""
    cr = env.cr
    desk = env["complaint.complaint"].with_user(fixture["desk"][0])
    created = desk.with_company(fixture["company"]).create(
        complaint_vals(rng, fixture, datetime.utcnow(), [])
    )
    env.flush_all()
    cr.execute("SELECT max(id) FROM complaint_complaint WHERE name LIKE %s", ["%-H%"])
    clone = env["complaint.complaint"].browse(cr.fetchone()[0])
    figures = {
        "orm_created": created.name,
        "clone_read": clone.exists() and f"{clone.name} {clone.state} {clone.date_received}",
    }
    cr.rollback()
    env.invalidate_all()
    return figures


def measure_growth(env, rng, fixture, source_ids, sizes, args):
    """Fresh work due on the ORM-made backlog (its open complaints shaped again: steps
    due for escalation, receipts past the regrade limit), then at each size: grow, run the
    escalation and the regrade (rolled back) and time the screens."""
    cr = env.cr
    cr.execute(
        "SELECT id FROM complaint_complaint WHERE id = ANY(%s) AND state IN %s ORDER BY id",
        [source_ids, open_states()],
    )
    open_ids = [cid for (cid,) in cr.fetchall()]
    backlog = shape_backlog(env, rng, fixture, open_ids, args.breach_share, args.at_risk_share)
    regrade_shape = shape_regrade(env, rng)
    state = {"round": 0}
    by_size = {}
    for size in sizes:
        made, seconds = grow_to(env, source_ids, size, state)
        print(f"  size {size:,}: {made:,} clones in {seconds:.1f} s; measuring ...", flush=True)
        figures = {
            "table": table_figures(env),
            "clones_made": made,
            "clone_seconds": round(seconds, 2),
            "escalation": escalation_rolled_back(env, args.escalation_batch_size),
            "regrade": regrade_rolled_back(env),
            "desk_screens": measure_desk_screens(env, fixture),
            "supervisor_screens": measure_supervisor_screens(env, fixture),
        }
        cr.commit()
        by_size[str(size)] = figures
    checks = check_after_clones(env, rng, fixture)
    return {
        "checks": checks,
        "sizes": sizes,
        "work_due": {"backlog": backlog, "regrade": regrade_shape},
        "clone": {
            "rounds": state["round"],
            "first_days": FIRST_DAYS,
            "round_days": ROUND_DAYS,
            "history_rounds": HISTORY_ROUNDS,
            "sources": len(source_ids),
        },
        "by_size": by_size,
    }
