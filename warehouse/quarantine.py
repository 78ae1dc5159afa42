"""Quarantine: rows failing a critical row check leave the staged parts for
`quarantine/<table>/part-<run_id>.parquet`, each with the checks it failed, so the rest of the
batch can be published; failures quarantine cannot mend block the whole batch."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from schemas import TABLES
from warehouse.lake import Staged, write_parquet_atomic
from warehouse.quality import CheckResult


def blocking(results: list[CheckResult], max_fraction: float) -> list[CheckResult]:
    """Critical failures quarantine cannot mend: table-level ones, or too many failing rows."""
    return [r for r in results if r.critical and not r.passed and
            (r.scope == "table" or r.unexpected_count > max_fraction * max(r.element_count, 1))]


def quarantine_path(quarantine_dir: Path, table: str, run_id: str) -> Path:
    return quarantine_dir / table / f"part-{run_id}.parquet"


def hold_back(staged: Staged, results: list[CheckResult], quarantine_dir: Path, run_id: str) -> dict[str, int]:
    """Move rows failing a critical row check out of the staged parts into quarantine Parquet,
    each with the checks it failed: rows held back per table."""
    reasons: dict[str, dict[tuple, list[str]]] = {}
    for r in results:
        if r.holds_rows_back:
            for key in dict.fromkeys(r.failing_keys):  # a duplicated key is listed once per row
                reasons.setdefault(r.table_name, {}).setdefault(key, []).append(r.check_name)
    counts = {}
    for table, failing in reasons.items():
        keys = list(TABLES[table].primary_key)
        held = []
        for part in staged.parts[table]:
            data = pq.read_table(part)
            row_keys = list(zip(*(data[k].to_pylist() for k in keys)))
            bad = pa.array([k in failing for k in row_keys])
            held.append(data.filter(bad).append_column(
                "failed_checks", pa.array([failing[k] for k in row_keys if k in failing], pa.list_(pa.string()))))
            write_parquet_atomic(data.filter(pc.invert(bad)), part, {})
        held_rows = pa.concat_tables(held)
        write_parquet_atomic(held_rows, quarantine_path(quarantine_dir, table, run_id), {"dateline.run_id": run_id})
        counts[table] = held_rows.num_rows
    return counts
