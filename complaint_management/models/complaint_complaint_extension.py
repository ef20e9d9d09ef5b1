"""Extensions of the regulator's time limit (SPEC.md "The regulator's floor"): a complex case
to 30 days, a particularly complex one by a further 30, each with a reason, asked before the
current limit ends, the complainant told; one that needs a higher level's approval waits
for it (``complaint.extension``)."""

from odoo import fields, models
from odoo.exceptions import UserError

from .constants import OPEN_STATES


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    def _action_request_extension(self, reason, channel=None):
        """Extend the time limit (a complex case to 30 days, a particularly complex one by
        a further 30): with a reason, before the current limit ends, the complainant told.
        An extension that needs a higher level's approval waits for it; the others apply at
        once. Returns the extension."""
        self.ensure_one()
        self._check_regime()
        self._check_desk_or_department()
        self._check_state(*OPEN_STATES)
        self._require(reason, self.env._("Give the reason for extending the time limit."))
        clock = self._regulatory_step()
        if clock.state != "open":
            raise UserError(
                self.env._(
                    "The decision on %s already reached the complainant: the time limit "
                    "needs no extension.",
                    self.name,
                )
            )
        now = fields.Datetime.now()
        if clock.date_deadline < now:
            raise UserError(
                self.env._(
                    "The time limit of %(ref)s ended on %(date)s: it can no longer be extended. "
                    "An extension must be granted, and the complainant told, before the limit "
                    "ends.",
                    ref=self.name,
                    date=self._format_local(clock.date_deadline),
                )
            )
        if self.extension_pending:
            raise UserError(self.env._("An extension of %s already awaits approval.", self.name))
        kind = self.regime_id._get_extension(self.extension_count)
        if not kind:
            raise UserError(
                self.env._(
                    "%(ref)s was already extended to %(days)s days, the most the regulator allows.",
                    ref=self.name,
                    days=self.regulatory_limit_days,
                )
            )
        channel = channel or ("email" if self.partner_id.email else self.feedback_preference)
        self._check_reachable(channel)
        # Only the process records extensions (as superuser): check what the user gave.
        self.env["complaint.extension"]._check_user_input(
            [{"reason": reason, "notice_channel": channel}]
        )
        approver = self.env["res.users"]
        if kind.approval_required:
            approver = self.company_id._complaint_extension_approver()
            if not approver:
                raise UserError(
                    self.env._(
                        "This extension needs a higher level's approval: set who approves "
                        "further extensions in Complaints settings."
                    )
                )
        extension = (
            self.env["complaint.extension"]
            .sudo()
            ._workflow()
            .create(
                {
                    "complaint_id": self.id,
                    "sequence": self.extension_count + 1,
                    "regime_extension_id": kind.id,
                    "limit_days": kind.limit_days,
                    "reason": reason.strip(),
                    "requested_by_id": self.env.uid,
                    "date_requested": now,
                    "approval_required": kind.approval_required,
                    "approver_id": approver.id,
                    "date_limit_before": clock.date_deadline,
                    "notice_channel": channel,
                }
            )
        )
        if not kind.approval_required:
            extension._workflow().write({"approved_by_id": self.env.uid, "date_approved": now})
            self._grant_extension(extension)
            return extension.with_env(self.env)
        activity = self.sudo().activity_schedule(
            "complaint_management.mail_activity_type_complaint_approval",
            user_id=approver.id,
            date_deadline=fields.Date.context_today(self, clock.date_deadline),
            summary=self.env._("Approve extending the time limit to %s days", kind.limit_days),
            note=reason.strip(),
        )
        extension._workflow().write({"activity_id": activity.id})
        self._message_log(
            body=self.env._(
                "Extension to %(days)s days asked, awaiting %(user)s's approval: %(reason)s",
                days=kind.limit_days,
                user=approver.name,
                reason=reason.strip(),
            )
        )
        return extension.with_env(self.env)

    def _last_extension(self):
        """The last extension granted (the notice mail reads its reason)."""
        self.ensure_one()
        granted = self.sudo().extension_ids.filtered(lambda e: e.state == "granted")
        return granted.sorted(lambda e: (e.sequence, e.id))[-1:]

    def action_approve_extension(self):
        """The higher level approves the pending extension of the time limit."""
        self.ensure_one()
        pending = self.extension_ids.filtered(lambda e: e.state == "to_approve")
        if not pending:
            raise UserError(self.env._("No extension of %s awaits approval.", self.name))
        return pending.action_approve()

    def _grant_extension(self, extension):
        """Apply a granted extension: the limit moves, the clock is planned again (its
        reminders restart), and the complainant is told of the new limit and why."""
        self.ensure_one()
        extension._workflow().write({"state": "granted"})
        clock = self.sudo()._regulatory_step()
        clock._replan()
        # A new limit is a new period: remind again when it is at risk.
        clock.write({"escalation_level": 0, "date_next_action": clock.date_at_risk})
        summary = self.env._(
            "The time limit for deciding on your complaint %(ref)s is extended to %(days)s days, "
            "until %(date)s, because: %(reason)s",
            ref=self.name,
            days=extension.limit_days,
            date=self._format_local(clock.date_deadline),
            reason=extension.reason,
        )
        message = self._notify_complainant(
            "complaint_management.mail_template_complaint_extension",
            extension.notice_channel,
            summary,
        )
        extension._workflow().write(
            {
                "date_limit_after": clock.date_deadline,
                "date_notice": fields.Datetime.now(),
                "notice_message_id": message.id,
            }
        )
        self._notify_department(
            self.env._(
                "Time limit extended to %(days)s days, until %(date)s: %(reason)s",
                days=extension.limit_days,
                date=self._format_local(clock.date_deadline),
                reason=extension.reason,
            )
        )
