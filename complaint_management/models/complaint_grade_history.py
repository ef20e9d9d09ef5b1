from odoo import api, fields, models
from odoo.tools import SQL


class ComplaintGradeHistory(models.Model):
    """Every grade a complaint had, when, why and by whom (or automatically)."""

    _name = "complaint.grade.history"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Grade History"
    _order = "date desc, id desc"
    _input_past_dates = ("date",)

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    old_grade_id = fields.Many2one("complaint.grade", "From", ondelete="restrict")
    new_grade_id = fields.Many2one("complaint.grade", "To", required=True, index=True)
    new_level = fields.Integer(related="new_grade_id.level", store=True)
    reason = fields.Text(required=True)
    automatic = fields.Boolean(help="Set by the grading rules, not by hand.")
    user_id = fields.Many2one("res.users", "By")

    @api.model
    def _insert_rows(self, rows):
        """Append history lines in one statement (registration and the regrade job write
        one per complaint, thousands at once): ``rows`` are dicts of ``complaint_id``,
        ``old_grade_id`` (optional), ``new_grade_id``, ``reason``, ``automatic`` and
        ``user_id``, dated now. The stored related fields (company, level) are taken from
        the complaint and the grade in the same statement. The history has no other
        computed field and no override of create, and the job's lines are never edited:
        the ORM's create and its recomputation cost a millisecond per line for the same
        rows. The lines are numbered in the order of ``rows``."""
        if not rows:
            return
        self.env["complaint.complaint"].flush_model(["company_id"])
        self.env["complaint.grade"].flush_model(["level"])
        now = fields.Datetime.now()
        self.env.execute_query(
            SQL(
                """
                INSERT INTO complaint_grade_history (
                    complaint_id, company_id, date, old_grade_id, new_grade_id, new_level,
                    reason, automatic, user_id, create_uid, create_date, write_uid, write_date)
                SELECT v.complaint_id, c.company_id, %(now)s, v.old_id, v.new_id, g.level,
                       v.reason, v.automatic, v.user_id, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(complaint_ids)s::int[], %(old_ids)s::int[], %(new_ids)s::int[],
                              %(reasons)s::text[], %(automatic)s::bool[], %(user_ids)s::int[])
                       WITH ORDINALITY AS v(complaint_id, old_id, new_id, reason, automatic,
                                            user_id, position)
                  JOIN complaint_complaint c ON c.id = v.complaint_id
                  JOIN complaint_grade g ON g.id = v.new_id
                 ORDER BY v.position
                """,
                now=now,
                uid=self.env.uid,
                complaint_ids=[row["complaint_id"] for row in rows],
                old_ids=[row.get("old_grade_id") or None for row in rows],
                new_ids=[row["new_grade_id"] for row in rows],
                reasons=[row["reason"] for row in rows],
                automatic=[bool(row.get("automatic")) for row in rows],
                user_ids=[row.get("user_id") or None for row in rows],
            )
        )
        self.env["complaint.complaint"].invalidate_model(["grade_history_ids"])
