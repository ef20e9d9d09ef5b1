"""The process from implementation to the archive (SPEC.md steps 10-15): the result
audit, feedback, the satisfaction revisit and what it decides, re-complaints and
objections, and the archive with the handling slip's completeness check."""

import random

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError

from .constants import is_blank


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    def action_mark_implemented(self):
        """SPEC step 10: the plan is carried out and the rectification recorded. Goes to the
        supervisors' result audit when the grade requires it, otherwise to feedback."""
        self._check_state("implementing")
        self._check_role("department")
        for complaint in self:
            missing = [
                label
                for fname, label in (
                    ("implementation_note", self.env._("Implementation")),
                    ("rectification", self.env._("Rectification Measures")),
                    ("accountability_note", self.env._("Handling of Responsible Persons")),
                )
                if not (complaint[fname] or "").strip()
            ]
            if missing:
                raise UserError(
                    self.env._("Record before marking it implemented: %s", ", ".join(missing))
                )
        now = fields.Datetime.now()
        for complaint in self:
            audit = complaint._decide_audit()
            complaint._workflow().write(
                {
                    "state": "audit" if audit else "feedback",
                    "audit_required": audit,
                    "date_implemented": now,
                }
            )
            complaint._close_steps(["implement"], now)
            complaint._open_steps(["audit" if audit else "feedback"])
        return True

    def _decide_audit(self):
        """SPEC step 11: whether the supervisors audit this result (always, sampled or never,
        per grade). The decision is stored, so sampled audits stay a fact."""
        self.ensure_one()
        policy = self.grade_id.audit_policy
        if policy == "always" or self.is_crisis:
            return True
        if policy == "sample":
            return random.random() * 100 < self.grade_id.audit_sample_rate
        return False

    def _action_audit_pass(self, note=None):
        """SPEC step 11: the supervisor group finds the result fair."""
        self._check_state("audit")
        self._check_role("supervisor")
        now = fields.Datetime.now()
        self._workflow().write(
            {
                "state": "feedback",
                "audit_user_id": self.env.uid,
                "audit_comment": (note or "").strip() or False,
                "date_audited": now,
            }
        )
        self._close_steps(["audit"], now)
        self._open_steps(["feedback"])
        self._message_log(body=self.env._("Result audit passed. %s", note or ""))
        return True

    def _action_audit_reject(self, note):
        """SPEC step 11: the result is not fair: back to the department to rework."""
        self._check_state("audit")
        self._check_role("supervisor")
        self._require(note, self.env._("Explain what must be reworked."))
        now = fields.Datetime.now()
        self._workflow().write(
            {"state": "implementing", "audit_user_id": self.env.uid, "audit_comment": note.strip()}
        )
        self._close_steps(["audit"], now)
        self._open_steps(["implement"])
        for complaint in self:
            complaint.message_post(
                body=self.env._("Result audit: sent back to the department. %s", note.strip()),
                partner_ids=(complaint.handler_id.partner_id).ids,
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _action_give_feedback(self, note, channel=None):
        """SPEC step 12: tell the customer the measures and result, through their channel.
        Special and invalid complaints close here; handled ones wait for the revisit."""
        self._check_state("feedback")
        self._check_role("desk")
        self._require(note, self.env._("Record the feedback given to the customer."))
        now = fields.Datetime.now()
        for complaint in self:
            vals = {
                "feedback_note": note.strip(),
                "feedback_channel": channel or complaint.feedback_preference,
                "feedback_user_id": self.env.uid,
                "date_feedback": now,
            }
            if complaint.validity in ("special", "invalid"):
                vals.update(state="closed", closure_type=complaint.validity, date_closed=now)
            else:
                vals["state"] = "revisit"
            complaint._workflow().write(vals)
            complaint._close_steps(["feedback"], now)
            if vals["state"] == "revisit":
                complaint._open_steps(["revisit"])
        # A feedback makes later complaints about the same problem repeats.
        self.problem_root_id._regrade_problem_groups()
        return True

    def _action_record_revisit(self, values):
        """SPEC step 13: keep the satisfaction revisit (``values``: who, how, satisfaction,
        comment, outcome) and act on it. Returns the re-complaint it opened, if any."""
        self.ensure_one()
        self._check_role("desk")
        self._check_state("revisit")
        revisit = self.env["complaint.revisit"]._workflow_create(dict(values, complaint_id=self.id))
        followup = self._apply_revisit(revisit)
        if followup:
            revisit._workflow().write({"followup_complaint_id": followup.id})
        return followup

    def _apply_revisit(self, revisit):
        """SPEC step 13: act on the revisit's outcome. Satisfied: close. Otherwise re-plan,
        open a linked re-complaint, or escalate to crisis handling."""
        self.ensure_one()
        self._check_state("revisit")
        self._check_role("desk")
        now = fields.Datetime.now()
        self._close_steps(["revisit"], now)
        base = {"date_revisited": now}
        if revisit.outcome == "close":
            self._workflow().write(
                dict(base, state="closed", closure_type="satisfied", date_closed=now)
            )
            return self.browse()
        if revisit.outcome == "replan":
            self._workflow().write(dict(base, state="investigating"))
            self._open_steps(["plan"])
            self._notify_department(
                self.env._("The customer is not satisfied: a new plan is needed.")
            )
            return self.browse()
        if revisit.outcome == "crisis":
            self._workflow().write(dict(base, state="investigating", is_crisis=True))
            crisis = self.env["complaint.grade"]._get_for_level(1, self.company_id)
            if crisis and crisis != self.grade_id:
                self._set_grade(
                    crisis, self.env._("escalated to crisis handling at the revisit"), True
                )
            self._open_steps(["plan"])
            self._notify_supervisors(self.env._("%s was escalated to crisis handling.", self.name))
            return self.browse()
        # re-complaint
        self._workflow().write(
            dict(base, state="closed", closure_type="recomplaint", date_closed=now)
        )
        return self._create_followup("recomplaint", revisit.comment)

    def action_register_objection(self):
        """SPEC step 15: the customer objects to the result (申诉): a new complaint linked to
        this one, counted in its problem group. Opens the new complaint."""
        self.ensure_one()
        self._check_role("desk")
        self._check_state("revisit", "closed", "archived")
        followup = self._create_followup("objection")
        return followup._get_records_action(context={})

    def _create_followup(self, complaint_type, note=None):
        """A re-complaint or objection about this complaint, registered by the desk."""
        self.ensure_one()
        label = self._followup_label(complaint_type)
        body = Markup("<p>%s</p>") % self.env._(
            "%(label)s about %(ref)s: %(title)s", label=label, ref=self.name, title=self.title
        )
        if note:
            body += Markup("<p>%s</p>") % note
        private = self.sudo()
        followup = (
            self.env["complaint.complaint"]
            ._workflow()
            .create(
                {
                    "title": f"{label}: {self.title}",
                    "description": body + (self.description or ""),
                    "customer_demand": self.customer_demand,
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "channel_id": self.channel_id.id,
                    "category_id": self.category_id.id,
                    "concerned_object": self.concerned_object,
                    "feedback_preference": self.feedback_preference,
                    "complainant_count": self.complainant_count,
                    "complaint_type": complaint_type,
                    "origin_complaint_id": self.id,
                    "same_problem_id": self.problem_root_id.id,
                    "evidence_attachment_ids": [(6, 0, self.evidence_attachment_ids.ids)],
                }
            )
        )
        followup.sudo().write(
            {private_f: private[private_f] for private_f in self._confidential_fields.values()}
        )
        self.message_post(
            body=Markup("%s %s") % (label, followup._get_html_link()),
            subtype_xmlid="mail.mt_note",
        )
        followup.message_post(
            body=Markup("%s %s") % (self.env._("Follows up"), self._get_html_link()),
            subtype_xmlid="mail.mt_note",
        )
        return followup

    def _followup_label(self, complaint_type):
        """What a follow-up complaint of ``complaint_type`` is called in its title."""
        if complaint_type == "recomplaint":
            return self.env._("Re-complaint")
        return self.env._("Objection")

    def action_archive_complaint(self):
        """SPEC step 14: file the complaint away; only when the handling slip is complete.
        The complete slip is rendered and kept with it (``_file_handling_slip``).
        Archived complaints are read-only for everyone: what the archive itself records
        (the filed slip, its steps closed, the values computed from them) is done here, in
        the archive action's own context (``_archiving``), the only one the archive lock
        lets through."""
        self._check_role("desk")
        self._check_state("closed")
        for complaint in self:
            missing = complaint._get_missing_slip_data()
            if missing:
                raise UserError(
                    self.env._(
                        "%(ref)s cannot be archived yet; the handling slip lacks: %(missing)s",
                        ref=complaint.name,
                        missing=", ".join(missing),
                    )
                )
        now = fields.Datetime.now()
        archiving = self._archiving()
        # The filed slip carries the archive date, and is attached before the state
        # changes: once archived, nothing of the complaint changes any more.
        archiving._workflow().write({"date_archived": now})
        archiving._file_handling_slip()
        archiving._cancel_steps()
        archiving._workflow().write({"state": "archived"})
        # Stored values that follow from the archive are computed now: afterwards they
        # are frozen as filed.
        archiving.env.flush_all()
        return True

    def _get_missing_slip_data(self):
        """What the handling slip (客户投诉处理单) still lacks, as labels for the user."""
        self.ensure_one()
        c = self.sudo()
        checks = [
            (c.partner_id, self.env._("Complainant")),
            (c.channel_id, self.env._("Channel")),
            (c.receiver_id, self.env._("Received By")),
            (c.description, self.env._("Complaint Content")),
            (c.category_id, self.env._("Category")),
        ]
        if c.first_contact_resolved:
            checks.append((c.first_contact_note, self.env._("First-contact Explanation")))
        else:
            checks += [
                (c.validity, self.env._("Validity")),
                (c.feedback_note, self.env._("Feedback Given")),
            ]
        if c.validity in ("special", "invalid"):
            checks.append((c.validity_explanation, self.env._("Explanation to the Customer")))
        elif c.validity == "valid" and not c.first_contact_resolved:
            accepted = c.plan_ids.filtered(lambda p: p.state == "accepted")
            checks += [
                (c.department_id, self.env._("Responsible Department")),
                (c.handler_id, self.env._("Handler")),
                (c.date_customer_contacted, self.env._("Customer Contact")),
                (c.facts_found, self.env._("Facts Found")),
                (c.root_cause, self.env._("Root Cause")),
                (accepted, self.env._("Accepted Plan")),
                (c.implementation_note, self.env._("Implementation")),
                (c.rectification, self.env._("Rectification Measures")),
                (c.accountability_note, self.env._("Handling of Responsible Persons")),
                (c.revisit_ids, self.env._("Revisit and Satisfaction")),
            ]
            if c.audit_required:
                checks.append((c.date_audited, self.env._("Result Audit")))
        return [label for value, label in checks if is_blank(value)]
