"""Confidentiality (SPEC.md "Confidentiality"): a complaint's contact details and the
compensation of its plans reach only those handling it, through every way in (read,
search, lists, exports, the printed slip), and every read, export and print of them is
logged, also on the paths the web client takes."""

from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.base.models.ir_qweb import QWebException

from .common import (
    ACCOUNT,
    ADDRESS,
    COMPENSATION,
    EMAIL,
    PHONE,
    ComplaintAccessCase,
    ComplaintCase,
    G,
)

REPORT = "complaint_management.complaint_slip_report_action"
CONFIDENTIAL = ("partner_phone", "partner_email", "partner_address", "account_number")


@tagged("post_install", "-at_install")
class TestConfidentiality(ComplaintAccessCase):
    def render_slip(self, complaint, user):
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_company(self.company)
            ._render_qweb_html(REPORT, complaint.ids)
        )
        return html.decode()

    def allowed(self):
        """Who reads the complainant's contact details (SPEC.md: the desk, the assigned
        department, supervisors and compliance)."""
        return {
            "desk": self.desk,
            "handler": self.handler,
            "manager": self.manager,
            "supervisor": self.supervisor,
            "compliance": self.compliance,
            "admin": self.admin,
        }

    def hidden(self):
        return {
            "it_handler (assisting)": self.it_handler,
            "it_collab (assisting)": self.it_collab,
            "gm (approver)": self.gm,
        }

    def compensation_allowed(self):
        """Who reads the plan's compensation: those handling the complaint, and the plan's
        approvers wherever they work."""
        return {**self.allowed(), "gm (approver)": self.gm}

    def compensation_hidden(self):
        return {"it_handler (assisting)": self.it_handler, "it_collab (assisting)": self.it_collab}

    def test_contact_details_readable_only_by_those_handling_it(self):
        expected = {
            "partner_phone": PHONE,
            "partner_email": EMAIL,
            "partner_address": ADDRESS,
            "account_number": ACCOUNT,
        }
        for name, user in self.allowed().items():
            with self.subTest(user=name):
                self.env.invalidate_all()
                values = self.ops.with_user(user).read(list(CONFIDENTIAL))[0]
                self.assertEqual({f: values[f] for f in CONFIDENTIAL}, expected)
        for name, user in self.hidden().items():
            with self.subTest(user=name):
                self.env.invalidate_all()
                values = self.ops.with_user(user).read([*CONFIDENTIAL, "confidential_hidden"])[0]
                self.assertEqual(
                    {f: values[f] for f in CONFIDENTIAL}, dict.fromkeys(CONFIDENTIAL, False)
                )
                self.assertTrue(values["confidential_hidden"])

    def test_raw_storage_is_not_readable(self):
        for user in (self.desk, self.supervisor, self.compliance, self.admin, self.it_handler):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.ops.with_user(user).read(["confidential_phone"])
            with self.subTest(user=user.login, model="plan"), self.assertRaises(AccessError):
                self.ops_plan.with_user(user).read(["confidential_compensation"])

    def test_list_views_hide_them_too(self):
        spec = {"name": {}, **{f: {} for f in CONFIDENTIAL}}
        for name, user in {**self.allowed(), **self.hidden()}.items():
            with self.subTest(user=name):
                self.env.invalidate_all()
                Complaint = self.env["complaint.complaint"].with_user(user)
                records = Complaint.web_search_read([("id", "=", self.ops.id)], spec)["records"]
                rows = Complaint.search_read([("id", "=", self.ops.id)], list(CONFIDENTIAL))
                visible = name in self.allowed()
                self.assertEqual(records[0]["partner_phone"], PHONE if visible else False)
                self.assertEqual(rows[0]["account_number"], ACCOUNT if visible else False)

    def test_searching_does_not_reveal_them(self):
        """A search on a contact detail is no oracle for those who may not read it."""
        domains = [
            [("partner_phone", "=", PHONE)],
            [("partner_phone", "like", "138")],
            [("account_number", "ilike", "6222")],
            [("partner_email", "=like", "sun.li@%")],
        ]
        for domain in domains:
            with self.subTest(domain=domain):
                for user in self.hidden().values():
                    found = self.env["complaint.complaint"].with_user(user).search(domain)
                    self.assertNotIn(self.ops, found)
                found = self.env["complaint.complaint"].with_user(self.handler).search(domain)
                self.assertIn(self.ops, found)

    def test_compensation_readable_only_by_those_handling_it_and_approvers(self):
        for name, user in self.compensation_allowed().items():
            with self.subTest(user=name):
                self.env.invalidate_all()
                self.assertEqual(self.ops_plan.with_user(user).compensation_amount, COMPENSATION)
                self.assertEqual(self.ops.with_user(user).compensation_amount, COMPENSATION)
        for name, user in self.compensation_hidden().items():
            with self.subTest(user=name):
                self.env.invalidate_all()
                self.assertEqual(self.ops_plan.with_user(user).compensation_amount, 0.0)
                self.assertEqual(self.ops.with_user(user).compensation_amount, 0.0)
                rows = (
                    self.env["complaint.plan"]
                    .with_user(user)
                    .search_read([("id", "=", self.ops_plan.id)], ["compensation_amount"])
                )
                self.assertEqual(rows[0]["compensation_amount"], 0.0)

    def test_compensation_is_not_served_from_another_users_cache(self):
        """Within one request (one transaction cache), what the desk was shown must not be
        handed to the next user who reads the same complaint."""
        self.assertEqual(self.ops.with_user(self.desk).compensation_amount, COMPENSATION)
        self.assertEqual(self.ops.with_user(self.it_collab).compensation_amount, 0.0)
        self.assertEqual(self.ops.with_user(self.it_collab).partner_phone, False)

    def test_contact_details_cannot_be_changed_by_others(self):
        with self.assertRaises(AccessError):
            self.ops_open.with_user(self.handler).write({"partner_phone": "110"})
        with self.assertRaises(AccessError):
            self.ops_open.with_user(self.it_handler).write({"partner_phone": "110"})
        self.ops_open.with_user(self.desk).write({"partner_phone": "13800000009"})
        self.assertEqual(self.ops_open.with_user(self.desk).partner_phone, "13800000009")

    def test_confidential_data_given_at_creation_is_stored_and_checked(self):
        """Values given when a record is created are stored with it (one insert), and
        only by those who may read them, as when they are changed later."""
        complaint = self.create_complaint(partner_phone="13800000077", account_number="6222-77")
        self.assertEqual(complaint.sudo().confidential_phone, "13800000077")
        self.assertEqual(complaint.sudo().confidential_account, "6222-77")
        self.assertEqual(complaint.with_user(self.desk).partner_phone, "13800000077")
        self.assertFalse(complaint.with_user(self.it_handler).partner_phone)
        plan = self.draft_plan(self.walk(complaint, "investigating"))
        InKind = self.env["complaint.plan.compensation"].with_user(self.handler)
        line = {"plan_id": plan.id, "kind": "gift", "description": "A fruit basket"}
        self.assertEqual(
            InKind.create(dict(line, estimated_value=80.0)).sudo().confidential_estimated_value,
            80.0,
        )
        # Whoever may not read a record's confidential data may not give it at creation
        # (no role creates such records today: the check stands behind the access rules).
        with patch.object(type(InKind), "_confidential_allowed", lambda records: records[:0]):
            self.assertTrue(InKind.create(dict(line)), "without confidential values")
            with self.assertRaises(AccessError):
                InKind.create(dict(line, estimated_value=80.0))

    def test_compensation_cannot_be_set_by_others(self):
        plan = self.draft_plan(self.ops_open, compensation=100.0)
        with self.assertRaises(AccessError):
            plan.with_user(self.it_handler).write({"compensation_amount": 1e6})
        with self.assertRaises(AccessError):
            plan.with_user(self.desk).write({"compensation_amount": 1e6})
        self.assertEqual(plan.sudo().confidential_compensation, 100.0)

    def test_reads_of_confidential_data_are_logged(self):
        self.env.invalidate_all()
        before = self.log_count(self.ops_open, self.handler, "read")
        values = self.ops_open.with_user(self.handler).read(["partner_phone"])[0]
        self.assertEqual(values["partner_phone"], PHONE)
        self.assertEqual(self.log_count(self.ops_open, self.handler, "read"), before + 1)
        # Nothing disclosed, nothing logged.
        self.env.invalidate_all()
        self.ops.with_user(self.it_collab).read(["partner_phone"])
        self.assertEqual(self.log_count(self.ops, self.it_collab), 0)
        # A list view logs each complaint shown.
        self.env.invalidate_all()
        shown = (
            self.env["complaint.complaint"]
            .with_user(self.desk)
            .search_read([("id", "in", (self.ops | self.it).ids)], ["partner_phone"])
        )
        self.assertEqual(len(shown), 2)
        self.assertEqual(self.log_count(self.it, self.desk, "read"), 1)

    def test_reads_of_the_compensation_are_logged(self):
        self.env.invalidate_all()
        values = self.ops_plan.with_user(self.handler).read(["compensation_amount"])[0]
        self.assertEqual(values["compensation_amount"], COMPENSATION)
        self.assertTrue(self.log_count(self.ops, self.handler, "read"))
        # The general manager approves it: reads the compensation (logged), not the phone.
        self.env.invalidate_all()
        values = self.ops_plan.with_user(self.gm).read(["compensation_amount"])[0]
        self.assertEqual(values["compensation_amount"], COMPENSATION)
        self.assertEqual(self.log_count(self.ops, self.gm, "read"), 1)
        self.env.invalidate_all()
        self.assertFalse(self.ops.with_user(self.gm).read(["partner_phone"])[0]["partner_phone"])
        self.assertEqual(self.log_count(self.ops, self.gm, "read"), 1, "nothing disclosed")

    def search_logs(self, user):
        return (
            self.env["complaint.access.log"]
            .sudo()
            .search([("user_id", "=", user.id), ("access_type", "=", "search")], order="id")
        )

    def test_searches_on_contact_details_are_logged(self):
        """Who searched, on which field, how many matched among the complaints they may
        read; never the value searched."""
        Complaint = self.env["complaint.complaint"]
        found = Complaint.with_user(self.handler).search([("partner_email", "=", EMAIL)])
        self.assertEqual(found, self.ops)
        log = self.search_logs(self.handler)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.field_id.name, "partner_email")
        self.assertEqual(log.field_id.model, "complaint.complaint")
        self.assertEqual(log.match_count, 1)
        self.assertFalse(log.complaint_id)
        stored = log.read([f for f, field in log._fields.items() if field.store])[0]
        self.assertNotIn("sun.li", repr(stored), "the value searched is never kept")
        # Those who may not read the data are logged too: their search found nothing.
        self.assertFalse(
            Complaint.with_user(self.it_collab).search([("partner_email", "=", EMAIL)])
        )
        self.assertEqual(self.search_logs(self.it_collab).match_count, 0)
        # Every way of searching: counts, groups, name search, through another model.
        desk = Complaint.with_user(self.desk)
        desk.search_count([("partner_phone", "like", "1380")])
        desk.read_group([("account_number", "ilike", "6222")], ["state"], ["state"])
        desk.name_search("", [("partner_address", "ilike", "Century")])
        self.env["complaint.plan"].with_user(self.desk).search(
            [("complaint_id.partner_email", "=", EMAIL)]
        )
        self.assertEqual(
            self.search_logs(self.desk).mapped("field_id.name"),
            ["partner_phone", "account_number", "partner_address", "partner_email"],
        )
        self.assertEqual(
            self.search_logs(self.desk)[0].match_count,
            Complaint.search_count([("partner_phone", "like", "1380")]),
        )

    def test_a_search_and_its_count_are_one_search(self):
        desk = self.env["complaint.complaint"].with_user(self.desk)
        domain = [("partner_phone", "=", PHONE)]
        desk.web_search_read(domain, {"name": {}}, limit=1)
        desk.search_count(domain)
        self.assertEqual(len(self.search_logs(self.desk)), 1)
        desk.search([("partner_phone", "=", "13800000002")])
        self.assertEqual(len(self.search_logs(self.desk)), 2, "another value, another search")

    def test_internal_searches_are_not_logged(self):
        self.env["complaint.complaint"].sudo().search([("partner_phone", "=", PHONE)])
        self.env["complaint.complaint"].with_user(self.desk).search([("name", "=", "TS")])
        self.assertFalse(
            self.env["complaint.access.log"].sudo().search([("access_type", "=", "search")])
        )

    def test_administrators_reading_the_raw_storage_are_logged(self):
        """A settings administrator cannot read the raw fields, but may put themselves in
        the technical group that can: reading them is still an access to confidential data,
        and it leaves a trace."""
        sysadmin = self._new_user("t_sysadmin", f"base.group_system,{G}manager")
        self.env.invalidate_all()
        with self.assertRaises(AccessError):
            self.ops.with_user(sysadmin).read(["confidential_phone"])
        self.assertEqual(self.log_count(self.ops, sysadmin), 0)
        sysadmin.groups_id |= self.env.ref("complaint_management.group_complaint_raw_storage")
        self.env.invalidate_all()
        values = self.ops.with_user(sysadmin).read(["confidential_phone"])[0]
        self.assertEqual(values["confidential_phone"], PHONE)
        self.assertEqual(self.log_count(self.ops, sysadmin, "read"), 1, "a raw read left no trace")
        rows = self.ops_plan.with_user(sysadmin).search_read(
            [("id", "=", self.ops_plan.id)], ["confidential_compensation"]
        )
        self.assertEqual(rows[0]["confidential_compensation"], COMPENSATION)
        self.assertEqual(self.log_count(self.ops, sysadmin, "read"), 2)

    def test_export_is_for_supervisors_and_compliance(self):
        # Ordinary users hold the export feature (Odoo's default user template does).
        for user in (self.desk, self.handler, self.gm, self.it_collab, self.manager):
            user.groups_id |= self.env.ref("base.group_allow_export")
        for user in (self.desk, self.handler, self.gm, self.it_collab, self.manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.ops.with_user(user).export_data(["name", "partner_phone"])
        for user in (self.supervisor, self.compliance, self.admin):
            with self.subTest(user=user.login):
                rows = self.ops.with_user(user).export_data(["name", "partner_phone"])["datas"]
                self.assertEqual(rows, [[self.ops.name, PHONE]])
                self.assertEqual(self.log_count(self.ops, user, "export"), 1)
                self.assertEqual(self.log_count(self.ops, user, "read"), 0)

    def test_contact_details_do_not_leave_through_other_models_exports(self):
        """Exporting plans, steps or revisits with their complaint's contact details is an
        export of complaint data: refused to those who may not export complaints, and
        logged as an export for those who may."""
        paths = ["complaint_id/partner_phone", "complaint_id/account_number"]
        self.handler.groups_id |= self.env.ref("base.group_allow_export")
        for model in ("complaint.plan", "complaint.step", "complaint.revisit"):
            record = self.sample(model)
            with self.subTest(model=model), self.assertRaises(UserError):
                record.with_user(self.handler).export_data(paths)
            with self.subTest(model=model, user="supervisor"):
                before = self.log_count(self.ops, self.supervisor, "export")
                rows = record.with_user(self.supervisor).export_data(paths)["datas"]
                self.assertEqual(rows, [[PHONE, ACCOUNT]])
                self.assertEqual(self.log_count(self.ops, self.supervisor, "export"), before + 1)
        self.assertEqual(self.log_count(self.ops, self.handler), 0)

    def test_handling_slip_shows_them_only_to_those_handling_it(self):
        html = self.render_slip(self.ops, self.handler)
        self.assertIn(PHONE, html)
        self.assertIn(ACCOUNT, html)
        for name, user in self.hidden().items():
            with self.subTest(user=name):
                html = self.render_slip(self.ops, user)
                self.assertIn(self.ops.name, html)
                self.assertNotIn(PHONE, html)
                self.assertNotIn(ACCOUNT, html)
        try:
            self.render_slip(self.ops_open, self.branch_handler)
        except (AccessError, QWebException) as error:
            self.assertIn("complaint.complaint", str(error))
        else:
            self.fail("a complaint the user may not read was printed")

    def test_printing_the_slip_is_logged(self):
        """Every print of the slip, with the contact details or masked."""
        self.render_slip(self.ops, self.handler)
        self.assertEqual(self.log_count(self.ops, self.handler, "print"), 1)
        self.render_slip(self.ops, self.it_collab)
        self.assertEqual(self.log_count(self.ops, self.it_collab, "print"), 1)
        self.assertEqual(self.log_count(self.ops, self.it_collab, "read"), 0)

    def test_access_log_cannot_be_tampered_with(self):
        for user in (self.supervisor, self.compliance, self.admin, self.desk):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.access_log.with_user(user).write({"user_id": self.gm.id})
                with self.assertRaises(AccessError):
                    self.access_log.with_user(user).unlink()
        self.assertTrue(self.access_log.exists())


@tagged("post_install", "-at_install")
class TestAccessLogOverRpc(ComplaintCase, HttpCase):
    """Odoo 18 serves methods marked ``@api.readonly`` from a read-only cursor
    (``web/controllers/dataset.py``): the reads that log must not be among them, or the
    log insert fails and Odoo retries the whole request with a warning."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.create_complaint(title="Read over RPC")

    def call(self, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/complaint.complaint/{method}",
            {"model": "complaint.complaint", "method": method, "args": args, "kwargs": kwargs},
        )

    def test_every_read_path_of_the_web_client_logs(self):
        self.authenticate(self.desk.login, self.desk.login)
        ids = self.complaint.ids
        spec = {"name": {}, "partner_phone": {}}
        calls = {
            "read": lambda: self.call("read", ids, ["partner_phone"])[0]["partner_phone"],
            "web_read": lambda: self.call("web_read", ids, spec)[0]["partner_phone"],
            "search_read": lambda: self.call("search_read", [("id", "in", ids)], ["partner_phone"])[
                0
            ]["partner_phone"],
            "web_search_read": lambda: self.call("web_search_read", [("id", "in", ids)], spec)[
                "records"
            ][0]["partner_phone"],
        }
        for method, read in calls.items():
            with self.subTest(method=method):
                before = self.log_count(self.complaint, self.desk, "read")
                with self.assertNoLogs("odoo.http", "WARNING"):
                    self.assertEqual(read(), "13800000001")
                self.assertEqual(self.log_count(self.complaint, self.desk, "read"), before + 1)

    def test_every_search_path_of_the_web_client_logs(self):
        """Searches are ``@api.readonly`` in Odoo 18: those that may log a search on
        contact details are served read-write, so the log is written without an error
        or a retried request."""
        self.authenticate(self.desk.login, self.desk.login)
        domain = [("partner_phone", "=", "13800000001")]
        calls = {
            "search": lambda: self.call("search", domain),
            "search_count": lambda: self.call("search_count", domain),
            "search_read": lambda: self.call("search_read", domain, ["name"]),
            "web_search_read": lambda: self.call("web_search_read", domain, {"name": {}}),
            "read_group": lambda: self.call("read_group", domain, ["state"], ["state"]),
            "web_read_group": lambda: self.call("web_read_group", domain, ["state"], ["state"]),
            "read_progress_bar": lambda: self.call(
                "read_progress_bar",
                domain,
                "state",
                {"field": "state", "colors": {"new": "info"}},
            ),
            "name_search": lambda: self.call("name_search", "", domain),
        }
        Log = self.env["complaint.access.log"].sudo()
        for method, call in calls.items():
            with self.subTest(method=method):
                before = Log.search_count([("access_type", "=", "search")])
                with self.assertNoLogs("odoo.http", "WARNING"):
                    call()
                logs = Log.search([("access_type", "=", "search")], order="id desc")
                self.assertEqual(len(logs), before + 1, "one search, one log line")
                self.assertEqual(logs[0].user_id, self.desk)
                self.assertEqual(logs[0].field_id.name, "partner_phone")
                self.assertGreaterEqual(logs[0].match_count, 1)
