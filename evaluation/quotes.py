"""Measure quotes against PolNeAR attribution gold: ``dateline eval quotes``.

PolNeAR's scorer has no export command: the article texts are read from the split's
``text/`` folder as they are, so offsets are the gold's. Each quote of ``doc._.dl_quotes``
becomes one prediction (content, source = the speaker as written, cue, and the rule that
found it, which the scorer ignores). Beside the scorer's figures, ``by_rule`` gives each rule's
precision: its predictions matched to gold by the scorer's own one-to-one matching over all
predictions (partial match), so a rule that does more harm than good shows.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from evaluation.parse_cache import pipe as parse_cache_pipe
from evaluation.scorer import halves, load_scorer, run_scorer, spread_line
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
            "rule": q.get("rule"),
        }
        for q in merged_parts(quotes, text)
    ]


def run(gold: Path, scorer_dir: Path, out_dir: Path, model: str | None = None, limit: int | None = None,
        parse_cache: Path | None = None) -> dict:
    scorer = Path(scorer_dir) / SCORER
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    files = sorted((Path(gold) / "text").glob("*.txt"))[:limit]
    nlp = build_pipeline(model, REPO / "seeds" / "reference")
    texts = (f.read_text(encoding="utf-8") for f in files)
    pred = out_dir / f"{NOUN}-pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for f, doc in zip(files, parse_cache_pipe(nlp, texts, parse_cache, "polnear")):
            for line in prediction_lines(f.stem, doc.text, doc._.dl_quotes):
                out.write(json.dumps(line) + "\n")
    scores = json.loads(run_scorer(scorer, "score", "--gold-dir", str(gold), "--pred", str(pred), "--json"))
    module = load_scorer(scorer)
    scores["by_rule"] = precision_by_rule(module, Path(gold), pred)
    print(rule_table(scores["by_rule"]), file=sys.stderr)
    scores["halves"] = half_scores(module, Path(gold), pred)
    for line in half_lines(scores):
        print(line, file=sys.stderr)
    return scores


def half_scores(scorer, gold: Path, pred: Path) -> list[dict]:
    """The scorer's figures on each half of the split's articles (``scorer.halves``)."""
    golds, preds = scorer.load_gold(str(gold)), scorer.load_pred(str(pred))
    return [scorer.score({doc: golds[doc] for doc in half}, preds) for half in halves(golds)]


def half_lines(scores: dict) -> list[str]:
    partial = [h["partial"] for h in scores["halves"]]
    whole = scores["partial"]
    return [
        spread_line("content F1", whole["content"]["f1"], [p["content"]["f1"] for p in partial]),
        spread_line("direct with the right speaker", whole["direct_recall_with_source"],
                    [p["direct_recall_with_source"] for p in partial]),
        spread_line("speaker right on matched", whole["source_accuracy_on_matched"],
                    [p["source_accuracy_on_matched"] for p in partial]),
    ]


def precision_by_rule(scorer, gold: Path, pred: Path) -> dict[str, dict]:
    """Per rule: predictions, those the scorer matches to a gold attribution (partial match, one
    to one over all predictions of the article), precision, and the share of matched ones whose
    source overlaps the gold source. The scorer's own readers and matcher are used, so the
    counts add up to its totals."""
    golds, preds = scorer.load_gold(str(gold)), scorer.load_pred(str(pred))
    rules: dict[str, list[str]] = {}
    for line in pred.read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            rules.setdefault(Path(r["doc"]).name.removesuffix(".txt"), []).append(r.get("rule") or "none")
    predicted, matched, sourced = Counter(), Counter(), Counter()
    for doc, g in golds.items():
        doc_preds, doc_rules = preds.get(doc, []), rules.get(doc, [])
        predicted.update(doc_rules)
        for gi, pi in scorer.match(g["attr"], doc_preds, g["text"], False):
            matched[doc_rules[pi]] += 1
            gs, ps = g["attr"][gi]["source"], doc_preds[pi]["source"]
            sourced[doc_rules[pi]] += bool(gs and ps and gs & ps)
    return {rule: {"predicted": n, "matched": matched[rule], "precision": round(matched[rule] / n, 4),
                   "source_on_matched": round(sourced[rule] / matched[rule], 4) if matched[rule] else 0.0}
            for rule, n in predicted.most_common()}


def rule_table(by_rule: dict[str, dict]) -> str:
    lines = [f"{'rule':<22} {'predicted':>9} {'matched':>8} {'precision':>9} {'source ok':>9}"]
    for rule, m in by_rule.items():
        lines.append(f"{rule:<22} {m['predicted']:>9} {m['matched']:>8} {m['precision']:>9.3f} {m['source_on_matched']:>9.3f}")
    return "\n".join(lines)
