"""What a run says while it works: a progress bar with rate and time left on a terminal, plain
periodic lines elsewhere (a log file, `serve`'s flow runs, a pipe), and quiet logs by default.

Quiet: Prefect's engine lines ("Finished in state Completed()" for every task, "Beginning flow
run", the traceback of an exception the command line reports in one line) and Great
Expectations' INFO lines are left out; `dateline run -v` (env DATELINE_VERBOSE=1) keeps them.
"""
from __future__ import annotations

import logging
import os
import sys
import time

VERBOSE = "DATELINE_VERBOSE"
PLAIN_EVERY = 250  # articles between plain progress lines
ENGINE_CHATTER = ("Finished in state", "Created task run", "Executing '", "Beginning flow run", "View at ",
                  "Created flow run", "Encountered exception during execution", "Task run failed with exception")
ENGINE_LOGGERS = ("prefect.flow_runs", "prefect.task_runs")


def verbose() -> bool:
    return os.environ.get(VERBOSE, "") not in ("", "0")


class Quiet(logging.Filter):
    """Drops Prefect's per-run engine lines and Great Expectations' INFO lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("great_expectations"):
            return record.levelno >= logging.WARNING
        if record.name in ENGINE_LOGGERS:
            return not str(record.msg).startswith(ENGINE_CHATTER)
        return True


QUIET = Quiet()


def quiet_logs() -> None:
    """Unless verbose, on the engine's loggers (records made there) and on the handlers a Great
    Expectations record reaches (it propagates to the root's); idempotent."""
    if verbose():
        return
    for name in ENGINE_LOGGERS:
        logging.getLogger(name).addFilter(QUIET)
    for name in ("", "prefect", *ENGINE_LOGGERS):
        for handler in logging.getLogger(name).handlers:
            handler.addFilter(QUIET)
    logging.getLogger("great_expectations").setLevel(logging.WARNING)


class Progress:
    """Articles extracted out of ``total``: a rich bar on a terminal (stderr), else a log line
    every PLAIN_EVERY articles and at the end."""

    def __init__(self, total: int, logger, done_before: int = 0):
        self.total, self.done, self.logger = total, done_before, logger
        self.started, self.since = time.monotonic(), done_before
        self.bar = None
        if sys.stderr.isatty() and total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            self.bar = Bar(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                           TextColumn("ETA"), TimeRemainingColumn(), console=Console(stderr=True), transient=False)
            self.task = self.bar.add_task("extract", total=total, completed=done_before, rate="")

    def __enter__(self) -> "Progress":
        if self.bar:
            self.bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()

    def advance(self) -> None:
        self.done += 1
        rate = (self.done - self.since) / max(time.monotonic() - self.started, 1e-9)
        if self.bar:
            self.bar.update(self.task, completed=self.done, rate=f"{rate:.1f} articles/s")
        elif (self.done - self.since) % PLAIN_EVERY == 0 or self.done == self.total:
            self.logger.info("extracted %d/%d articles, %.1f articles/s, about %.0f s left",
                             self.done, self.total, rate, (self.total - self.done) / rate)
