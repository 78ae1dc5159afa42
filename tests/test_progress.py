"""What a run says: Prefect's engine lines and Great Expectations' INFO lines are left out unless
verbose; progress is plain lines when stderr is no terminal."""
import logging

import pytest

from flows.progress import PLAIN_EVERY, QUIET, Progress, quiet_logs


def record(name: str, level: int, msg: str) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, (), None)


@pytest.mark.parametrize("name, level, msg, kept", [
    ("prefect.task_runs", logging.INFO, "Finished in state Completed()", False),
    ("prefect.flow_runs", logging.INFO, "Beginning flow run 'x' for flow 'dateline-run'", False),
    ("prefect.flow_runs", logging.ERROR, "Encountered exception during execution: KeyboardInterrupt()", False),
    ("prefect.task_runs", logging.INFO, "60 articles read, 60 new (0 already in the lake, 0 repeated in the inputs)", True),
    ("prefect.task_runs", logging.WARNING, "skipped bad.txt: not UTF-8 text", True),
    ("great_expectations.data_context.types.base", logging.INFO, "Created temporary directory '/tmp/x'", False),
    ("great_expectations.core", logging.WARNING, "something GX warns of", True),
])
def test_the_quiet_filter_keeps_what_a_user_needs(name, level, msg, kept):
    assert QUIET.filter(record(name, level, msg)) is kept


def test_verbose_keeps_every_line(monkeypatch):
    logger = logging.getLogger("prefect.task_runs")
    had = QUIET in logger.filters  # an earlier run in this process may have quietened it
    logger.removeFilter(QUIET)
    try:
        monkeypatch.setenv("DATELINE_VERBOSE", "1")
        quiet_logs()
        assert QUIET not in logger.filters
        monkeypatch.delenv("DATELINE_VERBOSE")
        quiet_logs()
        assert QUIET in logger.filters
    finally:
        (logger.addFilter if had else logger.removeFilter)(QUIET)


def test_without_a_terminal_progress_is_a_line_every_so_many_articles():
    said = []

    class Logger:
        def info(self, fmt, *args):
            said.append(fmt % args)

    total = PLAIN_EVERY + 10
    with Progress(total, Logger()) as progress:  # pytest's stderr is no terminal
        for _ in range(total):
            progress.advance()
    assert [s.split(",")[0] for s in said] == [f"extracted {PLAIN_EVERY}/{total} articles", f"extracted {total}/{total} articles"]
    assert all("articles/s, about" in s for s in said)
