from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date


class ComplaintWorkday(models.Model):
    """A make-up working day (调休上班): a weekend day the State Council's holiday schedule
    turns into a working day. Counted as working time by the calendar it belongs to."""

    _name = "complaint.workday"
    _inherit = ["complaint.cache.mixin", "complaint.input.mixin"]
    _description = "Make-up Working Day"
    _order = "date desc"

    calendar_id = fields.Many2one(
        "resource.calendar", required=True, ondelete="cascade", index=True
    )
    date = fields.Date(required=True)
    name = fields.Char(
        "Description", translate=True, help="For example: Spring Festival make-up day."
    )
    works_as = fields.Selection(
        [
            ("0", "Monday"),
            ("1", "Tuesday"),
            ("2", "Wednesday"),
            ("3", "Thursday"),
            ("4", "Friday"),
        ],
        "Working Hours Of",
        required=True,
        default="0",
        help="The day takes the working hours of this weekday.",
    )

    _sql_constraints = [
        ("calendar_date_unique", "unique(calendar_id, date)", "This day is already a working day."),
    ]

    @api.constrains("date")
    def _check_date(self):
        """调休: a make-up working day is a Saturday or a Sunday the holiday schedule makes a
        working day (a weekday already is one)."""
        for workday in self:
            if workday.date.weekday() < 5:
                raise ValidationError(
                    self.env._(
                        "%s is a weekday: a make-up working day is a Saturday or a Sunday.",
                        format_date(self.env, workday.date),
                    )
                )
