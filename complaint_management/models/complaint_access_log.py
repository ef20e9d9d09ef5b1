from odoo import fields, models


class ComplaintAccessLog(models.Model):
    """Who read, exported or printed a complaint's confidential data, and when."""

    _name = "complaint.access.log"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Confidential Data Access"
    _order = "id desc"
    _log_access = True

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True)
    user_id = fields.Many2one("res.users", required=True, index=True)
    access_type = fields.Selection(
        [("read", "Read"), ("export", "Export"), ("print", "Print")], required=True
    )
    date = fields.Datetime(related="create_date", string="Date")
