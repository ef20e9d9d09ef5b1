"""What the customer-data erasure did, complaint by complaint (SPEC.md: 定期清理): written
by the erasure job only, never changed or deleted, read by administrators and compliance."""

from odoo import api, fields, models
from odoo.exceptions import UserError


class ComplaintRetentionLog(models.Model):
    _name = "complaint.retention.log"
    _description = "Customer Data Erasure"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, readonly=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    date = fields.Datetime("Erased On", required=True, readonly=True)
    erased_fields = fields.Char("Contact Details Erased", readonly=True)
    file_count = fields.Integer("Evidence Files Erased", readonly=True)
    contact_count = fields.Integer("Contact Recordings Erased", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("The erasure log is written by the erasure job only."))
        return super().create(vals_list)

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("The erasure log is never changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_log(self):
        raise UserError(self.env._("The erasure log is never deleted."))
