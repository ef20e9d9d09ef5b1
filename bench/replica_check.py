"""The read-replica check, started by ``bin/bench --replica`` (issue 24).

1. starts ``bin/run --replica --reset`` on a database of its own: the run's PostgreSQL
   primary and a streaming standby of it (both on 127.0.0.1, under the state directory),
   Odoo with ``db_replica_host``/``db_replica_port``; every statement of both clusters is
   logged;
2. as the demo's compliance officer, over JSON-RPC as the web client sends it: the
   dashboard, the analysis (a grouped read of complaint.report), the monthly report (its
   PDF, through Odoo's /report route) and the quarterly figures (the export wizard); for
   each, the statements reading its figures (the analysis view ``complaint_report``; for
   the quarterly figures, the complaints grouped by ``regulatory_result``) are found in
   the standby's log and none in the primary's;
3. while the primary takes writes (the service desk registers complaints), the analysis
   read from the standby counts them within the replication lag the primary reports
   (``pg_stat_replication.replay_lag``);
4. stops the standby: the dashboard and the analysis are still answered, now by the
   primary (its log shows them);
5. stops the server (its script stops both clusters, also when a check failed), prints
   the checks and writes them as JSON. Exits 1 when a check fails.

Every request goes to 127.0.0.1.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time

import requests

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOST = "127.0.0.1"
READY_TIMEOUT = 900
# The statements that show where an entry point read its figures: the analysis view, and
# the quarterly figures' grouping by the regulatory result.
ANALYSIS = re.compile(r'"?complaint_report"?\s', re.IGNORECASE)
QUARTERLY = re.compile(r'"?regulatory_result"?', re.IGNORECASE)
STATEMENT = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\] (\S*) .*?(LOG|ERROR):\s+")


class Server:
    """bin/run --replica in a process group of its own."""

    def __init__(self, args):
        self.args = args
        self.url = f"http://{HOST}:{args.port}"
        self.process = None
        self.log = None

    def start(self):
        env = dict(os.environ, COMPLAINT_PRIMARY_LOG="all")
        env.pop("COMPLAINT_DB", None)
        self.log = open(self.args.log, "w", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                os.path.join(REPO, "bin", "run"),
                "--replica",
                "--reset",
                "--db",
                self.args.db,
                "--port",
                str(self.args.port),
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
                    f"bin/run --replica stopped (code {self.process.returncode}): {self.args.log}"
                )
            try:
                if requests.get(f"{self.url}/web/login", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(2)
        raise SystemExit(f"bin/run --replica did not answer within {READY_TIMEOUT} s")

    def stop(self):
        """SIGTERM to bin/run: it stops Odoo, then the standby and the primary."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.log:
            self.log.close()


class Client:
    def __init__(self, url, db, login):
        self.url, self.db, self.login = url, db, login
        self.http = requests.Session()
        self.context = {}

    def post(self, path, params):
        response = self.http.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1},
            timeout=300,
        )
        response.raise_for_status()
        payload = response.json()
        if payload.get("error"):
            data = payload["error"].get("data") or {}
            raise RuntimeError(f"{path}: {data.get('message') or payload['error']}")
        return payload.get("result")

    def authenticate(self):
        result = self.post(
            "/web/session/authenticate",
            {"db": self.db, "login": self.login, "password": self.login},
        )
        company = (result.get("user_companies") or {}).get("current_company")
        self.context = dict(result["user_context"], allowed_company_ids=[company])
        return self

    def call(self, model, method, args, **kwargs):
        kwargs.setdefault("context", self.context)
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def button(self, model, method, record_id):
        return self.post(
            "/web/dataset/call_button",
            {
                "model": model,
                "method": method,
                "args": [[record_id]],
                "kwargs": {"context": self.context},
            },
        )


class Log:
    """A cluster's statement log, read from where the last look stopped."""

    def __init__(self, path):
        self.path = path
        self.offset = os.path.getsize(path)

    def new_statements(self, db):
        """The statements on ``db`` logged since the last call, each with its continuation
        lines."""
        with open(self.path, encoding="utf-8", errors="replace") as handle:
            handle.seek(self.offset)
            text = handle.read()
            self.offset = handle.tell()
        statements, current = [], None
        for line in text.splitlines():
            match = STATEMENT.match(line)
            if match:
                current = [match.group(1), line]
                statements.append(current)
            elif current is not None:
                current[1] += "\n" + line
        return [body for database, body in statements if database == db]


def reads(statements, marker):
    """How many of ``statements`` read what ``marker`` finds."""
    return sum(1 for body in statements if marker.search(body))


def pg(args, port, sql, db="postgres"):
    owner = "postgres" if os.geteuid() == 0 else None
    command = ["psql", "-X", "-q", "-tA", "-h", args.socket, "-p", str(port), "-d", db]
    if owner:
        command += ["-U", owner]
    return subprocess.run(
        [*command, "-c", sql], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()


def where_served(primary, standby, db, func, marker=ANALYSIS):
    """Run ``func``; return (its result, its reads on the primary, on the standby)."""
    primary.new_statements(db)
    standby.new_statements(db)
    result = func()
    time.sleep(1.5)  # the log is written asynchronously
    return (
        result,
        reads(primary.new_statements(db), marker),
        reads(standby.new_statements(db), marker),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--replica-dir", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--json", required=True)
    parser.add_argument("--writes", type=int, default=20)
    args = parser.parse_args()
    replica_dir = args.replica_dir
    args.socket = os.path.join(replica_dir, "socket")
    primary_port = args.port + 1000

    server = Server(args)
    checks, figures = {}, {}
    try:
        print(f"replica: bin/run --replica on {HOST}:{args.port} (database {args.db})", flush=True)
        started = time.monotonic()
        server.start()
        figures["start_seconds"] = round(time.monotonic() - started, 1)
        primary = Log(os.path.join(replica_dir, "primary.log"))
        standby = Log(os.path.join(replica_dir, "standby.log"))
        reader = Client(server.url, args.db, "compliance").authenticate()
        desk = Client(server.url, args.db, "desk").authenticate()

        # --------------------------------------------------------- 2. served by the standby
        def monthly_pdf():
            wizard = reader.call("complaint.monthly.report.wizard", "create", [{}])
            action = reader.button("complaint.monthly.report.wizard", "action_print", wizard)
            ids = ",".join(str(i) for i in action["context"]["active_ids"])
            response = reader.http.get(
                f"{server.url}/report/pdf/{action['report_name']}/{ids}", timeout=300
            )
            response.raise_for_status()
            return response.content[:4] == b"%PDF"

        def quarterly():
            wizard = reader.call("complaint.regulatory.export.wizard", "create", [{}])
            return reader.button("complaint.regulatory.export.wizard", "action_export", wizard)

        def analysis():
            groups = reader.call(
                "complaint.report",
                "web_read_group",
                [[], ["__count"], ["category_id"]],
                lazy=False,
            )
            return sum(group["__count"] for group in groups["groups"])

        entry_points = {
            "dashboard": lambda: reader.call("complaint.dashboard", "get_dashboard_data", []),
            "analysis": analysis,
            "monthly report": monthly_pdf,
            "quarterly figures": quarterly,
        }
        for name, func in entry_points.items():
            marker = QUARTERLY if name == "quarterly figures" else ANALYSIS
            result, on_primary, on_standby = where_served(primary, standby, args.db, func, marker)
            figures[name] = {"primary_reads": on_primary, "standby_reads": on_standby}
            checks[f"{name}: read on the standby, none on the primary"] = bool(
                result and on_standby and not on_primary
            )
            print(f"replica: {name}: {figures[name]}", flush=True)

        # --------------------------------------------------- 3. while the primary takes writes
        channel = desk.call("complaint.channel", "search", [[]], limit=1)[0]
        partner = desk.call("res.partner", "create", [{"name": "Replica Check"}])
        before = analysis()
        written = time.monotonic()
        for number in range(args.writes):
            desk.call(
                "complaint.complaint",
                "create",
                [
                    {
                        "title": f"Replica check {number}",
                        "description": "<p>Written on the primary.</p>",
                        "partner_id": partner,
                        "channel_id": channel,
                    }
                ],
            )
        write_seconds = time.monotonic() - written
        lag = pg(
            args,
            primary_port,
            "select coalesce(max(extract(epoch from replay_lag)), 0) from pg_stat_replication",
        )
        seen = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if analysis() == before + args.writes:
                seen = time.monotonic() - written - write_seconds
                break
            time.sleep(0.2)
        figures["writes"] = {
            "complaints_written": args.writes,
            "write_seconds": round(write_seconds, 2),
            "replay_lag_reported_seconds": float(lag or 0),
            "seen_on_standby_after_seconds": None if seen is None else round(max(seen, 0), 2),
        }
        checks["the standby counts the primary's writes within the lag (30 s at most)"] = (
            seen is not None
        )
        print(f"replica: writes: {figures['writes']}", flush=True)

        # ------------------------------------------------------------- 4. standby down
        subprocess.run(
            [
                *(["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []),
                "/usr/lib/postgresql/15/bin/pg_ctl",
                "-D",
                os.path.join(replica_dir, "standby"),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
            check=True,
            capture_output=True,
        )
        for name in ("dashboard", "analysis"):
            try:
                result, on_primary, _on_standby = where_served(
                    primary, standby, args.db, entry_points[name]
                )
            except (RuntimeError, requests.RequestException) as error:
                result, on_primary = None, 0
                print(f"replica: {name} with the standby down: {error}", flush=True)
            figures[f"{name}, standby down"] = {"primary_reads": on_primary}
            checks[f"{name}: answered by the primary while the standby is down"] = bool(
                result is not None and on_primary
            )
    finally:
        server.stop()
    failed = [name for name, ok in checks.items() if not ok]
    results = {"figures": figures, "checks": checks}
    with open(args.json, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=2)
    print("\nReplica checks:")
    for name, ok in checks.items():
        print(f"  {'ok  ' if ok else 'FAIL'} {name}")
    print(f"replica checks: {len(checks) - len(failed)} of {len(checks)} hold")
    sys.exit(1 if failed or not checks else 0)


if __name__ == "__main__":
    main()
