from odoo import http
from odoo.http import request


class ComplaintDisclosureController(http.Controller):
    """The public page of the published yearly complaint disclosures (年度消费投诉情况):
    anyone may read them, as a bank puts them on its website. Drafts, and reports not yet
    published, are never shown."""

    def _published(self):
        return (
            request.env["complaint.disclosure"]
            .sudo()
            .search([("state", "=", "published")], order="date_from desc, company_id")
        )

    def _published_report(self, report_id):
        report = self._published().filtered(lambda r: r.id == report_id)
        if not report:
            raise request.not_found()
        return report

    @http.route(["/complaints/disclosure"], type="http", auth="public", website=True, sitemap=True)
    def complaint_disclosures(self, **kw):
        """The published reports, the newest first."""
        return request.render(
            "complaint_management.portal_complaint_disclosures",
            {"reports": self._published(), "page_name": "complaint_disclosures"},
        )

    @http.route(
        ["/complaints/disclosure/<int:report_id>"], type="http", auth="public", website=True
    )
    def complaint_disclosure(self, report_id, **kw):
        """One published report, as a page."""
        report = self._published_report(report_id)
        return request.render(
            "complaint_management.portal_complaint_disclosure_page",
            {"doc": report, "page_name": "complaint_disclosures"},
        )

    @http.route(
        ["/complaints/disclosure/<int:report_id>/pdf"], type="http", auth="public", website=True
    )
    def complaint_disclosure_pdf(self, report_id, **kw):
        """One published report, as its PDF."""
        report = self._published_report(report_id)
        pdf, _kind = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("complaint_management.complaint_disclosure_report_action", report.ids)
        )
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Disposition", f'inline; filename="disclosure-{report.id}.pdf"'),
            ],
        )
