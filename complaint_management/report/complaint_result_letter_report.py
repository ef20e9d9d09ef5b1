from odoo import api, models


class ComplaintResultLetterReport(models.AbstractModel):
    """The result letter (SPEC.md step 12). It shows the compensation of the accepted plan:
    printing it is an access to confidential data."""

    _name = "report.complaint_management.complaint_result_letter"
    _description = "Complaint Result Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["complaint.complaint"].browse(docids)
        docs.plan_ids.filtered(lambda p: p.state == "accepted")._log_confidential_access(
            "print", ["compensation_amount"]
        )
        return {"doc_ids": docids, "doc_model": "complaint.complaint", "docs": docs}
