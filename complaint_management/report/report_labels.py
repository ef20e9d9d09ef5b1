"""Labels of the printed forms (the handling slip, the monthly report) in the company's
language, with the English beneath each of them when the company prints bilingual forms,
as Chinese banks print theirs. The content stays as written."""

from markupsafe import Markup, escape

from odoo.tools import format_date, format_datetime


def company_lang(env, company):
    """The language a company's forms are printed in."""
    return company.partner_id.lang or env.lang or "en_US"


def label_function(env, company, labels):
    """A function ``key -> Markup`` giving the label ``labels[key]`` (lazy translations) in
    the company's language, followed by its English when the company prints bilingual
    forms (and its language is not English)."""
    lang = company_lang(env, company)
    local = env(context=dict(env.context, lang=lang))
    english = env(context=dict(env.context, lang="en_US"))
    bilingual = company.complaint_slip_bilingual and not lang.startswith("en")
    cache = {}

    def label(key):
        if key not in cache:
            text = local._(labels[key])
            if bilingual:
                cache[key] = Markup('%s<span class="o_complaint_label_en d-block">%s</span>') % (
                    text,
                    english._(labels[key]),
                )
            else:
                cache[key] = escape(text)
        return cache[key]

    return label


def datetime_function(env, company, tz):
    """A function formatting a naive-UTC datetime in ``tz``, the way the company reads it."""
    lang = company_lang(env, company)

    def fmt(value):
        if not value:
            return ""
        return format_datetime(env, value, tz=tz, dt_format="yyyy-MM-dd HH:mm", lang_code=lang)

    return fmt


def date_function(env, company):
    lang = company_lang(env, company)

    def fmt(value):
        return format_date(env, value, lang_code=lang, date_format="yyyy-MM-dd") if value else ""

    return fmt
