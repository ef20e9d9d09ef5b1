"""A complaint registered by mistake that is in fact an accusation letter (举报、检举信件):
the service desk converts it, with a reason, while it is still registered (not dispatched).

What happens to the complaint: nothing is deleted (complaints never are). It goes to the
state "Converted to Accusation", which is not open (no step runs, no reminder, no
escalation) and is counted in no figure (the analysis, the monthly statistics, the
dashboard and the regulator's quarterly figures leave it out); its open steps are
cancelled. The letter's content moves to the accusation letter, which only the leadership
and compliance read: the complaint keeps its reference, subject and complainant, and a
note pointing to the letter in place of its content. The evidence files are copied to the
letter. The reason is logged on both.

Back (``complaint.accusation._action_convert_to_complaint``): the same complaint is taken
up again as registered, with the letter's content, its registration steps reopened from
its receipt, the reason logged on both."""

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from .complaint_complaint_steps import REGISTRATION_STEPS
from .constants import WORKFLOW_TOKEN, is_blank

# States from which a complaint registered by mistake may become an accusation letter.
CONVERTIBLE_STATES = ("new",)


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    state = fields.Selection(
        selection_add=[("converted", "Converted to Accusation")],
        ondelete={"converted": "set default"},
    )
    accusation_id = fields.Many2one(
        "complaint.accusation",
        "Accusation Letter",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The accusation letter this complaint, registered by mistake, was converted to.",
    )
    # The desk reads the complaint, never the letter: the form shows its reference only.
    accusation_name = fields.Char(
        "Accusation Letter Reference", related="accusation_id.name", related_sudo=True
    )

    def _check_write(self, vals):
        res = super()._check_write(vals)
        if (
            "accusation_id" in vals
            and not self.env.su
            and self.env.context.get("complaint_workflow") is not WORKFLOW_TOKEN
        ):
            raise UserError(
                self.env._("A complaint is converted to an accusation letter with its button.")
            )
        return res

    def _action_convert_to_accusation(self, reason):
        """The desk found that this registered complaint is an accusation letter (it
        reports wrongdoing, it asks for no remedy): the letter is registered apart with the
        complaint's content, the complaint leaves the process and the figures (see the
        module docstring). Returns the letter (as superuser: the desk does not read it)."""
        self.ensure_one()
        self._check_role("desk")
        self._check_state(*CONVERTIBLE_STATES)
        if is_blank(reason):
            raise UserError(
                self.env._("Give the reason why %s is an accusation letter.", self.name)
            )
        complaint = self.sudo()
        letter = (
            self.env["complaint.accusation"]
            .sudo()
            .create(
                {
                    "title": complaint.title,
                    "description": complaint.description,
                    "partner_id": complaint.partner_id.id,
                    "channel_id": complaint.channel_id.id,
                    "date_received": complaint.date_received,
                    "company_id": complaint.company_id.id,
                    "registered_by_id": complaint.receiver_id.id,
                    "complaint_id": complaint.id,
                }
            )
        )
        for attachment in complaint.evidence_attachment_ids:
            attachment.copy({"res_model": letter._name, "res_id": letter.id})
        complaint.step_ids.filtered(lambda s: s.state == "open").write({"state": "cancelled"})
        complaint._workflow().write(
            {
                "state": "converted",
                "accusation_id": letter.id,
                "description": Markup("<p>%s</p>")
                % self.env._(
                    "Converted to accusation letter %s: its content is kept there, read by "
                    "the leadership and compliance.",
                    letter.name,
                ),
            }
        )
        letter.message_post(
            body=self.env._(
                "Converted from complaint %(ref)s. Reason: %(reason)s",
                ref=complaint.name,
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        complaint.message_post(
            body=self.env._(
                "Converted to accusation letter %(ref)s. Reason: %(reason)s",
                ref=letter.name,
                reason=reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        letter._notify_readers(
            self.env._("Complaint %s was converted to this accusation letter.", complaint.name)
        )
        return letter

    def _restore_from_accusation(self, letter):
        """Take this converted complaint up again as registered, with the letter's
        content, its registration steps (and regulatory clock) reopened from receipt."""
        self.ensure_one()
        complaint = self.sudo()
        complaint._workflow().write({"state": "new", "description": letter.description})
        complaint._open_steps(REGISTRATION_STEPS, anchor="date_received", replace=False)
        if complaint.regime_id and complaint.complaint_type != "review":
            complaint._open_steps(["regulatory"], anchor="date_received", replace=False)
