"""Repository-wide pytest policy: a skipped test is not a passing test.

Odoo skips browser tours when Chrome or websocket-client is missing; counting those as
passes would hide a broken test set-up, so any skip fails the run.
"""

import pytest

_SKIPPED = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _SKIPPED.append(report.nodeid)


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    if _SKIPPED and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if _SKIPPED:
        terminalreporter.write_sep("=", "skipped tests fail this run", red=True)
        for nodeid in _SKIPPED:
            terminalreporter.write_line(f"SKIPPED (counted as a failure): {nodeid}")
