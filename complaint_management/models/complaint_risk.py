"""The risk register (风险预警, SPEC.md "Crisis handling and prevention"): by business stage,
each item's hazards, prevention measures, owner and review date; the owner gets a to-do
when the review falls due. The register and the crisis team print as the company's
crisis-prevention plan (预警方案, report/complaint_crisis_plan_report.py)."""

from odoo import api, fields, models


class ComplaintRiskStage(models.Model):
    """A business stage of the risk register (the real-estate group: before sale, at
    launch, during sale, before delivery, after delivery)."""

    _name = "complaint.risk.stage"
    _inherit = ["complaint.input.mixin"]
    _description = "Risk Register Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    company_id = fields.Many2one("res.company", index=True, help="Empty: every company.")
    active = fields.Boolean(default=True)


class ComplaintRiskItem(models.Model):
    """An item of the risk register: a hazard at a business stage and how it is prevented."""

    _name = "complaint.risk.item"
    _inherit = ["mail.thread", "mail.activity.mixin", "complaint.input.mixin"]
    _description = "Risk Register Item"
    _order = "stage_sequence, date_review, id"
    _check_company_auto = True

    name = fields.Char("Risk", required=True, tracking=True)
    stage_id = fields.Many2one(
        "complaint.risk.stage",
        "Business Stage",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        ondelete="restrict",
        group_expand="_read_group_stage_ids",
    )
    stage_sequence = fields.Integer(related="stage_id.sequence", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    hazards = fields.Text(required=True, help="What may go wrong and what it would cause.")
    prevention = fields.Text("Prevention Measures", required=True)
    user_id = fields.Many2one(
        "res.users",
        "Owner",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user,
    )
    date_review = fields.Date("Next Review", required=True, index=True, tracking=True)
    date_review_notified = fields.Date(
        "Review To-do Sent For",
        readonly=True,
        copy=False,
        help="The review date its owner was given a to-do for.",
    )
    active = fields.Boolean(default=True)

    def write(self, vals):
        if "date_review" in vals:
            # A new review date is notified again when it comes.
            vals = dict(vals, date_review_notified=False)
        return super().write(vals)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # Every stage is a column of the board, empty ones included (a handful of records).
        return stages.search([], limit=100)

    @api.model
    def _cron_schedule_reviews(self):
        """Scheduled daily: a to-do for the owner of each active item whose review date has
        come, once per review date. Set-based: one search, one insert of to-dos, one write
        per review date."""
        today = fields.Date.context_today(self)
        items = self.sudo().search(
            [("date_review", "<=", today), ("date_review_notified", "=", False)]
        )
        if not items:
            return items
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": item.id,
                    "activity_type_id": todo.id,
                    "user_id": item.user_id.id,
                    "date_deadline": item.date_review,
                    "summary": self.env._("Review the risk: %s", item.name),
                }
                for item in items
            ]
        )
        for date_review, group in items.grouped("date_review").items():
            group.write({"date_review_notified": date_review})
        return items

    def action_print_plan(self):
        """Print the crisis-prevention plan of the current company."""
        return self.env.ref(
            "complaint_management.complaint_crisis_plan_report_action"
        ).report_action(self.env.company)
