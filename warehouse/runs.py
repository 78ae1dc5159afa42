"""A run's own record: its `runs` row and its `dq_results` staged beside its batch, and once
published, its HTML data-quality page (`<run_id>.html`, and `latest.html`) and the reports'
index (`index.html`), written under the reports folder from the lake's history."""
from __future__ import annotations

from pathlib import Path

from warehouse.history import load_history, run_kind
from warehouse.lake import Lake, Staged, to_arrow, write_parquet_atomic
from warehouse.quality import CheckResult
from warehouse.report import render, render_index


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


def write_page(reports_dir: Path, name: str, page: str) -> None:
    reports_dir.mkdir(parents=True, exist_ok=True)
    tmp = reports_dir / f".{name}.tmp"
    tmp.write_text(page, encoding="utf-8")
    tmp.replace(reports_dir / name)


def write_reports(lake: Lake, reports_dir: Path, run: dict, results: list[CheckResult],
                  warehouse_error: str | None = None, quarantine_dir: Path | None = None) -> None:
    """The run's page as `<run_id>.html` and `latest.html`, and `index.html`, each replaced
    whole; the history they show is the lake's, this run included."""
    history = load_history(lake, quarantine_dir or lake.root / "quarantine")
    run = {**run, "kind": run_kind(run), "warehouse_error": warehouse_error}
    page = render(run, results, history)
    for name in (f"{run['run_id']}.html", "latest.html"):
        write_page(reports_dir, name, page)
    pages = {p.stem for p in reports_dir.glob("*.html")}
    write_page(reports_dir, "index.html", render_index(history, {run["run_id"]: warehouse_error}, pages))
