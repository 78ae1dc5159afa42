"""Measure ``dateline_events`` against WikiEvents gold (KAIROS events with arguments).

The gold annotates every trigger mention, so the prediction file holds the component's mention
level output (``EventExtractor.mentions``), before mentions of one occurrence are merged.
Only predictions the gold could contain are written: events of KAIROS families (the scorer's
own list; Policy.*, Business.* and Government.* are Dateline additions the gold never annotates;
`evaluation.rams` keeps Government.* for RAMS), events the
text says happened (asserted or reported: WikiEvents annotates occurrences, not negated, planned
or hypothetical ones) and arguments in the scorer's role classes (time and amount are not
annotated there).

Each prediction line names the trigger rule that found it (``rule``); the scores add
``trigger_precision_by_rule``: every rule's predictions scored alone, so a rule that does more
harm than good is visible (its recall means nothing alone and is left out).
"""
from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path

from evaluation.parse_cache import pipe as parse_cache_pipe
from evaluation.scorer import load_scorer, run_scorer, scores_by_rule, scores_on_halves, spread_line
from transforms.pipeline import build_pipeline

REPO = Path(__file__).resolve().parents[1]
SCORED_ROLES = frozenset({"actor", "target", "place", "instrument"})
SCORED_MODALITIES = frozenset({"asserted", "reported"})


def _scorer_families(scorer: Path) -> frozenset[str]:
    module = load_scorer(scorer)
    return frozenset(module.KAIROS_FAMILIES)


def prediction_lines(doc_id: str, mentions: list[dict], families: frozenset[str],
                     modalities: frozenset[str] | None = SCORED_MODALITIES,
                     type_names: Mapping[str, str] | None = None) -> list[dict]:
    """The scored mentions of one document; ``modalities=None`` keeps every modality;
    ``type_names`` writes an event type under the gold ontology's name for it (its family is then
    the one filtered and scored)."""
    named = type_names or {}
    return [
        {
            "doc": doc_id,
            "trigger": [m["start_char"], m["end_char"]],
            "type": named.get(m["event_type"], m["event_type"]),
            "rule": m["rule"],
            "arguments": [{"role": a["role"], "span": [a["start_char"], a["end_char"]], "rule": a.get("rule")}
                          for a in m["arguments"] if a["role"] in SCORED_ROLES],
        }
        for m in mentions
        if named.get(m["event_type"], m["event_type"]).split(".")[0].lower() in families
        and (modalities is None or m["modality"] in modalities)
    ]


def precision_by_rule(score, gold: Path, pred_path: Path) -> dict[str, dict]:
    """{rule: {predictions, identification, family}}: trigger precision of each rule's
    predictions scored alone with the scorer's ``score(gold, pred)``."""
    return {rule: {"predictions": scores["pred_events"],
                   "identification": scores["trigger_identification"]["precision"],
                   "family": scores["trigger_family"]["precision"]}
            for rule, (_, scores) in scores_by_rule(score, gold, pred_path).items()}


def write_predictions(pred_path: Path, paths: list[Path], docs, extractor, families: frozenset[str],
                      modalities: frozenset[str] | None = SCORED_MODALITIES,
                      type_names: Mapping[str, str] | None = None) -> int:
    """One line per scored mention of each exported document; returns how many lines. The
    scorers key a prediction by Path(doc).stem, which would cut "2017.06.05.3887168" short: the
    file name keeps the whole document id."""
    n = 0
    with Path(pred_path).open("w", encoding="utf-8") as fh:
        for path, doc in zip(paths, docs):
            for line in prediction_lines(path.name, extractor.mentions(doc), families, modalities, type_names):
                fh.write(json.dumps(line) + "\n")
                n += 1
    return n


def rule_table(by_rule: dict[str, dict]) -> str:
    rows = [f"{'rule':<24} {'predictions':>11} {'P ident':>8} {'P family':>8}"]
    rows += [f"{rule:<24} {r['predictions']:>11} {r['identification']:>8.3f} {r['family']:>8.3f}"
             for rule, r in sorted(by_rule.items(), key=lambda kv: -kv[1]["predictions"])]
    return "\n".join(rows)


def run(gold: Path, scorer_dir: Path, out_dir: Path, model: str | None = None,
        limit: int | None = None, parse_cache: Path | None = None) -> dict:
    scorer = Path(scorer_dir) / "wikievents.py"
    out_dir = Path(out_dir)
    text_dir = out_dir / "events-text"
    run_scorer(scorer, "export", "--gold", str(gold), "--out", str(text_dir))
    paths = sorted(text_dir.glob("*.txt"))[:limit]
    texts = [p.read_text(encoding="utf-8") for p in paths]
    nlp = build_pipeline(model, REPO / "seeds" / "reference")
    extractor = nlp.get_pipe("dateline_events")
    families = _scorer_families(scorer)
    pred_path = out_dir / "events-pred.jsonl"
    write_predictions(pred_path, paths, parse_cache_pipe(nlp, texts, parse_cache, "wikievents"), extractor, families)
    scores = json.loads(run_scorer(scorer, "score", "--gold", str(gold), "--pred", str(pred_path), "--json"))
    module = load_scorer(scorer)
    scores["trigger_precision_by_rule"] = precision_by_rule(module.score, gold, pred_path)
    print("trigger precision per rule (each rule's predictions scored alone):\n"
          + rule_table(scores["trigger_precision_by_rule"]), file=sys.stderr)
    scores["halves"] = scores_on_halves(module, gold, pred_path)
    for name, key in (("trigger family F1", "trigger_family"), ("argument F1", "arguments")):
        print(spread_line(name, scores[key]["f1"], [h[key]["f1"] for h in scores["halves"]]), file=sys.stderr)
    return scores
