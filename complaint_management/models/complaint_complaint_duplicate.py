"""Duplicates merged (合并重复, SPEC.md "The regulator's statistics"): the same complainant's
same matter reaching us again through another way in (the hotline, then a mail, then a
regulator's referral) is a duplicate of the first complaint. The desk sees the likely
duplicates at registration and marks one; the duplicate then follows its original: its own
process steps stop, its regulatory clock (and its referral number) is kept and met by the
original's decision, and it is closed and archived with the original. It can be split off
again, with a reason. Every figure counts complaints after merging (``duplicate_of_id``
empty); the yearly disclosure gives both numbers."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .constants import OPEN_STATES, is_blank

# The likely duplicates the desk is shown at registration: the complainant's earliest.
LIKELY_DUPLICATES_SHOWN = 5


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    duplicate_of_id = fields.Many2one(
        "complaint.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        check_company=True,
        ondelete="restrict",
        help="The original complaint this one was merged into (合并重复): it follows it.",
    )
    duplicate_ids = fields.One2many(
        "complaint.complaint", "duplicate_of_id", "Duplicates Merged", readonly=True
    )
    duplicate_count = fields.Integer(compute="_compute_duplicate_count")
    is_duplicate = fields.Boolean("Duplicate", compute="_compute_is_duplicate", store=True)
    likely_duplicate_ids = fields.Many2many(
        "complaint.complaint",
        compute="_compute_likely_duplicate_ids",
        string="Likely Duplicates",
        help="The complainant's other open complaints about the same category or object.",
    )
    likely_duplicate_count = fields.Integer(compute="_compute_likely_duplicate_ids")
    closure_type = fields.Selection(
        selection_add=[("duplicate", "Merged Into Its Original")],
        ondelete={"duplicate": "set null"},
    )

    @api.depends("duplicate_ids")
    def _compute_duplicate_count(self):
        counts = dict(
            self.env["complaint.complaint"]._read_group(
                [("duplicate_of_id", "in", self.ids)], ["duplicate_of_id"], ["__count"]
            )
        )
        for complaint in self:
            complaint.duplicate_count = counts.get(complaint, 0)

    @api.depends("duplicate_of_id")
    def _compute_is_duplicate(self):
        for complaint in self:
            complaint.is_duplicate = bool(complaint.duplicate_of_id)

    @api.depends("partner_id", "category_id", "concerned_object", "state", "duplicate_of_id")
    def _compute_likely_duplicate_ids(self):
        candidates = self._likely_duplicates_by_complaint()
        for complaint in self:
            found = candidates.get(complaint.id, self.browse())
            complaint.likely_duplicate_ids = found
            complaint.likely_duplicate_count = len(found)

    def _likely_duplicates_by_complaint(self):
        """{complaint id: the complainant's other open originals with the same category or
        object, the first ``LIKELY_DUPLICATES_SHOWN``}, in one search for the whole batch."""
        wanted = self.filtered(
            lambda c: c.id and c.partner_id and not c.duplicate_of_id and c.state in OPEN_STATES
        )
        if not wanted:
            return {}
        objects = {(c.concerned_object or "").strip() for c in wanted} - {""}
        same_matter = [("category_id", "in", wanted.category_id.ids)]
        if objects:
            same_matter = ["|", ("concerned_object", "in", list(objects)), *same_matter]
        found = self.search(
            [
                ("partner_id", "in", wanted.partner_id.ids),
                ("state", "in", OPEN_STATES),
                ("duplicate_of_id", "=", False),
                ("company_id", "in", wanted.company_id.ids),
                *same_matter,
            ],
            order="date_received, id",
            limit=LIKELY_DUPLICATES_SHOWN * len(wanted) + len(wanted),
        )
        result = {}
        for complaint in wanted:
            result[complaint.id] = found.filtered(
                lambda o, c=complaint: (
                    o.id != c.id
                    and o.partner_id == c.partner_id
                    and o.company_id == c.company_id
                    and (
                        (c.category_id and o.category_id == c.category_id)
                        or (
                            c.concerned_object
                            and (o.concerned_object or "").strip().lower()
                            == c.concerned_object.strip().lower()
                        )
                    )
                )
            )[:LIKELY_DUPLICATES_SHOWN]
        return result

    # ================================================================== marking
    def _action_mark_duplicate(self, original, note=None):
        """The desk merges this complaint into ``original`` (the same complainant's same
        matter): its process steps stop, its regulatory clock is kept and met by the
        original's decision; it is closed and archived with the original. A complaint
        already merged into another is merged into that one's original."""
        self.ensure_one()
        self._check_role("desk")
        self._check_state(*OPEN_STATES)
        original = original.sudo().duplicate_of_id or original.sudo()
        original = original.with_env(self.env)
        if not original:
            raise UserError(self.env._("Choose the original complaint."))
        if original == self:
            raise UserError(self.env._("A complaint cannot be a duplicate of itself."))
        if original.company_id != self.company_id:
            raise UserError(
                self.env._(
                    "%s belongs to another company: it cannot be the original.", original.name
                )
            )
        if original.partner_id != self.partner_id:
            raise UserError(
                self.env._(
                    "%(ref)s is %(partner)s's complaint: only the same complainant's complaints "
                    "are merged.",
                    ref=original.name,
                    partner=original.partner_id.display_name,
                )
            )
        if original.state == "archived":
            raise UserError(
                self.env._(
                    "%s is archived: register this complaint as an objection or a re-complaint "
                    "instead.",
                    original.name,
                )
            )
        if self.sudo().duplicate_ids:
            raise UserError(
                self.env._("%s has duplicates of its own: split them off first.", self.name)
            )
        note = (note or "").strip()
        self._workflow().write({"duplicate_of_id": original.id})
        self._cancel_steps()
        self._message_log(
            body=Markup("%s %s. %s")
            % (self.env._("Merged as a duplicate into"), original._get_html_link(), note)
        )
        original._message_log(
            body=Markup("%s %s. %s")
            % (self.env._("Duplicate merged:"), self._get_html_link(), note)
        )
        self._follow_original()
        return True

    def _follow_original(self):
        """Bring the duplicates up to their original: the regulatory clock met by the
        original's decision, closed when it is closed (archived with it)."""
        for duplicate in self.filtered(lambda c: c.duplicate_of_id and c.state in OPEN_STATES):
            original = duplicate.sudo().duplicate_of_id
            if original.date_regulatory_met or original.date_decision_sent:
                duplicate.sudo()._meet_regulatory_clock(fields.Datetime.now())
            if original.state in ("closed", "archived"):
                duplicate._close_as_duplicate(original)

    def _close_as_duplicate(self, original):
        now = fields.Datetime.now()
        self._cancel_steps()
        self._workflow().write(
            {
                "state": "closed",
                "closure_type": "duplicate",
                "date_closed": max(original.date_closed or now, self.date_received),
            }
        )
        self._message_log(body=self.env._("Closed with its original %s.", original.name))

    # ================================================================== splitting
    def _action_split_duplicate(self, reason):
        """The desk splits a duplicate off its original again (it was another matter): the
        reason is logged on both, and the complaint goes its own way from where it stood."""
        self.ensure_one()
        self._check_role("desk")
        if not self.duplicate_of_id:
            raise UserError(self.env._("%s is not merged into another complaint.", self.name))
        if self.state not in OPEN_STATES:
            raise UserError(
                self.env._(
                    "%s was closed with its original: register a new complaint instead.",
                    self.name,
                )
            )
        if is_blank(reason):
            raise UserError(self.env._("Give the reason why this is not the same matter."))
        original = self.sudo().duplicate_of_id
        self._workflow().write({"duplicate_of_id": False})
        if self.state == "new":
            self._open_steps(["dispatch"])
        body = Markup("%s %s: %s")
        self._message_log(body=body % (self.env._("Split off"), original._get_html_link(), reason))
        original._message_log(
            body=body % (self.env._("Duplicate split off:"), self._get_html_link(), reason)
        )
        return True

    # ================================================================== following
    def _meet_regulatory_clock(self, when=None):
        res = super()._meet_regulatory_clock(when)
        # Closed with the original already, or still open: their clocks are met alike.
        duplicates = self.sudo().duplicate_ids.filtered(lambda c: c.state != "archived")
        if duplicates:
            super(ComplaintComplaint, duplicates)._meet_regulatory_clock(when)
        return res

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") in ("closed", "archived"):
            followers = self.sudo().duplicate_ids.filtered(lambda c: c.state != vals["state"])
            if vals["state"] == "closed":
                for duplicate in followers.filtered(lambda c: c.state in OPEN_STATES):
                    duplicate.with_env(self.env)._close_as_duplicate(duplicate.duplicate_of_id)
        return res

    def action_archive_complaint(self):
        res = super().action_archive_complaint()
        for original in self.sudo():
            duplicates = original.duplicate_ids.filtered(lambda c: c.state == "closed")
            if not duplicates:
                continue
            # A duplicate's record is its original's: the signature of the original's
            # complete record covers it (governance's archive sign-off).
            duplicates.filtered(lambda c: not c.record_signed_by_id)._workflow().write(
                {
                    "record_signed_by_id": original.record_signed_by_id.id,
                    "date_record_signed": original.date_record_signed,
                }
            )
            duplicates.with_env(self.env).action_archive_complaint()
        return res

    def _get_missing_slip_data(self):
        """A duplicate is archived with what its original reached."""
        self.ensure_one()
        c = self.sudo()
        if c.closure_type != "duplicate":
            return super()._get_missing_slip_data()
        checks = [
            (c.partner_id, self.env._("Complainant")),
            (c.channel_id, self.env._("Channel")),
            (c.receiver_id, self.env._("Received By")),
            (c.description, self.env._("Complaint Content")),
            (c.duplicate_of_id.state == "archived", self.env._("Original Archived")),
        ]
        return [label for value, label in checks if not value]

    def action_view_duplicates(self):
        """The duplicates merged into this complaint."""
        self.ensure_one()
        action = self.duplicate_ids._get_records_action(name=self.env._("Duplicates Merged"))
        action["domain"] = [("duplicate_of_id", "=", self.id)]
        return action
