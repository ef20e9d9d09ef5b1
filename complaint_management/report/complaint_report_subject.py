"""The analysis cut by who and what is complained about (models/complaint_complaint_subject.py):
one row per complaint stays one row per complaint, so a complaint about several units is
counted once, under its main unit complained about (the first one named); the desk's
judgement of severity, urgency and scope are dimensions too."""

from odoo import fields, models

from ..models.complaint_complaint_subject import SCOPES, SEVERITIES, URGENCIES


class ComplaintReport(models.Model):
    _inherit = "complaint.report"  # pylint: disable=consider-merging-classes-inherited

    # Merged with complaint.report's own (Odoo joins the _depends of every class).
    _depends = {
        "complaint.complaint": ["complained_department_id", "judged_severity", "urgency", "scope"]
    }

    complained_department_id = fields.Many2one(
        "hr.department",
        "Main Unit Complained About",
        readonly=True,
        help="The first unit complained about: a complaint about several units is counted "
        "once, under the first one named.",
    )
    judged_severity = fields.Selection(SEVERITIES, "Severity", readonly=True)
    urgency = fields.Selection(URGENCIES, readonly=True)
    scope = fields.Selection(SCOPES, readonly=True)

    def _select_columns(self):
        columns = super()._select_columns()
        columns.update(
            {
                "complained_department_id": "c.complained_department_id",
                "judged_severity": "c.judged_severity",
                "urgency": "c.urgency",
                "scope": "c.scope",
            }
        )
        return columns
