"""Contacts with the complainant (SPEC.md "Communication leaves a trace that cannot be
altered", 强制留痕; "First reply and time promise", 承诺时限): who spoke with the customer,
when, how, in which direction, what was said, the recording or scan of it, and the reply
promised by a date, if any.

A contact is written once, by the process (``complaint.complaint._log_contact``), and never
changed or deleted by anyone, the superuser included: the record (``write``/``unlink``),
its recording (``ir.attachment``) and the chatter message that carries it
(``mail.message``) all refuse. A mistake is corrected by a new contact that names the one
it corrects; both stay. As ``account`` secures posted entries, each contact also carries a
hash of its content chained to the previous contact of its company
(``inalterable_hash``), so that a change made behind the ORM's back (SQL) shows in the
integrity check (``_check_contact_chain``)."""

import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

from .complaint_input_mixin import check_attachment_size
from .constants import CONTACT_CHANNELS

CONTACT_DIRECTIONS = [("out", "To the Customer"), ("in", "From the Customer")]
# Where a contact was logged from: the staff's own log, or a step that talks to the customer.
CONTACT_SOURCES = [
    ("manual", "Logged by Staff"),
    ("department", "Department's First Contact"),
    ("first_contact", "Resolved on First Contact"),
    ("mail", "Email Sent"),
    ("feedback", "Feedback"),
    ("revisit", "Revisit"),
    ("portal", "Customer Portal"),
    ("notice", "Notice to the Complainant"),
]
# What a recording or scan may be: audio, video, an image or a PDF.
RECORDING_MIMETYPES = ("audio/", "video/", "image/", "application/pdf")
# The content a contact's hash covers, in this order.
HASHED_FIELDS = (
    "complaint_id",
    "date",
    "user_id",
    "channel",
    "direction",
    "note",
    "promise_note",
    "date_promised",
    "corrected_contact_id",
    "attachment_id",
)
# The server-side value that lets the process create contacts (RPC contexts are JSON).
CONTACT_TOKEN = object()
# Serialises the contacts of one company while their chain grows (pg_advisory_xact_lock).
CHAIN_LOCK = 0x436F6E74  # "Cont"


class ComplaintContact(models.Model):
    """One contact with the complainant, written once and kept as it was written. It has no
    chatter of its own: the complaint's chatter carries it (``message_id``)."""

    _name = "complaint.contact"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Customer Contact"
    _order = "date desc, id desc"
    _rec_name = "name"

    name = fields.Char(compute="_compute_name")
    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, readonly=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, readonly=True, index=True)
    user_id = fields.Many2one("res.users", "Who", required=True, readonly=True, index=True)
    channel = fields.Selection(CONTACT_CHANNELS, required=True, readonly=True)
    direction = fields.Selection(CONTACT_DIRECTIONS, required=True, readonly=True, index=True)
    source = fields.Selection(CONTACT_SOURCES, required=True, readonly=True, default="manual")
    note = fields.Text("What Was Said", required=True, readonly=True)
    attachment_id = fields.Many2one(
        "ir.attachment",
        "Recording or Scan",
        readonly=True,
        ondelete="restrict",
        help="The audio or video recording, the photo or the scanned letter of this contact.",
    )
    promise_note = fields.Text(
        "Promised", readonly=True, help="What the customer was promised to hear back about."
    )
    date_promised = fields.Datetime(
        "Reply Promised By", readonly=True, index=True, help="When the customer will hear from us."
    )
    step_ids = fields.One2many("complaint.step", "contact_id", "Promise Steps", readonly=True)
    promise_step_id = fields.Many2one(
        "complaint.step",
        compute="_compute_promise",
        help="The timed step that holds the promise to its date.",
    )
    promise_state = fields.Selection(
        [("open", "Open"), ("kept", "Kept"), ("missed", "Missed")],
        compute="_compute_promise",
        help="Kept: a contact with the customer by the promised date. Missed: none by then.",
    )
    corrected_contact_id = fields.Many2one(
        "complaint.contact",
        "Corrects",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
        help="The contact this one corrects; both are kept.",
    )
    correction_ids = fields.One2many(
        "complaint.contact", "corrected_contact_id", "Corrections", readonly=True
    )
    message_id = fields.Many2one(
        "mail.message", "Chatter Message", readonly=True, ondelete="cascade", index=True
    )
    previous_hash = fields.Char(readonly=True, copy=False)
    inalterable_hash = fields.Char("Integrity Hash", readonly=True, copy=False)

    # ------------------------------------------------------------------ computes
    @api.depends("date", "direction", "channel")
    def _compute_name(self):
        directions = dict(self._fields["direction"]._description_selection(self.env))
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for contact in self:
            contact.name = " - ".join(
                filter(
                    None,
                    [
                        fields.Datetime.to_string(contact.date) if contact.date else "",
                        channels.get(contact.channel, ""),
                        directions.get(contact.direction, ""),
                    ],
                )
            )

    @api.depends("step_ids.state", "step_ids.is_late")
    def _compute_promise(self):
        for contact in self:
            step = contact.sudo().step_ids.filtered(lambda s: s.step_type == "promise")[:1]
            contact.promise_step_id = step.id
            if not step or (step.state == "cancelled" and not step.is_late):
                contact.promise_state = False
            elif step.is_late:
                contact.promise_state = "missed"
            elif step.state == "done":
                contact.promise_state = "kept"
            else:
                contact.promise_state = "open"

    # ------------------------------------------------------------------ written once
    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("complaint_contact") is not CONTACT_TOKEN:
            raise UserError(
                self.env._(
                    "Log contacts with the customer with the 'Log Contact' button of the complaint."
                )
            )
        self._check_contact_values(vals_list)
        self._chain(vals_list)
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            self.env._(
                "A contact with the customer cannot be changed once logged: log a correction "
                "that refers to it instead."
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "A contact with the customer is kept: it cannot be deleted, by anyone. Log a "
                "correction that refers to it instead."
            )
        )

    @api.model
    def _check_contact_values(self, vals_list):
        """What the process hands over: a note, a promise with its date, a recording of a
        kind a contact may carry, a correction of a contact of the same complaint."""
        for vals in vals_list:
            if not (vals.get("note") or "").strip():
                raise UserError(self.env._("Record what was said with the customer."))
            if bool(vals.get("date_promised")) != bool((vals.get("promise_note") or "").strip()):
                raise UserError(
                    self.env._("A promise says what the customer will hear about, and by when.")
                )
            if vals.get("date_promised") and fields.Datetime.to_datetime(
                vals["date_promised"]
            ) <= fields.Datetime.to_datetime(vals["date"]):
                raise UserError(self.env._("The promised reply must come after the contact."))
            corrected = self.browse(vals.get("corrected_contact_id")).sudo()
            if corrected and corrected.complaint_id.id != vals["complaint_id"]:
                raise UserError(
                    self.env._("A correction refers to a contact of the same complaint.")
                )

    @api.model
    def _check_recording(self, name, raw):
        """Refuse a recording or scan that is neither audio, video, an image nor a PDF, or
        over the attachment size limit of Settings."""
        check_attachment_size(self.env, name, len(raw))
        mimetype = guess_mimetype(raw, default="")
        if not mimetype.startswith(RECORDING_MIMETYPES):
            raise UserError(
                self.env._(
                    "%s is not a recording or a scan: attach an audio or video recording, an "
                    "image or a PDF.",
                    name or self.env._("The file"),
                )
            )

    # ------------------------------------------------------------------ the hash chain
    @api.model
    def _hash_content(self, vals, previous):
        """The hash of a contact's content (``HASHED_FIELDS`` of ``vals``) chained to
        ``previous``, the hash of the company's contact before it."""
        parts = [previous or ""]
        for fname in HASHED_FIELDS:
            value = vals.get(fname)
            if fname in ("date", "date_promised") and value:
                value = fields.Datetime.to_string(fields.Datetime.to_datetime(value))
            parts.append(f"{fname}={value or ''}")
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    @api.model
    def _chain(self, vals_list):
        """Give each new contact its place in its company's chain: the previous hash and its
        own. The company's chain is locked until the transaction ends."""
        complaints = (
            self.env["complaint.complaint"]
            .sudo()
            .browse([vals["complaint_id"] for vals in vals_list])
        )
        last = {}
        for vals, complaint in zip(vals_list, complaints, strict=True):
            company_id = complaint.company_id.id
            if company_id not in last:
                self.env.cr.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)", (CHAIN_LOCK, company_id)
                )
                # Through the complaint: the contact's own company is stored at flush time.
                self.env.cr.execute(
                    "SELECT ct.inalterable_hash FROM complaint_contact ct "
                    "JOIN complaint_complaint c ON c.id = ct.complaint_id "
                    "WHERE c.company_id = %s ORDER BY ct.id DESC LIMIT 1",
                    (company_id,),
                )
                row = self.env.cr.fetchone()
                last[company_id] = row[0] if row else ""
            vals["previous_hash"] = last[company_id]
            vals["inalterable_hash"] = last[company_id] = self._hash_content(
                vals, vals["previous_hash"]
            )

    @api.model
    def _check_contact_chain(self, company):
        """The first contact of ``company`` whose content or place in the chain no longer
        matches its hash (changed behind the ORM's back), or an empty recordset when the
        whole chain is intact."""
        self.env.flush_all()
        previous = ""
        contacts = self.sudo().search([("company_id", "=", company.id)], order="id")
        for contact in contacts:
            vals = {
                fname: contact[fname].id
                if isinstance(contact[fname], models.BaseModel)
                else contact[fname]
                for fname in HASHED_FIELDS
            }
            if (
                contact.previous_hash != previous
                or self._hash_content(vals, previous) != contact.inalterable_hash
            ):
                return contact
            previous = contact.inalterable_hash
        return self.browse()

    def action_check_integrity(self):
        """Check the contact log of the current company: tell whether every contact is as
        it was logged."""
        broken = self._check_contact_chain(self.env.company)
        if broken:
            raise UserError(
                self.env._(
                    "The contact log was altered: %(contact)s of %(ref)s no longer matches "
                    "what was logged.",
                    contact=broken.display_name,
                    ref=broken.complaint_id.name,
                )
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("Every contact of the log is as it was logged."),
            },
        }

    def action_log_correction(self):
        """Open the contact wizard to log a correction of this contact."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_contact_wizard_action"
        )
        action["context"] = {
            "default_complaint_id": self.complaint_id.id,
            "default_corrected_contact_id": self.id,
            "default_channel": self.channel,
            "default_direction": self.direction,
        }
        return action
