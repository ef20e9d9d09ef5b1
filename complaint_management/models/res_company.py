from odoo import fields, models
from odoo.exceptions import UserError


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_calendar_id = fields.Many2one(
        "resource.calendar",
        "Complaint Working Calendar",
        help="Counts every complaint deadline. Empty: the company's working hours.",
    )
    complaint_desk_department_id = fields.Many2one("hr.department", "Service Desk Department")
    complaint_general_manager_id = fields.Many2one("res.users", "General Manager")
    complaint_supervisor_id = fields.Many2one(
        "res.users",
        "Supervisor Group Lead",
        help="Receives the supervisor group's to-dos: audits, approvals and escalations.",
    )
    complaint_at_risk_percent = fields.Integer(
        "At Risk From (%)",
        default=75,
        help="A step is at risk, and its owner reminded, once this share of its time is used.",
    )
    complaint_compensation_compliance = fields.Boolean(
        "Compliance Approves Compensation", default=True
    )
    complaint_collective_min = fields.Integer("Level 2 From (Complainants)", default=3)
    complaint_collective_crisis_min = fields.Integer("Level 1 From (Complainants)", default=10)
    complaint_same_problem_min = fields.Integer("Different Complainants", default=3)
    complaint_same_problem_days = fields.Integer("Within (Days)", default=30)
    complaint_unresolved_days = fields.Integer("Unresolved After (Days)", default=30)
    complaint_repeat_min = fields.Integer("Repeats After Handling", default=3)
    complaint_slip_bilingual = fields.Boolean(
        "Bilingual Handling Slip",
        help="Print the English beneath each label of the handling slip and the monthly "
        "report, as bilingual forms are printed.",
    )
    complaint_report_user_ids = fields.Many2many(
        "res.users",
        "res_company_complaint_report_user_rel",
        "company_id",
        "user_id",
        "Monthly Report Recipients",
        help="Management who receive the monthly complaint report, beside the compliance "
        "officers. Empty: the general manager.",
    )

    def _get_complaint_calendar(self):
        """The working calendar complaint deadlines of this company are counted on."""
        self.ensure_one()
        calendar = self.complaint_calendar_id or self.resource_calendar_id
        if not calendar:
            raise UserError(
                self.env._("%s has no working calendar: set one in Complaints settings.", self.name)
            )
        return calendar

    def _complaint_escalation_fallback_users(self):
        """Who receives an escalation whose role nobody holds: the supervisor group lead,
        else the company's complaint administrators (never OdooBot)."""
        self.ensure_one()
        lead = self.complaint_supervisor_id.filtered("active")
        if lead:
            return lead
        group = self.env.ref("complaint_management.group_complaint_manager")
        admins = group.sudo().users.filtered(
            lambda u: u.active and not u.share and not u._is_superuser() and self in u.company_ids
        )
        return admins.sorted("id")
