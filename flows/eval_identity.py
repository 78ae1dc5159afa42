"""Measure entity identity against GUM news gold: ``dateline eval identity``.

The scorer asks which mentions are the same real-world entity, within and across articles;
our answer is ``entity_id`` on every named mention, so this measures the merging rules
(alias table, short person names, acronyms) and the stability of ids across articles.
Only named mentions are predicted: GUM's pronoun and common-noun mentions stay unmatched,
which lowers coverage but not the pairwise precision/recall over matched mentions.
"""
from __future__ import annotations

from pathlib import Path

from flows.eval_entities import score_mentions


def run(gold: Path, scorer_dir: Path, out_dir: Path, model: str | None = None, limit: int | None = None) -> dict:
    def row(name: str, m: dict) -> dict:
        return {"doc": name, "start": m["start_char"], "end": m["end_char"], "entity_id": m["entity_id"]}

    return score_mentions(Path(scorer_dir) / "identity.py", Path(gold), Path(out_dir), "identity", row, model, limit)
