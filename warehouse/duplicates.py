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

BATCH_ROWS = 8_192  # index rows read at a time (4 MB of signatures: the transient arrays stay small)
KEY = "near_duplicates"  # the manifest's name for the index, and its folder in the lake
SCHEMA = pa.schema([
    pa.field("article_id", pa.string(), nullable=False),
    pa.field("seq", pa.int64(), nullable=False),
    pa.field("root", pa.string(), nullable=False),
    pa.field("minhash", pa.binary(), nullable=False),
])
ID_SCHEMA = pa.schema([SCHEMA.field("article_id"), SCHEMA.field("seq"), SCHEMA.field("root")])


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
    LSH band with one of them are loaded: signatures are read in batches of rows and never held
    whole (a million articles' are 512 MB); set operations over the lake's ids stay in Arrow."""
    index = Index()
    if full_refresh:
        return index
    sweep(lake)
    stored = lake.read("articles", ["article_id", "duplicate_of", "ingested_at"])
    held = stored["article_id"].combine_chunks()
    files = lake.files(KEY)
    ids = pa.concat_tables([pq.read_table(p, columns=["article_id", "seq", "root"]).cast(ID_SCHEMA) for p in files]
                           ) if files else ID_SCHEMA.empty_table()
    both = pc.is_in(pa.chunked_array(ids["article_id"].chunks + ids["root"].chunks, pa.string()), value_set=held)
    both = both.combine_chunks() if isinstance(both, pa.ChunkedArray) else both
    known = ids.filter(pc.and_(both.slice(0, ids.num_rows), both.slice(ids.num_rows)))  # article and root held
    if known.num_rows:
        index.next_seq = pc.max(known["seq"]).as_py() + 1
    wanted_keys = band_keys(wanted) if wanted is not None else None
    for entry in _candidates(files, ids, known["article_id"], wanted_keys):
        index.load(entry)
    if pc.count_distinct(known["article_id"]).as_py() < stored.num_rows:  # articles the index lacks
        missing = stored.filter(pc.invert(pc.is_in(held, value_set=known["article_id"].combine_chunks())))
        _sign_missing(lake, index, missing, known["article_id"], wanted_keys)
    return index


def _candidates(files: list[Path], ids: pa.Table, known: pa.ChunkedArray, wanted_keys: np.ndarray | None) -> list[Entry]:
    """The index rows of ``known`` articles that share a band with ``wanted_keys`` (all of them
    when None), in the order stored. ``ids``: the files' article_id, seq and root columns, in
    their order; only the signature column is read here, a few pages at a time."""
    found, offset = [], 0
    for path in files:
        reader = pq.ParquetFile(path, buffer_size=1 << 20, pre_buffer=False)
        for batch in reader.iter_batches(batch_size=BATCH_ROWS, columns=["minhash"]):
            sigs = signature_matrix(batch.column(0))
            pick = np.flatnonzero(band_matches(sigs, wanted_keys)) if wanted_keys is not None else np.arange(len(sigs))
            rows = ids.take(pa.array(pick + offset, pa.int64())).to_pylist()
            found += [Entry(r["article_id"], r["seq"], r["root"], sigs[i].copy()) for r, i in zip(rows, pick)]
            offset += len(sigs)
    if not found:
        return []
    named = pa.array(sorted({e.article_id for e in found} | {e.root for e in found}), pa.string())
    ok = set(known.filter(pc.is_in(known, value_set=named)).to_pylist())
    return [e for e in found if e.article_id in ok and e.root in ok]


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
