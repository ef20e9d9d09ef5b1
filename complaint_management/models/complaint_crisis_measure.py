"""A crisis measure (危机处置措施): what is done, by whom, by when; its owner is reminded at
the company's at-risk share of the time, and the crisis owner and the team leads are told
once it is late (each once, logged on the crisis)."""

from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import split_every

MEASURE_STATES = [("open", "Open"), ("done", "Done"), ("cancelled", "Cancelled")]


class ComplaintCrisisMeasure(models.Model):
    """A measure taken to handle a crisis."""

    _name = "complaint.crisis.measure"
    _inherit = ["complaint.input.mixin"]
    _description = "Crisis Measure"
    _order = "date_due, id"
    _check_company_auto = True

    crisis_id = fields.Many2one(
        "complaint.crisis", required=True, index=True, ondelete="cascade", check_company=True
    )
    company_id = fields.Many2one(related="crisis_id.company_id", store=True, index=True)
    name = fields.Text("Measure", required=True)
    user_id = fields.Many2one("res.users", "Owner", required=True, index=True, check_company=True)
    date_due = fields.Date("Due Date", required=True, index=True)
    date_done = fields.Date("Done On", readonly=True, copy=False)
    state = fields.Selection(
        MEASURE_STATES, default="open", required=True, readonly=True, index=True, copy=False
    )
    date_remind = fields.Datetime(
        "Reminder Due",
        compute="_compute_date_remind",
        store=True,
        help="When the owner is reminded: the company's at-risk share of the time allowed.",
    )
    date_reminded = fields.Datetime("Reminded On", readonly=True, copy=False)
    date_escalated = fields.Datetime("Escalated On", readonly=True, copy=False)
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")

    @api.depends("date_due", "company_id.complaint_at_risk_percent")
    def _compute_date_remind(self):
        for measure in self:
            if not measure.date_due:
                measure.date_remind = False
                continue
            start = measure.create_date or fields.Datetime.now()
            end = datetime.combine(measure.date_due, time.max)
            share = (measure.company_id.complaint_at_risk_percent or 75) / 100.0
            measure.date_remind = start + timedelta(
                seconds=max((end - start).total_seconds(), 0) * share
            )

    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for measure in self:
            measure.is_late = measure.state == "open" and measure.date_due < today

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on late measures."))
        late = [("state", "=", "open"), ("date_due", "<", fields.Date.context_today(self))]
        return late if (operator == "=") == value else ["!", "&", *late]

    @api.constrains("date_due", "crisis_id")
    def _check_date_due(self):
        for measure in self:
            opened = measure.crisis_id.date_opened
            if opened and measure.date_due and measure.date_due < opened.date():
                raise UserError(
                    self.env._("A crisis measure cannot be due before the crisis was opened.")
                )

    def write(self, vals):
        if not self.env.su and self.filtered(lambda m: m.state != "open"):
            raise UserError(self.env._("A measure done or cancelled no longer changes."))
        if "date_due" in vals:
            vals = dict(vals, date_reminded=False, date_escalated=False)
        return super().write(vals)

    # ================================================================== actions
    def _check_can_update(self):
        for measure in self:
            crisis = measure.crisis_id
            if self.env.user != measure.user_id:
                crisis._check_can_handle()
            if measure.state != "open":
                raise UserError(self.env._("This measure is already done or cancelled."))

    def action_done(self):
        """The owner (or the crisis owner, a lead, a supervisor) marks the measure done."""
        self._check_can_update()
        self.sudo().write({"state": "done", "date_done": fields.Date.context_today(self)})
        self.sudo()._activities().action_feedback(feedback=self.env._("Measure done."))
        return True

    def action_cancel(self):
        """The crisis owner, a lead or a supervisor drops the measure."""
        self.crisis_id._check_can_handle()
        self._check_can_update()
        self.sudo().write({"state": "cancelled"})
        self.sudo()._activities().unlink()
        return True

    def _activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "complaint.crisis"),
                ("res_id", "in", self.crisis_id.ids),
                ("complaint_crisis_measure_id", "in", self.ids),
            ]
        )

    # ================================================================== the job
    @api.model
    def _cron_remind_escalate(self, batch_size=1000):
        """Scheduled: remind the owners of open measures at risk (a to-do on the crisis)
        and, once a measure is past its due date, tell the crisis owner and the team leads.
        Each happens once per measure and is logged on the crisis. Set-based: one search
        per kind, one insert of to-dos per batch. Returns (reminded, escalated)."""
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        reminded = self.sudo().search(
            [("state", "=", "open"), ("date_reminded", "=", False), ("date_remind", "<=", now)]
        )
        escalated = self.sudo().search(
            [("state", "=", "open"), ("date_escalated", "=", False), ("date_due", "<", today)]
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        model_id = self.env["ir.model"]._get_id("complaint.crisis")
        for batch in split_every(batch_size, reminded.ids, self.sudo().browse):
            self.env["mail.activity"].sudo().create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": m.crisis_id.id,
                        "activity_type_id": todo.id,
                        "user_id": m.user_id.id,
                        "date_deadline": m.date_due,
                        "summary": self.env._("Crisis measure due %s", m.date_due),
                        "note": Markup("<p>%s</p>") % m.name,
                        "complaint_crisis_measure_id": m.id,
                    }
                    for m in batch
                ]
            )
            batch.write({"date_reminded": now})
            for crisis, measures in batch.grouped("crisis_id").items():
                crisis._message_log(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "Reminded of measures due soon: %s",
                        "; ".join(f"{m.user_id.name}: {m.name}" for m in measures),
                    )
                )
        for batch in split_every(batch_size, escalated.ids, self.sudo().browse):
            batch.write({"date_escalated": now})
            for crisis, measures in batch.grouped("crisis_id").items():
                leads = crisis.company_id._complaint_crisis_leads()
                partners = (leads | crisis.owner_id).partner_id
                crisis.with_context(mail_notify_force_send=False).message_post(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "Crisis measures past their due date: %s",
                        "; ".join(f"{m.user_id.name}: {m.name} ({m.date_due})" for m in measures),
                    ),
                    partner_ids=partners.ids,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                )
        return reminded, escalated


class MailActivity(models.Model):
    _inherit = "mail.activity"

    complaint_crisis_measure_id = fields.Many2one(
        "complaint.crisis.measure", index="btree_not_null", ondelete="cascade"
    )
