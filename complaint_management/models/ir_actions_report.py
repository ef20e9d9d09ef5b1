from collections import OrderedDict

from odoo import models

SLIP_REPORT_NAME = "complaint_management.complaint_slip"
SLIP_REPORT_XMLID = "complaint_management.complaint_slip_report_action"


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Printing the handling slip of an archived complaint serves its filed copy to
        those cleared for its contact details (SPEC step 14: the slip as filed); everyone
        else, and every complaint not archived, gets a fresh render with the contact
        details masked."""
        # Any other report costs nothing more: a name or external id is compared in memory
        # (Odoo's _get_report searches a report by its name).
        if isinstance(report_ref, str) and report_ref not in (SLIP_REPORT_NAME, SLIP_REPORT_XMLID):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        report = self._get_report(report_ref)
        if (
            report.report_name != SLIP_REPORT_NAME
            or not res_ids
            or len(res_ids) != len(set(res_ids))
            or self.env.context.get("complaint_slip_fresh")
        ):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        filed = self.env["complaint.complaint"].browse(res_ids)._filed_slip_streams()
        fresh_ids = [res_id for res_id in res_ids if res_id not in filed]
        fresh = (
            super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=fresh_ids)
            if fresh_ids
            else {}
        )
        streams = OrderedDict()
        for res_id in res_ids:
            if res_id in filed:
                streams[res_id] = {"stream": filed[res_id], "attachment": None}
            elif res_id in fresh:
                streams[res_id] = fresh[res_id]
        if False in fresh:  # fresh slips Odoo could not split per complaint come last
            streams[False] = fresh[False]
        return streams
