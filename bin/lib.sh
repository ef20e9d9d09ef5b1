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
#   setup_odoo COMMAND [--test-tools] [--addons DIR]... [DEBIAN-PACKAGE...]
# Finds Odoo 18.0, installs the Debian packages given (and, with --test-tools, the pinned
# Python tools of requirements-test.txt), makes sure PostgreSQL answers, then writes
# $STATE_DIR/COMMAND.conf, the command's own Odoo configuration (with each --addons DIR at
# the end of the addons path), and sets ODOO_CONF to it. No command writes another's file.
setup_odoo() {
    [ $# -ge 1 ] || die "setup_odoo: name the command (run, test, bench, i18n)"
    local name=$1 test_tools=0 extra_addons=() debs=()
    shift
    case "$name" in
        ''|*[!a-z0-9_-]*) die "setup_odoo: '$name' is not a command name" ;;
    esac
    while [ $# -gt 0 ]; do
        case "$1" in
            --test-tools) test_tools=1 ;;
            --addons) [ $# -ge 2 ] || die "setup_odoo: --addons needs a directory"
                      extra_addons+=("$2"); shift ;;
            *) debs+=("$1") ;;
        esac
        shift
    done
    find_odoo
    ensure_debs "${debs[@]}"
    [ "$test_tools" = 0 ] || ensure_python_packages "$REPO_ROOT/requirements-test.txt"
    ensure_postgres
    local dir
    for dir in "${extra_addons[@]}"; do
        ODOO_ADDONS_PATH="$ODOO_ADDONS_PATH,$dir"
    done
    ODOO_CONF="$STATE_DIR/$name.conf"
    write_odoo_conf "$ODOO_CONF"
}
