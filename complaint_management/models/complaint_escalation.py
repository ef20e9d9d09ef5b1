from odoo import api, fields, models

from .constants import ESCALATION_TARGETS, STEPS


class ComplaintEscalation(models.Model):
    """A reminder or escalation sent for a late step: the breach record supervisors and,
    later, staff accountability read."""

    _name = "complaint.escalation"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Escalation"
    _order = "date desc, id desc"

    step_id = fields.Many2one(
        "complaint.step", "Step Record", required=True, ondelete="cascade", index=True
    )
    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True)
    step_type = fields.Selection(STEPS, "Step", required=True)
    department_id = fields.Many2one(
        "hr.department",
        ondelete="restrict",
        help="The department that owned the step when it was escalated.",
    )
    kind = fields.Selection([("reminder", "Reminder"), ("escalation", "Escalation")], required=True)
    level = fields.Integer(required=True)
    target = fields.Selection(ESCALATION_TARGETS, required=True)
    user_id = fields.Many2one("res.users", "Sent To", index=True, ondelete="restrict")
    date = fields.Datetime(required=True, index=True)

    _insert_columns = (
        "step_id",
        "complaint_id",
        "company_id",
        "step_type",
        "department_id",
        "level",
        "target",
        "user_id",
        "date",
        "kind",
    )

    @api.model
    def _insert_rows(self, rows):
        """Append escalation records in one statement. This log has no computed fields, no
        overrides and is never edited: the escalation job writes thousands of rows per run,
        and the ORM's per-record work would dominate it. Returns their ids, in order."""
        if not rows:
            return []
        now = fields.Datetime.now()
        values = [
            tuple(row[c] for c in self._insert_columns) + (self.env.uid, now, self.env.uid, now)
            for row in rows
        ]
        columns = ", ".join(self._insert_columns)
        ids = self.env.cr.execute_values(
            f"INSERT INTO complaint_escalation ({columns}, create_uid, create_date, write_uid,"
            " write_date) VALUES %s RETURNING id",
            values,
            page_size=1000,
            fetch=True,
        )
        self.invalidate_model()
        self.env["complaint.step"].invalidate_model(["escalation_ids"])
        self.env["complaint.complaint"].invalidate_model(["escalation_ids"])
        return [row[0] for row in ids]
