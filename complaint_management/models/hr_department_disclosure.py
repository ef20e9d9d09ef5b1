from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    is_complaint_outlet = fields.Boolean(
        "Outlet (Branch)",
        help="A branch or outlet (营业网点): the yearly complaint disclosure counts its "
        "complaints per month, those of its sub-departments included.",
    )
    complaint_state_id = fields.Many2one(
        "res.country.state",
        "Province",
        help="The province of the branch, for the disclosure's figures by region. A "
        "sub-department without one takes its branch's.",
    )

    def _complaint_outlet(self):
        """The outlet this department belongs to: itself or its nearest flagged parent."""
        self.ensure_one()
        department = self
        while department and not department.is_complaint_outlet:
            department = department.parent_id
        return department

    def _complaint_province(self):
        """The province of the department: its own, or its nearest parent's."""
        self.ensure_one()
        department = self
        while department and not department.complaint_state_id:
            department = department.parent_id
        return department.complaint_state_id
