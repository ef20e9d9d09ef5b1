from odoo import api, fields, models

# Changing these changes who may read which complaints (record rules are cached).
ACCESS_FIELDS = {"manager_id", "parent_id", "active", "company_id"}


class HrDepartment(models.Model):
    _inherit = "hr.department"

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

    def _complaint_has_member(self, user):
        """Whether ``user`` works in this department or one of its sub-departments, or
        manages it."""
        self.ensure_one()
        family = self.sudo().search([("id", "child_of", self.id)])
        own = user._complaint_employees().department_id
        return bool(own & family) or self.sudo().manager_id.user_id == user

    @api.model_create_multi
    def create(self, vals_list):
        departments = super().create(vals_list)
        self.env.registry.clear_cache()
        return departments

    def write(self, vals):
        res = super().write(vals)
        if ACCESS_FIELDS & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
