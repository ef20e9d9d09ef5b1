"""Who and what is complained about (投诉反映单位或反映人, SPEC.md "Duties a second reading of
the seeds adds"): the units (departments, branches: any of the company, not only the one
handling it) and the employees complained about, as records; when and where it happened
(发生时间、地点); and the desk's judgement of severity, urgency and scope (严重性、紧急程度、
涉及范围). A major or urgent complaint is reported upward at once: the supervisor group is
notified once (``date_upward_report``), through the mail queue, and the chatter says so.

Accountability (``complaint_complaint_accountability.py``) and the early warning
(``complaint_warning.py``) read the units and employees. The analysis cuts by the main unit
complained about, the first one named (``complained_department_id``)."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_datetime

from .complaint_input_mixin import FUTURE_TOLERANCE
from .constants import OPEN_STATES, WORKFLOW_TOKEN

SEVERITIES = [("general", "General"), ("important", "Important"), ("major", "Major")]
URGENCIES = [("normal", "Normal"), ("urgent", "Urgent")]
SCOPES = [
    ("individual", "One Customer"),
    ("several", "Several Customers"),
    ("group", "A Group of Customers"),
    ("public", "The Public"),
]
# What the complaint is about: the desk records it, and so does the responsible department
# when its investigation names the unit or employee.
SUBJECT_FIELDS = {
    "complained_department_ids",
    "complained_employee_ids",
    "date_incident",
    "incident_location",
}
# The desk's judgement of the complaint.
JUDGEMENT_FIELDS = {"judged_severity", "urgency", "scope"}


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    complained_department_ids = fields.Many2many(
        "hr.department",
        "complaint_complaint_complained_department_rel",
        "complaint_id",
        "department_id",
        "Units Complained About",
        copy=False,
        check_company=True,
        ondelete="restrict",
        help="The departments or branches the complaint is about (投诉反映单位), any of the "
        "company: not necessarily the one handling it. The first one named is the main unit.",
    )
    complained_department_id = fields.Many2one(
        "hr.department",
        "Main Unit Complained About",
        compute="_compute_complained_department_id",
        store=True,
        precompute=True,
        index=True,
        help="The first unit complained about: the analysis counts the complaint under it.",
    )
    complained_employee_ids = fields.Many2many(
        "hr.employee",
        "complaint_complaint_complained_employee_rel",
        "complaint_id",
        "employee_id",
        "Employees Complained About",
        copy=False,
        check_company=True,
        ondelete="restrict",
        help="The employees the complaint is about (投诉反映人).",
    )
    date_incident = fields.Datetime(
        "Incident Date", copy=False, help="When what is complained about happened (发生时间)."
    )
    incident_location = fields.Char(
        copy=False, help="Where it happened (发生地点): branch, counter, …"
    )
    judged_severity = fields.Selection(
        SEVERITIES,
        default="general",
        tracking=True,
        index=True,
        help="The desk's judgement of how serious the matter is (严重性). A major complaint "
        "is reported to the supervisor group at once.",
    )
    urgency = fields.Selection(
        URGENCIES,
        default="normal",
        tracking=True,
        index=True,
        help="The desk's judgement of how urgent it is (紧急程度). An urgent complaint is "
        "reported to the supervisor group at once.",
    )
    scope = fields.Selection(
        SCOPES,
        default="individual",
        tracking=True,
        help="How many people the matter affects (涉及范围).",
    )
    date_upward_report = fields.Datetime(
        "Reported Upward On",
        copy=False,
        readonly=True,
        help="When the supervisor group was told of this major or urgent complaint (once).",
    )

    @api.depends("complained_department_ids")
    def _compute_complained_department_id(self):
        for complaint in self:
            complaint.complained_department_id = complaint.complained_department_ids[:1]._origin

    @api.constrains("date_incident", "date_received")
    def _check_date_incident(self):
        for complaint in self:
            if (
                complaint.date_incident
                and complaint.date_received
                and complaint.date_incident > complaint.date_received + FUTURE_TOLERANCE
            ):
                raise ValidationError(
                    self.env._(
                        "%(ref)s: the incident (%(incident)s) cannot have happened after the "
                        "complaint was received (%(received)s).",
                        ref=complaint.name,
                        incident=format_datetime(self.env, complaint.date_incident),
                        received=format_datetime(self.env, complaint.date_received),
                    )
                )

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        # Read from the values just written (in cache): a normal complaint costs no query.
        complaints.filtered(lambda c: c._needs_upward_report())._report_upward()
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if JUDGEMENT_FIELDS & set(vals):
            self.filtered(lambda c: c._needs_upward_report())._report_upward()
        return res

    def _check_write(self, vals):
        res = super()._check_write(vals)
        fnames = set(vals)
        workflow = self.env.context.get("complaint_workflow") is WORKFLOW_TOKEN
        if workflow or self.env.su:
            return res
        if "date_upward_report" in fnames:
            raise UserError(self.env._("The upward report is recorded by the process only."))
        changes = fnames & (SUBJECT_FIELDS | JUDGEMENT_FIELDS)
        if not changes:
            return res
        ended = self.filtered(lambda c: c.state not in OPEN_STATES)
        if ended:
            raise UserError(
                self.env._(
                    "%s is no longer open: what it is about can no longer be changed.",
                    ", ".join(ended.mapped("name")),
                )
            )
        is_desk = self.env.user.has_group("complaint_management.group_complaint_desk")
        if changes & JUDGEMENT_FIELDS and not is_desk:
            raise AccessError(
                self.env._("Only the service desk judges severity, urgency and scope.")
            )
        if not is_desk:
            for complaint in self:
                if not complaint._is_department_user():
                    raise AccessError(
                        self.env._(
                            "Only the service desk and the responsible department record what "
                            "%s is about.",
                            complaint.name,
                        )
                    )
        return res

    # ================================================================== upward report
    def _needs_upward_report(self):
        """Whether this complaint is major or urgent and was not reported upward yet."""
        self.ensure_one()
        return (
            self.judged_severity == "major" or self.urgency == "urgent"
        ) and not self.date_upward_report

    def _report_upward(self):
        """Tell the supervisor group at once of these major or urgent complaints (SPEC: a
        major or urgent complaint is reported upward at once), once per complaint: the
        date is kept, and the chatter logs who was told. Mails go through the queue."""
        todo = self.sudo().filtered(lambda c: not c.date_upward_report)
        if not todo:
            return
        group = self.env.ref("complaint_management.group_complaint_supervisor").sudo()
        supervisors = group.users.filtered(lambda u: not u.share)
        now = fields.Datetime.now()
        for complaint in todo.with_context(mail_notify_force_send=False):
            users = supervisors.filtered(lambda u, c=complaint: c.company_id in u.company_ids)
            reasons = []
            if complaint.judged_severity == "major":
                reasons.append(complaint._selection_label("judged_severity", "major"))
            if complaint.urgency == "urgent":
                reasons.append(complaint._selection_label("urgency", "urgent"))
            complaint.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Reported upward at once (%(reasons)s): the supervisor group was notified "
                    "(%(users)s).",
                    reasons=", ".join(reasons),
                    users=", ".join(users.mapped("name")) or self.env._("nobody"),
                ),
                partner_ids=users.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
        todo._workflow().write({"date_upward_report": now})
