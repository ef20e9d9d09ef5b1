"""The problems a customer raises at the revisit (SPEC.md "First reply and time promise"):
kept on the revisit, handled by the responsible department as a timed step."""

from odoo import fields, models


class ComplaintRevisit(models.Model):
    _inherit = "complaint.revisit"  # pylint: disable=consider-merging-classes-inherited

    problems = fields.Text(
        "Problems Raised",
        readonly=True,
        help="Problems the customer raised at the revisit, for the responsible department.",
    )

    def _contact_write_problems(self, problems):
        """Keep the problems raised at this revisit (written by the revisit step only)."""
        self._workflow().write({"problems": problems})
