"""Fault runs of complaint_management, started by ``bin/bench --faults`` (read
bench/README.md). Each scenario reports what a user would notice; nothing here is timed
for speed.

``kill-escalation``: on the bench database (complaint_management alone), a backlog of which
a share is overdue; the escalation job is started as from a shell (a process of its own,
a transaction per batch) and killed with SIGKILL while it holds a batch, after at least
one batch was committed; then it is run again to the end. Checked: every level of every
step escalated once, each escalation logged once on its complaint, each reminder's to-do
created once, every digest line sent once and one digest per person (the killed run's
pending lines go out with the second run's), nothing left due.

``pg-restart``: a PostgreSQL cluster of the run's own (in the state directory, on a Unix
socket only, so no other database on the machine is touched), bin/run serving its demo
database, first with --workers 2 (nginx, prefork workers, cron worker, gevent) then in
its default threaded mode; clients call it over JSON-RPC every quarter of a second while
the cluster is restarted (fast shutdown: every connection is cut). Checked: the same
server process answers again, how long it did not, how many calls failed, and that the
live-chatter websocket connects again.

Every request goes to 127.0.0.1.
"""

import argparse
import json
import os
import pwd
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime

import requests
import websocket  # websocket-client, one of the test tools bin/test installs

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from creation import create_complaints
from fixture import setup_fixture, shape_backlog

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST = "127.0.0.1"
PG_BIN = "/usr/lib/postgresql/{version}/bin"
READY_TIMEOUT = 900
SCENARIOS = ("kill-escalation", "pg-restart")


# ====================================================================== kill-escalation
def escalate_child(args):
    """The escalation job as from odoo shell: runs to the end (or is killed)."""
    config.parse_config(["-c", args.config, "-d", args.db, "--log-level=warn"])
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        start = time.perf_counter()
        steps = env["complaint.step"]._cron_escalate(batch_size=args.batch_size, auto_commit=True)
        print(json.dumps({"steps": steps, "seconds": round(time.perf_counter() - start, 2)}))


def counts(cr, since):
    queries = {
        "escalations": "SELECT count(*) FROM complaint_escalation WHERE create_date >= %(since)s",
        "escalation_rows_kind_escalation": """SELECT count(*) FROM complaint_escalation
            WHERE kind = 'escalation' AND create_date >= %(since)s""",
        "reminders_to_the_owner": """SELECT count(*) FROM complaint_escalation
            WHERE kind = 'reminder' AND user_id IS NOT NULL AND create_date >= %(since)s""",
        "levels_recorded_twice": """SELECT count(*) FROM (SELECT step_id, level
            FROM complaint_escalation GROUP BY step_id, level HAVING count(*) > 1) twice""",
        "digest_lines": """SELECT count(*) FROM complaint_escalation_digest
            WHERE create_date >= %(since)s""",
        "digest_lines_pending": """SELECT count(*) FROM complaint_escalation_digest
            WHERE message_id IS NULL""",
        "digests_sent": """SELECT count(DISTINCT message_id) FROM complaint_escalation_digest
            WHERE create_date >= %(since)s""",
        "digest_recipients": """SELECT count(DISTINCT user_id) FROM complaint_escalation_digest
            WHERE create_date >= %(since)s""",
        "steps_due": """SELECT count(*) FROM complaint_step
            WHERE state = 'open' AND date_next_action <= %(since)s""",
        "reminder_todos": """SELECT count(*) FROM mail_activity a
            JOIN ir_model_data d ON d.model = 'mail.activity.type'
             AND d.res_id = a.activity_type_id AND d.module = 'complaint_management'
             AND d.name = 'mail_activity_type_complaint_reminder'
            WHERE a.create_date >= %(since)s""",
    }
    result = {}
    for key, query in queries.items():
        cr.execute(query, {"since": since})
        result[key] = cr.fetchone()[0]
    # Logged once: the chatter lines of the job against its records.
    cr.execute(
        """SELECT body FROM mail_message WHERE model = 'complaint.complaint'
            AND message_type = 'notification' AND create_date >= %s""",
        (since,),
    )
    bodies = " ".join(str(body) for (body,) in cr.fetchall())
    result["chatter_escalation_lines"] = bodies.count("Escalated to ")
    result["chatter_reminder_lines"] = bodies.count("Reminder: ")
    return result


def backend_in_batch(cr, pid):
    """Whether the process ``pid`` has a transaction open holding complaint steps."""
    cr.execute(
        """SELECT count(*) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
            WHERE a.application_name = %s AND a.xact_start IS NOT NULL
              AND l.relation = 'complaint_step'::regclass AND l.mode = 'RowShareLock'""",
        (f"odoo-{pid}",),
    )
    return cr.fetchone()[0] > 0


def backend_gone(cr, pid):
    cr.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (f"odoo-{pid}",)
    )
    return cr.fetchone()[0] == 0


def kill_escalation(args):
    config.parse_config(["-c", args.config, "-d", args.db, "--log-level=warn"])
    rng = random.Random(args.seed)
    registry = Registry(args.db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        print("kill-escalation: setting up the company and a backlog ...", flush=True)
        fixture = setup_fixture(env, rng, args.partners, helpdesk=False)
        cr.commit()
        ids = create_complaints(env, rng, fixture, args.complaints, 500)
        backlog = shape_backlog(env, rng, fixture, ids, args.breach_share, 0.1)
        cr.execute("SELECT now() AT TIME ZONE 'UTC'")
        since = cr.fetchone()[0]
        cr.commit()
    print(
        f"kill-escalation: {backlog['steps_due_for_escalation']:,} steps due; the job in "
        f"batches of {args.batch_size}, killed while it holds one",
        flush=True,
    )
    child = [
        sys.executable,
        os.path.abspath(__file__),
        "--escalate-child",
        "--config",
        args.config,
        "--db",
        args.db,
        "--batch-size",
        str(args.batch_size),
    ]
    killed_mid_batch = False
    with registry.cursor() as cr:
        first = subprocess.Popen(child, stdout=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 600
        committed = 0
        while time.monotonic() < deadline and first.poll() is None:
            cr.rollback()
            cr.execute(
                "SELECT count(*) FROM complaint_escalation WHERE create_date >= %s", (since,)
            )
            committed = cr.fetchone()[0]
            if committed and backend_in_batch(cr, first.pid):
                os.kill(first.pid, signal.SIGKILL)
                killed_mid_batch = True
                break
            time.sleep(0.02)
        first.wait()
        while not backend_gone(cr, first.pid):
            cr.rollback()
            time.sleep(0.2)
        cr.rollback()
        after_kill = counts(cr, since)
        print(
            f"kill-escalation: killed mid-batch: {killed_mid_batch}; then {after_kill}", flush=True
        )
        second = subprocess.run(child, capture_output=True, text=True, check=False)
        cr.rollback()
        final = counts(cr, since)
    second_run = (
        json.loads(second.stdout.strip().splitlines()[-1])
        if second.returncode == 0
        else {"crash": second.stderr[-2000:]}
    )
    checks = {
        "killed_while_holding_a_batch": killed_mid_batch,
        "first_run_exit_signal": -first.returncode
        if first.returncode and first.returncode < 0
        else None,
        "each_level_escalated_once": final["levels_recorded_twice"] == 0,
        "nothing_left_due": final["steps_due"] == 0,
        "each_escalation_logged_once": final["chatter_escalation_lines"]
        == final["escalation_rows_kind_escalation"],
        "each_reminder_logged_once": final["chatter_reminder_lines"]
        == final["reminders_to_the_owner"],
        "each_reminder_todo_once": final["reminder_todos"] == final["reminders_to_the_owner"],
        "every_digest_line_sent": final["digest_lines_pending"] == 0,
        "one_digest_per_person": final["digests_sent"] == final["digest_recipients"],
        "the_killed_runs_digests_waited": after_kill["digest_lines_pending"] > 0
        and after_kill["digests_sent"] == 0,
    }
    return {
        "backlog": backlog,
        "committed_before_the_kill": after_kill,
        "second_run": second_run,
        "final": final,
        "checks": checks,
    }


# ====================================================================== pg-restart
class PrivateCluster:
    """A PostgreSQL cluster in the state directory, on a Unix socket only, owned by the
    postgres user when we are root (PostgreSQL refuses to run as root), else by us."""

    def __init__(self, state_dir, port, version="15"):
        self.root = os.path.join(state_dir, f"pgfault-{port}")
        self.data = os.path.join(self.root, "data")
        self.socket = os.path.join(self.root, "socket")
        self.log = os.path.join(self.root, "postgresql.log")
        self.port = str(port)
        self.bin = PG_BIN.format(version=version)
        self.as_postgres = os.geteuid() == 0
        self.owner = "postgres" if self.as_postgres else pwd.getpwuid(os.geteuid()).pw_name

    def _run(self, *command, check=True):
        if self.as_postgres:
            command = ("runuser", "-u", "postgres", "--", *command)
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def create(self):
        self.destroy()
        os.makedirs(self.socket)
        if self.as_postgres:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket, "postgres")
        self._run(f"{self.bin}/initdb", "-D", self.data, "-A", "trust", "-U", self.owner)
        self.start()
        me = pwd.getpwuid(os.geteuid()).pw_name
        if me != self.owner:
            self._run(
                f"{self.bin}/psql",
                "-h",
                self.socket,
                "-p",
                self.port,
                "-U",
                self.owner,
                "-d",
                "postgres",
                "-c",
                f'CREATE ROLE "{me}" LOGIN CREATEDB',
            )

    def _ctl(self, action, *extra):
        return self._run(
            f"{self.bin}/pg_ctl",
            "-D",
            self.data,
            "-l",
            self.log,
            "-w",
            *extra,
            "-o",
            f"-k {self.socket} -p {self.port} -c listen_addresses=''",
            action,
        )

    def start(self):
        self._ctl("start")

    def restart(self):
        start = time.monotonic()
        self._ctl("restart", "-m", "fast")
        return time.monotonic() - start

    def destroy(self):
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self._ctl("stop", "-m", "fast")
        shutil.rmtree(self.root, ignore_errors=True)

    def env(self):
        return {"PGHOST": self.socket, "PGPORT": self.port}


class Prober(threading.Thread):
    """A client calling the server every quarter of a second: a JSON-RPC read as the
    service desk."""

    def __init__(self, url, db):
        super().__init__(daemon=True)
        self.url, self.db = url, db
        self.samples = []  # (time, ok, detail)
        self.stop_event = threading.Event()
        self.http = requests.Session()

    def login(self):
        response = self.http.post(
            f"{self.url}/web/session/authenticate",
            json={"jsonrpc": "2.0", "params": {"db": self.db, "login": "desk", "password": "desk"}},
            timeout=30,
        )
        response.raise_for_status()
        assert response.json().get("result", {}).get("uid"), response.text[:300]

    def call(self):
        try:
            response = self.http.post(
                f"{self.url}/web/dataset/call_kw/complaint.complaint/search_count",
                json={
                    "jsonrpc": "2.0",
                    "params": {
                        "model": "complaint.complaint",
                        "method": "search_count",
                        "args": [[]],
                        "kwargs": {},
                    },
                },
                timeout=30,
            )
            if response.status_code != 200:
                return False, f"HTTP {response.status_code}"
            payload = response.json()
            if payload.get("error"):
                data = payload["error"].get("data") or {}
                return False, (data.get("message") or payload["error"].get("message"))[:200]
            return True, payload["result"]
        except requests.RequestException as error:
            return False, type(error).__name__

    def run(self):
        while not self.stop_event.is_set():
            ok, detail = self.call()
            self.samples.append((time.monotonic(), ok, detail))
            time.sleep(0.25)


def websocket_connects(url, session):
    try:
        ws = websocket.create_connection(
            url.replace("http://", "ws://") + "/websocket?version=18.0-1",
            header=[f"Cookie: session_id={session.cookies.get('session_id')}"],
            origin=url,
            timeout=10,
        )
        ws.send(json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}}))
        ws.close()
        return True
    except Exception as error:
        return repr(error)


def pg_restart_once(args, cluster, workers, log_path):
    env = dict(os.environ, **cluster.env())
    env.pop("COMPLAINT_DB", None)
    db = f"{args.db}_pg"
    command = [os.path.join(REPO, "bin", "run"), "--db", db, "--port", str(args.port)]
    if workers:
        command += ["--workers", str(workers)]
    url = f"http://{HOST}:{args.port}"
    with open(log_path, "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            deadline = time.monotonic() + READY_TIMEOUT
            while True:
                if server.poll() is not None:
                    raise SystemExit(f"bin/run stopped ({server.returncode}): {log_path}")
                try:
                    if requests.get(f"{url}/web/login", timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"bin/run did not answer: {log_path}")
                time.sleep(2)
            prober = Prober(url, db)
            prober.login()
            prober.start()
            time.sleep(args.steady_seconds)
            restart_at = time.monotonic()
            restart_seconds = cluster.restart()
            back_at = time.monotonic()
            time.sleep(args.after_seconds)
            prober.stop_event.set()
            prober.join()
            websocket = websocket_connects(url, prober.http)
            still_same_server = server.poll() is None
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGTERM)
                try:
                    server.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    os.killpg(server.pid, signal.SIGKILL)
                    server.wait()
    samples = prober.samples
    before = [s for s in samples if s[0] < restart_at]
    after = [s for s in samples if s[0] >= back_at]
    failed_after = [s for s in after if not s[1]]
    first_ok = next((s[0] for s in after if s[1]), None)
    last_fail = max((s[0] for s in samples if not s[1]), default=None)
    with open(log_path, encoding="utf-8", errors="replace") as handle:
        log_text = handle.read()
    return {
        "mode": f"--workers {workers}" if workers else "threaded (default)",
        "calls_before": len(before),
        "failed_before": sum(1 for s in before if not s[1]),
        "restart_seconds": round(restart_seconds, 2),
        "calls_during_restart": sum(1 for s in samples if restart_at <= s[0] < back_at),
        "calls_after": len(after),
        "failed_after_postgresql_was_back": len(failed_after),
        "failures_seen": sorted({str(s[2]) for s in samples if not s[1]}),
        "answers_again_after_seconds": round(first_ok - back_at, 2) if first_ok else None,
        "unavailable_seconds": round(last_fail - restart_at, 2) if last_fail else 0.0,
        "same_server_process": still_same_server,
        "websocket_connects_after": websocket,
        "server_log_errors": len(re.findall(r"^\S+ \S+ \d+ (?:ERROR|CRITICAL) ", log_text, re.M)),
        "server_log": log_path,
    }


def pg_restart(args):
    cluster = PrivateCluster(args.state_dir, args.pg_port)
    print(f"pg-restart: a PostgreSQL cluster of its own in {cluster.root}", flush=True)
    cluster.create()
    try:
        runs = []
        for workers in (2, 0):
            mode = f"--workers {workers}" if workers else "threaded"
            print(
                f"pg-restart: bin/run {mode} on {HOST}:{args.port}, restart mid-traffic", flush=True
            )
            runs.append(
                pg_restart_once(
                    args, cluster, workers, os.path.join(args.log_dir, f"pg-restart-{workers}.log")
                )
            )
            print(f"pg-restart: {runs[-1]}", flush=True)
    finally:
        cluster.destroy()
    return {
        "runs": runs,
        "checks": {
            f"{run['mode']}: answers again without a restart of its own": bool(
                run["same_server_process"] and run["answers_again_after_seconds"] is not None
            )
            for run in runs
        },
    }


# ====================================================================== main
def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--pg-port", type=int, help="socket number of the private cluster")
    parser.add_argument("--state-dir")
    parser.add_argument("--log-dir")
    parser.add_argument("--fault", choices=SCENARIOS, action="append")
    parser.add_argument("--complaints", type=int, default=2000)
    parser.add_argument("--breach-share", type=float, default=0.3)
    parser.add_argument("--batch-size", type=int, default=100, help="the job's, when killed")
    parser.add_argument("--partners", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--steady-seconds", type=float, default=8)
    parser.add_argument("--after-seconds", type=float, default=25)
    parser.add_argument("--escalate-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json")
    args = parser.parse_args()
    if args.pg_port is None:
        args.pg_port = 54000 + args.port % 1000
    return args


def main():
    args = parse_args()
    if args.escalate_child:
        escalate_child(args)
        return
    scenarios = args.fault or list(SCENARIOS)
    results = {"date": datetime.utcnow().isoformat(timespec="seconds") + "Z"}
    if "kill-escalation" in scenarios:
        results["kill-escalation"] = kill_escalation(args)
    if "pg-restart" in scenarios:
        results["pg-restart"] = pg_restart(args)
    print("\nFault run results")
    for name in scenarios:
        for check, ok in results[name]["checks"].items():
            print(f"  {name}: {check}: {'yes' if ok is True else ok}")
    if "pg-restart" in results:
        for run in results["pg-restart"]["runs"]:
            print(
                f"  pg-restart {run['mode']}: restart took {run['restart_seconds']} s, "
                f"unavailable {run['unavailable_seconds']} s, answers again "
                f"{run['answers_again_after_seconds']} s after PostgreSQL was back, "
                f"{run['failed_after_postgresql_was_back']} failed calls after that, "
                f"failures seen: {run['failures_seen']}, websocket after: "
                f"{run['websocket_connects_after']}"
            )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=2, default=str)
        print(f"  written to {args.json}")


if __name__ == "__main__":
    main()
