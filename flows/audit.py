"""The audit: validate the whole published lake as readers see it, not one run's staged batch.

A run validates only the parts it staged; the audit re-checks every table the manifest names, as
one table (so a key duplicated across two parts, or a part edited or damaged after publication,
is caught), records the checks as its own `runs` row and `dq_results`, reloads the warehouse and
leaves a quality summary in Prefect (artifact key `dateline-dq`), and compacts the lake
(`warehouse.compaction`: the day's small parts merged, in one manifest swap). `dateline serve`
runs it nightly.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pyarrow.parquet as pq
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from flows.pipeline import describe, load, name_flow_run, new_run_id, publish, publish_quality_artifact, record_run, report
from flows.progress import quiet_logs
from flows.settings import Settings
from schemas import EXTRACTED, TABLES
from warehouse.compaction import compact
from warehouse.lake import Lake, Staged, claim_data_dir
from warehouse.quality import CheckResult, Validator, referenced_keys


class AuditFailed(RuntimeError):
    """A critical check failed on the published lake (the results are recorded all the same)."""


def published_model(lake: Lake) -> tuple[str, str]:
    """The model(s) that wrote the published extraction tables, from the parts' metadata."""
    names, versions = set(), set()
    for table in EXTRACTED:
        for part in lake.files(table):
            meta = pq.read_schema(part).metadata or {}
            if b"dateline.model_name" in meta:
                names.add(meta[b"dateline.model_name"].decode())
                versions.add(meta.get(b"dateline.model_version", b"unknown").decode())
    return ", ".join(sorted(names)) or "none", ", ".join(sorted(versions)) or "none"


@task(cache_policy=NONE, retries=2, retry_delay_seconds=1)
def check_lake(settings: Settings) -> tuple[list[CheckResult], dict[str, int]]:
    """Every published table, whole; spans are checked against the bodies of all published
    articles, references against every published key."""
    lake, validator = Lake(settings.lake_root), Validator()
    articles = lake.read("articles", ["article_id", "body"])
    bodies = dict(zip(articles["article_id"].to_pylist(), articles["body"].to_pylist()))
    keys = {(t, c): lake.keys_after(Staged(), t, c) for t, c in referenced_keys()}
    results, rows = [], {}
    for table in TABLES:
        if not lake.files(table):
            continue
        data = lake.read(table)
        rows[table] = data.num_rows
        results += validator.validate(table, data, bodies, keys)
    get_run_logger().info("checked %d tables: %s", len(rows), ", ".join(f"{t}={n}" for t, n in rows.items()))
    return results, rows


@flow(name="dateline-audit", log_prints=True)
def audit_lake(settings: Settings) -> dict:
    quiet_logs()
    claim_data_dir(settings.data_dir)
    with Lake(settings.lake_root).lock():  # never beside a run that is publishing
        return audit_locked(settings)


def audit_locked(settings: Settings) -> dict:
    started = datetime.now(timezone.utc)
    run_id = new_run_id(started)
    name_flow_run(run_id)
    lake = Lake(settings.lake_root)
    model_name, model_version = published_model(lake)

    results, rows = check_lake(settings)

    critical = [r for r in results if r.critical and not r.passed]
    # An audit stages and quarantines nothing: row_counts stays empty, `inputs` names the lake it checked.
    run = {"run_id": run_id, "started_at": started, "finished_at": datetime.now(timezone.utc),
           "status": "failed_validation" if critical else "published", "kind": "audit", "inputs": [str(lake.lake_dir)],
           "articles_seen": rows.get("articles", 0), "articles_new": 0, "input_errors": 0,
           "model_name": model_name, "model_version": model_version, "row_counts": {},
           "quarantined_rows": 0,
           "message": f"audit: {describe(critical)}" if critical else None}
    publish(settings, run_id, record_run(settings, run, results))
    compact(lake, get_run_logger().info)  # the day's small parts merged, this audit's own included
    counts, load_error = load(settings)
    report(settings, run, results, load_error)
    publish_quality_artifact(run, results)
    if critical:
        raise AuditFailed(run["message"])
    return {**run, "checked_rows": rows, "warehouse_counts": counts, "warehouse_error": load_error,
            "report": str(settings.reports_dir / f"{run_id}.html"), "warehouse": str(settings.warehouse_path)}
