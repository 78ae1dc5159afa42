"""A processed Doc and its article -> rows for every extracted table.

This is the only place that turns the components' Doc extensions into table rows, so the ids
and the columns match `schemas/` in one spot.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from schemas import TABLES
from transforms.dates import resolve_date

if TYPE_CHECKING:  # spaCy is not imported for merge_entities: the flow's own process need not load it
    from spacy.tokens import Doc


def _project(table: str, row: dict) -> dict:
    """Keep the schema's columns, in order; missing ones are null."""
    return {f.name: row.get(f.name) for f in TABLES[table].fields}


def article_anchor(article: dict) -> tuple[date | None, str | None]:
    """The publication date that relative dates resolve against, and how precise it is."""
    if article.get("published_at") is not None:
        return article["published_at"].date(), "day"
    if article.get("published_year"):
        return date(article["published_year"], 1, 1), "year"
    return None, None


OFFSET_SUFFIXES = ("_char", "_start", "_end")  # the keys of the components' dicts that hold offsets


def _shifted(row: dict, offset: int) -> dict:
    """A component's dict with its offsets moved ``offset`` characters on."""
    if not offset:
        return row
    return {k: v + offset if k.endswith(OFFSET_SUFFIXES) and type(v) is int else v for k, v in row.items()}


def rows_for(doc: Doc, article: dict, offset: int = 0) -> dict[str, list[dict]]:
    """The rows of ``doc``, which is the article's body from character ``offset`` on (a chunk of
    a long article, `flows.workers`): offsets, and the ids made of them, are the body's."""
    aid = article["article_id"]
    out: dict[str, list[dict]] = {t: [] for t in ("mentions", "quotes", "events", "event_arguments")}
    for m in doc._.dl_mentions or []:
        m = _shifted(m, offset)
        out["mentions"].append(_project("mentions", {
            **m, "article_id": aid, "mention_id": f"{aid}:{m['start_char']}-{m['end_char']}"}))
    for q in doc._.dl_quotes or []:
        q = _shifted(q, offset)
        out["quotes"].append(_project("quotes", {
            **q, "article_id": aid, "quote_id": f"{aid}:q:{q['start_char']}-{q['end_char']}"}))
    anchor, anchor_granularity = article_anchor(article)
    for ev in doc._.dl_events or []:
        ev = _shifted(ev, offset)
        event_id = f"{aid}:e:{ev['start_char']}-{ev['end_char']}"
        when, granularity = (None, None)
        if ev.get("date_text"):
            when, granularity = resolve_date(ev["date_text"], anchor, anchor_granularity)
        out["events"].append(_project("events", {
            **ev, "article_id": aid, "event_id": event_id, "event_date": when,
            "event_date_granularity": granularity,
            "event_date_text": ev.get("date_text") if when else None}))
        for arg in ev.get("arguments", []):
            arg = _shifted(arg, offset)
            out["event_arguments"].append(_project("event_arguments", {
                **arg, "event_id": event_id, "article_id": aid,
                "argument_id": f"{event_id}:{arg['role']}:{arg['start_char']}-{arg['end_char']}"}))
    return out


def entity_contributions(doc: Doc) -> dict[str, dict]:
    """Per-article view of the canonical entities with how often this article mentions them."""
    counts: dict[str, int] = {}
    for m in doc._.dl_mentions or []:
        counts[m["entity_id"]] = counts.get(m["entity_id"], 0) + 1
    return {eid: {**info, "mention_count": counts.get(eid, 0)}
            for eid, info in (doc._.dl_entities or {}).items() if counts.get(eid)}


def merge_contributions(parts: list[dict[str, dict]]) -> dict[str, dict]:
    """One article's contributions from those of its chunks' Docs: an entity several chunks
    mention is one, its mentions summed and its aliases unioned (name and label are the first
    chunk's)."""
    merged: dict[str, dict] = {}
    for part in parts:
        for eid, info in part.items():
            row = merged.get(eid)
            if row is None:
                merged[eid] = {**info, "aliases": list(info.get("aliases") or [])}
                continue
            row["mention_count"] += info["mention_count"]
            row["aliases"] += [a for a in info.get("aliases") or [] if a not in row["aliases"]]
            row["country_entity_id"] = row.get("country_entity_id") or info.get("country_entity_id")
    return merged


def without_held(contributions: list[tuple[str, dict[str, dict], object]],
                 held: dict[tuple[str, str], int]) -> list[tuple[dict[str, dict], object]]:
    """Per-article contributions ``(article_id, per_entity, seen_at)`` less the mentions
    quarantine held back (``held``: (article_id, entity_id) -> mentions), as `merge_entities`
    takes them. An article left with none of an entity's mentions no longer counts for it; the
    entity keeps its row (other rows may name it), with the counts of what was published."""
    out = []
    for article_id, per_entity, seen_at in contributions:
        out.append(({eid: {**info, "mention_count": max(info["mention_count"] - held.get((article_id, eid), 0), 0)}
                     for eid, info in per_entity.items()}, seen_at))
    return out


# An article whose text shows the entity is an organization ("Lib Dem leader", "Lib Dems") or a
# person ("Mr Quill" for a "Peter Quill" the model read as a company) weighs this many
# articles that only guess a label, in the lake's label vote (`merge_entities`).
ORG_EVIDENCE_WEIGHT = 3


def add_vote(row: dict, label: str, weight: int) -> None:
    """One article's label into the row's lake-wide vote; the label with most weight wins, a tie
    keeps the label the row has. A row from before the vote starts from its label, once per article."""
    votes = dict(zip(row.get("vote_labels") or [row["label"]], row.get("vote_weights") or [row["article_count"]]))
    votes[label] = votes.get(label, 0) + weight
    row["vote_labels"], row["vote_weights"] = list(votes), list(votes.values())
    best = max(votes.values())
    if votes.get(row["label"], 0) < best:
        row["label"] = next(lab for lab, w in votes.items() if w == best)


def merge_entities(existing: list[dict], contributions: list[tuple[dict[str, dict], object]]) -> list[dict]:
    """Fold per-article entity contributions (with the article's ingestion time) into `entities` rows.

    An entity already known keeps its name; its label is voted over the lake's articles
    (`add_vote`); counts add up, aliases are unioned, and first/last seen widen. An article
    counts for an entity when it contributes a mention of it.
    """
    by_id = {row["entity_id"]: dict(row, aliases=list(row.get("aliases") or [])) for row in existing}
    for per_article, seen_at in contributions:
        for eid, info in per_article.items():
            row = by_id.get(eid)
            counted = int(info["mention_count"] > 0)
            evidence = info.get("org_evidence") or info.get("person_evidence")
            weight = counted * (ORG_EVIDENCE_WEIGHT if evidence else 1)
            if row is None:
                by_id[eid] = {"entity_id": eid, "name": info["name"], "label": info["label"],
                              "aliases": sorted(set(info.get("aliases") or [])),
                              "country_entity_id": info.get("country_entity_id"),
                              "mention_count": info["mention_count"], "article_count": counted,
                              "vote_labels": [info["label"]], "vote_weights": [weight],
                              "first_seen": seen_at, "last_seen": seen_at}
                continue
            add_vote(row, info["label"], weight)
            row["aliases"] = sorted(set(row["aliases"]) | set(info.get("aliases") or []))
            row["country_entity_id"] = row.get("country_entity_id") or info.get("country_entity_id")
            row["mention_count"] += info["mention_count"]
            row["article_count"] += counted
            row["first_seen"] = min(row["first_seen"], seen_at)
            row["last_seen"] = max(row["last_seen"], seen_at)
    return [_project("entities", by_id[k]) for k in sorted(by_id)]
