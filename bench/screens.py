"""The service desk's screens, as the web client asks for them: each screen's menu
action gives the model, the domain, the context and the first view; the view's
architecture (``get_views``, as the client loads it) gives the fields read; the search
view gives the default filters (``search_default_*``) and what typing in the search box
searches. Then the call the client makes (``web_search_read``, ``web_read_group``,
``search_read``), as the desk user, timed on the server: median of 3 after a warm-up."""

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from fixture import RARE_SUBJECT_WORD
from lxml import etree
from measuring import timed_screen

from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import safe_eval
from odoo.tools.safe_eval import time as safe_time

DESK_TARGET_SECONDS = 0.3
# Records per page of a list, per column of a kanban view (the web client's defaults).
LIST_LIMIT = 80
KANBAN_LIMIT = 40
# Web-client calls count the records up to this many.
COUNT_LIMIT = 10001


def _eval_context(env):
    today = date.today()
    return {
        "uid": env.uid,
        "context_today": lambda: today,
        "datetime": safe_datetime,
        "relativedelta": relativedelta,
        "current_date": today.strftime("%Y-%m-%d"),
        "time": safe_time,
    }


def _evaluate(env, text, extra=None):
    if not text:
        return {} if text is None else []
    context = _eval_context(env)
    context.update(extra or {})
    return safe_eval(text, context)


def _view_fields(arch):
    """Names of the fields of a view's architecture, not those of sub-views."""
    root = etree.fromstring(arch) if isinstance(arch, str) else arch
    names = []
    for node in root.iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        name = node.get("name")
        if name and name not in names:
            names.append(name)
    return names


def _specification(fields_info, names):
    """The ``web_search_read`` specification of the fields ``names``: many2one fields
    with their display name, as the web client asks; the ids of x2many fields."""
    spec = {}
    for name in names:
        info = fields_info.get(name)
        if not info:
            continue
        spec[name] = {"fields": {"display_name": {}}} if info["type"] == "many2one" else {}
    return spec


class Screen:
    """A menu action opened by a user: its model, domain, context, views and fields."""

    def __init__(self, env, user, xmlid, view_type=None):
        action = env.ref(xmlid).sudo()
        self.model_name = action.res_model
        context = dict(user.context_get(), allowed_company_ids=user.company_ids.ids)
        context.update(_evaluate(env(user=user), action.context or "{}") or {})
        self.env = env(user=user, context=context)
        self.model = self.env[self.model_name]
        self.view_type = view_type or action.view_mode.split(",")[0]
        view_id = next(
            (view.view_id.id for view in action.view_ids if view.view_mode == self.view_type),
            False,
        )
        if not view_id and action.view_id.type == self.view_type:
            view_id = action.view_id.id
        views = self.model.get_views(
            [(view_id, self.view_type), (action.search_view_id.id, "search")]
        )
        self.fields_info = views["models"][self.model_name]["fields"]
        self.arch = etree.fromstring(views["views"][self.view_type]["arch"])
        self.search_arch = etree.fromstring(views["views"]["search"]["arch"])
        self.fields = _view_fields(self.arch)
        self.spec = _specification(self.fields_info, self.fields)
        self.domain = list(_evaluate(self.env, action.domain or "[]") or [])
        self.group_by = []
        for key, value in context.items():
            if not (key.startswith("search_default_") and value):
                continue
            name = key[len("search_default_") :]
            node = self.search_arch.find(f".//filter[@name='{name}']")
            if node is None:
                continue
            if node.get("domain"):
                self.domain += _evaluate(self.env, node.get("domain"))
            if node.get("context"):
                group_by = _evaluate(self.env, node.get("context")).get("group_by")
                if group_by:
                    self.group_by.append(group_by)
        default_group_by = self.arch.get("default_group_by")
        if not self.group_by and default_group_by:
            self.group_by = [default_group_by]
        self.order = self.arch.get("default_order") or ""

    def search_domain(self, field, value):
        """What typing ``value`` in the search box and picking ``field`` searches."""
        node = self.search_arch.find(f".//field[@name='{field}']")
        if node is not None and node.get("filter_domain"):
            return _evaluate(self.env, node.get("filter_domain"), {"self": value})
        operator = node.get("operator", "ilike") if node is not None else "ilike"
        return [(field, operator, value)]

    def list_page(self, extra_domain=()):
        return self.model.web_search_read(
            self.domain + list(extra_domain),
            self.spec,
            offset=0,
            limit=LIST_LIMIT,
            order=self.order,
            count_limit=COUNT_LIMIT,
        )

    def kanban_page(self):
        """A grouped kanban view: the columns, then the cards of each column."""
        groups = self.model.web_read_group(
            self.domain, [], self.group_by[:1], limit=80, orderby="", lazy=True
        )
        length = 0
        for group in groups["groups"]:
            records = self.model.web_search_read(
                group.get("__domain", self.domain),
                self.spec,
                limit=KANBAN_LIMIT,
                order=self.order,
                count_limit=COUNT_LIMIT,
            )
            length += records["length"]
        return {"length": length, "groups": len(groups["groups"])}

    def calendar_month(self, day):
        """One month of the calendar around ``day``, as the client asks for it: the weeks
        the month's grid shows (Monday to Sunday)."""
        first = day.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        start = first - timedelta(days=first.weekday())
        stop = last + timedelta(days=6 - last.weekday())
        date_field = self.arch.get("date_start")
        names = list(dict.fromkeys([date_field, "display_name", *self.fields]))
        return self.model.search_read(
            self.domain + [(date_field, ">=", str(start)), (date_field, "<=", str(stop))],
            names,
        )


def desk_user(env, fixture):
    return fixture["desk"][0]


def desk_screens(env, fixture):
    """The desk's screens as calls, with what they search for. Returns ({name: call},
    context)."""
    user = desk_user(env, fixture)
    complaints = Screen(env, user, "complaint_management.complaint_complaint_action", "list")
    board = Screen(env, user, "complaint_management.complaint_step_action_board")
    calendar = Screen(env, user, "complaint_management.complaint_deadline_day_action")
    cr = env.cr
    # A real reference, a phone number the desk would type: those of an open complaint
    # drawn from the middle of the table (the default filter keeps the open ones).
    cr.execute(
        "SELECT name, confidential_phone FROM complaint_complaint "
        "WHERE state NOT IN ('closed', 'archived') AND confidential_phone IS NOT NULL "
        "ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM complaint_complaint "
        "WHERE state NOT IN ('closed', 'archived') AND confidential_phone IS NOT NULL)"
    )
    reference, phone = cr.fetchone() or ("", "")
    cr.execute(
        "SELECT count(*) FILTER (WHERE title ILIKE %s), count(*) FROM complaint_complaint",
        [f"%{RARE_SUBJECT_WORD}%"],
    )
    with_word, total = cr.fetchone()
    today = date.today()
    calls = {
        "complaints_first_page": complaints.list_page,
        "search_by_reference": lambda: complaints.list_page(
            complaints.search_domain("name", reference)
        ),
        "search_by_subject_word": lambda: complaints.list_page(
            complaints.search_domain("name", RARE_SUBJECT_WORD)
        ),
        "search_by_contact_phone": lambda: complaints.list_page(
            complaints.search_domain("partner_phone", phone)
        ),
        "deadline_board": (
            board.kanban_page if board.view_type == "kanban" and board.group_by else board.list_page
        ),
        "deadline_calendar": lambda: calendar.calendar_month(today),
    }
    context = {
        "user": user.login,
        "reference": reference,
        "subject_word": RARE_SUBJECT_WORD,
        "subject_word_share": round(with_word / total, 5) if total else None,
        "board_view": board.view_type,
        "calendar_view": calendar.view_type,
    }
    return calls, context


def measure_desk_screens(env, fixture):
    """Each desk screen: median server time of 3 calls after a warm-up, SQL queries."""
    calls, context = desk_screens(env, fixture)
    results = {name: timed_screen(env, call) for name, call in calls.items()}
    context["phone_search_access_log_lines"] = access_log_lines(
        env, calls["search_by_contact_phone"]
    )
    results["searched"] = context
    return results


def access_log_lines(env, call):
    """Lines ``call()`` adds to the confidential-data access log (then rolled back)."""
    log = env["complaint.access.log"].sudo()
    before = log.search_count([])
    call()
    env.flush_all()
    added = log.search_count([]) - before
    env.cr.rollback()
    env.invalidate_all()
    return added
