"""Mail end to end, through real mail servers: the project's postfix (SMTP) and dovecot
(IMAP) on 127.0.0.1, started by ``bin/mail-servers`` for this class and stopped after it,
even when a test fails.

A customer's mail client (smtplib) sends a complaint to the complaint mailbox; Odoo's own
incoming mail server (``fetchmail.server``, IMAP, as a bank sets it up in Settings) fetches
it and opens the complaint with its attachment; the acknowledgement leaves through Odoo's
outgoing mail server (``ir.mail_server``) when the mail queue runs and is read back from the
customer's mailbox (imaplib), in the customer's language, with a portal link that opens the
complaint's page; the customer's reply threads into the complaint; a mail to an unknown
address bounces, and the bounce, fetched, marks the mail failed and reaches the mail-retry
job, which gives the service desk a to-do.

Two guards of Odoo's test mode are lifted here, around the calls that need them only:
- ``ir.mail_server`` neither connects nor sends while ``odoo.modules.module.current_test``
  is set (every test): ``send_queue()`` clears it while the queue runs, so the queue sends
  over SMTP for real;
- ``fetchmail.server.fetch_mail()`` commits after each mail (it is meant for the cron) and a
  test's cursor refuses to commit: ``fetch()`` makes that commit a no-op, so that everything
  the test wrote is still rolled back after it."""

import email
import email.policy
import imaplib
import os
import re
import smtplib
import socket
import subprocess
import time
from email.message import EmailMessage
from email.utils import format_datetime, localtime, make_msgid
from html import unescape
from pathlib import Path
from unittest.mock import patch

from odoo import Command
from odoo.modules import module as odoo_module
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import ComplaintCase

BIN = Path(__file__).resolve().parents[2] / "bin" / "mail-servers"
BANK_DOMAIN = "bank.example"
CUSTOMER_DOMAIN = "customer.example"
MAILBOX = f"complaints@{BANK_DOMAIN}"
MAILBOX_PASSWORD = "complaints"
CUSTOMER = f"li.na@{CUSTOMER_DOMAIN}"
CUSTOMER_PASSWORD = "customer"
UNKNOWN = f"nobody@{CUSTOMER_DOMAIN}"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# How long a mail may take from one server to the other (it takes well under a second).
DELIVERY_TIMEOUT = 30
QUIET = ("odoo.addons.mail.models.mail_thread", "odoo.addons.mail.models.fetchmail")


def free_ports(count):
    """``count`` distinct ports nobody listens on (all held open while chosen)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@tagged("post_install", "-at_install")
class TestMailEndToEnd(ComplaintCase, HttpCase):
    track = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp_port, cls.imap_port = free_ports(2)
        cls.mail_env = dict(
            os.environ,
            COMPLAINT_SMTP_PORT=str(cls.smtp_port),
            COMPLAINT_IMAP_PORT=str(cls.imap_port),
            COMPLAINT_MAIL_DOMAIN=BANK_DOMAIN,
            COMPLAINT_CUSTOMER_DOMAIN=CUSTOMER_DOMAIN,
        )
        # Registered first: the servers are stopped whatever happens next.
        cls.addClassCleanup(cls.mail_servers, "stop")
        cls.mail_servers("start", "--fresh")

        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["complaint_management"], ["zh_CN"])
        # The bank's settings: its mail domain (Settings > General Settings > Emails), the
        # complaint mailbox on it, the receiving employee, an outgoing and an incoming mail
        # server (Settings > Technical > Emails), as a bank's administrator enters them.
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": BANK_DOMAIN, "company_ids": [Command.link(cls.company.id)]}
        )
        cls.company.alias_domain_id = cls.alias_domain
        alias = cls.company.complaint_alias_id
        # The database's first mail domain took in the aliases without one, the demo
        # company's complaint mailbox among them: that one moves aside.
        cls.env["mail.alias"].search(
            [
                ("alias_name", "=", "complaints"),
                ("alias_domain_id", "=", cls.alias_domain.id),
                ("id", "!=", alias.id),
            ]
        ).alias_name = "complaints-demo"
        alias.write({"alias_domain_id": cls.alias_domain.id, "alias_name": "complaints"})
        assert alias.alias_full_name == MAILBOX, alias.alias_full_name
        cls.company.complaint_intake_user_id = cls.desk
        cls.env["ir.mail_server"].search([]).active = False
        cls.env["ir.mail_server"].create(
            {
                "name": "Bank mail server",
                "smtp_host": "127.0.0.1",
                "smtp_port": cls.smtp_port,
                "smtp_encryption": "none",
            }
        )
        cls.incoming = cls.env["fetchmail.server"].create(
            {
                "name": "Complaint mailbox",
                "server_type": "imap",
                "server": "127.0.0.1",
                "port": cls.imap_port,
                "is_ssl": False,
                "user": MAILBOX,
                "password": MAILBOX_PASSWORD,
                "attach": True,
            }
        )
        cls.incoming.button_confirm_login()
        # Employees read their notifications in Odoo (only the customer is mailed).
        cls.env["res.users"].search(
            [("company_ids", "in", cls.company.id), ("share", "=", False)]
        ).notification_type = "inbox"
        cls.customer = cls.env["res.partner"].create(
            {"name": "李娜", "email": CUSTOMER, "lang": "zh_CN"}
        )

    @classmethod
    def mail_servers(cls, *args):
        """Run bin/mail-servers with the class's ports; its messages in the failure."""
        result = subprocess.run(
            [str(BIN), args[0], "--instance", "test", *args[1:]],
            env=cls.mail_env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode:
            raise RuntimeError(f"bin/mail-servers {' '.join(args)} failed:\n{result.stderr}")

    def setUp(self):
        super().setUp()
        # The links in mails lead to this test's web server.
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", self.base_url())

    # ------------------------------------------------------------------ mail clients
    def smtp_send(self, msg):
        """The customer's mail client sends ``msg`` (no login needed from this machine)."""
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=10) as smtp:
            smtp.send_message(msg)

    def imap(self, user, password):
        client = imaplib.IMAP4("127.0.0.1", self.imap_port, timeout=10)
        client.login(user, password)
        client.select("INBOX")
        return client

    def wait_for_mail(self, user, password, count=1, criteria="UNSEEN"):
        """The messages of ``user``'s inbox matching ``criteria`` once there are ``count``
        (parsed, oldest first), waiting for the servers to deliver them."""
        deadline = time.monotonic() + DELIVERY_TIMEOUT
        while True:
            client = self.imap(user, password)
            try:
                numbers = client.search(None, criteria)[1][0].split()
                if len(numbers) >= count or time.monotonic() > deadline:
                    messages = [
                        email.message_from_bytes(
                            client.fetch(n, "(BODY.PEEK[])")[1][0][1], policy=email.policy.default
                        )
                        for n in numbers
                    ]
                    break
            finally:
                client.logout()
            time.sleep(0.2)
        self.assertGreaterEqual(len(messages), count, f"no mail reached {user} in time")
        return messages

    # ------------------------------------------------------------------ Odoo's side
    def fetch(self):
        """Odoo's incoming mail server fetches the complaint mailbox (its commit after each
        mail is a no-op here: the test's transaction is rolled back after it)."""
        self.wait_for_mail(MAILBOX, MAILBOX_PASSWORD)
        with patch.object(self.env.cr, "commit", lambda: None), mute_logger(*QUIET):
            self.incoming.fetch_mail()
        self.assertFalse(
            self.imap(MAILBOX, MAILBOX_PASSWORD).search(None, "UNSEEN")[1][0],
            "every mail fetched",
        )

    def send_queue(self, complaints):
        """Odoo's mail queue runs, over SMTP for real (Odoo's test mode otherwise skips the
        connection and the sending: ``current_test``), for these complaints' mails."""
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "complaint.complaint"), ("res_id", "in", complaints.ids)])
        )
        outgoing = mails.filtered(lambda m: m.state == "outgoing")
        self.assertTrue(outgoing, "something to send")
        messages = outgoing.mail_message_id
        with patch.object(odoo_module, "current_test", False):
            self.env["mail.mail"].process_email_queue(ids=outgoing.ids)
        # Sent mails are deleted (auto_delete); none may have failed.
        self.assertFalse(outgoing.exists().filtered(lambda m: m.state != "sent"), "all sent")
        return messages

    def complaint_mail(self):
        msg = EmailMessage()
        msg["From"] = f"李娜 <{CUSTOMER}>"
        msg["To"] = MAILBOX
        msg["Subject"] = "信用卡年费重复扣收"
        msg["Message-ID"] = make_msgid(domain=CUSTOMER_DOMAIN)
        msg["Date"] = format_datetime(localtime())
        msg.set_content("我的白金卡年费被重复扣收了两次 请退还")
        msg.add_attachment(PDF, maintype="application", subtype="pdf", filename="statement.pdf")
        return msg

    @staticmethod
    def html_of(msg):
        part = msg.get_body(preferencelist=("html", "plain"))
        return part.get_content()

    # ------------------------------------------------------------------ the tests
    def test_a_complaint_by_mail_acknowledged_and_answered(self):
        Complaint = self.env["complaint.complaint"]
        before = Complaint.search([])
        self.smtp_send(self.complaint_mail())
        self.fetch()
        complaint = Complaint.search([]) - before
        self.assertEqual(len(complaint), 1, "the mail opened one complaint")
        self.assertEqual(complaint.company_id, self.company)
        self.assertEqual(complaint.partner_id, self.customer, "matched by address")
        self.assertEqual(complaint.title, "信用卡年费重复扣收")
        self.assertIn("重复扣收了两次", complaint.description)
        self.assertEqual(complaint.evidence_attachment_ids.mapped("name"), ["statement.pdf"])
        self.assertEqual(complaint.evidence_attachment_ids.raw, PDF)
        self.assertEqual(
            complaint.channel_id, self.env.ref("complaint_management.complaint_channel_email")
        )

        # The acknowledgement leaves through the outgoing mail server...
        self.send_queue(complaint)
        # ...and reaches the customer's mailbox, in Chinese, with the complaint's link.
        (ack,) = self.wait_for_mail(CUSTOMER, CUSTOMER_PASSWORD, criteria="ALL")
        self.assertIn(complaint.name, ack["Subject"])
        self.assertIn(BANK_DOMAIN, ack["Reply-To"])
        body = self.html_of(ack)
        self.assertIn("我们已收到您的投诉", body)
        self.assertNotIn("We received your complaint", body)
        links = [
            unescape(url)
            for url in re.findall(r'href="([^"]+)"', body)
            if "access_token=" in url and f"/my/complaints/{complaint.id}" in unescape(url)
        ]
        self.assertTrue(links, "the portal link is in the mail")
        self.assertTrue(links[0].startswith(self.base_url()), links[0])
        # The customer follows it, not logged in: the complaint's page.
        self.authenticate(None, None)
        page = self.url_open(links[0])
        self.assertEqual(page.status_code, 200)
        self.assertIn(complaint.name, page.text)
        self.assertIn("信用卡年费重复扣收", page.text)

        # The customer answers the acknowledgement from the mail client.
        reply = EmailMessage()
        reply["From"] = f"李娜 <{CUSTOMER}>"
        reply["To"] = ack["Reply-To"]
        reply["Subject"] = f"Re: {ack['Subject']}"
        reply["Message-ID"] = make_msgid(domain=CUSTOMER_DOMAIN)
        reply["In-Reply-To"] = ack["Message-ID"]
        reply["References"] = ack["Message-ID"]
        reply.set_content("补充一下 两次扣费都在十一月三日")
        self.smtp_send(reply)
        self.fetch()
        self.assertEqual(Complaint.search([]) - before, complaint, "no new complaint")
        answer = complaint.message_ids.filtered(lambda m: "十一月三日" in (m.body or ""))
        self.assertEqual(len(answer), 1, "the reply is on the complaint's chatter")
        self.assertEqual(answer.author_id, self.customer)
        self.assertEqual(answer.message_type, "email")
        self.assertEqual(complaint.state, "new", "a reply changes nothing by itself")

    def test_a_bounce_marks_the_mail_failed_and_the_desk_is_told(self):
        ghost = self.env["res.partner"].create({"name": "Ghost", "email": UNKNOWN})
        complaint = self.create_complaint(partner_id=ghost.id, feedback_preference="email")
        self.env["mail.mail"].sudo().search([("state", "=", "exception")]).write(
            {"complaint_failure_reported": True}
        )
        (ack_message,) = self.send_queue(complaint)
        # The server accepted it, then could not deliver it: the bounce comes back to the
        # bank's bounce address, in the complaint mailbox; Odoo fetches it.
        (bounce,) = self.wait_for_mail(MAILBOX, MAILBOX_PASSWORD)
        self.assertEqual(bounce.get_content_type(), "multipart/report")
        self.fetch()
        notification = ack_message.notification_ids.filtered(lambda n: n.res_partner_id == ghost)
        self.assertEqual(notification.notification_status, "bounce", "shown on the chatter")
        failed = (
            self.env["mail.mail"]
            .sudo()
            .search([("mail_message_id", "=", ack_message.id), ("state", "=", "exception")])
        )
        self.assertEqual(len(failed), 1, "the mail is marked failed")
        self.assertEqual(failed.failure_type, "mail_bounce")
        self.assertIn("5.1.1", failed.failure_reason)
        self.assertIn(UNKNOWN, failed.failure_reason)

        # The mail-retry job: no retry cures an unknown address, the desk is told at once.
        self.assertEqual(self.env["mail.mail"]._cron_retry_complaint_mail(), 0)
        todo = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.user_id, self.desk)
        self.assertIn(UNKNOWN, todo.note)
        self.assertIn("5.1.1", todo.note)
        self.assertTrue(failed.complaint_failure_reported)
