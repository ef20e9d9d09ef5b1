from odoo import api, models


class ComplaintSlipReport(models.AbstractModel):
    """The handling slip (客户投诉处理单). Printing it is an access to confidential data."""

    _name = "report.complaint_management.complaint_slip"
    _description = "Complaint Handling Slip"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["complaint.complaint"].browse(docids)
        docs._log_confidential_access("print")
        return {"doc_ids": docids, "doc_model": "complaint.complaint", "docs": docs}
