from markupsafe import Markup

from odoo import fields, models
from odoo.tools.mail import generate_tracking_message_id


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    def _insert_log_notes(self, bodies):
        """Log one internal note per complaint of ``bodies`` ({complaint id: lines}) with a
        single INSERT: the rows ``_message_log_batch`` writes (the current user's partner as
        author, an internal note, nobody notified), without the ORM's per-row work on
        bodies this code built and escaped itself. The escalation job logs thousands per
        run this way, the regrade job with its tracked grades. Returns {complaint id:
        message id}."""
        if not bodies:
            return {}
        author_id, email_from = self._message_compute_author(raise_on_email=False)
        reply_to = self.env["mail.thread"]._notify_get_reply_to(default=email_from)[False]
        note = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        message_id = generate_tracking_message_id("message-notify")
        now = fields.Datetime.now()
        rows = [
            (
                self._name,
                res_id,
                Markup("<p>%s</p>") % Markup("<br>").join(lines),
                "notification",
                True,
                False,
                note,
                author_id,
                email_from,
                reply_to,
                message_id,
                now,
                self.env.uid,
                now,
                self.env.uid,
                now,
            )
            for res_id, lines in bodies.items()
        ]
        ids = self.env.cr.execute_values(
            """
            INSERT INTO mail_message (model, res_id, body, message_type, is_internal,
                                      email_add_signature, subtype_id, author_id, email_from,
                                      reply_to, message_id, date, create_uid, create_date,
                                      write_uid, write_date)
            VALUES %s RETURNING res_id, id
            """,
            rows,
            page_size=len(rows),
            fetch=True,
        )
        self.browse(list(bodies)).invalidate_recordset(["message_ids"])
        return dict(ids)
