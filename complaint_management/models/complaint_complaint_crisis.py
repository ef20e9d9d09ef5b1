"""Crisis handling on the complaint (SPEC.md "Crisis handling and prevention"): a complaint
reaching level 1 (at registration or later, by any grading path) or escalated to crisis at
its revisit opens a crisis, or joins the open crisis of its same-problem group; a
supervisor opens one or joins one by hand. The complaint's own process goes on."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .complaint_crisis import CRISIS_ACTIVE_STATES, SUPERVISOR_GROUP
from .constants import WORKFLOW_TOKEN


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    crisis_id = fields.Many2one(
        "complaint.crisis",
        "Crisis Event",
        index="btree_not_null",
        tracking=True,
        copy=False,
        check_company=True,
        ondelete="restrict",
        help="The crisis this complaint is handled in, by the crisis team.",
    )
    crisis_state = fields.Selection(related="crisis_id.state", string="Crisis Status")
    crisis_name = fields.Char(related="crisis_id.name", string="Crisis Reference")
    has_open_crisis = fields.Boolean(
        "In an Open Crisis",
        compute="_compute_has_open_crisis",
        search="_search_has_open_crisis",
        help="Joined to a crisis that is not closed yet.",
    )

    @api.depends("crisis_id.state")
    def _compute_has_open_crisis(self):
        for complaint in self:
            complaint.has_open_crisis = complaint.crisis_id.state in CRISIS_ACTIVE_STATES

    def _search_has_open_crisis(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on crises."))
        domain = self._complaint_open_crisis_domain()
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _complaint_open_crisis_domain(self):
        """The complaints joined to a crisis still being handled (open or contained): a
        data-retention job keeps them (``[("has_open_crisis", "=", False)]`` excludes them)."""
        return [("crisis_id.state", "in", CRISIS_ACTIVE_STATES)]

    # ================================================================== ORM
    def write(self, vals):
        res = super().write(vals)
        if "grade_id" in vals or vals.get("is_crisis"):
            self._open_crisis_if_needed()
        return res

    def _check_write(self, vals):
        # The crisis a complaint is in changes only through the crisis actions.
        if "crisis_id" in vals and self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            raise UserError(
                self.env._("A complaint joins a crisis only through the Crisis button.")
            )
        return super()._check_write(vals)

    # ================================================================== opening
    def _open_crisis_if_needed(self):
        """Open a crisis for complaints at level 1 or escalated to crisis that are in no
        crisis being handled: they join the open crisis of their same-problem group if it
        has one, else each opens its own (the crisis team is told at once). Returns the
        crises opened."""
        candidates = self.filtered(
            lambda c: (
                (c.grade_level == 1 or c.is_crisis)
                and c.state != "archived"
                and c.crisis_id.state not in CRISIS_ACTIVE_STATES
            )
        )
        if not candidates:
            return self.env["complaint.crisis"]
        candidates = candidates.sudo()
        group_crisis = {}
        roots = candidates.problem_root_id
        if roots:
            for member in self.sudo().search(
                [
                    ("problem_root_id", "in", roots.ids),
                    ("crisis_id.state", "in", CRISIS_ACTIVE_STATES),
                ],
                order="id",
            ):
                group_crisis.setdefault(member.problem_root_id, member.crisis_id)
        joining = candidates.filtered(lambda c: c.problem_root_id in group_crisis)
        for complaint in joining:
            complaint._join_crisis(group_crisis[complaint.problem_root_id])
        opening = candidates - joining
        Crisis = (
            self.env["complaint.crisis"]
            .sudo()
            ._process()
            .with_context(complaint_crisis_notify_later=True)
        )
        crises = Crisis.browse()
        for complaint in opening:
            crisis = Crisis.with_company(complaint.company_id).create(
                complaint._crisis_values("revisit" if complaint.is_crisis else "level1")
            )
            complaint._workflow().write({"crisis_id": crisis.id})
            crisis._notify_team_opened()
            crises |= crisis
        return crises

    def _crisis_values(self, origin, title=None, owner=None):
        self.ensure_one()
        company = self.company_id
        owner = (
            owner
            or company._complaint_crisis_leads()[:1]
            or company.complaint_supervisor_id
            or self.env.user
        )
        return {
            "title": title or self.title,
            "description": self.description,
            "company_id": company.id,
            "owner_id": owner.id,
            "origin": origin,
        }

    def _join_crisis(self, crisis):
        """Join this complaint to ``crisis`` (logged on both)."""
        self.ensure_one()
        self.sudo()._workflow().write({"crisis_id": crisis.id})
        crisis.sudo()._message_log(
            body=self.env._("%(ref)s joined the crisis: %(title)s", ref=self.name, title=self.title)
        )

    def _check_crisis_supervisor(self):
        if not self.env.user.has_group(SUPERVISOR_GROUP):
            raise AccessError(self.env._("Only the supervisor group opens or joins a crisis."))
        for complaint in self:
            if complaint.state == "archived":
                raise UserError(
                    self.env._("%s is archived: it no longer joins a crisis.", complaint.name)
                )

    def _action_open_crisis(self, title=None, owner=None):
        """A supervisor opens a new crisis for this complaint by hand. Returns it."""
        self.ensure_one()
        self._check_crisis_supervisor()
        if self.crisis_id.state in CRISIS_ACTIVE_STATES:
            raise UserError(
                self.env._(
                    "%(ref)s is already in crisis %(crisis)s.",
                    ref=self.name,
                    crisis=self.crisis_id.name,
                )
            )
        if owner:
            self.env["complaint.crisis"].new({"company_id": self.company_id.id})._check_team_member(
                owner
            )
        crisis = (
            self.env["complaint.crisis"]
            .sudo()
            ._process()
            .with_context(complaint_crisis_notify_later=True)
            .with_company(self.company_id)
            .create(self._crisis_values("manual", title=title, owner=owner))
        )
        self.sudo()._workflow().write({"crisis_id": crisis.id})
        crisis._notify_team_opened()
        return crisis.with_env(self.env)

    def _action_join_crisis(self, crisis):
        """A supervisor joins this complaint to an open crisis of its company."""
        self.ensure_one()
        self._check_crisis_supervisor()
        if crisis.state not in CRISIS_ACTIVE_STATES:
            raise UserError(self.env._("%s is closed: open a new crisis instead.", crisis.name))
        if crisis.company_id != self.company_id:
            raise UserError(self.env._("The crisis belongs to another company."))
        if self.crisis_id == crisis:
            raise UserError(
                self.env._("%(ref)s is already in %(crisis)s.", ref=self.name, crisis=crisis.name)
            )
        self._join_crisis(crisis)
        return crisis

    def action_view_crisis(self):
        self.ensure_one()
        if not self.crisis_id:
            raise UserError(self.env._("This complaint is in no crisis."))
        return self.crisis_id._get_records_action(context={})
