"""The `entities` table holds counts over everything published. A run stages only the rows of
the entities its new mentions touch, each folded from its published row and the run's
contributions, as one part; publication puts them in place of the published rows
(`warehouse.keyed`: only the key ranges they fall in are rewritten). When quarantine holds
mentions back, the part is staged again without them (only counts change: no entity row goes,
other rows may name it). The result is what folding every contribution into the whole table gives."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.parquet as pq

from warehouse.keyed import read_rows
from warehouse.lake import Lake, to_arrow, write_parquet_atomic
from warehouse.quarantine import quarantine_path


def touched_entities(lake: Lake, entity_ids: set[str]) -> list[dict]:
    """The published rows of `entity_ids` (those the run's mentions touch), read from the parts
    whose key ranges hold them."""
    return read_rows(lake.lake_dir, "entities", lake.manifest().get("entities", []), entity_ids).to_pylist()


def stage_entities_table(lake: Lake, run_id: str, entities: list[dict]) -> Path:
    """The entities' rows as one staged part, named after its content."""
    digest = hashlib.sha256(repr([(e["entity_id"], e["mention_count"], e["aliases"], e.get("linked_entity_id")) for e in entities]).encode())
    path = lake.staging_dir(run_id) / "entities" / f"part-{digest.hexdigest()[:16]}.parquet"
    return write_parquet_atomic(to_arrow("entities", entities), path, {"dateline.run_id": run_id})


def held_mentions(quarantine_dir: Path, run_id: str) -> dict[tuple[str, str], int]:
    """Mentions the run held back, per (article_id, entity_id): what `entities` must not count."""
    rows = pq.read_table(quarantine_path(quarantine_dir, "mentions", run_id), columns=["article_id", "entity_id"]).to_pylist()
    held: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["article_id"], row["entity_id"])
        held[key] = held.get(key, 0) + 1
    return held
