from odoo import api, fields, models, tools


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
        Department = self.env["hr.department"]
        for user in self:
            user.complaint_department_ids = Department.browse(
                self._complaint_department_ids_of(user.id)
            )

    @tools.ormcache("user_id")
    def _complaint_department_ids_of(self, user_id):
        """The ids of the departments whose complaints user ``user_id`` works (see
        ``complaint_department_ids``). Role checks, record rules and searches of every
        request ask for them: cached per registry like the record rules they feed, and
        dropped with them (``complaint.cache.mixin``) whenever an employee's user,
        department, company or archiving, or a department's manager, parent, company or
        archiving changes, and when a transaction that changed one is rolled back."""
        Department = self.env["hr.department"].sudo().with_context(active_test=True)
        user = self.browse(user_id).with_context(active_test=True)
        own = user._complaint_employees().department_id
        managed = Department.search([("manager_id.user_id", "=", user_id)])
        roots = own | managed
        return tuple(Department.search([("id", "child_of", roots.ids)]).ids) if roots else ()
