"""The customer's side of a company's complaint settings: the complaint mailbox (one
``mail.alias`` per company, on the company's mail domain), the hotline and the named
complaint officer the public page lists (SPEC.md "Channels are published"), who receives
what arrives by mail and through the portal, and how far a portal user's view reaches."""

from odoo import api, fields, models

DEFAULT_ALIAS = "complaints"


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_alias_id = fields.Many2one(
        "mail.alias",
        "Complaint Mailbox",
        copy=False,
        readonly=True,
        ondelete="set null",
        help="Mails to this address open complaints of this company.",
    )
    complaint_hotline = fields.Char(help="Published on the public complaint page and in letters.")
    complaint_officer_id = fields.Many2one(
        "res.users",
        help="The person named as responsible for complaints on the public complaint page.",
    )
    complaint_intake_user_id = fields.Many2one(
        "res.users",
        "Receives Online Complaints",
        help="The receiving employee (受理人) of complaints that arrive by mail or through the "
        "customer portal; empty: the service desk department's manager.",
    )
    complaint_portal_share_commercial = fields.Boolean(
        "Customers See Their Organisation's Complaints",
        help="In the customer portal, a contact of a customer organisation sees every "
        "complaint of that organisation's contacts, not only their own.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._complaint_ensure_alias()
        return companies

    @api.model
    def _complaint_ensure_aliases(self):
        """Give every company its complaint mailbox (at install and upgrade), and move
        those created before their company had a mail domain onto it."""
        self.search(
            [
                "|",
                ("complaint_alias_id", "=", False),
                "&",
                ("complaint_alias_id.alias_domain_id", "=", False),
                ("alias_domain_id", "!=", False),
            ]
        )._complaint_ensure_alias()

    def _complaint_ensure_alias(self):
        """Create the complaint mailbox of companies that have none (``complaints@`` on the
        company's mail domain, numbered when another company took that name), and move a
        mailbox created before the company had a mail domain onto it."""
        Alias = self.env["mail.alias"].sudo()
        for company in self.sudo():
            alias = company.complaint_alias_id
            domain = company.alias_domain_id
            if not alias:
                company.complaint_alias_id = Alias.create(
                    {
                        "alias_name": company._complaint_free_alias_name(domain),
                        "alias_domain_id": domain.id or False,
                        "alias_model_id": self.env["ir.model"]._get_id("complaint.complaint"),
                        "alias_defaults": repr({"company_id": company.id}),
                        "alias_contact": "everyone",
                    }
                )
            elif domain and not alias.alias_domain_id:
                alias.write(
                    {
                        "alias_domain_id": domain.id,
                        "alias_name": company._complaint_free_alias_name(
                            domain, alias.alias_name or DEFAULT_ALIAS, alias
                        ),
                    }
                )

    def _complaint_free_alias_name(self, domain, name=DEFAULT_ALIAS, alias=None):
        """``name``, or ``name-<company id>`` when ``name`` is taken on ``domain``."""
        self.ensure_one()
        taken = (
            self.env["mail.alias"]
            .sudo()
            .search_count(
                [
                    ("alias_name", "=", name),
                    ("alias_domain_id", "=", domain.id or False),
                    ("id", "!=", alias.id if alias else False),
                ]
            )
        )
        return f"{name}-{self.id}" if taken else name

    def _complaint_intake_user(self):
        """The receiving employee of complaints that arrive by mail or through the portal."""
        self.ensure_one()
        company = self.sudo()
        return (
            company.complaint_intake_user_id
            or company.complaint_desk_department_id.manager_id.user_id
            or company.complaint_supervisor_id
            or self.env.ref("base.user_root")
        )

    def _complaint_mailbox(self):
        """The complaint mailbox's address, when it can receive mail (named, on a domain)."""
        self.ensure_one()
        full = self.sudo().complaint_alias_id.alias_full_name
        return full if full and "@" in full else False
