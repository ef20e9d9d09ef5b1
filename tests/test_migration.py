"""Upgrades from earlier releases: a database made by the addon as an earlier commit wrote
it (with its demo data, as ``bin/run`` leaves it) is upgraded to this checkout the way
``bin/run`` does it (``-u``), and what the release's ``migrations/<version>/`` scripts carry
over is checked. The old addon comes out of this repository's history with ``git archive``.

A release that renames a field or moves a job adds its base commit and its checks here."""

import configparser
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from test_setup import ROOT_WARNING, _assert_clean, _odoo_conf_path, _pg_env, _psql, _run_odoo

REPO = Path(__file__).resolve().parent.parent
ADDON = "complaint_management"
# 18.0.1.1.0 (the complaint model split by concern): main just before it.
BASE_COMMIT = "ed967f3668f0c9775c11cfca80793a66cb90eacd"


def _old_addon(work):
    """The addon as BASE_COMMIT had it, in an addons directory of its own."""
    target = work / "old_addons"
    target.mkdir()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", BASE_COMMIT, ADDON],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert archive.returncode == 0, (
        f"git archive {BASE_COMMIT} failed (is this a full clone?): {archive.stderr.decode()}"
    )
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def _conf_with_addons(source, target, replace, by):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(source)
    paths = [
        by if p.strip() == replace else p.strip()
        for p in parser["options"]["addons_path"].split(",")
    ]
    parser["options"]["addons_path"] = ",".join(paths)
    with open(target, "w") as handle:
        parser.write(handle)
    return dict(parser["options"])


@pytest.fixture(scope="module")
def old_database(tmp_path_factory):
    """A database installed with demo data by the addon of BASE_COMMIT; dropped afterwards."""
    work = tmp_path_factory.mktemp("migration")
    current_conf = work / "current.conf"
    shutil.copyfile(_odoo_conf_path(), current_conf)
    old_conf = work / "old.conf"
    options = _conf_with_addons(current_conf, old_conf, str(REPO), str(_old_addon(work)))
    db = f"cm_migration_{os.getpid()}"
    setup = {
        "db": db,
        "work": work,
        "conf": old_conf,
        "current_conf": current_conf,
        "pg_env": _pg_env(options),
        "filestore": Path(options["data_dir"]) / "filestore" / db,
    }
    drop = ["dropdb", "--if-exists", "--force", db]
    subprocess.run(drop, env=setup["pg_env"], capture_output=True, timeout=120, check=False)
    try:
        logfile = work / "install-old.log"
        result = _run_odoo(setup, ["-i", ADDON, "--stop-after-init"], logfile)
        root = (ROOT_WARNING,) if os.geteuid() == 0 else ()
        _assert_clean(f"installing the addon of {BASE_COMMIT[:8]}", result, logfile, root)
        yield setup
    finally:
        subprocess.run(drop, env=setup["pg_env"], capture_output=True, timeout=300, check=False)
        shutil.rmtree(setup["filestore"], ignore_errors=True)


def _facts(setup, step_column, notified_column):
    """What the upgrade must keep, read with SQL so that old and new schemas compare."""

    def listing(table, column, where=""):
        return f"SELECT string_agg(id || ':' || {column}, ',' ORDER BY id) FROM {table} {where}"

    sql = {
        "steps": listing("complaint_step", step_column),
        "escalations": listing("complaint_escalation", step_column),
        "deadline rules": listing("complaint_deadline_rule", step_column),
        "compliance notified": listing(
            "complaint_complaint", notified_column, f"WHERE {notified_column} IS NOT NULL"
        ),
        "complaints": listing("complaint_complaint", "state"),
        "plans": listing("complaint_plan", "state"),
    }
    return {name: _psql(setup, query) for name, query in sql.items()}


def test_upgrade_to_18_0_1_1_0_keeps_the_data(old_database):
    setup = old_database
    before = _facts(setup, "step", "compliance_notified")
    assert before["steps"] and before["escalations"] is not None and before["compliance notified"]
    upgrade = dict(setup, conf=setup["current_conf"])
    logfile = setup["work"] / "upgrade.log"
    result = _run_odoo(upgrade, ["-u", ADDON, "--stop-after-init"], logfile)
    root = (ROOT_WARNING,) if os.geteuid() == 0 else ()
    log_text = _assert_clean("upgrading to this checkout", result, logfile, root)
    assert "module complaint_management: Running migration [>18.0.1.1.0] pre-migrate" in log_text
    assert "module complaint_management: Running migration [18.0.1.1.0>] post-migrate" in log_text

    # Renamed fields keep their values, their field record and its external ids.
    assert _facts(upgrade, "step_type", "date_compliance_notified") == before
    fields = _psql(
        upgrade,
        "SELECT string_agg(model || '.' || name, ',' ORDER BY model) FROM ir_model_fields "
        "WHERE name IN ('step', 'step_type', 'compliance_notified', 'date_compliance_notified') "
        "AND model LIKE 'complaint.%'",
    )
    assert fields == (
        "complaint.complaint.date_compliance_notified,complaint.deadline.rule.step_type,"
        "complaint.escalation.step_type,complaint.step.step_type"
    )
    orphans = _psql(
        upgrade,
        "SELECT count(*) FROM ir_model_data WHERE module = 'complaint_management' "
        "AND (name LIKE 'selection\\_\\_complaint\\_step\\_\\_step\\_\\_%' "
        "OR name = 'field_complaint_complaint__compliance_notified')",
    )
    assert orphans == "0"
    # The monthly job runs the method where it now lives.
    cron = _psql(
        upgrade,
        "SELECT m.model || ' ' || a.code FROM ir_cron c JOIN ir_act_server a "
        "ON a.id = c.ir_actions_server_id JOIN ir_model m ON m.id = a.model_id "
        "JOIN ir_model_data d ON d.res_id = c.id AND d.model = 'ir.cron' "
        "WHERE d.name = 'ir_cron_complaint_monthly_summary'",
    )
    assert cron == "complaint.statistics model._cron_monthly_summary()"
    # The demo plans were adopted by the new demo data, not created a second time.
    adopted = _psql(
        upgrade,
        "SELECT count(*) FROM ir_model_data WHERE module = 'complaint_management' "
        "AND model = 'complaint.plan'",
    )
    assert int(adopted) == len(before["plans"].split(","))
    # Renamed views are the same records, not a copy beside the old one (the three
    # renamed ones: later inherited forms of other concerns are not counted).
    views = _psql(
        upgrade,
        "SELECT count(*) FROM ir_ui_view v JOIN ir_model_data d ON d.res_id = v.id "
        "AND d.model = 'ir.ui.view' WHERE d.module = 'complaint_management' "
        "AND d.name LIKE '%\\_view\\_form\\_inherit\\_complaint\\_management' "
        "AND v.inherit_id IS NOT NULL",
    )
    assert views == "3"
