"""A run's own record: its `runs` row and its `dq_results` staged beside its batch, and once
published, its HTML data-quality page (`<run_id>.html`, and `latest.html`) and the reports'
index (`index.html`), written under the reports folder from the lake's history."""
from __future__ import annotations

from pathlib import Path

from warehouse.lake import Lake, Staged, to_arrow, write_parquet_atomic
from warehouse.quality import CheckResult
from warehouse.report import render


def stage_run_record(lake: Lake, run: dict, results: list[CheckResult]) -> Staged:
    """The run's row and its data-quality results, staged as the `runs` and `dq_results` tables."""
    staging = lake.staging_dir(run["run_id"])
    staged = Staged()
    dq = [{**r.__dict__, "run_id": run["run_id"], "checked_at": run["finished_at"]} for r in results]
    fname = f"part-{run['run_id']}.parquet"
    meta = {"dateline.run_id": run["run_id"]}
    staged.add("runs", write_parquet_atomic(to_arrow("runs", [run]), staging / "runs" / fname, meta))
    staged.add("dq_results", write_parquet_atomic(to_arrow("dq_results", dq), staging / "dq_results" / fname, meta))
    return staged


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


def write_page(reports_dir: Path, name: str, page: str) -> None:
    reports_dir.mkdir(parents=True, exist_ok=True)
    tmp = reports_dir / f".{name}.tmp"
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(reports_dir / name)


def write_reports(lake: Lake, reports_dir: Path, run: dict, results: list[CheckResult],
                  warehouse_error: str | None = None) -> None:
    """The run's page as `<run_id>.html` and `latest.html`, each replaced whole."""
    page = render({**run, "warehouse_error": warehouse_error}, results)
    for name in (f"{run['run_id']}.html", "latest.html"):
        write_page(reports_dir, name, page)
