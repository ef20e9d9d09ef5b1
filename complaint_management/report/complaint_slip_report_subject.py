"""The handling slip's parts of who and what is complained about and of accountability:
the units and employees complained about, when and where it happened, the desk's
judgement (report/complaint_slip_subject_templates.xml), and under "handling of
responsible persons" the approved accountability lines, printed for those who may read
them (the supervisor group, compliance, and the copy the archive files)."""

from odoo import api, models
from odoo.tools.translate import LazyTranslate

from .report_labels import label_function

_lt = LazyTranslate(__name__)

SUBJECT_LABELS = {
    "units": _lt("Units Complained About"),
    "employees": _lt("Employees Complained About"),
    "incident_date": _lt("Incident Date"),
    "incident_location": _lt("Incident Location"),
    "severity": _lt("Severity"),
    "urgency": _lt("Urgency"),
    "scope": _lt("Scope"),
    "accountable": _lt("Responsible Person"),
    "fault": _lt("Kind of Fault"),
    "measure": _lt("Measure"),
    "fine": _lt("Fine"),
    "branch_head": _lt("Branch Head's Share"),
    "appeal": _lt("Appeal"),
}


class ComplaintSlipReport(models.AbstractModel):
    _inherit = "report.complaint_management.complaint_slip"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _slip_values(self, doc, cleared):
        values = super()._slip_values(doc, cleared)
        Line = self.env["complaint.accountability"]
        lines = Line
        if Line.has_access("read"):
            lines = Line.search(
                [("complaint_id", "=", doc.id), ("state", "=", "approved")], order="id"
            ).filtered(lambda line: line.appeal_outcome != "upheld")
        values.update(
            subject_label=label_function(self.env, doc.company_id, SUBJECT_LABELS),
            accountability_lines=lines,
        )
        return values
