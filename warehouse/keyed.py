"""Keyed tables (`entities`): rows that change after publication, kept as range parts.

Each published part holds rows sorted by the table's key, and the parts' key ranges do not
overlap (read from the parts' Parquet statistics, nothing else to keep in step). A run stages
only the rows it changes or adds (the entities its mentions touch); publication folds them into
the parts whose ranges they fall in: those parts are rewritten with the new rows in place of the
old ones and split when they grow past `part_rows()`, every other part stays as it is. So a run
reads and writes a few parts of bounded size, whatever the size of the table, and readers see
one row per key. Parts whose ranges overlap (written by another layout) are treated as one range
and rewritten together, so any lake works; a data dir of an earlier Dateline (the whole table in
one part, sorted by key) is one range, split by the first run that touches it.
"""
from __future__ import annotations

import bisect
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas import SIDE_TABLES, TABLES
from warehouse.parquet import write_parquet_atomic

PART_ROWS = 20_000  # rows of a keyed table's part at most: what a run rewrites per range it touches


def part_rows() -> int:
    return int(os.environ.get("DATELINE_KEYED_PART_ROWS", PART_ROWS))


@dataclass
class Range:
    """Published parts covering keys from `low` (inclusive) to the next range's `low`."""
    low: str
    high: str
    rels: list[str]
    rows: int


def table_of(table: str):
    """The `schemas` description of a keyed table: `entities`, or a side table (`entity_names`)."""
    return TABLES.get(table) or SIDE_TABLES[table]


def key_of(table: str) -> str:
    (key,) = table_of(table).primary_key
    return key


def part_range(path: Path, column: str) -> tuple[str | None, str | None, int]:
    """(min, max, rows) of `column` in a part, from its footer; (None, None, rows) without statistics."""
    meta = pq.read_metadata(path)
    index = meta.schema.to_arrow_schema().get_field_index(column)
    lows, highs = [], []
    for i in range(meta.num_row_groups):
        stats = meta.row_group(i).column(index).statistics
        if meta.row_group(i).num_rows == 0:
            continue
        if stats is None or not stats.has_min_max:
            return None, None, meta.num_rows
        lows.append(stats.min)
        highs.append(stats.max)
    return (min(lows), max(highs), meta.num_rows) if lows else ("", "", 0)


def ranges(lake_dir: Path, table: str, rels: list[str]) -> list[Range]:
    """The published parts as disjoint key ranges, in key order; overlapping parts (and any part
    without statistics) become one range."""
    column, spans, unknown = key_of(table), [], []
    for rel in rels:
        low, high, rows = part_range(lake_dir / rel, column)
        (unknown if low is None else spans).append((low, high, rel, rows))
    if unknown:  # no way to tell which keys such a part holds: everything is one range
        return [Range("", "\U0010ffff", rels, sum(s[3] for s in spans + unknown))]
    out: list[Range] = []
    for low, high, rel, rows in sorted(spans):
        if out and low <= out[-1].high:
            out[-1].high, out[-1].rows = max(out[-1].high, high), out[-1].rows + rows
            out[-1].rels.append(rel)
        else:
            out.append(Range(low, high, [rel], rows))
    return out


def read_rows(lake_dir: Path, table: str, rels: list[str], keys: set[str]) -> pa.Table:
    """The published rows whose key is one of `keys`: only the parts whose range holds one are read."""
    schema, column = table_of(table).schema, key_of(table)
    wanted = sorted(keys)
    found = [schema.empty_table()]
    for r in ranges(lake_dir, table, rels):
        lo = bisect.bisect_left(wanted, r.low)
        if lo == len(wanted) or wanted[lo] > r.high:
            continue
        value_set = pa.array(wanted[lo: bisect.bisect_right(wanted, r.high)], pa.string())
        for rel in r.rels:
            data = pq.read_table(lake_dir / rel, schema=schema)
            found.append(data.filter(pc.is_in(data[column], value_set=value_set)))
    return pa.concat_tables(found)


def upsert(lake, table: str, staged: list[Path], published: list[str], out_dir: Path, run_id: str
           ) -> tuple[list[Path], set[str]]:
    """Fold the staged rows of keyed `table` into its published parts: (the parts to publish,
    the published parts they replace). Only the ranges the staged keys fall in are rewritten."""
    schema, column = table_of(table).schema, key_of(table)
    new = pa.concat_tables([schema.empty_table()] + [pq.read_table(p, schema=schema) for p in staged])
    if new.num_rows == 0:
        return [], set()
    new = new.sort_by(column)
    keys = new[column].to_pylist()
    spans = ranges(lake.lake_dir, table, published) or [Range("", "", [], 0)]
    # A range takes the keys from its low to the next range's (the first one: every key before it).
    bounds = [0] + [bisect.bisect_left(keys, r.low) for r in spans[1:]] + [len(keys)]
    out, gone = [], set()
    for i, (lo, hi) in enumerate(zip(bounds, bounds[1:])):
        if lo == hi:
            continue
        rows = new.slice(lo, hi - lo)
        old = [pq.read_table(lake.lake_dir / rel, schema=schema) for rel in spans[i].rels]
        kept = [t.filter(pc.invert(pc.is_in(t[column], value_set=rows[column]))) for t in old]
        merged = pa.concat_tables(kept + [rows]).sort_by(column)
        out += write_split(merged, table, out_dir, run_id)
        gone |= set(spans[i].rels)
    return out, gone


def write_split(data: pa.Table, table: str, out_dir: Path, run_id: str, limit: int | None = None) -> list[Path]:
    """Sorted rows as parts of at most `limit` (default `part_rows()`) rows, of even sizes."""
    limit = limit or part_rows()
    pieces = max(1, -(-data.num_rows // limit))
    size = -(-data.num_rows // pieces)
    paths = []
    for start in range(0, data.num_rows, size):
        piece = data.slice(start, size)
        first, last = piece[key_of(table)][0].as_py(), piece[key_of(table)][-1].as_py()
        digest = hashlib.sha256(f"{run_id}\n{first}\n{last}\n{piece.num_rows}".encode()).hexdigest()[:16]
        paths.append(write_parquet_atomic(piece, out_dir / f"part-{digest}.parquet", {"dateline.run_id": run_id}))
    return paths
