from odoo import api, fields, models


class ComplaintDispatchWizard(models.TransientModel):
    """Dispatch a complaint to its responsible department, or reassign its handler."""

    _name = "complaint.dispatch.wizard"
    _inherit = ["complaint.input.mixin"]
    _description = "Dispatch Complaint"

    complaint_id = fields.Many2one("complaint.complaint", required=True, ondelete="cascade")
    action = fields.Selection(
        [("dispatch", "Dispatch"), ("reassign", "Reassign")], required=True, default="dispatch"
    )
    company_id = fields.Many2one(related="complaint_id.company_id")
    department_id = fields.Many2one(
        "hr.department",
        "Responsible Department",
        domain="[('company_id', 'in', (company_id, False))]",
    )
    handler_id = fields.Many2one("res.users", domain="[('id', 'in', handler_candidate_ids)]")
    handler_candidate_ids = fields.Many2many("res.users", compute="_compute_handler_candidate_ids")
    assist_department_ids = fields.Many2many(
        "hr.department",
        string="Assisting Departments",
        help="Other departments whose help is needed (the complaint becomes at least level 3).",
    )
    note = fields.Text("Instructions")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        complaint = self.env["complaint.complaint"].browse(values.get("complaint_id"))
        if complaint:
            values.setdefault(
                "department_id",
                (complaint.department_id or complaint.category_id.department_id).id,
            )
            values.setdefault("handler_id", complaint.handler_id.id)
            values.setdefault(
                "assist_department_ids", [(6, 0, complaint.assist_department_ids.ids)]
            )
        return values

    @api.depends("department_id")
    def _compute_handler_candidate_ids(self):
        for wizard in self:
            department = wizard.department_id
            wizard.handler_candidate_ids = (
                department._complaint_member_users() if department else False
            )

    @api.onchange("department_id")
    def _onchange_department_id(self):
        if self.handler_id and self.handler_id not in self.handler_candidate_ids:
            self.handler_id = False

    def action_confirm(self):
        self.ensure_one()
        if self.action == "reassign":
            self.complaint_id._action_reassign(self.handler_id)
        else:
            self.complaint_id._action_dispatch(
                self.department_id, self.handler_id, self.assist_department_ids, self.note
            )
        return {"type": "ir.actions.act_window_close"}
