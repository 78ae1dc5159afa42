"""Measure entity mentions against CoNLL-2003 gold: ``dateline eval entities``.

Exports the gold articles with the scorer's own ``export`` command (so offsets are the
scorer's), runs the full Dateline pipeline over them and scores ``doc._.dl_mentions`` with
their voted labels (the scorer maps spaCy labels to CoNLL's).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from transforms.pipeline import build_pipeline

REPO = Path(__file__).resolve().parents[1]
NOUN = "entities"
SCORER = "conll.py"


def run(gold: Path, scorer_dir: Path, out_dir: Path, model: str | None = None, limit: int | None = None) -> dict:
    scorer = Path(scorer_dir) / SCORER
    out_dir = Path(out_dir)
    texts_dir = out_dir / f"{NOUN}-gold-texts"
    subprocess.run([sys.executable, str(scorer), "export", "--gold", str(gold), "--out", str(texts_dir)],
                   check=True, capture_output=True, text=True)
    files = sorted(texts_dir.glob("*.txt"))[:limit]
    nlp = build_pipeline(model, REPO / "seeds" / "reference")
    texts = (f.read_text(encoding="utf-8") for f in files)
    pred = out_dir / f"{NOUN}-pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for f, doc in zip(files, nlp.pipe(texts, batch_size=32)):
            for m in doc._.dl_mentions:
                out.write(json.dumps({"doc": f.stem, "start": m["start_char"], "end": m["end_char"],
                                      "label": m["label"]}) + "\n")
    scored = subprocess.run([sys.executable, str(scorer), "score", "--gold", str(gold), "--pred", str(pred), "--json"],
                            check=True, capture_output=True, text=True)
    return json.loads(scored.stdout)
