"""The monthly figures of SPEC.md "Supervision", per company, and the job that sends
them to compliance on the first of the month."""

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models

from ..models.constants import satisfaction_kind


class ComplaintStatistics(models.AbstractModel):
    """Complaint figures over a period, read from complaints, revisits and steps."""

    _name = "complaint.statistics"
    _description = "Complaint Statistics"

    @api.model
    def _monthly_statistics(self, company, date_from, date_to):
        """SPEC "Supervision" figures for complaints received in [date_from, date_to):
        received, valid, closed, closure rate, repeat rate, satisfaction rate, average
        handling time, on-time rate per step, and counts per department and category."""
        Complaint = self.env["complaint.complaint"].sudo().with_context(active_test=False)
        domain = [
            ("company_id", "=", company.id),
            ("date_received", ">=", date_from),
            ("date_received", "<", date_to),
        ]
        received = Complaint.search_count(domain)
        valid = Complaint.search_count(domain + [("validity", "=", "valid")])
        closed_recs = Complaint.search_read(
            domain + [("state", "in", ("closed", "archived"))], ["date_received", "date_closed"]
        )
        repeats = Complaint.search_count(domain + [("is_repeat", "=", True)])
        regulator = Complaint.search_count(domain + [("is_regulator_referral", "=", True)])
        revisits = (
            self.env["complaint.revisit"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("date", ">=", date_from),
                    ("date", "<", date_to),
                ],
                ["satisfaction"],
                ["__count"],
            )
        )
        revisit_total = sum(count for _s, count in revisits)
        satisfied = sum(count for sat, count in revisits if satisfaction_kind(sat) == "satisfied")
        steps = {}
        for step, is_late, count in (
            self.env["complaint.step"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "done"),
                    ("date_done", ">=", date_from),
                    ("date_done", "<", date_to),
                ],
                ["step_type", "is_late"],
                ["__count"],
            )
        ):
            done, late = steps.get(step, (0, 0))
            steps[step] = (done + count, late + (count if is_late else 0))
        hours = [
            (r["date_closed"] - r["date_received"]).total_seconds() / 3600
            for r in closed_recs
            if r["date_closed"] and r["date_received"]
        ]

        def ratio(part, whole):
            return round(100.0 * part / whole, 1) if whole else 0.0

        return {
            "received": received,
            "valid": valid,
            "closed": len(closed_recs),
            "closure_rate": ratio(len(closed_recs), received),
            "repeat_rate": ratio(repeats, received),
            "regulator_referrals": regulator,
            "satisfaction_rate": ratio(satisfied, revisit_total),
            "average_handling_hours": round(sum(hours) / len(hours), 1) if hours else 0.0,
            "on_time_rate": {
                step: ratio(done - late, done) for step, (done, late) in steps.items()
            },
            "by_department": {
                dept.display_name if dept else "-": count
                for dept, count in Complaint._read_group(domain, ["department_id"], ["__count"])
            },
            "by_category": {
                cat.display_name if cat else "-": count
                for cat, count in Complaint._read_group(domain, ["category_id"], ["__count"])
            },
        }

    @api.model
    def _cron_monthly_summary(self):
        """Scheduled on the 1st: send last month's figures to each company's compliance
        officers (the printed monthly report comes with the reporting module)."""
        today = fields.Date.context_today(self)
        date_to = fields.Datetime.to_datetime(today.replace(day=1))
        date_from = date_to - relativedelta(months=1)
        group = self.env.ref("complaint_management.group_complaint_compliance")
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            users = group.sudo().users.filtered(lambda u, c=company: c in u.company_ids)
            if not users:
                continue
            # Written in the company's language: the job runs as OdooBot.
            self = self.with_context(lang=company.partner_id.lang or self.env.lang)  # noqa: PLW0642
            step_labels = dict(
                self.env["complaint.step"]._fields["step_type"]._description_selection(self.env)
            )
            stats = self._monthly_statistics(company, date_from, date_to)
            rows = (
                [
                    (self.env._("Received"), stats["received"]),
                    (self.env._("Valid"), stats["valid"]),
                    (self.env._("Closed"), stats["closed"]),
                    (self.env._("Closure rate"), f"{stats['closure_rate']} %"),
                    (self.env._("Repeat rate"), f"{stats['repeat_rate']} %"),
                    (self.env._("Satisfaction rate"), f"{stats['satisfaction_rate']} %"),
                    (self.env._("Average handling time (hours)"), stats["average_handling_hours"]),
                    (self.env._("Regulator referrals"), stats["regulator_referrals"]),
                ]
                + [
                    (self.env._("On time: %s", step_labels[step]), f"{rate} %")
                    for step, rate in stats["on_time_rate"].items()
                ]
                + [
                    (self.env._("Department: %s", name), count)
                    for name, count in stats["by_department"].items()
                ]
                + [
                    (self.env._("Category: %s", name), count)
                    for name, count in stats["by_category"].items()
                ]
            )
            table = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td></tr>") % (label, value) for label, value in rows
            )
            self.env["mail.thread"].sudo().message_notify(
                partner_ids=users.partner_id.ids,
                subject=self.env._(
                    "%(company)s: complaint statistics %(month)s",
                    company=company.name,
                    month=date_from.strftime("%Y-%m"),
                ),
                body=Markup("<table>%s</table>") % table,
                subtype_xmlid="mail.mt_note",
                model=False,
                res_id=False,
            )
