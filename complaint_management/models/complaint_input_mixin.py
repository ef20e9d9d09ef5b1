"""Bad input (SPEC.md: every value a user or an RPC call writes is checked): the limits
every complaint model applies to what it is given, before the ORM sees it, so that a wrong
value is refused with a clear message in the user's language and nothing is written.

The limits are here, in one place; rules that compare a value with the rest of its record
(a date before the complaint's receipt, a plan due before it was drafted) are constraints
of their models. The attachment size is a setting (Settings > Complaints)."""

import math
from datetime import date, datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date, format_datetime, is_html_empty

# Longest text accepted, per kind of field: one line (names, references, contact details),
# a note or an explanation, rich text (a pasted letter carries much markup).
MAX_LENGTH = {"char": 256, "text": 20_000, "html": 200_000}
# Counts, sequences and amounts are never negative; beyond these they are typing errors,
# unless the model gives the field a range of its own (``_input_ranges``).
MAX_INTEGER = 1_000_000
MAX_AMOUNT = 1_000_000_000.0
# Dates: before this year, or further ahead than this many years, they are typing errors.
FIRST_YEAR = 2000
MAX_YEARS_AHEAD = 10
# Clock difference tolerated between the user's device and the server when a date may not
# be in the future.
FUTURE_TOLERANCE = timedelta(minutes=5)
# Largest attachment a user may add to a complaint or its records (megabytes).
ATTACHMENT_MAX_MB_PARAM = "complaint_management.attachment_max_mb"
ATTACHMENT_MAX_MB_DEFAULT = 20


def attachment_max_bytes(env):
    """The attachment size limit (Settings > Complaints), in bytes."""
    value = env["ir.config_parameter"].sudo().get_param(ATTACHMENT_MAX_MB_PARAM)
    try:
        megabytes = int(value) if value else ATTACHMENT_MAX_MB_DEFAULT
    except ValueError:
        megabytes = ATTACHMENT_MAX_MB_DEFAULT
    return megabytes * 1024 * 1024


def attachment_size(vals):
    """The size in bytes of the content ``vals`` give an attachment (None: no content)."""
    if "raw" in vals:
        raw = vals["raw"] or b""
        return len(raw.encode() if isinstance(raw, str) else raw)
    if "datas" in vals:
        return len(vals["datas"] or b"") * 3 // 4
    return None


def check_attachment_size(env, name, size):
    """Refuse an attachment of ``size`` bytes over the limit."""
    limit = attachment_max_bytes(env)
    if size and size > limit:
        raise ValidationError(
            env._(
                "%(name)s is %(size)s MB: attachments to complaints may be at most %(max)s MB.",
                name=name or env._("The attachment"),
                size=f"{size / 1024 / 1024:.1f}",
                max=limit // (1024 * 1024),
            )
        )


def check_not_before_receipt(records, fname):
    """Refuse a date (field ``fname``) of records of a complaint before it was received."""
    for record in records:
        when = record[fname]
        received = record.sudo().complaint_id.date_received
        if when and received and when < received - FUTURE_TOLERANCE:
            raise ValidationError(
                record.env._(
                    "%(field)s (%(date)s) cannot be before the complaint was received "
                    "(%(received)s).",
                    field=record._fields[fname]._description_string(record.env),
                    date=format_datetime(record.env, when),
                    received=format_datetime(record.env, received),
                )
            )


class ComplaintInputMixin(models.AbstractModel):
    """Every complaint model checks what users and RPC calls give it (``create`` and
    ``write``, the process methods included) against the limits of its fields' kinds: text
    length, selection values, numbers, dates, required values, companies. The superuser's
    own work (the mail gateway, scheduled jobs, scripts) is not refused: an incoming mail
    is never lost to a limit.

    A model narrows them with ``_input_ranges`` ({field: (min, max)} for numbers),
    ``_input_lengths`` ({field: max characters}) and ``_input_past_dates`` (date fields
    that may not be in the future)."""

    _name = "complaint.input.mixin"
    _description = "Complaint Input Checks"

    _input_ranges = {}
    _input_lengths = {}
    _input_past_dates = ()

    @api.model_create_multi
    def create(self, vals_list):
        self._check_user_input(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_user_input([vals])
        return super().write(vals)

    # ------------------------------------------------------------------ the checks
    def _check_user_input(self, vals_list):
        """Refuse the values of ``vals_list`` a user gives this model, unless the superuser
        gives them. A process method that records what the user gave it as superuser (a
        record only the process creates) checks those values with this first, in the
        user's environment. Returns True."""
        if not self.env.su:
            for vals in vals_list:
                self._check_input(vals)
            self._check_input_companies(vals_list)
        return True

    def _check_input(self, vals):
        """Refuse the values of ``vals`` no field of this model accepts. Returns True."""
        for fname, value in vals.items():
            field = self._fields.get(fname)
            if field is None:
                continue
            check = getattr(self, f"_check_input_{field.type}", None)
            if check:
                check(field, value)
        return True

    def _check_input_companies(self, vals_list):
        """Refuse records of a company the user does not work for (one query per related
        model for a whole batch)."""
        by_field = {}
        for vals in vals_list:
            for fname, value in vals.items():
                field = self._fields.get(fname)
                if field is not None and field.type in ("many2one", "many2many"):
                    by_field.setdefault(field, set()).update(_related_ids(field, value))
        allowed = self.env.user.company_ids
        for field, ids in by_field.items():
            records = self.env[field.comodel_name].sudo().browse(ids)
            if field.comodel_name == "res.company":
                outside = records - allowed
            elif field.comodel_name == "res.users":
                outside = records.filtered(lambda u: not u.company_ids & allowed)
            elif "company_id" in records._fields:
                outside = records.filtered(lambda r: r.company_id and r.company_id not in allowed)
            else:
                continue
            if outside:
                raise self._input_error(
                    field, self.env._("the record chosen belongs to another company.")
                )

    def _input_error(self, field, message):
        label = field._description_string(self.env)
        return ValidationError(self.env._("%(field)s: %(problem)s", field=label, problem=message))

    def _check_input_required(self, field, value):
        empty = value in (False, None) or (isinstance(value, str) and is_html_empty(value))
        if empty and field.required and not field.compute:
            raise self._input_error(field, self.env._("a value is required."))
        return empty

    def _check_input_text(self, field, value):
        if self._check_input_required(field, value):
            return
        if not isinstance(value, str):
            raise self._input_error(field, self.env._("text is expected."))
        limit = self._input_lengths.get(field.name) or MAX_LENGTH.get(field.type)
        if limit and len(value) > limit:
            raise self._input_error(
                field,
                self.env._(
                    "%(length)s characters is too long (at most %(max)s).",
                    length=len(value),
                    max=limit,
                ),
            )

    _check_input_char = _check_input_text
    _check_input_html = _check_input_text

    def _check_input_selection(self, field, value):
        if self._check_input_required(field, value):
            return
        if value not in field.get_values(self.env):
            raise self._input_error(
                field, self.env._("“%(value)s” is not one of its choices.", value=value)
            )

    def _check_input_number(self, field, value, default_max):
        if value in (False, None):
            value = 0
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self._input_error(field, self.env._("a number is expected."))
        if field.type == "integer" and not float(value).is_integer():
            raise self._input_error(field, self.env._("a whole number is expected."))
        low, high = self._input_ranges.get(field.name, (0, default_max))
        if not math.isfinite(value) or not low <= value <= high:
            raise self._input_error(
                field,
                self.env._(
                    "%(value)s is out of range (from %(min)s to %(max)s).",
                    value=value,
                    min=low,
                    max=high,
                ),
            )

    def _check_input_integer(self, field, value):
        self._check_input_number(field, value, MAX_INTEGER)

    def _check_input_float(self, field, value):
        self._check_input_number(field, value, MAX_AMOUNT)

    _check_input_monetary = _check_input_float

    def _check_input_date(self, field, value):
        if self._check_input_required(field, value):
            return
        try:
            when = field.to_date(value) if field.type == "date" else field.to_datetime(value)
        except (ValueError, TypeError):
            when = None
        if not isinstance(when, date):
            raise self._input_error(
                field, self.env._("“%(value)s” is not a valid date.", value=value)
            )
        moment = when if isinstance(when, datetime) else datetime.combine(when, time.min)
        now = fields.Datetime.now()
        if field.name in self._input_past_dates and moment > now + FUTURE_TOLERANCE:
            raise self._input_error(
                field,
                self.env._("%(date)s is in the future.", date=format_date(self.env, when)),
            )
        if moment.year < FIRST_YEAR or moment > now + timedelta(days=365 * MAX_YEARS_AHEAD):
            raise self._input_error(
                field,
                self.env._("%(date)s is not a plausible date.", date=format_date(self.env, when)),
            )

    _check_input_datetime = _check_input_date

    def _check_input_many2one(self, field, value):
        self._check_input_required(field, value)


def _related_ids(field, value):
    """The ids of existing records a many2one value or many2many commands name."""
    if field.type == "many2one":
        value = value.id if isinstance(value, models.BaseModel) else value
        return [value] if isinstance(value, int) and value else []
    ids = []
    for command in value or []:
        if isinstance(command, (list, tuple)) and command:
            if command[0] == Command.LINK:
                ids.append(command[1])
            elif command[0] == Command.SET:
                ids.extend(command[2])
        elif isinstance(command, int):
            ids.append(command)
    return [i for i in ids if isinstance(i, int)]
