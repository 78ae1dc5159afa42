"""Ctrl-C as a request the run honours at its commit point, not only as an exception.

Python turns SIGINT into a KeyboardInterrupt wherever the main thread happens to be; a library
frame that catches it there (a log or event worker, a wait on another thread) would let the run go
on and publish. `dateline run` installs `watch()`, which records the request before raising, and
`check()` runs right before the lake's manifest swap: a run that was asked to stop never publishes,
whoever swallowed the exception.
"""
from __future__ import annotations

import signal

_requested: list[int] = []


def _on_sigint(signum, frame):
    _requested.append(signum)
    raise KeyboardInterrupt


def watch() -> None:
    """In the main thread of `dateline run`: SIGINT is recorded, then raised as usual."""
    signal.signal(signal.SIGINT, _on_sigint)


def requested() -> bool:
    return bool(_requested)


def check() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed since `watch()`, even if it was swallowed."""
    if _requested:
        raise KeyboardInterrupt
