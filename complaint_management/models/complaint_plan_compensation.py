"""Compensation in kind (SPEC.md "Duties a second reading of the seeds adds", the car
dealer): a discount, a gift, a free service, beside or instead of the amount of money a plan
offers. The lines are part of the plan's version: changed only while it is a draft, and a
plan with any of them is a plan with compensation for the approval chain."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .complaint_confidential_mixin import RAW_STORAGE_GROUP
from .complaint_plan import EDITABLE_STATES, MAX_COMPENSATION
from .constants import WORKFLOW_TOKEN

COMPENSATION_KINDS = [
    ("discount", "Discount"),
    ("gift", "Gift"),
    ("free_service", "Free Service"),
    ("other", "Other"),
]


class ComplaintPlanCompensation(models.Model):
    """One item of compensation in kind a plan offers: what kind, what exactly, and what
    it is worth (an estimate, confidential as the amount of money is)."""

    _name = "complaint.plan.compensation"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Compensation in Kind"
    _order = "plan_id, sequence, id"
    _check_company_auto = True
    _confidential_fields = {"estimated_value": "confidential_estimated_value"}
    _input_ranges = {
        "estimated_value": (0, MAX_COMPENSATION),
        "confidential_estimated_value": (0, MAX_COMPENSATION),
        "sequence": (0, 10**6),
    }

    plan_id = fields.Many2one("complaint.plan", required=True, ondelete="cascade", index=True)
    complaint_id = fields.Many2one(
        related="plan_id.complaint_id", store=True, index=True, string="Complaint"
    )
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(COMPENSATION_KINDS, required=True, default="discount")
    description = fields.Char(required=True, help="What exactly the customer receives.")
    confidential_estimated_value = fields.Monetary(groups=RAW_STORAGE_GROUP, copy=False)
    estimated_value = fields.Monetary(
        compute="_compute_confidential",
        inverse="_inverse_confidential",
        help="What the item is worth, as estimated by the department.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.model
    def _confidential_domain(self):
        """As the plan's: its approvers read the value they decide on."""
        domain = super()._confidential_domain()
        if not domain:
            return domain
        return expression.OR([domain, [("plan_id.approval_ids.user_id", "=", self.env.uid)]])

    @api.depends("kind", "description")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for line in self:
            line.display_name = f"{kinds.get(line.kind, '')}: {line.description or ''}"

    # ------------------------------------------------------------------ ORM
    @api.model_create_multi
    def create(self, vals_list):
        plans = self.env["complaint.plan"].browse([vals.get("plan_id") for vals in vals_list])
        plans.exists()._check_compensation_editable()
        return super().create(vals_list)

    def write(self, vals):
        plans = self.plan_id
        if vals.get("plan_id"):
            plans |= self.env["complaint.plan"].browse(vals["plan_id"]).exists()
        plans._check_compensation_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_plan_submitted(self):
        self.plan_id._check_compensation_editable()


class ComplaintPlan(models.Model):
    _inherit = "complaint.plan"  # pylint: disable=consider-merging-classes-inherited

    compensation_line_ids = fields.One2many(
        "complaint.plan.compensation",
        "plan_id",
        "Compensation in Kind",
        copy=True,
        help="A discount, a gift or a free service the plan offers, beside the amount.",
    )
    has_compensation = fields.Boolean(
        compute="_compute_has_compensation",
        help="The plan offers compensation, in money or in kind.",
    )

    def write(self, vals):
        # Lines are process records nobody deletes (no access right grants it): removing
        # one from a draft plan, in the plan's form, is the plan's own change.
        removed = self.env["complaint.plan.compensation"]
        commands = vals.get("compensation_line_ids")
        if commands and isinstance(commands, list):
            kept = []
            for command in commands:
                if isinstance(command, (list, tuple)) and command[0] in (
                    Command.DELETE,
                    Command.UNLINK,
                ):
                    removed |= removed.browse(command[1])
                else:
                    kept.append(command)
            vals = dict(vals, compensation_line_ids=kept)
        res = super().write(vals)
        if removed:
            removed = removed.filtered(lambda line: line.plan_id in self)
            removed.plan_id._check_compensation_editable()
            removed.sudo().unlink()
        return res

    @api.depends("compensation_line_ids")
    @api.depends_context("uid")
    def _compute_has_compensation(self):
        for plan in self:
            plan.has_compensation = plan._offers_compensation()

    def _offers_compensation(self):
        """Whether this plan offers compensation, in money or in kind: the approval chain
        asks the dispute approver for it (compliance, or the chief risk officer)."""
        self.ensure_one()
        plan = self.sudo()
        return plan.confidential_compensation > 0 or bool(plan.compensation_line_ids)

    def _check_compensation_editable(self):
        """Compensation in kind changes with the plan's content: only on a draft (or sent
        back) plan of a complaint under investigation, by its department."""
        if self.env.context.get("complaint_workflow") is WORKFLOW_TOKEN:
            return
        for plan in self:
            if plan.complaint_id.state != "investigating":
                raise UserError(
                    self.env._(
                        "%s can only change while the complaint is being investigated.",
                        plan.name,
                    )
                )
            if plan.state not in EDITABLE_STATES:
                raise UserError(
                    self.env._(
                        "%s is no longer a draft: draft a new version to change it.", plan.name
                    )
                )
            if not self.env.su:
                plan.complaint_id._check_role("department")
