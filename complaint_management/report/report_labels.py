"""Labels of the printed forms (the handling slip, the monthly report) in the company's
language, with the English beneath each of them when the company prints bilingual forms,
as Chinese banks print theirs. The content stays as written."""

from markupsafe import Markup, escape

from odoo.tools import format_date, format_datetime


def company_lang(env, company):
    """The language a company's forms are printed in."""
    return company.partner_id.lang or env.lang or "en_US"


def label_function(env, company, labels):
    """A function ``(key, inline=False) -> Markup`` giving the label ``labels[key]`` (lazy
    translations) in the company's language, with its English beneath (or beside, inline)
    when the company prints bilingual forms and its language is not English."""
    lang = company_lang(env, company)
    local = env(context=dict(env.context, lang=lang))
    english = env(context=dict(env.context, lang="en_US"))
    bilingual = company.complaint_slip_bilingual and not lang.startswith("en")
    cache = {}

    def label(key, inline=False):
        if (key, inline) not in cache:
            text = local._(labels[key])
            if bilingual:
                layout = "ms-1" if inline else "d-block"
                cache[key, inline] = Markup('%s<span class="o_complaint_label_en %s">%s</span>') % (
                    text,
                    layout,
                    english._(labels[key]),
                )
            else:
                cache[key, inline] = escape(text)
        return cache[key, inline]

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
