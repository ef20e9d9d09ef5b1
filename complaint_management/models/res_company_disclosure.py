from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_disclosure_region = fields.Selection(
        [("branch", "Province of the Handling Branch"), ("partner", "Province of the Complainant")],
        "Disclosure Regions By",
        default="branch",
        required=True,
        help="How the yearly complaint disclosure counts complaints by region: the province "
        "of the branch handling them, or of the complainant's address.",
    )
