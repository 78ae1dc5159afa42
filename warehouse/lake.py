"""The Parquet lake: staged writes, validated publication through an atomic manifest swap.

Layout under the data dir::

    lake/_manifest.json          the published files of every table (the only thing readers trust)
    lake/<table>/part-*.parquet  published parts
    staging/<run_id>/<table>/    parts written by a run that is not yet published

A run writes to staging; `publish` moves its parts into `lake/` and then replaces the manifest
in one `os.replace`. A run that dies before that leaves the manifest, hence the lake as readers
see it, exactly as it was; its leftovers are swept by the next run.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES

MANIFEST = "_manifest.json"


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
    def lock(self) -> Iterator[None]:
        """One writer at a time per data dir: a scheduled inbox run and the nightly audit may
        start together, and each sweeps staging and rewrites the manifest. The second waits."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
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
        """Delete what failed runs left behind: staging dirs and parts no manifest names."""
        shutil.rmtree(self.root / "staging", ignore_errors=True)
        named = {rel for rels in self.manifest().values() for rel in rels}
        if self.lake_dir.exists():
            for part in self.lake_dir.glob("*/*.parquet"):
                if f"{part.parent.name}/{part.name}" not in named:
                    part.unlink()
            for tmp in self.lake_dir.rglob(".*.tmp"):
                tmp.unlink()


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
