"""pytest plugin for Odoo's own suites of what the addon overrides (bin/test): compare a run
on a database holding the addon with the baseline, the same suites run without it.

A few of Odoo's tests fail on a given machine without the addon too (a missing font, a
timing), and some skip by design (a module not installed): the baseline file lists them,
``failed ID`` or ``skipped ID`` a line, IDs relative to Odoo's addons directory
(``test_mail/tests/test_performance.py::Class::test``), wherever Odoo lives.

    --odoo-suites-baseline FILE            compare: a test failing (or skipping) with the
                                           addon that the baseline does not list fails the
                                           run; the listed ones are reported as expected
    --odoo-suites-baseline FILE --odoo-suites-record
                                           write FILE from this run (without the addon)

Loaded with ``-p odoo_suites`` (the repository's conftest.py is not: these suites live
outside it, and its rule that a skip fails the run is this comparison here).
"""

import logging

import pytest

HEADER = """\
# Odoo's own tests (bin/test's ODOO_MAIL_SUITES) that fail or skip on this machine WITHOUT
# complaint_management: test_mail, hr, resource and portal installed, with demo data.
# bin/test fails on any other test that fails or skips with the addon.
# Written by: bin/test --odoo-baseline
"""


class _DropImportWarning(logging.Filter):
    """pytest-odoo imports odoo.tests before Odoo's test mode is on (see conftest.py)."""

    def filter(self, record):
        return not str(record.msg).startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_DropImportWarning())


def pytest_addoption(parser):
    group = parser.getgroup("odoo-suites", "Odoo's suites compared with a baseline")
    group.addoption("--odoo-suites-baseline", metavar="FILE", help="the baseline file")
    group.addoption(
        "--odoo-suites-record",
        action="store_true",
        help="write the baseline file from this run instead of comparing with it",
    )


def suite_test_id(report):
    """A test's id relative to Odoo's addons directory (the same for every checkout).
    pytest-odoo's node ids of tests outside the repository start at the class (``::Class``):
    the file comes from the report's location then."""
    nodeid = report.nodeid
    if nodeid.startswith("::"):
        nodeid = report.location[0] + nodeid
    return nodeid.rsplit("/addons/", 1)[-1]


def read_baseline(path):
    outcomes = {}
    with open(path, encoding="utf-8") as baseline:
        for raw in baseline:
            line = raw.strip()
            if line and not line.startswith("#"):
                outcome, _, tid = line.partition(" ")
                outcomes[tid] = outcome
    return outcomes


class OdooSuites:
    def __init__(self, path, record):
        self.path = path
        self.record = record
        self.outcomes = {}  # test id -> "passed", "failed" or "skipped"
        self.expected = []
        self.unexpected = []
        self.fixed = []

    def pytest_runtest_logreport(self, report):
        tid = suite_test_id(report)
        if report.failed:
            self.outcomes[tid] = "failed"
        elif report.skipped and self.outcomes.get(tid) != "failed":
            self.outcomes[tid] = "skipped"
        else:
            self.outcomes.setdefault(tid, "passed")

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session, exitstatus):
        if exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
            return  # interrupted, a collection error: nothing to compare or record
        if self.record:
            with open(self.path, "w", encoding="utf-8") as baseline:
                baseline.write(HEADER)
                for tid, outcome in sorted(self.outcomes.items()):
                    if outcome != "passed":
                        baseline.write(f"{outcome} {tid}\n")
            session.exitstatus = pytest.ExitCode.OK
            return
        baseline = read_baseline(self.path)
        for tid, outcome in sorted(self.outcomes.items()):
            if outcome == "passed":
                if tid in baseline:
                    self.fixed.append(f"{baseline[tid]} in the baseline, passes: {tid}")
            elif baseline.get(tid) == outcome:
                self.expected.append(f"{outcome} (as without the addon): {tid}")
            else:
                was = baseline.get(tid, "passed")
                self.unexpected.append(f"{outcome} with the addon, {was} without: {tid}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED if self.unexpected else pytest.ExitCode.OK

    def pytest_terminal_summary(self, terminalreporter):
        write = terminalreporter.write_line
        if self.record:
            failing = sum(1 for o in self.outcomes.values() if o != "passed")
            terminalreporter.write_sep("=", f"baseline written: {self.path}", bold=True)
            write(f"{len(self.outcomes)} tests, {failing} failed or skipped without the addon")
            return
        if self.expected:
            terminalreporter.write_sep("=", "as without the addon (the baseline)", yellow=True)
            for line in self.expected:
                write(line)
        if self.fixed:
            terminalreporter.write_sep("=", "pass now (bin/test --odoo-baseline)", green=True)
            for line in self.fixed:
                write(line)
        if self.unexpected:
            terminalreporter.write_sep("=", "fail because of the addon", red=True)
            for line in self.unexpected:
                write(line)
        else:
            terminalreporter.write_sep(
                "=", f"Odoo's suites: {len(self.outcomes)} tests as without the addon", green=True
            )


def pytest_configure(config):
    path = config.getoption("odoo_suites_baseline")
    if path:
        config.pluginmanager.register(
            OdooSuites(path, config.getoption("odoo_suites_record")), "odoo-suites-compare"
        )
