"""The customer's side: portal pages and mails through the mail gateway."""

import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from statistics import median

from fixture import SENTENCES, TITLES
from measuring import QueryTracer
from pytz import utc
from werkzeug.test import Client

import odoo
from odoo import Command

# Requests timed per portal page (after two warm-up requests: templates, assets), and the
# target server time of each (issue 14).
PORTAL_SAMPLES = 20
PORTAL_TARGET_SECONDS = 0.2
# Incoming mails processed by the mail gateway, from as many different senders (Odoo's loop
# detection refuses a sender who opens 20 complaints within two hours).
INTAKE_MAILS = 500
# Target (issue 25): a mail that opens a complaint in at most 40 queries.
INTAKE_TARGET_QUERIES = 40
INTAKE_DOMAIN = "bench.example.com"
PDF_EVIDENCE = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


# ====================================================================== the customer's side
def setup_customer_side(env, fixture):
    """The company's complaint mailbox on a mail domain, and a portal user for the customer
    with the most complaints. Returns the user and one of their complaints."""
    company = fixture["company"]
    company.alias_domain_id = env["mail.alias.domain"].create({"name": INTAKE_DOMAIN})
    company._complaint_ensure_alias()
    env.cr.execute(
        "SELECT partner_id, count(*) FROM complaint_complaint "
        "GROUP BY partner_id ORDER BY count(*) DESC, partner_id LIMIT 1"
    )
    partner_id, _count = env.cr.fetchone()
    user = (
        env["res.users"]
        .with_context(no_reset_password=True)
        .create(
            {
                "login": "bench_portal",
                "password": "bench_portal",
                "partner_id": partner_id,
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
                "groups_id": [Command.set([env.ref("base.group_portal").id])],
            }
        )
    )
    complaint = env["complaint.complaint"].search([("partner_id", "=", partner_id)], limit=1)
    env.cr.commit()
    return user, complaint


def time_portal(db, login, complaint, samples=PORTAL_SAMPLES):
    """Server time of a customer's portal list and complaint page: each request handled by
    Odoo's WSGI application in this thread (routing, access checks, rendering, its own
    cursor and commit), its SQL queries counted; median and worst of ``samples`` requests
    after two warm-up requests (template compilation, asset bundles)."""
    client = Client(odoo.http.root)
    environ = {"REMOTE_ADDR": "127.0.0.1"}
    auth = client.post(
        "/web/session/authenticate",
        environ_base=environ,
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": db, "login": login, "password": login},
        },
    )
    if auth.status_code != 200 or "error" in auth.get_json():
        raise RuntimeError(f"portal login failed: {auth.get_data(as_text=True)[:500]}")

    def timed(url):
        for _i in range(2):
            client.get(url, environ_base=environ)
        seconds, queries = [], []
        for _i in range(samples):
            tracer = QueryTracer()
            with tracer:
                start = time.perf_counter()
                response = client.get(url, environ_base=environ)
                seconds.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
            queries.append(tracer.count)
        return {
            "url": url,
            "requests": samples,
            "median_seconds": round(median(seconds), 4),
            "max_seconds": round(max(seconds), 4),
            "sql_queries": int(median(queries)),
        }

    return {
        "complaints_of_the_customer": complaint.search_count(
            [("partner_id", "=", complaint.partner_id.id)]
        ),
        "list": timed("/my/complaints"),
        "page": timed(f"/my/complaints/{complaint.id}"),
    }


def intake_mail(rng, partner, mailbox, index, now):
    """A new complaint by mail, as a customer's mail client writes it (one in five with a
    PDF attached)."""
    msg = EmailMessage()
    msg["From"] = f"{partner.name} <{partner.email}>"
    msg["To"] = mailbox
    msg["Subject"] = rng.choice(TITLES)
    msg["Date"] = format_datetime(utc.localize(now - timedelta(minutes=rng.randint(1, 120))))
    msg["Message-ID"] = make_msgid(idstring=f"bench{index}", domain="example.com")
    msg.set_content("\n\n".join(rng.sample(SENTENCES, rng.randint(1, 3))))
    if index % 5 == 0:
        msg.add_attachment(
            PDF_EVIDENCE, maintype="application", subtype="pdf", filename="statement.pdf"
        )
    return msg.as_bytes()


def time_intake(env, rng, fixture, count=INTAKE_MAILS):
    """``count`` mails to the complaint mailbox through the mail gateway, one commit per
    mail as fetchmail does; per-mail wall time and SQL queries."""
    cr = env.cr
    mailbox = fixture["company"]._complaint_mailbox()
    partners = env["res.partner"].browse(fixture["partner_ids"][:count])
    now = datetime.utcnow()
    raws = [intake_mail(rng, partners[i % len(partners)], mailbox, i, now) for i in range(count)]
    env.cr.execute("SELECT count(*) FROM complaint_complaint")
    before = cr.fetchone()[0]
    gateway = env["mail.thread"].with_context(fetchmail_cron_running=True)
    seconds, queries = [], 0
    for raw in raws:
        start_queries = cr.sql_log_count
        start = time.perf_counter()
        gateway.message_process(None, raw)
        cr.commit()
        seconds.append(time.perf_counter() - start)
        queries += cr.sql_log_count - start_queries
        env.invalidate_all()
    cr.execute("SELECT count(*) FROM complaint_complaint")
    opened = cr.fetchone()[0] - before
    return {
        "mails": count,
        "complaints_opened": opened,
        "seconds": round(sum(seconds), 2),
        "ms_per_mail": round(1000 * sum(seconds) / count, 1),
        "ms_per_mail_median": round(1000 * median(seconds), 1),
        "queries_per_mail": round(queries / count, 1),
    }
