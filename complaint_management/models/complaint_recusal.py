from odoo import api, fields, models
from odoo.exceptions import UserError

from .constants import WORKFLOW_TOKEN


class ComplaintRecusal(models.Model):
    """A declared interest (回避): the person named may not handle, approve, audit or
    review the complaint. Kept forever."""

    _name = "complaint.recusal"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Recusal"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    user_id = fields.Many2one("res.users", "Recused", required=True, index=True, readonly=True)
    reason = fields.Text("Interest", required=True, readonly=True)
    declared_by_id = fields.Many2one("res.users", "Recorded By", readonly=True)
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            raise UserError(
                self.env._("Declare an interest with the 'Declare an Interest' button.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            raise UserError(self.env._("A declared interest cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recusal(self):
        raise UserError(self.env._("Declared interests are kept: they cannot be deleted."))
