from odoo import fields, models


class ComplaintGradeWizard(models.TransientModel):
    """Change a complaint's grade by hand, with the reason kept in its grade history."""

    _name = "complaint.grade.wizard"
    _inherit = ["complaint.input.mixin"]
    _description = "Change Complaint Grade"

    complaint_id = fields.Many2one("complaint.complaint", required=True, ondelete="cascade")
    current_grade_id = fields.Many2one(related="complaint_id.grade_id", string="Current Grade")
    proposed_level = fields.Integer(related="complaint_id.grade_proposed_level")
    proposed_reason = fields.Text(related="complaint_id.grade_proposed_reason")
    grade_id = fields.Many2one("complaint.grade", "New Grade", required=True)
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.complaint_id._action_change_grade(self.grade_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
