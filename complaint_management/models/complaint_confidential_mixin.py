"""Confidentiality (SPEC.md "Confidentiality"): a complaint's contact details are readable
only by those handling it (the desk, the assigned department, supervisors and compliance),
the compensation of its plans by them and the plans' approvers; every read, export, print
and search of them is logged; exporting complaint data is for supervisors and compliance."""

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

# Raw confidential values: nobody is in this group; the shown fields read them as sudo.
RAW_STORAGE_GROUP = "complaint_management.group_complaint_raw_storage"
EXPORT_GROUPS = (
    "complaint_management.group_complaint_supervisor",
    "complaint_management.group_complaint_compliance",
)
# Roles that read the confidential data of every complaint of their companies.
READ_ALL_GROUPS = (
    "complaint_management.group_complaint_desk",
    "complaint_management.group_complaint_compliance",
)


def search_confidential(fname):
    """The ``search`` of the shown confidential field ``fname``: it matches only within
    the records whose confidential data the user may read, so it is no oracle."""

    def search(records, operator, value):
        return records._search_confidential(fname, operator, value)

    return search


class ComplaintConfidentialMixin(models.AbstractModel):
    """Models that hold or lead to a complaint's confidential data.

    A model lists the confidential values it holds in ``_confidential_fields`` (shown field:
    raw stored field, the raw one readable by nobody) and names the field leading to its
    complaint in ``_confidential_complaint_field`` (False on the complaint itself). The shown
    fields use ``_compute_confidential``, ``_inverse_confidential`` and
    ``search_confidential``; reads, exports and prints of them are logged where they happen
    (``read``, ``search_read``, ``export_data``, the slip report), never inside a compute,
    and so is every search on them (``_search``: who, which field, how many matched).

    Odoo 18 serves methods marked ``@api.readonly`` from a read-only cursor (and from a
    replica when one is configured): the read and search methods here may write the access
    log, so they are marked ``_readonly = False`` and served by the primary database.

    Models hanging off a complaint inherit this mixin, and with it the archive lock
    (``complaint.archive.mixin``) and the input checks (``complaint.input.mixin``)."""

    _name = "complaint.confidential.mixin"
    _inherit = ["complaint.archive.mixin", "complaint.input.mixin"]
    _description = "Complaint Confidential Data"

    _confidential_complaint_field = "complaint_id"
    _confidential_fields = {}

    # ------------------------------------------------------------------ who may read it
    @api.model
    def _confidential_complaint_domain(self):
        """Domain of the complaints whose confidential data the current user may read:
        all of them for the desk, supervisors and compliance; for everyone else, those of
        their department (or its sub-departments) or assigned to them. Assisting
        departments, plan approvers from elsewhere (the general manager) and other
        colleagues never see the complainant's contact details."""
        user = self.env.user
        if self.env.su or any(user.has_group(group) for group in READ_ALL_GROUPS):
            return []
        if not user.has_group("complaint_management.group_complaint_department"):
            return expression.FALSE_DOMAIN
        return expression.OR(
            [
                [("department_id", "in", user.complaint_department_ids.ids)],
                [("handler_id", "=", user.id)],
            ]
        )

    @api.model
    def _confidential_domain(self):
        """Domain of the records of this model whose confidential data the user may read."""
        domain = self._confidential_complaint_domain()
        path = self._confidential_complaint_field
        return [(path, "any", domain)] if domain and path else domain

    def _confidential_allowed(self):
        """The records of ``self`` whose confidential data the current user may read. New
        records (a form being filled in) hold only what the user typed."""
        domain = self._confidential_domain()
        real = self.filtered("id")
        if not domain:
            return self
        allowed = real.sudo().search(expression.AND([[("id", "in", real.ids)], domain]))
        return (self - real) | self.browse(allowed.ids)

    def _confidential_complaints(self):
        path = self._confidential_complaint_field
        return self.mapped(path) if path else self

    # ------------------------------------------------------------------ shown, stored, searched
    @api.depends_context("uid")
    @api.depends(lambda self: list(self._confidential_fields.values()))
    def _compute_confidential(self):
        allowed = self._confidential_allowed()
        hidden_flag = "confidential_hidden" in self._fields
        for record in self:
            visible = record in allowed
            stored = record.sudo()
            for shown, raw in self._confidential_fields.items():
                record[shown] = stored[raw] if visible else False
            if hidden_flag:
                record.confidential_hidden = not visible

    def _inverse_confidential(self):
        self._check_confidential_writable()
        for record in self:
            record.sudo().write(
                {raw: record[shown] for shown, raw in self._confidential_fields.items()}
            )

    def _check_confidential_writable(self):
        """Refuse to store confidential data on records whose data the user may not read."""
        allowed = self._confidential_allowed()
        for record in self:
            if record not in allowed:
                raise AccessError(
                    self.env._(
                        "You may not change the confidential data (contact details, "
                        "compensation) of %s.",
                        record.display_name,
                    )
                )

    # ------------------------------------------------------------------ ORM
    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        shown = self._confidential_fields.keys()
        given = [rec.id for rec, vals in zip(records, vals_list, strict=True) if shown & vals]
        if given:
            records.browse(given)._check_confidential_writable()
        return records

    def _prepare_create_values(self, vals_list):
        """A new record's confidential values are stored with its other columns, in the
        same insert (the inverse would write every record once more after it); who may
        give them is checked by ``create`` as the inverse checks it, and the values were
        checked under their shown names (``complaint.input.mixin``)."""
        result = super()._prepare_create_values(vals_list)
        for vals in result:
            for shown, raw in self._confidential_fields.items():
                if shown in vals:
                    vals[raw] = vals.pop(shown)
        return result

    def _search_confidential(self, fname, operator, value):
        """Search a confidential field, within the records whose data the user may read."""
        domain = expression.AND(
            [[(self._confidential_fields[fname], operator, value)], self._confidential_domain()]
        )
        return [("id", "in", self.sudo()._search(domain))]

    # ------------------------------------------------------------------ the access log
    def _confidential_logged_fields(self):
        """The fields whose read, export or print is an access to confidential data."""
        return set(self._confidential_fields) | set(self._confidential_fields.values())

    def _confidential_disclosed(self, fnames=None):
        """The complaints whose confidential data reading ``fnames`` of ``self`` (default:
        every such field the user may access) disclosed to the current user: those holding
        a value as the user reads them (the shown fields are empty for those who may not
        read them). The superuser's internal work discloses nothing. Fields the user may
        not read at all (a portal user's internal fields) are not looked at."""
        logged = self._confidential_logged_fields()
        if fnames is None:
            fnames = self.check_field_access_rights("read", None)
        fnames = logged & set(fnames)
        records = self.filtered("id")
        if self.env.su or not fnames or not records:
            return self.env["complaint.complaint"]
        disclosed = records.filtered(lambda r: any(r[fname] for fname in fnames))
        return disclosed._confidential_complaints()

    def _log_confidential_access(self, access_type, fnames=None):
        """Record who read, exported or printed which complaints' confidential data
        (SPEC: every access to confidential data is traceable)."""
        complaints = self._confidential_disclosed(fnames)
        if complaints:
            complaints._write_access_log(access_type)

    @api.model
    def _log_confidential_search(self, domain):
        """Record each search on confidential data (SPEC: every access is traceable): who,
        on which field, and how many records matched among those whose data the user may
        read; never the value searched. Searched again within the same transaction (a list
        and its count), it is logged once."""
        logged = self._confidential_logged_fields()
        leaves = [
            leaf
            for leaf in domain or []
            if isinstance(leaf, (list, tuple))
            and len(leaf) == 3
            and isinstance(leaf[0], str)
            and leaf[0] in logged
        ]
        if not leaves:
            return
        seen = self.env.cr.precommit.data.setdefault("complaint.search_log", set())
        rows = []
        for fname, operator, value in leaves:
            key = (self.env.uid, self._name, fname, operator, repr(value))
            if key in seen:
                continue
            seen.add(key)
            condition = [(fname, operator, value)]
            if fname in self._confidential_fields:
                condition = expression.AND([condition, self._confidential_domain()])
            rows.append(
                {
                    "user_id": self.env.uid,
                    "company_id": self.env.company.id,
                    "access_type": "search",
                    "field_id": self.env["ir.model.fields"]._get(self._name, fname).id,
                    "match_count": self.sudo().search_count(condition),
                }
            )
        if rows:
            self.env["complaint.access.log"].sudo().create(rows)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._confidential_fields and not self.env.su:
            self._log_confidential_search(domain)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _write_access_log(self, access_type):
        self.env["complaint.access.log"].sudo().create(
            [
                {
                    "complaint_id": complaint.id,
                    "user_id": self.env.uid,
                    "company_id": complaint.company_id.id,
                    "access_type": access_type,
                }
                for complaint in self.sudo()
            ]
        )

    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields=fields, load=load)
        self._log_confidential_access("read", fields)
        return result

    read._readonly = False

    @api.model
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **kwargs):
        rows = super().search_read(
            domain=domain, fields=fields, offset=offset, limit=limit, order=order, **kwargs
        )
        self.browse([row["id"] for row in rows])._log_confidential_access("read", fields)
        return rows

    search_read._readonly = False

    def web_read(self, specification):
        # Reads through read(), which logs.
        return super().web_read(specification)

    web_read._readonly = False

    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        # Reads through web_read(), which logs.
        return super().web_search_read(
            domain,
            specification,
            offset=offset,
            limit=limit,
            order=order,
            count_limit=count_limit,
        )

    web_search_read._readonly = False

    # Searches may log a search on confidential data (``_search``).
    @api.model
    def search(self, domain, offset=0, limit=None, order=None):
        return super().search(domain, offset=offset, limit=limit, order=order)

    search._readonly = False

    @api.model
    def search_count(self, domain, limit=None):
        return super().search_count(domain, limit=limit)

    search_count._readonly = False

    @api.model
    def search_fetch(self, domain, field_names, offset=0, limit=None, order=None):
        return super().search_fetch(domain, field_names, offset=offset, limit=limit, order=order)

    search_fetch._readonly = False

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        return super().name_search(name=name, args=args, operator=operator, limit=limit)

    name_search._readonly = False

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        return super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy
        )

    read_group._readonly = False

    @api.model
    def web_read_group(
        self, domain, fields, groupby, limit=None, offset=0, orderby=False, lazy=True
    ):
        return super().web_read_group(
            domain, fields, groupby, limit=limit, offset=offset, orderby=orderby, lazy=lazy
        )

    web_read_group._readonly = False

    @api.model
    def read_progress_bar(self, domain, group_by, progress_bar):
        return super().read_progress_bar(domain, group_by, progress_bar)

    read_progress_bar._readonly = False

    # ------------------------------------------------------------------ export
    def export_data(self, fields_to_export):
        """Exporting complaint data is reserved to supervisors and compliance officers;
        every confidential column exported, here or through a link to the complaint, is
        logged."""
        self._check_complaint_export()
        result = super().export_data(fields_to_export)
        self._confidential_exported(fields_to_export)._write_access_log("export")
        return result

    def _confidential_exported(self, paths):
        """The complaints whose confidential data the export ``paths`` (``a/b/c``) disclose."""
        complaints = self.env["complaint.complaint"]
        for path in paths:
            records = self
            for fname in path.split("/"):
                if fname in records._confidential_logged_fields():
                    complaints |= records._confidential_disclosed([fname])
                    break
                field = records._fields.get(fname)
                if not (field and field.relational):
                    break
                records = records.mapped(fname)
                if not hasattr(records, "_confidential_logged_fields"):
                    break
        return complaints

    def _check_complaint_export(self):
        user = self.env.user
        if not self.env.su and not any(user.has_group(g) for g in EXPORT_GROUPS):
            raise UserError(
                self.env._("Only supervisors and compliance officers may export complaint data.")
            )
