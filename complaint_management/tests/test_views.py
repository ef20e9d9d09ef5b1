from lxml import etree

from odoo.tests import tagged

from .common import ComplaintCase


@tagged("post_install", "-at_install")
class TestViews(ComplaintCase):
    """Every window action of the addon opens for the people who use it: each view loads,
    its default search runs, and grouped views (kanban columns, progress bars) read."""

    def test_every_action_opens(self):
        self.walk(self.create_complaint(), "revisit")
        actions = self.env["ir.actions.act_window"].search([("res_model", "like", "complaint.%")])
        actions |= self.env.ref("complaint_management.complaint_step_action_board")
        self.assertTrue(actions)
        for user in (self.desk, self.supervisor, self.handler, self.admin):
            for action in actions:
                model = self.env[action.res_model].with_user(user).with_company(self.company)
                if not model.has_access("read"):
                    continue
                with self.subTest(user=user.login, action=action.name):
                    self._open(model, action)

    def _open(self, model, action):
        modes = [m for m in action.view_mode.split(",") if m != "form"]
        views = model.get_views([(False, m) for m in modes + ["search"]])["views"]
        for mode in modes:
            arch = etree.fromstring(views[mode]["arch"])
            fnames = [
                f.get("name")
                for f in arch.iter("field")
                if f.get("name") in model._fields and f.getparent().tag != "templates"
            ]
            if mode in ("list", "kanban", "calendar", "activity"):
                model.search_read([], fnames[:20], limit=20)
            group_by = arch.get("default_group_by")
            if group_by:
                model.web_read_group([], [group_by], [group_by])
            bar = arch.find("progressbar")
            if bar is not None and group_by:
                model.read_progress_bar([], group_by, {"field": bar.get("field"), "colors": {}})
            if mode in ("pivot", "graph"):
                model.read_group([], [], [fnames[0]] if fnames else [])
