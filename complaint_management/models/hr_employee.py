from odoo import models


class HrEmployee(models.Model):
    """An employee's department and user decide which complaints that user works."""

    _name = "hr.employee"
    _inherit = ["hr.employee", "complaint.cache.mixin"]

    _complaint_cache_fields = ("department_id", "user_id", "active", "company_id")

    def _complaint_cache_concerned(self):
        return any(employee.user_id for employee in self)
