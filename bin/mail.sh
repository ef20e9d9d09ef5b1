# shellcheck shell=bash
# The project's own mail servers: Debian's postfix (SMTP) and dovecot (IMAP), configured in a
# directory of their own and listening on 127.0.0.1 only, never the machine's mail set-up
# (Debian's services are neither configured nor started). Sourced after lib.sh by
# bin/mail-servers, bin/run --mail and bin/test.
#
#   mail_init INSTANCE    sets MAIL_DIR and the addresses (e.g. "run", "test")
#   mail_start            installs what is missing, writes the configuration, starts both
#                         (MAIL_FRESH=1: with empty mailboxes and queue)
#   mail_stop             stops both (by the process ids they wrote), nothing else
#   mail_print_accounts   the addresses, ports and passwords, for a person's mail client
#
# Postfix delivers the mail of two domains into maildirs that dovecot serves over IMAP:
#   the bank's ($MAIL_BANK_DOMAIN): complaints@ is the mailbox Odoo's incoming mail server
#     reads; catchall@ (replies) and bounce@ (bounces, Odoo's envelope sender) land in it too;
#   a customer's ($MAIL_CUSTOMER_DOMAIN): $MAIL_CUSTOMER_USER is a customer's mailbox.
# Any other address of those domains is accepted and then bounced (a real bounce, sent to
# the envelope sender); mail for any other domain is bounced, never relayed.

MAIL_SMTP_PORT=${COMPLAINT_SMTP_PORT:-2525}
MAIL_IMAP_PORT=${COMPLAINT_IMAP_PORT:-1143}
MAIL_BANK_DOMAIN=${COMPLAINT_MAIL_DOMAIN:-bank.example}
MAIL_CUSTOMER_DOMAIN=${COMPLAINT_CUSTOMER_DOMAIN:-customer.example}
MAIL_BANK_USER="complaints@$MAIL_BANK_DOMAIN"
MAIL_BANK_PASSWORD=${COMPLAINT_MAILBOX_PASSWORD:-complaints}
MAIL_CUSTOMER_USER="li.na@$MAIL_CUSTOMER_DOMAIN"
MAIL_CUSTOMER_PASSWORD=${COMPLAINT_CUSTOMER_PASSWORD:-customer}
# The system user that owns the mailboxes (dovecot refuses to open a mailbox as root).
MAIL_OWNER=mail

mail_ensure_packages() {
    # Installing postfix replaces the machine's mail transport agent, if it has one: refuse.
    if ! dpkg-query -W -f='${Status}' postfix 2>/dev/null | grep -q "install ok installed" \
        && [ -e /usr/sbin/sendmail ]; then
        die "this machine has a mail transport agent of its own (/usr/sbin/sendmail) and not postfix:
  installing postfix would replace it. Install postfix yourself (apt-get install postfix) if you want it."
    fi
    # No configuration for the machine's own postfix: ours runs from a directory of its own.
    if ! dpkg-query -W -f='${Status}' postfix 2>/dev/null | grep -q "install ok installed" && can_be_root; then
        echo "postfix postfix/main_mailer_type select No configuration" | as_root debconf-set-selections
    fi
    ensure_debs --no-start postfix dovecot-imapd
    PATH="$PATH:/usr/sbin"
}

# The mail servers' directory: $STATE_DIR/mail-INSTANCE, when the system users that deliver
# and read mail can reach it (not under a home directory of mode 700, such as root's); else
# a directory of ours under /var/lib, named after the state directory.
mail_init() {
    local instance=${1:-run}
    case "$instance" in ''|*[!a-z0-9_-]*) die "mail instance '$instance' is not a name" ;; esac
    MAIL_INSTANCE=$instance
    MAIL_DIR=${COMPLAINT_MAIL_DIR:-$STATE_DIR/mail-$instance}
    if [ -z "${COMPLAINT_MAIL_DIR:-}" ] && ! reachable_by_others "$STATE_DIR"; then
        MAIL_DIR="/var/lib/complaint_management/mail-$(printf %s "$STATE_DIR" | cksum | cut -d' ' -f1)-$instance"
    fi
}

mail_port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

mail_wait_port() {
    local _
    for _ in $(seq 1 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.2
    done
    return 1
}

mail_write_config() {
    local uid gid pf=$MAIL_DIR/postfix dc=$MAIL_DIR/dovecot
    uid=$(id -u "$MAIL_OWNER") gid=$(id -g "$MAIL_OWNER")
    as_root mkdir -p "$pf/etc" "$pf/queue" "$pf/data" "$dc/run" "$dc/state" "$MAIL_DIR/log" \
        "$MAIL_DIR/vmail"
    as_root chmod 755 "$MAIL_DIR" "$MAIL_DIR/log" "$pf" "$dc"
    as_root chown "$MAIL_OWNER:$MAIL_OWNER" "$MAIL_DIR/vmail"
    as_root chmod 770 "$MAIL_DIR/vmail"
    as_root chown postfix "$pf/data"

    as_root tee "$pf/etc/main.cf" >/dev/null <<EOF
# Written by bin/mail.sh: the project's own postfix, 127.0.0.1:$MAIL_SMTP_PORT only.
compatibility_level = 3.6
queue_directory = $pf/queue
data_directory = $pf/data
mail_owner = postfix
setgid_group = postdrop
syslog_name = complaint-postfix-$MAIL_INSTANCE
maillog_file = $MAIL_DIR/log/postfix.log
maillog_file_prefixes = $MAIL_DIR/log
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = mail.$MAIL_BANK_DOMAIN
mydomain = $MAIL_BANK_DOMAIN
myorigin = \$myhostname
mynetworks = 127.0.0.0/8
# Nothing for the machine's users, nothing relayed: only the two domains below.
mydestination =
relay_domains =
relayhost =
alias_maps =
alias_database =
local_transport = error:5.1.1 no local mailboxes on this test mail server
default_transport = error:5.7.1 this test mail server delivers only to $MAIL_BANK_DOMAIN and $MAIL_CUSTOMER_DOMAIN
relay_transport = \$default_transport
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
# Unknown addresses are accepted, then bounced to the sender: a real bounce.
smtpd_reject_unlisted_recipient = no
virtual_mailbox_domains = $MAIL_BANK_DOMAIN $MAIL_CUSTOMER_DOMAIN
virtual_mailbox_base = $MAIL_DIR/vmail
virtual_mailbox_maps = texthash:$pf/etc/mailboxes
virtual_alias_maps = texthash:$pf/etc/aliases
virtual_uid_maps = static:$uid
virtual_gid_maps = static:$gid
virtual_minimum_uid = $uid
biff = no
smtputf8_enable = no
message_size_limit = 51200000
virtual_mailbox_limit = 51200000
maximal_queue_lifetime = 1h
bounce_queue_lifetime = 1h
EOF
    as_root tee "$pf/etc/master.cf" >/dev/null <<EOF
# Written by bin/mail.sh. service type private unpriv chroot wakeup maxproc command
127.0.0.1:$MAIL_SMTP_PORT inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
proxywrite unix - - n - 1 proxymap
smtp      unix  - - n - - smtp
relay     unix  - - n - - smtp
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
local     unix  - n n - - local
virtual   unix  - n n - - virtual
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
    as_root tee "$pf/etc/mailboxes" >/dev/null <<EOF
$MAIL_BANK_USER $MAIL_BANK_DOMAIN/complaints/
$MAIL_CUSTOMER_USER $MAIL_CUSTOMER_DOMAIN/${MAIL_CUSTOMER_USER%@*}/
EOF
    as_root tee "$pf/etc/aliases" >/dev/null <<EOF
catchall@$MAIL_BANK_DOMAIN $MAIL_BANK_USER
bounce@$MAIL_BANK_DOMAIN $MAIL_BANK_USER
EOF

    as_root tee "$dc/dovecot.conf" >/dev/null <<EOF
# Written by bin/mail.sh: the project's own dovecot, IMAP on 127.0.0.1:$MAIL_IMAP_PORT only.
instance_name = complaint-dovecot-$MAIL_INSTANCE
base_dir = $dc/run
state_dir = $dc/state
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = $MAIL_DIR/log/dovecot.log
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = $uid
mail_location = maildir:$MAIL_DIR/vmail/%d/%n
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dc/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $dc/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $MAIL_IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
    as_root tee "$dc/users" >/dev/null <<EOF
$MAIL_BANK_USER:{PLAIN}$MAIL_BANK_PASSWORD:$uid:$gid::$MAIL_DIR/vmail/$MAIL_BANK_DOMAIN/complaints::
$MAIL_CUSTOMER_USER:{PLAIN}$MAIL_CUSTOMER_PASSWORD:$uid:$gid::$MAIL_DIR/vmail/$MAIL_CUSTOMER_DOMAIN/${MAIL_CUSTOMER_USER%@*}::
EOF
    as_root chown "root:dovecot" "$dc/users"
    as_root chmod 640 "$dc/users"
}

mail_log_tail() {
    as_root tail -n 15 "$1" 2>/dev/null | sed 's/^/    /' >&2 || true
}

mail_start() {
    can_be_root || die "the mail servers need root (postfix starts as root): run as root or with passwordless sudo."
    mail_ensure_packages
    mail_stop quiet
    local port
    for port in "$MAIL_SMTP_PORT" "$MAIL_IMAP_PORT"; do
        mail_port_free "$port" || die "port 127.0.0.1:$port is taken (another bin/run --mail?):
  choose others with COMPLAINT_SMTP_PORT and COMPLAINT_IMAP_PORT."
    done
    if [ "${MAIL_FRESH:-0}" = 1 ] && [ -d "$MAIL_DIR" ]; then
        # Empty mailboxes and queue: a test starts from nothing.
        as_root rm -rf "$MAIL_DIR/vmail" "$MAIL_DIR/postfix/queue"
    fi
    mail_write_config
    : | as_root tee "$MAIL_DIR/log/dovecot.log" "$MAIL_DIR/log/postfix.log" >/dev/null

    # The daemons get no descriptor of ours: a caller reading our output (a pipe) would
    # otherwise wait for them to end.
    as_root dovecot -c "$MAIL_DIR/dovecot/dovecot.conf" </dev/null >"$MAIL_DIR/log/dovecot-start.err" 2>&1 \
        || { cat "$MAIL_DIR/log/dovecot-start.err" >&2; mail_log_tail "$MAIL_DIR/log/dovecot.log"; die "dovecot did not start (configuration $MAIL_DIR/dovecot/dovecot.conf, log above)"; }
    mail_wait_port "$MAIL_IMAP_PORT" \
        || { mail_log_tail "$MAIL_DIR/log/dovecot.log"; mail_stop quiet; die "dovecot does not answer on 127.0.0.1:$MAIL_IMAP_PORT (log above)"; }

    if ! as_root postfix -c "$MAIL_DIR/postfix/etc" start </dev/null >/dev/null 2>&1; then
        # postfix prints its reasons only to a terminal (else to its log): give "check" one.
        as_root script -qec "postfix -c '$MAIL_DIR/postfix/etc' check" /dev/null </dev/null >&2 || true
        mail_log_tail "$MAIL_DIR/log/postfix.log"
        mail_stop quiet
        die "postfix did not start (configuration $MAIL_DIR/postfix/etc, messages above)"
    fi
    mail_wait_port "$MAIL_SMTP_PORT" \
        || { mail_log_tail "$MAIL_DIR/log/postfix.log"; mail_stop quiet; die "postfix does not answer on 127.0.0.1:$MAIL_SMTP_PORT (log above)"; }
    say "mail servers up: SMTP 127.0.0.1:$MAIL_SMTP_PORT (postfix), IMAP 127.0.0.1:$MAIL_IMAP_PORT (dovecot), in $MAIL_DIR"
}

# Stops the servers of MAIL_DIR, each by the process id it wrote; "quiet": say nothing when
# none ran.
mail_stop() {
    local quiet=${1:-} pid stopped=0 _
    [ -d "$MAIL_DIR" ] || { [ -n "$quiet" ] || say "no mail servers in $MAIL_DIR"; return 0; }
    PATH="$PATH:/usr/sbin"
    if [ -f "$MAIL_DIR/postfix/etc/main.cf" ] && as_root test -f "$MAIL_DIR/postfix/queue/pid/master.pid"; then
        pid=$(as_root cat "$MAIL_DIR/postfix/queue/pid/master.pid" | tr -d ' ')
        if [ -n "$pid" ] && as_root kill -0 "$pid" 2>/dev/null; then
            as_root postfix -c "$MAIL_DIR/postfix/etc" stop </dev/null >/dev/null 2>&1 || as_root kill -TERM "$pid" 2>/dev/null || true
            stopped=1
            for _ in $(seq 1 50); do as_root kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
    fi
    if as_root test -f "$MAIL_DIR/dovecot/run/master.pid"; then
        pid=$(as_root cat "$MAIL_DIR/dovecot/run/master.pid" | tr -d ' ')
        if [ -n "$pid" ] && as_root kill -0 "$pid" 2>/dev/null; then
            as_root kill -TERM "$pid" 2>/dev/null || true
            stopped=1
            for _ in $(seq 1 50); do as_root kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        fi
    fi
    if [ "$stopped" = 1 ]; then say "mail servers of $MAIL_DIR stopped"
    elif [ -z "$quiet" ]; then say "no mail servers were running in $MAIL_DIR"
    fi
}

mail_print_accounts() {
    cat >&2 <<EOF

  Mail servers (127.0.0.1 only; no password needed to send from this machine):
    SMTP  127.0.0.1:$MAIL_SMTP_PORT  (postfix)   IMAP  127.0.0.1:$MAIL_IMAP_PORT  (dovecot, no TLS)
    complaint mailbox  $MAIL_BANK_USER   password $MAIL_BANK_PASSWORD   (Odoo reads it)
    customer mailbox   $MAIL_CUSTOMER_USER    password $MAIL_CUSTOMER_PASSWORD
  Mail to other addresses of $MAIL_BANK_DOMAIN or $MAIL_CUSTOMER_DOMAIN bounces; nothing leaves the machine.
EOF
}

# Points database $1 (served with Odoo configuration $2) at these servers, as an
# administrator does in Settings: the main company's mail domain ($MAIL_BANK_DOMAIN, with its
# complaint mailbox complaints@), an outgoing mail server (SMTP) and an incoming mail server
# (IMAP, the complaint mailbox) fetched every minute, and the mail queue sent every minute.
# Re-running updates them.
mail_configure_odoo() {
    local db=$1 conf=$2
    MAIL_SMTP_PORT=$MAIL_SMTP_PORT MAIL_IMAP_PORT=$MAIL_IMAP_PORT MAIL_BANK_DOMAIN=$MAIL_BANK_DOMAIN \
    MAIL_BANK_USER=$MAIL_BANK_USER MAIL_BANK_PASSWORD=$MAIL_BANK_PASSWORD \
        odoo_cli shell -c "$conf" -d "$db" --no-http --log-level=warn >/dev/null <<'PY' \
        || die "could not configure the mail servers in database $db (see the lines above)"
import os
from odoo import fields
E = os.environ
company = env.ref("base.main_company")
Domain = env["mail.alias.domain"]
domain = Domain.search([("name", "=", E["MAIL_BANK_DOMAIN"])], limit=1) or Domain.create(
    {"name": E["MAIL_BANK_DOMAIN"]}
)
company.alias_domain_id = domain
alias = company.complaint_alias_id
if alias.alias_domain_id != domain or alias.alias_name != "complaints":
    env["mail.alias"].search(
        [("alias_name", "=", "complaints"), ("alias_domain_id", "=", domain.id), ("id", "!=", alias.id)]
    ).alias_name = "complaints-%s" % company.id
    alias.write({"alias_domain_id": domain.id, "alias_name": "complaints"})
name = "Complaint demo mail server (bin/run --mail)"
smtp = {"name": name, "smtp_host": "127.0.0.1", "smtp_port": int(E["MAIL_SMTP_PORT"]),
        "smtp_encryption": "none", "smtp_user": False, "smtp_pass": False, "sequence": 1}
server = env["ir.mail_server"].search([("name", "=", name)], limit=1)
server.write(smtp) if server else env["ir.mail_server"].create(smtp)
imap = {"name": name, "server_type": "imap", "server": "127.0.0.1", "port": int(E["MAIL_IMAP_PORT"]),
        "is_ssl": False, "user": E["MAIL_BANK_USER"], "password": E["MAIL_BANK_PASSWORD"], "attach": True}
fetch = env["fetchmail.server"].search([("name", "=", name)], limit=1)
if fetch:
    fetch.set_draft()
    fetch.write(imap)
else:
    fetch = env["fetchmail.server"].create(imap)
fetch.button_confirm_login()
# The demo's person sees the mailbox fetched and the queue sent within a minute.
for xmlid in ("mail.ir_cron_mail_gateway_action", "mail.ir_cron_mail_scheduler_action"):
    env.ref(xmlid).write(
        {"active": True, "interval_number": 1, "interval_type": "minutes", "nextcall": fields.Datetime.now()}
    )
env.cr.commit()
PY
    say "database $db: mail domain $MAIL_BANK_DOMAIN, outgoing mail through 127.0.0.1:$MAIL_SMTP_PORT, the complaint mailbox fetched from 127.0.0.1:$MAIL_IMAP_PORT and the mail queue sent every minute"
}
