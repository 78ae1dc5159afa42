"""Measure the HTML reader against the article-extraction benchmark: ``dateline eval html``.

Each page (``html/<key>.html.gz``) is read as `dateline run` reads an ``.html`` file: its
bytes decoded by `transforms.encodings.decode`, then `transforms.markup.from_html`; the
article's `body` is the prediction. A page the reader refuses counts as an empty body and is
listed under ``failed``. The score is the benchmark's own ``evaluate.py`` (word 4-gram shingle
precision and recall per page, averaged; F1 from the averages), on all pages and on each half
(alternate pages in sorted order) for the spread. Predictions are written as the benchmark's
``{key: {"articleBody": text}}`` to ``html-pred.json``.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

from evaluation.scorer import halves, load_scorer, spread_line
from transforms.articles import InputError
from transforms.encodings import decode
from transforms.markup import from_html

NOUN = "html"
BOOTSTRAP = 1000  # the benchmark's default: its figures' ± come from resampling the pages


def read_page(path: Path) -> str:
    """The body Dateline stores for one gzipped page; InputError when it refuses the page."""
    text, _ = decode(gzip.decompress(path.read_bytes()), markup=True)
    return from_html(text, str(path))["body"]


def run(gold: Path, scorer_dir: Path, out_dir: Path, model: str | None = None, limit: int | None = None) -> dict:
    """``gold``: the benchmark's folder (``ground-truth.json``, ``html/``, ``evaluate.py``);
    ``scorer_dir`` and ``model`` are not used: the scorer is the benchmark's own, and no model
    reads HTML."""
    gold, out_dir = Path(gold), Path(out_dir)
    evaluate = load_scorer(gold / "evaluate.py")
    truth = json.loads((gold / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit]
    truth = {k: truth[k] for k in keys}
    pred, failed = {}, {}
    for key in keys:
        try:
            body = read_page(gold / "html" / f"{key}.html.gz")
        except InputError as exc:
            body, failed[key] = "", str(exc)
        pred[key] = {"articleBody": body}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / f"{NOUN}-pred.json").write_text(json.dumps(pred, ensure_ascii=False, indent=1), encoding="utf-8")
    whole = evaluate.evaluate(truth, pred, BOOTSTRAP)
    parts = [evaluate.evaluate({k: truth[k] for k in half}, {k: pred[k] for k in half}, 0)
             for half in halves(keys) if half]
    print(spread_line("body F1", whole["f1"], [p["f1"] for p in parts]))
    return {"pages": len(keys), "f1": round(whole["f1"], 4), "f1_std": round(whole["f1_std"], 4),
            "precision": round(whole["precision"], 4), "recall": round(whole["recall"], 4),
            "accuracy": round(whole["accuracy"], 4), "halves_f1": [round(p["f1"], 4) for p in parts],
            "failed": failed}
