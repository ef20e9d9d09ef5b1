from odoo import api, models
from odoo.exceptions import UserError

EXPORT_GROUPS = (
    "complaint_management.group_complaint_supervisor",
    "complaint_management.group_complaint_compliance",
)


class ComplaintConfidentialMixin(models.AbstractModel):
    """Models that hold or lead to a complaint's confidential data.

    Reading confidential fields writes to the access log, so the read methods are not
    marked @api.readonly (Odoo would run them on a read-only cursor, fail on the log insert
    and retry). Exporting is reserved to supervisors and compliance officers."""

    _name = "complaint.confidential.mixin"
    _description = "Complaint Confidential Data"

    def read(self, fields=None, load="_classic_read"):
        return super().read(fields=fields, load=load)

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **kwargs):
        return super().search_read(
            domain=domain, fields=fields, offset=offset, limit=limit, order=order, **kwargs
        )

    def web_read(self, specification):
        return super().web_read(specification)

    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        return super().web_search_read(
            domain,
            specification,
            offset=offset,
            limit=limit,
            order=order,
            count_limit=count_limit,
        )

    def export_data(self, fields_to_export):
        """Exporting complaint data is reserved to supervisors and compliance officers."""
        self._check_complaint_export()
        return super().export_data(fields_to_export)

    def _check_complaint_export(self):
        user = self.env.user
        if not self.env.su and not any(user.has_group(g) for g in EXPORT_GROUPS):
            raise UserError(
                self.env._("Only supervisors and compliance officers may export complaint data.")
            )
