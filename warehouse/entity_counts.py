"""The `entities` table holds counts over everything published, so each run that adds articles
rewrites it whole, as one staged part; when quarantine holds mentions back, it is staged again
without them (only counts change: no entity row goes, other rows may name it)."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow.parquet as pq

from warehouse.lake import Lake, to_arrow, write_parquet_atomic
from warehouse.quarantine import quarantine_path


def stage_entities_table(lake: Lake, run_id: str, entities: list[dict]) -> Path:
    """The whole `entities` table as one staged part, named after its content."""
    digest = hashlib.sha256(repr([(e["entity_id"], e["mention_count"], e["aliases"]) for e in entities]).encode())
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
