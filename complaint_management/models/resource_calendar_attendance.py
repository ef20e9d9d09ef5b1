from odoo import models


class ResourceCalendarAttendance(models.Model):
    """Working hours move complaint deadlines (cached working intervals)."""

    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "complaint.cache.mixin"]
