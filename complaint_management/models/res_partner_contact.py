"""Key customers (重点客户, SPEC.md "First reply and time promise"): a complainant who was
dissatisfied at a revisit, until a later revisit finds them satisfied. Only complaint
staff read the mark (never the customer, in the portal or elsewhere)."""

from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    complaint_key_customer = fields.Boolean(
        "Key Customer",
        readonly=True,
        copy=False,
        groups="complaint_management.group_complaint_user",
        help="Dissatisfied at a complaint's revisit: the desk treats their next call with "
        "care. Cleared by a revisit that finds them satisfied.",
    )
