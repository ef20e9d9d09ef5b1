from odoo import api, models


class ComplaintDecisionReport(models.AbstractModel):
    """The decision letter (处理决定) sent to the complainant. Printing it, which shows the
    complainant's address, is an access to confidential data."""

    _name = "report.complaint_management.complaint_decision"
    _description = "Complaint Decision Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["complaint.complaint"].browse(docids)
        docs._log_confidential_access("print")
        return {"doc_ids": docids, "doc_model": "complaint.complaint", "docs": docs}
