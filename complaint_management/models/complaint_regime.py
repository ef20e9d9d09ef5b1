from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The longest time limit a regime, or one of its extensions, sets (days from receipt).
MAX_LIMIT_DAYS = 365

DAY_COUNTS = [
    (
        "civil_code",
        "Civil Code: from the day after receipt; a last day that is a rest day moves to the "
        "next working day",
    ),
    ("calendar", "Calendar days: from the day after receipt, never moved"),
]


class ComplaintRegime(models.Model):
    """A regulator's rules a company's complaints are bound to (监管规定), such as the banking
    and insurance regulator's 2020 measures on consumer complaints: the time limit over the
    whole complaint, its extensions, how the days are counted, the intake rules and the
    remedies a decision letter names. A regime is data: another regulator's rules are added
    as a record, and the process reads them from here."""

    _name = "complaint.regime"
    _inherit = ["complaint.input.mixin"]
    _description = "Complaint Regulatory Regime"
    _order = "sequence, id"
    # A time limit of more than a year, or a group of more than a hundred representatives,
    # is a typing error.
    _input_ranges = {"limit_days": (1, MAX_LIMIT_DAYS), "max_representatives": (1, 100)}

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    authority = fields.Char("Regulator", translate=True)
    regulation = fields.Char(translate=True, help="The regulation these rules come from.")
    limit_days = fields.Integer(
        "Time Limit (Days)",
        required=True,
        default=15,
        help="Days from receipt within which the decision must reach the complainant.",
    )
    extension_ids = fields.One2many(
        "complaint.regime.extension", "regime_id", "Extensions", copy=True
    )
    day_count = fields.Selection(
        DAY_COUNTS,
        "Days Counted",
        required=True,
        default="civil_code",
        help="How a period in days is counted on the company's legal calendar (China's Civil "
        "Code, arts. 201 and 203: the day of receipt is not counted, the last day ends at "
        "24:00, and a last day that is a rest day moves to the first working day after it).",
    )
    max_representatives = fields.Integer(
        "Representatives at Most",
        default=5,
        help="A group complaining in person names at most this many representatives.",
    )
    intake_note = fields.Text(
        "Intake Checklist",
        translate=True,
        help="Reminder shown on the complaint form to the employee registering it.",
    )
    remedies = fields.Text(
        "Remedies If the Complainant Disagrees",
        translate=True,
        help="Printed on the decision letter and the review answer.",
    )

    _sql_constraints = [("code_unique", "unique(code)", "A regime code must be unique.")]

    @api.constrains("limit_days", "max_representatives", "extension_ids")
    def _check_limits(self):
        for regime in self:
            if regime.limit_days < 1:
                raise ValidationError(self.env._("A time limit is at least one day."))
            if regime.max_representatives < 1:
                raise ValidationError(self.env._("A group names at least one representative."))
            previous = regime.limit_days
            for extension in regime.extension_ids.sorted(lambda e: (e.sequence, e.id)):
                if extension.limit_days <= previous:
                    raise ValidationError(
                        self.env._(
                            "Each extension of %(regime)s must allow more days than the limit "
                            "before it (%(days)s).",
                            regime=regime.name,
                            days=previous,
                        )
                    )
                previous = extension.limit_days

    def _get_extension(self, count):
        """The extension a complaint with ``count`` extensions already granted may ask for
        next (empty when none is left)."""
        self.ensure_one()
        extensions = self.extension_ids.sorted(lambda e: (e.sequence, e.id))
        return extensions[count : count + 1]
