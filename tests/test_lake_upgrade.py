"""A data dir made by main before #21's readers (bb5d35c: its own HTML reader, UTF-8 only, no
`articles.source_encoding`; nor the dateline columns e6ae3ef lacks) goes on working: its parts
read with the new columns NULL, its warehouse is rebuilt with the new DDL, and the inputs it holds already are not taken again,
though pages now read to another body (their `legacy_article_id` is main's id)."""
import dataclasses
from datetime import datetime, timezone

import duckdb
import pyarrow.parquet as pq
import pytest

from test_ingest_formats import page
from warehouse.lake import Lake, Staged, claim_data_dir, to_arrow, write_parquet_atomic
from warehouse.load import VIEWS_SQL, load_warehouse

NOW = datetime(2019, 3, 6, tzinfo=timezone.utc)
# A page without <article> whose "Most read" list main's reader kept in the body, and the ids
# main's code gave these two inputs (computed by running bb5d35c's flows.ingest on them).
STORY = page().replace("<article>", '<div class="story">').replace("</article>", "</div>") \
    .replace("<aside>", '<div class="related">').replace("</aside>", "</div>")
TEXT = "Canada arrested a telecom executive in December.\n"
MAIN_IDS = {"bridge.html": "ed360a9a1c7c7b16", "a.txt": "f80f6cb3a90cbe56"}
# articles columns main lacked (and main kept no near-duplicate index)
NEW_COLUMNS = ["source_encoding", "dateline_place", "wire", "dateline_entity_id", "duplicate_of", "duplicate_similarity"]


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "bridge.html").write_text(STORY, encoding="utf-8")
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    return folder


def main_data_dir(data, inbox, monkeypatch):
    """The lake and warehouse main's code left after a run on ``inbox``: its articles rows,
    written and loaded with main's `articles` schema (none of NEW_COLUMNS)."""
    from schemas import TABLES

    claim_data_dir(data)
    lake = Lake(data)
    rows = [{"article_id": MAIN_IDS[name], "source_uri": str(inbox / name), "language": "en", "body": body,
             "word_count": len(body.split()), "ingested_at": NOW}
            for name, body in (("bridge.html", "as main stored it"), ("a.txt", TEXT.strip()))]
    old = to_arrow("articles", rows).drop_columns(NEW_COLUMNS)
    staged = Staged()
    staged.add("articles", write_parquet_atomic(old, lake.staging_dir("r1") / "articles" / "part-main.parquet", {}))
    lake.publish("r1", staged)
    main_table = dataclasses.replace(TABLES["articles"], fields=[f for f in TABLES["articles"].fields
                                                                 if f.name not in NEW_COLUMNS], references={})
    main_views = data.parent / "main-views.sql"  # main's views: none reads a column main lacked
    main_views.write_text(VIEWS_SQL.read_text().split("-- Stories:")[0])
    with monkeypatch.context() as m:
        m.setitem(TABLES, "articles", main_table)
        m.setattr("warehouse.load.VIEWS_SQL", main_views)
        load_warehouse(lake, data / "warehouse.duckdb", say=lambda _: None)
    assert not set(NEW_COLUMNS) & set(pq.read_schema(lake.files("articles")[0]).names)
    return lake


def test_a_data_dir_made_by_main_reads_loads_and_knows_its_inputs(tmp_path, inbox, monkeypatch):
    from flows.ingest import read_articles

    lake = main_data_dir(tmp_path / "data", inbox, monkeypatch)
    for name in NEW_COLUMNS:
        assert lake.read("articles").column(name).to_pylist() == [None, None]
    assert load_warehouse(lake, tmp_path / "data" / "warehouse.duckdb", say=lambda _: None)["articles"] == 2
    con = duckdb.connect(str(tmp_path / "data" / "warehouse.duckdb"), read_only=True)
    nulls = " AND ".join(f"{name} IS NULL" for name in NEW_COLUMNS)
    assert con.execute(f"SELECT count(*) FROM articles WHERE {nulls}").fetchone() == (2,)
    con.close()
    known = set(lake.read("articles", ["article_id"])["article_id"].to_pylist())
    articles = [a for a in read_articles((inbox,)) if isinstance(a, dict)]
    page_article = next(a for a in articles if a["source_uri"].endswith("bridge.html"))
    assert "Most read" not in page_article["body"] and page_article["article_id"] not in known
    assert all({a["article_id"], a.get("legacy_article_id")} & known for a in articles)  # nothing taken again


@pytest.mark.e2e
def test_a_run_on_a_data_dir_made_by_main_adds_only_what_is_new(prefect_harness, tmp_path, inbox, monkeypatch):
    from flows.pipeline import run_pipeline
    from flows.settings import Settings

    data = tmp_path / "data"
    main_data_dir(data, inbox, monkeypatch)
    (inbox / "fee.txt").write_bytes("Chelsea paid a £15.8m fee for the striker last summer.\n".encode("latin-1"))
    (inbox / "rally.txt").write_text("RENO, Nev. (AP) — The senator held a rally near the airport on Friday.\n")
    summary = run_pipeline(Settings(inputs=(inbox,), data_dir=data))
    assert (summary["articles_seen"], summary["articles_new"], summary["input_errors"]) == (4, 2, 0)
    assert summary["warnings"] == [(str(inbox / "fee.txt"), "not UTF-8: read as cp1252")]
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    rows = con.execute("SELECT article_id, source_encoding, dateline_place, wire, dateline_entity_id IS NULL, "
                       "e.name FROM articles LEFT JOIN entities e ON e.entity_id = dateline_entity_id "
                       "ORDER BY source_uri").fetchall()
    con.close()
    assert [r[0] for r in rows[:2]] == [MAIN_IDS["a.txt"], MAIN_IDS["bridge.html"]]
    assert [r[1:5] for r in rows] == [(None, None, None, True), (None, None, None, True), ("cp1252", None, None, True),
                                      (None, "RENO, Nev.", "AP", False)]
    assert rows[3][5].casefold() == "reno" and len({r[0] for r in rows}) == 4
    from warehouse.duplicates import load_index

    assert len(load_index(Lake(data)).entries) == 4  # main's two articles signed from their stored bodies
    again = run_pipeline(Settings(inputs=(inbox,), data_dir=data))
    assert again["articles_new"] == 0


def test_runs_recorded_before_the_other_language_count_read_and_load_with_it_null(tmp_path):
    """`runs.articles_other_language` (#21 item 9) is new: a data dir's earlier runs rows lack it."""
    data = tmp_path / "data"
    claim_data_dir(data)
    lake = Lake(data)
    row = {"run_id": "r0", "started_at": NOW, "finished_at": NOW, "status": "published", "articles_seen": 2,
           "articles_new": 2, "input_errors": 0, "model_name": "en_core_web_sm", "model_version": "3.8.0",
           "quarantined_rows": 0}
    old = to_arrow("runs", [row]).drop_columns(["articles_other_language"])
    staged = Staged()
    staged.add("runs", write_parquet_atomic(old, lake.staging_dir("r0") / "runs" / "part-r0.parquet", {}))
    lake.publish("r0", staged)
    assert lake.read("runs").column("articles_other_language").to_pylist() == [None]
    assert load_warehouse(lake, data / "warehouse.duckdb", say=lambda _: None)["runs"] == 1
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    assert con.execute("SELECT articles_new, articles_other_language FROM runs").fetchall() == [(2, None)]
    con.close()


def test_events_written_under_a_retired_type_name_are_read_under_the_new_one(tmp_path):
    """Politics.Election became Government.Vote (elect: Personnel.Elect): an older version's
    events rows are renamed when the warehouse is loaded, and a warehouse loaded before the
    rename counts as behind the lake, so a query loads it first."""
    from warehouse.load import RENAMED, behind, retired_types

    data = tmp_path / "data"
    claim_data_dir(data)
    lake = Lake(data)

    def event(n, event_type, trigger):
        return {"event_id": f"a1:e:{n}-{n + 5}", "article_id": "a1", "event_type": event_type, "trigger": trigger,
                "start_char": n, "end_char": n + 5, "modality": "asserted", "mention_count": 1, "rule": "lexicon_verb"}

    rows = [event(0, "Politics.Election", "elected"), event(10, "Politics.Election", "election"),
            event(20, "Politics.Election", "voted"), event(30, "Conflict.Attack", "attack")]
    staged = Staged()
    staged.add("events", write_parquet_atomic(to_arrow("events", rows), lake.staging_dir("r0") / "events" / "part-r0.parquet", {}))
    lake.publish("r0", staged)
    db = data / "warehouse.duckdb"
    load_warehouse(lake, db, say=lambda _: None)
    con = duckdb.connect(str(db))
    assert con.execute("SELECT trigger, event_type FROM events ORDER BY start_char").fetchall() == [
        ("elected", "Personnel.Elect"), ("election", "Government.Vote"), ("voted", "Government.Vote"),
        ("attack", "Conflict.Attack")]
    assert not behind(lake, con)
    assert ("Politics.Election", [], "Government.Vote") in retired_types()
    con.execute(f"DROP TABLE {RENAMED}")  # as a warehouse loaded by a version before the rename
    assert behind(lake, con)
    con.close()
    assert lake.read("events").column("event_type").to_pylist()[0] == "Politics.Election"  # the lake keeps what was written
