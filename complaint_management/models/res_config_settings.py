from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .complaint_input_mixin import ATTACHMENT_MAX_MB_DEFAULT, ATTACHMENT_MAX_MB_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_calendar_id = fields.Many2one(
        related="company_id.complaint_calendar_id", readonly=False
    )
    complaint_desk_department_id = fields.Many2one(
        related="company_id.complaint_desk_department_id", readonly=False
    )
    complaint_general_manager_id = fields.Many2one(
        related="company_id.complaint_general_manager_id", readonly=False
    )
    complaint_supervisor_id = fields.Many2one(
        related="company_id.complaint_supervisor_id", readonly=False
    )
    complaint_at_risk_percent = fields.Integer(
        related="company_id.complaint_at_risk_percent", readonly=False
    )
    complaint_compensation_compliance = fields.Boolean(
        related="company_id.complaint_compensation_compliance", readonly=False
    )
    complaint_collective_min = fields.Integer(
        related="company_id.complaint_collective_min", readonly=False
    )
    complaint_collective_crisis_min = fields.Integer(
        related="company_id.complaint_collective_crisis_min", readonly=False
    )
    complaint_same_problem_min = fields.Integer(
        related="company_id.complaint_same_problem_min", readonly=False
    )
    complaint_same_problem_days = fields.Integer(
        related="company_id.complaint_same_problem_days", readonly=False
    )
    complaint_unresolved_days = fields.Integer(
        related="company_id.complaint_unresolved_days", readonly=False
    )
    complaint_repeat_min = fields.Integer(related="company_id.complaint_repeat_min", readonly=False)
    complaint_attachment_max_mb = fields.Integer(
        "Largest Attachment (MB)",
        config_parameter=ATTACHMENT_MAX_MB_PARAM,
        default=ATTACHMENT_MAX_MB_DEFAULT,
        help="Evidence and other files users attach to complaints may not be larger. "
        "Attachments of incoming mails are always kept.",
    )
    complaint_slip_bilingual = fields.Boolean(
        related="company_id.complaint_slip_bilingual", readonly=False
    )
    complaint_report_user_ids = fields.Many2many(
        related="company_id.complaint_report_user_ids", readonly=False
    )
    complaint_mail_retry_count = fields.Integer(
        "Failed Mail Retries",
        config_parameter="complaint_management.mail_retry_count",
        default=3,
        help="How many times a complaint's mail that could not be sent is sent again before "
        "the service desk gets a to-do on the complaint.",
    )

    @api.constrains(
        "complaint_at_risk_percent",
        "complaint_collective_min",
        "complaint_collective_crisis_min",
        "complaint_same_problem_min",
        "complaint_same_problem_days",
        "complaint_unresolved_days",
        "complaint_repeat_min",
    )
    def _check_complaint_settings(self):
        for settings in self:
            if not 1 <= settings.complaint_at_risk_percent <= 99:
                raise ValidationError(
                    self.env._("'At risk from' is a percentage between 1 and 99.")
                )
            if settings.complaint_collective_min < 2:
                raise ValidationError(
                    self.env._("A collective complaint has at least 2 complainants.")
                )
            if settings.complaint_collective_crisis_min <= settings.complaint_collective_min:
                raise ValidationError(
                    self.env._(
                        "The crisis threshold must be above the collective-complaint threshold."
                    )
                )
            if (
                min(
                    settings.complaint_same_problem_min,
                    settings.complaint_same_problem_days,
                    settings.complaint_unresolved_days,
                    settings.complaint_repeat_min,
                )
                < 1
            ):
                raise ValidationError(self.env._("Grading thresholds must be at least 1."))

    @api.constrains("complaint_attachment_max_mb")
    def _check_complaint_attachment_max_mb(self):
        for settings in self:
            if not 1 <= settings.complaint_attachment_max_mb <= 1024:
                raise ValidationError(
                    self.env._("The largest attachment is between 1 and 1024 MB.")
                )

    @api.constrains("complaint_mail_retry_count")
    def _check_complaint_mail_retry_count(self):
        for settings in self:
            if not 1 <= settings.complaint_mail_retry_count <= 20:
                raise ValidationError(
                    self.env._("Failed mails are retried between 1 and 20 times.")
                )
