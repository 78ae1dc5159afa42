"""End to end: the real flow, the real model, real Parquet, GX, DuckDB, on seeds/articles.

Every table is compared with reviewed golden files in tests/golden/<model>/ (refresh them with
`pytest --update-golden` and review the diff)."""
import json
import shutil
from datetime import date, datetime, timezone

import duckdb
import pytest

from conftest import REPO, SAMPLE
from flows.cli import main as cli
from flows.pipeline import ValidationFailed, run_pipeline
from flows.settings import Settings
from schemas import EXTRACTED, TABLES

pytestmark = pytest.mark.e2e
VOLATILE = {"ingested_at", "first_seen", "last_seen"}


@pytest.fixture(scope="module")
def sample_run(prefect_harness, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    inbox = tmp_path_factory.mktemp("inbox") / "articles"
    shutil.copytree(SAMPLE.parent, inbox)
    summary = run_pipeline(Settings(inputs=(inbox,), data_dir=data))
    return data, inbox, summary


def table_rows(data, name):
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        cur = con.execute(f'SELECT * FROM "{name}" ORDER BY ALL')
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur.fetchall()]
    finally:
        con.close()


def stable(name, rows, inbox):
    out = []
    for r in rows:
        r = {k: v for k, v in r.items() if k not in VOLATILE}
        if "source_uri" in r:
            r["source_uri"] = r["source_uri"].replace(str(inbox), "<inbox>")
        out.append(json.loads(json.dumps(r, default=str)))
    return sorted(out, key=lambda r: [str(r[k]) for k in TABLES[name].primary_key])


@pytest.mark.parametrize("name", EXTRACTED)
def test_tables_match_golden_files(sample_run, name, update_golden):
    data, inbox, summary = sample_run
    golden = REPO / "tests" / "golden" / f"{summary['model_name']}-{summary['model_version']}" / f"{name}.jsonl"
    rows = stable(name, table_rows(data, name), inbox)
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text("".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows), encoding="utf-8")
    expected = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines()]
    assert rows == expected


def test_every_span_slices_back_to_its_text(sample_run):
    data, _, _ = sample_run
    bodies = {a["article_id"]: a["body"] for a in table_rows(data, "articles")}
    for name in ("mentions", "quotes", "events", "event_arguments"):
        for row in table_rows(data, name):
            for start, end, text in TABLES[name].spans():
                if row[start] is not None:
                    assert bodies[row["article_id"]][row[start]:row[end]] == row[text], (name, row)


def test_sample_yields_what_the_issue_asks(sample_run):
    data, _, _ = sample_run
    entities = {(e["name"], e["label"]) for e in table_rows(data, "entities")}
    assert {("Huawei", "ORG"), ("ZTE", "ORG"), ("Michael R. Pompeo", "PERSON"), ("Meng Wanzhou", "PERSON")} <= entities
    sample_id = next(a["article_id"] for a in table_rows(data, "articles") if a["source_uri"].endswith(SAMPLE.name))
    mentions = [m for m in table_rows(data, "mentions") if m["article_id"] == sample_id]
    ents = {e["entity_id"]: e for e in table_rows(data, "entities")}
    pompeo = {ents[m["entity_id"]]["name"] for m in mentions if m["text"] == "Pompeo"}
    assert pompeo == {"Michael R. Pompeo"}
    us = {ents[m["entity_id"]]["name"] for m in mentions if m["text"] in ("U.S.", "United States")}
    assert len(us) == 1

    said = {(q["speaker_name"], q["text"][:25]) for q in table_rows(data, "who_said_what") if q["article_id"] == sample_id}
    assert ("Ren Zhengfei", "We would definitely say n") in said
    speakers = {s for s, _ in said}
    assert {"Michael R. Pompeo", "Derek Scissors", "John Legere"} <= speakers

    timeline = [e for e in table_rows(data, "event_timeline") if e["article_id"] == sample_id]
    arrests = [e for e in timeline if e["event_type"].startswith("Justice.Arrest")]
    assert any(e["target"] and "Meng Wanzhou" in e["target"] and e["actor"] == "Canada" and e["modality"] == "asserted"
               for e in arrests)
    orders = [e for e in timeline if e["event_type"] == "Policy.ExecutiveOrder"]
    assert orders and all(e["modality"] == "planned" for e in orders)


def test_second_run_changes_nothing(sample_run, tmp_path):
    data, inbox, _ = sample_run
    before = {name: table_rows(data, name) for name in EXTRACTED}
    files = sorted(p.name for p in (data / "lake").rglob("*.parquet") if p.parent.name in EXTRACTED)
    runs, reports = table_rows(data, "runs"), sorted((data / "reports").iterdir())
    again = run_pipeline(Settings(inputs=(inbox,), data_dir=data))
    assert again["articles_new"] == 0 and again["articles_seen"] == 3
    assert again["status"] == "skipped" and "3 already in the lake" in again["message"]
    assert {name: table_rows(data, name) for name in EXTRACTED} == before
    assert table_rows(data, "runs") == runs, "a run with nothing new records nothing"
    assert sorted((data / "reports").iterdir()) == reports
    assert sorted(p.name for p in (data / "lake").rglob("*.parquet") if p.parent.name in EXTRACTED) == files


NOW_T = datetime(2019, 2, 1, tzinfo=timezone.utc)


def corrupt_mentions(monkeypatch, how_many):
    import transforms.extract as extract

    real = extract.rows_for

    def off_by_one(doc, article):
        rows = real(doc, article)
        for m in rows["mentions"][:how_many]:
            m["start_char"] += 1
        return rows

    monkeypatch.setattr(extract, "rows_for", off_by_one)


def test_rows_failing_a_check_are_quarantined_and_the_rest_published(prefect_harness, tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    corrupt_mentions(monkeypatch, 2)
    summary = run_pipeline(Settings(inputs=(SAMPLE,), data_dir=tmp_path))
    assert summary["status"] == "published" and summary["quarantined_rows"] == 2
    held = pq.read_table(tmp_path / "quarantine" / "mentions" / f"part-{summary['run_id']}.parquet").to_pylist()
    assert [h["failed_checks"] for h in held] == [["text: body[start_char:end_char] == text"]] * 2
    published = table_rows(tmp_path, "mentions")
    assert published and not {h["mention_id"] for h in held} & {m["mention_id"] for m in published}
    assert table_rows(tmp_path, "runs")[0]["quarantined_rows"] == 2
    # entities count what was published, not the mentions held back
    published_counts = {}
    for m in published:
        published_counts[m["entity_id"]] = published_counts.get(m["entity_id"], 0) + 1
    entities = {e["entity_id"]: e["mention_count"] for e in table_rows(tmp_path, "entities")}
    assert {h["entity_id"] for h in held} <= set(entities)
    assert entities == {eid: published_counts.get(eid, 0) for eid in entities}
    failures = table_rows(tmp_path, "latest_dq_failures")
    assert [(f["check_name"], f["unexpected_count"]) for f in failures] == [("text: body[start_char:end_char] == text", 2)]


def test_a_systematic_failure_publishes_nothing_and_says_which_rows(prefect_harness, tmp_path, monkeypatch):
    corrupt_mentions(monkeypatch, 10_000)
    with pytest.raises(ValidationFailed, match=r"mentions: text: body\[start_char:end_char\] == text failed on \d+ rows \(e.g. mention_id="):
        run_pipeline(Settings(inputs=(SAMPLE,), data_dir=tmp_path))
    assert all(len(table_rows(tmp_path, t)) == 0 for t in EXTRACTED), "nothing published"
    assert [r["status"] for r in table_rows(tmp_path, "runs")] == ["failed_validation"]
    page = (tmp_path / "reports" / "latest.html").read_text()
    assert page.count('<span class="fail">critical</span>') == 1 and "Failed checks (1)" in page


def test_query_json_and_refusal(sample_run, capsys):
    data, _, _ = sample_run
    assert cli(["query", "SELECT name FROM entities WHERE name = 'Huawei'", "--data-dir", str(data), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"name": "Huawei"}]
    assert cli(["query", "DELETE FROM entities", "--data-dir", str(data)]) == 2
    assert "read-only" in capsys.readouterr().err
    assert cli(["query", "SELECT nonsense FROM nowhere", "--data-dir", str(data)]) == 1
    assert "query failed" in capsys.readouterr().err


def test_report_shows_the_latest_run(sample_run, capsys):
    data, _, summary = sample_run
    assert cli(["report", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert f"latest run {summary['run_id']} (published)" in out and "93/93 passing" in out
    assert f"HTML report: {data / 'reports' / 'index.html'}" in out


def test_event_dates_resolve_no_finer_than_the_copyright_year(sample_run):
    """The sample has only "© 2019": "In December" or "March 6" could be 2018 or 2020, so only
    dates naming their year, or relative to the year ("last year"), may resolve."""
    import re

    data, _, _ = sample_run
    sample_id = next(a["article_id"] for a in table_rows(data, "articles") if a["source_uri"].endswith(SAMPLE.name))
    dated = [e for e in table_rows(data, "events") if e["event_date"] is not None and e["article_id"] == sample_id]
    assert dated, "the sample's 'in 2012' and 'last year' resolve"
    for e in dated:
        assert isinstance(e["event_date"], date)
        if not re.search(r"\b\d{4}\b", e["event_date_text"]):
            assert e["event_date_granularity"] == "year", e


def test_dask_task_runner_gives_the_same_tables_as_a_local_run(prefect_harness, tmp_path):
    """Parts run on a local Dask cluster (two worker processes) through prefect-dask."""
    from flows.cli import flow_for

    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("———")[0].split("\n") if len(p) > 200][:8]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "paragraphs.jsonl").write_text("".join(json.dumps({"text": p}) + "\n" for p in paragraphs), encoding="utf-8")
    tables = {}
    for runner in ("local", "dask"):
        settings = Settings(inputs=(inbox,), data_dir=tmp_path / runner, part_size=3, task_runner=runner)
        flow_for(settings)(settings)
        tables[runner] = {t: stable(t, table_rows(settings.data_dir, t), inbox) for t in EXTRACTED}
    assert len(tables["local"]["articles"]) == 8
    assert tables["dask"] == tables["local"]


def test_two_processes_stream_the_parts_to_the_same_tables_and_leave_no_workers(prefect_harness, tmp_path):
    """One stream of batches over two worker processes across several parts: the same tables as
    one process, and the workers are gone when extraction ends."""
    import multiprocessing

    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("———")[0].split("\n") if len(p) > 200][:7]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "paragraphs.jsonl").write_text("".join(json.dumps({"text": p}) + "\n" for p in paragraphs), encoding="utf-8")
    tables = {}
    for processes in (1, 2):
        settings = Settings(inputs=(inbox,), data_dir=tmp_path / str(processes), part_size=3, processes=processes,
                            batch_size=2)  # batches of 2: both workers get some
        summary = run_pipeline(settings)
        assert not multiprocessing.active_children()
        tables[processes] = {t: stable(t, table_rows(settings.data_dir, t), inbox) for t in EXTRACTED}
    assert summary["articles_new"] == len(tables[2]["articles"]) == 7
    assert len(list((tmp_path / "2" / "lake" / "articles").glob("*.parquet"))) == 3, "parts of 3, 3 and 1 articles"
    assert tables[2] == tables[1]


def test_a_run_that_dies_midway_leaves_lake_and_warehouse_as_they_were(prefect_harness, tmp_path, monkeypatch):
    import transforms.extract as extract

    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(SAMPLE, first / SAMPLE.name)
    run_pipeline(Settings(inputs=(first,), data_dir=tmp_path / "data"))
    before = {t: table_rows(tmp_path / "data", t) for t in EXTRACTED}
    manifest = (tmp_path / "data" / "lake" / "_manifest.json").read_text()

    real, calls = extract.rows_for, []

    def dies_on_second_part(doc, article):
        calls.append(article["article_id"])
        if len(calls) > 1:
            raise MemoryError("killed")
        return real(doc, article)

    monkeypatch.setattr(extract, "rows_for", dies_on_second_part)
    more = SAMPLE.parent / "wikinews-2019.jsonl"
    settings = Settings(inputs=(first, more), data_dir=tmp_path / "data", part_size=1)
    with pytest.raises(MemoryError):
        run_pipeline(settings)
    assert {t: table_rows(tmp_path / "data", t) for t in EXTRACTED} == before
    assert json.loads((tmp_path / "data" / "lake" / "_manifest.json").read_text())["tables"]["articles"] == \
        json.loads(manifest)["tables"]["articles"]
    failed = [r for r in table_rows(tmp_path / "data", "runs") if r["status"] == "failed"]
    assert len(failed) == 1 and "MemoryError: killed" in failed[0]["message"]

    monkeypatch.setattr(extract, "rows_for", real)
    again = run_pipeline(settings)
    assert again["articles_new"] == 2
    articles = table_rows(tmp_path / "data", "articles")
    assert len(articles) == len({a["article_id"] for a in articles}) == 3


def test_an_article_a_component_fails_on_is_reported_and_the_rest_published(prefect_harness, tmp_path, monkeypatch):
    import transforms.quotes as quotes

    real = quotes.entity_id_at

    def fails_on_bolton(doc, start, end):
        if "Bolton" in doc.text:
            raise RuntimeError("component bug")
        return real(doc, start, end)

    monkeypatch.setattr(quotes, "entity_id_at", fails_on_bolton)
    summary = run_pipeline(Settings(inputs=(SAMPLE.parent,), data_dir=tmp_path))
    assert summary["articles_seen"] == 3 and summary["input_errors"] == 1
    [(source, reason)] = summary["errors"]
    assert source.endswith("wikinews-2019.jsonl:2") or source.endswith("wikinews-2019.jsonl:1")
    assert reason == "extraction failed: dateline_quotes: RuntimeError: component bug"
    assert len(table_rows(tmp_path, "articles")) == 2
    assert table_rows(tmp_path, "runs")[0]["skipped"] == [f"{source}: {reason}"]


def test_full_refresh_rebuilds_every_table_from_the_inputs_given(sample_run, tmp_path):
    data, inbox, _ = sample_run
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    summary = run_pipeline(Settings(inputs=(inbox / SAMPLE.name,), data_dir=copy, full_refresh=True))
    assert summary["articles_new"] == 1
    articles = table_rows(copy, "articles")
    assert [a["source_uri"] for a in articles] == [str(inbox / SAMPLE.name)]
    assert {m["article_id"] for m in table_rows(copy, "mentions")} == {articles[0]["article_id"]}
    assert max(e["article_count"] for e in table_rows(copy, "entities")) == 1
    assert len(table_rows(copy, "runs")) == len(table_rows(data, "runs")) + 1


def test_entity_counts_leave_out_held_mentions_and_an_article_left_with_none():
    from transforms.extract import merge_entities, without_held

    huawei = {"name": "Huawei", "label": "ORG", "aliases": ["Huawei"]}
    contributions = [("a1", {"e1": {**huawei, "mention_count": 3}}, NOW_T),
                     ("a2", {"e1": {**huawei, "mention_count": 1}}, NOW_T)]
    (row,) = merge_entities([], without_held(contributions, {("a1", "e1"): 2, ("a2", "e1"): 1}))
    assert (row["mention_count"], row["article_count"]) == (1, 1)
    (row,) = merge_entities([], without_held(contributions, {("a1", "e1"): 3, ("a2", "e1"): 1}))
    assert (row["entity_id"], row["mention_count"], row["article_count"]) == ("e1", 0, 0)  # kept: others may name it
    (row,) = merge_entities([], without_held(contributions, {}))
    assert (row["mention_count"], row["article_count"]) == (4, 2)


def test_a_known_entity_without_a_country_link_takes_one_from_a_later_article():
    from transforms.extract import merge_entities

    chinese = {"name": "Chinese", "label": "NORP", "aliases": ["Chinese"], "mention_count": 1}
    (first,) = merge_entities([], [({"e1": {**chinese, "country_entity_id": None}}, NOW_T)])
    assert first["country_entity_id"] is None  # e.g. stored before the demonym table had the row
    (row,) = merge_entities([first], [({"e1": {**chinese, "country_entity_id": "e_china"}}, NOW_T)])
    assert (row["country_entity_id"], row["article_count"]) == ("e_china", 2)
    (row,) = merge_entities([row], [({"e1": {**chinese, "country_entity_id": None}}, NOW_T)])
    assert row["country_entity_id"] == "e_china"


def test_a_model_that_cannot_load_is_recorded_as_the_run_s_failure(prefect_harness, tmp_path):
    settings = Settings(inputs=(SAMPLE,), data_dir=tmp_path, model="no_such_pipeline")
    with pytest.raises(RuntimeError, match="cannot load spaCy pipeline 'no_such_pipeline'"):
        run_pipeline(settings)
    [run] = table_rows(tmp_path, "runs")
    assert run["status"] == "failed" and run["model_name"] == "no_such_pipeline"
    assert "cannot load spaCy pipeline" in run["message"]
    assert table_rows(tmp_path, "articles") == []
