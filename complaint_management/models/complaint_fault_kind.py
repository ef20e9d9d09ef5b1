from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintFaultKind(models.Model):
    """A kind of fault staff are held accountable for (责任追究), with the fine range the
    rules set for it and whether the branch head shares the fine. The bank's three ship by
    default: attitude or efficiency (100-1,000 yuan), rule-breaking operation causing a loss
    (200-2,000), media exposure or regulator accountability (300-3,000)."""

    _name = "complaint.fault.kind"
    _inherit = ["complaint.input.mixin"]
    _description = "Kind of Fault"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the kind of fault.")
    fine_min = fields.Float(
        "Lowest Fine", help="The lowest fine for this fault, in the company's currency (yuan)."
    )
    fine_max = fields.Float(
        "Highest Fine", help="The highest fine for this fault, in the company's currency (yuan)."
    )
    branch_head_shares = fields.Boolean(
        "Branch Head Shares the Fine",
        help="The rules fine the head of the employee's branch too (负有领导责任), within the "
        "same range.",
    )

    @api.constrains("fine_min", "fine_max")
    def _check_fine_range(self):
        for kind in self:
            if kind.fine_min > kind.fine_max:
                raise ValidationError(
                    self.env._(
                        "%(kind)s: the lowest fine (%(min)s) is above the highest (%(max)s).",
                        kind=kind.name,
                        min=kind.fine_min,
                        max=kind.fine_max,
                    )
                )

    def _fine_range_label(self):
        self.ensure_one()
        return f"{self.fine_min:,.0f}-{self.fine_max:,.0f}"
