"""The Parquet lake: staged writes, validated publication through an atomic manifest swap.

Layout under the data dir::

    dateline.json                marks the folder as a Dateline data dir (see `claim_data_dir`)
    lake/_manifest.json          the published files of every table (the only thing readers trust)
    lake/<table>/part-*.parquet  published parts
    staging/<run_id>/<table>/    parts written by a run that is not yet published

A run writes to staging; `publish` moves its parts into `lake/` and then replaces the manifest
in one `os.replace`. A run that dies before that leaves the manifest, hence the lake as readers
see it, exactly as it was; its leftovers are swept by the next run. The sweep removes only what
has the shape of Dateline's own files (run folders under `staging/`, `part-*.parquet` in a
table's folder), and only in a folder marked as a data dir: a user's file is never deleted.

A publication that replaces parts (a keyed table's rewritten key ranges, a compaction, a full
refresh) does not delete them: the manifest lists them under `retired` with the time of the swap,
and a sweep deletes them `retire_grace_seconds()` later (default an hour), so a reader that took
the manifest's file list just before the swap can still open every file it names.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import SIDE_TABLES, TABLES
from warehouse.parquet import write_parquet_atomic  # noqa: F401 - where the tables' writers import it from

MANIFEST = "_manifest.json"
MARKER = "dateline.json"
MARKER_FORMAT = 1
RUN_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{6}")
# Everything a data dir made before the marker existed can hold: such a folder is adopted (marked)
# on first use. A folder holding anything else was not made by Dateline, and is refused.
OWN_ENTRIES = {"lake", "staging", "reports", "quarantine", "warehouse.duckdb", "warehouse.duckdb.wal",
               "warehouse.duckdb.corrupt", ".lock", "prefect", "inbox", "eval", "fetch", "sources.txt", "content_checks.csv"}
# What `dateline serve` and `make eval` create before any run: such a folder has nothing to lose.
SETUP_ENTRIES = {"prefect", "inbox", "eval", ".lock", "sources.txt"}  # sources.txt: the URLs `serve` polls
RETIRE_GRACE_SECONDS = 3600.0  # how long a replaced part stays on disk after the swap that retired it


def retire_grace_seconds() -> float:
    """Env DATELINE_RETIRE_GRACE_SECONDS, else `RETIRE_GRACE_SECONDS`: the longest a reader of the
    lake's Parquet (a query that took the manifest's file list) may take and still find its files."""
    return float(os.environ.get("DATELINE_RETIRE_GRACE_SECONDS", RETIRE_GRACE_SECONDS))


class DataDirError(RuntimeError):
    """A folder Dateline may not use as its data dir; the message says why and what to do."""


def claim_data_dir(root: Path | str) -> bool:
    """Make sure ``root`` is a Dateline data dir before anything is written or swept there:
    create and mark a new or empty folder, adopt an unmarked one made by an earlier Dateline (it
    holds only Dateline's own entries), refuse anything else. True when the folder was adopted."""
    if str(root).strip() == "":
        raise DataDirError("the data dir is an empty path: name a folder (is a variable unset?)")
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise DataDirError(f"{root} is a file, not a folder: name a new or empty folder as the data dir")
    marker = root / MARKER
    if marker.is_file():
        return False
    root.mkdir(parents=True, exist_ok=True)
    entries = {p.name for p in root.iterdir()}
    made_by_dateline = (root / "lake" / MANIFEST).is_file() or (root / "warehouse.duckdb").is_file() \
        or entries <= SETUP_ENTRIES
    if entries - OWN_ENTRIES or not made_by_dateline:
        raise DataDirError(f"{root} is not a Dateline data dir: it holds files Dateline did not write "
                           f"and no {MARKER}. Name a new or empty folder (Dateline never writes into, "
                           f"or deletes from, a folder of yours)")
    tmp = root / f".{MARKER}.tmp"
    tmp.write_text(json.dumps({"dateline_data_dir": MARKER_FORMAT}) + "\n", encoding="utf-8")
    os.replace(tmp, marker)
    return bool(entries)


def is_data_dir(root: Path) -> bool:
    return (root / MARKER).is_file()


def to_arrow(table_name: str, rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=TABLES[table_name].schema)


@dataclass
class Lake:
    root: Path  # the data dir

    @property
    def lake_dir(self) -> Path:
        return self.root / "lake"

    @contextmanager
    def lock(self, wait: bool = True) -> Iterator[bool]:
        """One writer at a time per data dir: a scheduled inbox run and the nightly audit may
        start together, and each sweeps staging and rewrites the manifest. The second waits;
        with ``wait=False`` it does not, and the context yields whether it holds the lock."""
        with open(self.root / ".lock", "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def staging_dir(self, run_id: str) -> Path:
        return self.root / "staging" / run_id

    def manifest_doc(self) -> dict:
        path = self.lake_dir / MANIFEST
        if not path.exists():
            return {"tables": {}}
        return json.loads(path.read_text(encoding="utf-8"))

    def manifest(self) -> dict[str, list[str]]:
        return self.manifest_doc()["tables"]

    def retired(self) -> dict[str, float]:
        """Parts replaced by a publication, each with the time of its swap (not yet deleted)."""
        return self.manifest_doc().get("retired", {})

    def files(self, table: str) -> list[Path]:
        return [self.lake_dir / rel for rel in self.manifest().get(table, [])]

    def read(self, table: str, columns: list[str] | None = None) -> pa.Table:
        files = self.files(table)
        schema = TABLES[table].schema
        if not files:
            return schema.empty_table().select(columns) if columns else schema.empty_table()
        parts = [pq.read_table(f, columns=columns, schema=schema) for f in files]
        return pa.concat_tables(parts)

    def keys_after(self, staged: "Staged", table: str, column: str) -> set:
        """`column`'s values as the lake will hold them once `staged` is published: the staged
        parts plus the published ones, unless the run rewrites the table whole. Every key, in
        Python: for the audit, which reads every table whole anyway; a run asks `keys_present`."""
        keys = {v for part in staged.parts.get(table, []) for v in pq.read_table(part, columns=[column])[column].to_pylist()}
        if table not in staged.replaces:
            keys.update(self.read(table, [column])[column].to_pylist())
        return keys

    def keys_present(self, staged: "Staged", table: str, column: str, candidates: set) -> set:
        """Which of `candidates` `column` will hold once `staged` is published: a DuckDB semi
        join of the candidates (the side it hashes) against the key column of the staged and
        published parts, streamed; memory grows with the candidates, not the lake."""
        files = [str(p) for p in staged.parts.get(table, [])]
        if table not in staged.replaces:
            files += [str(p) for p in self.files(table)]
        if not files or not candidates:
            return set()
        import duckdb

        with duckdb.connect(config={"threads": 2}) as con:
            con.register("candidates", pa.table({"k": pa.array(sorted(candidates), pa.string())}))
            rows = con.execute(f'SELECT DISTINCT "{column}" FROM read_parquet(?) '
                               f'WHERE "{column}" IN (SELECT k FROM candidates)', [files]).fetchall()
        return {r[0] for r in rows}

    def known_articles(self, articles: list) -> set[str]:
        """The ids (and former ids) of these article records the lake holds already."""
        ids = {i for a in articles if isinstance(a, dict) for i in (a["article_id"], a.get("legacy_article_id")) if i}
        return self.keys_present(Staged(), "articles", "article_id", ids)

    def publish(self, run_id: str, staged: "Staged") -> None:
        """Move staged parts into the lake, then swap the manifest: the single commit point.
        Parts a `replaces` table, a keyed table's `upserts` or `removes` take out of the manifest
        are retired in the same swap (deleted by a sweep after the grace period)."""
        from warehouse.keyed import upsert

        manifest = self.manifest()
        before = {t: list(rels) for t, rels in manifest.items()}
        for table in set(staged.parts) | staged.replaces:
            # A replaced table is rewritten whole, also when this run staged nothing for it.
            current = [] if table in staged.replaces else list(manifest.get(table, []))
            parts = staged.parts.get(table, [])
            if table in staged.upserts:  # its rows replace those of the same key, range by range
                parts, gone = upsert(self, table, parts, current, self.staging_dir(run_id) / "_upserted" / table, run_id)
                current = [rel for rel in current if rel not in gone]
            current = [rel for rel in current if rel not in set(staged.removes.get(table, ()))]
            for part in parts:
                rel = f"{table}/{part.name}"
                if rel in before.get(table, []) and rel not in current:
                    # Published files never change: a part rewritten under a published name (a
                    # full refresh of the same articles) gets a name of its own.
                    rel = f"{table}/{part.stem}-{run_id}{part.suffix}"
                dest = self.lake_dir / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(part, dest)
                if rel not in current:
                    current.append(rel)
            manifest[table] = current
        now = time.time()
        retired = self.retired()
        for table, rels in before.items():
            for rel in set(rels) - set(manifest.get(table, [])):
                retired.setdefault(rel, now)
        self._write_manifest(manifest, {rel: t for rel, t in retired.items()
                                        if rel not in {r for rels in manifest.values() for r in rels}})
        shutil.rmtree(self.staging_dir(run_id), ignore_errors=True)

    def _write_manifest(self, manifest: dict[str, list[str]], retired: dict[str, float] | None = None) -> None:
        """The one commit point. `retired` (default: as it is) names replaced parts not yet deleted;
        an earlier Dateline reads only `tables`, and its sweep deletes those parts at once."""
        retired = self.retired() if retired is None else retired
        self.lake_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.lake_dir / f".{MANIFEST}.tmp"
        doc = {"tables": manifest, **({"retired": retired} if retired else {})}
        tmp.write_text(json.dumps(doc, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.lake_dir / MANIFEST)

    def sweep(self) -> None:
        """Delete what failed runs left behind: their staging folders, and parts in a table's
        folder that no manifest names. Only in a marked data dir, and only files of the shape
        Dateline writes: whatever else is there stays."""
        if not is_data_dir(self.root):
            raise DataDirError(f"{self.root} is not a marked Dateline data dir: nothing is swept there")
        staging = self.root / "staging"
        for run in own_entries(staging, lambda p: p.is_dir() and RUN_ID.fullmatch(p.name)):
            shutil.rmtree(run, ignore_errors=True)
        named = {rel for rels in self.manifest().values() for rel in rels}
        retired, now = self.retired(), time.time()
        due = {rel for rel, at in retired.items() if now - at >= retire_grace_seconds()}
        if due:  # out of the manifest first: a part the manifest names as retired is never missing
            self._write_manifest(self.manifest(), {rel: at for rel, at in retired.items() if rel not in due})
        named |= set(retired) - due
        for table in [*TABLES, *SIDE_TABLES]:
            folder = self.lake_dir / table
            for part in own_entries(folder, lambda p: p.is_file() and p.name.startswith("part-")
                                    and p.suffix == ".parquet" and f"{table}/{p.name}" not in named):
                part.unlink()
            for tmp in own_entries(folder, lambda p: p.is_file() and p.name.startswith(".part-")
                                   and p.name.endswith(".parquet.tmp")):
                tmp.unlink()
        (self.lake_dir / f".{MANIFEST}.tmp").unlink(missing_ok=True)


def own_entries(folder: Path, is_own) -> list[Path]:
    """Entries of ``folder`` (not followed through symbolic links) that ``is_own`` accepts."""
    if folder.is_symlink() or not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if not p.is_symlink() and is_own(p)]


@dataclass
class Staged:
    """Parts a run has written to staging, per table; `replaces` tables are rewritten whole;
    the staged rows of an `upserts` table replace the published rows of the same key
    (`warehouse.keyed`); `removes` names published parts the publication takes out (compaction)."""
    parts: dict[str, list[Path]] = field(default_factory=dict)
    replaces: set[str] = field(default_factory=set)
    upserts: set[str] = field(default_factory=set)
    removes: dict[str, list[str]] = field(default_factory=dict)

    def add(self, table: str, path: Path) -> None:
        self.parts.setdefault(table, []).append(path)

    def merge(self, other: "Staged") -> None:
        for table, paths in other.parts.items():
            for path in paths:
                self.add(table, path)
        self.replaces |= other.replaces
        self.upserts |= other.upserts
        for table, rels in other.removes.items():
            self.removes.setdefault(table, []).extend(rels)
