"""Compaction: the small parts every run adds, merged into parts of a target size.

A scheduled run adds a part to every table it writes (about 800 small files a day for a run every
15 minutes), and every reader of the lake pays per file. `compact` merges, table by table, runs
of consecutive parts smaller than half `target_bytes()` into parts of about that size (a keyed
table's adjacent key ranges into parts of at most `keyed.part_rows()` rows, still sorted and
disjoint; the near-duplicate index, which gains a part per run, as an appended table), and
publishes them all in one manifest swap: readers see every table before or after
the compaction, never half of it. The parts it replaces are retired by that swap and deleted by
a sweep after the grace period (`warehouse.lake.retire_grace_seconds`). `dateline compact` runs
it by hand, the nightly audit after its checks; both hold the data dir's lock.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES
from warehouse import duplicates
from warehouse.keyed import PART_ROWS, part_rows, ranges, write_split
from warehouse.lake import Lake, Staged

TARGET_PART_BYTES = 64 * 2**20  # Parquet bytes of a compacted part
ENTITY_PART_ROWS = PART_ROWS  # a keyed table's parts: rows at most
ROW_GROUP_ROWS = 128 * 1024  # rows buffered before a row group is written: bounds memory
KEYED = {"entities"}
# Side indexes that gain a part per run, merged like appended tables (the short-name index,
# `entity_names`, is keyed: each run rewrites the ranges it touches, so it never piles up).
APPENDED_INDEXES = {duplicates.KEY: duplicates.SCHEMA}


def schema_of(table: str) -> pa.Schema:
    return TABLES[table].schema if table in TABLES else APPENDED_INDEXES[table]


def target_bytes() -> int:
    return int(os.environ.get("DATELINE_PART_BYTES", TARGET_PART_BYTES))


def append_groups(lake: Lake, rels: list[str], target: int) -> list[list[str]]:
    """Consecutive small parts (under half the target) in groups of about `target` bytes."""
    groups, current, size = [], [], 0
    for rel in rels:
        n = (lake.lake_dir / rel).stat().st_size
        if n >= target // 2:
            continue
        current.append(rel)
        size += n
        if size >= target:
            groups.append(current)
            current, size = [], 0
    return groups + [current]


def keyed_groups(lake: Lake, table: str, rels: list[str]) -> list[list[str]]:
    """Adjacent key ranges in groups of at most `part_rows()` rows; overlapping parts always."""
    groups, current, rows = [], [], 0
    for r in ranges(lake.lake_dir, table, rels):
        if current and rows + r.rows > part_rows():
            groups.append(current)
            current, rows = [], 0
        current += r.rels
        rows += r.rows
    return groups + [current]


def plan(lake: Lake) -> dict[str, list[list[str]]]:
    """Per table, the groups of published parts compaction merges (each of two parts or more)."""
    out = {}
    for table, rels in lake.manifest().items():
        if table not in TABLES and table not in APPENDED_INDEXES:
            continue
        groups = keyed_groups(lake, table, rels) if table in KEYED else append_groups(lake, rels, target_bytes())
        if groups := [g for g in groups if len(g) > 1]:
            out[table] = groups
    return out


def merged_metadata(paths: list[Path]) -> dict[str, str]:
    """The parts' Dateline metadata: each key's distinct values, joined (the models that wrote them)."""
    values: dict[str, set[str]] = {}
    for path in paths:
        for k, v in (pq.read_schema(path).metadata or {}).items():
            if k.startswith(b"dateline."):
                values.setdefault(k.decode(), set()).add(v.decode())
    return {k: ", ".join(sorted(v)) for k, v in values.items()}


def merge_append(lake: Lake, table: str, rels: list[str], dest: Path, run_id: str) -> Path:
    """One part holding the rows of `rels` in order, written a row group at a time."""
    schema = schema_of(table)
    paths = [lake.lake_dir / rel for rel in rels]
    meta = {**merged_metadata(paths), "dateline.run_id": run_id}
    schema = schema.with_metadata({**(schema.metadata or {}), **{k.encode(): v.encode() for k, v in meta.items()}})
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.tmp")
    pending: list[pa.Table] = []
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for path in paths:
            pending.append(pq.read_table(path, schema=schema_of(table)))
            if sum(t.num_rows for t in pending) >= ROW_GROUP_ROWS:
                writer.write_table(pa.concat_tables(pending).replace_schema_metadata(schema.metadata))
                pending = []
        if pending:
            writer.write_table(pa.concat_tables(pending).replace_schema_metadata(schema.metadata))
    os.replace(tmp, dest)
    return dest


def compact(lake: Lake, say: Callable[[str], None] = print) -> dict[str, tuple[int, int]]:
    """Merge each table's small parts; one manifest swap for all tables. The caller holds the
    lock. Per table compacted: (parts before, parts after)."""
    groups = plan(lake)
    if not groups:
        return {}
    run_id = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)
    staging, staged = lake.staging_dir(run_id), Staged()
    before = {t: len(rels) for t, rels in lake.manifest().items()}
    for table, table_groups in groups.items():
        for group in table_groups:
            if table in KEYED:
                data = pa.concat_tables([pq.read_table(lake.lake_dir / rel, schema=TABLES[table].schema) for rel in group])
                paths = write_split(data.sort_by(TABLES[table].primary_key[0]), table, staging / table, run_id)
            else:
                digest = hashlib.sha256("\n".join([run_id, *group]).encode()).hexdigest()[:16]
                paths = [merge_append(lake, table, group, staging / table / f"part-{digest}.parquet", run_id)]
            for path in paths:
                staged.add(table, path)
            staged.removes.setdefault(table, []).extend(group)
    lake.publish(run_id, staged)
    after = lake.manifest()
    summary = {t: (before[t], len(after[t])) for t in groups}
    say("compacted " + ", ".join(f"{t} {a} -> {b} parts" for t, (a, b) in summary.items()))
    return summary


def compact_data_dir(root: Path, say: Callable[[str], None] = print) -> dict[str, tuple[int, int]]:
    """`dateline compact`: under the data dir's lock, sweep, compact, and load the warehouse."""
    from warehouse.lake import claim_data_dir
    from warehouse.load import sync_warehouse

    claim_data_dir(root)
    lake = Lake(root)
    with lake.lock():
        lake.sweep()
        summary = compact(lake, say)
        if summary:
            sync_warehouse(lake, root / "warehouse.duckdb", say)
    return summary
