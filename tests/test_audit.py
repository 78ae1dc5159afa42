"""The audit re-validates the published lake: a clean lake passes, a part damaged after
publication is caught and recorded, and the quality summary lands in Prefect as an artifact."""
import re
import shutil

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import SAMPLE
from flows.audit import AuditFailed, audit_lake
from flows.cli import main as cli
from flows.pipeline import ARTIFACT_KEY
from warehouse.report import quality_markdown
from flows.pipeline import run_pipeline
from flows.settings import Settings
from warehouse.lake import Lake, write_parquet_atomic
from warehouse.quality import CheckResult

pytestmark = pytest.mark.e2e
SPAN_CHECK = "text: body[start_char:end_char] == text"


@pytest.fixture(scope="module")
def published(prefect_harness, tmp_path_factory):
    data = tmp_path_factory.mktemp("published")
    summary = run_pipeline(Settings(inputs=(SAMPLE,), data_dir=data))
    return data, summary


@pytest.fixture
def lake_copy(published, tmp_path):
    """Each test audits its own copy: the manifest holds relative paths, so a copy is a lake."""
    data, summary = published
    shutil.copytree(data / "lake", tmp_path / "lake")
    return Settings(inputs=(), data_dir=tmp_path), summary


def rows(data, sql, *params):
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_clean_lake_passes_and_is_recorded_as_a_run(lake_copy):
    settings, first = lake_copy
    summary = audit_lake(settings)
    assert summary["status"] == "published" and summary["message"] is None
    assert summary["model_name"] == first["model_name"]
    assert summary["checked_rows"]["articles"] == 1 and summary["checked_rows"]["runs"] == 1
    runs = rows(settings.data_dir, "SELECT run_id, status, inputs FROM runs ORDER BY started_at")
    assert [r[0] for r in runs] == [first["run_id"], summary["run_id"]]
    assert runs[1][1:] == ("published", [str(settings.data_dir / "lake")])
    checks = rows(settings.data_dir, "SELECT table_name, passed FROM dq_results WHERE run_id = ?", summary["run_id"])
    assert checks and all(passed for _, passed in checks)
    assert {t for t, _ in checks} >= {"articles", "mentions", "entities", "quotes", "events", "runs", "dq_results"}
    assert (settings.reports_dir / f"{summary['run_id']}.html").exists()


def damage_a_mention(settings) -> tuple[str, pa.Table]:
    """Shift the first published mention by one character: (its id, the part as it was)."""
    part = Lake(settings.data_dir).files("mentions")[0]
    damaged = original = pq.read_table(part)
    starts = damaged["start_char"].to_pylist()
    starts[0] += 1
    column = damaged.schema.get_field_index("start_char")
    damaged = damaged.set_column(column, damaged.schema.field(column), [pa.array(starts, damaged["start_char"].type)])
    write_parquet_atomic(damaged, part, {})
    return damaged["mention_id"][0].as_py(), original


def test_damaged_published_part_is_flagged_in_dq_results(lake_copy):
    settings, _ = lake_copy
    bad_id, _ = damage_a_mention(settings)

    with pytest.raises(AuditFailed, match=rf"mentions: text: body\[start_char:end_char\] == text failed on 1 rows"):
        audit_lake(settings)

    audit_run, status, message = rows(settings.data_dir, "SELECT run_id, status, message FROM runs ORDER BY started_at DESC LIMIT 1")[0]
    assert status == "failed_validation" and bad_id in message
    failures = rows(settings.data_dir, "SELECT run_id, table_name, check_name, unexpected_count, failing_sample "
                                       "FROM latest_dq_failures")
    [(run_id, table, check, n, [sample])] = failures
    assert (run_id, table, check, n) == (audit_run, "mentions", SPAN_CHECK, 1)
    assert sample.startswith(f"mention_id={bad_id}: text=") and ", body[" in sample


def test_a_failure_stays_visible_through_runs_with_nothing_new_until_a_check_of_it_passes(lake_copy, capsys):
    settings, first = lake_copy
    bad_id, original = damage_a_mention(settings)
    with pytest.raises(AuditFailed):
        audit_lake(settings)
    reports = sorted(p.name for p in settings.reports_dir.iterdir())
    for _ in range(2):  # inbox runs with nothing new: recorded nowhere, replacing nothing
        again = run_pipeline(Settings(inputs=(SAMPLE,), data_dir=settings.data_dir))
        assert again["status"] == "skipped" and again["articles_seen"] == 1 and again["report"] is None
    assert [r[0] for r in rows(settings.data_dir, "SELECT kind FROM run_history ORDER BY started_at")] == ["run", "audit"]
    assert sorted(p.name for p in settings.reports_dir.iterdir()) == reports
    failing = rows(settings.data_dir, "SELECT checked_by, table_name, check_name, critical FROM latest_dq_failures")
    assert failing == [("audit", "mentions", SPAN_CHECK, True)]
    assert "FAILED" in (settings.reports_dir / "latest.html").read_text()
    index = (settings.reports_dir / "index.html").read_text()
    assert "<b>FAILING</b>" in index and "Failing now" in index and bad_id in index
    links = set(re.findall(r'href="([^"]+)"', index))
    assert links == {f"{audit_id(settings)}.html"}, "a run whose page is not there is named, not linked"
    assert (settings.reports_dir / f"{audit_id(settings)}.html").is_file() and first["run_id"] in index
    assert cli(["report", "--data-dir", str(settings.data_dir)]) == 2
    out = capsys.readouterr().out
    assert f"CRITICAL mentions: {SPAN_CHECK}: 1 rows (audit " in out and bad_id in out

    write_parquet_atomic(original, Lake(settings.data_dir).files("mentions")[0], {})  # repaired
    audit_lake(settings)
    assert rows(settings.data_dir, "SELECT * FROM latest_dq_failures") == []
    assert cli(["report", "--data-dir", str(settings.data_dir)]) == 0
    assert "0 critical failing, 0 warnings" in capsys.readouterr().out
    assert "<b>PASSING</b>" in (settings.reports_dir / "index.html").read_text()


def audit_id(settings) -> str:
    return rows(settings.data_dir, "SELECT run_id FROM run_history WHERE kind = 'audit' LIMIT 1")[0][0]


def test_quality_artifact_is_published_under_one_key(lake_copy):
    from prefect.artifacts import Artifact

    settings, _ = lake_copy
    summary = audit_lake(settings)
    artifact = Artifact.get(ARTIFACT_KEY)
    assert artifact is not None and summary["run_id"] in artifact.data and "checks passed" in artifact.data


def test_quality_markdown_lists_failures_first_and_escapes_pipes():
    run = {"run_id": "r1", "status": "failed_validation", "message": "mentions: x failed"}
    results = [CheckResult("articles", "body not null", True, True, 3, 0),
               CheckResult("mentions", "a | b", True, False, 3, 1, ["mention_id=m1"])]
    md = quality_markdown(run, results)
    table = [line for line in md.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert table[0].startswith("| mentions | a \\| b | yes | **NO** | 3 | 1 | mention_id=m1 |")
    assert "1/2 checks passed" in md and "> mentions: x failed" in md
