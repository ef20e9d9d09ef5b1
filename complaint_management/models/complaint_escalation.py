from odoo import fields, models

from .constants import ESCALATION_TARGETS


class ComplaintEscalation(models.Model):
    """A reminder or escalation sent for a late step: the breach record supervisors and,
    later, staff accountability read."""

    _name = "complaint.escalation"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Escalation"
    _order = "date desc, id desc"

    step_id = fields.Many2one(
        "complaint.step", "Step Record", required=True, ondelete="cascade", index=True
    )
    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    step = fields.Selection(related="step_id.step", store=True)
    department_id = fields.Many2one(related="step_id.department_id", store=True)
    kind = fields.Selection(
        [("reminder", "Reminder"), ("escalation", "Escalation")], required=True, index=True
    )
    level = fields.Integer(required=True)
    target = fields.Selection(ESCALATION_TARGETS, required=True)
    user_id = fields.Many2one("res.users", "Sent To", index=True)
    date = fields.Datetime(required=True, index=True)
