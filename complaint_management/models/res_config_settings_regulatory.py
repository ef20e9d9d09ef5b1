from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    complaint_regime_id = fields.Many2one(related="company_id.complaint_regime_id", readonly=False)
    complaint_legal_calendar_id = fields.Many2one(
        related="company_id.complaint_legal_calendar_id", readonly=False
    )
    complaint_extension_approver_id = fields.Many2one(
        related="company_id.complaint_extension_approver_id", readonly=False
    )
    complaint_reviewer_id = fields.Many2one(
        related="company_id.complaint_reviewer_id", readonly=False
    )
    complaint_review_request_days = fields.Integer(
        related="company_id.complaint_review_request_days", readonly=False
    )
    complaint_review_answer_days = fields.Integer(
        related="company_id.complaint_review_answer_days", readonly=False
    )
    complaint_substitute_manager_id = fields.Many2one(
        related="company_id.complaint_substitute_manager_id", readonly=False
    )
    complaint_substitute_gm_id = fields.Many2one(
        related="company_id.complaint_substitute_gm_id", readonly=False
    )
