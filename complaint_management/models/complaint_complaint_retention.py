"""Customer data kept only while needed (SPEC.md: 定期清理; 个人信息保护法): once a complaint has
been archived for the company's retention period (Settings > Complaints; none by default:
nothing is erased until a company sets one), a scheduled job erases the complainant's
contact details kept on it (its confidential fields), its contact recordings and its
evidence files (the evidence and the signed authorisations). The handling record (every
other field, the chatter, the filed handling slip) and every figure stay as they were; what
was erased is logged on the complaint (a note) and in the erasure log.

Never erased: a complaint on legal hold (a flag with a reason, placed and lifted by a
supervisor or compliance), in litigation, under review or still within its review period
(``_retention_held_domain``; the crisis module adds "an open crisis" there).

The archive lock lets the erasure through, and only it: the job works as superuser with a
context value only server code can produce (``RETENTION_TOKEN``); a user passing the key
over RPC (a JSON value, never that object) is refused as before. The administrator sees
beforehand what the next run would erase (the "Due for Erasure" list, as Odoo's
data_recycle lists its records)."""

import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from .constants import is_blank

_logger = logging.getLogger(__name__)

# The erasure job's own work on archived complaints: see retention_erasing().
RETENTION_TOKEN = object()
# The legal hold is placed and lifted on archived complaints too: it is not part of the
# handling record, and only its action writes it.
HOLD_TOKEN = object()
RETENTION_BATCH = 200
HOLD_FIELDS = {"legal_hold", "legal_hold_reason", "legal_hold_user_id", "date_legal_hold"}
ERASURE_FIELDS = {"date_data_erased"}
HOLD_GROUPS = (
    "complaint_management.group_complaint_supervisor",
    "complaint_management.group_complaint_compliance",
)


def retention_erasing(env):
    """Whether ``env`` is the erasure job's: superuser, with the server-side token."""
    return env.su and env.context.get("complaint_retention") is RETENTION_TOKEN


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    legal_hold = fields.Boolean(
        readonly=True,
        copy=False,
        tracking=True,
        help="Kept whole whatever the retention period: no data of it is erased.",
    )
    legal_hold_reason = fields.Text(readonly=True, copy=False)
    legal_hold_user_id = fields.Many2one("res.users", "Legal Hold By", readonly=True, copy=False)
    date_legal_hold = fields.Datetime("Legal Hold Since", readonly=True, copy=False)
    date_data_erased = fields.Datetime(
        "Customer Data Erased On",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="When the complainant's contact details and evidence files were erased, the "
        "retention period after archiving being over.",
    )
    date_retention_end = fields.Datetime(
        "Customer Data Kept Until",
        compute="_compute_date_retention_end",
        help="The end of the company's retention period after archiving (empty: kept).",
    )
    retention_due = fields.Boolean(
        "Due for Erasure",
        compute="_compute_retention_due",
        search="_search_retention_due",
        help="The next erasure run erases this complaint's customer data.",
    )
    retention_file_count = fields.Integer("Evidence Files", compute="_compute_retention_file_count")
    can_hold = fields.Boolean(compute="_compute_can_hold")

    # ================================================================== computes
    @api.depends("date_archived", "company_id.complaint_retention_months")
    def _compute_date_retention_end(self):
        for complaint in self:
            months = complaint.company_id.complaint_retention_months
            complaint.date_retention_end = (
                complaint.date_archived + relativedelta(months=months)
                if months and complaint.date_archived
                else False
            )

    def _compute_retention_due(self):
        due = self.sudo().search([("id", "in", self.ids), *self._retention_due_domain()])
        for complaint in self:
            complaint.retention_due = complaint in due

    def _search_retention_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search."))
        domain = self._retention_due_domain()
        return domain if (operator == "=") == value else ["!", *expression.normalize_domain(domain)]

    @api.depends("evidence_attachment_ids", "authorisation_attachment_ids")
    def _compute_retention_file_count(self):
        for complaint in self:
            files = complaint.sudo()._retention_attachments()
            complaint.retention_file_count = len(files)

    @api.depends_context("uid")
    def _compute_can_hold(self):
        allowed = self.env.su or any(self.env.user.has_group(g) for g in HOLD_GROUPS)
        for complaint in self:
            complaint.can_hold = allowed

    # ================================================================== guard
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if any(vals.get(fname) for fname in HOLD_FIELDS | ERASURE_FIELDS):
                raise UserError(
                    self.env._("A legal hold is placed once the complaint is registered.")
                )
        return super().create(vals_list)

    def _check_write(self, vals):
        fnames = set(vals)
        if fnames <= HOLD_FIELDS and self.env.context.get("complaint_legal_hold") is HOLD_TOKEN:
            # The hold is placed on archived complaints too: it changes nothing filed.
            return None
        if fnames & HOLD_FIELDS:
            raise UserError(self.env._("A legal hold is placed and lifted with its buttons."))
        if fnames & ERASURE_FIELDS and not retention_erasing(self.env):
            raise UserError(self.env._("Only the erasure job records that data was erased."))
        return super()._check_write(vals)

    # ================================================================== what is due
    @api.model
    def _retention_held_domain(self):
        """Complaints whose data is never erased whatever their age: on legal hold, in
        litigation, under review (a review of them open, or still within the period in
        which the complainant may ask for one). Other modules add their own holds here
        (the crisis module: an open crisis) with ``expression.OR`` on super()."""
        reviewed = (
            self.env["complaint.review"]
            .sudo()
            .search([("state", "=", "open")])
            .mapped("reviewed_complaint_id")
        )
        return expression.OR(
            [
                [("legal_hold", "=", True)],
                [("litigation_filed", "=", True)],
                [("review_ids.state", "=", "open")],
                [("id", "in", reviewed.ids)],
                [("date_review_limit", ">", fields.Datetime.now())],
            ]
        )

    @api.model
    def _retention_due_domain(self):
        """Complaints the next erasure run erases: archived longer ago than their company's
        retention period, not erased yet, not held (``_retention_held_domain``)."""
        now = fields.Datetime.now()
        companies = self.env["res.company"].sudo().search([("complaint_retention_months", ">", 0)])
        if not companies:
            return expression.FALSE_DOMAIN
        by_company = expression.OR(
            [
                [
                    ("company_id", "=", company.id),
                    (
                        "date_archived",
                        "<",
                        now - relativedelta(months=company.complaint_retention_months),
                    ),
                ]
                for company in companies
            ]
        )
        return expression.AND(
            [
                [("state", "=", "archived"), ("date_data_erased", "=", False)],
                by_company,
                # A subquery, not a negated domain: negating "date > x" would leave out
                # the complaints with no date (SQL's NULL).
                [("id", "not in", self.sudo()._search(self._retention_held_domain()))],
            ]
        )

    # ================================================================== the job
    @api.model
    def _cron_erase_expired_data(self, batch_size=RETENTION_BATCH):
        """Scheduled job: erase the customer data of the complaints past their retention
        period, ``batch_size`` complaints at a time (one search per batch). Run by the
        scheduler it does one batch and reports what is left, so that each batch is
        committed; called directly it runs to the end. Returns how many were erased."""
        Complaint = self.sudo().with_context(complaint_retention=RETENTION_TOKEN)
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        done = 0
        while True:
            found = Complaint.search(
                Complaint._retention_due_domain(), limit=batch_size + 1, order="id"
            )
            batch = found[:batch_size]
            if batch:
                batch._retention_erase()
                done += len(batch)
            if in_cron or len(found) <= batch_size:
                self.env["ir.cron"]._notify_progress(
                    done=len(batch), remaining=len(found) - len(batch)
                )
                return done

    def _retention_attachments(self):
        """The complainant's files: the evidence and the signed authorisations."""
        return self.evidence_attachment_ids | self.authorisation_attachment_ids

    def _retention_erase_contact_records(self):
        """Erase the recordings of the contacts with the complainant of these complaints
        (the contact log adds them here). Returns {complaint id: how many were erased}."""
        return {}

    def _retention_erase(self):
        """Erase the customer data of these complaints (the erasure job's own work, under
        ``RETENTION_TOKEN``): the confidential contact details, the contact recordings and
        the evidence files; log it on each complaint and in the erasure log."""
        if not retention_erasing(self.env):
            raise AccessError(self.env._("Customer data is erased only by the erasure job."))
        now = fields.Datetime.now()
        files = {complaint.id: complaint._retention_attachments() for complaint in self}
        contacts = self._retention_erase_contact_records()
        raw_fields = list(self._confidential_fields.values())
        had_contact = {
            complaint.id: [
                shown for shown, raw in self._confidential_fields.items() if complaint[raw]
            ]
            for complaint in self
        }
        self.write(dict.fromkeys(raw_fields, False))
        self.env["ir.attachment"].concat(*files.values()).unlink()
        self.write({"date_data_erased": now})
        labels = {
            shown: self._fields[shown].get_description(self.env)["string"]
            for shown in self._confidential_fields
        }
        logs = []
        for complaint in self:
            erased_fields = ", ".join(labels[f] for f in had_contact[complaint.id]) or "-"
            file_count = len(files[complaint.id])
            contact_count = contacts.get(complaint.id, 0)
            complaint.message_post(
                body=self.env._(
                    "Retention period over: customer data erased (contact details: "
                    "%(fields)s; evidence files: %(files)s; contact recordings: "
                    "%(contacts)s). The handling record is kept.",
                    fields=erased_fields,
                    files=file_count,
                    contacts=contact_count,
                ),
                subtype_xmlid="mail.mt_note",
            )
            logs.append(
                {
                    "complaint_id": complaint.id,
                    "company_id": complaint.company_id.id,
                    "date": now,
                    "erased_fields": erased_fields,
                    "file_count": file_count,
                    "contact_count": contact_count,
                }
            )
        self.env["complaint.retention.log"].sudo().create(logs)
        _logger.info("Customer data erased on %s archived complaints", len(self))

    # ================================================================== legal hold
    def _check_hold_role(self):
        if not self.env.su and not any(self.env.user.has_group(g) for g in HOLD_GROUPS):
            raise AccessError(
                self.env._("Only supervisors and compliance officers place or lift a legal hold.")
            )

    def _action_place_legal_hold(self, reason):
        """Keep these complaints whole whatever the retention period (a lawsuit, an
        investigation, a regulator's request), with the reason, logged."""
        self._check_hold_role()
        if is_blank(reason):
            raise UserError(self.env._("Give the reason for the legal hold."))
        held = self.filtered("legal_hold")
        if held:
            raise UserError(
                self.env._("%s is already on legal hold.", ", ".join(held.mapped("name")))
            )
        self.sudo().with_context(complaint_legal_hold=HOLD_TOKEN).write(
            {
                "legal_hold": True,
                "legal_hold_reason": reason,
                "legal_hold_user_id": self.env.uid,
                "date_legal_hold": fields.Datetime.now(),
            }
        )
        for complaint in self.sudo():
            complaint.message_post(
                body=self.env._("Legal hold placed: %s", reason), subtype_xmlid="mail.mt_note"
            )
        return True

    def _action_lift_legal_hold(self, reason):
        """Lift the legal hold, with the reason, logged: the retention period applies
        again."""
        self._check_hold_role()
        if is_blank(reason):
            raise UserError(self.env._("Give the reason for lifting the legal hold."))
        free = self.filtered(lambda c: not c.legal_hold)
        if free:
            raise UserError(self.env._("%s is not on legal hold.", ", ".join(free.mapped("name"))))
        self.sudo().with_context(complaint_legal_hold=HOLD_TOKEN).write({"legal_hold": False})
        for complaint in self.sudo():
            complaint.message_post(
                body=self.env._("Legal hold lifted: %s", reason), subtype_xmlid="mail.mt_note"
            )
        return True

    @api.model
    def action_retention_preview(self):
        """What the next erasure run would erase, for the administrator to review first."""
        if not self.env.user.has_group("complaint_management.group_complaint_manager"):
            raise AccessError(self.env._("Only administrators review the data due for erasure."))
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action_retention_preview"
        )
        return action
