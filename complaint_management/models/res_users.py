from odoo import api, fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    complaint_department_ids = fields.Many2many(
        "hr.department",
        compute="_compute_complaint_department_ids",
        string="Complaint Departments",
        help="Departments whose complaints this user works: the departments of their "
        "employees and those they manage, with all sub-departments.",
    )

    def _complaint_employees(self):
        """The user's employees in every company (``employee_ids`` only shows the current
        company's)."""
        return self.env["hr.employee"].sudo().search([("user_id", "in", self.ids)])

    @api.depends("employee_ids.department_id")
    def _compute_complaint_department_ids(self):
        Department = self.env["hr.department"].sudo()
        for user in self:
            own = user._complaint_employees().department_id
            managed = Department.search([("manager_id.user_id", "=", user.id)])
            roots = own | managed
            user.complaint_department_ids = (
                Department.search([("id", "child_of", roots.ids)]) if roots else Department
            )
