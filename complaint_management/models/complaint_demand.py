from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

DECISIONS = [
    ("upheld", "Upheld"),
    ("partly", "Partly Upheld"),
    ("rejected", "Not Upheld"),
]
# What the desk records at intake, and what those handling the complaint decide.
DEMAND_FIELDS = {"name", "sequence"}
DECISION_FIELDS = {"decision", "decision_note", "basis"}


class ComplaintDemand(models.Model):
    """One of the complainant's demands (诉求) with the decision on it and its basis: the
    lines of the decision letter (处理决定)."""

    _name = "complaint.demand"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Demand"
    _order = "complaint_id, sequence, id"

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Text("Demand", required=True, help="What the complainant asks for.")
    decision = fields.Selection(DECISIONS)
    decision_note = fields.Text("What We Decided", help="What the institution will do, or why not.")
    basis = fields.Text(
        help="The facts found and the rules, contract terms or regulations the decision rests on."
    )

    @api.model_create_multi
    def create(self, vals_list):
        complaints = self.env["complaint.complaint"].browse(
            [vals["complaint_id"] for vals in vals_list]
        )
        for vals, complaint in zip(vals_list, complaints, strict=True):
            complaint._check_demands_editable(set(vals) - {"complaint_id"})
        return super().create(vals_list)

    def write(self, vals):
        if "complaint_id" in vals and any(
            demand.complaint_id.id != vals["complaint_id"] for demand in self
        ):
            raise UserError(self.env._("A demand stays on the complaint it was made in."))
        for complaint in self.complaint_id:
            complaint._check_demands_editable(set(vals))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        for demand in self:
            complaint = demand.complaint_id
            if complaint.state != "new" or complaint.decision_state == "sent":
                raise UserError(
                    self.env._(
                        "The demands of %s are on record: they can be answered, not removed.",
                        complaint.name,
                    )
                )
            if not self.env.su and not self.env.user.has_group(
                "complaint_management.group_complaint_desk"
            ):
                raise AccessError(self.env._("Only the service desk registers demands."))
