"""The lake's short-name index (`schemas.entity_names`) and the lake-level links it decides.

A keyed side table under ``lake/entity_names/``, named in the manifest: each run reads only the
rows of the short names its new entities bear (`warehouse.keyed.read_rows`: the key-range parts
that hold them), folds its articles in (`transforms.lake_names.fold`), decides every link of
those rows again (`transforms.lake_names.relink`: made, kept, moved or undone), and stages the
changed rows, which publication folds into their ranges like
`entities`. So a run's cost grows with what it adds, not with the lake.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from schemas import SIDE_TABLES, TABLES
from transforms.entity_keys import name_key
from transforms.lake_names import (ALIAS_TABLE, BEARER_COLUMNS, LAKE_ORG_NAME, LAKE_SURNAME, LAKE_SURNAME_LISTED, LONE_COLUMNS,
                                  add_titles, add_variant, alias_rekeyed, fold, load_aliases, load_rules, load_variant_heads,
                                  recover, relink)
from warehouse.entity_counts import touched_entities
from warehouse.keyed import read_rows
from warehouse.lake import Lake, Staged, write_parquet_atomic

KEY = "entity_names"


@dataclass
class NameLinks:
    """What a run decided: {lone entity id: (entity linked to, rule)}, and the index part to publish."""
    links: dict[str, tuple[str, str]] = field(default_factory=dict)
    part: Path | None = None

    def staged(self, full_refresh: bool = False) -> Staged:
        out = Staged(replaces={KEY} if full_refresh else set())
        if self.part is not None:
            out.add(KEY, self.part)
            out.upserts.add(KEY)
        return out


def decide_links(lake: Lake, run_id: str, reference_dir: str | Path,
                 contributions: list[dict[str, dict]], full_refresh: bool = False) -> NameLinks:
    """Fold the run's per-article entities into the index rows they touch, decide every link of
    those rows again (old articles' lone surnames too: made, moved or undone, `relink`), and
    stage the changed rows. {entity: (None, None)} in the links is a link undone."""
    rules, heads = load_rules(reference_dir), load_variant_heads(reference_dir)
    rekeyed = {} if full_refresh else alias_links(lake, reference_dir, contributions)
    rows: dict[str, dict] = {}
    new: dict[str, dict] = {}
    touched: set[str] = set()
    for per_article in contributions:
        touched |= fold(new, per_article, heads)
    if not touched:
        return NameLinks(rekeyed)
    older: set[str] = set()
    if not full_refresh:
        published = read_rows(lake.lake_dir, KEY, lake.manifest().get(KEY, []), touched).to_pylist()
        rows = {r["short_name"]: opened(r) for r in published}
        older = {r["short_name"] for r in published if r["lone_links"] is None}
    for short in touched:  # the published row, with the run's bearers and lone names folded in
        rows[short] = merged(rows.get(short), new[short])
    for eid, short, target, rule_name in linked_elsewhere(lake, older, rows):
        recover(rows[short], eid, target, rule_name, rules)
    links = dict(rekeyed)
    for short in sorted(touched):
        links.update(relink(rows[short], rules))
    table = pa.Table.from_pylist([rows[k] for k in sorted(touched)], schema=SIDE_TABLES[KEY].schema)
    path = write_parquet_atomic(table, lake.staging_dir(run_id) / KEY / f"part-{run_id}.parquet", {"dateline.run_id": run_id})
    return NameLinks(links, path)


def opened(row: dict) -> dict:
    """A published row as `relink` reads it: a row of the older form (no ``lone_links``: it held
    only the lone entities not linked yet) has them all open; one written before `lake_variant`
    (no ``variant_ids``) knows no long form yet (the runs after it count theirs) and no link of it."""
    if row["lone_links"] is None:
        row = dict(row, lone_links=[""] * len(row["lone_ids"]), lone_rules=[""] * len(row["lone_ids"]))
    if row.get("variant_ids") is None:
        row = dict(row, variant_ids=[], variant_articles=[], variant_short_articles=[], org_link="", tail_articles=0)
    return row


INDEX_RULES = (LAKE_SURNAME, LAKE_ORG_NAME, LAKE_SURNAME_LISTED)


def linked_elsewhere(lake: Lake, shorts: set[str], rows: dict[str, dict]) -> list[tuple[str, str, str, str]]:
    """(entity, short name, entity linked to, rule) of the lake's entities linked by an index rule
    whose short name is one of ``shorts`` (rows of the older form, which dropped linked entities)
    and that the row does not hold: read from `entities` (its link columns only), once per run that
    touches such a row."""
    files = [str(lake.lake_dir / rel) for rel in lake.manifest().get("entities", [])]
    if not shorts or not files:
        return []
    data = ds.dataset(files, format="parquet", schema=TABLES["entities"].schema)
    found = data.to_table(columns=["entity_id", "name", "linked_entity_id", "link_rule"],
                          filter=pc.field("link_rule").isin(list(INDEX_RULES))).to_pylist()
    out = []
    for r in sorted(found, key=lambda r: r["entity_id"]):
        short = name_key(r["name"])
        if short in shorts and r["entity_id"] not in rows[short]["lone_ids"]:
            out.append((r["entity_id"], short, r["linked_entity_id"], r["link_rule"]))
    return out


def alias_links(lake: Lake, reference_dir: str | Path, contributions: list[dict[str, dict]]) -> dict[str, tuple[str, str]]:
    """Rule ``alias_table``: an entity an older article gave a name the alias table now gives
    another entity ("New York City", before the row "New York City -> New York") is linked to
    that entity when a run's article writes the name: ids are a function of the name, so the
    lake's older row keeps its own id, and the link points its mentions at the new one (a
    migration that follows the runs; `--full-refresh` re-extracts instead). An older row already
    linked stays as it is."""
    aliases, nicknames = load_aliases(reference_dir)
    wanted: dict[str, str] = {}
    for per_article in contributions:
        for old, eid in alias_rekeyed(per_article, aliases, nicknames).items():
            wanted.setdefault(old, eid)
    if not wanted:
        return {}
    return {r["entity_id"]: (wanted[r["entity_id"]], ALIAS_TABLE)
            for r in touched_entities(lake, set(wanted)) if not r.get("linked_entity_id")}


def merged(old: dict | None, new: dict) -> dict:
    """An index row with a run's additions (``new``: the same short name, from this run only)."""
    if old is None:
        return new
    row = {k: list(v) if isinstance(v, list) else v for k, v in old.items()}
    where = {eid: j for j, eid in enumerate(row["bearer_ids"])}
    for i, eid in enumerate(new["bearer_ids"]):
        if eid in where:
            j = where[eid]
            row["bearer_articles"][j] += new["bearer_articles"][i]
            row["bearer_short_articles"][j] += new["bearer_short_articles"][i]
            row["bearer_genders"][j] = row["bearer_genders"][j] or new["bearer_genders"][i]
            row["bearer_titles"][j] = add_titles(row["bearer_titles"][j], new["bearer_titles"][i])
        else:
            for col in BEARER_COLUMNS:
                row[col].append(new[col][i])
    row["org_id"] = row.get("org_id") or new["org_id"]
    row["org_articles"] = (row.get("org_articles") or 0) + new["org_articles"]
    row["other_articles"] = (row.get("other_articles") or 0) + new["other_articles"]
    row["tail_articles"] = (row.get("tail_articles") or 0) + new["tail_articles"]
    for eid, articles, short in zip(new["variant_ids"], new["variant_articles"], new["variant_short_articles"]):
        add_variant(row, eid, articles, short)
    lone = set(row["lone_ids"])
    for i, eid in enumerate(new["lone_ids"]):
        if eid not in lone:
            for col in LONE_COLUMNS:
                row[col].append(new[col][i])
    return row
