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

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from transforms.duplicates import NUM_PERM, Entry, Index, band_keys, band_matches, mark, signature, to_bytes
from warehouse.lake import Lake, Staged, own_entries, write_parquet_atomic

BATCH_ROWS = 65_536  # index rows read at a time (32 MB of signatures)
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


def load_index(lake: Lake, wanted: np.ndarray | None = None, full_refresh: bool = False) -> Index:
    """The index as published, less articles the lake no longer holds, plus those it lacks.
    With ``wanted`` (the signatures a run checks, n x NUM_PERM) only the entries that share an
    LSH band with one of them are loaded: the index is read in batches of rows and never held
    whole (a million articles' signatures are 512 MB)."""
    index = Index()
    if full_refresh:
        return index
    sweep(lake)
    stored = lake.read("articles", ["article_id", "duplicate_of", "ingested_at"])
    held = stored["article_id"]
    wanted_keys = band_keys(wanted) if wanted is not None else None
    indexed = []
    for path in lake.files(KEY):
        for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS):
            rows = pa.Table.from_batches([batch]).cast(SCHEMA)
            rows = rows.filter(pc.and_(pc.is_in(rows["article_id"], held), pc.is_in(rows["root"], held)))
            if not rows.num_rows:
                continue
            indexed.append(rows["article_id"])
            index.next_seq = max(index.next_seq, pc.max(rows["seq"]).as_py() + 1)
            sigs = signature_matrix(rows["minhash"])
            pick = np.flatnonzero(band_matches(sigs, wanted_keys)) if wanted_keys is not None else range(rows.num_rows)
            ids, seqs, roots = (rows[c].to_pylist() for c in ("article_id", "seq", "root"))
            for i in pick:
                index.load(Entry(ids[i], seqs[i], roots[i], sigs[i]))
    known = pa.chunked_array(indexed, pa.string())
    missing = stored.filter(pc.invert(pc.is_in(held, known))) if indexed else stored
    if missing.num_rows:
        _sign_missing(lake, index, missing, known, wanted_keys)
    return index


def _sign_missing(lake: Lake, index: Index, missing: pa.Table, known: pa.ChunkedArray,
                  wanted_keys: np.ndarray | None) -> None:
    """Articles the lake holds and the index lacks (a data dir made before it), signed from their
    stored bodies in the order they were ingested; searchable only if they can match."""
    order = sorted(missing.to_pylist(), key=lambda m: (m["ingested_at"], m["article_id"]))
    bodies = _bodies(lake, {m["article_id"] for m in order})
    placed = set(known.to_pylist())
    for m in order:
        aid, root = m["article_id"], m["duplicate_of"]
        sig = signature(bodies[aid])
        searchable = wanted_keys is None or bool(band_matches(sig[None, :], wanted_keys)[0])
        index.add(aid, root if root in placed else aid, sig, searchable)
        placed.add(aid)


def signature_matrix(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """A column of stored signatures (binary, NUM_PERM little-endian uint32 each) as an
    n x NUM_PERM array."""
    data = b"".join(v for v in column.to_pylist())
    return np.frombuffer(data, dtype="<u4").astype(np.uint32).reshape(-1, NUM_PERM)


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
    if not full_refresh:  # of the lake's articles, those the new entries name
        named = pa.array(sorted({e.article_id for e in index.added} | {e.root for e in index.added}), pa.string())
        ids = lake.read("articles", ["article_id"])["article_id"]
        publishing |= set(ids.filter(pc.is_in(ids, named)).to_pylist())
    rows = [{"article_id": e.article_id, "seq": e.seq, "root": e.root, "minhash": to_bytes(e.signature)}
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
    sigs = [signature(a["body"]) for a in articles]
    index = load_index(lake, np.vstack(sigs), full_refresh)
    return index, mark(index, articles, sigs)
