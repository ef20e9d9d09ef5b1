"""Settings of the customer's side: the company's complaint mailbox (alias name and mail
domain, as ``hr_expense`` edits its expense alias), the published hotline and complaint
officer, who receives online complaints, and the portal's reach."""

from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    complaint_alias_name = fields.Char(
        "Complaint Mailbox",
        compute="_compute_complaint_alias",
        inverse="_inverse_complaint_alias",
        readonly=False,
    )
    complaint_alias_domain_id = fields.Many2one(
        "mail.alias.domain",
        "Complaint Mailbox Domain",
        compute="_compute_complaint_alias",
        inverse="_inverse_complaint_alias",
        readonly=False,
    )
    complaint_hotline = fields.Char(related="company_id.complaint_hotline", readonly=False)
    complaint_officer_id = fields.Many2one(
        related="company_id.complaint_officer_id", readonly=False
    )
    complaint_intake_user_id = fields.Many2one(
        related="company_id.complaint_intake_user_id", readonly=False
    )
    complaint_portal_share_commercial = fields.Boolean(
        related="company_id.complaint_portal_share_commercial", readonly=False
    )

    @api.depends("company_id")
    def _compute_complaint_alias(self):
        for settings in self:
            alias = settings.company_id.sudo().complaint_alias_id
            settings.complaint_alias_name = alias.alias_name
            settings.complaint_alias_domain_id = (
                alias.alias_domain_id or settings.company_id.alias_domain_id
            )

    def _inverse_complaint_alias(self):
        for settings in self:
            company = settings.company_id.sudo()
            company._complaint_ensure_alias()
            alias = company.complaint_alias_id
            values = {
                "alias_name": settings.complaint_alias_name or False,
                "alias_domain_id": settings.complaint_alias_domain_id.id or False,
            }
            if (alias.alias_name, alias.alias_domain_id.id or False) != tuple(values.values()):
                alias.write(values)
