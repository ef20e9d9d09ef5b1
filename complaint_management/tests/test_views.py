from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.osv import expression
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestViews(ComplaintCase):
    """Every window action of the addon opens for the people who use it, as the web client
    opens it: with the action's own views, domain and context, its default search filters
    applied, each view's records read and grouped views (kanban columns, pivots) grouped."""

    def test_every_action_opens(self):
        self.walk(self.create_complaint(), "revisit")
        action_ids = (
            self.env["ir.model.data"]
            .search(
                [("module", "=", "complaint_management"), ("model", "=", "ir.actions.act_window")]
            )
            .mapped("res_id")
        )
        actions = self.env["ir.actions.act_window"].browse(action_ids)
        self.assertIn(self.env.ref("complaint_management.complaint_step_action_board"), actions)
        self.assertIn(self.env.ref("complaint_management.complaint_complaint_action_mine"), actions)
        opened = set()
        for user in (self.desk, self.supervisor, self.handler, self.admin):
            for action in actions:
                model = self.env[action.res_model].with_user(user).with_company(self.company)
                if not model.has_access("read"):
                    continue
                with self.subTest(user=user.login, action=action.name):
                    self._open(model, action)
                    opened.add(action)
        self.assertIn(self.env.ref("complaint_management.complaint_complaint_action_mine"), opened)

    def _open(self, model, action):
        eval_context = action.with_user(model.env.user)._get_eval_context()
        context = safe_eval(action.context or "{}", eval_context)
        model = model.with_context(**context)
        views = list(action.views)
        search_view = action.search_view_id.id or False
        result = model.get_views([*views, (search_view, "search")])["views"]
        domain = expression.AND(
            [
                safe_eval(action.domain or "[]", eval_context),
                self._default_filters(result["search"]["arch"], context, eval_context),
            ]
        )
        group_by = self._default_group_by(result["search"]["arch"], context)
        for _view_id, mode in views:
            if mode == "form":
                continue
            arch = etree.fromstring(result[mode]["arch"])
            fnames = [f.get("name") for f in arch.iter("field") if f.get("name") in model._fields]
            spec = {fname: {} for fname in fnames[:20]}
            if mode in ("list", "kanban", "calendar", "activity"):
                model.web_search_read(domain, spec, limit=20)
            grouped = arch.get("default_group_by") or group_by
            if grouped and mode in ("list", "kanban"):
                model.web_read_group(domain, list(spec), [grouped])
            if mode in ("pivot", "graph"):
                rows = [
                    f.get("name") for f in arch.iter("field") if f.get("type") in ("row", "col")
                ]
                model.read_group(domain, [], rows or fnames[:1], lazy=False)

    def _default_filters(self, search_arch, context, eval_context):
        """The domain of the search filters the context turns on (``search_default_*``),
        evaluated as the web client does (``context_today``, ``relativedelta``...)."""
        eval_context = dict(
            eval_context,
            context_today=lambda: fields.Date.context_today(self.env.user),
            relativedelta=relativedelta,
        )
        domains = []
        for node in etree.fromstring(search_arch).iter("filter"):
            if context.get(f"search_default_{node.get('name')}") and node.get("domain"):
                domains.append(safe_eval(node.get("domain"), eval_context))
        return expression.AND(domains) if domains else []

    def _default_group_by(self, search_arch, context):
        for node in etree.fromstring(search_arch).iter("filter"):
            if context.get(f"search_default_{node.get('name')}") and node.get("context"):
                group_by = safe_eval(node.get("context")).get("group_by")
                if group_by:
                    return group_by
        return None
