from odoo import fields, models


class HrDepartment(models.Model):
    """Departments and their managers decide who works which complaints."""

    _name = "hr.department"
    _inherit = ["hr.department", "complaint.cache.mixin"]

    _complaint_cache_fields = ("manager_id", "parent_id", "active", "company_id")

    complaint_calendar_id = fields.Many2one(
        "resource.calendar",
        help="Working calendar for this department's complaint steps. Empty: the company's.",
    )
    complaint_ids = fields.One2many("complaint.complaint", "department_id")
    complaint_open_count = fields.Integer(compute="_compute_complaint_counts")
    complaint_late_count = fields.Integer(compute="_compute_complaint_counts")

    def _compute_complaint_counts(self):
        Complaint = self.env["complaint.complaint"]
        base = [("department_id", "in", self.ids), ("state", "not in", ("closed", "archived"))]
        open_counts = dict(Complaint._read_group(base, ["department_id"], ["__count"]))
        late_counts = dict(
            Complaint._read_group(
                base + [("is_overdue", "=", True)], ["department_id"], ["__count"]
            )
        )
        for department in self:
            department.complaint_open_count = open_counts.get(department, 0)
            department.complaint_late_count = late_counts.get(department, 0)

    def _complaint_member_domain(self):
        """The employees who work this department's complaints: those with a user, in it
        or in one of its sub-departments (its manager works them too)."""
        self.ensure_one()
        return [("department_id", "child_of", self.id), ("user_id", "!=", False)]

    def _complaint_member_users(self):
        """The users who handle this department's complaints: those whose employee works in
        it or in one of its sub-departments, and its manager. The dispatch wizard offers
        exactly these; dispatching and reassigning accept exactly these."""
        employees = self.env["hr.employee"].sudo().search(self._complaint_member_domain())
        return employees.user_id | self.sudo().manager_id.user_id

    def _complaint_has_member(self, user):
        """Whether ``user`` is one of :meth:`_complaint_member_users` (one count, not every
        member's employee read)."""
        self.ensure_one()
        if not user:
            return False
        if user == self.sudo().manager_id.user_id:
            return True
        return bool(
            self.env["hr.employee"]
            .sudo()
            .search_count([*self._complaint_member_domain(), ("user_id", "=", user.id)], limit=1)
        )
