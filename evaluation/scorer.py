"""Running the shared gold scorers (`../shared/eval/*.py`) as subprocesses, for `dateline eval`."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType


def run_scorer(scorer: Path, *args: str) -> str:
    """The scorer's standard output; a failing scorer raises with what it printed on stderr."""
    done = subprocess.run([sys.executable, str(scorer), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{scorer.name} {' '.join(args[:1])} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def load_scorer(scorer: Path) -> ModuleType:
    """The scorer as a module, for its own gold readers and constants (read at run time: the
    scorers are not part of the project)."""
    spec = importlib.util.spec_from_file_location(f"gold_scorer_{Path(scorer).stem}", scorer)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
