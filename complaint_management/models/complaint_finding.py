from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_archive_mixin import message_post_context
from .complaint_input_mixin import check_not_before_receipt


class ComplaintFinding(models.Model):
    """A compliance officer's finding on a complaint (合规稽核): compliance writes only these."""

    _name = "complaint.finding"
    _description = "Compliance Finding"
    _inherit = ["mail.thread", "complaint.confidential.mixin"]
    _order = "date desc, id desc"
    _input_past_dates = ("date",)

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", "Officer", required=True, default=lambda self: self.env.user
    )
    conclusion = fields.Selection(
        [
            ("compliant", "No Violation Found"),
            ("violation", "Violation Found"),
            ("referred", "Referred (Legal / Regulator)"),
        ],
        required=True,
        tracking=True,
    )
    finding = fields.Html(required=True)
    measures = fields.Text("Required Measures")

    def write(self, vals):
        if (
            "user_id" in vals
            and not self.env.su
            and any(finding.user_id.id != vals["user_id"] for finding in self)
        ):
            raise UserError(self.env._("A finding stays signed by the officer who recorded it."))
        return super().write(vals)

    @api.constrains("date", "complaint_id")
    def _check_date(self):
        check_not_before_receipt(self, "date")

    @api.constrains("user_id", "complaint_id")
    def _check_officer(self):
        for finding in self:
            officer = finding.user_id
            if (
                not officer.has_group("complaint_management.group_complaint_compliance")
                or finding.company_id not in officer.company_ids
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a compliance officer of %(company)s.",
                        user=officer.name,
                        company=finding.company_id.name,
                    )
                )

    def message_post(self, **kwargs):
        """A message (and its attachments) may be added, to a finding of an archived
        complaint too."""
        records = message_post_context(self, kwargs.get("message_type"))
        return super(ComplaintFinding, records).message_post(**kwargs)
