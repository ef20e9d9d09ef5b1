"""The accountability lines of a complaint (``complaint.accountability``), seen from the
complaint: only supervisors and compliance see them; the slip prints the approved ones; a
complaint is not archived while a line waits for its decision or its appeal's."""

from odoo import api, fields, models

ACCOUNTABILITY_READERS = (
    "complaint_management.group_complaint_supervisor,"
    "complaint_management.group_complaint_compliance"
)


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    accountability_ids = fields.One2many(
        "complaint.accountability",
        "complaint_id",
        readonly=True,
        groups=ACCOUNTABILITY_READERS,
    )
    accountability_count = fields.Integer(
        compute="_compute_accountability_count", groups=ACCOUNTABILITY_READERS
    )

    @api.depends("accountability_ids")
    def _compute_accountability_count(self):
        counts = dict(
            self.env["complaint.accountability"]._read_group(
                [("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"]
            )
        )
        for complaint in self:
            complaint.accountability_count = counts.get(complaint, 0)

    def action_view_accountability(self):
        """The accountability lines of this complaint (supervisors and compliance)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_accountability_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_complaint_id": self.id}
        return action

    def _get_missing_slip_data(self):
        """A line still proposed, or appealed and not decided, keeps the slip's handling of
        responsible persons open."""
        missing = super()._get_missing_slip_data()
        pending = (
            self.env["complaint.accountability"]
            .sudo()
            .search_count(
                [
                    ("complaint_id", "=", self.id),
                    "|",
                    ("state", "=", "proposed"),
                    ("appeal_state", "=", "pending"),
                ],
                limit=1,
            )
        )
        if pending:
            missing.append(self.env._("Accountability Decision"))
        return missing
