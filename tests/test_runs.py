"""`runs` and `dq_results` across layouts: a data dir written before `runs.kind` (and the content
checks' columns of `dq_results`) existed still reads, loads and reports, its audits told apart
from its runs, without rewriting a file."""
from datetime import datetime, timedelta, timezone

import duckdb
import pyarrow as pa

from schemas import TABLES
from warehouse.lake import Lake, Staged, claim_data_dir, write_parquet_atomic
from warehouse.load import load_warehouse
from warehouse.history import latest_run_on, run_rows

T0 = datetime(2026, 1, 5, 2, 0, tzinfo=timezone.utc)
# The columns each table had before this layout (main before #22).
ADDED = {"runs": {"kind"}, "dq_results": {"observed", "expected"}}


def previous_layout(name: str, rows: list[dict]) -> pa.Table:
    schema = TABLES[name].schema
    old = pa.schema([f for f in schema if f.name not in ADDED[name]], metadata=schema.metadata)
    return pa.Table.from_pylist([{k: v for k, v in r.items() if k not in ADDED[name]} for r in rows], schema=old)


def old_run(run_id: str, at: datetime, inputs: list[str], counts: dict, status: str = "published", **extra) -> dict:
    return {"run_id": run_id, "started_at": at, "finished_at": at + timedelta(seconds=5), "status": status,
            "inputs": inputs, "articles_seen": 1, "articles_new": 1 if counts else 0, "input_errors": 0,
            "skipped": [], "model_name": "m", "model_version": "1", "quarantined_rows": 0,
            "row_counts": counts, "message": None, **extra}


def old_check(run_id: str, at: datetime, passed: bool) -> dict:
    return {"run_id": run_id, "table_name": "mentions", "check_name": "text: body[start_char:end_char] == text",
            "critical": True, "passed": passed, "element_count": 5, "unexpected_count": 0 if passed else 1,
            "failing_sample": [] if passed else ["mention_id=a:1-7"], "checked_at": at}


def old_data_dir(root) -> Lake:
    """Two runs and an audit between them (which found a damaged mention), as main wrote them."""
    claim_data_dir(root)
    lake = Lake(root)
    runs = [old_run("20260105T020000Z-aaaaaa", T0, ["/in"], {"articles": 1}),
            old_run("20260105T030000Z-bbbbbb", T0 + timedelta(hours=1), [str(lake.lake_dir)], {},
                    status="failed_validation", message="audit: mentions: ..."),
            old_run("20260105T040000Z-cccccc", T0 + timedelta(hours=2), ["/in"], {"articles": 1})]
    checks = [old_check(runs[0]["run_id"], T0, True), old_check(runs[1]["run_id"], runs[1]["started_at"], False),
              old_check(runs[2]["run_id"], runs[2]["started_at"], True)]
    staged = Staged()
    for run, check in zip(runs, checks):
        name = f"part-{run['run_id']}.parquet"
        staged.add("runs", write_parquet_atomic(previous_layout("runs", [run]), lake.staging_dir("x") / "runs" / name, {}))
        staged.add("dq_results", write_parquet_atomic(previous_layout("dq_results", [check]),
                                                      lake.staging_dir("x") / "dq_results" / name, {}))
    lake.publish("x", staged)
    return lake


def test_a_data_dir_of_the_previous_layout_reads_loads_and_keeps_an_old_audit_s_failure(tmp_path):
    lake = old_data_dir(tmp_path)
    assert [r["kind"] for r in run_rows(lake)] == ["run", "audit", "run"]
    assert latest_run_on(lake, ["/in"])["run_id"] == "20260105T040000Z-cccccc"
    load_warehouse(lake, tmp_path / "warehouse.duckdb", print)
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        kinds = con.execute("SELECT run_id, kind FROM run_history ORDER BY started_at").fetchall()
        failing = con.execute("SELECT run_id, checked_by FROM latest_dq_failures").fetchall()
    assert [k for _, k in kinds] == ["run", "audit", "run"]
    # the later run passed its batch's check; the lake's damaged row the audit found is still failing
    assert failing == [("20260105T030000Z-bbbbbb", "audit")]
