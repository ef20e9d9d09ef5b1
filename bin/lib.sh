# shellcheck shell=bash
# Shared set-up for bin/run, bin/test and bin/bench: finds Odoo 18.0, installs the
# missing Debian and Python packages, makes sure a PostgreSQL server and a database
# role exist, and writes an Odoo configuration file. Sourced, never executed.

set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ADDON=complaint_management
PYTHON=${PYTHON:-python3}
STATE_DIR=${COMPLAINT_STATE_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/complaint_management}
ODOO_CONF="$STATE_DIR/odoo.conf"
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
# Order: an Odoo 18.0 importable by $PYTHON; a source tree named by ODOO_SRC; else stop.
find_odoo() {
    local probe='import odoo.release as r, sys; sys.exit(0 if tuple(r.version_info[:2]) == (18, 0) else 3)'
    local installed=0
    "$PYTHON" -c "$probe" 2>/dev/null || installed=$?
    if [ "$installed" = 0 ]; then
        ODOO_ORIGIN="installed"
    elif [ "$installed" = 3 ] && [ -z "${ODOO_SRC:-}" ]; then
        die "$PYTHON imports an Odoo that is not 18.0; this addon needs Odoo 18.0 Community (or set ODOO_SRC to an 18.0 source tree)."
    elif [ -n "${ODOO_SRC:-}" ]; then
        [ -f "$ODOO_SRC/odoo/release.py" ] || die "ODOO_SRC=$ODOO_SRC is not an Odoo source tree (no odoo/release.py in it)."
        export PYTHONPATH="$ODOO_SRC${PYTHONPATH:+:$PYTHONPATH}"
        local rc=0
        "$PYTHON" -c "$probe" 2>/tmp/complaint_odoo_probe.$$ || rc=$?
        if [ "$rc" = 3 ]; then
            rm -f /tmp/complaint_odoo_probe.$$
            die "ODOO_SRC=$ODOO_SRC holds an Odoo that is not 18.0; this addon needs Odoo 18.0 Community."
        elif [ "$rc" != 0 ]; then
            local why; why=$(tail -n 1 /tmp/complaint_odoo_probe.$$); rm -f /tmp/complaint_odoo_probe.$$
            die "ODOO_SRC=$ODOO_SRC cannot be imported by $PYTHON ($why). Install Odoo's Python requirements first: $PYTHON -m pip install -r $ODOO_SRC/requirements.txt"
        fi
        rm -f /tmp/complaint_odoo_probe.$$
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
ensure_debs() {
    local missing=() pkg
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
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || die "apt-get install ${missing[*]} failed"
}

# ---------------------------------------------------------------- Python packages
# Installs the pinned packages of a requirements file that are missing or at another version.
ensure_python_packages() {
    local reqfile=$1 missing
    missing=$("$PYTHON" - "$reqfile" <<'EOF'
import re, sys
from importlib import metadata
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, _, version = line.partition("==")
    try:
        if metadata.version(name) != version:
            print(line)
    except metadata.PackageNotFoundError:
        print(line)
EOF
)
    [ -z "$missing" ] && return 0
    say "installing Python packages: $(echo "$missing" | tr '\n' ' ')"
    local args=(-m pip install --quiet --disable-pip-version-check)
    local purelib; purelib=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    [ -w "$purelib" ] || args+=(--user)
    # Debian's system python refuses pip without this flag (PEP 668); we only add pinned tools.
    if "$PYTHON" -c 'import sys, sysconfig, os; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_paths()["stdlib"], "EXTERNALLY-MANAGED")) else 1)'; then
        args+=(--break-system-packages)
    fi
    # shellcheck disable=SC2086
    "$PYTHON" "${args[@]}" $missing 2>&1 | grep -v "Location 'file" | grep -v "as the 'root' user" >&2 || true
    missing=$("$PYTHON" - "$reqfile" <<'EOF'
import sys
from importlib import metadata
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if line:
        name, _, version = line.partition("==")
        try:
            assert metadata.version(name) == version
        except Exception:
            print(line)
EOF
)
    [ -z "$missing" ] || die "could not install: $missing"
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
        local i
        for i in $(seq 1 30); do
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
# Several commands may run at once and share this file: write a copy, then rename it over
# the old one, so that an Odoo starting meanwhile never reads a half-written file.
write_odoo_conf() {
    mkdir -p "$STATE_DIR"
    cat > "$ODOO_CONF.$$" <<EOF
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
    mv -f "$ODOO_CONF.$$" "$ODOO_CONF"
}

setup_common() {
    find_odoo
    ensure_postgres
    write_odoo_conf
}
