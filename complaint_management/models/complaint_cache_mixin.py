from odoo import api, models


class ComplaintCacheMixin(models.AbstractModel):
    """Records whose changes move complaint access or deadlines: record rules (who sees
    which department's complaints) and the working intervals deadlines are counted on are
    cached per registry, so a change to such a record drops those caches.

    ``_complaint_cache_fields``: the fields whose change matters (empty: any field);
    ``_complaint_cache_concerned()``: whether these records matter at all."""

    _name = "complaint.cache.mixin"
    _description = "Complaint Cache Invalidation"

    _complaint_cache_fields = ()

    def _complaint_cache_concerned(self):
        return True

    def _complaint_clear_cache(self):
        self.env.registry.clear_cache()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if records._complaint_cache_concerned():
            records._complaint_clear_cache()
        return records

    def write(self, vals):
        relevant = not self._complaint_cache_fields or set(vals) & set(self._complaint_cache_fields)
        concerned = relevant and self._complaint_cache_concerned()
        res = super().write(vals)
        if relevant and (concerned or self._complaint_cache_concerned()):
            self._complaint_clear_cache()
        return res

    def unlink(self):
        concerned = self._complaint_cache_concerned()
        res = super().unlink()
        if concerned:
            self._complaint_clear_cache()
        return res
