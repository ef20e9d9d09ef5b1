"""``--profile N``: cProfile and SQL attribution of creation and escalation."""

import cProfile
import io
import os
import pstats
from datetime import datetime

from creation import Creation, timed_create
from escalation import timed_escalation
from fixture import complaint_vals, shape_backlog, ticket_vals
from measuring import QueryTracer


# ====================================================================== profiling
def profile(env, rng, fixture, count, batch_size, escalation_batch_size, breach_share, out_dir):
    """cProfile + SQL attribution of creation and escalation, on ``count`` records."""

    def run(title, func, per):
        tracer = QueryTracer(by_site=True)
        profiler = cProfile.Profile()
        with tracer:
            profiler.enable()
            result = func()
            profiler.disable()
        path = os.path.join(out_dir, f"bench-profile-{title}.prof")
        profiler.dump_stats(path)
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream).sort_stats("cumulative")
        stats.print_stats(r"complaint_management|helpdesk_mgmt", 30)
        print(f"\n=== {title}: cProfile (cumulative, addon functions; full dump: {path})")
        print("\n".join(stream.getvalue().splitlines()[-40:]))
        print(tracer.report(title, max(per, 1)))
        return result

    complaint_ids = []

    def complaints():
        stats = Creation()
        company = fixture["company"]
        desk = env["complaint.complaint"].with_user(fixture["desk"][0]).with_company(company)
        for start in range(0, count, batch_size):
            now = datetime.utcnow()
            size = min(batch_size, count - start)
            vals_list = [complaint_vals(rng, fixture, now, complaint_ids) for _i in range(size)]
            complaint_ids.extend(timed_create(env.cr, desk, vals_list, stats))
        return stats

    def tickets():
        stats = Creation()
        company = fixture["company"]
        agent = env["helpdesk.ticket"].with_user(fixture["helpdesk_agent"][0])
        for start in range(0, count, batch_size):
            size = min(batch_size, count - start)
            vals_list = [ticket_vals(rng, fixture) for _i in range(size)]
            timed_create(env.cr, agent.with_company(company), vals_list, stats)
        return stats

    c_stats = run("create-complaints", complaints, count)
    t_stats = run("create-tickets", tickets, count)
    print(
        f"\ncomplaints: {c_stats.per_second:.1f}/s, {c_stats.queries / count:.1f} queries each"
        f" | tickets: {t_stats.per_second:.1f}/s, {t_stats.queries / count:.1f} queries each"
        f" (profiled: slower than the benchmark)"
    )
    backlog = shape_backlog(env, rng, fixture, complaint_ids, breach_share, 0.0)
    print(f"backlog: {backlog}")
    due = backlog["steps_due_for_escalation"]
    esc = run(
        "escalation",
        lambda: timed_escalation(env, escalation_batch_size, QueryTracer(by_site=True)),
        due,
    )
    print(f"escalation (profiled): {esc}")
