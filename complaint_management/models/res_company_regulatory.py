from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Menus of the regulator's features: shown only while some company works under a regime.
REGULATORY_MENUS = (
    "complaint_management.complaint_regulatory_export_menu",
    "complaint_management.complaint_business_line_menu",
    "complaint_management.complaint_cause_menu",
    "complaint_management.complaint_business_channel_menu",
)


class ResCompany(models.Model):
    """The regulatory regime a company works under, and the people and periods it needs."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_regime_id = fields.Many2one(
        "complaint.regime",
        "Regulatory Regime",
        help="The regulator's rules this company's complaints are bound to (empty: none). "
        "They apply to complaints received while the regime is set.",
    )
    complaint_legal_calendar_id = fields.Many2one(
        "resource.calendar",
        "Legal Calendar",
        help="Rest days for periods set in days (weekends, the State Council's public "
        "holidays and make-up working days), not the branches' opening hours. Empty: the "
        "complaint working calendar.",
    )
    complaint_extension_approver_id = fields.Many2one(
        "res.users",
        "Approves Further Extensions",
        help="The higher level (general manager, head office) that approves extensions "
        "needing approval. Empty: the general manager.",
    )
    complaint_reviewer_id = fields.Many2one(
        "res.users",
        "Review Officer",
        help="The higher level of the institution that re-examines a complaint when the "
        "complainant asks for a review (核查).",
    )
    complaint_review_request_days = fields.Integer(
        "Review Requested Within (Days)",
        default=30,
        help="Days after the decision reached the complainant within which a review may be "
        "asked for.",
    )
    complaint_review_answer_days = fields.Integer(
        "Review Answered Within (Days)",
        default=30,
        help="Days after the review request within which the complainant gets the answer.",
    )
    complaint_substitute_manager_id = fields.Many2one(
        "res.users",
        "Substitute for a Department Manager",
        help="Approves a plan instead of the department manager when the manager must "
        "recuse (回避).",
    )
    complaint_substitute_gm_id = fields.Many2one(
        "res.users",
        "Substitute for the General Manager",
        help="Approves a plan or an extension instead of the general manager when the "
        "general manager must recuse (回避).",
    )

    @api.constrains("complaint_review_request_days", "complaint_review_answer_days")
    def _check_complaint_review_days(self):
        for company in self:
            if min(company.complaint_review_request_days, company.complaint_review_answer_days) < 1:
                raise ValidationError(self.env._("Review periods are at least one day."))

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        if any(vals.get("complaint_regime_id") for vals in vals_list):
            self._complaint_sync_regulatory_menus()
        return companies

    def write(self, vals):
        res = super().write(vals)
        if "complaint_regime_id" in vals:
            self._complaint_sync_regulatory_menus()
        return res

    @api.model
    def _complaint_sync_regulatory_menus(self):
        """Show the regulator's menus only while a company works under a regime."""
        regulated = bool(
            self.sudo()
            .with_context(active_test=False)
            .search_count([("complaint_regime_id", "!=", False)], limit=1)
        )
        for xmlid in REGULATORY_MENUS:
            menu = self.env.ref(xmlid, raise_if_not_found=False)
            if menu and menu.active != regulated:
                menu.sudo().active = regulated

    def _get_complaint_legal_calendar(self):
        """The calendar whose rest days move the end of a period set in days."""
        self.ensure_one()
        calendar = self.complaint_legal_calendar_id or self._get_complaint_calendar()
        if not calendar:
            raise UserError(
                self.env._("%s has no legal calendar: set one in Complaints settings.", self.name)
            )
        return calendar

    def _complaint_extension_approver(self):
        self.ensure_one()
        return self.complaint_extension_approver_id or self.complaint_general_manager_id

    def _complaint_reviewer(self):
        self.ensure_one()
        return self.complaint_reviewer_id or self.complaint_general_manager_id
