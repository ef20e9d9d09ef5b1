"""The three dimensions of the financial industry standard JR/T 0169-2018 (金融消费者投诉统计
分类及编码 银行业金融机构): the business channel, the business category and the cause, each a
hierarchy of coded entries (the standard codes "other" 99 or 9 at its level). Shipped as
data shared by every company (``data/complaint_classification_data.xml``, names in English
and Chinese), edited and extended by the administrator; a company may add its own."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintClassificationMixin(models.AbstractModel):
    _name = "complaint.classification.mixin"
    _inherit = ["complaint.input.mixin"]
    _description = "Complaint Classification Entry (JR/T 0169-2018)"
    _parent_store = True
    _parent_name = "parent_id"
    _order = "complete_name, id"

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        "Full Name", compute="_compute_complete_name", store=True, recursive=True
    )
    code = fields.Char(help="The standard's code, where known (JR/T 0169-2018).")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", help="Leave empty to share the entry.")
    parent_path = fields.Char(index=True, readonly=True)

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for entry in self:
            parent = entry.parent_id
            entry.complete_name = (
                f"{parent.complete_name} / {entry.name}" if parent else (entry.name or "")
            )

    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._("An entry cannot be placed under itself or its own children.")
            )

    def _root(self):
        """The top-level entry above this one (itself at the top)."""
        self.ensure_one()
        return self.browse(int(self.parent_path.split("/")[0])) if self.parent_path else self
