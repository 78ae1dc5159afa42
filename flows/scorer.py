"""Running the shared gold scorers (`../shared/eval/*.py`) as subprocesses, for `dateline eval`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_scorer(scorer: Path, *args: str) -> str:
    """The scorer's standard output; a failing scorer raises with what it printed on stderr."""
    done = subprocess.run([sys.executable, str(scorer), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{scorer.name} {' '.join(args[:1])} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout
