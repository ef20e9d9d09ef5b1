"""Checks of the repository's set-up that are not addon tests.

* The addon installs, upgrades and uninstalls cleanly on a fresh database of its own (not
  the throwaway database bin/test gives pytest-odoo): Odoo is run as a subprocess, exactly
  as an administrator would, and its log must not hold a WARNING, ERROR or CRITICAL line.
* bin/lib.sh explains clearly why it cannot find Odoo 18.0, finds the one installed, and
  leaves no file behind while looking.
* Each command has an Odoo configuration file of its own: bin/test never rewrites the one
  bin/run serves with.
* .ci/run runs bin/test.

These tests run in bin/test's pytest session, but also alone (bin/test's configuration,
test.conf, is then written by bin/lib.sh's setup_odoo):
``python3 -m pytest -p no:odoo tests/test_setup.py``.
"""

import configparser
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ADDON = "complaint_management"
# Odoo writes this to stderr itself (odoo/cli/server.py), outside the logging system.
ROOT_WARNING = "Running as user 'root' is a security risk."
# An Odoo log line: "2024-01-31 12:00:00,123 4242 WARNING dbname logger: message".
BAD_LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?:WARNING|ERROR|CRITICAL) .*$", re.MULTILINE
)
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ [A-Z]+ ")
ODOO_TIMEOUT = 1800  # seconds; an install takes about a minute on an idle machine


# ---------------------------------------------------------------- helpers


def _setup_odoo(command, **env):
    """Run bin/lib.sh's ``setup_odoo COMMAND`` in a shell of its own; returns the result,
    whose last line of output is the configuration file it wrote."""
    return subprocess.run(
        ["bash", "-c", 'source bin/lib.sh; setup_odoo "$1"; echo "$ODOO_CONF"', "bash", command],
        cwd=REPO,
        env={**os.environ, "PYTHON": sys.executable, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _odoo_conf_path():
    """bin/test's own configuration: the one it names in COMPLAINT_ODOO_CONF, or, when these
    tests run alone, the one bin/lib.sh's set-up writes for the test command."""
    conf = os.environ.get("COMPLAINT_ODOO_CONF")
    if conf:
        return Path(conf)
    setup = _setup_odoo("test")
    assert setup.returncode == 0, f"bin/lib.sh could not set up Odoo:\n{setup.stderr}"
    return Path(setup.stdout.strip().splitlines()[-1])


def _pg_env(options):
    """The environment psql and dropdb need to reach the server Odoo is configured for."""
    env = dict(os.environ)
    for key, var in (
        ("db_host", "PGHOST"),
        ("db_port", "PGPORT"),
        ("db_user", "PGUSER"),
        ("db_password", "PGPASSWORD"),
    ):
        value = options.get(key, "False")
        if value and value != "False":
            env[var] = value
    return env


def _psql(setup, sql):
    result = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", setup["db"], "-tAc", sql],
        env=setup["pg_env"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"psql failed on {sql!r}:\n{result.stderr}"
    return result.stdout.strip()


def _run_odoo(setup, args, logfile, stdin=None):
    """Run Odoo's command line (``python -m odoo ARGS``) with our configuration and database."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            *args,
            "-c",
            str(setup["conf"]),
            "-d",
            setup["db"],
            "--log-level=info",
            f"--logfile={logfile}",
        ],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=ODOO_TIMEOUT,
        check=False,
    )


def _problems(log_text):
    """The WARNING/ERROR/CRITICAL lines of an Odoo log, each with the first line of its
    continuation (e.g. PostgreSQL's reason for a "bad query"), and any traceback."""
    problems = []
    lines = log_text.splitlines()
    for index, line in enumerate(lines):
        if BAD_LOG_LINE.match(line):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            detail = following if following and not LOG_LINE.match(following) else ""
            problems.append(f"{line}\n    {detail}" if detail else line)
    if "Traceback (most recent call last)" in log_text:
        problems.append("(the log holds a Python traceback)")
    return problems


def _assert_clean(step, result, logfile, allowed_stderr=()):
    log_text = logfile.read_text(encoding="utf-8", errors="replace")
    report = f"--- stdout:\n{result.stdout}\n--- stderr:\n{result.stderr}\n--- log: {logfile}"
    assert result.returncode == 0, f"{step} exited with {result.returncode}\n{report}"
    problems = _problems(log_text)
    assert not problems, f"{step} logged problems:\n" + "\n".join(problems[:40]) + f"\n{report}"
    stderr = [
        line for line in result.stderr.splitlines() if line.strip() and line not in allowed_stderr
    ]
    assert not stderr, f"{step} wrote to stderr:\n" + "\n".join(stderr[:40])
    assert "Traceback" not in result.stdout, f"{step} printed a traceback:\n{result.stdout}"
    return log_text


def _module_state(setup):
    return _psql(setup, f"SELECT state FROM ir_module_module WHERE name = '{ADDON}'")


# ---------------------------------------------------------------- a database of our own


@pytest.fixture(scope="module")
def odoo_setup(tmp_path_factory):
    """A fresh database (dropped afterwards, with its filestore) and a private copy of
    bin/test's Odoo configuration: another bin/test may rewrite test.conf while we run."""
    work = tmp_path_factory.mktemp("setup")
    conf = work / "odoo.conf"
    shutil.copyfile(_odoo_conf_path(), conf)
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(conf)
    options = dict(parser["options"])
    assert options.get("data_dir"), f"{conf} names no data_dir"
    db = f"cm_setup_{os.getpid()}"
    setup = {
        "conf": conf,
        "db": db,
        "work": work,
        "pg_env": _pg_env(options),
        "filestore": Path(options["data_dir"]) / "filestore" / db,
        "installed": None,  # set by the install step
    }
    drop = ["dropdb", "--if-exists", "--force", db]
    subprocess.run(drop, env=setup["pg_env"], capture_output=True, timeout=120, check=False)
    try:
        yield setup
    finally:
        dropped = subprocess.run(
            drop, env=setup["pg_env"], capture_output=True, text=True, timeout=300, check=False
        )
        shutil.rmtree(setup["filestore"], ignore_errors=True)
        assert dropped.returncode == 0, f"could not drop {db}: {dropped.stderr}"


@pytest.fixture(scope="module")
def installed(odoo_setup):
    """Install the addon once for the module's tests; returns the install's result."""
    logfile = odoo_setup["work"] / "install.log"
    result = _run_odoo(odoo_setup, ["-i", ADDON, "--stop-after-init"], logfile)
    return odoo_setup, result, logfile


def _require_installed(setup):
    state = _module_state(setup)
    if state != "installed":
        pytest.fail(
            f"{ADDON} is not installed in {setup['db']} (state {state!r}): see the install test"
        )


# ---------------------------------------------------------------- install, upgrade, uninstall


def test_install_is_clean(installed):
    setup, result, logfile = installed
    root = os.geteuid() == 0
    log_text = _assert_clean("installing", result, logfile, (ROOT_WARNING,) if root else ())
    assert f"Loading module {ADDON} " in log_text, "the log does not show the addon loading"
    assert ROOT_WARNING not in log_text, "Odoo's stderr warning ended up in the log file"
    if root:
        assert ROOT_WARNING in result.stderr, "as root, Odoo should warn on stderr"
    assert _module_state(setup) == "installed"
    assert int(_psql(setup, "SELECT count(*) FROM complaint_complaint")) > 0, (
        "the demo complaints were not loaded"
    )


def test_upgrade_is_clean(installed):
    setup, _install, _log = installed
    _require_installed(setup)
    logfile = setup["work"] / "upgrade.log"
    result = _run_odoo(setup, ["-u", ADDON, "--stop-after-init"], logfile)
    root = (ROOT_WARNING,) if os.geteuid() == 0 else ()
    log_text = _assert_clean("upgrading", result, logfile, root)
    assert f"Loading module {ADDON} " in log_text
    assert f"module {ADDON}: creating or updating database tables" in log_text, (
        "the addon was not upgraded"
    )
    assert _module_state(setup) == "installed"


UNINSTALL_SCRIPT = f"""
module = env["ir.module.module"].search([("name", "=", "{ADDON}")])
module.button_immediate_uninstall()
env.cr.commit()
print("uninstall finished:", module.state)
"""


def test_uninstall_is_clean(installed):
    setup, _install, _log = installed
    _require_installed(setup)
    logfile = setup["work"] / "uninstall.log"
    result = _run_odoo(setup, ["shell", "--no-http"], logfile, stdin=UNINSTALL_SCRIPT)
    assert "uninstall finished: uninstalled" in result.stdout, (
        f"the uninstall script did not finish:\n{result.stdout}\n{result.stderr}"
    )
    assert _module_state(setup) == "uninstalled"
    tables = _psql(
        setup,
        "SELECT string_agg(tablename, ', ') FROM pg_tables "
        "WHERE schemaname = 'public' AND tablename LIKE 'complaint\\_%'",
    )
    assert not tables, f"tables left behind by the uninstall: {tables}"
    models = _psql(
        setup, "SELECT string_agg(model, ', ') FROM ir_model WHERE model LIKE 'complaint.%'"
    )
    assert not models, f"models left behind by the uninstall: {models}"
    # Odoo keeps the external id of a record it could not delete (e.g. still referenced).
    xmlids = _psql(
        setup,
        "SELECT string_agg(name || ' (' || model || ')', ', ') FROM ir_model_data "
        f"WHERE module = '{ADDON}'",
    )
    assert not xmlids, f"records of {ADDON} left behind by the uninstall: {xmlids}"
    # Last, so that a failure here means the uninstall worked but was noisy: typically
    # demo records without an external id that still point at the addon's records.
    _assert_clean("uninstalling", result, logfile)


# ---------------------------------------------------------------- Odoo discovery (bin/lib.sh)


@pytest.fixture(scope="module")
def bare_python(tmp_path_factory):
    """A python that cannot import Odoo nor its requirements."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300
    )
    return venv / "bin" / "python"


def _odoo_source():
    """The directory holding the odoo package this test runs with (an Odoo source tree)."""
    spec = importlib.util.find_spec("odoo")
    for location in spec.submodule_search_locations if spec else ():
        root = Path(location).parent
        if (root / "odoo" / "release.py").is_file():
            return root
    return Path("/opt/odoo18")


def _find_odoo(python, **env):
    """Source bin/lib.sh and call find_odoo with PYTHON=python and the given variables."""
    environ = {k: v for k, v in os.environ.items() if k not in ("ODOO_SRC", "PYTHONPATH", "PYTHON")}
    environ.update(PYTHON=str(python), **env)
    return subprocess.run(
        ["bash", "-c", "source bin/lib.sh; find_odoo"],
        cwd=REPO,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _fake_odoo(root, version):
    """A directory that looks like an Odoo source tree of the given version, without addons."""
    (root / "odoo").mkdir(parents=True)
    (root / "odoo" / "__init__.py").write_text("")
    (root / "odoo" / "release.py").write_text(f"version_info = {version!r}\n")
    return root


def test_find_odoo_explains_that_odoo_is_missing(bare_python):
    result = _find_odoo(bare_python)
    assert result.returncode != 0
    assert "Odoo 18.0 was not found" in result.stderr
    assert "ODOO_SRC" in result.stderr
    assert f"{bare_python} -m pip install -e <odoo-src>" in result.stderr
    assert "requirements.txt" in result.stderr


def test_find_odoo_rejects_a_directory_that_is_not_odoo(bare_python):
    result = _find_odoo(bare_python, ODOO_SRC="/nonexistent")
    assert result.returncode != 0
    assert "ODOO_SRC=/nonexistent is not an Odoo source tree" in result.stderr


def test_find_odoo_asks_for_the_requirements_of_a_source_tree(bare_python):
    source = _odoo_source()
    result = _find_odoo(bare_python, ODOO_SRC=str(source))
    assert result.returncode != 0
    assert f"ODOO_SRC={source} cannot be imported by {bare_python}" in result.stderr
    # The reason is the import error itself, e.g. "No module named 'babel'".
    assert "No module named" in result.stderr
    assert f"{bare_python} -m pip install -r {source}/requirements.txt" in result.stderr


def test_find_odoo_rejects_another_odoo_version(bare_python, tmp_path):
    old = _fake_odoo(tmp_path / "odoo17", (17, 0, 0, "final", 0))
    result = _find_odoo(bare_python, ODOO_SRC=str(old))
    assert result.returncode != 0
    assert f"ODOO_SRC={old} holds an Odoo that is not 18.0" in result.stderr
    # The same Odoo importable without ODOO_SRC: the message names the version problem.
    result = _find_odoo(bare_python, PYTHONPATH=str(old))
    assert result.returncode != 0
    assert "imports an Odoo that is not 18.0" in result.stderr


def test_find_odoo_needs_the_addons_next_to_odoo(bare_python, tmp_path):
    tree = _fake_odoo(tmp_path / "odoo18", (18, 0, 0, "final", 0))
    result = _find_odoo(bare_python, ODOO_SRC=str(tree))
    assert result.returncode != 0
    assert "but not its addons" in result.stderr


def test_find_odoo_finds_the_installed_odoo():
    environ = {k: v for k, v in os.environ.items() if k != "ODOO_SRC"}
    result = subprocess.run(
        ["bash", "-c", 'source bin/lib.sh; find_odoo; echo "$ODOO_ADDONS_PATH"'],
        cwd=REPO,
        env={**environ, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Odoo 18.0: installed" in result.stderr
    addons_path = result.stdout.strip().split(",")
    assert str(REPO) in addons_path
    assert any((Path(path) / "web").is_dir() for path in addons_path)


def _tmp_complaint_files():
    """What /tmp holds whose name starts with "complaint"."""
    return {path.name for path in Path("/tmp").glob("complaint*")}


def test_find_odoo_leaves_no_file_in_tmp(bare_python, tmp_path):
    """The probe's error output is kept in memory, never in a /tmp file (which a killed
    command would leave behind and two commands could share)."""
    before = _tmp_complaint_files()
    source = _odoo_source()
    result = _find_odoo(bare_python, ODOO_SRC=str(source))
    assert result.returncode != 0
    assert f"ODOO_SRC={source} cannot be imported by {bare_python}" in result.stderr
    old = _fake_odoo(tmp_path / "odoo17", (17, 0, 0, "final", 0))
    result = _find_odoo(bare_python, ODOO_SRC=str(old))
    assert result.returncode != 0
    assert f"ODOO_SRC={old} holds an Odoo that is not 18.0" in result.stderr
    result = _find_odoo(bare_python)
    assert result.returncode != 0
    assert "Odoo 18.0 was not found" in result.stderr
    # A command killed while Odoo is probed (a python that kills the shell calling it when
    # it is given ODOO_SRC) cannot clean up after itself: there must be nothing to clean.
    tree = _fake_odoo(tmp_path / "odoo18", (18, 0, 0, "final", 0))
    killer = tmp_path / "killer" / "python"
    killer.parent.mkdir()
    killer.write_text(
        "#!/bin/sh\n"
        f'case "$PYTHONPATH" in *{tree}*) kill -9 "$PPID"; exit 1 ;; esac\n'
        "echo \"ModuleNotFoundError: No module named 'odoo'\" >&2\n"
        "exit 1\n"
    )
    killer.chmod(0o755)
    result = _find_odoo(killer, ODOO_SRC=str(tree))
    assert result.returncode != 0
    left = _tmp_complaint_files() - before
    assert not left, f"find_odoo left files in /tmp: {sorted(left)}"


# ---------------------------------------------------------------- one configuration per command


def test_bin_test_does_not_rewrite_the_configuration_bin_run_serves_with(tmp_path):
    state = tmp_path / "state"
    run = _setup_odoo("run", COMPLAINT_STATE_DIR=str(state), COMPLAINT_HTTP_PORT="8071")
    assert run.returncode == 0, run.stderr
    run_conf = Path(run.stdout.strip().splitlines()[-1])
    assert run_conf == state / "run.conf"
    served = run_conf.read_bytes()
    inode = run_conf.stat().st_ino
    assert b"http_port = 8071\n" in served

    # bin/test's set-up, on another port: its own file changes, bin/run's does not.
    test = _setup_odoo("test", COMPLAINT_STATE_DIR=str(state), COMPLAINT_HTTP_PORT="8072")
    assert test.returncode == 0, test.stderr
    test_conf = Path(test.stdout.strip().splitlines()[-1])
    assert test_conf == state / "test.conf"
    assert test_conf != run_conf
    assert test_conf.is_file() and run_conf.is_file()
    assert b"http_port = 8072\n" in test_conf.read_bytes()
    assert run_conf.read_bytes() == served, "setting up bin/test rewrote run.conf"
    assert run_conf.stat().st_ino == inode, "setting up bin/test replaced run.conf"
    # The atomic write (copy, then rename) leaves no temporary copy behind.
    assert sorted(p.name for p in state.glob("*.conf*")) == ["run.conf", "test.conf"]


def test_each_command_sets_up_its_own_configuration():
    """Every command calls setup_odoo once, with its own name, and none names a
    configuration file itself; bin/test hands its own file to pytest."""
    for command in ("run", "test", "bench", "i18n"):
        script = REPO / "bin" / command
        assert os.access(script, os.X_OK), f"bin/{command} is not executable"
        text = script.read_text()
        calls = re.findall(r"^\s*setup_odoo\s+(\S+)", text, re.MULTILINE)
        assert calls == [command], f"bin/{command} calls setup_odoo for {calls}"
        assert not re.search(r"^\s*ODOO_CONF=", text, re.MULTILINE), (
            f"bin/{command} sets ODOO_CONF itself"
        )
        assert "write_odoo_conf" not in text, f"bin/{command} writes a configuration itself"
    conf = os.environ.get("COMPLAINT_ODOO_CONF")
    if conf:  # in bin/test's session
        assert Path(conf).name == "test.conf", f"bin/test runs pytest with {conf}"


# ---------------------------------------------------------------- CI entry point


def test_ci_runs_bin_test():
    ci = REPO / ".ci" / "run"
    assert os.access(ci, os.X_OK), ".ci/run is not executable"
    text = ci.read_text()
    assert text.startswith("#!"), ".ci/run has no shebang line"
    commands = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert any("bin/test" in line and '"$@"' in line for line in commands), (
        ".ci/run does not run bin/test with its arguments"
    )
    for script in ("bin/test", "bin/run"):
        assert os.access(REPO / script, os.X_OK), f"{script} is not executable"
