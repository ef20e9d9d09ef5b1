from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintAccessLog(models.Model):
    """Who read, exported, printed or searched a complaint's confidential data, and when.
    A search names the field searched and how many records matched, never the value."""

    _name = "complaint.access.log"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Confidential Data Access"
    _order = "id desc"
    _log_access = True
    # Reading an archived complaint is logged like any other.
    _complaint_archive_lock = False
    _input_ranges = {"match_count": (0, 2**31 - 1)}

    complaint_id = fields.Many2one("complaint.complaint", ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    user_id = fields.Many2one("res.users", required=True, index=True)
    access_type = fields.Selection(
        [("read", "Read"), ("export", "Export"), ("print", "Print"), ("search", "Search")],
        required=True,
    )
    field_id = fields.Many2one(
        "ir.model.fields", "Field Searched", ondelete="set null", help="For a search."
    )
    match_count = fields.Integer(
        "Matches", help="For a search: how many records matched, among those the user may read."
    )
    date = fields.Datetime(related="create_date", string="Date")

    @api.constrains("complaint_id", "access_type")
    def _check_complaint(self):
        if any(not log.complaint_id and log.access_type != "search" for log in self):
            raise ValidationError(self.env._("A read, export or print names its complaint."))
