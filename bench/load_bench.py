"""Load run of complaint_management, started by ``bin/bench --load`` (read bench/README.md).

On a bench database holding only complaint_management (no demo data):

1. sets up the bench company (bench/run_bench.py's fixture, its users given passwords),
   registers a backlog of complaints and shapes it so that part of it is overdue;
2. starts ``bin/run --workers N`` on it: Odoo's multi-process server behind nginx, on
   127.0.0.1 only;
3. drives it with concurrent web-client sessions over JSON-RPC, the calls the web client
   makes (``web_save``, ``call_button``, ``web_search_read``), for a fixed number of
   requests: the service desk registers, judges valid and dispatches, and changes a
   complaint's registration data while its department works on it; handlers start the
   investigation, log the customer contact, record the facts, draft and submit the plan;
   department managers and the general manager approve; everyone reads lists. Meanwhile
   the escalation job runs, once under the server's cron worker and once called directly
   (as from a shell), both over the same overdue steps;
4. stops the server and checks: every complaint number unique per company and year (and
   which numbers a rolled-back transaction skipped), no lost update (every value a client
   saved is in the database, the desk's and the department's writes on the same complaint
   included), no error shown to any client, every escalation recorded and notified once;
   prints p50/p95 latency per operation and writes the figures as JSON.

Every request goes to 127.0.0.1.
"""

import argparse
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import requests

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from creation import create_complaints
from fixture import setup_fixture, shape_backlog

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST = "127.0.0.1"
# Sessions per role, for 20 sessions; scaled for another number (at least one each).
ROLE_SHARES = (("desk", 5), ("handler", 9), ("manager", 3), ("gm", 1), ("reader", 2))
# Departments the load works in (three handlers each in the fixture).
LOAD_DEPARTMENTS = 3
REQUEST_TIMEOUT = 300
READY_TIMEOUT = 900


def percentile(values, share):
    ordered = sorted(values)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


# ====================================================================== data
def prepare(args):
    """The bench company, its people (with passwords), and a backlog of which a share is
    overdue. Returns what the sessions need to know."""
    config.parse_config(["-c", args.config, "-d", args.db, "--log-level=warn"])
    rng = random.Random(args.seed)
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        print("setting up the company, people and customers ...", flush=True)
        fixture = setup_fixture(env, rng, args.partners, helpdesk=False)
        logins = [u.login for u in fixture["users"]]
        # Password = login, for those who log in (hashing is slow on purpose: only them).
        for user in fixture["users"]:
            user.write({"password": user.login})
        # The escalation job runs when the load starts (triggered), not when the server
        # starts.
        cron = env.ref("complaint_management.ir_cron_complaint_escalate")
        cron.nextcall = datetime.utcnow() + timedelta(days=1)
        cr.commit()
        print(f"registering a backlog of {args.complaints:,} complaints ...", flush=True)
        ids = create_complaints(env, rng, fixture, args.complaints, args.batch_size)
        backlog = shape_backlog(env, rng, fixture, ids, args.breach_share, 0.0)
        cr.commit()
        departments = fixture["departments"][:LOAD_DEPARTMENTS]
        info = {
            "company_id": fixture["company"].id,
            "desk": fixture["desk"].mapped("login"),
            "departments": [
                {
                    "id": dept_id,
                    "handlers": env["res.users"].browse(handler_ids).mapped("login"),
                    "manager": env["res.users"].browse(fixture["manager_ids"][i]).login,
                }
                for i, (dept_id, handler_ids) in enumerate(departments)
            ],
            "gm": env["res.users"].browse(fixture["gm_id"]).login,
            "supervisors": fixture["supervisors"].mapped("login"),
            "partner_ids": fixture["partner_ids"][:500],
            "channel_ids": [cid for cid, _w in fixture["channels"]],
            "category_ids": fixture["category_ids"],
            "logins": logins,
        }
    return info, backlog


# ====================================================================== the server
class Server:
    """bin/run --workers N on the bench database, in a process group of its own."""

    def __init__(self, args, log_path):
        self.args = args
        self.log_path = log_path
        self.process = None
        self.url = f"http://{HOST}:{args.port}"

    def start(self):
        env = dict(os.environ)
        env.pop("COMPLAINT_DB", None)
        self.log = open(self.log_path, "w", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                os.path.join(REPO, "bin", "run"),
                "--db",
                self.args.db,
                "--port",
                str(self.args.port),
                "--workers",
                str(self.args.workers),
                "--nodes",
                str(self.args.nodes),
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(
                    f"bin/run stopped (code {self.process.returncode}): {self.log_path}"
                )
            try:
                if requests.get(f"{self.url}/web/login", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(2)
        raise SystemExit(f"bin/run did not answer within {READY_TIMEOUT} s: {self.log_path}")

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


# ====================================================================== a web client
class RpcError(Exception):
    def __init__(self, message, data=None):
        super().__init__(message)
        self.data = data or {}


class WebClient:
    """What the web client sends, over one session cookie."""

    def __init__(self, url, db, login, stats):
        self.url = url
        self.db = db
        self.login = login
        self.stats = stats
        self.http = requests.Session()
        self.uid = None
        self.context = {}

    def _post(self, path, params):
        self.stats.request(self.login)
        response = self.http.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1},
            timeout=REQUEST_TIMEOUT,
        )
        if response.status_code != 200:
            raise RpcError(f"HTTP {response.status_code} on {path}")
        payload = response.json()
        if payload.get("error"):
            error = payload["error"]
            data = error.get("data") or {}
            raise RpcError(data.get("message") or error.get("message"), data)
        return payload.get("result")

    def authenticate(self):
        result = self._post(
            "/web/session/authenticate",
            {"db": self.db, "login": self.login, "password": self.login},
        )
        self.uid = result["uid"]
        company = (result.get("user_companies") or {}).get("current_company")
        self.context = dict(result["user_context"], allowed_company_ids=[company])

    def call(self, model, method, args, **kwargs):
        kwargs.setdefault("context", self.context)
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def button(self, model, method, record_id, context=None):
        return self._post(
            "/web/dataset/call_button",
            {
                "model": model,
                "method": method,
                "args": [[record_id]],
                "kwargs": {"context": dict(self.context, **(context or {}))},
            },
        )

    def save(self, model, record_id, values, context=None):
        """Form save (create when ``record_id`` is None); returns the record's id."""
        result = self.call(
            model,
            "web_save",
            [[record_id] if record_id else [], values],
            specification={"display_name": {}},
            context=dict(self.context, **(context or {})),
        )
        return result[0]["id"]

    def search_read(self, model, domain, fields, limit=80, order=""):
        return self.call(
            model,
            "web_search_read",
            [],
            domain=domain,
            specification={f: {} for f in fields},
            offset=0,
            limit=limit,
            order=order,
            count_limit=10001,
        )["records"]


# ====================================================================== measures
# What Stats.timed returns for an operation that failed (call_button returns False for
# a button that returns nothing, which is a success).
FAILED = object()


class Stats:
    """Latency per operation, requests per session, errors seen by clients, and what each
    client saved (to check nothing was lost)."""

    def __init__(self, budget):
        self.lock = threading.Lock()
        self.budget = budget
        self.requests = Counter()
        self.latency = defaultdict(list)
        self.errors = []
        self.saved = defaultdict(dict)  # complaint id -> {field: value}
        self.registered = []
        self.approved = []
        self.approved_twice = []  # told "you already approved it" (a second tab)

    def request(self, login):
        with self.lock:
            self.requests[login] += 1

    def spent(self, login):
        with self.lock:
            return self.requests[login] >= self.budget

    def timed(self, operation, login, func, *args):
        """Run one operation; its result, or FAILED (the error is recorded)."""
        start = time.perf_counter()
        try:
            result = func(*args)
        except Exception as error:
            with self.lock:
                self.errors.append({"operation": operation, "login": login, "error": str(error)})
            return FAILED
        with self.lock:
            self.latency[operation].append(time.perf_counter() - start)
        return result

    def remember(self, complaint_id, **values):
        with self.lock:
            self.saved[complaint_id].update(values)


class Queues:
    """Work handed from one session to another: complaints dispatched to a handler; and
    which roles are still at work (a handler whose desk colleagues are done and whose
    queue is empty stops, as do approvers once the handlers are done)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.dispatched = defaultdict(list)  # handler login -> complaint ids
        self.in_work = []  # complaints a department works on (the desk may edit them)
        self.active = Counter()  # role -> sessions still running

    def done(self, role):
        with self.lock:
            return self.active[role] == 0

    def put(self, login, complaint_id):
        with self.lock:
            self.dispatched[login].append(complaint_id)

    def take(self, login):
        with self.lock:
            queue = self.dispatched[login]
            return queue.pop(0) if queue else None


# ====================================================================== sessions
def desk_session(client, info, stats, queues, rng, marker):
    handlers = [(d["id"], h) for d in info["departments"] for h in d["handlers"]]
    logins_to_uid = info["uids"]
    number = 0
    while not stats.spent(client.login):
        number += 1
        title = f"{marker} {number} card fee charged twice"
        values = {
            "title": title,
            "description": f"<p>{marker}: the fee was charged twice.</p>",
            "customer_demand": "Refund the fee.",
            "partner_id": rng.choice(info["partner_ids"]),
            "channel_id": rng.choice(info["channel_ids"]),
            "category_id": rng.choice(info["category_ids"]),
            "concerned_object": "Platinum card",
            "complainant_count": 1,
            "feedback_preference": "phone",
        }
        complaint_id = stats.timed(
            "register", client.login, client.save, "complaint.complaint", None, values
        )
        if complaint_id is FAILED:
            continue
        stats.remember(complaint_id, title=title)
        with stats.lock:
            stats.registered.append(complaint_id)
        if stats.spent(client.login):
            break
        department_id, handler = rng.choice(handlers)

        def dispatch(cid=complaint_id, dept=department_id, login=handler):
            client.button("complaint.complaint", "action_confirm_valid", cid)
            wizard = client.save(
                "complaint.dispatch.wizard",
                None,
                {"complaint_id": cid, "department_id": dept, "handler_id": logins_to_uid[login]},
                context={"default_complaint_id": cid},
            )
            client.button("complaint.dispatch.wizard", "action_confirm", wizard)

        if stats.timed("dispatch", client.login, dispatch) is not FAILED:
            stats.remember(complaint_id, department_id=department_id, state_min="dispatched")
            queues.put(handler, complaint_id)
        # The desk corrects the registration of a complaint its department works on, at
        # the same time as the department writes its findings on the same record.
        with queues.lock:
            target = rng.choice(queues.in_work) if queues.in_work else None
        if target and not stats.spent(client.login):
            demand = f"{marker} {number}: refund the fee and apologise in writing."
            ok = stats.timed(
                "edit registration",
                client.login,
                client.save,
                "complaint.complaint",
                target,
                {"customer_demand": demand},
            )
            if ok is not FAILED:
                stats.remember(target, customer_demand=demand)
        if number % 3 == 0 and not stats.spent(client.login):
            stats.timed("read lists", client.login, read_lists, client, [])


def read_lists(client, domain):
    client.search_read(
        "complaint.complaint",
        [("state", "not in", ("closed", "archived")), *domain],
        ["name", "title", "partner_id", "state", "grade_id", "department_id", "date_deadline"],
    )


def handler_session(client, info, stats, queues, rng, marker):
    number = idle = 0
    while not stats.spent(client.login):
        complaint_id = queues.take(client.login)
        if not complaint_id:
            if queues.done("desk"):
                break
            # Waiting for work: the list is refreshed now and then, as a person would.
            if idle % 4 == 0:
                stats.timed(
                    "read lists", client.login, read_lists, client, [("is_mine", "=", True)]
                )
            idle += 1
            time.sleep(0.5)
            continue
        number += 1

        def investigate(cid=complaint_id):
            client.button("complaint.complaint", "action_start_investigation", cid)
            wizard = client.save(
                "complaint.action.wizard",
                None,
                {"complaint_id": cid, "action": "contact", "note": "Called the customer."},
                context={"default_complaint_id": cid, "default_action": "contact"},
            )
            client.button("complaint.action.wizard", "action_confirm", wizard)

        if stats.timed("investigate", client.login, investigate) is FAILED:
            continue
        with queues.lock:
            queues.in_work.append(complaint_id)
        facts = f"<p>{marker} {number}: charged twice by a batch error.</p>"
        if FAILED is stats.timed(
            "record findings",
            client.login,
            client.save,
            "complaint.complaint",
            complaint_id,
            {"facts_found": facts, "root_cause": f"{marker} {number}: batch re-run"},
        ):
            continue
        stats.remember(
            complaint_id, facts_found=facts, root_cause=f"{marker} {number}: batch re-run"
        )

        def plan(cid=complaint_id, number=number):
            action = client.button("complaint.complaint", "action_new_plan", cid)
            plan_id = action["res_id"]
            client.save(
                "complaint.plan",
                plan_id,
                {
                    "measures": f"<p>{marker} {number}: refund the second fee.</p>",
                    "date_due": (date.today() + timedelta(days=3)).isoformat(),
                },
            )
            client.button("complaint.plan", "action_submit", plan_id)
            return plan_id

        if stats.timed("plan", client.login, plan) is not FAILED:
            stats.remember(complaint_id, state_min="approval")
            with queues.lock:
                if complaint_id in queues.in_work:
                    queues.in_work.remove(complaint_id)


def approver_session(client, info, stats, queues, rng, marker):
    # The general manager approves after the department managers.
    upstream = ("handler",) if client.role == "manager" else ("handler", "manager")
    while not stats.spent(client.login):
        upstream_done = all(queues.done(role) for role in upstream)
        waiting = stats.timed(
            "read lists",
            client.login,
            client.search_read,
            "complaint.complaint",
            [("awaiting_my_approval", "=", True)],
            ["name", "plan_id", "state"],
            20,
        )
        if waiting is FAILED or not waiting:
            if upstream_done:
                break
            time.sleep(1)
            continue
        for record in waiting:
            if stats.spent(client.login):
                break
            result = stats.timed(
                "approve",
                client.login,
                client.button,
                "complaint.complaint",
                "action_approve_plan",
                record["id"],
            )
            if result is FAILED:
                continue
            with stats.lock:
                # A second tab approving what the first just approved is told so (a
                # notification, nothing recorded): not an approval.
                if isinstance(result, dict) and result.get("tag") == "display_notification":
                    stats.approved_twice.append((record["id"], client.uid))
                else:
                    stats.approved.append((record["id"], client.uid))


def reader_session(client, info, stats, queues, rng, marker):
    while not stats.spent(client.login) and not (queues.done("desk") and queues.done("handler")):
        stats.timed("read lists", client.login, read_lists, client, [])
        stats.timed(
            "read lists",
            client.login,
            client.search_read,
            "complaint.step",
            [("deadline_status", "in", ("overdue", "at_risk"))],
            ["complaint_id", "step_type", "user_id", "date_deadline", "deadline_status"],
        )


SESSIONS = {
    "desk": desk_session,
    "handler": handler_session,
    "manager": approver_session,
    "gm": approver_session,
    "reader": reader_session,
}


def run_session(role, client, info, stats, queues, rng, marker):
    try:
        SESSIONS[role](client, info, stats, queues, rng, marker)
    finally:
        with queues.lock:
            queues.active["handler" if role == "handler" else role] -= 1


def session_plan(info, sessions):
    """(role, login) for each session: ROLE_SHARES scaled to ``sessions``."""
    total = sum(share for _r, share in ROLE_SHARES)
    counts = {role: max(1, round(share * sessions / total)) for role, share in ROLE_SHARES}
    while sum(counts.values()) > sessions and counts["handler"] > 1:
        counts["handler"] -= 1
    while sum(counts.values()) < sessions:
        counts["handler"] += 1
    handlers = [h for d in info["departments"] for h in d["handlers"]]
    pools = {
        "desk": info["desk"],
        "handler": handlers,
        "manager": [d["manager"] for d in info["departments"]],
        "gm": [info["gm"]],
        "reader": info["supervisors"],
    }
    # More sessions of a role than its people: some work in two browser tabs (a session
    # each), so that --sessions N gives N sessions.
    plan = []
    for role, count in counts.items():
        logins = pools[role]
        plan.extend((role, logins[i % len(logins)]) for i in range(count))
    return plan


# ====================================================================== escalation meanwhile
def trigger_cron_escalation(env):
    cron = env.ref("complaint_management.ir_cron_complaint_escalate")
    env.cr.execute("SELECT lastcall FROM ir_cron WHERE id = %s", (cron.id,))
    before = env.cr.fetchone()[0]
    cron._trigger()
    env.cr.commit()
    return cron.id, before


def direct_escalation(db, result):
    """The escalation job called directly, as from odoo shell, in a thread of its own."""
    try:
        registry = Registry(db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            start = time.perf_counter()
            result["steps"] = env["complaint.step"]._cron_escalate(auto_commit=True)
            result["seconds"] = round(time.perf_counter() - start, 2)
    except Exception as error:
        result["crash"] = repr(error)


# ====================================================================== checks
def check(env, info, stats, since):
    cr = env.cr
    company_id = info["company_id"]
    # Complaint numbers: unique per company and year; gaps are numbers taken by a
    # transaction that was rolled back (a retried request), not lost complaints.
    cr.execute(
        "SELECT name FROM complaint_complaint WHERE company_id = %s AND create_date >= %s",
        (company_id, since),
    )
    names = [name for (name,) in cr.fetchall()]
    by_year = defaultdict(list)
    for name in names:
        match = re.match(r"^(\D*)(\d{4})-(\d+)$", name or "")
        if match:
            by_year[match.group(2)].append(int(match.group(3)))
    numbering = {}
    for year, numbers in sorted(by_year.items()):
        unique = set(numbers)
        gaps = sorted(set(range(min(unique), max(unique) + 1)) - unique) if unique else []
        numbering[year] = {
            "complaints": len(numbers),
            "duplicates": len(numbers) - len(unique),
            "first": min(unique) if unique else None,
            "last": max(unique) if unique else None,
            "gaps": gaps,
        }
    # Lost updates: every value a client saved is what the database holds.
    lost = []
    for complaint_id, values in stats.saved.items():
        fields = [f for f in values if f != "state_min"]
        record = env["complaint.complaint"].browse(complaint_id)
        for fname in fields:
            held = record[fname].id if fname == "department_id" else record[fname]
            if fname in ("facts_found",):
                held = str(held)
            if held != values[fname]:
                lost.append({"complaint": complaint_id, "field": fname})
    order = [s for s, _l in env["complaint.complaint"]._fields["state"].selection]
    behind = [
        cid
        for cid, values in stats.saved.items()
        if "state_min" in values
        and order.index(env["complaint.complaint"].browse(cid).state)
        < order.index(values["state_min"])
    ]
    contended = sum(
        1
        for values in stats.saved.values()
        if "customer_demand" in values and "facts_found" in values
    )
    approvals = env["complaint.plan.approval"].search_count(
        [("state", "=", "approved"), ("date_done", ">=", since)]
    )
    # Escalation: each level of each step once, each digest line sent.
    cr.execute(
        """SELECT count(*) FROM (SELECT step_id, level FROM complaint_escalation
            GROUP BY step_id, level HAVING count(*) > 1) twice"""
    )
    twice = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM complaint_escalation WHERE create_date >= %s", (since,))
    escalations = cr.fetchone()[0]
    cr.execute("SELECT count(*) FROM complaint_escalation_digest WHERE message_id IS NULL")
    pending = cr.fetchone()[0]
    # Steps due when the load started that no escalation run touched.
    cr.execute(
        "SELECT count(*) FROM complaint_step WHERE id = ANY(%s) AND write_date < %s",
        (info["due_at_start"], since),
    )
    skipped = cr.fetchone()[0]
    return {
        "numbering": numbering,
        "lost_updates": lost,
        "complaints_behind_their_last_saved_state": behind,
        "complaints_written_by_desk_and_department": contended,
        "approvals_recorded": approvals,
        "approvals_by_clients": len(stats.approved),
        "approvals_already_given": len(stats.approved_twice),
        "escalations_recorded": escalations,
        "escalation_levels_recorded_twice": twice,
        "digest_lines_pending": pending,
        "steps_due_at_start": len(info["due_at_start"]),
        "steps_due_at_start_left_untouched": skipped,
    }


def node_figures(args, log, nodes_log, start):
    """Per application node (nginx's upstream address): the requests it answered, and how
    many cron workers the nodes started (each node has its own)."""
    served = Counter()
    if os.path.exists(nodes_log):
        with open(nodes_log, encoding="utf-8", errors="replace") as handle:
            handle.seek(start)
            for line in handle:
                fields = line.split()
                if len(fields) >= 3 and re.match(r"^127\.0\.0\.1:\d+$", fields[-2]):
                    served[fields[-2]] += 1
    return {
        "nodes": args.nodes,
        "requests_per_node": dict(sorted(served.items())),
        "cron_workers_started": len(re.findall(r"WorkerCron \(\d+\) alive", log)),
    }


# ====================================================================== main
def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--nodes", type=int, default=1, help="application nodes (Odoo servers) behind nginx"
    )
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="in all, over the sessions")
    parser.add_argument("--complaints", type=int, default=2000, help="backlog before the run")
    parser.add_argument("--breach-share", type=float, default=0.2)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--partners", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--log", required=True, help="the server's log")
    parser.add_argument("--json", help="write the results here")
    return parser.parse_args()


def listen_overflows():
    """The kernel's count of connections dropped because a listening socket's backlog was
    full (TcpExt ListenOverflows, the whole machine since boot; None where not readable)."""
    try:
        with open("/proc/net/netstat", encoding="ascii") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    for names, values in zip(lines[::2], lines[1::2], strict=False):
        if names.startswith("TcpExt:"):
            row = dict(zip(names.split()[1:], values.split()[1:], strict=False))
            return int(row["ListenOverflows"]) if "ListenOverflows" in row else None
    return None


def main():
    args = parse_args()
    info, backlog = prepare(args)
    print(
        f"backlog: {backlog['steps_due_for_escalation']:,} steps due for escalation, "
        f"{backlog['complaints_past_a_deadline']:,} complaints past a deadline",
        flush=True,
    )
    server = Server(args, args.log)
    print(
        f"starting bin/run --workers {args.workers} --nodes {args.nodes} on {HOST}:{args.port} ...",
        flush=True,
    )
    nodes_log = os.path.join(
        os.path.dirname(os.path.abspath(args.config)), f"nginx-{args.port}", "logs", "nodes.log"
    )
    server.start()
    nodes_log_start = os.path.getsize(nodes_log) if os.path.exists(nodes_log) else 0
    results = {}
    try:
        registry = Registry(args.db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            info["uids"] = {
                u.login: u.id for u in env["res.users"].search([("login", "in", info["logins"])])
            }
            cr.execute("SELECT now() AT TIME ZONE 'UTC'")
            since = cr.fetchone()[0]
            cr.execute(
                "SELECT id FROM complaint_step WHERE state = 'open' AND date_next_action <= %s",
                (since,),
            )
            info["due_at_start"] = [step_id for (step_id,) in cr.fetchall()]
            cr.commit()
            budget = max(1, args.requests // args.sessions)
            stats = Stats(budget)
            queues = Queues()
            rng = random.Random(args.seed)
            clients = []
            for role, login in session_plan(info, args.sessions):
                client = WebClient(server.url, args.db, login, stats)
                client.role = role
                client.authenticate()
                clients.append((role, client))
            print(
                f"{len(clients)} sessions ({', '.join(sorted({r for r, _c in clients}))}), "
                f"{budget} requests each; escalation under the cron worker and directly",
                flush=True,
            )
            cron_id, lastcall = trigger_cron_escalation(env)
            direct = {}
            for role, _client in clients:
                queues.active[role] += 1
            threads = [
                threading.Thread(
                    target=run_session,
                    args=(
                        role,
                        client,
                        info,
                        stats,
                        queues,
                        random.Random(rng.random()),
                        f"L{i:02d}",
                    ),
                    name=f"session-{client.login}",
                )
                for i, (role, client) in enumerate(clients)
            ]
            escalation_thread = threading.Thread(
                target=direct_escalation, args=(args.db, direct), name="direct-escalation"
            )
            overflows_before = listen_overflows()
            start = time.perf_counter()
            for thread in threads:
                thread.start()
            time.sleep(1)
            escalation_thread.start()
            for thread in threads:
                thread.join()
            wall = time.perf_counter() - start
            overflows_after = listen_overflows()
            escalation_thread.join()
            # Let the cron worker finish its run before checking.
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                cr.rollback()
                cr.execute("SELECT lastcall FROM ir_cron WHERE id = %s", (cron_id,))
                if cr.fetchone()[0] != lastcall:
                    break
                time.sleep(2)
            cr.rollback()
            cr.execute("SELECT lastcall, failure_count FROM ir_cron WHERE id = %s", (cron_id,))
            cron_lastcall, cron_failures = cr.fetchone()
            env.invalidate_all()
            checks = check(env, info, stats, since)
    finally:
        server.stop()

    with open(args.log, encoding="utf-8", errors="replace") as handle:
        log = handle.read()
    nodes = node_figures(args, log, nodes_log, nodes_log_start)
    requests_done = sum(stats.requests.values())
    latency = {
        operation: {
            "count": len(values),
            "p50_ms": round(percentile(values, 0.5) * 1000),
            "p95_ms": round(percentile(values, 0.95) * 1000),
            "mean_ms": round(statistics.mean(values) * 1000),
        }
        for operation, values in sorted(stats.latency.items())
    }
    results = {
        "date": datetime.utcnow().isoformat(timespec="seconds") + "Z",
        "machine": {"cpus": os.cpu_count(), "loadavg_after": os.getloadavg()},
        "odoo": odoo.release.version,
        "parameters": {
            "workers": args.workers,
            "nodes": args.nodes,
            "sessions": len(clients),
            "requests": args.requests,
            "backlog_complaints": args.complaints,
            "breach_share": args.breach_share,
        },
        "backlog": backlog,
        "requests_sent": requests_done,
        "wall_seconds": round(wall, 1),
        "requests_per_second": round(requests_done / wall, 1) if wall else None,
        "latency": latency,
        "client_errors": stats.errors,
        "complaints_registered": len(stats.registered),
        "escalation": {
            "cron_worker_run_finished": cron_lastcall != lastcall,
            "cron_failures": cron_failures,
            "direct_run": direct,
        },
        "server_log": {
            "errors": len(re.findall(r"^\S+ \S+ \d+ (?:ERROR|CRITICAL) ", log, re.M)),
            # Odoo logs each as a "bad query" ERROR, then runs the request again.
            "serialization_conflicts_retried": log.count("could not serialize"),
            "log": args.log,
        },
        "checks": checks,
        "nodes": nodes,
        # Connections the kernel dropped on a full listen backlog during the sessions
        # (nginx then retransmits after 1, 3, 7 s...): the whole machine, so only
        # meaningful on an otherwise idle one.
        "listen_overflows": (
            overflows_after - overflows_before
            if None not in (overflows_before, overflows_after)
            else None
        ),
    }
    print_report(results)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2, default=str)
        print(f"  written to {args.json}")


def print_report(results):
    checks = results["checks"]
    print("\nLoad run results")
    print(
        f"  {results['parameters']['sessions']} sessions, {results['requests_sent']:,} requests "
        f"in {results['wall_seconds']} s ({results['requests_per_second']} /s), "
        f"{results['parameters']['workers']} workers behind nginx"
    )
    print(f"  {'operation':<20} {'count':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for operation, figures in results["latency"].items():
        print(
            f"  {operation:<20} {figures['count']:>6} {figures['p50_ms']:>8} {figures['p95_ms']:>8}"
        )
    print(f"  errors shown to clients: {len(results['client_errors'])}")
    for error in results["client_errors"][:10]:
        print(f"    {error['operation']} ({error['login']}): {error['error'][:200]}")
    for year, figures in checks["numbering"].items():
        print(
            f"  complaint numbers {year}: {figures['complaints']} new, "
            f"{figures['duplicates']} duplicates, gaps left by rollbacks: "
            f"{figures['gaps'] or 'none'}"
        )
    print(
        f"  lost updates: {len(checks['lost_updates'])} "
        f"({checks['complaints_written_by_desk_and_department']} complaints written by the "
        f"desk and the department at once); complaints behind their last saved state: "
        f"{len(checks['complaints_behind_their_last_saved_state'])}"
    )
    print(
        f"  approvals: {checks['approvals_by_clients']} by clients, "
        f"{checks['approvals_recorded']} recorded; "
        f"{checks.get('approvals_already_given', 0)} told they had already approved "
        f"(a second tab)"
    )
    escalation = results["escalation"]
    print(
        f"  escalation: cron worker run finished: {escalation['cron_worker_run_finished']} "
        f"(failures {escalation['cron_failures']}); direct run: {escalation['direct_run']}; "
        f"{checks['escalations_recorded']} escalations recorded, "
        f"{checks['escalation_levels_recorded_twice']} twice, "
        f"{checks['digest_lines_pending']} digest lines pending, "
        f"{checks['steps_due_at_start_left_untouched']} of the "
        f"{checks['steps_due_at_start']} steps due at the start left untouched"
    )
    print(
        f"  server log: {results['server_log']['errors']} ERROR lines, of which "
        f"{results['server_log']['serialization_conflicts_retried']} serialization conflicts "
        f"Odoo logged and retried"
    )
    print(
        f"  connections dropped on a full listen backlog (kernel, whole machine): "
        f"{results['listen_overflows']}"
    )
    nodes = results["nodes"]
    print(
        f"  application nodes: {nodes['nodes']}, requests answered per node: "
        f"{nodes['requests_per_node'] or 'not logged'}; cron workers started: "
        f"{nodes['cron_workers_started']}"
    )


if __name__ == "__main__":
    main()
