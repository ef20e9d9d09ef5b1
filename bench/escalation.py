"""The escalation job: timed run, one-batch query probe, effects."""

import math
import time
from datetime import datetime
from statistics import median

from measuring import QueryTracer, rolled_back

# Escalation batch sizes whose queries are compared (the larger one: all recipients seen).
PROBE_SIZES = (250, 1000)
# An extra step may cost a share of Odoo's 100-rows-per-statement inserts and updates and
# of the digests to people not yet seen in the batch, never a query of its own.
MAX_MARGINAL_QUERIES = 0.5
# The escalation's wall time may be at most this multiple of the time plain SQL takes to
# write the same escalation records and chatter lines (issue 25).
FLOOR_TARGET_RATIO = 3.0
FLOOR_SAMPLES = 3


# ====================================================================== escalation
def timed_escalation(env, batch_size, tracer=None):
    """One run of the escalation job as the scheduler's user, called directly as from a
    shell: each batch in a transaction of its own, then the digests. Call + commit."""
    cr = env.cr
    Step = env["complaint.step"]
    env.invalidate_all()
    tracer = tracer or QueryTracer()
    start = time.perf_counter()
    with tracer:
        processed = Step._cron_escalate(batch_size=batch_size, auto_commit=True)
        call = time.perf_counter() - start
        cr.commit()
    wall = time.perf_counter() - start
    count = tracer.count
    batches = math.ceil(processed / batch_size)
    return {
        "steps_processed": processed,
        "wall_seconds": round(wall, 3),
        "call_seconds": round(call, 3),
        "commit_seconds": round(wall - call, 3),
        "sql_queries": count,
        "batches": batches,
        "batch_size": batch_size,
        "locking_selects": tracer.lock_selects,
        "queries_per_batch": round(count / batches, 1) if batches else None,
        "queries_per_step": round(count / processed, 3) if processed else None,
    }


def escalation_query_probe(env, sizes=PROBE_SIZES):
    """SQL queries of one escalation batch of each size, each rolled back. Their
    difference tells the queries an extra step costs: none when the job works per batch,
    apart from Odoo's ORM inserting and updating 100 rows per statement (about 0.01 query
    per table written per step). A first small batch warms the caches up (locale data,
    calendars) as on a running server. Each probe runs in the benchmark's transaction
    (``_escalate_in_transaction``), digests included, to be rolled back."""
    cr = env.cr
    result = {}
    for size in (20, *sizes):
        cr.execute("SAVEPOINT bench_probe")
        env.invalidate_all()
        queries = cr.sql_log_count
        processed = env["complaint.step"]._escalate_in_transaction(batch_size=size, max_batches=1)
        env["complaint.step"]._send_pending_digests()
        env.flush_all()
        count = cr.sql_log_count - queries
        cr.execute("ROLLBACK TO SAVEPOINT bench_probe")
        env.invalidate_all()
        env.transaction.clear()
        cr.precommit.clear()
        cr.postcommit.clear()
        if size in sizes:
            result[str(size)] = {"steps": processed, "sql_queries": count}
    return result


def escalation_effects(env, since):
    cr = env.cr
    counts = {}
    for label, query in (
        ("escalation_records", "SELECT count(*) FROM complaint_escalation WHERE create_date >= %s"),
        (
            "activities",
            "SELECT count(*) FROM mail_activity WHERE res_model = 'complaint.complaint' "
            "AND create_date >= %s",
        ),
        (
            "chatter_messages",
            "SELECT count(*) FROM mail_message WHERE model = 'complaint.complaint' "
            "AND create_date >= %s",
        ),
        (
            "digest_notifications",
            "SELECT count(*) FROM mail_message WHERE model IS NULL AND create_date >= %s",
        ),
        (
            "digest_lines_pending",
            "SELECT count(*) FROM complaint_escalation_digest WHERE message_id IS NULL "
            "AND create_date >= %s",
        ),
        (
            "steps_breached",
            "SELECT count(*) FROM complaint_step WHERE date_breached IS NOT NULL "
            "AND write_date >= %s",
        ),
    ):
        cr.execute(query, [since])
        counts[label] = cr.fetchone()[0]
    return counts


# ====================================================================== reporting
def marginal_queries_per_step(probe):
    """Extra queries per extra step between the two probe batches (None: too few steps)."""
    small, large = (probe.get(str(size)) for size in PROBE_SIZES)
    if not small or not large or large["steps"] < 2 * small["steps"]:
        return None
    return round(
        (large["sql_queries"] - small["sql_queries"]) / (large["steps"] - small["steps"]), 3
    )


def queries_grow_with_batches(probe):
    """Whether an extra step costs no query of its own (below MAX_MARGINAL_QUERIES)."""
    marginal = marginal_queries_per_step(probe)
    return None if marginal is None else marginal < MAX_MARGINAL_QUERIES


def _copy_statement(cr, table, where):
    """INSERT ... SELECT copying the rows of ``table`` matching ``where`` (every column but
    the id, read from PostgreSQL: whatever the models add, the copies are complete)."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s AND column_name != 'id' "
        "ORDER BY ordinal_position",
        [table],
    )
    columns = ", ".join(f'"{name}"' for (name,) in cr.fetchall())
    return f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table} WHERE {where}"


def escalation_sql_floor(env, since, first_run):
    """The floor under the escalation: the time plain SQL takes to write what it wrote,
    the escalation records and the chatter lines on complaints made since ``since``, as
    one INSERT ... SELECT per table (copies of those rows, same count), in a savepoint
    rolled back afterwards; median of FLOOR_SAMPLES. Compared with the job's wall time
    (its batches' transactions and the digests included)."""
    cr = env.cr
    env.flush_all()
    statements = [
        _copy_statement(cr, "complaint_escalation", "create_date >= %(since)s"),
        _copy_statement(
            cr, "mail_message", "model = 'complaint.complaint' AND create_date >= %(since)s"
        ),
    ]
    samples, rows = [], []
    for _i in range(FLOOR_SAMPLES):
        cr.execute("SAVEPOINT bench_floor")
        start = time.perf_counter()
        counts = []
        for statement in statements:
            cr.execute(statement, {"since": since})
            counts.append(cr.rowcount)
        samples.append(time.perf_counter() - start)
        rows = counts
        cr.execute("ROLLBACK TO SAVEPOINT bench_floor")
    cr.commit()
    floor = median(samples)
    wall = first_run["wall_seconds"]
    return {
        "escalation_records": rows[0],
        "chatter_lines": rows[1],
        "floor_seconds": round(floor, 4),
        "escalation_seconds": wall,
        "ratio": round(wall / floor, 1) if floor else None,
        "target_ratio": FLOOR_TARGET_RATIO,
        "escalation_queries_per_batch": first_run["queries_per_batch"],
        "escalation_batches": first_run["batches"],
    }


def escalation_rolled_back(env, batch_size):
    """Every due batch and the digests in the caller's transaction, rolled back: the
    same work timed again on a grown table (the growth runs)."""
    cr = env.cr
    now = datetime.utcnow()
    cr.execute(
        "SELECT count(*) FROM complaint_step WHERE state = 'open' AND date_next_action <= %s",
        [now],
    )
    due = cr.fetchone()[0]
    steps, seconds, queries = rolled_back(
        env, lambda: env["complaint.step"]._escalate_in_transaction(batch_size=batch_size)
    )
    batches = math.ceil(steps / batch_size) if steps else 0
    return {
        "steps_due": due,
        "steps_processed": steps,
        "seconds": round(seconds, 3),
        "sql_queries": queries,
        "batches": batches,
        "queries_per_batch": round(queries / batches, 1) if batches else None,
    }
