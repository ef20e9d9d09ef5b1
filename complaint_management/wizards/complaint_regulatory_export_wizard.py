import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..report.replica import on_replica

QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]


class ComplaintRegulatoryExportWizard(models.TransientModel):
    """Export a quarter's regulatory figures of a company as a spreadsheet."""

    _name = "complaint.regulatory.export.wizard"
    _inherit = ["complaint.input.mixin"]
    _description = "Export Regulatory Figures"
    _input_ranges = {"year": (2000, 2100)}

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain="[('id', 'in', allowed_company_ids), ('complaint_regime_id', '!=', False)]",
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    quarter = fields.Selection(
        QUARTERS, required=True, default=lambda self: self._default_quarter()
    )
    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    @api.model
    def _default_quarter(self):
        return str((fields.Date.context_today(self).month - 1) // 3 + 1)

    def action_export(self):
        """Build the spreadsheet of the quarter's figures and offer it for download."""
        self.ensure_one()
        self.env["complaint.complaint"]._check_complaint_export()
        if not self.company_id.complaint_regime_id:
            raise UserError(
                self.env._("%s works under no regulatory regime.", self.company_id.name)
            )
        if not 2000 <= self.year <= 2100:
            raise UserError(self.env._("Choose a year between 2000 and 2100."))
        # The figures are read on the database replica when the server has one.
        company, year, quarter = self.company_id, self.year, int(self.quarter)
        content = on_replica(
            self.env,
            lambda env: env["complaint.regulatory.figures"]._quarterly_xlsx(
                company.with_env(env), year, quarter
            ),
        )
        self.write(
            {
                "file": base64.b64encode(content),
                "filename": f"{self.company_id.name} {self.year}Q{self.quarter}.xlsx",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}&field=file"
            "&filename_field=filename&download=true",
            "target": "self",
        }
