"""Measure ``dateline_events`` against RAMS 1.0 gold (news windows of five sentences, one
annotated event each, AIDA ontology: the parent of KAIROS).

RAMS annotates one event per window and leaves the others out, so it measures recall at the
gold event (trigger, family) and the arguments of the predicted event matched to it; precision
of triggers is only measurable on WikiEvents (``dateline eval events``). The prediction file is
written as WikiEvents' (`evaluation.events.prediction_lines`: mention level, events the text says
happened, the scorer's role classes), so a change measured on one set is the same change on the
other; its families are WikiEvents' KAIROS families and the AIDA families of the RAMS gold
(``scored_families``: government, inspection, manufacture have no KAIROS counterpart, and the
RAMS scorer counts them, as a user would), so the types Dateline names after an AIDA family
are measured here and nowhere else. The other Policy.*, Business.* types stay out: no gold holds
them. Three Dateline types whose AIDA counterpart sits in another family are written under the AIDA name
(``AIDA_TYPE_NAMES``: Cognitive.Inspection is inspection.sensoryobserve, ArtifactExistence.
ManufactureAssemble is manufacture.artifact, Policy.Sanction is transaction's embargosanction);
the events table keeps the Dateline names.

RAMS annotates events whatever their modality (planned, negated, hypothetical ones too), while
the WikiEvents-shaped prediction file keeps only events the text says happened; so the events
table (which keeps every modality in its ``modality`` column) is also scored as it is:
``every_modality`` holds the scorer's figures on a second prediction file with all modalities.

Added to the scorer's figures: ``recall_by_rule`` (the gold events each trigger rule finds when
its predictions are scored alone: what a rule contributes, and what dropping it costs),
``family_recall_by_gold_family`` (which AIDA families are missed) and ``halves`` (the figures on
each half of the examples, alternate in sorted order, scored by the scorer itself: the spread a
difference has to beat).
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from evaluation.events import REPO, SCORED_MODALITIES, _scorer_families
from evaluation.events import write_predictions as write_event_predictions
from evaluation.parse_cache import pipe as parse_cache_pipe
from evaluation.scorer import load_scorer, run_scorer, scores_by_rule, scores_on_halves, spread_line
from transforms.pipeline import build_pipeline


def recall_by_rule(score, gold: Path, pred_path: Path) -> dict[str, dict]:
    """{rule: {predictions, trigger_recall, family_recall}}: each rule's predictions scored alone
    with the scorer's ``score(gold, pred)``."""
    return {rule: {"predictions": n, "trigger_recall": scores["trigger_recall"], "family_recall": scores["family_recall"]}
            for rule, (n, scores) in scores_by_rule(score, gold, pred_path).items()}


def family_recall_by_gold_family(scorer_module, gold: Path, pred_path: Path) -> dict[str, dict]:
    """{AIDA family: {gold, found, right_family}}: how many gold events of each family some
    prediction overlaps, and with the right family."""
    preds: dict[str, list[dict]] = defaultdict(list)
    for line in Path(pred_path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            p = json.loads(line)
            preds[Path(p["doc"]).stem].append(p)
    out: dict[str, dict] = defaultdict(lambda: {"gold": 0, "found": 0, "right_family": 0})
    for key, _text, g in scorer_module.documents(str(gold)):
        row = out[g["family"]]
        row["gold"] += 1
        hits = [p for p in preds.get(key, []) if scorer_module.overlaps(p["trigger"], g["trigger"])]
        row["found"] += bool(hits)
        row["right_family"] += any(p["type"].split(".")[0].lower() == g["family"] for p in hits)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["gold"]))


# Dateline types whose AIDA counterpart sits in another family, as the RAMS file names them: AIDA
# has no cognitive family (its inspection.sensoryobserve is KAIROS's Cognitive.Inspection), calls
# making an artifact manufacture.artifact (KAIROS ArtifactExistence.ManufactureAssemble), and
# files an embargo or a sanction under transaction (its sub-subtype embargosanction: goods, money
# or dealings kept from passing, Dateline's Policy.Sanction). The events table and WikiEvents'
# file keep the Dateline names.
AIDA_TYPE_NAMES = {"Cognitive.Inspection": "Inspection.SensoryObserve",
                   "ArtifactExistence.ManufactureAssemble": "Manufacture.Artifact",
                   "Policy.Sanction": "Transaction.Transaction.EmbargoSanction"}


def write_predictions(pred_path: Path, paths: list[Path], docs, extractor, families: frozenset[str],
                      modalities: frozenset[str] | None = SCORED_MODALITIES) -> int:
    """WikiEvents' prediction writer with the AIDA names of AIDA_TYPE_NAMES."""
    return write_event_predictions(pred_path, paths, docs, extractor, families, modalities, AIDA_TYPE_NAMES)


def scored_families(kairos: frozenset[str], scorer_module, gold: Path) -> frozenset[str]:
    """The families the RAMS prediction file keeps: the KAIROS ones and every family of the RAMS
    gold (the scorer's ``documents``: an AIDA family is a gold type's first dotted part)."""
    return kairos | frozenset(g["family"] for _key, _text, g in scorer_module.documents(str(gold)))


def rule_table(by_rule: dict[str, dict]) -> str:
    rows = [f"{'rule':<24} {'predictions':>11} {'R trigger':>9} {'R family':>8}"]
    rows += [f"{rule:<24} {r['predictions']:>11} {r['trigger_recall']:>9.3f} {r['family_recall']:>8.3f}"
             for rule, r in sorted(by_rule.items(), key=lambda kv: -kv[1]["predictions"])]
    return "\n".join(rows)


def run(gold: Path, scorer_dir: Path, out_dir: Path, model: str | None = None,
        limit: int | None = None, parse_cache: Path | None = None) -> dict:
    scorer = Path(scorer_dir) / "rams.py"
    out_dir = Path(out_dir)
    text_dir = out_dir / "rams-text"
    run_scorer(scorer, "export", "--gold", str(gold), "--out", str(text_dir))
    paths = sorted(text_dir.glob("*.txt"))[:limit]
    if limit:  # score the same windows that were run
        keep = {p.stem for p in paths}
        subset = out_dir / "rams-gold-subset.jsonlines"
        subset.write_text("".join(line + "\n" for line in Path(gold).read_text(encoding="utf-8").splitlines()
                                  if line.strip() and json.loads(line)["doc_key"] in keep), encoding="utf-8")
        gold = subset
    nlp = build_pipeline(model, REPO / "seeds" / "reference")
    docs = list(parse_cache_pipe(nlp, [p.read_text(encoding="utf-8") for p in paths], parse_cache, "rams"))
    module = load_scorer(scorer)
    families = scored_families(_scorer_families(Path(scorer_dir) / "wikievents.py"), module, gold)
    pred_path, every_path = out_dir / "rams-pred.jsonl", out_dir / "rams-pred-every-modality.jsonl"
    write_predictions(pred_path, paths, docs, nlp.get_pipe("dateline_events"), families)
    write_predictions(every_path, paths, docs, nlp.get_pipe("dateline_events"), families, modalities=None)
    scores = json.loads(run_scorer(scorer, "score", "--gold", str(gold), "--pred", str(pred_path), "--json"))
    scores["every_modality"] = json.loads(run_scorer(scorer, "score", "--gold", str(gold), "--pred", str(every_path), "--json"))
    scores["recall_by_rule"] = recall_by_rule(module.score, gold, pred_path)
    scores["family_recall_by_gold_family"] = family_recall_by_gold_family(module, gold, pred_path)
    scores["halves"] = scores_on_halves(module, gold, pred_path)
    print("recall at the gold event per rule (each rule's predictions scored alone):\n"
          + rule_table(scores["recall_by_rule"]), file=sys.stderr)
    for name, pick in (("trigger recall", lambda s: s["trigger_recall"]), ("family recall", lambda s: s["family_recall"]),
                       ("argument F1", lambda s: s["arguments"]["f1"])):
        print(spread_line(name, pick(scores), [pick(h) for h in scores["halves"]]), file=sys.stderr)
    every = scores["every_modality"]
    print(f"every modality (the events table as it is): trigger recall {every['trigger_recall']:.3f}, "
          f"family recall {every['family_recall']:.3f}, argument F1 {every['arguments']['f1']:.3f}", file=sys.stderr)
    return scores
