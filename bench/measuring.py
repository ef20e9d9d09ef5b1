"""Measuring tools of the benchmark: SQL queries counted per thread, timed calls."""

import sys
import threading
import time
from collections import Counter

# helpdesk_mgmt first: it lives under the state directory, itself named complaint_management.
ADDON_MARKERS = ("/helpdesk_mgmt/", "/complaint_management/")


# ====================================================================== measuring tools
class QueryTracer:
    """Counts the SQL queries of this thread, on every cursor it opens (the escalation job
    works in a transaction per batch), optionally by the innermost line of the benchmarked
    addons that issued them (slow: walks the stack for every query)."""

    def __init__(self, by_site=False):
        self.by_site = by_site
        self.count = 0
        self.sites = Counter()
        self.site_time = Counter()
        self.tables = Counter()
        self.lock_selects = 0
        self.count = 0

    def __call__(self, cr, query, params, start, delay):
        self.count += 1
        text = query.decode(errors="replace") if isinstance(query, bytes) else str(query)
        if "FOR UPDATE SKIP LOCKED" in text and "complaint_step" in text:
            self.lock_selects += 1
        if not self.by_site:
            return
        words = text.split()
        verb = words[0].upper() if words else "?"
        table = "?"
        for keyword in ("FROM", "INTO", "UPDATE"):
            if keyword in (w.upper() for w in words):
                index = [w.upper() for w in words].index(keyword)
                if index + 1 < len(words):
                    table = words[index + 1].strip('"(')
                break
        self.tables[f"{verb} {table}"] += 1
        frame = sys._getframe(1)
        site = "(outside the addons)"
        while frame is not None:
            filename = frame.f_code.co_filename
            marker = next((m for m in ADDON_MARKERS if m in filename), None)
            if marker:
                short = marker.strip("/") + "/" + filename.split(marker, 1)[1]
                site = f"{short}:{frame.f_lineno} {frame.f_code.co_name}"
                break
            frame = frame.f_back
        self.sites[site] += 1
        self.site_time[site] += delay

    def __enter__(self):
        thread = threading.current_thread()
        hooks = getattr(thread, "query_hooks", None)
        if hooks is None:
            hooks = thread.query_hooks = []
        hooks.append(self)
        return self

    def __exit__(self, *exc):
        threading.current_thread().query_hooks.remove(self)

    def report(self, title, per, top=25):
        lines = [f"  {title}: SQL queries by issuing line (per record, ms total)"]
        for site, count in self.sites.most_common(top):
            lines.append(
                f"    {count / per:8.2f}/rec {self.site_time[site] * 1000:9.0f} ms  {site}"
            )
        lines.append(f"  {title}: SQL queries by statement and table (per record)")
        for key, count in self.tables.most_common(12):
            lines.append(f"    {count / per:8.2f}/rec  {key}")
        return "\n".join(lines)


def timed_call(env, func, repeat=3):
    """Wall time and SQL queries of ``func()``, run ``repeat`` times (caches emptied
    before each run; the first run also loads the registry's caches for the user)."""
    cr = env.cr
    runs = []
    for _i in range(repeat):
        env.invalidate_all()
        queries = cr.sql_log_count
        start = time.perf_counter()
        func()
        runs.append((time.perf_counter() - start, cr.sql_log_count - queries))
    cr.rollback()  # the access log of the list read is not the benchmark's business
    env.invalidate_all()
    return {
        "seconds_first": round(runs[0][0], 3),
        "seconds_best": round(min(t for t, _q in runs), 3),
        "sql_queries": runs[-1][1],
    }


def timed_screen(env, func, repeat=3):
    """Server time of a screen's call ``func()``: one warm-up call (the registry's caches
    for the user, as on a running server), then the median of ``repeat`` calls, each with
    the record cache emptied, and the SQL queries of the median call. Rolled back after
    (the access log of confidential reads and searches is not the benchmark's business)."""
    cr = env.cr
    env.invalidate_all()
    func()
    runs = []
    for _i in range(repeat):
        env.invalidate_all()
        queries = cr.sql_log_count
        start = time.perf_counter()
        result = func()
        runs.append((time.perf_counter() - start, cr.sql_log_count - queries))
    cr.rollback()
    env.invalidate_all()
    runs.sort()
    seconds, queries = runs[len(runs) // 2]
    figures = {
        "median_seconds": round(seconds, 4),
        "worst_seconds": round(runs[-1][0], 4),
        "sql_queries": queries,
    }
    if isinstance(result, dict) and "length" in result:
        figures["records"] = result["length"]
    elif isinstance(result, list):
        figures["records"] = len(result)
    return figures


def rolled_back(env, func):
    """Wall time and SQL queries of ``func()`` in the caller's transaction, flush and
    pre-commit work (tracking, chatter) included, then rolled back to a savepoint: the
    same work can be measured again on a grown table. Returns (result, seconds,
    queries)."""
    cr = env.cr
    env.flush_all()
    cr.execute("SAVEPOINT bench_rolled_back")
    env.invalidate_all()
    tracer = QueryTracer()
    start = time.perf_counter()
    with tracer:
        result = func()
        env.flush_all()
        cr.precommit.run()
        env.flush_all()
    seconds = time.perf_counter() - start
    cr.execute("ROLLBACK TO SAVEPOINT bench_rolled_back")
    env.invalidate_all()
    env.transaction.clear()
    cr.precommit.clear()
    cr.postcommit.clear()
    return result, seconds, tracer.count
