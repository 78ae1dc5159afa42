"""Ctrl-C as a request checked at the commit point (flows.interrupts), in a real subprocess:
a KeyboardInterrupt some frame swallows still stops the run before it publishes."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SWALLOWED = textwrap.dedent("""
    import os, signal
    from flows import interrupts
    interrupts.watch()
    try:
        os.kill(os.getpid(), signal.SIGINT)
    except KeyboardInterrupt:
        pass  # a library frame that swallows it
    try:
        interrupts.check()
    except KeyboardInterrupt:
        print("stopped", interrupts.requested())
    else:
        print("went on")
""")

QUIET = textwrap.dedent("""
    from flows import interrupts
    interrupts.watch()
    interrupts.check()
    print("went on", interrupts.requested())
""")


def run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          timeout=60).stdout.strip()


def test_a_swallowed_ctrl_c_still_stops_at_the_check():
    assert run(SWALLOWED) == "stopped True"


def test_without_ctrl_c_the_check_lets_the_run_go_on():
    assert run(QUIET) == "went on False"
