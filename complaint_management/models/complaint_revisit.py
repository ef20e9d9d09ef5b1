from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_input_mixin import check_not_before_receipt
from .constants import (
    CONTACT_CHANNELS,
    SATISFACTION,
    WORKFLOW_TOKEN,
    satisfaction_kind,
)


class ComplaintRevisit(models.Model):
    """A satisfaction revisit (满意度回访): who called, how, the customer's satisfaction and
    comment, and what was decided."""

    _name = "complaint.revisit"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Satisfaction Revisit"
    _order = "date desc, id desc"
    _check_company_auto = True
    _input_past_dates = ("date",)

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        "res.users",
        "Revisited By",
        required=True,
        default=lambda self: self.env.user,
        check_company=True,
    )
    channel = fields.Selection(CONTACT_CHANNELS, "How", required=True, default="phone")
    partner_id = fields.Many2one(
        "res.partner",
        "Answered By",
        readonly=True,
        help="The complainant, when they answered themselves in the customer portal.",
    )
    satisfaction = fields.Selection(SATISFACTION, required=True, index=True)
    comment = fields.Text("Customer's Comments")
    outcome = fields.Selection(
        [
            ("close", "Close the Complaint"),
            ("replan", "New Plan"),
            ("recomplaint", "Re-complaint"),
            ("crisis", "Escalate to Crisis Handling"),
        ],
        required=True,
    )
    followup_complaint_id = fields.Many2one("complaint.complaint", "Re-complaint", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            raise UserError(self.env._("Record revisits with the 'Record Revisit' button."))
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            raise UserError(self.env._("A recorded revisit cannot be changed."))
        return super().write(vals)

    @api.model
    def _workflow_create(self, vals):
        return self.with_context(complaint_workflow=WORKFLOW_TOKEN).create(vals)

    def _workflow(self):
        return self.with_context(complaint_workflow=WORKFLOW_TOKEN)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_revisit(self):
        raise UserError(self.env._("Revisits are kept: they cannot be deleted."))

    @api.constrains("date", "complaint_id")
    def _check_date(self):
        check_not_before_receipt(self, "date")

    @api.constrains("satisfaction", "outcome")
    def _check_outcome(self):
        """A satisfied customer's complaint closes; a dissatisfied one cannot simply close."""
        for revisit in self:
            kind = satisfaction_kind(revisit.satisfaction)
            if kind == "satisfied" and revisit.outcome != "close":
                raise ValidationError(self.env._("A satisfied customer's complaint is closed."))
            if kind == "dissatisfied" and revisit.outcome == "close":
                raise ValidationError(
                    self.env._(
                        "The customer is not satisfied: make a new plan, open a re-complaint "
                        "or escalate to crisis handling."
                    )
                )
            if kind == "neutral" and revisit.outcome not in ("close", "replan"):
                raise ValidationError(
                    self.env._("A neutral customer's complaint is closed or given a new plan.")
                )
