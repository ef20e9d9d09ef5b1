"""Odoo's clickbot over the Complaints menu, as web/tests/test_click_everywhere.py runs it
over every app: each menu, each view of its action and each filter of its search view,
failing on any error dialog or client error. As the service desk, a department handler
and a supervisor, on the demo data plus 2,000 complaints due on the same day (a busy week
at a bank: the deadline calendar must hold it)."""

from datetime import datetime, time, timedelta

from odoo.tests import HttpCase, tagged

from .common import insert_copies

CLICKBOT = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    ".startClickEverywhere('complaint_management.complaint_menu_root');"
)
# Complaints of one department due on one day.
SAME_DAY = 2000
# The first view of a menu may wait for the assets of a busy two-core machine.
TIMEOUT = 600


@tagged("post_install", "-at_install", "is_tour")
class TestClickEverywhere(HttpCase):
    allow_end_on_form = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        deadline = datetime.combine(datetime.now().date() + timedelta(days=1), time(2, 0))
        insert_copies(
            cls.env,
            cls.env.ref("complaint_management.complaint_demo_investigating_transfer"),
            SAME_DAY,
            date_deadline=deadline,
            date_at_risk=deadline - timedelta(hours=2),
        )

    def click_everywhere(self, login):
        self.browser_js(
            "/odoo",
            CLICKBOT,
            "odoo.isReady === true",
            login=login,
            timeout=TIMEOUT,
            success_signal="clickbot test succeeded",
        )

    def test_click_everywhere_as_desk(self):
        self.click_everywhere("desk")

    def test_click_everywhere_as_handler(self):
        self.click_everywhere("handler")

    def test_click_everywhere_as_supervisor(self):
        self.click_everywhere("supervisor")
