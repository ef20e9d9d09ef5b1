"""Archived complaints (SPEC.md step 14): read-only for everyone, the superuser included,
through every way in (its fields, plans, approvals, findings, revisits, steps,
escalations, grade history, evidence and other attachments, messages, stored values), and
never deleted. Only the named exceptions pass: the archive action's own work, the
technical fields, followers, and a new message with its own attachments."""

import re
from contextlib import contextmanager
from email.message import EmailMessage

import psycopg2

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.complaint_management.models.complaint_complaint import (
    DEPARTMENT_FIELDS,
    DESK_FIELDS,
    SHARED_FIELDS,
    WORKFLOW_FIELDS,
)

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestArchivedComplaints(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.archived = cls.create_complaint(title="Filed away")
        desk = cls.as_user(cls.archived, cls.desk)
        desk._action_resolve_first_contact("Explained the fee schedule.")
        cls.sign_record(cls.archived)
        desk.action_archive_complaint()

    def test_nobody_edits_an_archived_complaint(self):
        attempts = {
            "desk": self.archived.with_user(self.desk),
            "supervisor": self.archived.with_user(self.supervisor),
            "administrator": self.archived.with_user(self.admin),
            "superuser": self.archived.sudo(),
        }
        for name, record in attempts.items():
            with self.subTest(user=name), self.assertRaises(UserError):
                record.write({"customer_demand": "Rewritten history"})
            with self.subTest(user=name, kind="contact"), self.assertRaises(UserError):
                record.write({"partner_phone": "110"})
        with self.assertRaises(UserError):
            self.archived.sudo()._workflow().write({"state": "closed"})
        self.assertEqual(self.archived.state, "archived")
        self.assertFalse(self.archived.customer_demand)

    def test_nobody_deletes_an_archived_complaint(self):
        with self.assertRaises(AccessError):
            self.archived.with_user(self.admin).unlink()
        with self.assertRaises(UserError):
            self.archived.sudo().unlink()
        self.assertTrue(self.archived.exists())

    def test_the_plans_of_an_archived_complaint_are_frozen(self):
        """A draft plan left behind when the department found the complaint special must
        not stay editable once the complaint is archived."""
        complaint = self.walk(self.create_complaint(title="Found special"), "investigating")
        plan = self.draft_plan(complaint, compensation=50.0)
        self.as_user(complaint, self.handler)._action_decide_validity(
            "special", "The fee is in the signed contract."
        )
        self.as_user(complaint, self.desk)._action_give_feedback("Showed the contract clause.")
        self.sign_record(complaint)
        self.as_user(complaint, self.desk).action_archive_complaint()
        self.assertEqual(complaint.state, "archived")
        with self.assertRaises(UserError):
            plan.with_user(self.handler).write({"measures": "<p>Changed afterwards.</p>"})
        with self.assertRaises(UserError):
            plan.with_user(self.handler).write({"compensation_amount": 5000.0})
        self.assertEqual(plan.sudo().confidential_compensation, 50.0)


@tagged("post_install", "-at_install")
class TestArchiveLock(ComplaintCase):
    """One archived complaint with its whole record: evidence, a chatter file, a finding,
    an escalation, an accepted plan and its approvals, a revisit, steps and grade history.
    Each way in is tried by the role that worked it and by the superuser (with the
    workflow token where the model has one: the strongest server-side caller)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.evidence = (
            cls.env["ir.attachment"]
            .with_user(cls.desk)
            .create(
                {
                    "name": "receipt.pdf",
                    "raw": b"%PDF-1.4 receipt",
                    "res_model": "complaint.complaint",
                }
            )
        )
        cls.complaint = cls.create_complaint(
            title="Filed with its whole record",
            evidence_attachment_ids=[Command.set(cls.evidence.ids)],
        )
        cls.finding = (
            cls.env["complaint.finding"]
            .with_user(cls.compliance)
            .create(
                {
                    "complaint_id": cls.complaint.id,
                    "conclusion": "compliant",
                    "finding": "<p>No misconduct.</p>",
                }
            )
        )
        cls.walk(cls.complaint, "closed")
        cls.note = cls.complaint.with_user(cls.desk).message_post(
            body="The customer's letter.",
            attachments=[("letter.txt", b"Dear Sir")],
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.chatter_file = cls.note.attachment_ids
        cls.step = cls.complaint.step_ids.filtered(lambda s: s.step_type == "implement")[:1]
        cls.escalation = (
            cls.env["complaint.escalation"]
            .sudo()
            .create(
                {
                    "step_id": cls.step.id,
                    "complaint_id": cls.complaint.id,
                    "company_id": cls.company.id,
                    "step_type": "implement",
                    "kind": "escalation",
                    "level": 1,
                    "target": "department_manager",
                    "user_id": cls.manager.id,
                    "date": fields.Datetime.now(),
                }
            )
        )
        cls.sign_record(cls.complaint)
        cls.as_user(cls.complaint, cls.desk).action_archive_complaint()
        cls.plan = cls.complaint.plan_id
        cls.approval = cls.plan.approval_ids[:1]
        cls.revisit = cls.complaint.revisit_ids
        cls.history = cls.complaint.grade_history_ids[:1]

    def refused(self, attempt, *args, **kwargs):
        """``attempt`` raises a UserError (AccessError included) and changes nothing."""
        with self.assertRaises(UserError):
            attempt(*args, **kwargs)

    def snapshot(self, records):
        self.env.invalidate_all()
        stored = [f for f, field in records._fields.items() if field.store and f != "write_date"]
        return records.sudo().with_context(bin_size=False).read(stored)

    # ------------------------------------------------------------------ the complaint
    def test_the_archive_itself_closed_the_steps_and_recomputed_the_deadlines(self):
        self.assertEqual(self.complaint.state, "archived")
        self.assertFalse(self.complaint.step_ids.filtered(lambda s: s.state == "open"))
        self.assertFalse(self.complaint.date_deadline, "computed by the archive action")

    def test_its_fields(self):
        """Every field a role or the process writes, for its role and for the superuser
        with the workflow token; even writing back the value it has."""
        before = self.snapshot(self.complaint)
        roles = {
            "desk": (DESK_FIELDS | SHARED_FIELDS, self.desk),
            "department": (DEPARTMENT_FIELDS | SHARED_FIELDS, self.handler),
        }
        complaint = self.complaint.sudo()
        for role, (fnames, user) in roles.items():
            for fname in sorted(fnames):
                field = complaint._fields[fname]
                value = field.convert_to_write(complaint[fname], complaint)
                with self.subTest(role=role, field=fname):
                    self.refused(self.as_user(self.complaint, user).write, {fname: value})
        for fname in sorted(DESK_FIELDS | DEPARTMENT_FIELDS | SHARED_FIELDS | WORKFLOW_FIELDS):
            field = complaint._fields[fname]
            if field.compute and not field.inverse:
                continue
            value = field.convert_to_write(complaint[fname], complaint)
            with self.subTest(role="superuser", field=fname):
                self.refused(complaint._workflow().write, {fname: value})
        self.assertEqual(self.snapshot(self.complaint), before)

    def test_its_plans(self):
        before = self.snapshot(self.plan)
        self.refused(self.plan.with_user(self.handler).write, {"compensation_note": "later"})
        self.refused(self.plan.sudo()._workflow().write, {"state": "draft"})
        self.refused(self.plan.sudo()._workflow().write, {"date_due": fields.Date.today()})
        self.refused(self.plan.sudo().unlink)
        self.refused(self.env["complaint.plan"].sudo().create, {"complaint_id": self.complaint.id})
        self.refused(self.as_user(self.complaint, self.handler).action_new_plan)
        self.assertEqual(self.snapshot(self.plan), before)
        self.assertEqual(self.complaint.plan_count, 1)

    def test_its_approvals_even_under_sudo(self):
        before = self.snapshot(self.approval)
        approvals = self.plan.approval_ids
        self.refused(self.approval.sudo().write, {"comment": "Approved after all"})
        self.refused(self.approval.sudo()._workflow().write, {"state": "rejected"})
        self.refused(self.approval.sudo().unlink)
        Approval = self.env["complaint.plan.approval"].sudo()
        values = {"plan_id": self.plan.id, "role": "supervisor"}
        self.refused(Approval.create, values)
        self.refused(Approval._workflow_create, [values])
        self.assertEqual(self.snapshot(self.approval), before)
        self.assertEqual(self.plan.approval_ids, approvals)

    def test_its_findings(self):
        before = self.snapshot(self.finding)
        for name, finding in {
            "author": self.finding.with_user(self.compliance),
            "superuser": self.finding.sudo(),
        }.items():
            with self.subTest(user=name):
                self.refused(finding.write, {"measures": "Added afterwards"})
                self.refused(
                    finding.create,
                    {
                        "complaint_id": self.complaint.id,
                        "conclusion": "violation",
                        "finding": "<p>A finding added once archived.</p>",
                    },
                )
        self.refused(self.finding.sudo().unlink)
        self.assertEqual(self.snapshot(self.finding), before)
        self.assertEqual(self.complaint.finding_ids, self.finding)

    def test_its_revisits(self):
        before = self.snapshot(self.revisit)
        self.refused(self.revisit.sudo()._workflow().write, {"satisfaction": "1"})
        self.refused(self.revisit.sudo().unlink)
        self.refused(
            self.env["complaint.revisit"].sudo()._workflow_create,
            {
                "complaint_id": self.complaint.id,
                "satisfaction": "1",
                "outcome": "recomplaint",
            },
        )
        self.assertEqual(self.snapshot(self.revisit), before)

    def test_its_steps(self):
        before = self.snapshot(self.complaint.step_ids)
        self.refused(self.step.sudo().write, {"state": "open", "date_done": False})
        self.refused(self.step.sudo().unlink)
        self.refused(
            self.env["complaint.step"].sudo().create,
            {
                "complaint_id": self.complaint.id,
                "step_type": "feedback",
                "date_start": fields.Datetime.now(),
            },
        )
        self.refused(self.complaint.sudo()._open_steps, ["feedback"])
        self.env["complaint.step"]._cron_escalate()
        self.assertEqual(self.snapshot(self.complaint.step_ids), before)

    def test_its_escalations(self):
        before = self.snapshot(self.escalation)
        self.refused(self.escalation.sudo().write, {"level": 9})
        self.refused(self.escalation.sudo().unlink)
        self.refused(self.escalation.sudo().copy)
        self.assertEqual(self.snapshot(self.escalation), before)
        self.assertEqual(self.complaint.escalation_ids, self.escalation)

    def test_its_grade_history(self):
        before = self.snapshot(self.complaint.grade_history_ids)
        self.refused(self.history.sudo().write, {"reason": "Rewritten"})
        self.refused(self.history.sudo().unlink)
        self.refused(
            self.env["complaint.grade.history"].sudo().create,
            {
                "complaint_id": self.complaint.id,
                "new_grade_id": self.grades[1].id,
                "reason": "Forged",
            },
        )
        self.refused(self.complaint.sudo()._set_grade, self.grades[1], "Raised afterwards")
        self.assertEqual(self.snapshot(self.complaint.grade_history_ids), before)
        self.assertEqual(self.complaint.grade_level, before[0]["new_level"])

    def test_its_evidence(self):
        """The service desk deleted the evidence of an archived complaint: no more."""
        before = self.snapshot(self.evidence)
        for name, evidence in {
            "desk": self.evidence.with_user(self.desk),
            "administrator": self.evidence.with_user(self.admin),
            "superuser": self.evidence.sudo(),
        }.items():
            with self.subTest(user=name):
                self.refused(evidence.unlink)
                self.refused(evidence.write, {"raw": b"%PDF-1.4 forged"})
                self.refused(evidence.write, {"name": "renamed.pdf"})
                self.refused(evidence.write, {"res_model": "res.partner", "res_id": 1})
        self.refused(self.complaint.sudo().write, {"evidence_attachment_ids": [Command.clear()]})
        self.assertEqual(self.snapshot(self.evidence), before)
        self.assertEqual(self.complaint.evidence_attachment_ids, self.evidence)

    def test_its_other_attachments(self):
        """Files of its chatter stay; a loose file does not join it (post it with a
        message instead)."""
        before = self.snapshot(self.chatter_file)
        for name, attachment in {
            "desk": self.chatter_file.with_user(self.desk),
            "superuser": self.chatter_file.sudo(),
        }.items():
            with self.subTest(user=name):
                self.refused(attachment.unlink)
                self.refused(attachment.write, {"raw": b"Dear Madam"})
        for name, Attachment in {
            "desk": self.env["ir.attachment"].with_user(self.desk),
            "superuser": self.env["ir.attachment"].sudo(),
        }.items():
            with self.subTest(user=name, upload="loose"):
                self.refused(
                    Attachment.create,
                    {
                        "name": "later.txt",
                        "raw": b"later",
                        "res_model": "complaint.complaint",
                        "res_id": self.complaint.id,
                    },
                )
                self.refused(
                    Attachment.create,
                    {
                        "name": "later.txt",
                        "raw": b"later",
                        "res_model": "complaint.finding",
                        "res_id": self.finding.id,
                    },
                )
        self.assertEqual(self.snapshot(self.chatter_file), before)

    def test_printing_it_again_keeps_no_new_copy(self):
        """A report that keeps its PDF as an attachment still prints an archived complaint
        (Odoo keeps no copy when it may not: the refusal is an access error)."""
        report = self.env.ref("complaint_management.complaint_slip_report_action")
        report.attachment = "'Slip %s.pdf' % object.name"
        files = self.env["ir.attachment"].search_count([("res_id", "=", self.complaint.id)])
        # A fresh render (the desk is otherwise served the copy filed at archiving).
        pdf, kind = (
            report.with_user(self.desk)
            .with_context(force_report_rendering=True, complaint_slip_fresh=True)
            ._render_qweb_pdf(report.report_name, self.complaint.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertEqual(
            self.env["ir.attachment"].search_count([("res_id", "=", self.complaint.id)]), files
        )

    def test_its_messages(self):
        """Messages already posted are not rewritten or deleted (the chatter's edit and
        delete)."""
        body = self.note.body
        complaint = self.complaint.with_user(self.desk)
        self.refused(complaint._message_update_content, self.note, "Rewritten")
        self.refused(complaint._message_update_content, self.note, "", attachment_ids=[])
        # Nor over RPC, nor as superuser.
        self.refused(self.note.with_user(self.desk).write, {"body": "Rewritten"})
        self.refused(self.note.sudo().write, {"res_id": self.finding.id})
        self.refused(self.note.sudo().unlink)
        # Starring it changes nothing of the record.
        self.note.with_user(self.desk).toggle_message_starred()
        self.assertIn(self.desk.partner_id, self.note.starred_partner_ids)
        self.assertEqual(self.note.body, body)
        self.assertEqual(self.note.attachment_ids, self.chatter_file)

    def test_stored_values_do_not_move(self):
        """A later complaint joins its same-problem group and the group then joins another;
        the grade and the channel are reconfigured: the archived complaint keeps what it
        was filed with, an open one follows (so the test can fail)."""
        root = self.create_complaint(title="The first of the group")
        filed = self.walk(self.create_complaint(title="Filed", same_problem_id=root.id), "archived")
        member = self.create_complaint(title="Open member", same_problem_id=root.id)
        self.assertEqual(member.grade_id, filed.grade_id)
        before = self.snapshot(filed)

        later = self.create_complaint(title="Later, same problem", same_problem_id=root.id)
        self.as_user(later, self.desk)._action_resolve_first_contact("Explained.")
        other = self.create_complaint(title="Another group")
        self.as_user(root, self.desk).write({"same_problem_id": other.id})
        severity = "major" if filed.severity != "major" else "general"
        filed.grade_id.severity = severity
        self.channel.is_regulator = True
        self.env.flush_all()

        self.assertEqual(self.snapshot(filed), before)
        self.assertEqual(filed.problem_root_id, root, "kept its group as filed")
        self.assertEqual(member.problem_root_id, other, "the open member moved")
        self.assertEqual(later.problem_root_id, other)
        self.assertEqual(member.severity, severity)
        self.assertTrue(member.is_regulator_referral)
        self.assertTrue(member.compliance_required)
        self.assertFalse(filed.is_regulator_referral)

    def test_what_it_was_handled_with_is_not_deleted(self):
        """Deleting its grade or its department would empty them on the archived record
        behind the ORM's back: the database refuses (the web client says "archive it
        instead")."""
        before = self.snapshot(self.complaint)
        used = {"grade": self.complaint.grade_id, "department": self.complaint.department_id}
        for name, record in used.items():
            with (
                self.subTest(record=name),
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.ForeignKeyViolation),
            ):
                record.sudo().unlink()
        self.assertEqual(self.snapshot(self.complaint), before)

    # ------------------------------------------------------------------ the exceptions
    def test_a_new_message_with_its_own_attachments(self):
        complaint = self.complaint.with_user(self.desk)
        message = complaint.message_post(
            body="The customer called again.",
            attachments=[("call.txt", b"Recording notes")],
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.assertEqual(message.attachment_ids.res_id, self.complaint.id)
        # The composer uploads first (a pending attachment), then posts.
        pending = (
            self.env["ir.attachment"]
            .with_user(self.desk)
            .create({"name": "photo.jpg", "raw": b"jpeg", "res_model": "mail.compose.message"})
        )
        message = complaint.message_post(
            body="Photo of the statement.",
            attachment_ids=pending.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.assertEqual(message.attachment_ids, pending)
        self.assertEqual(
            (pending.res_model, pending.res_id), (self.complaint._name, self.complaint.id)
        )
        self.finding.with_user(self.compliance).message_post(
            body="Noted.", attachments=[("memo.txt", b"memo")], message_type="comment"
        )

    def test_a_late_mail_is_kept(self):
        mail = EmailMessage()
        mail["From"] = "Sun Li <sun.li@example.com>"
        mail["To"] = "complaints@example.com"
        mail["Subject"] = f"Re: {self.complaint.name}"
        mail["Message-Id"] = "<late-mail-1@example.com>"
        mail.set_content("I found another receipt.")
        mail.add_attachment(
            b"%PDF-1.4 another", maintype="application", subtype="pdf", filename="second.pdf"
        )
        with mute_logger("odoo.addons.mail.models.mail_thread"):
            self.env["mail.thread"].message_process(
                "complaint.complaint", mail.as_string(), thread_id=self.complaint.id
            )
        message = self.complaint.message_ids.filtered(
            lambda m: m.message_id == "<late-mail-1@example.com>"
        )
        self.assertTrue(message, "the late mail is on the archived complaint")
        self.assertEqual(message.attachment_ids.mapped("name"), ["second.pdf"])
        self.assertEqual(self.complaint.state, "archived")

    def test_followers_and_technical_fields(self):
        complaint = self.complaint.with_user(self.desk)
        complaint.message_subscribe(partner_ids=self.gm.partner_id.ids)
        self.assertIn(self.gm.partner_id, self.complaint.message_partner_ids)
        complaint.message_unsubscribe(partner_ids=self.gm.partner_id.ids)
        self.assertTrue(self.complaint.sudo()._portal_ensure_token())
        self.chatter_file.sudo().generate_access_token()
        self.assertTrue(self.chatter_file.access_token)

    def test_a_mail_queued_before_the_archiving_is_still_sent(self):
        """The mail queue marks a mail of the archived complaint sent (Odoo writes the
        server's Message-Id on its message); its content stays as it was."""
        mail = (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "model": "complaint.complaint",
                    "res_id": self.complaint.id,
                    "body_html": "<p>Your complaint is archived.</p>",
                    "email_to": "customer@example.com",
                    "subject": "Archived",
                }
            )
        )
        # What mail.mail._send writes once the server accepted it.
        mail.write({"state": "sent", "message_id": "<sent-after-archiving@example.com>"})
        self.assertEqual(mail.mail_message_id.message_id, "<sent-after-archiving@example.com>")
        self.refused(mail.mail_message_id.sudo().write, {"body": "Rewritten"})

    def test_the_archive_action_files_its_own_work(self):
        """What the archive action does in its own transaction passes (the filed slip is
        attached by it, under its context)."""
        values = {
            "name": "slip.pdf",
            "raw": b"%PDF-1.4 slip",
            "res_model": self.complaint._name,
            "res_id": self.complaint.id,
        }
        # A context an RPC call can send does not pass.
        self.refused(
            self.env["ir.attachment"].sudo().with_context(complaint_archiving=True).create,
            values,
        )
        archiving = self.complaint.sudo()._archiving()
        filed = self.env["ir.attachment"].with_env(archiving.env).create(values)
        self.assertTrue(filed.exists())
        self.refused(self.env["ir.attachment"].sudo().browse(filed.id).unlink)

    def test_every_model_hanging_off_a_complaint_is_locked(self):
        """Models other features add to a complaint are locked too (through
        complaint.confidential.mixin), or say why not."""
        exempt = {
            "complaint.access.log": "its readers are logged",
            "complaint.report": "a read-only SQL view of the complaints",
            "complaint.accusation": "a letter apart, linked to the complaint it came from",
            "complaint.retention.log": "the erasure job logs what it erased on archived ones",
        }
        for name in self.env.registry:
            model = self.env[name]
            if model._abstract or model._transient or name == "complaint.complaint":
                continue
            links = [
                f
                for f, field in model._fields.items()
                if field.type == "many2one"
                and field.comodel_name == "complaint.complaint"
                and field.store
            ]
            if not name.startswith("complaint.") or not links:
                continue
            with self.subTest(model=name):
                if name in exempt:
                    self.assertFalse(getattr(model, "_complaint_archive_lock", False))
                    continue
                self.assertTrue(getattr(model, "_complaint_archive_lock", False))
                self.assertIn(model._complaint_field, links)


@tagged("post_install", "-at_install")
class TestEvidenceStaysWithItsComplaint(ComplaintCase):
    """The archive lock finds a complaint's evidence among the files of complaints (and loose
    files) only, in memory: any other record's file costs no query, so another record's file
    is never evidence and an evidence file never moves away."""

    def test_another_records_file_is_not_evidence(self):
        complaint = self.create_complaint()
        company = complaint.company_id.id
        foreign = self.env["ir.attachment"].create(
            {
                "name": "partner.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "res.partner",
                "company_id": company,
            }
        )
        with self.assertRaisesRegex(UserError, "belongs to another record"):
            self.as_user(complaint, self.desk).write(
                {"evidence_attachment_ids": [Command.link(foreign.id)]}
            )
        loose = self.env["ir.attachment"].create(
            {"name": "loose.pdf", "raw": b"%PDF-1.4", "company_id": company}
        )
        self.as_user(complaint, self.desk).write(
            {"evidence_attachment_ids": [Command.link(loose.id)]}
        )
        self.assertEqual(complaint.evidence_attachment_ids, loose)

    def test_evidence_does_not_move_to_another_record(self):
        complaint = self.create_complaint()
        evidence = self.env["ir.attachment"].create(
            {
                "name": "receipt.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "complaint.complaint",
                "res_id": complaint.id,
            }
        )
        complaint.sudo().evidence_attachment_ids = evidence
        with self.assertRaises(UserError):
            evidence.sudo().write({"res_model": "res.partner", "res_id": self.partner.id})
        self.assertEqual(evidence.res_model, "complaint.complaint")

    def test_another_records_files_and_messages_cost_no_query(self):
        """Writing and deleting another record's files and messages asks nothing about
        complaints (Odoo's own suites count their queries: bin/test)."""
        partner = self.partner.sudo()
        attachment = self.env["ir.attachment"].create(
            {"name": "notes.txt", "raw": b"notes", "res_model": "res.partner"}
        )
        message = partner.message_post(body="A note on the customer.")
        queries = []
        with contextmanager(self._patchExecute)(queries):
            attachment.write({"name": "notes-2.txt", "res_id": partner.id})
            message.write({"body": "<p>The note, corrected.</p>"})
            (attachment | message.attachment_ids).unlink()
            message.unlink()
        self.assertTrue(queries)
        on_complaints = [q for q in queries if re.search(r'(FROM|JOIN)\s+"complaint_', q)]
        self.assertFalse(on_complaints, "\n".join(on_complaints))
