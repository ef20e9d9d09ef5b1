"""Settings of the governance duties: the objection window, the urgent objection's answer,
who decides disputes and the archive keeper (``res_company_governance.py``)."""

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    complaint_objection_window_days = fields.Integer(
        related="company_id.complaint_objection_window_days", readonly=False
    )
    complaint_urgent_objection_days = fields.Integer(
        related="company_id.complaint_urgent_objection_days", readonly=False
    )
    complaint_dispute_approver = fields.Selection(
        related="company_id.complaint_dispute_approver", readonly=False
    )
    complaint_archive_keeper_id = fields.Many2one(
        related="company_id.complaint_archive_keeper_id", readonly=False
    )
