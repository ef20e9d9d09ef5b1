from odoo import fields, models


class ComplaintGradeHistory(models.Model):
    """Every grade a complaint had, when, why and by whom (or automatically)."""

    _name = "complaint.grade.history"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Grade History"
    _order = "date desc, id desc"
    _input_past_dates = ("date",)

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    old_grade_id = fields.Many2one("complaint.grade", "From", ondelete="restrict")
    new_grade_id = fields.Many2one("complaint.grade", "To", required=True, index=True)
    new_level = fields.Integer(related="new_grade_id.level", store=True)
    reason = fields.Text(required=True)
    automatic = fields.Boolean(help="Set by the grading rules, not by hand.")
    user_id = fields.Many2one("res.users", "By")
