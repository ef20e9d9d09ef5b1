from collections import defaultdict

from odoo import models


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    def _number_registrations(self, vals_list):
        """Give the complaints about to be registered their number from their company's
        sequence (SPEC step 1): one round trip per company and batch, not three queries a
        complaint (``ir.sequence._complaint_next_by_code``). Returns copies of
        ``vals_list``: the caller's values are left as they were (a registration refused
        and tried again gets a new number, not the one of the refused attempt)."""
        vals_list = [dict(vals) for vals in vals_list]
        unnumbered = defaultdict(list)  # company id: the vals its sequence numbers
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                unnumbered[vals.get("company_id") or self.env.company.id].append(vals)
        for company_id, numbered in unnumbered.items():
            names = (
                self.env["ir.sequence"]
                .with_company(company_id)
                ._complaint_next_by_code("complaint.complaint", len(numbered))
            )
            for vals, name in zip(numbered, names, strict=True):
                vals["name"] = name or "/"
        return vals_list
