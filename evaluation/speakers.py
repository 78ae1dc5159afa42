"""Measure quote speakers' entities against GUM news coreference: ``dateline eval speakers``.

PolNeAR gold holds a quote's source as written ("he"), not whom it refers to, so it cannot
say whether ``speaker_entity_id`` is right. GUM news (Wikinews, CC BY) marks every mention,
pronouns included, with its coreference chain. For each quote Dateline finds in those texts
with a speaker entity, or with a pronoun speaker, the gold mention at the speaker span names a
chain; the speaker is right when a mention of its entity stands for a mention of that chain
(the smallest gold mention holding it is in the chain: a pronoun's chain holds the person's
name elsewhere in the article), wrong when none does, and unresolved when Dateline gave no
entity. Figures per ``speaker_kind`` (name, pronoun, ...).

The gold is read with the identity scorer's own parser: each mention's chain id is written into
the identity field of a copy of the gold, so the parser returns every mention with its chain.
"""
from __future__ import annotations

import json
import re
import tempfile
from collections import defaultdict
from pathlib import Path

from evaluation.scorer import load_scorer, run_scorer
from transforms.pipeline import build_pipeline

REPO = Path(__file__).resolve().parents[1]
SCORER = "identity.py"
OPEN = re.compile(r"\((\d+)-([^()]*)")


def with_chain_identities(conllu: str) -> str:
    """The CoNLL-U with each Entity opening's identity field (the 7th after its id) set to
    ``chain<id>of``, so that every mention, pronouns included, carries its chain."""
    def chain(match: re.Match) -> str:
        fields = match.group(2).split("-")
        fields += [""] * (7 - len(fields))
        # Ends in a letter: the parser reads trailing digits before ")" as a closer's id.
        fields[6] = f"chain{match.group(1)}of"
        return f"({match.group(1)}-{'-'.join(fields[:7])}"

    lines = []
    for line in conllu.splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and not line.startswith("#"):
            cols[9] = "|".join(
                "Entity=" + OPEN.sub(chain, kv[len("Entity="):]) if kv.startswith("Entity=") else kv
                for kv in cols[9].split("|")
            )
            line = "\t".join(cols)
        lines.append(line)
    return "\n".join(lines) + "\n"


def judge(quote: dict, gold: list[dict], mentions: list[dict]) -> str | None:
    """right / wrong / unresolved for one quote's speaker, or None when the gold marks no mention
    at its span. ``gold``: the gold mentions (start, end, identity: the chain); ``mentions``: the
    article's predicted mentions (start_char, end_char, entity_id). A span stands for the
    smallest gold mention holding it: "Ann" inside "Ann's father" is Ann where the gold marks
    "Ann" too, and "team member Ann Lee" is one mention."""
    start, end = quote["speaker_start"], quote["speaker_end"]
    if start is None:
        return None
    chain = chain_at(gold, start, end)
    if chain is None:
        return None
    if quote["speaker_entity_id"] is None:
        return "unresolved"
    ours = (m for m in mentions if m["entity_id"] == quote["speaker_entity_id"])
    return "right" if any(chain_at(gold, m["start_char"], m["end_char"]) == chain for m in ours) else "wrong"


def chain_at(gold: list[dict], start: int, end: int) -> str | None:
    holding = [g for g in gold if g["start"] <= start and end <= g["end"]]
    return min(holding, key=lambda g: g["end"] - g["start"])["identity"] if holding else None


def run(gold: Path, scorer_dir: Path, out_dir: Path, model: str | None = None, limit: int | None = None) -> dict:
    scorer = Path(scorer_dir) / SCORER
    out_dir = Path(out_dir)
    texts_dir = out_dir / "speakers-gold-texts"
    run_scorer(scorer, "export", "--gold", str(gold), "--out", str(texts_dir))
    module = load_scorer(scorer)
    files = sorted(Path(gold).glob("GUM_news_*.conllu"))[:limit]
    nlp = build_pipeline(model, REPO / "seeds" / "reference")
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            copy = Path(tmp) / path.name
            copy.write_text(with_chain_identities(path.read_text(encoding="utf-8")), encoding="utf-8")
            text, gold_mentions = module.parse(copy)
            if text != (texts_dir / f"{path.stem}.txt").read_text(encoding="utf-8"):
                raise RuntimeError(f"{path.name}: the chain-marked copy does not read as the exported text")
            doc = nlp(text)
            for q in doc._.dl_quotes:
                verdict = judge(q, gold_mentions, doc._.dl_mentions)
                if verdict is None:
                    continue
                counts[q["speaker_kind"]][verdict] += 1
                cases.append({"doc": path.stem, "speaker": q["speaker"], "kind": q["speaker_kind"], "verdict": verdict,
                              "entity": (doc._.dl_entities.get(q["speaker_entity_id"]) or {}).get("name"),
                              "speaker_start": q["speaker_start"]})
    (out_dir / "speakers-cases.jsonl").write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return {kind: summary(c) for kind, c in sorted(counts.items())} | {"all": summary(total(counts))}


def total(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for c in counts.values():
        for verdict, n in c.items():
            out[verdict] += n
    return out


def summary(c: dict[str, int]) -> dict:
    right, wrong, unresolved = c.get("right", 0), c.get("wrong", 0), c.get("unresolved", 0)
    resolved = right + wrong
    return {"quotes": resolved + unresolved, "right": right, "wrong": wrong, "unresolved": unresolved,
            "precision": round(right / resolved, 4) if resolved else None,
            "recall": round(right / (resolved + unresolved), 4) if resolved + unresolved else None}
