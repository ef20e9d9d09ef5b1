"""Crisis handling (SPEC.md "Crisis handling and prevention"): a crisis (危机事件) opened when
a complaint reaches level 1 or a revisit escalates it, or by hand by a supervisor, handled
by the company's crisis team (危机领导小组) with its own states, owner, measures, media
statements and closing review, while the complaints joined to it go on through their own
process (``complaint_complaint_crisis.py`` opens and joins)."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .constants import WORKFLOW_TOKEN

CRISIS_STATES = [
    ("open", "Open"),
    ("contained", "Contained"),
    ("closed", "Closed"),
]
# States in which a crisis is still being handled: complaints joined to one are kept.
CRISIS_ACTIVE_STATES = ("open", "contained")
CRISIS_ORIGINS = [
    ("level1", "Complaint at Level 1"),
    ("revisit", "Revisit Escalated to Crisis"),
    ("manual", "Opened by a Supervisor"),
]
# Fields only the crisis's own actions write (they carry WORKFLOW_TOKEN in their context).
CRISIS_PROCESS_FIELDS = {
    "name",
    "state",
    "origin",
    "company_id",
    "date_opened",
    "date_contained",
    "date_closed",
}
SUPERVISOR_GROUP = "complaint_management.group_complaint_supervisor"


class ComplaintCrisisTeamMember(models.Model):
    """A member of a company's crisis team (危机领导小组); its leads approve media
    statements and receive the escalations of late crisis measures."""

    _name = "complaint.crisis.team.member"
    _inherit = ["complaint.input.mixin"]
    _description = "Crisis Team Member"
    _order = "company_id, is_lead desc, id"

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users",
        "Member",
        required=True,
        index=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    is_lead = fields.Boolean(
        "Team Lead",
        help="Leads own crises, approve media statements and receive the escalations of "
        "late crisis measures.",
    )
    role = fields.Char(help="What the member does in the team (e.g. spokesperson).")

    _sql_constraints = [
        (
            "user_company_unique",
            "unique(company_id, user_id)",
            "A user is a member of a company's crisis team once.",
        )
    ]


class ComplaintCrisis(models.Model):
    """A crisis (危机事件) and its handling by the crisis team."""

    _name = "complaint.crisis"
    _description = "Crisis"
    _inherit = ["mail.thread", "mail.activity.mixin", "complaint.input.mixin"]
    _order = "date_opened desc, id desc"
    _rec_names_search = ["name", "title"]
    _check_company_auto = True

    name = fields.Char("Reference", required=True, readonly=True, copy=False, default="/")
    title = fields.Char("Subject", required=True, tracking=True)
    description = fields.Html("Situation")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        CRISIS_STATES,
        default="open",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    origin = fields.Selection(CRISIS_ORIGINS, "Opened Because", readonly=True, copy=False)
    owner_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self._default_owner(),
        help="The crisis team member in charge of this crisis.",
    )
    complaint_ids = fields.One2many("complaint.complaint", "crisis_id", "Complaints", readonly=True)
    complaint_count = fields.Integer(compute="_compute_complaint_count")
    measure_ids = fields.One2many("complaint.crisis.measure", "crisis_id", "Measures")
    statement_ids = fields.One2many("complaint.crisis.statement", "crisis_id", "Media Statements")
    review = fields.Text(
        "Closing Review",
        tracking=True,
        help="What happened, what was done and what is learnt: required to close the crisis.",
    )
    date_opened = fields.Datetime("Opened On", readonly=True, copy=False, index=True)
    date_contained = fields.Datetime("Contained On", readonly=True, copy=False)
    date_closed = fields.Datetime("Closed On", readonly=True, copy=False)
    measure_late_count = fields.Integer("Late Measures", compute="_compute_measure_late_count")
    is_team_lead = fields.Boolean(compute="_compute_is_team_lead")
    color = fields.Integer(compute="_compute_color")

    # ================================================================== computes
    def _compute_complaint_count(self):
        counts = dict(
            self.env["complaint.complaint"]._read_group(
                [("crisis_id", "in", self.ids)], ["crisis_id"], ["__count"]
            )
        )
        for crisis in self:
            crisis.complaint_count = counts.get(crisis, 0)

    def _compute_measure_late_count(self):
        today = fields.Date.context_today(self)
        counts = dict(
            self.env["complaint.crisis.measure"]._read_group(
                [("crisis_id", "in", self.ids), ("state", "=", "open"), ("date_due", "<", today)],
                ["crisis_id"],
                ["__count"],
            )
        )
        for crisis in self:
            crisis.measure_late_count = counts.get(crisis, 0)

    @api.depends_context("uid")
    def _compute_is_team_lead(self):
        for crisis in self:
            crisis.is_team_lead = self.env.user in crisis.company_id._complaint_crisis_leads()

    @api.depends("state")
    def _compute_color(self):
        colors = {"open": 1, "contained": 3, "closed": 10}
        for crisis in self:
            crisis.color = colors.get(crisis.state, 0)

    def _default_owner(self):
        company = self.env.company
        leads = company._complaint_crisis_leads()
        return leads[:1] or (self.env.user if not self.env.user.share else False)

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        """Open crises: numbered by the company's sequence (CR/2026/0001), their team
        following them and notified at once (through the mail queue)."""
        process = self.env.context.get("complaint_workflow") is WORKFLOW_TOKEN
        if not process and not self.env.su and not self.env.user.has_group(SUPERVISOR_GROUP):
            raise AccessError(self.env._("Only the supervisor group opens a crisis by hand."))
        now = fields.Datetime.now()
        for vals in vals_list:
            if not process:
                forbidden = set(vals) & (CRISIS_PROCESS_FIELDS - {"company_id", "name", "state"})
                if forbidden or vals.get("state", "open") != "open":
                    raise UserError(self.env._("A crisis is opened before it changes state."))
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("complaint.crisis")
                    or "/"
                )
            vals.setdefault("date_opened", now)
            vals.setdefault("origin", "manual")
        crises = super().create(vals_list)
        if not process:
            for crisis in crises:
                crisis._check_team_member(crisis.owner_id)
        # Opened from a complaint: told once the complaint has joined it.
        if not self.env.context.get("complaint_crisis_notify_later"):
            crises._notify_team_opened()
        return crises

    def write(self, vals):
        if (
            set(vals) & CRISIS_PROCESS_FIELDS
            and self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN
        ):
            raise UserError(
                self.env._(
                    "These fields change only through the crisis buttons: %s",
                    ", ".join(
                        sorted(
                            self._fields[f].get_description(self.env)["string"]
                            for f in set(vals) & CRISIS_PROCESS_FIELDS
                        )
                    ),
                )
            )
        # Technical fields mail still writes on a closed crisis (a message's attachment).
        closed = self.filtered(lambda c: c.state == "closed")
        if (
            closed
            and set(vals) - {"message_main_attachment_id"}
            and not self.env.su
            and self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN
        ):
            raise UserError(
                self.env._(
                    "%s is closed: reopen it to change it.", ", ".join(closed.mapped("name"))
                )
            )
        if vals.get("owner_id"):
            self._check_team_member(self.env["res.users"].browse(vals["owner_id"]))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_on_record(self):
        raise UserError(self.env._("Crises are never deleted: close them with a review."))

    def _process(self):
        """This recordset in the context in which the crisis's process fields may be written."""
        return self.with_context(complaint_workflow=WORKFLOW_TOKEN)

    def _check_team_member(self, user):
        for crisis in self:
            members = crisis.company_id.sudo().complaint_crisis_member_ids.user_id
            if members and user not in members:
                raise UserError(
                    self.env._(
                        "%(user)s is not on the crisis team of %(company)s: the owner of a "
                        "crisis comes from the crisis team.",
                        user=user.name,
                        company=crisis.company_id.name,
                    )
                )

    # ================================================================== notifications
    def _team_partners(self):
        """The partners of the crisis team (and the owner) of this crisis's company."""
        self.ensure_one()
        users = self.company_id.sudo().complaint_crisis_member_ids.user_id | self.owner_id
        return users.filtered("active").partner_id

    def _notify_team_opened(self):
        """Tell the crisis team a crisis is open, at once (followers and an inbox/mail
        notification, sent through the queue), and give the owner a to-do."""
        for crisis in self.sudo():
            partners = crisis._team_partners()
            crisis.message_subscribe(partner_ids=partners.ids)
            refs = ", ".join(crisis.complaint_ids.mapped("name"))
            body = Markup("<p>%s</p>") % self.env._(
                "Crisis %(ref)s opened: %(title)s. Complaints: %(complaints)s.",
                ref=crisis.name,
                title=crisis.title,
                complaints=refs or "-",
            )
            crisis.with_context(mail_notify_force_send=False).message_post(
                body=body,
                partner_ids=partners.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            crisis.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=crisis.owner_id.id,
                summary=self.env._("Handle crisis %s", crisis.name),
            )

    # ================================================================== actions
    def _check_can_handle(self):
        """The owner, a lead of the crisis team or a supervisor changes a crisis's state."""
        user = self.env.user
        for crisis in self:
            if not (
                user == crisis.owner_id
                or user in crisis.company_id._complaint_crisis_leads()
                or user.has_group(SUPERVISOR_GROUP)
            ):
                raise AccessError(
                    self.env._(
                        "Only the owner of %s, a crisis team lead or a supervisor may do this.",
                        crisis.name,
                    )
                )

    def action_contain(self):
        """The crisis is contained (under control), the follow-up goes on."""
        self._check_can_handle()
        for crisis in self:
            if crisis.state != "open":
                raise UserError(self.env._("Only an open crisis can be marked contained."))
        self._process().write({"state": "contained", "date_contained": fields.Datetime.now()})
        return True

    def action_close(self):
        """Close the crisis: its closing review is required, and every measure done or
        cancelled."""
        self._check_can_handle()
        for crisis in self:
            if crisis.state == "closed":
                raise UserError(self.env._("%s is already closed.", crisis.name))
            if not (crisis.review or "").strip():
                raise UserError(
                    self.env._("Write the closing review of %s before closing it.", crisis.name)
                )
            if crisis.measure_ids.filtered(lambda m: m.state == "open"):
                raise UserError(
                    self.env._(
                        "%s still has open measures: finish or cancel them first.", crisis.name
                    )
                )
        self._process().write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    def action_reopen(self):
        """Reopen a closed or contained crisis (the situation flared up again)."""
        self._check_can_handle()
        for crisis in self:
            if crisis.state == "open":
                raise UserError(self.env._("%s is already open.", crisis.name))
        self._process().write({"state": "open", "date_closed": False})
        return True

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action"
        )
        action["domain"] = [("crisis_id", "=", self.id)]
        action["context"] = {}
        return action
