"""Measure entity mentions against CoNLL-2003 gold: ``dateline eval entities``.

Exports the gold articles with the scorer's own ``export`` command (so offsets are the
scorer's), runs the full Dateline pipeline over them and scores ``doc._.dl_mentions`` with
their voted labels (the scorer maps spaCy labels to CoNLL's).
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from evaluation.scorer import run_scorer
from transforms.pipeline import build_pipeline

REPO = Path(__file__).resolve().parents[1]


def run(gold: Path, scorer_dir: Path, out_dir: Path, model: str | None = None, limit: int | None = None) -> dict:
    def row(name: str, m: dict) -> dict:
        return {"doc": name, "start": m["start_char"], "end": m["end_char"], "label": m["label"]}

    return score_mentions(Path(scorer_dir) / "conll.py", Path(gold), Path(out_dir), "entities", row, model, limit)


def score_mentions(
    scorer: Path,
    gold: Path,
    out_dir: Path,
    noun: str,
    row: Callable[[str, dict], dict],
    model: str | None,
    limit: int | None,
) -> dict:
    """Export the gold texts, write one prediction line per mention via ``row``, score them.

    Shared by every scorer that judges ``doc._.dl_mentions`` (CoNLL labels, GUM identity).
    """
    texts_dir = out_dir / f"{noun}-gold-texts"
    run_scorer(scorer, "export", "--gold", str(gold), "--out", str(texts_dir))
    files = sorted(texts_dir.glob("*.txt"))[:limit]
    nlp = build_pipeline(model, REPO / "seeds" / "reference")
    pred = out_dir / f"{noun}-pred.jsonl"
    texts = (f.read_text(encoding="utf-8") for f in files)
    with pred.open("w", encoding="utf-8") as out:
        for f, doc in zip(files, nlp.pipe(texts, batch_size=32)):
            for m in doc._.dl_mentions:
                out.write(json.dumps(row(f.stem, m)) + "\n")
    return json.loads(run_scorer(scorer, "score", "--gold", str(gold), "--pred", str(pred), "--json"))
