"""A run's own record: its `runs` row and its `dq_results` staged beside its batch, and its HTML
data-quality report (per run, and as `latest.html`) written under the reports folder."""
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


def write_report(reports_dir: Path, run: dict, results: list[CheckResult]) -> None:
    """The HTML report as `<run_id>.html` and `latest.html`, each replaced whole."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    page = render(run, results)
    for name in (f"{run['run_id']}.html", "latest.html"):
        tmp = reports_dir / f".{name}.tmp"
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(reports_dir / name)
