"""Running the shared gold scorers (`../shared/eval/*.py`) as subprocesses, for `dateline eval`."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
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


def halves(keys) -> tuple[list, list]:
    """The documents in two halves (alternate documents in sorted order), for the spread a figure
    has between two halves of its own split: how much of a difference is noise."""
    ordered = sorted(keys)
    return ordered[0::2], ordered[1::2]


def scores_on_halves(scorer: ModuleType, gold: Path, pred: Path) -> list[dict]:
    """The scorer's ``score(gold, pred)`` on each half of the gold documents, for the scorers
    that read their gold through ``documents(path)`` yielding ``(key, text, gold)`` (wikievents,
    rams): that reader is wrapped to yield one half, so the scoring itself is the scorer's."""
    read = scorer.documents
    keys = [key for key, _, _ in read(str(gold))]
    out = []
    for half in map(set, halves(keys)):
        scorer.documents = lambda path, half=half: (d for d in read(path) if d[0] in half)
        try:
            out.append(scorer.score(str(gold), str(pred)))
        finally:
            scorer.documents = read
    return out


def spread_line(name: str, whole: float, parts: list[float]) -> str:
    """"content F1 0.765 (halves 0.770 / 0.760, spread 0.010)"."""
    shown = " / ".join(f"{p:.3f}" for p in parts)
    return f"{name} {whole:.3f} (halves {shown}, spread {max(parts) - min(parts):.3f})"


def scores_by_rule(score, gold: Path, pred: Path) -> dict[str, tuple[int, dict]]:
    """{rule: (its prediction lines, the scorer's ``score(gold, pred)`` on them alone)}, for the
    scorers that read gold and predictions from paths (wikievents, rams)."""
    lines_of: dict[str, list[str]] = defaultdict(list)
    for line in Path(pred).read_text(encoding="utf-8").splitlines():
        if line.strip():
            lines_of[json.loads(line)["rule"]].append(line)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for rule, lines in sorted(lines_of.items()):
            subset = Path(tmp) / f"{rule}.jsonl"
            subset.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
            out[rule] = (len(lines), score(str(gold), str(subset)))
    return out
