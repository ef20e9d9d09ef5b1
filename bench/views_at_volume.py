"""Every view of the app at the benchmark's volume, for every role: Odoo's clickbot
(``startClickEverywhere``, as web/tests/test_click_everywhere.py runs it) over the
Complaints menu on the benchmark's database, after 2,000 more complaints of one department
were made due on the same day. Run by ``bin/bench`` after the benchmark (pytest with
pytest-odoo: an HttpCase, so everything it writes is rolled back); it fails on any client
error and records how long each view took to open, per role, in the JSON file named by
BENCH_VIEWS_JSON (``bench/views_report.py`` prints it as a table).
"""

import json
import os
import time
from datetime import datetime, timedelta
from itertools import pairwise
from unittest.mock import patch

from odoo.tests import HttpCase
from odoo.tests.common import ChromeBrowser

CLICKBOT = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    ".startClickEverywhere('complaint_management.complaint_menu_root');"
)
SAME_DAY = 2000
CLICKBOT_LINES = ("Testing ", "Skipping ", "Modal detected", "clickbot test succeeded")
TIMEOUT = 3600
# The benchmark's people (bench/run_bench.py), one per role; the administrator is added.
ROLES = {
    "service desk": "bench_desk_0",
    "department handler": "bench_handler_0",
    "department manager": "bench_manager_0",
    "supervisor": "bench_supervisor_0",
    "compliance": "bench_compliance_0",
    "general manager": "bench_gm_0",
    "complaint administrator": "bench_cmadmin",
}


class _Steps:
    """The clickbot's console lines ("Testing menu ...", "Testing view switch: ..."), with
    the time the page logged them (Chrome's own timestamp: the lines reach the test in
    bursts)."""

    def __init__(self):
        self.lines = []

    def handler(self):
        original = ChromeBrowser._handle_console
        lines = self.lines

        def handle_console(browser, type, args=None, stackTrace=None, **kw):
            if args and "timestamp" in kw:
                lines.append((kw["timestamp"] / 1000.0, str(browser._from_remoteobject(args[0]))))
            return original(browser, type, args=args, stackTrace=stackTrace, **kw)

        return handle_console


def view_timings(lines):
    """From the clickbot's timed lines: the seconds each view took to open (from its menu
    click or view switch, the clickbot then waiting until the view is there and no call is
    pending, to its next line; a view switch includes the clickbot's own 0.25 s pause), and
    per view the mean seconds a filter click took to show its records."""
    views, filters = [], []
    menu = label = ""
    # The clickbot's own lines only: the page logs other things in between.
    lines = [(at, line) for at, line in lines if line.startswith(CLICKBOT_LINES)]
    for (at, line), (next_at, _next) in pairwise(lines):
        if line.startswith("Testing menu "):
            menu = line.removeprefix("Testing menu ").strip()
            label = f"{menu} (first view)"
            views.append((next_at - at, label))
        elif line.startswith("Testing view switch: "):
            label = f"{menu}: {line.removeprefix('Testing view switch: ')}"
            views.append((next_at - at, label))
        elif line.startswith("Testing ") and line.endswith(" filters"):
            count = int(line.split()[1])
            if count:
                filters.append(((next_at - at) / count, label))
    return views, filters


class TestViewsAtVolume(HttpCase):
    allow_end_on_form = True
    # What Odoo's test metaclass gives the test classes of an addon (this file is not one).
    test_tags = {"standard", "post_install"}
    test_module = "complaint_management"
    test_class = "TestViewsAtVolume"
    test_sequence = 0

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        company = env.ref("base.main_company")
        env["res.users"].with_context(no_reset_password=True).create(
            {
                "name": "Complaint Administrator",
                "login": "bench_cmadmin",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "tz": "Asia/Shanghai",
                "groups_id": [(6, 0, env.ref("complaint_management.group_complaint_manager").ids)],
            }
        )
        for login in ROLES.values():
            env["res.users"].search([("login", "=", login)]).password = login
        handler = env["res.users"].search([("login", "=", ROLES["department handler"])])
        template = env["complaint.complaint"].search(
            [("handler_id", "=", handler.id), ("state", "not in", ("closed", "archived"))],
            limit=1,
        )
        assert template, f"the benchmark gave {handler.login} no open complaint"
        # Odoo's addons are importable once pytest-odoo loaded the registry.
        from odoo.addons.complaint_management.tests.common import insert_copies  # noqa: PLC0415

        deadline = datetime.combine(datetime.now().date() + timedelta(days=1), datetime.min.time())
        deadline += timedelta(hours=2)  # 10:00 in Shanghai
        insert_copies(
            env,
            template,
            SAME_DAY,
            date_deadline=deadline,
            date_at_risk=deadline - timedelta(hours=2),
        )
        cls.results = {}

    def click_everywhere(self, role):
        login = ROLES[role]
        steps = _Steps()
        start = time.monotonic()
        with patch.object(ChromeBrowser, "_handle_console", steps.handler()):
            self.browser_js(
                "/odoo",
                CLICKBOT,
                "odoo.isReady === true",
                login=login,
                timeout=TIMEOUT,
                success_signal="clickbot test succeeded",
            )
        views, filters = view_timings(steps.lines)
        slowest = max(views, default=(0, ""))
        result = {
            "login": login,
            "seconds": round(time.monotonic() - start, 1),
            "views_opened": len(views),
            "slowest_view_seconds": round(slowest[0], 2),
            "slowest_view": slowest[1],
            "median_view_seconds": round(sorted(v for v, _l in views)[len(views) // 2], 2)
            if views
            else None,
            "slowest_filter_seconds": round(max(filters, default=(0, ""))[0], 2),
            "slowest_filter_view": max(filters, default=(0, ""))[1],
            "views": [(label, round(seconds, 2)) for seconds, label in views],
            "filters": [(label, round(seconds, 2)) for seconds, label in filters],
        }
        path = os.environ.get("BENCH_VIEWS_JSON")
        if path:
            data = {}
            if os.path.exists(path):
                with open(path, encoding="utf-8") as handle:
                    data = json.load(handle)
            data[role] = result
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2)

    def test_service_desk(self):
        self.click_everywhere("service desk")

    def test_department_handler(self):
        self.click_everywhere("department handler")

    def test_department_manager(self):
        self.click_everywhere("department manager")

    def test_supervisor(self):
        self.click_everywhere("supervisor")

    def test_compliance(self):
        self.click_everywhere("compliance")

    def test_general_manager(self):
        self.click_everywhere("general manager")

    def test_complaint_administrator(self):
        self.click_everywhere("complaint administrator")
