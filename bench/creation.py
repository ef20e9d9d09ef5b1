"""Creation throughput: complaints and helpdesk tickets in interleaved batches."""

import time
from datetime import datetime

from fixture import complaint_vals, ticket_vals

# Records of each model created before timing starts (they stay in the backlog).
WARMUP = 20
# Targets (issue 25): complaints at 1.5x plain helpdesk tickets, in at most 6 queries each.
CREATION_TARGET_RATIO = 1.5
CREATION_TARGET_QUERIES = 6


# ====================================================================== creation
class Creation:
    """Accumulated time and queries of the batches of one model."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0
        self.queries = 0
        self.batch_seconds = []
        self.batch_rates = []

    @property
    def per_second(self):
        return self.count / self.seconds if self.seconds else 0.0

    @property
    def median_rate(self):
        """Records/s of the median batch: steadier than the mean under a varying load."""
        rates = sorted(self.batch_rates)
        return rates[len(rates) // 2] if rates else 0.0

    def as_dict(self):
        ordered = sorted(self.batch_seconds)
        return {
            "records": self.count,
            "seconds": round(self.seconds, 2),
            "per_second": round(self.per_second, 1),
            "queries": self.queries,
            "queries_per_record": round(self.queries / self.count, 2) if self.count else None,
            "batch_seconds_median": round(ordered[len(ordered) // 2], 3) if ordered else None,
            "per_second_median_batch": round(self.median_rate, 1),
        }


def timed_create(cr, model, vals_list, stats):
    """create() + commit (flush, tracking and chatter of the precommit hooks included)."""
    queries = cr.sql_log_count
    start = time.perf_counter()
    records = model.create(vals_list)
    ids = records.ids
    cr.commit()
    elapsed = time.perf_counter() - start
    stats.count += len(ids)
    stats.seconds += elapsed
    stats.queries += cr.sql_log_count - queries
    stats.batch_seconds.append(elapsed)
    stats.batch_rates.append(len(ids) / elapsed)
    model.env.invalidate_all()
    return ids


def create_all(env, rng, fixture, n_complaints, n_tickets, batch_size, progress=True):
    """Interleaved batches of complaints (service desk) and tickets (helpdesk agent)."""
    cr = env.cr
    company = fixture["company"]
    complaints, tickets = Creation(), Creation()
    complaint_ids = []
    Ticket = env["helpdesk.ticket"].with_user(fixture["helpdesk_agent"][0]).with_company(company)
    desks = [env["complaint.complaint"].with_user(u).with_company(company) for u in fixture["desk"]]
    # Warm-up, untimed: the first records of each model load the registry's caches (record
    # rules, sequences, views of the chatter, calendars), which a running server has.
    warmup = min(WARMUP, n_complaints)
    now = datetime.utcnow()
    complaint_ids += timed_create(
        cr, desks[0], [complaint_vals(rng, fixture, now, []) for _i in range(warmup)], Creation()
    )
    ticket_warmup = min(WARMUP, n_tickets)
    timed_create(cr, Ticket, [ticket_vals(rng, fixture) for _i in range(ticket_warmup)], Creation())
    n_complaints -= warmup
    n_tickets -= ticket_warmup
    batch = 0
    last_report = time.perf_counter()
    while complaints.count < n_complaints or tickets.count < n_tickets:
        now = datetime.utcnow()
        if complaints.count < n_complaints:
            size = min(batch_size, n_complaints - complaints.count)
            vals_list = [complaint_vals(rng, fixture, now, complaint_ids) for _i in range(size)]
            complaint_ids += timed_create(cr, desks[batch % len(desks)], vals_list, complaints)
        # Ticket batches spread evenly over the run: same database size, same machine load.
        done = complaints.count / n_complaints if n_complaints else 1.0
        while tickets.count < n_tickets and tickets.count < done * n_tickets:
            size = min(batch_size, n_tickets - tickets.count)
            vals_list = [ticket_vals(rng, fixture) for _i in range(size)]
            timed_create(cr, Ticket, vals_list, tickets)
        batch += 1
        if progress and time.perf_counter() - last_report > 60:
            last_report = time.perf_counter()
            print(
                f"  ... {complaints.count:,} complaints ({complaints.per_second:.0f}/s), "
                f"{tickets.count:,} tickets ({tickets.per_second:.0f}/s)",
                flush=True,
            )
    return complaints, tickets, complaint_ids


def create_complaints(env, rng, fixture, count, batch_size):
    """``count`` complaints registered by the service desk in batches (no helpdesk
    tickets, untimed): the backlog of the load and fault runs. Returns their ids."""
    company = fixture["company"]
    desks = [env["complaint.complaint"].with_user(u).with_company(company) for u in fixture["desk"]]
    ids = []
    for batch, start in enumerate(range(0, count, batch_size)):
        now = datetime.utcnow()
        vals_list = [
            complaint_vals(rng, fixture, now, ids) for _i in range(min(batch_size, count - start))
        ]
        ids += timed_create(env.cr, desks[batch % len(desks)], vals_list, Creation())
    return ids
