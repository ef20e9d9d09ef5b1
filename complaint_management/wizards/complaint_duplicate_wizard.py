from odoo import api, fields, models


class ComplaintDuplicateWizard(models.TransientModel):
    """Merge a complaint into its original as a duplicate (合并重复), choosing among the
    complainant's likely duplicates, or split a duplicate off again with a reason."""

    _name = "complaint.duplicate.wizard"
    _inherit = ["complaint.input.mixin"]
    _description = "Merge or Split a Duplicate Complaint"

    complaint_id = fields.Many2one("complaint.complaint", required=True, ondelete="cascade")
    action = fields.Selection(
        [("mark", "Merge Into the Original"), ("split", "Split Off")],
        required=True,
        default="mark",
    )
    likely_duplicate_ids = fields.Many2many(
        related="complaint_id.likely_duplicate_ids", string="Likely Duplicates"
    )
    original_id = fields.Many2one(
        "complaint.complaint",
        "Original Complaint",
        ondelete="cascade",
        help="The complainant's first complaint about the same matter.",
    )
    partner_id = fields.Many2one(related="complaint_id.partner_id")
    reason = fields.Text(help="Why it is, or is not, the same matter.")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        complaint = self.env["complaint.complaint"].browse(values.get("complaint_id"))
        if "original_id" in fields_list and complaint and values.get("action", "mark") == "mark":
            values["original_id"] = complaint.likely_duplicate_ids[:1].id
        return values

    def action_confirm(self):
        """Merge or split through the complaint's own rule methods."""
        self.ensure_one()
        if self.action == "split":
            self.complaint_id._action_split_duplicate(self.reason)
        else:
            self.complaint_id._action_mark_duplicate(self.original_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
