from odoo import api, fields, models
from odoo.exceptions import UserError

from .constants import CONTACT_CHANNELS, WORKFLOW_TOKEN


class ComplaintReview(models.Model):
    """A review (核查) the complainant asked for after the decision: a higher level of the
    institution re-examines the handling and answers within the company's review period.

    ``complaint_id`` carries the review (its timed step, its outcome); it is the reviewed
    complaint itself, or, when that one is archived (read-only), a linked complaint opened
    for the review. ``reviewed_complaint_id`` is the complaint whose decision is reviewed."""

    _name = "complaint.review"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Review"
    _order = "date_requested desc, id desc"

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    reviewed_complaint_id = fields.Many2one(
        "complaint.complaint", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    date_requested = fields.Datetime("Requested On", required=True, readonly=True)
    channel = fields.Selection(CONTACT_CHANNELS, "Received By", readonly=True)
    reason = fields.Text("Complainant's Grounds", readonly=True)
    reviewer_id = fields.Many2one("res.users", "Review Officer", readonly=True)
    state = fields.Selection(
        [
            ("open", "Under Review"),
            ("upheld", "Decision Upheld"),
            ("changed", "Decision Changed"),
            ("withdrawn", "Withdrawn"),
        ],
        required=True,
        default="open",
        readonly=True,
        index=True,
    )
    note = fields.Text("Review Finding", readonly=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    date_decided = fields.Datetime("Decided On", readonly=True)
    step_id = fields.Many2one("complaint.step", "Timed Step", readonly=True)
    date_deadline = fields.Datetime(related="step_id.date_deadline", string="Answer Due")
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            raise UserError(self.env._("Register a review with the 'Request Review' button."))
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            raise UserError(self.env._("A review changes only through its buttons."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_review(self):
        raise UserError(self.env._("Reviews are kept: they cannot be deleted."))

    def _workflow(self):
        return self.with_context(complaint_workflow=WORKFLOW_TOKEN)
