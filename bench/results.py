"""The printed table and the JSON of the results."""

from creation import CREATION_TARGET_QUERIES, CREATION_TARGET_RATIO
from customer_side import INTAKE_TARGET_QUERIES, PORTAL_TARGET_SECONDS
from regrade import REGRADE_TARGET_RAISED, REGRADE_TARGET_SECONDS
from reports import REPORT_TARGETS, SUPERVISOR_TARGET_SECONDS
from screens import DESK_TARGET_SECONDS


def results_table(results):
    creation = results["creation"]
    first = results["escalation"]["first_run"]
    second = results["escalation"]["second_run"]
    targets = results["targets"]

    def mark(ok):
        return "n/a" if ok is None else "met" if ok else "NOT MET"

    rows = [
        ("Complaints created", f"{creation['complaints']['records']:,}"),
        (
            "Complaint creation",
            f"{creation['complaints']['per_second']:.1f} /s  "
            f"({creation['complaints']['queries_per_record']} queries/complaint; target <= "
            f"{CREATION_TARGET_QUERIES}: {mark(targets.get('creation_queries'))})",
        ),
        ("Helpdesk tickets created", f"{creation['tickets']['records']:,}"),
        (
            "Ticket creation",
            f"{creation['tickets']['per_second']:.1f} /s  "
            f"({creation['tickets']['queries_per_record']} queries/ticket)",
        ),
        (
            "Ratio complaints/tickets",
            f"{creation['ratio']:.2f}  (target >= {CREATION_TARGET_RATIO:g}: "
            f"{mark(targets['creation_ratio'])}; "
            f"median batches: {creation['ratio_median_batches']:.2f})",
        ),
        (
            "Complaints past a deadline",
            f"{results['backlog']['complaints_past_a_deadline']:,} "
            f"({results['backlog']['breach_share']:.1%})",
        ),
        (
            "Escalation wall time",
            f"{first['wall_seconds']:.2f} s  (target < 10 s: {mark(targets['escalation_time'])})",
        ),
        ("Escalation SQL queries", f"{first['sql_queries']:,}"),
        (
            "Escalation batches",
            f"{first['batches']} x {first['batch_size']}  "
            f"({first['queries_per_batch']} queries/batch, "
            f"{first['queries_per_step']} queries/step)",
        ),
        ("Steps processed", f"{first['steps_processed']:,}"),
        (
            "Queries of one batch",
            ", ".join(
                f"{v['sql_queries']} for {v['steps']} steps"
                for v in results["escalation"]["one_batch_queries_by_batch_size"].values()
            )
            + f"; {results['escalation']['marginal_queries_per_step']} per extra step "
            f"(no per-step query: {mark(targets['escalation_queries_per_batch_not_per_step'])})",
        ),
        (
            "Second run (idempotence)",
            f"{second['steps_processed']} steps, {second['sql_queries']} queries, "
            f"{second['wall_seconds']:.2f} s",
        ),
    ]
    portal = results.get("portal")
    if portal:
        for key, label in (
            ("list", "Portal list of a customer"),
            ("page", "Portal complaint page"),
        ):
            figures = portal[key]
            rows.append(
                (
                    label,
                    f"{figures['median_seconds'] * 1000:.0f} ms server time, worst "
                    f"{figures['max_seconds'] * 1000:.0f} ms, {figures['sql_queries']} queries "
                    f"(target < {PORTAL_TARGET_SECONDS * 1000:.0f} ms: "
                    f"{mark(targets[f'portal_{key}'])})",
                )
            )
    intake = results.get("intake")
    if intake:
        rate = creation["complaints"]["per_second"]
        plain = 1000 / rate if rate else 0.0
        rows.append(
            (
                "Mail intake (message_process)",
                f"{intake['ms_per_mail']:.1f} ms/mail, {intake['queries_per_mail']} queries/mail "
                f"({intake['mails']} mails, {intake['complaints_opened']} complaints opened); "
                f"plain creation {plain:.1f} ms/complaint, "
                f"{creation['complaints']['queries_per_record']} queries (target <= "
                f"{INTAKE_TARGET_QUERIES} queries/mail: {mark(targets.get('intake_queries'))})",
            )
        )
    figures = results.get("reports", {})
    labels = {
        "list_first_page": "List view, first page (reference)",
        "pivot": "Analysis pivot, month x department",
        "dashboard": "Dashboard figures",
        "monthly_statistics": "Monthly statistics",
        "slip": "Handling slip, 3 plan versions (PDF)",
        "early_warning": "Early-warning job",
        "yearly_disclosure": "Yearly disclosure figures",
    }
    for name, label in labels.items():
        if name not in figures:
            continue
        figure = figures[name]
        target = REPORT_TARGETS.get(name)
        goal = f"; target < {target:g} s: {mark(targets.get(name))}" if target else ""
        rows.append(
            (
                label,
                f"{figure['seconds_best']:.3f} s  (first {figure['seconds_first']:.3f} s, "
                f"{figure['sql_queries']} queries{goal})",
            )
        )
    floor = results["escalation"].get("sql_floor")
    if floor:
        rows.append(
            (
                "Escalation vs plain SQL floor",
                f"{floor['ratio']}x  ({floor['escalation_seconds']:.2f} s vs "
                f"{floor['floor_seconds'] * 1000:.1f} ms to insert {floor['escalation_records']:,} "
                f"escalation records and {floor['chatter_lines']:,} chatter lines; "
                f"{floor['escalation_queries_per_batch']} queries/batch; target < "
                f"{floor['target_ratio']:g}x: {mark(targets.get('escalation_vs_sql_floor'))})",
            )
        )
    regrade = results.get("regrade")
    if regrade:
        first, again, shape = regrade["first_run"], regrade["second_run"], regrade["shape"]
        rows.append(
            (
                "Regrade job",
                f"{first['wall_seconds']:.2f} s, {first['sql_queries']:,} queries, "
                f"{first['complaints_raised']:,} raised of {shape['open_complaints']:,} open "
                f"({shape['past_the_limit']:,} past {shape['limit_days']} days; target < "
                f"{REGRADE_TARGET_SECONDS:g} s: {mark(targets.get('regrade_time'))})",
            )
        )
        scale = regrade.get("at_scale")
        if scale:
            rows.append(
                (
                    "Regrade at scale (rolled back)",
                    f"{scale['seconds']:.2f} s, {scale['sql_queries']:,} queries, "
                    f"{scale['complaints_raised']:,} raised (every one the job may raise of "
                    f"{scale['open_complaints']:,} open): "
                    f"{scale['seconds_per_target_raised']} s for "
                    f"{REGRADE_TARGET_RAISED:,} in proportion; target < "
                    f"{REGRADE_TARGET_SECONDS:g} s: "
                    f"{mark(targets.get('regrade_time_at_scale'))}",
                )
            )
        rows.append(
            (
                "Regrade again (idempotence)",
                f"{again['complaints_raised']} raised, {again['grade_history_lines_added']} "
                f"history lines, {again['sql_queries']} queries, {again['wall_seconds']:.2f} s "
                f"({mark(targets.get('regrade_idempotent'))})",
            )
        )
    for key, title, target in (
        ("desk_screens", "Desk", DESK_TARGET_SECONDS),
        ("supervisor_screens", "Supervisor", SUPERVISOR_TARGET_SECONDS),
    ):
        prefix = "desk" if key == "desk_screens" else "supervisor"
        for name, figure in results.get(key, {}).items():
            if "median_seconds" not in figure:
                continue
            count = f", {figure['records']:,} records" if "records" in figure else ""
            rows.append(
                (
                    f"{title}: {SCREEN_LABELS.get(name, name)}",
                    f"{figure['median_seconds']:.3f} s  (worst {figure['worst_seconds']:.3f} s, "
                    f"{figure['sql_queries']} queries{count}; target < {target:g} s: "
                    f"{mark(targets.get(f'{prefix}_{name}'))})",
                )
            )
    width = max(len(label) for label, _v in rows)
    return "\n".join(f"  {label.ljust(width)}  {value}" for label, value in rows)


SCREEN_LABELS = {
    "complaints_first_page": "Complaints list, first page",
    "search_by_reference": "search by reference",
    "search_by_subject_word": "search by subject word",
    "search_by_contact_phone": "search by phone (logged)",
    "deadline_board": "Deadline Board",
    "deadline_calendar": "Deadline Calendar, a month",
    "dashboard": "Dashboard figures",
    "pivot": "Analysis pivot, month x dept",
    "monthly_statistics": "Monthly statistics",
}


def screen_targets(prefix, figures, target):
    """{prefix_name: met} for every timed screen of ``figures``."""
    return {
        f"{prefix}_{name}": figure["median_seconds"] < target
        for name, figure in figures.items()
        if "median_seconds" in figure
    }


def growth_table(growth):
    """One row per measure, one column per size: what grows with the work due (the
    escalation, the regrade) and what grows with the table."""
    sizes = [str(size) for size in growth["sizes"]]
    by_size = growth["by_size"]
    rows = [
        ("Complaints in the table", [f"{by_size[s]['table']['complaints']:,}" for s in sizes]),
        ("Open complaints", [f"{by_size[s]['table']['open_complaints']:,}" for s in sizes]),
        ("Steps in the table", [f"{by_size[s]['table']['steps']:,}" for s in sizes]),
        (
            "Analysis rows (complaint.report)",
            [f"{by_size[s]['table']['analysis_rows']:,}" for s in sizes],
        ),
        (
            "Pivot rows, last 12 months",
            [f"{by_size[s]['supervisor_screens']['pivot']['report_rows']:,}" for s in sizes],
        ),
        ("Escalation: steps due", [f"{by_size[s]['escalation']['steps_due']:,}" for s in sizes]),
        (
            "Escalation (rolled back) s",
            [f"{by_size[s]['escalation']['seconds']:.3f}" for s in sizes],
        ),
        (
            "Escalation queries/batch",
            [str(by_size[s]["escalation"]["queries_per_batch"]) for s in sizes],
        ),
        (
            "Regrade: complaints raised",
            [f"{by_size[s]['regrade']['complaints_raised']:,}" for s in sizes],
        ),
        ("Regrade (rolled back) s", [f"{by_size[s]['regrade']['seconds']:.3f}" for s in sizes]),
        ("Regrade queries", [str(by_size[s]["regrade"]["sql_queries"]) for s in sizes]),
    ]
    for key, title in (("desk_screens", "Desk"), ("supervisor_screens", "Supervisor")):
        names = [n for n, f in by_size[sizes[0]][key].items() if "median_seconds" in f]
        for name in names:
            rows.append(
                (
                    f"{title}: {SCREEN_LABELS.get(name, name)} s",
                    [
                        f"{by_size[s][key][name]['median_seconds']:.3f} "
                        f"({by_size[s][key][name]['sql_queries']}q)"
                        for s in sizes
                    ],
                )
            )
    width = max(len(label) for label, _v in rows)
    cell = max(12, *(len(v) for _l, values in rows for v in values))
    header = "  " + "".ljust(width) + "".join(f"  {int(s):>{cell},}" for s in sizes)
    lines = [header]
    for label, values in rows:
        lines.append("  " + label.ljust(width) + "".join(f"  {v:>{cell}}" for v in values))
    return "\n".join(lines)
