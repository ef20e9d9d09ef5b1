"""A complaint's mail that could not be sent: Odoo marks it failed and never sends it again;
the complaint job sends it again as many times as configured, then the service desk gets a
to-do on the complaint, and the complaint itself is left as it was."""

import smtplib
from contextlib import contextmanager
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_mail_server import IrMailServer

from .common import ComplaintCase

MAIL_LOGGERS = ("odoo.addons.mail.models.mail_mail", "odoo.addons.complaint_management")


@tagged("post_install", "-at_install")
class TestMailRetry(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Mail = cls.env["mail.mail"].sudo()
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")
        cls.env["ir.config_parameter"].sudo().set_param("complaint_management.mail_retry_count", 2)
        cls.complaint = cls.create_complaint(partner_email="sun.li@example.com")
        cls.partner.email = "sun.li@example.com"
        # The demo data's own failed mails (no mail server on a test machine) stay out.
        cls.Mail.search([("state", "=", "exception")]).complaint_failure_reported = True

    def new_failed_mail(self, refusal=None):
        """A mail to the customer about the complaint, refused by the mail server."""
        refusal = refusal or smtplib.SMTPDataError(451, b"Try again later")
        mail = self.Mail.create(
            {
                "model": "complaint.complaint",
                "res_id": self.complaint.id,
                "subject": f"Your complaint {self.complaint.name}",
                "body_html": "<p>We are looking into it.</p>",
                "recipient_ids": [(6, 0, self.partner.ids)],
                "auto_delete": False,
            }
        )
        self.send(mail, refusal)
        self.assertEqual(mail.state, "exception", "Odoo marks it failed")
        return mail

    @contextmanager
    def mail_server(self, refusal=None):
        """A mail server that refuses every mail with ``refusal``, or accepts them all."""
        with (
            patch.object(IrMailServer, "connect", return_value=None),
            patch.object(IrMailServer, "send_email", side_effect=refusal, return_value="<id>"),
            mute_logger(*MAIL_LOGGERS),
        ):
            yield

    def send(self, mails, refusal=None):
        with self.mail_server(refusal):
            mails.send()

    def run_job(self, refusal=None):
        with self.mail_server(refusal):
            return self.Mail._cron_retry_complaint_mail()

    def todos(self):
        return self.complaint.activity_ids.filtered(lambda a: a.activity_type_id == self.todo)

    def test_retried_as_configured_then_a_todo_for_the_desk(self):
        mail = self.new_failed_mail()
        state, write_date = self.complaint.state, self.complaint.write_date
        refusal = smtplib.SMTPDataError(451, b"Mailbox busy")
        self.assertEqual(self.run_job(refusal), 1)
        self.assertEqual((mail.state, mail.complaint_retry_count), ("exception", 1))
        self.assertFalse(self.todos(), "retried first")
        self.assertEqual(self.run_job(refusal), 1)
        self.assertEqual((mail.state, mail.complaint_retry_count), ("exception", 2))
        todo = self.todos()
        self.assertEqual(len(todo), 1, "the last retry failed: the desk is told")
        self.assertEqual(todo.user_id, self.desk, "the employee who received the complaint")
        self.assertIn(mail.subject, todo.summary)
        self.assertIn("sun.li@example.com", todo.note)
        self.assertIn("attempts made: 3", todo.note)
        self.assertIn("Mailbox busy", todo.note)
        self.assertEqual(self.run_job(refusal), 0, "never sent again")
        self.assertEqual(len(self.todos()), 1, "told once")
        self.assertEqual(mail.complaint_retry_count, 2)
        self.assertEqual(self.complaint.state, state)
        self.assertEqual(self.complaint.write_date, write_date, "the complaint is unchanged")

    def test_a_retry_that_goes_through_ends_it(self):
        mail = self.new_failed_mail()
        self.assertEqual(self.run_job(), 1)
        self.assertEqual(mail.state, "sent")
        self.assertEqual(self.run_job(), 0)
        self.assertFalse(self.todos())

    def test_a_server_that_does_not_answer_is_retried_too(self):
        mail = self.new_failed_mail()
        with (
            patch.object(IrMailServer, "connect", side_effect=ConnectionRefusedError("refused")),
            mute_logger(*MAIL_LOGGERS),
        ):
            self.Mail._cron_retry_complaint_mail()
        self.assertEqual((mail.state, mail.complaint_retry_count), ("exception", 1))
        self.assertFalse(self.todos())

    def test_an_invalid_address_is_reported_at_once(self):
        mail = self.new_failed_mail()
        mail.failure_type = "mail_email_invalid"
        self.assertEqual(self.run_job(), 0, "no retry can cure it")
        self.assertEqual(mail.complaint_retry_count, 0)
        self.assertIn("attempts made: 1", self.todos().note)

    def test_other_mails_are_left_to_odoo(self):
        mail = self.new_failed_mail()
        mail.mail_message_id.write({"model": "res.partner", "res_id": self.partner.id})
        self.assertEqual(self.run_job(), 0)
        self.assertEqual(mail.complaint_retry_count, 0)

    def test_the_number_of_retries_is_a_setting(self):
        settings = self.env["res.config.settings"].create({"complaint_mail_retry_count": 1})
        settings.execute()
        self.assertEqual(self.Mail._complaint_retry_limit(), 1)
        mail = self.new_failed_mail()
        refusal = smtplib.SMTPDataError(451, b"Mailbox busy")
        self.assertEqual(self.run_job(refusal), 1)
        self.assertEqual(mail.complaint_retry_count, 1)
        self.assertTrue(self.todos(), "one retry, then the desk is told")
        for wrong in (0, -1, 21):
            with self.subTest(retries=wrong), self.assertRaises(ValidationError):
                self.env["res.config.settings"].create({"complaint_mail_retry_count": wrong})
