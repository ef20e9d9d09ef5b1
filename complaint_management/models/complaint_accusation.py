"""Accusation letters (举报、检举信件, SPEC.md "Duties a second reading of the seeds adds"):
a letter reporting wrongdoing by staff or a unit is not a complaint. It is registered
apart, numbered by its own sequence, and read only by the leadership and compliance: the
service desk registers it (``_register_letter``) and never reads it afterwards, departments and
the portal never see it, and it is counted in no complaint figure (the figures read
``complaint.complaint`` only).

A complaint registered by mistake becomes an accusation letter
(``complaint.complaint._action_convert_to_accusation``), and a letter that is in fact a
complaint goes back (``_action_convert_to_complaint``), each with a reason logged on both."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .constants import is_blank

# Who reads and works accusation letters.
READER_GROUPS = (
    "complaint_management.group_complaint_leadership",
    "complaint_management.group_complaint_compliance",
)
STATES = [
    ("registered", "Registered"),
    ("investigating", "Under Investigation"),
    ("concluded", "Concluded"),
    ("converted", "Converted to Complaint"),
]
# Set by the registration and the buttons only.
PROCESS_FIELDS = {"name", "state", "registered_by_id", "complaint_id"}
# What the desk gives when it registers a letter (the rest is the readers').
REGISTRATION_FIELDS = {
    "title",
    "description",
    "accused",
    "partner_id",
    "informant_contact",
    "anonymous",
    "channel_id",
    "date_received",
    "company_id",
}


class ComplaintAccusation(models.Model):
    """An accusation letter (举报、检举信件) and how the leadership dealt with it."""

    _name = "complaint.accusation"
    _description = "Accusation Letter"
    _inherit = ["mail.thread", "mail.activity.mixin", "complaint.input.mixin"]
    _order = "date_received desc, id desc"
    _rec_names_search = ["name", "title"]
    _check_company_auto = True
    _input_past_dates = ("date_received",)

    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    title = fields.Char("Subject", required=True, tracking=True)
    description = fields.Html("Letter Content", required=True)
    accused = fields.Char(
        "Person or Unit Accused",
        tracking=True,
        help="Who the letter reports (an employee, a branch, a department).",
    )
    anonymous = fields.Boolean(
        tracking=True, help="The informant did not give their name (匿名举报)."
    )
    partner_id = fields.Many2one(
        "res.partner", "Informant", index=True, tracking=True, check_company=True
    )
    informant_contact = fields.Char(
        "Informant's Contact", help="How to reach the informant, if they gave a way."
    )
    channel_id = fields.Many2one(
        "complaint.channel", required=True, tracking=True, ondelete="restrict"
    )
    date_received = fields.Datetime(
        "Received On", required=True, index=True, default=fields.Datetime.now, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    registered_by_id = fields.Many2one(
        "res.users", readonly=True, default=lambda self: self.env.user
    )
    state = fields.Selection(
        STATES, default="registered", required=True, readonly=True, index=True, tracking=True
    )
    user_id = fields.Many2one(
        "res.users",
        "Responsible",
        tracking=True,
        check_company=True,
        domain=lambda self: [
            ("groups_id", "in", [self.env.ref(group).id for group in READER_GROUPS])
        ],
        help="The leader or compliance officer dealing with the letter.",
    )
    conclusion = fields.Html()
    complaint_id = fields.Many2one(
        "complaint.complaint",
        readonly=True,
        copy=False,
        index=True,
        help="The complaint this letter was converted from, or turned back into.",
    )
    # The leadership may not read the complaint itself: the form shows its reference.
    complaint_name = fields.Char(
        "Complaint Reference", related="complaint_id.name", related_sudo=True
    )

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(name, company_id)",
            "The accusation letter reference must be unique.",
        ),
    ]

    # ================================================================== who reads them
    @api.model
    def _is_reader(self, user=None):
        """Whether ``user`` (default: current) reads accusation letters: leadership and
        compliance."""
        user = user or self.env.user
        return any(user.has_group(group) for group in READER_GROUPS)

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        """Register accusation letters, numbered by the company's sequence. The service
        desk registers them without reading them back: its create runs as superuser (it may
        create, never read), and what it gets is the bare new records."""
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
                vals["name"] = (
                    self.env["ir.sequence"]
                    .sudo()
                    .with_company(company)
                    .next_by_code("complaint.accusation")
                    or "/"
                )
        if self.env.su or self._is_reader():
            return super().create(vals_list)
        self.check_access("create")
        for vals in vals_list:
            forbidden = set(vals) - REGISTRATION_FIELDS - {"name"}
            if forbidden:
                raise AccessError(
                    self.env._(
                        "The service desk registers an accusation letter; only the "
                        "leadership and compliance deal with it (%s).",
                        ", ".join(
                            sorted(
                                self._fields[f].get_description(self.env)["string"]
                                for f in forbidden
                                if f in self._fields
                            )
                        ),
                    )
                )
            company_id = vals.get("company_id") or self.env.company.id
            if company_id not in self.env.user.company_ids.ids:
                raise AccessError(self.env._("You may not register letters for that company."))
            vals.update(company_id=company_id, registered_by_id=self.env.uid)
        # Checked as the desk gives them: the superuser's create does not check input.
        self._check_user_input(vals_list)
        records = super(ComplaintAccusation, self.sudo()).create(vals_list)
        return records.with_env(self.env)

    def write(self, vals):
        if PROCESS_FIELDS & set(vals) and not self.env.su:
            raise UserError(
                self.env._("An accusation letter changes state only through its buttons.")
            )
        return super().write(vals)

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(self.env._("An accusation letter cannot be duplicated."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_on_record(self):
        raise UserError(
            self.env._("Accusation letters are never deleted: every letter stays on record.")
        )

    # ================================================================== registering
    @api.model
    def _register_letter(self, vals):
        """The service desk registers a letter (SPEC: 举报信件 go to the leadership and
        compliance): numbered, the leadership and compliance of the company told at once.
        Returns the new letter's reference (the desk does not read the letter back)."""
        letter = self.create(vals)
        letter.sudo()._notify_readers(
            self.env._("A new accusation letter was registered: %s.", letter.sudo().name)
        )
        return letter.sudo().name

    def _readers(self):
        """The leadership and compliance users of the letters' company."""
        self.ensure_one()
        users = self.env["res.users"]
        for xmlid in READER_GROUPS:
            users |= self.env.ref(xmlid).sudo().users
        return users.filtered(lambda u: self.company_id in u.company_ids and not u.share)

    def _notify_readers(self, body):
        """Tell the leadership and compliance (through the mail queue)."""
        for letter in self.sudo():
            partners = letter._readers().partner_id
            letter.message_subscribe(partner_ids=partners.ids)
            letter.with_context(mail_notify_force_send=False).message_post(
                body=body, partner_ids=partners.ids, subtype_xmlid="mail.mt_note"
            )

    # ================================================================== dealing with it
    def _check_reader(self):
        if not self.env.su and not self._is_reader():
            raise AccessError(
                self.env._("Only the leadership and compliance deal with accusation letters.")
            )

    def _check_letter_state(self, *states):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for letter in self:
            if letter.state not in states:
                raise UserError(
                    self.env._(
                        "%(ref)s is %(state)s; this can only be done when it is %(allowed)s.",
                        ref=letter.name,
                        state=labels[letter.state],
                        allowed=" / ".join(labels[s] for s in states),
                    )
                )

    def action_start_investigation(self):
        """The responsible leader or officer starts looking into the letter."""
        self._check_reader()
        self._check_letter_state("registered")
        for letter in self:
            letter.sudo().write(
                {"state": "investigating", "user_id": letter.user_id.id or self.env.uid}
            )
        return True

    def action_conclude(self):
        """The letter is dealt with: its conclusion is recorded first."""
        self._check_reader()
        self._check_letter_state("registered", "investigating")
        for letter in self:
            if is_blank(letter.conclusion):
                raise UserError(
                    self.env._("Record the conclusion of %s before closing it.", letter.name)
                )
        self.sudo().write({"state": "concluded"})
        return True

    def _action_convert_to_complaint(self, reason):
        """The letter is in fact a customer complaint: the complaint it was converted from
        is taken up again where it was, or a new complaint is registered from the letter.
        The reason is logged on both. Returns the complaint."""
        self.ensure_one()
        self._check_reader()
        self._check_letter_state("registered", "investigating")
        if is_blank(reason):
            raise UserError(self.env._("Give the reason why this letter is a complaint."))
        letter = self.sudo()
        complaint = letter.complaint_id
        if complaint and complaint.state == "converted":
            complaint._restore_from_accusation(letter)
        else:
            if not letter.partner_id:
                raise UserError(
                    self.env._(
                        "%s names no informant: a complaint needs a complainant. Record the "
                        "informant first.",
                        letter.name,
                    )
                )
            complaint = (
                self.env["complaint.complaint"]
                .sudo()
                .with_company(letter.company_id)
                .create(
                    {
                        "title": letter.title,
                        "description": letter.description,
                        "partner_id": letter.partner_id.id,
                        "channel_id": letter.channel_id.id,
                        "date_received": letter.date_received,
                        "company_id": letter.company_id.id,
                        "receiver_id": letter.registered_by_id.id or self.env.uid,
                    }
                )
            )
        letter.write({"state": "converted", "complaint_id": complaint.id})
        letter.message_post(
            body=self.env._(
                "Converted to complaint %(ref)s. Reason: %(reason)s",
                ref=complaint.name,
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        complaint.message_post(
            body=self.env._(
                "Taken up as a complaint from accusation letter %(ref)s. Reason: %(reason)s",
                ref=letter.name,
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return complaint
