"""The history the reports show: every recorded run and audit, their checks, and what each run's
quarantine held back, read from the lake (not the warehouse, which may be behind it or held)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from warehouse.lake import Lake
from warehouse.quality import CheckResult

CHECK_FIELDS = ("table_name", "check_name", "critical", "passed", "element_count", "unexpected_count",
                "failing_sample", "observed", "expected")


def run_kind(row: dict) -> str:
    """"run" or "audit"; for a row written before `runs.kind` existed, as the `run_history`
    view infers it: an audit's one input is the lake, and it publishes no rows."""
    if row.get("kind"):
        return row["kind"]
    inputs, counts = row.get("inputs") or [], row.get("row_counts") or []
    return "audit" if len(inputs) == 1 and inputs[0].endswith("/lake") and not len(counts) else "run"


def run_rows(lake: Lake) -> list[dict]:
    """Every recorded run and audit, oldest first, each with its `kind`."""
    rows = lake.read("runs").to_pylist()
    return sorted(({**r, "kind": run_kind(r)} for r in rows), key=lambda r: (r["started_at"], r["run_id"]))


def latest_run_on(lake: Lake, inputs: list[str]) -> dict | None:
    """The latest recorded run (not audit) over exactly these inputs."""
    same = [r for r in run_rows(lake) if r["kind"] == "run" and list(r["inputs"] or []) == inputs]
    return same[-1] if same else None



@dataclass
class History:
    """What the reports show across runs: every run and audit (oldest first), their checks, and
    the rows each run's quarantine held back per table."""
    runs: list[dict]
    checks: dict[str, list[CheckResult]]
    quarantined: dict[str, dict[str, int]]

    def latest_results(self) -> list[tuple[dict, CheckResult]]:
        """(run, result) of each check's latest result, per kind (run, audit): the
        `latest_dq_results` view's rows, failures first."""
        latest: dict[tuple, tuple[dict, CheckResult]] = {}
        for run in self.runs:
            for r in self.checks.get(run["run_id"], []):
                latest[run["kind"], r.table_name, r.check_name] = (run, r)
        return sorted(latest.values(), key=lambda rr: (rr[1].passed, not rr[1].critical, rr[1].table_name,
                                                       rr[1].check_name, rr[0]["kind"]))


def load_history(lake: Lake, quarantine_dir: Path) -> History:
    checks: dict[str, list[CheckResult]] = {}
    for row in lake.read("dq_results").to_pylist():
        checks.setdefault(row["run_id"], []).append(
            CheckResult(**{k: row.get(k) for k in CHECK_FIELDS if k != "failing_sample"},
                        failing_sample=row.get("failing_sample") or []))
    quarantined: dict[str, dict[str, int]] = {}
    for part in sorted(quarantine_dir.glob("*/part-*.parquet")):
        run_id = part.stem.removeprefix("part-")
        quarantined.setdefault(run_id, {})[part.parent.name] = pq.read_metadata(part).num_rows
    return History(run_rows(lake), checks, quarantined)
