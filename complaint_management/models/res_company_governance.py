"""Governance settings of a company (SPEC.md "Duties a second reading of the seeds adds"):
the window in which a customer may object to a result, how fast an urgent objection is
answered, who decides disputes (the approver of compensation and of public statements) and
who keeps the archive. Where the seeds disagree, the strictest common default."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Who decides disputes: the role, and the group its members belong to.
DISPUTE_APPROVER_GROUPS = {
    "compliance": "complaint_management.group_complaint_compliance",
    "cro": "complaint_management.group_complaint_cro",
}
# An objection window longer than a year, or an urgent answer slower than a month, is a
# typing error, not a rule.
MAX_OBJECTION_WINDOW_DAYS = 365
MAX_URGENT_OBJECTION_DAYS = 30


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_objection_window_days = fields.Integer(
        "Objection Window (Days)",
        default=0,
        help="Days after the customer received the result (the feedback, or the first-contact "
        "answer) in which they may object to it, counted as the Civil Code counts days on "
        "the complaint calendar. 0: no window, an objection is accepted at any time.",
    )
    complaint_urgent_objection_days = fields.Integer(
        "Urgent Objection Answered Within (Working Days)",
        default=3,
        help="An objection marked urgent is answered within these working days.",
    )
    complaint_dispute_approver = fields.Selection(
        [("compliance", "Compliance Officers"), ("cro", "Chief Risk Officer")],
        "Disputes Decided By",
        default="compliance",
        required=True,
        help="Approves plans with compensation (in money or in kind) and public statements.",
    )
    complaint_archive_keeper_id = fields.Many2one(
        "res.users",
        "Archive Keeper",
        help="Keeps the archived complaints; recorded on each complaint archived and printed "
        "on its handling slip. Empty: whoever archives it.",
    )

    @api.constrains("complaint_objection_window_days", "complaint_urgent_objection_days")
    def _check_complaint_objection_days(self):
        for company in self:
            if not 0 <= company.complaint_objection_window_days <= MAX_OBJECTION_WINDOW_DAYS:
                raise ValidationError(
                    self.env._(
                        "The objection window is 0 (none) to %s days.", MAX_OBJECTION_WINDOW_DAYS
                    )
                )
            if not 1 <= company.complaint_urgent_objection_days <= MAX_URGENT_OBJECTION_DAYS:
                raise ValidationError(
                    self.env._(
                        "An urgent objection is answered within 1 to %s working days.",
                        MAX_URGENT_OBJECTION_DAYS,
                    )
                )

    # ------------------------------------------------------------------ who decides disputes
    def _complaint_dispute_approver_role(self):
        """The role that decides this company's disputes: 'compliance' or 'cro'."""
        self.ensure_one()
        return self.complaint_dispute_approver or "compliance"

    def _complaint_dispute_approver_group(self):
        """The group whose members approve this company's compensation and public
        statements (the plan approval chain, the public reply, the crisis statements)."""
        self.ensure_one()
        return self.env.ref(DISPUTE_APPROVER_GROUPS[self._complaint_dispute_approver_role()])

    def _complaint_is_dispute_approver(self, user=None):
        """Whether ``user`` (default: the current user) decides this company's disputes."""
        self.ensure_one()
        user = user or self.env.user
        if user._is_superuser():
            return True
        group = DISPUTE_APPROVER_GROUPS[self._complaint_dispute_approver_role()]
        return self in user.company_ids and user.has_group(group)

    def _complaint_dispute_approvers(self):
        """The active internal users who decide this company's disputes."""
        self.ensure_one()
        return (
            self._complaint_dispute_approver_group()
            .sudo()
            .users.filtered(lambda u: u.active and not u.share and self in u.company_ids)
        )

    def _complaint_archive_keeper(self):
        """Who keeps what this company archives now: the archive keeper, else the user."""
        self.ensure_one()
        return self.complaint_archive_keeper_id or self.env.user
