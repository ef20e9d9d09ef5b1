"""Benchmark harness of complaint_management, started by ``bin/bench`` (read it first).

On a database where complaint_management and OCA's helpdesk_mgmt 18.0 are installed side
by side, without demo data:

1. sets up a company the way a bank branch network would run it: a Shanghai working
   calendar with public holidays and make-up working days, departments with managers and
   handlers, service-desk users, a supervisor, a general manager, compliance officers, a
   helpdesk team, and a pool of customers;
2. creates N complaints through ``complaint.complaint.create(list_of_vals)`` as service-desk
   users, in batches, one commit per batch (so the timing includes the reference sequence,
   grading, deadline planning, tracking and chatter work done at commit), interleaved with
   batches of helpdesk tickets created the same way by a helpdesk user, so both see the same
   database and the same machine load;
3. shapes the open complaints into a realistic backlog (untimed, plain SQL): received over
   the last 60 days, most of them dispatched and in implementation with deadlines ahead,
   about 5% past a deadline (half stuck at registration, half late in implementation);
4. runs the escalation job ``complaint.step._cron_escalate()`` as the scheduler does
   (superuser, outside the cron runner, so it loops over every batch), measuring wall time
   (call + commit), SQL queries and batches, and the time plain SQL takes to write the
   same escalation records and chatter lines (escalation.py); then runs it again to show
   it is idempotent;
5. measures the customer's side: a customer's portal list and complaint page (server time
   of the request, handled in-process by Odoo's WSGI application, and its SQL queries), and a
   batch of incoming mails through the mail gateway (``mail.thread.message_process``, one
   commit per mail as fetchmail does), reported per mail beside plain creation
   (customer_side.py);
6. closes older complaints and times the reports (reports.py);
7. runs the regrade job over the open backlog, 10% of it past the unresolved-days limit,
   then again (regrade.py);
8. times the service desk's screens from their menu actions and views (screens.py) and
   the supervisors' screens (reports.py);
9. with ``--sizes``, grows the table by SQL clones and measures the escalation, the
   regrade and the screens again at each size (growth.py);
10. prints a table and writes the figures as JSON (results.py).

``--profile N`` instead profiles the creation of N complaints and N tickets and the
escalation: cProfile's top functions and, for every SQL query, the innermost line of the
addons that issued it, per created record.
"""

import argparse
import json
import os
import platform
import random
from datetime import datetime

from creation import CREATION_TARGET_QUERIES, CREATION_TARGET_RATIO, create_all
from customer_side import (
    INTAKE_MAILS,
    INTAKE_TARGET_QUERIES,
    PORTAL_TARGET_SECONDS,
    setup_customer_side,
    time_intake,
    time_portal,
)
from escalation import (
    FLOOR_TARGET_RATIO,
    escalation_effects,
    escalation_query_probe,
    escalation_sql_floor,
    marginal_queries_per_step,
    queries_grow_with_batches,
    timed_escalation,
)
from fixture import close_history, setup_fixture, shape_backlog
from growth import measure_growth
from profiling import profile
from regrade import REGRADE_TARGET_SECONDS, measure_regrade
from reports import (
    REPORT_TARGETS,
    SUPERVISOR_TARGET_SECONDS,
    measure_reports,
    measure_supervisor_screens,
)
from results import growth_table, results_table, screen_targets
from screens import DESK_TARGET_SECONDS, measure_desk_screens

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config


# ====================================================================== main
def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True, help="Odoo configuration file")
    parser.add_argument("--db", required=True)
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--tickets", type=int, help="default: as many as complaints, at most 20000")
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--escalation-batch-size", type=int, default=1000)
    parser.add_argument("--breach-share", type=float, default=0.05)
    parser.add_argument("--at-risk-share", type=float, default=0.0)
    parser.add_argument("--partners", type=int, default=5000)
    parser.add_argument("--intake-mails", type=int, default=INTAKE_MAILS)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--profile", type=int, metavar="N", help="profile N records instead")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument(
        "--sizes",
        help="growth: comma-separated table sizes, e.g. 10000,100000,1000000; the first is "
        "made through the ORM (instead of --complaints), the next ones by cloning in SQL",
    )
    args = parser.parse_args()
    args.sizes = [int(size) for size in args.sizes.split(",")] if args.sizes else []
    if args.sizes:
        if args.sizes != sorted(args.sizes):
            parser.error("--sizes must grow")
        args.complaints = args.sizes[0]
    if args.tickets is None:
        args.tickets = min(args.complaints, 20_000)
    return args


def main():
    args = parse_args()
    config.parse_config(["-c", args.config, "-d", args.db, "--log-level=warn"])
    rng = random.Random(args.seed)
    registry = Registry(args.db)
    load_before = os.getloadavg()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        print("setting up the company, people and customers ...", flush=True)
        fixture = setup_fixture(env, rng, args.partners)
        cr.commit()
        if args.profile:
            out_dir = os.path.dirname(os.path.abspath(args.json or "."))
            profile(
                env,
                rng,
                fixture,
                args.profile,
                args.batch_size,
                args.escalation_batch_size,
                args.breach_share,
                out_dir,
            )
            return

        print(
            f"creating {args.complaints:,} complaints and {args.tickets:,} helpdesk tickets "
            f"in interleaved batches of {args.batch_size} ...",
            flush=True,
        )
        complaints, tickets, complaint_ids = create_all(
            env, rng, fixture, args.complaints, args.tickets, args.batch_size
        )
        print("shaping the open backlog ...", flush=True)
        backlog = shape_backlog(
            env, rng, fixture, complaint_ids, args.breach_share, args.at_risk_share
        )
        print(f"running the escalation over {backlog['steps_due_for_escalation']:,} due steps")
        cr.execute("SELECT now() at time zone 'UTC'")
        since = cr.fetchone()[0]
        cr.commit()
        probe = escalation_query_probe(env)
        cr.commit()
        first = timed_escalation(env, args.escalation_batch_size)
        effects = escalation_effects(env, since)
        floor = escalation_sql_floor(env, since, first)
        second = timed_escalation(env, args.escalation_batch_size)
        cr.execute(
            "SELECT count(*) FROM complaint_complaint WHERE state NOT IN ('closed', 'archived')"
        )
        open_complaints = cr.fetchone()[0]
        print("timing the customer portal and the mail intake ...", flush=True)
        portal_user, portal_complaint = setup_customer_side(env, fixture)
        portal = time_portal(args.db, portal_user.login, portal_complaint)
        intake = time_intake(env, rng, fixture, args.intake_mails)
        print("closing older complaints and measuring the reports ...", flush=True)
        history = close_history(env, rng)
        reports = measure_reports(env, fixture)
        print("running the regrade job twice ...", flush=True)
        regrade = measure_regrade(env, rng)
        print("timing the desk's and the supervisors' screens ...", flush=True)
        desk = measure_desk_screens(env, fixture)
        supervisors = measure_supervisor_screens(env, fixture)
        growth = None
        if len(args.sizes) > 1:
            print(f"growth over {', '.join(f'{s:,}' for s in args.sizes)} complaints ...")
            growth = measure_growth(env, rng, fixture, complaint_ids, args.sizes, args)

    ratio = complaints.per_second / tickets.per_second if tickets.per_second else 0.0
    results = {
        "date": datetime.utcnow().isoformat(timespec="seconds") + "Z",
        "machine": {
            "cpus": os.cpu_count(),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(),
            "odoo": odoo.release.version,
        },
        "parameters": {
            "complaints": args.complaints,
            "tickets": args.tickets,
            "batch_size": args.batch_size,
            "escalation_batch_size": args.escalation_batch_size,
            "breach_share": args.breach_share,
            "at_risk_share": args.at_risk_share,
            "partners": args.partners,
            "seed": args.seed,
            "sizes": args.sizes,
        },
        "creation": {
            "complaints": complaints.as_dict(),
            "tickets": tickets.as_dict(),
            "ratio": round(ratio, 3),
            "ratio_median_batches": round(
                complaints.median_rate / tickets.median_rate if tickets.median_rate else 0.0, 3
            ),
        },
        "backlog": dict(backlog, open_complaints=open_complaints),
        "history": history,
        "reports": reports,
        "escalation": {
            "first_run": first,
            "effects": effects,
            "second_run": second,
            "one_batch_queries_by_batch_size": probe,
            "marginal_queries_per_step": marginal_queries_per_step(probe),
            "sql_floor": floor,
        },
        "regrade": regrade,
        "desk_screens": desk,
        "supervisor_screens": supervisors,
        "portal": portal,
        "intake": intake,
        "targets": {
            "portal_list": portal["list"]["median_seconds"] < PORTAL_TARGET_SECONDS,
            "portal_page": portal["page"]["median_seconds"] < PORTAL_TARGET_SECONDS,
            "escalation_time": first["wall_seconds"] < 10,
            "escalation_queries_per_batch_not_per_step": queries_grow_with_batches(probe),
            "creation_ratio": ratio >= CREATION_TARGET_RATIO,
            "creation_queries": complaints.queries / max(complaints.count, 1)
            <= CREATION_TARGET_QUERIES,
            "intake_queries": intake["queries_per_mail"] <= INTAKE_TARGET_QUERIES,
            "idempotent": second["steps_processed"] == 0,
            **{
                name: reports[name]["seconds_best"] < target
                for name, target in REPORT_TARGETS.items()
            },
            "escalation_vs_sql_floor": floor["ratio"] is not None
            and floor["ratio"] < FLOOR_TARGET_RATIO,
            "regrade_time": regrade["first_run"]["wall_seconds"] < REGRADE_TARGET_SECONDS,
            "regrade_time_at_scale": (regrade["at_scale"]["seconds_per_target_raised"] or 0)
            < REGRADE_TARGET_SECONDS,
            "regrade_idempotent": regrade["idempotent"],
            **screen_targets("desk", desk, DESK_TARGET_SECONDS),
            **screen_targets("supervisor", supervisors, SUPERVISOR_TARGET_SECONDS),
        },
    }
    if growth:
        results["growth"] = growth
    print("\nResults\n" + results_table(results))
    if growth:
        print(
            "\nGrowth (rows: measures, columns: complaints in the table)\n" + growth_table(growth)
        )
    print(f"  escalation effects: {effects}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2)
        print(f"  written to {args.json}")


if __name__ == "__main__":
    main()
