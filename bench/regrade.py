"""The regrade job (``complaint.complaint._cron_regrade``): the valid open complaints
still unresolved N days after receipt (``res.company.complaint_unresolved_days``, 30 by
default; the job takes the smallest over the companies) are raised to level 2."""

import time
from datetime import datetime, timedelta

from fixture import open_states
from measuring import QueryTracer, rolled_back

# Share of the open complaints past the unresolved-days limit when the job runs, and its
# target time over the whole open backlog (issue 25: 100,000 open complaints, 10% of them
# past the limit, so 10,000 raised).
REGRADE_SHARE = 0.1
REGRADE_TARGET_SECONDS = 5.0
REGRADE_TARGET_RAISED = 10_000


def unresolved_days(env):
    """The limit ``_cron_regrade`` uses: the smallest over the companies."""
    companies = env["res.company"].sudo().search([])
    return min(companies.mapped("complaint_unresolved_days") or [30])


def shape_regrade(env, rng, share=REGRADE_SHARE, commit=True):
    """Receipt dates of the open backlog (plain SQL, untimed): ``share`` of the open
    complaints, drawn among those the job may raise (valid, below level 2), received
    1 to 20 days before the limit; every other open complaint received within it (the
    generated receipts spread over 60 days, so about 40% of them were past 30 days).
    The local receipt day, stored beside it, follows. Committed unless ``commit`` is
    False. Returns the shape."""
    cr = env.cr
    env.flush_all()
    days = unresolved_days(env)
    now = datetime.utcnow().replace(microsecond=0)
    cr.execute(
        """
        SELECT c.id, c.validity = 'valid' AND c.grade_level > 2, c.date_received
          FROM complaint_complaint c
         WHERE c.state IN %s
         ORDER BY c.id
        """,
        [open_states()],
    )
    rows = cr.fetchall()
    eligible = [cid for cid, may_raise, _d in rows if may_raise]
    rng.shuffle(eligible)
    over = set(eligible[: round(share * len(rows))])
    limit = now - timedelta(days=days)
    values = []
    for cid, _may_raise, received in rows:
        if cid in over:
            values.append((cid, limit - timedelta(minutes=rng.randint(24 * 60, 20 * 24 * 60))))
        elif received <= limit + timedelta(hours=12):
            values.append((cid, now - timedelta(minutes=rng.randint(60, (days - 1) * 24 * 60))))
    if values:
        cr.execute(
            "CREATE TEMP TABLE bench_received (id int PRIMARY KEY, received timestamp) "
            "ON COMMIT DROP"
        )
        cr.execute_values("INSERT INTO bench_received VALUES %s", values, page_size=5000)
        cr.execute(
            """
            UPDATE complaint_complaint c
               SET date_received = b.received,
                   date_received_local = (b.received AT TIME ZONE 'UTC'
                                          AT TIME ZONE COALESCE(cal.tz, 'UTC'))::date
              FROM bench_received b, res_company co
              LEFT JOIN resource_calendar cal
                     ON cal.id = COALESCE(co.complaint_calendar_id, co.resource_calendar_id)
             WHERE c.id = b.id AND co.id = c.company_id
            """
        )
        if not commit:
            cr.execute("DROP TABLE bench_received")
    if commit:
        cr.commit()
    env.invalidate_all()
    return {
        "limit_days": days,
        "open_complaints": len(rows),
        "past_the_limit": len(over),
        "moved_within_the_limit": len(values) - len(over),
    }


def _changes(env):
    """What a run of the job leaves behind: grade history lines and the grades held."""
    env.cr.execute(
        "SELECT (SELECT count(*) FROM complaint_grade_history), "
        "(SELECT count(*) FROM complaint_complaint WHERE grade_level <= 2)"
    )
    return env.cr.fetchone()


def timed_regrade(env):
    """One run of the job as the scheduler's user: call + commit, SQL queries."""
    cr = env.cr
    env.invalidate_all()
    before = _changes(env)
    tracer = QueryTracer()
    start = time.perf_counter()
    with tracer:
        raised = env["complaint.complaint"]._cron_regrade()
        count = len(raised)
        call = time.perf_counter() - start
        cr.commit()
    wall = time.perf_counter() - start
    env.invalidate_all()
    history, high = _changes(env)
    return {
        "complaints_raised": count,
        "wall_seconds": round(wall, 3),
        "call_seconds": round(call, 3),
        "sql_queries": tracer.count,
        "queries_per_complaint": round(tracer.count / count, 2) if count else None,
        "grade_history_lines_added": history - before[0],
        "complaints_at_level_2_or_above_added": high - before[1],
    }


def measure_regrade(env, rng):
    """Shape the receipts, run the job, run it again: the second run changes nothing.
    Then the job at scale (``regrade_at_scale``), rolled back."""
    shape = shape_regrade(env, rng)
    first = timed_regrade(env)
    second = timed_regrade(env)
    return {
        "shape": shape,
        "first_run": first,
        "second_run": second,
        "at_scale": regrade_at_scale(env, rng),
        "idempotent": second["complaints_raised"] == 0
        and second["grade_history_lines_added"] == 0
        and second["complaints_at_level_2_or_above_added"] == 0,
    }


def regrade_rolled_back(env):
    """The job in the caller's transaction, rolled back (the growth runs)."""
    raised, seconds, queries = rolled_back(
        env, lambda: len(env["complaint.complaint"]._cron_regrade())
    )
    return {"complaints_raised": raised, "seconds": round(seconds, 3), "sql_queries": queries}


def regrade_at_scale(env, rng):
    """The job's cost per complaint raised at the issue's scale: every open complaint it
    may raise (valid, below level 2) put past the limit, the job run, then all of it
    rolled back. The bench's backlog holds fewer than the 10,000 complaints a bank's
    100,000 open ones would have past the limit; the job's work is per complaint raised
    (batches of 5,000, a constant number of queries each), so the time is also given
    for 10,000, in proportion."""
    cr = env.cr
    env.flush_all()
    cr.execute("SAVEPOINT bench_regrade_at_scale")
    try:
        shape = shape_regrade(env, rng, share=1.0, commit=False)
        raised, seconds, queries = rolled_back(
            env, lambda: len(env["complaint.complaint"]._cron_regrade())
        )
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT bench_regrade_at_scale")
        env.invalidate_all()
    return {
        "open_complaints": shape["open_complaints"],
        "complaints_raised": raised,
        "seconds": round(seconds, 3),
        "sql_queries": queries,
        "seconds_per_target_raised": round(seconds * REGRADE_TARGET_RAISED / raised, 2)
        if raised
        else None,
    }
