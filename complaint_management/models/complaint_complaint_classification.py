"""The complaint classified along the three dimensions of JR/T 0169-2018 (SPEC.md "The
regulator's statistics"): the business channel (proposed by the intake channel), the
business category (``business_line_id``) and the cause. Under a regime the three are
required before the decision letter goes out and before the complaint closes (a
withdrawal or an upheld review excepted: they close what was reached)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .constants import WORKFLOW_TOKEN

CLASSIFICATION_FIELDS = ("business_channel_id", "business_line_id", "cause_id")
# Closures that file what was reached without a decision on the matter.
UNCLASSIFIED_CLOSURES = ("withdrawn", "review_upheld", "duplicate")


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    business_channel_id = fields.Many2one(
        "complaint.business.channel",
        compute="_compute_business_channel_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
        help="Where the business complained about was done (办理渠道): proposed by the intake "
        "channel.",
    )
    business_line_id = fields.Many2one(string="Business Category")

    @api.depends("channel_id")
    def _compute_business_channel_id(self):
        for complaint in self:
            complaint.business_channel_id = (
                complaint.channel_id.business_channel_id or complaint.business_channel_id
            )

    # ------------------------------------------------------------------ the rule
    def _get_missing_classification(self):
        """The labels of the JR/T 0169-2018 dimensions the complaint still lacks."""
        self.ensure_one()
        c = self.sudo()
        return self._field_labels([fname for fname in CLASSIFICATION_FIELDS if not c[fname]])

    def _check_classification(self, before):
        """Under a regime, refuse ``before`` (the decision letter, the closure) while the
        business channel, business category or cause is missing, naming them."""
        for complaint in self.filtered("regime_id"):
            missing = complaint._get_missing_classification()
            if missing:
                raise UserError(
                    self.env._(
                        "Classify %(ref)s before %(before)s, as the regulator's statistics "
                        "require (JR/T 0169-2018): %(missing)s is missing.",
                        ref=complaint.name,
                        before=before,
                        missing=", ".join(missing),
                    )
                )

    def _action_send_decision(self, channel=None):
        self._check_classification(self.env._("sending the decision letter"))
        return super()._action_send_decision(channel)

    def write(self, vals):
        if vals.get("state") == "closed" and vals.get("closure_type") not in UNCLASSIFIED_CLOSURES:
            self.filtered(lambda c: c.state != "closed")._check_classification(
                self.env._("closing it")
            )
        return super().write(vals)

    def _check_write(self, vals):
        res = super()._check_write(vals)
        if (
            "business_channel_id" in vals
            and not self.env.su
            and self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN
        ):
            closed = self.filtered(lambda c: c.state == "closed")
            if closed:
                raise UserError(
                    self.env._(
                        "%s is closed: only archiving remains.", ", ".join(closed.mapped("name"))
                    )
                )
            if not self.env.user.has_group("complaint_management.group_complaint_desk"):
                raise AccessError(
                    self.env._(
                        "Only the service desk changes the registration data (%s).",
                        ", ".join(self._field_labels(["business_channel_id"])),
                    )
                )
        return res

    def _get_missing_slip_data(self):
        missing = super()._get_missing_slip_data()
        c = self.sudo()
        if c.regime_id and c.closure_type not in UNCLASSIFIED_CLOSURES:
            missing += [m for m in self._get_missing_classification() if m not in missing]
        return missing
