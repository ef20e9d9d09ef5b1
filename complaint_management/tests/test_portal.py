"""The customer portal over HTTP (SPEC.md "Customers' rights"), as two different portal
users and as a public visitor with the links of our mails: what each may see, what their
answers do, that every answer is a POST checked against the complaint's owner or token,
and that nothing internal reaches the portal's pages, its JSON routes or its PDFs."""

import json
from datetime import datetime, time
from unittest.mock import patch

from odoo import Command, http
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
BIG_PDF = b"%PDF-1.4" + b"0" * (10 * 1024 * 1024)
INTERNAL_NOTE = "Internal: the branch manager is accountable, do not tell the customer"
LAWYER = "lawyer.li@lawfirm.example"
# What a walked complaint holds that is for the staff only (tests/common.py's helpers).
INTERNAL = (
    "Fee charged twice by a batch error",  # facts found
    "Batch job re-run",  # root cause
    "Operator warned",  # handling of responsible persons
    "Batch job guarded against re-runs",  # rectification
    "Called the customer and apologised",  # the department's contact note
    INTERNAL_NOTE,
    LAWYER,
)
QUIET = ("odoo.http", "odoo.addons.portal.controllers.portal", "werkzeug")


@tagged("post_install", "-at_install")
class TestPortal(ComplaintCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.org = Partner.create({"name": "Acme Trading Ltd", "is_company": True})
        cls.p_sun = Partner.create(
            {"name": "Sun Li", "email": "sun.li@acme.example", "parent_id": cls.org.id}
        )
        cls.p_zhou = Partner.create(
            {"name": "Zhou Jianguo", "email": "zhou@acme.example", "parent_id": cls.org.id}
        )
        cls.p_wu = Partner.create({"name": "Wu Xiaoming", "email": "wu@example.cn"})
        cls.sun = cls._portal_user("t_portal_sun", cls.p_sun)
        cls.zhou = cls._portal_user("t_portal_zhou", cls.p_zhou)
        cls.wu = cls._portal_user("t_portal_wu", cls.p_wu)
        cls.company.complaint_intake_user_id = cls.desk

        cls.c_sun = cls.walk(cls._complaint(cls.p_sun, "Sun's card fee"), "customer")
        cls.c_zhou = cls.walk(cls._complaint(cls.p_zhou, "Zhou's transfer"), "customer")
        cls.c_wu = cls._complaint(cls.p_wu, "Wu's ATM card", same_problem_id=cls.c_sun.id)
        cls.c_sun.sudo().message_post(body=INTERNAL_NOTE, subtype_xmlid="mail.mt_note")
        cls.c_sun.sudo().message_post(
            body="Please find my client's position attached.",
            message_type="email",
            email_from=f"Li Lawyer <{LAWYER}>",
            subtype_xmlid="mail.mt_comment",
        )
        cls.c_sun.sudo().message_post(
            body="Dear Sun Li, we are looking into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            author_id=cls.desk.partner_id.id,
        )

    @classmethod
    def _portal_user(cls, login, partner):
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=partner.id,
            email=partner.email,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            tz="Asia/Shanghai",
        )

    @classmethod
    def _complaint(cls, partner, title, **vals):
        return cls.create_complaint(
            partner_id=partner.id, title=title, feedback_preference="portal", **vals
        )

    # ------------------------------------------------------------------ helpers
    def login(self, user):
        self.authenticate(user.login, user.login)

    def public(self):
        self.authenticate(None, None)

    def post(self, url, **data):
        return self.url_open(url, data=dict(data, csrf_token=http.Request.csrf_token(self)))

    def page(self, complaint, token=None, **params):
        query = "&".join(f"{k}={v}" for k, v in dict(params, access_token=token).items() if v)
        return self.url_open(f"/my/complaints/{complaint.id}" + (f"?{query}" if query else ""))

    def assertNothingInternal(self, text, complaint=None):
        for secret in INTERNAL + ((complaint.grade_id.name,) if complaint else ()):
            self.assertNotIn(secret, text)

    def assertRefused(self, response, *not_shown):
        """The visitor was sent away (to /my, or to the login) without the complaint."""
        self.assertTrue(response.history, "redirected")
        self.assertNotIn("/my/complaints/", response.url.split("redirect=")[0])
        for text in not_shown:
            self.assertNotIn(text, response.text)

    # ------------------------------------------------------------------ seeing
    def test_a_customer_lists_only_their_own_complaints(self):
        self.login(self.sun)
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.c_sun.name, response.text)
        self.assertIn("Sun&#39;s card fee", response.text)
        self.assertNotIn(self.c_zhou.name, response.text, "a colleague's complaint")
        self.assertNotIn(self.c_wu.name, response.text)
        self.assertIn("Awaiting your answer to our proposal", response.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["complaint_count"]})
        self.assertEqual(counters["complaint_count"], 1)

    def test_the_list_filters_searches_sorts_and_pages(self):
        for i in range(3):
            self._complaint(self.p_sun, f"Old matter {i}")
        self.walk(self._complaint(self.p_sun, "Closed matter"), "closed")
        self.login(self.sun)
        opened = self.url_open("/my/complaints?filterby=open").text
        self.assertIn("Old matter 2", opened)
        self.assertNotIn("Closed matter", opened)
        closed = self.url_open("/my/complaints?filterby=closed").text
        self.assertIn("Closed matter", closed)
        self.assertNotIn("Old matter", closed)
        found = self.url_open("/my/complaints?search=matter 1&search_in=title").text
        self.assertIn("Old matter 1", found)
        self.assertNotIn("Old matter 2", found)
        by_name = self.url_open(f"/my/complaints?search={self.c_sun.name}&search_in=name").text
        self.assertIn("Sun&#39;s card fee", by_name)
        self.assertNotIn("Old matter", by_name)
        by_title = self.url_open("/my/complaints?sortby=title").text
        self.assertLess(by_title.index("Closed matter"), by_title.index("Old matter 0"))
        with patch(
            "odoo.addons.complaint_management.controllers.portal.ComplaintCustomerPortal._items_per_page",
            2,
        ):
            first = self.url_open("/my/complaints?sortby=title").text
            second = self.url_open("/my/complaints/page/2?sortby=title").text
        self.assertIn("Closed matter", first)
        self.assertNotIn("Old matter 1", first)
        self.assertIn("Old matter 1", second)
        self.assertIn("/my/complaints/page/3", first, "the pager")

    def test_the_complaint_page_shows_what_the_customer_may_see(self):
        self.login(self.sun)
        response = self.page(self.c_sun)
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertIn(self.c_sun.name, text)
        self.assertIn("Sun&#39;s card fee", text)
        self.assertIn("The annual fee was charged twice.", text, "their own complaint")
        self.assertIn("Awaiting your answer to our proposal", text)
        self.assertIn("Refund the second fee.", text, "the plan put to them")
        self.assertIn("Accept this proposal", text)
        self.assertNothingInternal(text, self.c_sun)
        self.assertNotIn("Wu Xiaoming", text, "another customer of the same problem")

    def test_the_next_contact_is_the_promise_not_an_internal_deadline(self):
        fresh = self._complaint(self.p_sun, "Just arrived")
        self.login(self.sun)
        text = self.page(fresh).text
        self.assertIn("You will hear from us by", text)
        promise = fresh._portal_next_contact_text()
        self.assertIn(promise, text)
        dispatch = fresh.step_ids.filtered(lambda s: s.step_type == "dispatch")
        self.assertNotEqual(
            fresh._portal_next_contact(), dispatch.date_deadline, "not the dispatch deadline"
        )
        self.walk(fresh, "implementing")
        due = fresh.plan_id.date_due
        self.assertEqual(
            fresh._portal_next_contact(),
            datetime.combine(due, time(15, 59)),
            "the end of the plan's due day in Shanghai (23:59 is 15:59 UTC)",
        )
        self.walk(fresh, "feedback")
        feedback = fresh.step_ids.filtered(
            lambda s: s.step_type == "feedback" and s.state == "open"
        )
        self.assertEqual(fresh._portal_next_contact(), feedback.date_deadline)

    def test_another_customer_is_refused_by_url(self):
        self.login(self.wu)
        self.assertRefused(self.page(self.c_sun), "Sun&#39;s card fee", self.c_sun.name)
        self.assertRefused(self.page(self.c_zhou), "Zhou&#39;s transfer")
        missing = self.url_open("/my/complaints/999999")
        self.assertRefused(missing)

    def test_the_organisation_setting_extends_the_portal_to_colleagues(self):
        self.login(self.zhou)
        self.assertRefused(self.page(self.c_sun), "Sun&#39;s card fee")
        self.company.complaint_portal_share_commercial = True
        self.assertEqual(self.page(self.c_sun).status_code, 200)
        self.assertIn("Sun&#39;s card fee", self.url_open("/my/complaints").text)
        self.login(self.wu)
        self.assertRefused(self.page(self.c_sun), "Sun&#39;s card fee")

    def test_the_mail_link_opens_the_page_without_login(self):
        self.public()
        token = self.c_sun._portal_ensure_token()
        response = self.page(self.c_sun, token)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Sun&#39;s card fee", response.text)
        self.assertIn("Accept this proposal", response.text)
        self.assertNothingInternal(response.text, self.c_sun)

    def test_a_wrong_stale_or_foreign_token_is_refused(self):
        self.public()
        token = self.c_sun._portal_ensure_token()
        self.assertRefused(self.page(self.c_sun, "not-the-token"), "Sun&#39;s card fee")
        self.assertRefused(
            self.page(self.c_sun, self.c_zhou._portal_ensure_token()), "Sun&#39;s card fee"
        )
        self.c_sun.sudo().access_token = False
        self.c_sun._portal_ensure_token()
        self.assertRefused(self.page(self.c_sun, token), "Sun&#39;s card fee")
        self.assertRefused(self.url_open("/my/complaints"))

    # ------------------------------------------------------------------ JSON, RPC, reports
    def test_the_portal_chatter_shows_only_messages_for_the_customer(self):
        self.login(self.sun)
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "complaint.complaint", "thread_id": self.c_sun.id, "limit": 100},
        )
        dump = json.dumps(result, ensure_ascii=False)
        self.assertIn("we are looking into it", dump)
        self.assertIn("we received your complaint", dump.lower(), "the acknowledgement")
        self.assertNothingInternal(dump)
        self.public()
        result = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "complaint.complaint",
                "thread_id": self.c_sun.id,
                "limit": 100,
                "token": self.c_sun._portal_ensure_token(),
            },
        )
        dump = json.dumps(result, ensure_ascii=False)
        self.assertIn("we are looking into it", dump)
        self.assertNothingInternal(dump)

    def test_the_customer_writes_to_us_in_the_portal_chatter(self):
        params = {
            "thread_model": "complaint.complaint",
            "thread_id": self.c_sun.id,
            "post_data": {
                "body": "Any news about my refund?",
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_comment",
            },
        }
        self.login(self.sun)
        self.make_jsonrpc_request("/mail/message/post", params)
        posted = self.c_sun.message_ids.filtered(lambda m: "Any news" in (m.body or ""))
        self.assertEqual(posted.author_id, self.p_sun)
        self.assertIn(self.desk.partner_id, posted.notified_partner_ids, "the desk is told")
        self.public()
        params["post_data"]["body"] = "Sent from the link in your mail."
        self.make_jsonrpc_request(
            "/mail/message/post", dict(params, token=self.c_sun._portal_ensure_token())
        )
        posted = self.c_sun.message_ids.filtered(lambda m: "from the link" in (m.body or ""))
        self.assertEqual(posted.author_id, self.p_sun, "the complainant the mail was sent to")

    def test_the_portal_speaks_the_customers_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        self.sun.lang = "zh_CN"
        self.login(self.sun)
        text = self.page(self.c_sun).text
        self.assertIn("处理方案待您确认", text)
        self.assertIn("接受此方案", text)
        self.assertIn("投诉", self.url_open("/my/complaints").text)

    @mute_logger("odoo.http", "odoo.models")
    def test_json_rpc_reads_no_internal_field(self):
        self.login(self.sun)

        def call(method, args, kwargs=None):
            return self.url_open(
                f"/web/dataset/call_kw/complaint.complaint/{method}",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": "complaint.complaint",
                            "method": method,
                            "args": args,
                            "kwargs": kwargs or {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            ).json()

        allowed = call("read", [[self.c_sun.id], ["name", "state", "title"]])
        self.assertEqual(allowed["result"][0]["name"], self.c_sun.name)
        for fname in (
            "facts_found",
            "root_cause",
            "accountability_note",
            "grade_proposed_reason",
            "grade_history_ids",
            "escalation_ids",
            "problem_complaint_ids",
            "involves_fraud",
            "handler_id",
            "partner_phone",
        ):
            with self.subTest(field=fname):
                refused = call("read", [[self.c_sun.id], [fname]])
                self.assertIn("error", refused)
                self.assertNotIn("result", refused)
        everything = call("read", [[self.c_sun.id]])
        self.assertNothingInternal(json.dumps(everything, ensure_ascii=False))
        self.assertNotIn("facts_found", everything["result"][0])
        searched = call("search", [[("root_cause", "ilike", "Batch")]])
        self.assertIn("error", searched, "no search on an internal field either")
        foreign = call("read", [[self.c_zhou.id], ["name"]])
        self.assertIn("error", foreign)

    @mute_logger("odoo.http", "odoo.models", "odoo.addons.base.models.ir_rule")
    def test_the_handling_slip_never_reaches_the_portal(self):
        self.login(self.sun)
        for report in ("complaint_slip", "complaint_result_letter"):
            with self.subTest(report=report):
                response = self.url_open(
                    f"/report/html/complaint_management.{report}/{self.c_sun.id}"
                )
                self.assertNotEqual(response.status_code, 200)
                self.assertNothingInternal(response.text)

    # ------------------------------------------------------------------ answering the plan
    def test_the_customer_accepts_the_plan(self):
        self.login(self.sun)
        plan = self.c_sun.plan_id
        response = self.post(f"/my/complaints/{self.c_sun.id}/plan/accept")
        self.assertEqual(response.status_code, 200)
        self.assertIn("you accepted our proposal", response.text)
        self.assertEqual(plan.state, "accepted")
        self.assertEqual(plan.decision_channel, "portal")
        self.assertEqual(self.c_sun.state, "implementing")
        log = self.c_sun.message_ids.filtered(lambda m: "Accepted the proposed" in (m.body or ""))
        self.assertEqual(log.author_id, self.p_sun, "logged as the customer")
        self.assertEqual(log.subtype_id, self.env.ref("mail.mt_comment"))

    def test_the_customer_refuses_the_plan_with_a_reason(self):
        self.public()
        token = self.c_zhou._portal_ensure_token()
        plan = self.c_zhou.plan_id
        empty = self.post(
            f"/my/complaints/{self.c_zhou.id}/plan/refuse", access_token=token, reason="  "
        )
        self.assertIn("Tell us why", empty.text)
        self.assertEqual(plan.state, "approved", "nothing without a reason")
        response = self.post(
            f"/my/complaints/{self.c_zhou.id}/plan/refuse",
            access_token=token,
            reason="I want the fee refunded, not a voucher.",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(plan.state, "refused")
        self.assertEqual(plan.customer_note, "I want the fee refunded, not a voucher.")
        self.assertEqual(plan.decision_channel, "portal")
        self.assertEqual(self.c_zhou.state, "investigating", "back to the department")
        self.assertTrue(
            self.c_zhou.step_ids.filtered(lambda s: s.step_type == "plan" and s.state == "open")
        )
        told = self.c_zhou.message_ids.filtered(lambda m: "refused plan v1" in (m.body or ""))
        self.assertIn(self.handler.partner_id, told.partner_ids, "the department is told")
        log = self.c_zhou.message_ids.filtered(lambda m: "Refused the proposed" in (m.body or ""))
        self.assertEqual(log.author_id, self.p_zhou, "in the complainant's name")

    @mute_logger(*QUIET)
    def test_answers_to_someone_elses_complaint_change_nothing(self):
        """Each answer, POSTed by another customer or with a wrong or foreign token, is
        refused and changes nothing."""
        rated = self.walk(self._complaint(self.p_zhou, "Zhou's rating"), "revisit")
        closed = self.walk(self._complaint(self.p_zhou, "Zhou's result"), "closed")
        answers = {
            "plan/accept": (self.c_zhou, {}),
            "plan/refuse": (self.c_zhou, {"reason": "No."}),
            "revisit": (rated, {"satisfaction": "5", "comment": "Forged."}),
            "objection": (closed, {"reason": "Forged objection."}),
        }

        def unchanged():
            self.env.invalidate_all()
            self.assertEqual(self.c_zhou.plan_id.state, "approved")
            self.assertEqual(self.c_zhou.state, "customer")
            self.assertEqual(rated.state, "revisit")
            self.assertFalse(rated.revisit_ids)
            self.assertFalse(rated.portal_satisfaction)
            self.assertFalse(closed.followup_complaint_ids)

        self.login(self.wu)
        for route, (complaint, data) in answers.items():
            with self.subTest(owner="another customer", route=route):
                self.assertRefused(self.post(f"/my/complaints/{complaint.id}/{route}", **data))
                unchanged()
        self.public()
        for route, (complaint, data) in answers.items():
            for token in ("forged", self.c_sun._portal_ensure_token()):
                with self.subTest(token=token, route=route):
                    response = self.post(
                        f"/my/complaints/{complaint.id}/{route}", access_token=token, **data
                    )
                    self.assertRefused(response)
                    unchanged()

    @mute_logger(*QUIET)
    def test_a_get_or_a_post_without_csrf_changes_nothing(self):
        """Mail scanners follow GET links; a forged form has no CSRF token."""
        self.login(self.sun)
        plan = self.c_sun.plan_id
        get = self.url_open(f"/my/complaints/{self.c_sun.id}/plan/accept")
        self.assertEqual(get.status_code, 405)
        forged = self.url_open(
            f"/my/complaints/{self.c_sun.id}/plan/accept", data={"csrf_token": "forged"}
        )
        self.assertEqual(forged.status_code, 400)
        self.assertEqual(plan.state, "approved")

    def test_an_answer_in_the_wrong_state_is_refused_clearly(self):
        self.login(self.sun)
        self.post(f"/my/complaints/{self.c_sun.id}/plan/accept")
        again = self.post(f"/my/complaints/{self.c_sun.id}/plan/accept")
        self.assertIn("There is no proposal waiting for your answer", again.text)
        self.assertEqual(len(self.c_sun.plan_ids.filtered(lambda p: p.state == "accepted")), 1)

    # ------------------------------------------------------------------ the revisit
    def test_a_satisfied_rating_closes_the_complaint(self):
        complaint = self.walk(self._complaint(self.p_sun, "Rated well"), "revisit")
        self.public()
        token = complaint._portal_ensure_token()
        shown = self.page(complaint, token, satisfaction="5")
        self.assertIn('value="5" checked', shown.text, "the mail's choice is shown, not applied")
        self.assertEqual(complaint.state, "revisit")
        self.post(
            f"/my/complaints/{complaint.id}/revisit",
            access_token=token,
            satisfaction="5",
            comment="Quick and fair.",
        )
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.closure_type, "satisfied")
        revisit = complaint.revisit_ids
        self.assertEqual(
            (revisit.channel, revisit.partner_id, revisit.satisfaction, revisit.comment),
            ("portal", self.p_sun, "5", "Quick and fair."),
        )

    def test_a_dissatisfied_rating_gives_the_desk_a_todo(self):
        complaint = self.walk(self._complaint(self.p_sun, "Rated badly"), "revisit")
        self.login(self.sun)
        self.post(f"/my/complaints/{complaint.id}/revisit", satisfaction="1", comment="Too slow.")
        self.assertEqual(complaint.state, "revisit", "the desk decides what follows")
        self.assertFalse(complaint.revisit_ids)
        self.assertEqual(complaint.portal_satisfaction, "1")
        todo = complaint.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("complaint_management.mail_activity_type_complaint_portal_answer")
            )
        )
        self.assertEqual(todo.user_id, self.desk)
        self.assertIn("re-complaint", todo.note)
        again = self.post(f"/my/complaints/{complaint.id}/revisit", satisfaction="5")
        self.assertIn("You already answered", again.text)
        # The desk records the revisit from the customer's own answer.
        wizard = (
            self.env["complaint.revisit.wizard"]
            .with_user(self.desk)
            .with_context(default_complaint_id=complaint.id)
            .create({"outcome": "recomplaint"})
        )
        self.assertEqual(
            (wizard.channel, wizard.satisfaction, wizard.comment),
            ("portal", "1", "Too slow."),
        )
        wizard.action_confirm()
        self.assertEqual(complaint.revisit_ids.partner_id, self.p_sun)
        self.assertFalse(complaint.portal_satisfaction)
        self.assertFalse(complaint.activity_ids & todo, "the to-do is done")

    @mute_logger(*QUIET)
    def test_a_rating_out_of_range_changes_nothing(self):
        complaint = self.walk(self._complaint(self.p_sun, "Odd rating"), "revisit")
        self.login(self.sun)
        response = self.post(f"/my/complaints/{complaint.id}/revisit", satisfaction="9")
        self.assertIn("Choose how satisfied you are", response.text)
        self.assertEqual(complaint.state, "revisit")
        self.login(self.wu)
        self.assertRefused(self.post(f"/my/complaints/{complaint.id}/revisit", satisfaction="5"))
        self.assertEqual(complaint.state, "revisit")

    # ------------------------------------------------------------------ objection
    def test_the_customer_objects_to_the_result(self):
        complaint = self.walk(self._complaint(self.p_sun, "Objected"), "closed")
        self.login(self.sun)
        response = self.post(
            f"/my/complaints/{complaint.id}/objection", reason="The refund is incomplete."
        )
        self.assertIn("Your objection is registered", response.text)
        objection = complaint.followup_complaint_ids
        self.assertEqual(len(objection), 1)
        self.assertEqual(objection.complaint_type, "objection")
        self.assertEqual(objection.partner_id, self.p_sun)
        self.assertEqual(objection.channel_id.code, "website")
        self.assertEqual(objection.receiver_id, self.desk)
        self.assertIn("The refund is incomplete.", objection.description)
        self.assertEqual(objection.problem_root_id, complaint.problem_root_id, "counted")
        self.assertIn(objection.name, self.url_open("/my/complaints").text)
        self.login(self.wu)
        self.assertRefused(self.post(f"/my/complaints/{complaint.id}/objection", reason="Me too."))
        self.assertEqual(len(complaint.followup_complaint_ids), 1)

    def test_no_objection_before_the_answer(self):
        self.login(self.sun)
        self.assertNotIn("Object to the result", self.page(self.c_sun).text)
        response = self.post(f"/my/complaints/{self.c_sun.id}/objection", reason="Too early.")
        self.assertIn("You can object once we have given you our answer", response.text)
        self.assertFalse(self.c_sun.followup_complaint_ids)

    # ------------------------------------------------------------------ letters
    def test_letters_are_downloaded_only_from_their_complaint(self):
        complaint = self.walk(self._complaint(self.p_sun, "With a letter"), "revisit")
        letter = self.env["ir.attachment"].create(
            {
                "name": f"Result letter - {complaint.name}.pdf",
                "raw": PDF,
                "res_model": "complaint.complaint",
                "res_id": complaint.id,
            }
        )
        other = self.env["ir.attachment"].create(
            {
                "name": "internal.pdf",
                "raw": PDF,
                "res_model": "complaint.complaint",
                "res_id": complaint.id,
            }
        )
        self.assertEqual(complaint._portal_letters(), letter)
        self.login(self.sun)
        self.assertIn(f"/letters/{letter.id}", self.page(complaint).text)
        download = self.url_open(f"/my/complaints/{complaint.id}/letters/{letter.id}")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(download.content, PDF)
        with mute_logger(*QUIET):
            self.assertEqual(
                self.url_open(f"/my/complaints/{complaint.id}/letters/{other.id}").status_code,
                404,
            )
            self.login(self.wu)
            self.assertRefused(self.url_open(f"/my/complaints/{complaint.id}/letters/{letter.id}"))

    # ------------------------------------------------------------------ a new complaint
    def test_a_customer_registers_a_complaint_with_evidence(self):
        self.login(self.sun)
        form = self.url_open("/my/complaints/new")
        self.assertIn("Personal information notice", form.text)
        response = self.url_open(
            "/my/complaints/submit",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "title": "Mobile app shows a wrong balance",
                "description": "Since Monday the app shows 0.\nThe branch says it is fine.",
                "customer_demand": "Fix the app.",
                "contact_phone": "13900000000",
                "feedback_preference": "portal",
                "consent": "on",
            },
            files=[("attachments", ("screenshot.pdf", PDF, "application/pdf"))],
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["complaint.complaint"].search(
            [("title", "=", "Mobile app shows a wrong balance")]
        )
        self.assertEqual(len(complaint), 1)
        self.assertIn(f"/my/complaints/{complaint.id}", response.url)
        self.assertIn("your complaint is registered", response.text)
        self.assertEqual(complaint.partner_id, self.p_sun)
        self.assertEqual(complaint.channel_id.code, "website")
        self.assertEqual(complaint.receiver_id, self.desk)
        self.assertTrue(complaint.date_privacy_consent)
        self.assertEqual(complaint.sudo().confidential_phone, "13900000000")
        self.assertEqual(complaint.sudo().confidential_email, "sun.li@acme.example")
        self.assertEqual(complaint.evidence_attachment_ids.mapped("name"), ["screenshot.pdf"])
        self.assertIn("The branch says it is fine.", complaint.description)
        ack = complaint.message_ids.filtered(lambda m: "received your complaint" in (m.body or ""))
        self.assertEqual(len(ack), 1, "acknowledged by mail")
        submitted = complaint.message_ids.filtered(lambda m: "submitted" in (m.body or ""))
        self.assertEqual(submitted.author_id, self.p_sun)

    def test_a_refused_submission_says_why_and_registers_nothing(self):
        self.login(self.sun)
        base = {
            "title": "Refused submission",
            "description": "Something happened.",
            "consent": "on",
        }
        cases = {
            "no consent": ({"consent": ""}, [], "personal information notice"),
            "no subject": ({"title": " "}, [], "Give your complaint a subject"),
            "a program": (
                {},
                [("attachments", ("tool.exe", b"MZ\x90", "application/x-msdownload"))],
                "tool.exe is not a file type",
            ),
            "a web page named pdf": (
                {},
                [("attachments", ("invoice.pdf", b"<html><script>x</script>", "application/pdf"))],
                "invoice.pdf is not a file type",
            ),
            "too large": (
                {},
                [("attachments", ("big.pdf", BIG_PDF, "application/pdf"))],
                "big.pdf is larger than 10 MB",
            ),
            "too many": (
                {},
                [("attachments", (f"f{i}.pdf", PDF, "application/pdf")) for i in range(11)],
                "at most 10 files",
            ),
        }
        for case, (changes, files, message) in cases.items():
            with self.subTest(case=case):
                data = dict(base, **changes, csrf_token=http.Request.csrf_token(self))
                response = self.url_open("/my/complaints/submit", data=data, files=files or None)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.text)
                if case != "no subject":
                    self.assertIn('value="Refused submission"', response.text, "kept as typed")
                self.assertFalse(
                    self.env["complaint.complaint"].search([("title", "=", "Refused submission")])
                )

    @mute_logger(*QUIET)
    def test_a_visitor_must_log_in_to_register(self):
        self.public()
        response = self.url_open("/my/complaints/new")
        self.assertIn("/web/login", response.url)

    # ------------------------------------------------------------------ how to complain
    def test_the_public_page_lists_every_way_to_complain(self):
        main = self.env.ref("base.main_company")
        if not main.alias_domain_id:
            main.alias_domain_id = self.env["mail.alias.domain"].create({"name": "main.example"})
        main._complaint_ensure_alias()
        main.write({"complaint_hotline": "400-820-0000", "complaint_officer_id": self.desk.id})
        mailbox = main._complaint_mailbox()
        self.assertTrue(mailbox)
        self.public()
        response = self.url_open("/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertIn("400-820-0000", response.text)
        self.assertIn(mailbox, response.text)
        self.assertIn(self.desk.name, response.text)
        self.assertIn("/my/complaints/new", response.text)
