"""The dashboard's early warnings (models/complaint_warning.py): the open warnings the user
may read (the supervisor group and compliance), each clicking through to the complaints
behind it. One search, added to the dashboard's data."""

from odoo import api, models

WARNING_TOP = 5


class ComplaintDashboard(models.AbstractModel):
    _inherit = "complaint.dashboard"  # pylint: disable=consider-merging-classes-inherited

    @api.readonly
    @api.model
    def get_dashboard_data(self):
        """The dashboard's figures, and ``warnings``: the number of open early warnings and
        the latest of them (``{"label", "value", "domain"}``, the domain on the complaints
        behind each)."""
        data = super().get_dashboard_data()
        data["warnings"] = self._warning_figures()
        return data

    def _warning_figures(self):
        Warnings = self.env["complaint.warning"]
        if not Warnings.has_access("read"):
            return {"count": 0, "items": []}
        warnings = Warnings.search(
            [("state", "=", "open"), ("company_id", "in", self.env.companies.ids)]
        )
        return {
            "count": len(warnings),
            "items": [
                {
                    "label": warning.name,
                    "value": warning.complaint_count,
                    "domain": [("id", "in", warning.complaint_ids.ids)],
                }
                for warning in warnings[:WARNING_TOP]
            ],
        }
