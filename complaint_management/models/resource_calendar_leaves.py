from odoo import models


class ResourceCalendarLeaves(models.Model):
    """Public holidays (leaves without a resource) move complaint deadlines: the cached
    working intervals are dropped whenever one changes."""

    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "complaint.cache.mixin"]

    def _complaint_cache_concerned(self):
        return any(not leave.resource_id for leave in self)
