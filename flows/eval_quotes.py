"""Measure quotes against PolNeAR attribution gold: ``dateline eval quotes``.

PolNeAR's scorer has no export command: the article texts are read from the split's
``text/`` folder as they are, so offsets are the gold's. Each quote of ``doc._.dl_quotes``
becomes one prediction (content, source = the speaker as written, cue).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from transforms.pipeline import build_pipeline

REPO = Path(__file__).resolve().parents[1]
NOUN = "quotes"
SCORER = "polnear.py"


def merged_parts(quotes: list[dict]) -> list[dict]:
    """One quote per attribution: the parts of a direct quote split by its cue ("A," he said.
    "B.") share the cue, and PolNeAR gold holds them as one discontinuous content, which a
    single prediction span covers best from the first part's start to the last part's end."""
    out, by_cue = [], {}
    for q in quotes:
        key = q["cue_start"]
        if q["kind"] != "direct" or key is None:
            out.append(q)
        elif key in by_cue:
            first = by_cue[key]
            first["start_char"] = min(first["start_char"], q["start_char"])
            first["end_char"] = max(first["end_char"], q["end_char"])
        else:
            by_cue[key] = dict(q)
            out.append(by_cue[key])
    return out


def prediction_lines(name: str, quotes: list[dict]) -> list[dict]:
    return [
        {
            "doc": name,
            "content": [q["start_char"], q["end_char"]],
            "source": [q["speaker_start"], q["speaker_end"]] if q["speaker_start"] is not None else None,
            "cue": [q["cue_start"], q["cue_end"]] if q["cue_start"] is not None else None,
        }
        for q in merged_parts(quotes)
    ]


def run(gold: Path, scorer_dir: Path, out_dir: Path, model: str | None = None, limit: int | None = None) -> dict:
    scorer = Path(scorer_dir) / SCORER
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = sorted((Path(gold) / "text").glob("*.txt"))[:limit]
    nlp = build_pipeline(model, REPO / "seeds" / "reference")
    texts = (f.read_text(encoding="utf-8") for f in files)
    pred = out_dir / f"{NOUN}-pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for f, doc in zip(files, nlp.pipe(texts, batch_size=32)):
            for line in prediction_lines(f.stem, doc._.dl_quotes):
                out.write(json.dumps(line) + "\n")
    scored = subprocess.run(
        [sys.executable, str(scorer), "score", "--gold-dir", str(gold), "--pred", str(pred), "--json"],
        check=True, capture_output=True, text=True,
    )
    return json.loads(scored.stdout)
