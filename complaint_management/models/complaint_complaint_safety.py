"""Two marks on a complaint (SPEC.md "Duties a second reading of the seeds adds"):

- **Threatens violence**: a customer who threatens violence is flagged with a named person
  responsible (required with the flag), who is told at once (a note through the mail
  queue and a to-do), once per person named, logged in the chatter.
- **Malicious** (恶意投诉): the service desk proposes it with its grounds, a supervisor other
  than the proposer confirms or rejects it. A malicious complaint is still answered: the
  mark changes nothing in the process; it is counted apart in the figures
  (``complaint.report.malicious``, the monthly statistics)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .constants import OPEN_STATES, WORKFLOW_TOKEN, is_blank

MALICIOUS_STATES = [
    ("proposed", "Proposed as Malicious"),
    ("confirmed", "Confirmed Malicious"),
    ("rejected", "Not Malicious"),
]
# Set only by the malicious-mark actions and the violence notice.
SAFETY_PROCESS_FIELDS = {
    "malicious_state",
    "malicious_reason",
    "malicious_proposer_id",
    "malicious_decider_id",
    "date_malicious_decided",
    "violence_notified_user_id",
}
# Set by the desk or the department handling the complaint.
VIOLENCE_FIELDS = {"threatens_violence", "violence_responsible_id", "violence_note"}


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------ violence
    threatens_violence = fields.Boolean(
        tracking=True,
        copy=False,
        help="The customer threatened violence: the person responsible named here is told at once.",
    )
    violence_responsible_id = fields.Many2one(
        "res.users",
        "Responsible for Safety",
        tracking=True,
        copy=False,
        check_company=True,
        help="Who takes the safety measures (security officer, branch manager).",
    )
    violence_note = fields.Text("Threat Details", copy=False)
    violence_notified_user_id = fields.Many2one(
        "res.users", "Safety Notice Sent To", readonly=True, copy=False
    )

    # ------------------------------------------------------------------ malicious
    malicious_state = fields.Selection(
        MALICIOUS_STATES, "Malicious Mark", readonly=True, copy=False, index=True, tracking=True
    )
    malicious_reason = fields.Text("Grounds for Malicious Mark", readonly=True, copy=False)
    malicious_proposer_id = fields.Many2one(
        "res.users", "Malicious Mark Proposed By", readonly=True, copy=False
    )
    malicious_decider_id = fields.Many2one(
        "res.users", "Malicious Mark Decided By", readonly=True, copy=False
    )
    date_malicious_decided = fields.Datetime("Malicious Mark Decided On", readonly=True, copy=False)
    is_malicious = fields.Boolean(
        "Malicious",
        compute="_compute_is_malicious",
        store=True,
        help="Confirmed as malicious (恶意投诉) by a supervisor. It is still answered.",
    )
    can_decide_malicious = fields.Boolean(compute="_compute_can_decide_malicious")

    @api.depends("malicious_state")
    def _compute_is_malicious(self):
        for complaint in self:
            complaint.is_malicious = complaint.malicious_state == "confirmed"

    @api.depends_context("uid")
    @api.depends("malicious_state", "malicious_proposer_id")
    def _compute_can_decide_malicious(self):
        supervisor = self.env.user.has_group("complaint_management.group_complaint_supervisor")
        for complaint in self:
            complaint.can_decide_malicious = (
                supervisor
                and complaint.malicious_state == "proposed"
                and complaint.malicious_proposer_id != self.env.user
            )

    @api.constrains("threatens_violence", "violence_responsible_id")
    def _check_violence_responsible(self):
        for complaint in self:
            if complaint.threatens_violence and not complaint.violence_responsible_id:
                raise ValidationError(
                    self.env._(
                        "%s threatens violence: name the person responsible for safety.",
                        complaint.name,
                    )
                )

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN:
            for vals in vals_list:
                if any(vals.get(fname) for fname in SAFETY_PROCESS_FIELDS):
                    raise UserError(
                        self.env._("A complaint is marked malicious only after registration.")
                    )
        complaints = super().create(vals_list)
        complaints._notify_violence_responsible()
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if VIOLENCE_FIELDS & set(vals):
            self._notify_violence_responsible()
        return res

    def _check_write(self, vals):
        res = super()._check_write(vals)
        fnames = set(vals)
        if self.env.context.get("complaint_workflow") is WORKFLOW_TOKEN:
            return res
        if fnames & SAFETY_PROCESS_FIELDS:
            raise UserError(self.env._("The malicious mark changes only through its buttons."))
        if fnames & VIOLENCE_FIELDS and not self.env.su:
            is_desk = self.env.user.has_group("complaint_management.group_complaint_desk")
            for complaint in self:
                if not (is_desk or complaint._is_department_user()):
                    raise AccessError(
                        self.env._(
                            "Only those handling %s can flag a threat of violence.",
                            complaint.name,
                        )
                    )
        return res

    # ================================================================== violence
    def _notify_violence_responsible(self):
        """Tell the person responsible for safety at once, once per person named: a note
        through the mail queue and a to-do on the complaint, logged in the chatter."""
        to_notify = self.sudo().filtered(
            lambda c: (
                c.threatens_violence
                and c.violence_responsible_id
                and c.violence_responsible_id != c.violence_notified_user_id
            )
        )
        for complaint in to_notify:
            user = complaint.violence_responsible_id
            complaint.message_subscribe(partner_ids=user.partner_id.ids)
            complaint.with_context(mail_notify_force_send=False).message_post(
                body=self.env._(
                    "The customer threatens violence. %(user)s is responsible for safety "
                    "measures. %(note)s",
                    user=user.name,
                    note=complaint.violence_note or "",
                ),
                partner_ids=user.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=self.env._("Threat of violence: take safety measures"),
                note=complaint.violence_note or "",
            )
            complaint._workflow().write({"violence_notified_user_id": user.id})

    # ================================================================== malicious
    def _action_propose_malicious(self, reason):
        """The service desk proposes to mark the complaint malicious (恶意投诉), with its
        grounds; a supervisor other than the proposer decides. The process goes on."""
        self._check_role("desk")
        self._check_state(*OPEN_STATES)
        if is_blank(reason):
            raise UserError(self.env._("Give the grounds for marking the complaint malicious."))
        for complaint in self:
            if complaint.malicious_state in ("proposed", "confirmed"):
                raise UserError(
                    self.env._("%s is already proposed or confirmed as malicious.", complaint.name)
                )
        self.sudo()._workflow().write(
            {
                "malicious_state": "proposed",
                "malicious_reason": reason,
                "malicious_proposer_id": self.env.uid,
                "malicious_decider_id": False,
                "date_malicious_decided": False,
            }
        )
        for complaint in self:
            complaint.sudo().message_post(
                body=self.env._("Proposed as malicious. Grounds: %s", reason),
                subtype_xmlid="mail.mt_note",
            )
        self._notify_supervisors(
            self.env._("A complaint was proposed as malicious: a supervisor decides.")
        )
        return True

    def _check_malicious_decider(self):
        self._check_role("supervisor")
        for complaint in self:
            if complaint.malicious_state != "proposed":
                raise UserError(self.env._("%s is not proposed as malicious.", complaint.name))
            if not self.env.su and complaint.malicious_proposer_id == self.env.user:
                raise UserError(
                    self.env._(
                        "You proposed %s as malicious: another supervisor confirms it.",
                        complaint.name,
                    )
                )

    def action_confirm_malicious(self):
        """A supervisor (not the proposer) confirms the malicious mark: counted apart in
        the figures; the complaint is still answered."""
        self._check_malicious_decider()
        self.sudo()._workflow().write(
            {
                "malicious_state": "confirmed",
                "malicious_decider_id": self.env.uid,
                "date_malicious_decided": fields.Datetime.now(),
            }
        )
        for complaint in self:
            complaint.sudo().message_post(
                body=self.env._("Confirmed as malicious. It is still answered."),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _action_reject_malicious(self, note):
        """A supervisor (not the proposer) rejects the malicious mark, saying why."""
        self._check_malicious_decider()
        if is_blank(note):
            raise UserError(self.env._("Say why the complaint is not malicious."))
        self.sudo()._workflow().write(
            {
                "malicious_state": "rejected",
                "malicious_decider_id": self.env.uid,
                "date_malicious_decided": fields.Datetime.now(),
            }
        )
        for complaint in self:
            complaint.sudo().message_post(
                body=self.env._("Not malicious: %s", note), subtype_xmlid="mail.mt_note"
            )
        return True
