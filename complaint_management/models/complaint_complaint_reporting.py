"""What the complaint keeps for its reports (SPEC.md "The handling slip", "Supervision"):
the handling time in working hours, stored when it closes (calendars and 调休 make-up days
cannot be counted in SQL, so the analysis reads the stored value); the days of receipt and
closure in the company's time zone and what its timed steps were (so the analysis is one
scan of the complaints, without converting times or aggregating steps row by row); and the
filed handling slip, rendered by the archive action with the contact details and kept
where only those cleared for them are served it."""

import base64
import io

from pytz import timezone, utc

from odoo import api, fields, models

from .complaint_confidential_mixin import RAW_STORAGE_GROUP
from .constants import STEPS

SLIP_REPORT = "complaint_management.complaint_slip_report_action"
# One bit per kind of timed step, in process order (STEPS): dispatch 1, start 2, contact
# 4, plan 8, implement 16, audit 32, feedback 64, revisit 128.
STEP_BITS = {step: 1 << index for index, (step, _label) in enumerate(STEPS)}


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    handling_hours = fields.Float(
        "Handling Time (Working Hours)",
        copy=False,
        readonly=True,
        aggregator="avg",
        help="Working hours from receipt to closure on the company's working calendar "
        "(public holidays out, make-up working days in). Stored when the complaint closes.",
    )
    # The slip as filed at the archive, contact details included: an attachment of a field
    # nobody may read, so neither the attachment list nor /web/content serves it; printing
    # the slip serves it to those cleared for the contact details (ir.actions.report).
    filed_slip = fields.Binary(
        "Filed Handling Slip", attachment=True, copy=False, readonly=True, groups=RAW_STORAGE_GROUP
    )

    date_received_local = fields.Date(
        "Day Received",
        compute="_compute_local_days",
        store=True,
        index=True,
        help="Day of receipt in the company's time zone: months are counted by it.",
    )
    date_closed_local = fields.Date(
        "Day Closed",
        compute="_compute_local_days",
        store=True,
        index=True,
        help="Day of closure in the company's time zone.",
    )
    steps_late = fields.Integer(
        "Late Steps",
        compute="_compute_step_facts",
        store=True,
        help="The kinds of timed steps one of which was late (done late, or breached while "
        "open), one bit per kind (STEP_BITS).",
    )
    steps_done = fields.Integer(
        "Done Steps",
        compute="_compute_step_facts",
        store=True,
        help="The kinds of timed steps one of which was done, one bit per kind (STEP_BITS).",
    )

    def write(self, vals):
        res = super().write(vals)
        if "date_closed" in vals:
            self._store_handling_hours()
        return res

    @api.depends(
        "date_received",
        "date_closed",
        "company_id.complaint_calendar_id.tz",
        "company_id.resource_calendar_id.tz",
    )
    def _compute_local_days(self):
        for complaint in self:
            tz = timezone(complaint._tz())
            for fname in ("date_received", "date_closed"):
                moment = complaint[fname]
                complaint[f"{fname}_local"] = (
                    utc.localize(moment).astimezone(tz).date() if moment else False
                )

    @api.depends("step_ids.step_type", "step_ids.state", "step_ids.is_late")
    def _compute_step_facts(self):
        for complaint in self:
            late = done = 0
            for step in complaint.step_ids:
                # Steps added by other concerns (urgent objections) have no bit.
                bit = STEP_BITS.get(step.step_type, 0)
                late |= bit if step.is_late else 0
                done |= bit if step.state == "done" else 0
            complaint.steps_late, complaint.steps_done = late, done

    def _confidential_logged_fields(self):
        # Whoever reads the filed slip (an administrator who put themselves in the raw
        # storage group) reads the contact details printed on it.
        return super()._confidential_logged_fields() | {"filed_slip"}

    # ================================================================== handling time
    def _compute_handling_hours(self):
        """Working hours between receipt and closure, on the company's complaint calendar."""
        self.ensure_one()
        if not (self.date_received and self.date_closed):
            return 0.0
        calendar = self.company_id._get_complaint_calendar()
        hours = calendar._complaint_working_hours_between(self.date_received, self.date_closed)
        return round(hours, 2)

    def _store_handling_hours(self):
        """Keep the handling time of complaints that closed (SPEC "Supervision": average
        handling time), so the analysis can average it in SQL."""
        for complaint in self:
            hours = complaint._compute_handling_hours()
            if hours != complaint.handling_hours:
                complaint._workflow().write({"handling_hours": hours})

    # ================================================================== filed slip
    def _file_handling_slip(self):
        """Render the complete handling slip, contact details included, and keep it on the
        complaint (SPEC step 14). Called by the archive action just before the state
        changes; the rendering is a print, logged as one by the archiving user."""
        if not self.env.registry.ready:
            # Archived while the addon is being installed (the demo data): no server serves
            # wkhtmltopdf the report's styles yet. Printing gives a fresh slip instead.
            return
        Report = self.env["ir.actions.report"].sudo().with_context(complaint_slip_fresh=True)
        for complaint in self:
            # Odoo's test mode renders HTML (wkhtmltopdf would wait for the test server):
            # tests that read the filed PDF ask for it with force_report_rendering.
            content, _kind = Report._render_qweb_pdf(SLIP_REPORT, complaint.ids)
            if isinstance(content, str):
                content = content.encode()
            complaint.sudo()._workflow().write({"filed_slip": base64.b64encode(content)})
        self._write_access_log("print")

    def _filed_slip_streams(self):
        """The filed slips of these complaints the current user is cleared to be served:
        archived, filed, and the user may read their contact details. {id: stream}. Each
        is a print of confidential data, logged."""
        self.check_access("read")
        filed = self.filtered(lambda c: c.state == "archived").sudo().filtered("filed_slip")
        allowed = self.browse(filed.ids).with_env(self.env)._confidential_allowed()
        if not allowed:
            return {}
        allowed._write_access_log("print")
        return {
            complaint.id: io.BytesIO(base64.b64decode(complaint.sudo().filed_slip))
            for complaint in allowed
        }
