from odoo import api, fields, models


class ComplaintEscalationDigest(models.Model):
    """Who is told of an escalation, and by which digest. The escalation job writes one
    line per escalation and recipient in the same transaction as the escalation itself;
    the digests go out once the run has gone through every batch, one per person, and each
    line then names the message that told them. A run killed between its batches and its
    digests loses none: the next run sends what is still pending."""

    _name = "complaint.escalation.digest"
    _inherit = ["complaint.confidential.mixin"]
    _description = "Complaint Escalation Digest"
    _order = "id desc"

    escalation_id = fields.Many2one(
        "complaint.escalation", required=True, ondelete="cascade", index=True
    )
    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", required=True)
    user_id = fields.Many2one("res.users", "Recipient", required=True, index=True)
    message_id = fields.Many2one(
        "mail.message",
        "Digest",
        index="btree_not_null",
        help="Empty while it waits for the end of the run.",
    )
    date_sent = fields.Datetime("Sent On")

    _sql_constraints = [
        (
            "escalation_user_unique",
            "unique(escalation_id, user_id)",
            "A person is told of an escalation once.",
        ),
    ]

    @api.model
    def _insert_pending(self, rows):
        """Append pending lines, ``(escalation_id, complaint_id, company_id, user_id)``, in one
        statement (the escalation job's volume, as complaint.escalation's ``_insert_rows``)."""
        if not rows:
            return
        now = fields.Datetime.now()
        self.env.cr.execute_values(
            """
            INSERT INTO complaint_escalation_digest
                   (escalation_id, complaint_id, company_id, user_id,
                    create_uid, create_date, write_uid, write_date)
            VALUES %s
            ON CONFLICT (escalation_id, user_id) DO NOTHING
            """,
            [(*row, self.env.uid, now, self.env.uid, now) for row in rows],
            page_size=1000,
        )
        self.invalidate_model()
