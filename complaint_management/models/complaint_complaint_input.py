"""What a user may enter on a complaint beyond the limits every field has
(``complaint.input.mixin``): contact details that are a phone number and an e-mail address,
files within the attachment size limit, and process dates neither before receipt nor in
the future."""

import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize, format_datetime

from .complaint_input_mixin import FUTURE_TOLERANCE, attachment_size, check_attachment_size
from .constants import PROCESS_DATES

# A phone number: digits and the usual separators, an extension after it.
PHONE_RE = re.compile(r"[0-9+()\-\s./#*,;]+(?:\s*(?:x|ext\.?|转|分机)\s*[0-9]+)?", re.IGNORECASE)


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    def _check_input(self, vals):
        """Besides the limits of every field: contact details that are a phone number and
        an e-mail address, and files (the evidence, an agent's authorisation) within the
        attachment size limit."""
        res = super()._check_input(vals)
        phone = vals.get("partner_phone")
        if phone and (
            not PHONE_RE.fullmatch(phone.strip()) or sum(ch.isdigit() for ch in phone) < 3
        ):
            raise self._input_error(
                self._fields["partner_phone"],
                self.env._("“%(value)s” is not a phone number.", value=phone),
            )
        email = vals.get("partner_email")
        if email and not email_normalize(email, strict=True):
            raise self._input_error(
                self._fields["partner_email"],
                self.env._("“%(value)s” is not an e-mail address.", value=email),
            )
        files = [
            fname
            for fname, value in vals.items()
            if value
            and fname in self._fields
            and self._fields[fname].type == "many2many"
            and self._fields[fname].comodel_name == "ir.attachment"
        ]
        for fname in files:
            linked = self.env["ir.attachment"].sudo()
            for command in vals[fname]:
                if command[0] == fields.Command.LINK:
                    linked |= linked.browse(command[1])
                elif command[0] == fields.Command.SET:
                    linked |= linked.browse(command[2])
                elif command[0] == fields.Command.CREATE:
                    values = command[2]
                    check_attachment_size(self.env, values.get("name"), attachment_size(values))
            for attachment in linked:
                check_attachment_size(self.env, attachment.name, attachment.file_size)
            if fname == "evidence_attachment_ids":
                self._check_evidence_attachment_owner(linked)
        return res

    def _check_evidence_attachment_owner(self, attachments):
        """The evidence is the complaint's own files (or loose files): another record's file
        would escape the archive lock, which looks for evidence among those only
        (ir_attachment.py)."""
        foreign = attachments - attachments._complaint_evidence_candidates()
        if foreign:
            raise self._input_error(
                self._fields["evidence_attachment_ids"],
                self.env._(
                    "%(files)s belongs to another record: attach the file to the complaint "
                    "to keep it as evidence.",
                    files=", ".join(foreign.mapped("name")),
                ),
            )

    @api.constrains("date_received", *PROCESS_DATES)
    def _check_process_dates(self):
        """Nothing happens to a complaint before it was received, nor in the future."""
        now = fields.Datetime.now()
        for complaint in self:
            received = complaint.date_received
            for fname in PROCESS_DATES:
                when = complaint[fname]
                if not when:
                    continue
                label = self._fields[fname]._description_string
                if when > now + FUTURE_TOLERANCE:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: %(date)s is in the future.",
                            field=label(self.env),
                            date=format_datetime(self.env, when),
                        )
                    )
                if received and when < received - FUTURE_TOLERANCE:
                    raise ValidationError(
                        self.env._(
                            "%(ref)s: %(field)s (%(date)s) cannot be before the complaint was "
                            "received (%(received)s).",
                            ref=complaint.name,
                            field=label(self.env),
                            date=format_datetime(self.env, when),
                            received=format_datetime(self.env, received),
                        )
                    )
