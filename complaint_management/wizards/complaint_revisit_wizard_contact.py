from odoo import fields, models


class ComplaintRevisitWizard(models.TransientModel):
    _inherit = "complaint.revisit.wizard"  # pylint: disable=consider-merging-classes-inherited

    problems = fields.Text(
        "Problems Raised",
        help="Problems the customer raises now: the responsible department handles them "
        "within the working days of Settings.",
    )

    def action_confirm(self):
        """Record the revisit with the problems the customer raised."""
        self.ensure_one()
        return super(
            ComplaintRevisitWizard,
            self.with_context(complaint_revisit_problems=self.problems or False),
        ).action_confirm()
