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
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES

MANIFEST = "_manifest.json"
MARKER = "dateline.json"
MARKER_FORMAT = 1
RUN_ID = re.compile(r"\d{8}T\d{6}Z-[0-9a-f]{6}")
# Everything a data dir made before the marker existed can hold: such a folder is adopted (marked)
# on first use. A folder holding anything else was not made by Dateline, and is refused.
OWN_ENTRIES = {"lake", "staging", "reports", "quarantine", "warehouse.duckdb", "warehouse.duckdb.wal",
               "warehouse.duckdb.corrupt", ".lock", "prefect", "inbox", "eval", "content_checks.csv"}
# What `dateline serve` and `make eval` create before any run: such a folder has nothing to lose.
SETUP_ENTRIES = {"prefect", "inbox", "eval", ".lock"}


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


def write_parquet_atomic(table: pa.Table, path: Path, extra_metadata: dict[str, str]) -> Path:
    """Write `table` to `path` through a temporary file and a rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {**(table.schema.metadata or {}), **{k.encode(): v.encode() for k, v in extra_metadata.items()}}
    table = table.replace_schema_metadata(meta)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)
    return path


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

    def manifest(self) -> dict[str, list[str]]:
        path = self.lake_dir / MANIFEST
        if not path.exists():
            return {}
        return json.loads(path.read_text(encoding="utf-8"))["tables"]

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
        parts plus the published ones, unless the run rewrites the table whole."""
        keys = {v for part in staged.parts.get(table, []) for v in pq.read_table(part, columns=[column])[column].to_pylist()}
        if table not in staged.replaces:
            keys.update(self.read(table, [column])[column].to_pylist())
        return keys

    def publish(self, run_id: str, staged: "Staged") -> None:
        """Move staged parts into the lake, then swap the manifest: the single commit point."""
        manifest = self.manifest()
        before = {t: list(rels) for t, rels in manifest.items()}
        # A replaced table is rewritten whole, also when this run staged nothing for it.
        for table in set(staged.parts) | staged.replaces:
            current = [] if table in staged.replaces else list(manifest.get(table, []))
            for part in staged.parts.get(table, []):
                dest = self.lake_dir / table / part.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.replace(part, dest)
                rel = f"{table}/{part.name}"
                if rel not in current:
                    current.append(rel)
            manifest[table] = current
        self._write_manifest(manifest)
        for table in staged.replaces:
            for rel in set(before.get(table, [])) - set(manifest[table]):
                (self.lake_dir / rel).unlink(missing_ok=True)
        shutil.rmtree(self.staging_dir(run_id), ignore_errors=True)

    def _write_manifest(self, manifest: dict[str, list[str]]) -> None:
        self.lake_dir.mkdir(parents=True, exist_ok=True)
        tmp = self.lake_dir / f".{MANIFEST}.tmp"
        tmp.write_text(json.dumps({"tables": manifest}, indent=1, sort_keys=True), encoding="utf-8")
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
        for table in TABLES:
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
    """Parts a run has written to staging, per table; `replaces` tables are rewritten whole."""
    parts: dict[str, list[Path]] = field(default_factory=dict)
    replaces: set[str] = field(default_factory=set)

    def add(self, table: str, path: Path) -> None:
        self.parts.setdefault(table, []).append(path)

    def merge(self, other: "Staged") -> None:
        for table, paths in other.parts.items():
            for path in paths:
                self.add(table, path)
        self.replaces |= other.replaces
