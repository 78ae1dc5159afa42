"""The near-duplicate index kept in the data dir, so each run checks its new articles against
every article stored before (`transforms.duplicates`).

The index is Parquet parts under ``lake/near_duplicates/`` (one row per article: id, the order it
was first seen, its cluster's first article, its MinHash signature), named in the lake's manifest
under ``near_duplicates``: a run stages its part beside its tables and the lake's one manifest
swap publishes both, so a run that fails leaves the index as it was, and the index never names an
article the lake does not hold (one it does name that the lake lost, by a full refresh, is left
out when read). Articles the lake holds and the index lacks (a data dir made before the index)
are signed from their stored bodies, in the order they were ingested, and join the run's part.
Only files of the index's own shape are ever swept: part files no manifest names.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.duplicates import Entry, Index, from_bytes, mark, signature, to_bytes
from warehouse.lake import Lake, Staged, own_entries, write_parquet_atomic

KEY = "near_duplicates"  # the manifest's name for the index, and its folder in the lake
SCHEMA = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("seq", pa.int64(), nullable=False),
    pa.field("root", pa.string(), nullable=False),
    pa.field("minhash", pa.binary(), nullable=False),
])


def sweep(lake: Lake) -> None:
    """Index parts a failed run moved into the lake but no manifest names (parts `compact`
    retired stay until the lake's sweep ends their grace period)."""
    named = set(lake.manifest().get(KEY, [])) | {rel for rel in lake.retired() if rel.startswith(f"{KEY}/")}
    for part in own_entries(lake.lake_dir / KEY, lambda p: p.is_file() and p.name.startswith("part-")
                            and p.suffix == ".parquet" and f"{KEY}/{p.name}" not in named):
        part.unlink()


def load_index(lake: Lake, full_refresh: bool = False) -> Index:
    """The index as published, less articles the lake no longer holds, plus those it lacks."""
    index = Index()
    if full_refresh:
        return index
    sweep(lake)
    stored = lake.read("articles", ["article_id", "duplicate_of", "ingested_at"])
    held = set(stored["article_id"].to_pylist())
    for path in lake.files(KEY):
        for row in pq.read_table(path, schema=SCHEMA).to_pylist():
            if row["article_id"] in held and row["root"] in held:
                index.load(Entry(row["article_id"], row["seq"], row["root"], from_bytes(row["minhash"])))
    missing = [(r["ingested_at"], r["article_id"], r["duplicate_of"]) for r in stored.to_pylist()
               if r["article_id"] not in index.entries]
    if missing:
        bodies = _bodies(lake, {aid for _, aid, _ in missing})
        for _, aid, root in sorted(missing, key=lambda m: (m[0], m[1])):
            index.add(aid, root if root in index.entries else aid, signature(bodies[aid]))
    return index


def _bodies(lake: Lake, ids: set[str]) -> dict[str, str]:
    out = {}
    for path in lake.files("articles"):
        part = pq.read_table(path, columns=["article_id", "body"])
        out.update((a, b) for a, b in zip(part["article_id"].to_pylist(), part["body"].to_pylist()) if a in ids)
    return out


def stage_index(lake: Lake, run_id: str, index: Index | None, staged: Staged, full_refresh: bool = False) -> Staged:
    """The run's new index entries, for the articles the lake holds once ``staged`` is published
    (those quarantine held back are left out: a later run that reads them again adds them)."""
    out = Staged(replaces={KEY} if full_refresh else set())
    if index is None and not full_refresh:
        return out
    index = index or Index()
    publishing = {aid for part in staged.parts.get("articles", [])
                  for aid in pq.read_table(part, columns=["article_id"])["article_id"].to_pylist()}
    if not full_refresh:
        publishing |= set(lake.read("articles", ["article_id"])["article_id"].to_pylist())
    rows = [{"article_id": e.article_id, "seq": e.seq, "root": e.root, "minhash": to_bytes(e.minhash)}
            for e in index.added if e.article_id in publishing and e.root in publishing]
    if rows or full_refresh:
        path = lake.staging_dir(run_id) / KEY / f"part-{run_id}.parquet"
        out.add(KEY, write_parquet_atomic(pa.Table.from_pylist(rows, schema=SCHEMA), Path(path), {}))
    return out


def mark_batch(lake: Lake, articles: list[dict], full_refresh: bool = False) -> tuple[Index | None, list[tuple[str, str, float]]]:
    """Set ``duplicate_of`` on a run's new articles against the index and each other (in input
    order); (the index to stage, the pairs found). A run with no new article reads no index."""
    if not articles:
        return None, []
    index = load_index(lake, full_refresh)
    return index, mark(index, articles)
