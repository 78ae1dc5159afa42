"""Measure entity identity against GUM news gold: ``dateline eval identity``.

The scorer asks which mentions are the same real-world entity, within and across articles;
our answer is ``entity_id`` on every named mention, so this measures the merging rules
(alias table, short person names, acronyms) and the stability of ids across articles.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from transforms.pipeline import build_pipeline

REPO = Path(__file__).resolve().parents[1]
NOUN = "identity"
SCORER = "identity.py"


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
                                      "entity_id": m["entity_id"]}) + "\n")
    scored = subprocess.run([sys.executable, str(scorer), "score", "--gold", str(gold), "--pred", str(pred), "--json"],
                            check=True, capture_output=True, text=True)
    return json.loads(scored.stdout)
