"""The printed table and the JSON of the results."""

from customer_side import PORTAL_TARGET_SECONDS
from reports import REPORT_TARGETS


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
            f"({creation['complaints']['queries_per_record']} queries/complaint)",
        ),
        ("Helpdesk tickets created", f"{creation['tickets']['records']:,}"),
        (
            "Ticket creation",
            f"{creation['tickets']['per_second']:.1f} /s  "
            f"({creation['tickets']['queries_per_record']} queries/ticket)",
        ),
        (
            "Ratio complaints/tickets",
            f"{creation['ratio']:.2f}  (target >= 0.5: {mark(targets['creation_ratio'])}; "
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
                f"{creation['complaints']['queries_per_record']} queries",
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
    width = max(len(label) for label, _v in rows)
    return "\n".join(f"  {label.ljust(width)}  {value}" for label, value in rows)
