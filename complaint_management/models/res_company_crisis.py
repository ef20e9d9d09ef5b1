"""The company's crisis team (危机领导小组) and its risk register (风险预警)."""

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_crisis_member_ids = fields.One2many(
        "complaint.crisis.team.member", "company_id", "Crisis Team"
    )
    complaint_risk_item_ids = fields.One2many("complaint.risk.item", "company_id", "Risk Register")

    def _complaint_crisis_leads(self):
        """The active users leading the crisis teams of these companies."""
        members = self.sudo().complaint_crisis_member_ids.filtered("is_lead")
        return members.user_id.filtered("active").with_env(self.env)
