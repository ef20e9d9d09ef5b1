"""18.0.1.1.0: the monthly statistics moved to their own model, complaint.statistics; the
scheduled job (noupdate data) follows them."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("complaint_management.ir_cron_complaint_monthly_summary", False)
    if cron:
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("complaint.statistics"),
                "code": "model._cron_monthly_summary()",
            }
        )
