"""Repository-wide pytest policy: a skipped test is not a passing test.

Odoo skips browser tours when Chrome or websocket-client is missing; counting those as
passes would hide a broken test set-up, so any skip fails the run.

pytest-odoo imports ``odoo.tests`` before it turns Odoo's test mode on, so Odoo logs a
stray "Importing test framework" ERROR with a stack; that one record is filtered out here
(everything else the test framework logs still shows).
"""

import logging

import pytest


class _DropImportWarning(logging.Filter):
    def filter(self, record):
        return not str(record.msg).startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_DropImportWarning())

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
