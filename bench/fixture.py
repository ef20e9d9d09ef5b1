"""The bench company (people, calendar, customers), the generated complaints and
tickets, and the shaping of the backlog and of the history in plain SQL (untimed)."""

import itertools
from collections import Counter
from datetime import datetime, timedelta

from pytz import timezone, utc

from odoo import Command

SHANGHAI = timezone("Asia/Shanghai")
TITLES = [
    "Annual fee charged twice",
    "Transfer delayed three days",
    "Rude staff at the counter",
    "Mobile app login fails",
    "Wrong interest rate applied",
    "Card blocked without notice",
    "Loan statement is wrong",
    "Waited two hours in the branch",
    "ATM kept the card",
    "Unauthorised charge on the account",
    "Mis-sold wealth product",
    "Complaint letter not answered",
    "信用卡年费重复扣收",
    "转账到账延迟",
    "柜台服务态度差",
    "手机银行无法登录",
]
SENTENCES = [
    "The customer says the fee was taken twice from the account this month.",
    "He called the hotline twice and nobody called back.",
    "She asks for a refund and a written apology.",
    "The branch staff refused to explain the charge.",
    "The problem started after the system upgrade last week.",
    "客户表示多次致电客服热线均未得到答复。",
    "客户要求退还多收的费用并给出书面解释。",
    "The customer threatens to go to the regulator if nothing happens.",
]
DEMANDS = [
    "Refund the fee.",
    "A written apology.",
    "Compensation for the delay.",
    "Explain the charge.",
    "退还费用并道歉。",
]
OBJECTS = [
    "Platinum credit card",
    "Mobile banking app",
    "Branch 12 counter",
    "Mortgage loan",
    "Wealth product A",
    "ATM network",
    "Payroll account",
    "Call centre",
]
# The current step of a complaint past registration, the state it goes with, and weight.
CURRENT_STEPS = [
    ("start", "dispatched", 15),
    ("contact", "investigating", 10),
    ("implement", "implementing", 45),
    ("audit", "audit", 10),
    ("feedback", "feedback", 10),
    ("revisit", "revisit", 10),
]
# Of the complaints past a deadline, the share still at registration (not dispatched).
STUCK_SHARE = 0.2
# Weights per channel code: most complaints come by phone or at the counter.
CHANNEL_WEIGHTS = {
    "phone": 40,
    "walk_in": 15,
    "email": 10,
    "website": 10,
    "chat": 10,
    "letter": 3,
    "fax": 0.5,
    "social_media": 5,
    "opinion_book": 2,
    "news_media": 0.5,
    "regulator": 3,
    "other": 1,
}
# Share of complaints with each aggravating or compliance fact.
FACT_SHARES = {
    "media_risk": 0.015,
    "media_exposed": 0.002,
    "litigation_risk": 0.015,
    "litigation_filed": 0.003,
    "involves_staff_violation": 0.01,
    "involves_fraud": 0.005,
    "involves_asset_safety": 0.003,
    "involves_bribery": 0.001,
}
# The word a desk user searches subjects for: in one subject in a thousand.
RARE_SUBJECT_WORD = "Lujiazui"
RARE_SUBJECT_EVERY = 1000
_complaint_counter = itertools.count()
DEPARTMENTS = ["Operations", "Cards", "Loans", "Wealth", "IT", "Branch Network", "Call Centre"]
HOLIDAYS_2026 = [  # the State Council's 2026 schedule, as (first day, last day) local
    ("2026-01-01", "2026-01-03"),
    ("2026-02-15", "2026-02-23"),
    ("2026-04-04", "2026-04-06"),
    ("2026-05-01", "2026-05-05"),
    ("2026-06-19", "2026-06-21"),
    ("2026-09-25", "2026-09-27"),
    ("2026-10-01", "2026-10-07"),
]
MAKEUP_DAYS_2026 = [
    "2026-01-04",
    "2026-02-14",
    "2026-02-28",
    "2026-05-09",
    "2026-09-20",
    "2026-10-10",
]


def local_to_utc(moment):
    return SHANGHAI.localize(moment).astimezone(utc).replace(tzinfo=None)


# ====================================================================== fixture
def setup_fixture(env, rng, partner_count, helpdesk=True):
    """The company, people and reference data the benchmark works with (superuser);
    ``helpdesk``: also the helpdesk team, agent and categories (helpdesk_mgmt installed)."""
    company = env.ref("base.main_company")
    company.write({"name": "Bench Bank", "currency_id": env.ref("base.CNY").id})
    calendar = env["resource.calendar"].create(
        {
            "name": "Shanghai 9-12 13-18",
            "tz": "Asia/Shanghai",
            "company_id": company.id,
            "hours_per_day": 8,
            "attendance_ids": [Command.clear()]
            + [
                Command.create(
                    {
                        "name": f"{day} {period}",
                        "dayofweek": str(day),
                        "hour_from": start,
                        "hour_to": stop,
                        "day_period": period,
                    }
                )
                for day in range(5)
                for start, stop, period in ((9, 12, "morning"), (13, 18, "afternoon"))
            ],
        }
    )
    env["resource.calendar.leaves"].create(
        [
            {
                "name": f"Public holiday {first}",
                "calendar_id": calendar.id,
                "company_id": company.id,
                "date_from": local_to_utc(datetime.fromisoformat(first)),
                "date_to": local_to_utc(datetime.fromisoformat(last) + timedelta(days=1))
                - timedelta(seconds=1),
                "time_type": "leave",
            }
            for first, last in HOLIDAYS_2026
        ]
    )
    env["complaint.workday"].create(
        [
            {
                "calendar_id": calendar.id,
                "date": day,
                "name": "Make-up working day",
                "works_as": str(min(datetime.fromisoformat(day).weekday(), 4)),
            }
            for day in MAKEUP_DAYS_2026
        ]
    )
    company.resource_calendar_id = calendar

    group = "complaint_management.group_complaint_"

    def users(prefix, count, groups):
        return (
            env["res.users"]
            .with_context(no_reset_password=True, mail_create_nosubscribe=True)
            .create(
                [
                    {
                        "name": f"{prefix.title()} {i}",
                        "login": f"bench_{prefix}_{i}",
                        "email": f"{prefix}{i}@bench.example.com",
                        "tz": "Asia/Shanghai",
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                        "notification_type": "inbox",
                        "groups_id": [Command.set([env.ref(g).id for g in groups])],
                    }
                    for i in range(count)
                ]
            )
        )

    desk = users("desk", 10, [f"{group}desk"])
    handlers = users("handler", 3 * len(DEPARTMENTS), [f"{group}department"])
    managers = users("manager", len(DEPARTMENTS) + 1, [f"{group}department"])
    supervisor = users("supervisor", 2, [f"{group}supervisor"])
    users("compliance", 2, [f"{group}compliance"])  # told of compliance matters
    gm = users("gm", 1, [f"{group}user"])
    helpdesk_agent = (
        users("agent", 1, ["helpdesk_mgmt.group_helpdesk_user"]) if helpdesk else env["res.users"]
    )

    def employee(user, department=False):
        return env["hr.employee"].create(
            {"name": user.name, "user_id": user.id, "department_id": department}
        )

    desk_dept = env["hr.department"].create(
        {"name": "Service Desk", "manager_id": employee(supervisor[0]).id}
    )
    for user in desk:
        employee(user, desk_dept.id)
    departments = []
    for i, name in enumerate(DEPARTMENTS):
        dept = env["hr.department"].create(
            {"name": name, "manager_id": employee(managers[i]).id, "company_id": company.id}
        )
        staff = handlers[3 * i : 3 * i + 3]
        for user in staff:
            employee(user, dept.id)
        departments.append((dept.id, staff.ids))
    employee(gm[0])
    company.write(
        {
            "complaint_calendar_id": calendar.id,
            "complaint_desk_department_id": desk_dept.id,
            "complaint_general_manager_id": gm.id,
            "complaint_supervisor_id": supervisor[0].id,
        }
    )
    partners = env["res.partner"].create(
        [
            {
                "name": f"Customer {i:05d}",
                "phone": f"138{i:08d}",
                "email": f"customer{i}@example.com",
            }
            for i in range(partner_count)
        ]
    )
    channels = env["complaint.channel"].search([])
    categories = env["complaint.category"].search([("not_company_responsibility", "=", False)])

    fixture = {
        "company": company,
        "desk": desk,
        "desk_department_id": desk_dept.id,
        "supervisor_id": supervisor[0].id,
        "departments": departments,
        "partner_ids": partners.ids,
        "channels": [(c.id, CHANNEL_WEIGHTS.get(c.code, 1)) for c in channels],
        "category_ids": categories.ids,
        "helpdesk_agent": helpdesk_agent,
        # Who logs in to the load run (bench/load_bench.py).
        "users": desk | handlers | managers | supervisor | gm,
        "manager_ids": managers.ids,
        "gm_id": gm.id,
        "supervisors": supervisor,
    }
    if helpdesk:
        team = env["helpdesk.ticket.team"].create(
            {"name": "Customer Care", "user_ids": [Command.set(helpdesk_agent.ids)]}
        )
        hd_categories = env["helpdesk.ticket.category"].create(
            [{"name": name} for name in ("Fees", "Cards", "Loans", "App", "Branch", "Other")]
        )
        fixture.update(
            team_id=team.id,
            hd_channel_ids=env["helpdesk.ticket.channel"].search([]).ids,
            hd_category_ids=hd_categories.ids,
        )
    return fixture


# ====================================================================== data generation
def received_at(rng, now):
    """A receipt time within the last 60 days, more recent ones more frequent, mostly in
    local office hours."""
    age = timedelta(days=60 * rng.random() ** 1.3)
    local = utc.localize(now - age).astimezone(SHANGHAI).replace(tzinfo=None)
    if rng.random() < 0.85:
        local = local.replace(hour=rng.randint(8, 18), minute=rng.randint(0, 59))
    moment = local_to_utc(local)
    return min(moment, now - timedelta(minutes=1))


def complainant_count(rng):
    draw = rng.random()
    if draw < 0.94:
        return 1
    if draw < 0.97:
        return 2
    if draw < 0.995:
        return rng.randint(3, 9)
    return rng.randint(10, 30)


def description(rng):
    return "".join(f"<p>{s}</p>" for s in rng.sample(SENTENCES, rng.randint(1, 3)))


def complaint_vals(rng, fixture, now, earlier_ids):
    channel_ids, weights = zip(*fixture["channels"], strict=True)
    title = rng.choice(TITLES)
    # One complaint in RARE_SUBJECT_EVERY names a rare place in its subject (the desk's
    # search by a subject word); counted, not drawn, so the random sequence is unchanged.
    if next(_complaint_counter) % RARE_SUBJECT_EVERY == RARE_SUBJECT_EVERY - 1:
        title = f"{title} ({RARE_SUBJECT_WORD} branch)"
    vals = {
        "title": title,
        "description": description(rng),
        "customer_demand": rng.choice(DEMANDS),
        "partner_id": rng.choice(fixture["partner_ids"]),
        "channel_id": rng.choices(channel_ids, weights)[0],
        "category_id": rng.choice(fixture["category_ids"]),
        "concerned_object": rng.choice(OBJECTS),
        "date_received": received_at(rng, now),
        "complainant_count": complainant_count(rng),
        "feedback_preference": rng.choice(["phone", "phone", "sms", "email", "letter"]),
        "company_id": fixture["company"].id,
    }
    if rng.random() < 0.9:
        vals["partner_phone"] = f"139{rng.randint(0, 99999999):08d}"
    if rng.random() < 0.5:
        vals["account_number"] = f"6222-{rng.randint(0, 9999):04d}-{rng.randint(0, 9999):04d}"
    for fname, share in FACT_SHARES.items():
        if rng.random() < share:
            vals[fname] = True
    if earlier_ids and rng.random() < 0.02:
        vals["same_problem_id"] = rng.choice(earlier_ids)
    return vals


def ticket_vals(rng, fixture):
    return {
        "name": rng.choice(TITLES),
        "description": description(rng),
        "partner_id": rng.choice(fixture["partner_ids"]),
        "channel_id": rng.choice(fixture["hd_channel_ids"]),
        "category_id": rng.choice(fixture["hd_category_ids"]),
        "team_id": fixture["team_id"],
        "priority": rng.choice(["0", "1", "1", "2", "3"]),
        "company_id": fixture["company"].id,
    }


# ====================================================================== backlog shaping
def shape_backlog(env, rng, fixture, complaint_ids, breach_share, at_risk_share):
    """Turn the freshly registered complaints into an open backlog (plain SQL, untimed).

    As registered, every complaint has its dispatch and plan-approval steps open, timed
    from its receipt up to 60 days ago, so nearly all of them are late. In a real backlog
    most complaints are further on, with the deadline of their current step ahead; so:
    - ``breach_share`` of them are past a deadline: a fifth stay as registered (dispatch
      and plan steps overdue, as create() planned them), the others are late in a later
      step (investigation, contact, implementation, audit, feedback or revisit);
    - ``at_risk_share`` are in a later step, past its at-risk time but not late;
    - the others have every deadline ahead: those received in the last hour stay as
      registered, the rest are in a later step due in 2 hours to 6 days.
    Registration steps of the complaints moved on were done on time. Nothing has been
    sent for any step yet (escalation level 0). Owners follow complaint.step's rules."""
    cr = env.cr
    env.flush_all()
    now = datetime.utcnow().replace(microsecond=0)
    cr.execute(
        """
        SELECT s.complaint_id, min(s.date_next_action), max(s.date_deadline), c.receiver_id
          FROM complaint_step s JOIN complaint_complaint c ON c.id = s.complaint_id
         WHERE s.state = 'open' AND s.complaint_id = ANY(%s)
         GROUP BY s.complaint_id, c.receiver_id
        """,
        [complaint_ids],
    )
    rows = cr.fetchall()
    receiver = {cid: receiver_id for cid, _n, _d, receiver_id in rows}
    soon = now + timedelta(hours=1)
    ahead = [cid for cid, next_, _d, _r in rows if next_ and next_ > soon]
    past = [cid for cid, _n, dl, _r in rows if dl and dl < now - timedelta(minutes=5)]
    rng.shuffle(past)
    n_breach = min(round(breach_share * len(complaint_ids)), len(past))
    n_risk = min(round(at_risk_share * len(complaint_ids)), len(past) - n_breach)
    n_stuck = round(n_breach * STUCK_SHARE)
    stuck = past[:n_stuck]
    late = past[n_stuck:n_breach]
    at_risk = past[n_breach : n_breach + n_risk]
    keep = set(stuck) | set(late) | set(at_risk) | set(ahead)
    on_track = [cid for cid, _n, _d, _r in rows if cid not in keep]

    kinds, weights = zip(*((k, w) for k, _s, w in CURRENT_STEPS), strict=True)
    state_of = {k: state for k, state, _w in CURRENT_STEPS}
    plans = []
    by_kind = Counter()
    for group, kind in ((late, "late"), (at_risk, "at_risk"), (on_track, "on_track")):
        for cid in group:
            dept_id, handler_ids = rng.choice(fixture["departments"])
            handler_id = rng.choice(handler_ids)
            step = rng.choices(kinds, weights)[0]
            by_kind[f"{kind}:{step}"] += 1
            if step in ("feedback", "revisit"):  # desk steps: the desk and the receiver
                owner_dept, owner = fixture["desk_department_id"], receiver[cid]
            elif step == "audit":
                owner_dept, owner = dept_id, fixture["supervisor_id"]
            else:
                owner_dept, owner = dept_id, handler_id
            if kind == "late":
                deadline = now - timedelta(minutes=rng.randint(10, 10 * 24 * 60))
                at_risk_at = deadline - timedelta(hours=rng.randint(2, 18))
            elif kind == "at_risk":
                deadline = now + timedelta(minutes=rng.randint(60, 2 * 24 * 60))
                at_risk_at = now - timedelta(minutes=rng.randint(1, 60))
            else:
                deadline = now + timedelta(minutes=rng.randint(120, 6 * 24 * 60))
                lead = timedelta(hours=rng.randint(2, 24))
                at_risk_at = min(deadline, max(soon, deadline - lead))
            plans.append(
                (cid, dept_id, handler_id, step, state_of[step], owner_dept, owner)
                + (deadline, at_risk_at)
            )

    cr.execute(
        """
        CREATE TEMP TABLE bench_plan (
            complaint_id int PRIMARY KEY, department_id int, handler_id int, step varchar,
            state varchar, owner_department_id int, owner_id int,
            deadline timestamp, at_risk timestamp
        ) ON COMMIT DROP
        """
    )
    cr.execute_values("INSERT INTO bench_plan VALUES %s", plans, page_size=5000)
    # The registration steps were done on time ...
    cr.execute(
        """
        UPDATE complaint_step s
           SET state = 'done', date_next_action = NULL,
               date_done = LEAST(s.date_start + (s.date_deadline - s.date_start) * 0.5, %s)
          FROM bench_plan p
         WHERE s.complaint_id = p.complaint_id AND s.state = 'open'
        """,
        [now],
    )
    # ... and a later step is open.
    cr.execute(
        """
        INSERT INTO complaint_step (complaint_id, company_id, step_type, department_id, user_id,
                                    state, date_start, date_deadline, date_at_risk,
                                    date_next_action, escalation_level, is_late,
                                    create_uid, create_date, write_uid, write_date)
        SELECT p.complaint_id, c.company_id, p.step, p.owner_department_id, p.owner_id,
               'open', LEAST(p.at_risk - interval '1 hour', c.date_received + interval '1 day'),
               p.deadline, p.at_risk, p.at_risk, 0, false, 1, %s, 1, %s
          FROM bench_plan p JOIN complaint_complaint c ON c.id = p.complaint_id
        """,
        [now, now],
    )
    cr.execute(
        """
        UPDATE complaint_complaint c
           SET state = p.state, validity = 'valid', department_id = p.department_id,
               handler_id = p.handler_id, date_deadline = p.deadline, date_at_risk = p.at_risk,
               date_dispatched = LEAST(c.date_received + interval '30 minutes', %s)
          FROM bench_plan p
         WHERE c.id = p.complaint_id
        """,
        [now],
    )
    cr.commit()
    env.invalidate_all()
    cr.execute(
        "SELECT count(*) FROM complaint_step WHERE state = 'open' AND date_next_action <= %s",
        [datetime.utcnow()],
    )
    due_steps = cr.fetchone()[0]
    cr.execute(
        "SELECT count(DISTINCT complaint_id) FROM complaint_step "
        "WHERE state = 'open' AND date_deadline < %s",
        [datetime.utcnow()],
    )
    breaching = cr.fetchone()[0]
    return {
        "late_at_registration": len(stuck),
        "late_in_a_later_step": len(late),
        "at_risk": len(at_risk),
        "on_track_in_a_later_step": len(on_track),
        "on_track_just_registered": len(ahead),
        "current_steps": dict(sorted(by_kind.items())),
        "complaints_past_a_deadline": breaching,
        "breach_share": round(breaching / len(complaint_ids), 4) if complaint_ids else 0,
        "steps_due_for_escalation": due_steps,
    }


# Of the complaints received more than two weeks ago, the share closed (untimed history).
CLOSED_SHARE = 0.6


def close_history(env, rng, share=CLOSED_SHARE):
    """Close ``share`` of the complaints received more than 14 days ago (plain SQL,
    untimed), so the figures have closures, handling times and satisfaction to count:
    closed 1 to 10 days after receipt, a third of them archived, their open steps done."""
    cr = env.cr
    env.flush_all()
    cr.execute(
        """
        SELECT id, date_received FROM complaint_complaint
         WHERE date_received < (now() at time zone 'UTC') - interval '14 days'
           AND state NOT IN ('closed', 'archived')
        """
    )
    rows = cr.fetchall()
    rng.shuffle(rows)
    rows = rows[: round(share * len(rows))]
    values = [
        (
            cid,
            "archived" if rng.random() < 1 / 3 else "closed",
            received + timedelta(hours=rng.randint(24, 240)),
            round(rng.uniform(2, 80), 2),
            rng.choice(["5", "5", "4", "4", "3", "2"]),
        )
        for cid, received in rows
    ]
    if values:
        cr.execute(
            "CREATE TEMP TABLE bench_closed (id int PRIMARY KEY, state varchar, "
            "date_closed timestamp, hours float, satisfaction varchar) ON COMMIT DROP"
        )
        cr.execute_values("INSERT INTO bench_closed VALUES %s", values, page_size=5000)
        cr.execute(
            """
            UPDATE complaint_complaint c
               SET state = b.state, date_closed = b.date_closed, handling_hours = b.hours,
                   satisfaction = b.satisfaction, closure_type = 'satisfied',
                   date_deadline = NULL, date_at_risk = NULL
              FROM bench_closed b WHERE c.id = b.id
            """
        )
        cr.execute(
            """
            UPDATE complaint_step s
               SET state = 'done', date_next_action = NULL,
                   date_done = LEAST(b.date_closed, s.date_start + interval '1 day')
              FROM bench_closed b
             WHERE s.complaint_id = b.id AND s.state = 'open'
            """
        )
    cr.commit()
    # What autovacuum does after a change this size: fresh planner statistics.
    cr.execute("ANALYZE complaint_complaint")
    cr.commit()
    env.invalidate_all()
    return {"closed": len(values)}


def open_states():
    """The addon's open states (imported once Odoo's configuration sets the addons path)."""
    from odoo.addons.complaint_management.models.constants import OPEN_STATES  # noqa: PLC0415

    return OPEN_STATES
