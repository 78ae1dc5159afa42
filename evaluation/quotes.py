"""Measure quotes against PolNeAR attribution gold: ``dateline eval quotes``.

PolNeAR's scorer has no export command: the article texts are read from the split's
``text/`` folder as they are, so offsets are the gold's. Each quote of ``doc._.dl_quotes``
becomes one prediction (content, source = the speaker as written, cue).
"""
from __future__ import annotations

import json
from pathlib import Path

from evaluation.scorer import run_scorer
from transforms.pipeline import build_pipeline

REPO = Path(__file__).resolve().parents[1]
NOUN = "quotes"
SCORER = "polnear.py"


def merged_parts(quotes: list[dict], text: str) -> list[dict]:
    """One quote per attribution: the parts of a direct quote split by its cue ("A," he said.
    "B.") share the cue, and PolNeAR gold holds them as one discontinuous content. A single
    prediction span can only approximate that: the span from the first part to the last covers
    the gold best unless the words between (a long speaker description) outweigh the parts,
    then the longest part alone does."""
    out, groups = [], {}
    for q in quotes:
        key = q["cue_start"]
        if q["kind"] != "direct" or key is None:
            out.append(q)
            continue
        group = groups.get(key)
        if group and _continues(group, q, text):
            group.append(q)
        else:
            groups[key] = [q]
            out.append(groups[key])
    return [_one_span(item) if isinstance(item, list) else item for item in out]


def _continues(group: list[dict], q: dict, text: str) -> bool:
    """``q`` is a further part of the quote in ``group``: same paragraph, and the cue stands
    between the first two parts (a later quotation continuing the speaker in the same
    paragraph without the cue between is a new attribution)."""
    if "\n" in text[group[-1]["end_char"] : q["start_char"]]:
        return False
    return len(group) > 1 or group[0]["end_char"] <= q["cue_start"] < q["start_char"]


def _one_span(parts: list[dict]) -> dict:
    if len(parts) == 1:
        return parts[0]
    lengths = [p["end_char"] - p["start_char"] for p in parts]
    start, end = parts[0]["start_char"], parts[-1]["end_char"]
    merged_overlap = sum(lengths) / (end - start)  # Jaccard of the merged span with all parts
    longest_overlap = max(lengths) / sum(lengths)  # Jaccard of the longest part alone
    if longest_overlap > merged_overlap:
        return parts[lengths.index(max(lengths))]
    return dict(parts[0], start_char=start, end_char=end)


MARKS = "“”\"'"


def with_marks(text: str, start: int, end: int) -> list[int]:
    """PolNeAR content spans take in the quotation marks around a direct quote; ours stop
    inside them."""
    if start > 0 and text[start - 1] in MARKS and end < len(text) and text[end] in MARKS:
        return [start - 1, end + 1]
    return [start, end]


def prediction_lines(name: str, text: str, quotes: list[dict]) -> list[dict]:
    return [
        {
            "doc": name,
            "content": with_marks(text, q["start_char"], q["end_char"]),
            "source": [q["speaker_start"], q["speaker_end"]] if q["speaker_start"] is not None else None,
            "cue": [q["cue_start"], q["cue_end"]] if q["cue_start"] is not None else None,
        }
        for q in merged_parts(quotes, text)
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
            for line in prediction_lines(f.stem, doc.text, doc._.dl_quotes):
                out.write(json.dumps(line) + "\n")
    return json.loads(run_scorer(scorer, "score", "--gold-dir", str(gold), "--pred", str(pred), "--json"))
