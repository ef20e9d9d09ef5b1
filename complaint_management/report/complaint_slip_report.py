"""The handling slip (客户投诉处理单, SPEC.md "The handling slip"): every item of the seeds'
annex, labels in the company's language (the English beneath on request), times in the
company's time zone, the content as written. Contact details and compensation are printed
only for those cleared for them; every print is logged."""

from odoo import api, models
from odoo.tools.translate import LazyTranslate

from .report_labels import company_lang, date_function, datetime_function, label_function

_lt = LazyTranslate(__name__)

SLIP_LABELS = {
    "title": _lt("Customer Complaint Handling Slip"),
    "number": _lt("Complaint No."),
    "customer": _lt("Customer"),
    "account": _lt("Account / Contract No."),
    "phone": _lt("Contact Phone"),
    "email": _lt("Contact Email"),
    "address": _lt("Contact Address"),
    "received": _lt("Date and Time Received"),
    "channel": _lt("Channel"),
    "receiver": _lt("Receiving Employee"),
    "category": _lt("Category"),
    "grade": _lt("Grade"),
    "object": _lt("Object Concerned"),
    "type": _lt("Type"),
    "origin": _lt("Original Complaint"),
    "subject": _lt("Subject"),
    "content": _lt("Complaint Content"),
    "demand": _lt("Customer's Demand"),
    "events": _lt("Summary of Events"),
    "when": _lt("Date and Time"),
    "event": _lt("Event"),
    "department": _lt("Responsible Department"),
    "handler": _lt("Responsible Person"),
    "assist": _lt("Assisting Departments"),
    "employees": _lt("Responsible Employees"),
    "facts": _lt("Facts Found"),
    "root_cause": _lt("Root Cause"),
    "implementation": _lt("Implementation"),
    "rectification": _lt("Rectification Measures"),
    "accountability": _lt("Handling of Responsible Persons"),
    "first_contact": _lt("Resolved on First Contact"),
    "validity": _lt("Validity"),
    "explanation": _lt("Explanation to the Customer"),
    "referred_to": _lt("Competent Body"),
    "plans": _lt("Solution Plans and Approvals"),
    "plan": _lt("Plan Version"),
    "status": _lt("Status"),
    "measures": _lt("Measures"),
    "responsible": _lt("Person Responsible"),
    "due": _lt("Due Date"),
    "compensation": _lt("Compensation"),
    "submitted": _lt("Submitted On"),
    "approver": _lt("Approver"),
    "role": _lt("Approval Level"),
    "decided_on": _lt("Decided On"),
    "decision": _lt("Decision"),
    "comment": _lt("Comment"),
    "customer_answer": _lt("Customer's Answer"),
    "audit": _lt("Result Audit"),
    "audited_by": _lt("Audited By"),
    "feedback": _lt("Feedback"),
    "feedback_by": _lt("Feedback By"),
    "how": _lt("How"),
    "revisits": _lt("Revisit Result and Customer Satisfaction"),
    "revisited_by": _lt("Revisited By"),
    "revisit_comment": _lt("Customer's Comments"),
    "satisfaction": _lt("Customer Satisfaction"),
    "outcome": _lt("Revisit Result"),
    "signatures": _lt("Signatures"),
    "sign_handler": _lt("Handler"),
    "sign_manager": _lt("Department Manager"),
    "sign_supervisor": _lt("Supervisor Group"),
    "sign_date": _lt("Date"),
    "archived": _lt("Archive Date"),
    "confidential": _lt("Confidential"),
    "none": _lt("None"),
}
# The process as it happened, in order: (label, complaint date field).
SLIP_EVENTS = [
    (_lt("Received"), "date_received"),
    (_lt("Dispatched"), "date_dispatched"),
    (_lt("Investigation Started"), "date_investigation_started"),
    (_lt("Customer Contacted"), "date_customer_contacted"),
    (_lt("Plan Approved"), "date_plan_approved"),
    (_lt("Plan Accepted by the Customer"), "date_customer_accepted"),
    (_lt("Implemented"), "date_implemented"),
    (_lt("Result Audited"), "date_audited"),
    (_lt("Feedback to the Customer"), "date_feedback"),
    (_lt("Revisited"), "date_revisited"),
    (_lt("Closed"), "date_closed"),
    (_lt("Archived"), "date_archived"),
]


class ComplaintSlipReport(models.AbstractModel):
    """The handling slip. Printing it is an access to confidential data, logged."""

    _name = "report.complaint_management.complaint_slip"
    _description = "Complaint Handling Slip"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["complaint.complaint"].browse(docids)
        docs.check_access("read")
        if not self.env.su:
            docs._write_access_log("print")
        cleared = docs._confidential_allowed()
        return {
            "doc_ids": docids,
            "doc_model": "complaint.complaint",
            "docs": docs,
            "slip": {doc.id: self._slip_values(doc, doc in cleared) for doc in docs},
        }

    @api.model
    def _slip_values(self, doc, cleared):
        """What the template needs for one complaint, in its company's language and time
        zone. ``cleared``: the reader may read its contact details and compensation.
        Plans, approvals and revisits are those the reader may read (all of them for the
        filed copy, rendered by the archive action)."""
        company = doc.company_id
        tz = doc._tz()
        lang = company_lang(self.env, company)
        fmt = datetime_function(self.env, company, tz)
        can_read = {
            model: self.env[model].has_access("read")
            for model in ("complaint.plan.approval", "complaint.revisit")
        }
        label = label_function(self.env, company, SLIP_LABELS)
        events_label = label_function(
            self.env, company, dict(enumerate(e for e, _f in SLIP_EVENTS))
        )
        events = [
            (events_label(index, inline=True), fmt(doc[fname]))
            for index, (_label, fname) in enumerate(SLIP_EVENTS)
            if doc[fname]
        ]
        plans = doc.plan_ids.sorted("version")
        return {
            "lang": lang,
            "label": label,
            "fmt": fmt,
            "fmt_date": date_function(self.env, company),
            "cleared": cleared,
            "events": events,
            "plans": plans,
            "approvals": {
                plan.id: plan.approval_ids.sorted(lambda a: (a.sequence, a.id))
                if can_read["complaint.plan.approval"]
                else self.env["complaint.plan.approval"]
                for plan in plans
            },
            "revisits": doc.revisit_ids.sorted(lambda r: (r.date, r.id))
            if can_read["complaint.revisit"]
            else self.env["complaint.revisit"],
            "manager": doc.department_id.manager_id,
            "supervisor": doc.audit_user_id or company.complaint_supervisor_id,
        }
