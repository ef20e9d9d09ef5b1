from odoo import fields, models


class ComplaintBusinessChannel(models.Model):
    """Where the business complained about was done (办理渠道 of JR/T 0169-2018): the front
    office (前台: the counter, self-service machines, the electronic channels, third-party
    channels) or the middle and back office (中、后台). Not how the complaint reached us
    (``complaint.channel``), which only proposes one."""

    _name = "complaint.business.channel"
    _inherit = ["complaint.classification.mixin"]
    _description = "Complaint Business Channel"

    parent_id = fields.Many2one(
        "complaint.business.channel",
        "Parent Channel",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    child_ids = fields.One2many(
        "complaint.business.channel", "parent_id", "Sub-channels", readonly=True
    )

    _sql_constraints = [
        (
            "code_company_unique",
            "unique(code, company_id)",
            "A business channel code must be unique.",
        ),
    ]
