"""Measure entity identity against GUM news gold: ``dateline eval identity``.

The scorer asks which mentions are the same real-world entity, within and across articles;
our answer is ``entity_id`` on every named mention, so this measures the merging rules
(alias table, short person names, acronyms) and the stability of ids across articles.
Only named mentions are predicted: GUM's pronoun and common-noun mentions stay unmatched,
which lowers coverage but not the pairwise precision/recall over matched mentions.

The scorer matches each gold mention with the longest predicted mention inside it, so a name
inside a longer phrase stands for the phrase: "James To of the Democratic Party" is matched by
"Democratic Party" and counted as a wrong merge of James To with his party. Beside the scorer's
figures, ``head_matched`` scores the same predictions with each gold mention matched on its
syntactic head (the one token whose dependency head lies outside the mention, read from the
gold's own parse): the figure that says how often two names Dateline merges are one entity.

``lake`` scores identity as the warehouse holds it: the gold texts go through ``dateline run``
into a scratch data dir, and the warehouse's ``mentions.entity_id`` (lake-level links applied at
load: `entities.link_rule`) is scored with the same scorer and head matching. The component's
figures above see one article at a time; only these show the lake's links across articles.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from evaluation.entities import score_mentions
from evaluation.scorer import load_scorer, run_scorer

SCORER = "identity.py"


def run(gold: Path, scorer_dir: Path, out_dir: Path, model: str | None = None, limit: int | None = None) -> dict:
    def row(name: str, m: dict) -> dict:
        return {"doc": name, "start": m["start_char"], "end": m["end_char"], "entity_id": m["entity_id"]}

    scorer = Path(scorer_dir) / SCORER
    scores = score_mentions(scorer, Path(gold), Path(out_dir), "identity", row, model, limit)
    scores["head_matched"] = head_matched(scorer, Path(gold), Path(out_dir) / "identity-pred.jsonl")
    scores["lake"] = through_lake(scorer, Path(gold), Path(out_dir), model, limit)
    return scores


def through_lake(scorer: Path, gold: Path, out_dir: Path, model: str | None, limit: int | None) -> dict:
    """The scorer's figures (and ``head_matched``) for the warehouse's entity ids after a real
    ``dateline run`` over the exported gold texts (the first ``limit``)."""
    texts = sorted((out_dir / "identity-gold-texts").glob("*.txt"))[:limit]
    pred = out_dir / "identity-lake-pred.jsonl"
    with tempfile.TemporaryDirectory(prefix="dateline-identity-") as tmp:
        inputs = Path(tmp) / "inputs"
        inputs.mkdir()
        for f in texts:
            (inputs / f.name).write_bytes(f.read_bytes())
        rows, links = warehouse_mentions(inputs, Path(tmp) / "data", model)
    with pred.open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    scores = json.loads(run_scorer(scorer, "score", "--gold", str(gold), "--pred", str(pred), "--json"))
    scores["head_matched"] = head_matched(scorer, gold, pred)
    scores["lake_links"] = links
    return scores


LAKE_SQL = ("SELECT a.source_uri, a.body, m.start_char, m.end_char, m.entity_id FROM mentions m "
            "JOIN articles a USING (article_id)")
LINKS_SQL = ("SELECT e.name, e.link_rule, t.name AS linked_name FROM entities e JOIN entities t "
             "ON t.entity_id = e.linked_entity_id WHERE e.link_rule IS NOT NULL ORDER BY ALL")


def warehouse_mentions(inputs: Path, data_dir: Path, model: str | None) -> tuple[list[dict], list[dict]]:
    """Run ``dateline run`` over ``inputs`` into ``data_dir`` and read back every mention as a
    prediction row, its offsets moved from ``articles.body`` to the input file's text; and the
    lake-level links made (name, rule, name linked to)."""
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    base = [sys.executable, "-m", "flows.cli"]
    run = base + ["run", str(inputs), "--data-dir", str(data_dir)] + (["--model", model] if model else [])
    cwd = Path(__file__).resolve().parents[1]
    done = subprocess.run(run, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"dateline run failed ({done.returncode}):\n{done.stderr[-3000:]}")

    def query(sql: str) -> list[dict]:
        done = subprocess.run(base + ["query", sql, "--data-dir", str(data_dir), "--format", "json"],
                              cwd=cwd, env=env, capture_output=True, text=True, check=True)
        return json.loads(done.stdout)

    rows = [row for row in map(lake_row, query(LAKE_SQL)) if row is not None]
    return rows, query(LINKS_SQL)


def lake_row(m: dict) -> dict | None:
    """A warehouse mention (with its article's ``source_uri`` and ``body``) as a prediction row on
    the input file's text; None when the body is not found in that text (its offsets cannot be
    scored)."""
    source = Path(m["source_uri"])
    shift = source.read_text(encoding="utf-8").find(m["body"]) if source.is_file() else -1
    if shift < 0:
        return None
    return {"doc": source.stem, "start": m["start_char"] + shift, "end": m["end_char"] + shift,
            "entity_id": m["entity_id"]}


def head_matched(scorer: Path, gold: Path, pred: Path) -> dict:
    """The scorer's pairwise figures, each gold mention matched by the longest predicted mention
    inside it that covers its syntactic head. Uses the scorer's own reading of the gold (text,
    mentions) and pair counting, so only the matching differs."""
    module = load_scorer(scorer)
    preds = defaultdict(list)
    for line in pred.read_text(encoding="utf-8").splitlines():
        if line.strip():
            p = json.loads(line)
            preds[Path(p["doc"]).stem].append((p["start"], p["end"], str(p["entity_id"])))
    items = []
    for path in sorted(gold.glob("GUM_news_*.conllu")):
        text, mentions = module.parse(path)
        tokens = conllu_tokens(path.read_text(encoding="utf-8"), text)
        for m in mentions:
            found = match_on_head(preds[path.stem], m["start"], m["end"], syntactic_head(tokens, m["start"], m["end"]))
            if found is not None:
                items.append((path.stem, m["identity"], found))
    return module.pair_scores(items)


def conllu_tokens(conllu: str, text: str) -> list[tuple[int, int, int | None]]:
    """(start, end, index of its dependency head or None for a root) per token of a CoNLL-U
    document, with offsets found in ``text`` (the document as the scorer exported it: the
    tokens in order, spaces and newlines between)."""
    tokens, sentence_start, position = [], 0, 0
    for line in conllu.splitlines():
        if not line.strip():
            sentence_start = len(tokens)
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:  # multiword ranges and empty nodes carry no text
            continue
        start = text.index(cols[1], position)
        position = start + len(cols[1])
        head = int(cols[6]) if cols[6].isdigit() else 0
        tokens.append((start, position, sentence_start + head - 1 if head else None))
    return tokens


def syntactic_head(tokens: list[tuple[int, int, int | None]], start: int, end: int) -> tuple[int, int]:
    """The character span of the mention's head: its first token whose head lies outside it."""
    inside = [i for i, (s, e, _) in enumerate(tokens) if start <= s and e <= end]
    for i in inside:
        head = tokens[i][2]
        if head is None or head not in inside:
            return tokens[i][:2]
    return (start, end)


def match_on_head(preds: list[tuple[int, int, str]], start: int, end: int, head: tuple[int, int]) -> str | None:
    """The entity id of the longest predicted mention inside [start, end) covering the head."""
    best = None
    for s, e, entity_id in preds:
        if start <= s and e <= end and s < head[1] and head[0] < e and (best is None or e - s > best[1] - best[0]):
            best = (s, e, entity_id)
    return best[2] if best else None
