"""Reports and figures: the handling slip, the analysis pivot, the dashboard, the
monthly statistics, the early-warning job, the yearly disclosure."""

import logging
from datetime import datetime, timedelta

from fixture import OBJECTS, SENTENCES
from measuring import timed_call, timed_screen

# ====================================================================== reports and figures
# The list view's first page, as the web client asks for it (the reference the report
# figures are printed beside).
LIST_SPEC = {
    "name": {},
    "title": {},
    "partner_id": {"fields": {"display_name": {}}},
    "date_received": {},
    "channel_id": {"fields": {"display_name": {}}},
    "category_id": {"fields": {"display_name": {}}},
    "grade_id": {"fields": {"display_name": {}}},
    "grade_level": {},
    "department_id": {"fields": {"display_name": {}}},
    "handler_id": {"fields": {"display_name": {}}},
    "date_deadline": {},
    "deadline_status": {},
    "activity_ids": {},
    "state": {},
}
# The pivot's measures (complaint_report_view_pivot).
PIVOT_MEASURES = [
    "received:sum",
    "closed:sum",
    "closure_rate:avg",
    "on_time_rate:avg",
    "satisfaction_rate:avg",
]
REPORT_TARGETS = {
    "pivot": 1.0,
    "dashboard": 1.0,
    "monthly_statistics": 1.0,
    "slip": 3.0,
    "early_warning": 2.0,
    "yearly_disclosure": 2.0,
}


def slip_complaint(env, fixture, versions=3):
    """A complaint handled through ``versions`` plan versions (all but the last refused
    by the customer), each approved along its chain, implemented, audited, told and
    revisited: the slip the benchmark prints. Every step by the user of its role."""
    company = fixture["company"]
    desk = fixture["desk"][0]
    dept_id, handler_ids = fixture["departments"][0]
    department = env["hr.department"].browse(dept_id)
    handler = env["res.users"].browse(handler_ids[0])
    supervisor = env["res.users"].browse(fixture["supervisor_id"])
    compliance = env.ref("complaint_management.group_complaint_compliance").users[:1]

    def as_user(record, user):
        return record.with_user(user).with_company(company)

    complaint = as_user(env["complaint.complaint"], desk).create(
        {
            "title": "Annual fee charged twice, three plans",
            "description": "<p>" + " ".join(SENTENCES) + "</p>",
            "customer_demand": "Refund the fee and apologise in writing.",
            "partner_id": fixture["partner_ids"][0],
            "partner_phone": "13900000001",
            "account_number": "6222-0000-0001",
            "channel_id": fixture["channels"][0][0],
            "category_id": fixture["category_ids"][0],
            "concerned_object": OBJECTS[0],
            "company_id": company.id,
        }
    )
    as_user(complaint, desk)._action_decide_validity("valid")
    as_user(complaint, desk)._action_dispatch(department, handler)
    work = as_user(complaint, handler)
    work.action_start_investigation()
    work._action_log_customer_contact("Called the customer and apologised.")
    work.write({"facts_found": "<p>The batch ran twice.</p>", "root_cause": "No re-run guard."})
    for version in range(1, versions + 1):
        plan = env["complaint.plan"].browse(work.action_new_plan()["res_id"])
        as_user(plan, handler).write(
            {
                "measures": f"<p>Version {version}: refund and apologise.</p>",
                "date_due": datetime.utcnow().date() + timedelta(days=3),
            }
        )
        as_user(plan, handler).action_submit()
        while plan.state == "to_approve":
            approval = plan.approval_ids.filtered(lambda a: a.state == "pending").sorted(
                "sequence"
            )[:1]
            approver = approval.user_id or (
                supervisor if approval.role == "supervisor" else compliance
            )
            as_user(approval, approver).action_approve()
        if version < versions:
            as_user(plan, desk)._action_customer_refuse(f"Version {version} is not enough.")
        else:
            as_user(plan, desk).action_customer_accept()
    work.write(
        {
            "implementation_note": "Refunded.",
            "rectification": "Batch job guarded against re-runs.",
            "accountability_note": "Operator warned.",
        }
    )
    work.action_mark_implemented()
    if complaint.state == "audit":
        as_user(complaint, supervisor)._action_audit_pass("Fair.")
    as_user(complaint, desk)._action_give_feedback("Told the customer by phone.")
    as_user(complaint, desk)._action_record_revisit(
        {
            "user_id": desk.id,
            "channel": "phone",
            "satisfaction": "5",
            "comment": "Thanks.",
            "outcome": "close",
        }
    )
    env.cr.commit()
    return complaint


SUPERVISOR_TARGET_SECONDS = 1.0


def supervisor_screens(env, fixture):
    """The supervisors' screens as calls: the dashboard's figures, the analysis pivot by
    month x department over the last 12 months (complaint.report, a query over the
    complaints table: the four read_group calls the web client makes) and the monthly
    statistics of last month. Returns ({name: call}, context figures)."""
    company = fixture["company"]
    supervisor = env["res.users"].browse(fixture["supervisor_id"])
    stats = env["complaint.statistics"]
    today = stats._local_today(company)
    month_from, month_to = stats._month_range(today, months=-1)
    year_ago = stats._month_range(today, months=-11)[0]
    report = env["complaint.report"].with_user(supervisor).with_company(company)
    pivot_domain = [("date_received", ">=", year_ago)]

    def pivot():
        # The pivot's four reads: the cells, the row and column totals, the grand total.
        for groupby in (
            ["date_received:month", "department_id"],
            ["date_received:month"],
            ["department_id"],
            [],
        ):
            report.read_group(pivot_domain, PIVOT_MEASURES, groupby, lazy=False)

    calls = {
        "dashboard": lambda: (
            env["complaint.dashboard"]
            .with_user(supervisor)
            .with_company(company)
            .get_dashboard_data()
        ),
        "pivot": pivot,
        "monthly_statistics": lambda: stats._monthly_statistics(company, month_from, month_to),
    }
    context = {
        "month": month_from.strftime("%Y-%m"),
        "month_complaints": report.search_count(
            [("date_received", ">=", month_from), ("date_received", "<", month_to)]
        ),
        "pivot_rows_last_12_months": report.search_count(pivot_domain),
    }
    return calls, context


def measure_supervisor_screens(env, fixture):
    """Each supervisor screen: median server time of 3 calls after a warm-up."""
    calls, context = supervisor_screens(env, fixture)
    results = {name: timed_screen(env, call) for name, call in calls.items()}
    results["monthly_statistics"]["month"] = context["month"]
    results["monthly_statistics"]["complaints"] = context["month_complaints"]
    results["pivot"]["report_rows"] = context["pivot_rows_last_12_months"]
    return results


def measure_reports(env, fixture):
    """The list view's first page (as the service desk), the analysis pivot by month x
    department, the dashboard's figures and the monthly statistics (as a supervisor), and
    the handling slip of a complaint with three plan versions, rendered by wkhtmltopdf."""
    company = fixture["company"]
    desk = fixture["desk"][0]
    supervisor = env["res.users"].browse(fixture["supervisor_id"])
    complaint = slip_complaint(env, fixture)
    today = env["complaint.statistics"]._local_today(company)
    complaints = env["complaint.complaint"].with_user(desk).with_company(company)
    screens, context = supervisor_screens(env, fixture)

    reports = env["ir.actions.report"].with_user(supervisor).with_company(company)
    measures = {
        "list_first_page": lambda: complaints.web_search_read(
            [("state", "not in", ("closed", "archived"))], LIST_SPEC, limit=80, count_limit=10001
        ),
        "pivot": screens["pivot"],
        "dashboard": screens["dashboard"],
        "monthly_statistics": screens["monthly_statistics"],
        # Issue 20: the early-warning job, one grouped query per rule over the whole table.
        "early_warning": lambda: env["complaint.warning"].sudo()._cron_early_warning(),
        # Issue 23: the yearly disclosure's figures (this year so far), a fixed number of
        # grouped queries.
        "yearly_disclosure": lambda: (
            env["complaint.disclosure"]
            .sudo()
            .new({"company_id": company.id, "year": today.year, "period": "year"})
            ._compute_figures()
        ),
        "slip": lambda: reports.with_context(force_report_rendering=True)._render_qweb_pdf(
            "complaint_management.complaint_slip_report_action", complaint.ids
        ),
    }
    # wkhtmltopdf's warnings (its Qt build, the assets of a server not running here).
    logging.getLogger("odoo.addons.base.models.ir_actions_report").setLevel(logging.ERROR)
    results = {name: timed_call(env, func) for name, func in measures.items()}
    results["slip"]["plan_versions"] = len(complaint.plan_ids)
    results["monthly_statistics"]["month"] = context["month"]
    results["monthly_statistics"]["complaints"] = context["month_complaints"]
    return results
