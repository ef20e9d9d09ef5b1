from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """Public holidays (leaves without a resource) move complaint deadlines: the cached
    working intervals are dropped whenever one changes."""

    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if any(not r.resource_id for r in records):
            self.env.registry.clear_cache()
        return records

    def write(self, vals):
        public = any(not r.resource_id for r in self)
        res = super().write(vals)
        if public or any(not r.resource_id for r in self):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        public = any(not r.resource_id for r in self)
        res = super().unlink()
        if public:
            self.env.registry.clear_cache()
        return res
