"""Writing a Parquet part so that no reader ever sees half of it (the lake and the keyed tables)."""
from __future__ import annotations

import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def write_parquet_atomic(table: pa.Table, path: Path, extra_metadata: dict[str, str]) -> Path:
    """Write `table` to `path` through a temporary file and a rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    meta = {**(table.schema.metadata or {}), **{k.encode(): v.encode() for k, v in extra_metadata.items()}}
    table = table.replace_schema_metadata(meta)
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)
    return path
