"""The customer portal of complaints (SPEC.md "Customers' rights"), as Odoo's
``project`` and ``sale`` portals are built: the complaints of the logged-in customer under
/my/complaints, each complaint's page (also reachable without login through the access
token the mails carry), the customer's answers to it, and a new complaint.

Everything that changes data is a POST with a CSRF token, on a complaint given by the URL
and checked by ``_document_check_access`` (the portal record rule, or a valid access token)
before the model's portal entry point runs; a GET never changes anything (mail clients'
link scanners follow GETs). Ids from a form are never trusted: the plan answered is the
complaint's own, the letter downloaded must be one of its letters."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.complaint_complaint_portal import (
    EVIDENCE_MAX_BYTES,
    EVIDENCE_MAX_FILES,
    PORTAL_FEEDBACK_PREFERENCES,
)
from ..models.constants import OPEN_STATES, SATISFACTION

COMPLAINT = "complaint.complaint"
# Messages shown after a successful answer (?message=...), never free text from the URL.
DONE_MESSAGES = ("plan_accepted", "plan_refused", "rated", "objected", "submitted")


class ComplaintCustomerPortal(CustomerPortal):
    # ================================================================== home counter
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env[COMPLAINT]
            values["complaint_count"] = (
                Complaint.search_count([]) if Complaint.has_access("read") else 0
            )
        return values

    # ================================================================== the list
    def _complaint_searchbar_sortings(self):
        return {
            "date": {"label": request.env._("Newest"), "order": "date_received desc, id desc"},
            "name": {"label": request.env._("Reference"), "order": "name desc, id desc"},
            "title": {"label": request.env._("Subject"), "order": "title, id desc"},
            "state": {
                "label": request.env._("Status"),
                "order": "state, date_received desc, id desc",
            },
        }

    def _complaint_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {"label": request.env._("Open"), "domain": [("state", "in", OPEN_STATES)]},
            "closed": {
                "label": request.env._("Closed"),
                "domain": [("state", "in", ("closed", "archived"))],
            },
        }

    def _complaint_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": request.env._("Search in Reference and Subject")},
            "name": {"input": "name", "label": request.env._("Search in Reference")},
            "title": {"input": "title", "label": request.env._("Search in Subject")},
        }

    def _complaint_search_domain(self, search_in, search):
        if search_in == "name":
            return [("name", "ilike", search)]
        if search_in == "title":
            return [("title", "ilike", search)]
        return ["|", ("name", "ilike", search), ("title", "ilike", search)]

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(
        self, page=1, sortby=None, filterby=None, search=None, search_in="all", **kw
    ):
        Complaint = request.env[COMPLAINT]
        if not Complaint.has_access("read"):
            return request.redirect("/my")
        sortings = self._complaint_searchbar_sortings()
        filters = self._complaint_searchbar_filters()
        inputs = self._complaint_searchbar_inputs()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        search_in = search_in if search_in in inputs else "all"
        domain = list(filters[filterby]["domain"])
        if search:
            domain += self._complaint_search_domain(search_in, search)
        total = Complaint.search_count(domain)
        pager = portal_pager(
            url="/my/complaints",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
                "search_in": search_in,
            },
            total=total,
            page=page,
            step=self._items_per_page,
        )
        complaints = Complaint.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_complaints_history"] = complaints.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": complaints,
                "page_name": "complaint",
                "default_url": "/my/complaints",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": inputs,
                "search_in": search_in,
                "search": search,
            }
        )
        return request.render("complaint_management.portal_my_complaints", values)

    # ================================================================== one complaint
    def _complaint_check_access(self, complaint_id, access_token=None):
        """The complaint, as superuser, if the visitor may see it (portal rule or token)."""
        return self._document_check_access(COMPLAINT, complaint_id, access_token=access_token)

    def _complaint_author(self, complaint_sudo):
        """Who acts: the logged-in customer, or, through a mail's access token, the
        complainant the mail was sent to."""
        user = request.env.user
        return complaint_sudo.partner_id if user._is_public() else user.partner_id

    def _complaint_page_values(self, complaint_sudo, access_token, **kwargs):
        satisfaction = kwargs.get("satisfaction")
        message = kwargs.get("message")
        values = {
            "complaint": complaint_sudo,
            "page_name": "complaint",
            "satisfaction_levels": SATISFACTION,
            "chosen_satisfaction": satisfaction if satisfaction in dict(SATISFACTION) else None,
            "done_message": message if message in DONE_MESSAGES else None,
            "error": kwargs.get("error_text"),
            "reason": kwargs.get("reason"),
            "objection": kwargs.get("objection"),
            "comment": kwargs.get("comment"),
        }
        return self._get_page_view_values(
            complaint_sudo, access_token, values, "my_complaints_history", False, **kwargs
        )

    def _render_complaint(self, complaint_sudo, access_token, **kwargs):
        values = self._complaint_page_values(complaint_sudo, access_token, **kwargs)
        return request.render("complaint_management.portal_complaint_page", values)

    @http.route(["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        kw.pop("error_text", None)
        return self._render_complaint(complaint_sudo, access_token, **kw)

    def _complaint_answer(self, complaint_id, access_token, method, args, done, **page_kw):
        """Apply a customer's answer through the portal entry point ``method`` (called with
        the acting partner and ``args``): back to the complaint's page with the
        confirmation ``done`` (message, anchor), or on the page with the reason it was
        refused, nothing changed."""
        try:
            complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        author = self._complaint_author(complaint_sudo)
        try:
            with request.env.cr.savepoint():
                getattr(complaint_sudo, method)(author, *args)
        except UserError as error:
            return self._render_complaint(
                complaint_sudo, access_token, error_text=error.args[0], **page_kw
            )
        message, anchor = done
        query = f"message={message}"
        if access_token:
            url = complaint_sudo.get_portal_url(query_string=f"&{query}", anchor=anchor)
        else:
            url = f"{complaint_sudo.access_url}?{query}#{anchor}"
        return request.redirect(url)

    @http.route(
        ["/my/complaints/<int:complaint_id>/plan/accept"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_accept_plan(self, complaint_id, access_token=None, **kw):
        return self._complaint_answer(
            complaint_id,
            access_token,
            "_action_portal_accept_plan",
            (),
            ("plan_accepted", "complaint_plan"),
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/plan/refuse"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_refuse_plan(self, complaint_id, access_token=None, reason=None, **kw):
        return self._complaint_answer(
            complaint_id,
            access_token,
            "_action_portal_refuse_plan",
            (reason,),
            ("plan_refused", "complaint_plan"),
            reason=reason,
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/revisit"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_revisit(
        self, complaint_id, access_token=None, satisfaction=None, comment=None, **kw
    ):
        return self._complaint_answer(
            complaint_id,
            access_token,
            "_action_portal_revisit",
            (satisfaction, comment),
            ("rated", "complaint_revisit"),
            satisfaction=satisfaction,
            comment=comment,
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/objection"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_object(self, complaint_id, access_token=None, reason=None, **kw):
        return self._complaint_answer(
            complaint_id,
            access_token,
            "_action_portal_object",
            (reason,),
            ("objected", "complaint_objection"),
            objection=reason,
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/letters/<int:attachment_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_complaint_letter(self, complaint_id, attachment_id, access_token=None, **kw):
        """Download one of the complaint's letters (``_portal_letters``), nothing else."""
        try:
            complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        letter = complaint_sudo._portal_letters().filtered(lambda a: a.id == attachment_id)
        if not letter:
            raise NotFound()
        return (
            request.env["ir.binary"]
            ._get_stream_from(letter.sudo())
            .get_response(as_attachment=True)
        )

    # ================================================================== a new complaint
    def _new_complaint_values(self, **kw):
        user = request.env.user
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "complaint_new",
                "partner": user.partner_id,
                "preferences": [
                    (key, label)
                    for key, label in request.env[COMPLAINT]
                    ._fields["feedback_preference"]
                    ._description_selection(request.env)
                    if key in PORTAL_FEEDBACK_PREFERENCES
                ],
                "max_files": EVIDENCE_MAX_FILES,
                "max_megabytes": EVIDENCE_MAX_BYTES // (1024 * 1024),
                "form": kw,
                "error": kw.get("error_text"),
            }
        )
        return values

    @http.route(["/my/complaints/new"], type="http", auth="user", methods=["GET"], website=True)
    def portal_new_complaint(self, **kw):
        kw.pop("error_text", None)
        return request.render(
            "complaint_management.portal_new_complaint", self._new_complaint_values(**kw)
        )

    @http.route(["/my/complaints/submit"], type="http", auth="user", methods=["POST"], website=True)
    def portal_submit_complaint(self, **kw):
        kw.pop("error_text", None)
        files = [
            (upload.filename, upload.read())
            for upload in request.httprequest.files.getlist("attachments")
            if upload.filename
        ]
        values = {
            "title": kw.get("title"),
            "description": kw.get("description"),
            "customer_demand": kw.get("customer_demand"),
            "contact_phone": kw.get("contact_phone"),
            "account_number": kw.get("account_number"),
            "feedback_preference": kw.get("feedback_preference"),
            "consent": kw.get("consent") == "on",
        }
        try:
            with request.env.cr.savepoint():
                complaint = (
                    request.env[COMPLAINT]
                    .sudo()
                    ._portal_create_complaint(request.env.user.partner_id, values, files)
                )
        except UserError as error:
            return request.render(
                "complaint_management.portal_new_complaint",
                self._new_complaint_values(error_text=error.args[0], **kw),
            )
        return request.redirect(f"{complaint.access_url}?message=submitted")

    # ================================================================== how to complain
    @http.route(["/complaints"], type="http", auth="public", website=True, sitemap=True)
    def complaint_channels(self, **kw):
        """The public page (SPEC.md "Channels are published"): every way to complain and
        the named complaint officer, from the company's settings."""
        company = request.env.company.sudo()
        return request.render(
            "complaint_management.portal_complaint_channels",
            {
                "company": company,
                "hotline": company.complaint_hotline,
                "mailbox": company._complaint_mailbox(),
                "officer": company.complaint_officer_id.name,
                "page_name": "complaint_channels",
            },
        )
