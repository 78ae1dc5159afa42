from datetime import datetime, timezone
from pathlib import Path

import pytest

import pyarrow.parquet as pq
from hypothesis import given, settings, strategies as st

from warehouse.lake import MARKER, DataDirError, Lake, Staged, claim_data_dir, is_data_dir, to_arrow, write_parquet_atomic
from warehouse.load import load_warehouse

NOW = datetime(2019, 2, 1, tzinfo=timezone.utc)


def article(i: int, body: str = "Body text.") -> dict:
    return {"article_id": f"a{i}", "source_uri": f"f{i}.txt", "language": "en", "body": body,
            "word_count": len(body.split()), "ingested_at": NOW}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=40), min_size=0, max_size=8))
def test_parquet_round_trip_keeps_rows_and_schema(tmp_path_factory, bodies):
    path = tmp_path_factory.mktemp("rt") / "part.parquet"
    rows = [article(i, b) for i, b in enumerate(bodies)]
    write_parquet_atomic(to_arrow("articles", rows), path, {"dateline.model_name": "m"})
    back = pq.read_table(path)
    assert back.to_pylist() == to_arrow("articles", rows).to_pylist()
    assert back.schema.metadata[b"dateline.model_name"] == b"m"
    assert back.schema.metadata[b"table"] == b"articles"
    assert not list(path.parent.glob(".*tmp"))


def stage(lake: Lake, run_id: str, rows: list[dict]) -> Staged:
    staged = Staged()
    staged.add("articles", write_parquet_atomic(to_arrow("articles", rows), lake.staging_dir(run_id) / "articles" / "part-x.parquet", {}))
    return staged


R1, R2 = "20190201T000000Z-aaaaaa", "20190201T000100Z-bbbbbb"


def test_unpublished_staging_is_invisible_and_swept(tmp_path):
    claim_data_dir(tmp_path)
    lake = Lake(tmp_path)
    lake.publish(R1, stage(lake, R1, [article(1)]))
    stage(lake, R2, [article(2)])  # a run that died before publishing
    (lake.lake_dir / "articles" / "part-orphan.parquet").write_bytes(b"half")
    assert lake.read("articles")["article_id"].to_pylist() == ["a1"]
    lake.sweep()
    assert not lake.staging_dir(R2).exists()
    assert not (lake.lake_dir / "articles" / "part-orphan.parquet").exists()
    assert lake.read("articles")["article_id"].to_pylist() == ["a1"]


def test_the_sweep_keeps_every_file_dateline_did_not_write(tmp_path):
    """A data dir adopted from an earlier Dateline may hold a user's files: they stay."""
    lake = Lake(tmp_path)
    lake.publish(R1, stage(lake, R1, [article(1)]))
    stage(lake, R2, [article(2)])
    theirs = [tmp_path / "staging" / "thesis" / "ch1.txt", tmp_path / "lake" / "mydata" / "results.parquet",
              tmp_path / "lake" / "articles" / "notes.parquet", tmp_path / "staging" / "notes.txt"]
    for path in theirs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("mine")
    assert claim_data_dir(tmp_path) is True  # adopted: it has a manifest and only Dateline's folders
    lake.sweep()
    assert all(p.read_text() == "mine" for p in theirs)
    assert not lake.staging_dir(R2).exists()


@pytest.mark.parametrize("entries, refused", [
    ([], False),                                         # empty: made a data dir
    (["staging/thesis/ch1.txt"], True),                  # Dateline's folder names, nothing of Dateline's
    (["lake/mydata/results.parquet"], True),
    (["thesis.txt"], True),
    (["lake/_manifest.json", "notes.txt"], True),       # an earlier data dir with a user's file at its top
    (["eval/quotes.json"], False),                       # `make eval` before the first run
    (["inbox/a.txt", "prefect/api_url"], False),         # `dateline serve` before the first run
])
def test_a_folder_is_claimed_only_when_it_is_new_empty_or_dateline_s(tmp_path, entries, refused):
    root = tmp_path / "data"
    root.mkdir()
    for rel in entries:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text('{"tables": {}}' if rel.endswith(".json") else "x")
    if refused:
        with pytest.raises(DataDirError, match="not a Dateline data dir"):
            claim_data_dir(root)
        assert not is_data_dir(root)
        with pytest.raises(DataDirError):
            Lake(root).sweep()
    else:
        claim_data_dir(root)
        assert is_data_dir(root)
    assert all((root / rel).exists() for rel in entries)


@pytest.mark.parametrize("path, why", [("", "empty path"), ("a-file", "is a file")])
def test_an_empty_or_file_data_dir_is_refused(tmp_path, monkeypatch, path, why):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(DataDirError, match=why):
        claim_data_dir(Path(path) if path else path)
    assert not (tmp_path / MARKER).exists()


def test_loading_the_same_lake_twice_leaves_the_warehouse_unchanged(tmp_path):
    import duckdb

    lake = Lake(tmp_path)
    lake.publish("r1", stage(lake, "r1", [article(1), article(2, "Other.")]))
    db = tmp_path / "w.duckdb"
    first = load_warehouse(lake, db)
    snap = duckdb.connect(str(db)).execute("SELECT * FROM articles ORDER BY article_id").fetchall()
    assert load_warehouse(lake, db) == first
    assert duckdb.connect(str(db)).execute("SELECT * FROM articles ORDER BY article_id").fetchall() == snap
    assert first["articles"] == 2


def test_failed_load_rolls_back(tmp_path, monkeypatch):
    import duckdb
    import pytest

    lake = Lake(tmp_path)
    lake.publish("r1", stage(lake, "r1", [article(1)]))
    db = tmp_path / "w.duckdb"
    load_warehouse(lake, db)
    monkeypatch.setattr("warehouse.load.VIEWS_SQL", tmp_path / "broken.sql")
    (tmp_path / "broken.sql").write_text("CREATE VIEW top_entities AS SELECT nonsense FROM nowhere;")
    with pytest.raises(duckdb.Error):
        load_warehouse(lake, db)
    con = duckdb.connect(str(db))
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM who_said_what").fetchone()[0] == 0


def warehouse_rows(db) -> dict[str, list]:
    import duckdb

    from schemas import TABLES

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in TABLES}
    finally:
        con.close()


def test_a_load_after_new_parts_equals_a_load_from_scratch(tmp_path):
    """Loads insert only the parts a table gained and rebuild a table whose parts were replaced;
    the result must be what a fresh load of the same lake gives."""
    lake = Lake(tmp_path)
    db = tmp_path / "w.duckdb"
    lake.publish("r1", stage(lake, "r1", [article(1)]))
    load_warehouse(lake, db)
    staged = Staged()
    staged.add("articles", write_parquet_atomic(to_arrow("articles", [article(2, "Two.")]),
                                                lake.staging_dir("r2") / "articles" / "part-y.parquet", {}))
    lake.publish("r2", staged)
    assert load_warehouse(lake, db)["articles"] == 2
    assert warehouse_rows(db) == warehouse_rows_from_scratch(lake, tmp_path / "fresh-1.duckdb")
    replaced = stage(lake, "r3", [article(3, "Three.")])
    replaced.replaces.add("articles")  # a full refresh: the table's old parts go
    lake.publish("r3", replaced)
    assert load_warehouse(lake, db)["articles"] == 1
    assert warehouse_rows(db) == warehouse_rows_from_scratch(lake, tmp_path / "fresh-2.duckdb")


def warehouse_rows_from_scratch(lake, db) -> dict[str, list]:
    load_warehouse(lake, db)
    return warehouse_rows(db)


def test_a_warehouse_loaded_before_load_bookkeeping_is_rebuilt_not_doubled(tmp_path):
    import duckdb

    lake = Lake(tmp_path)
    db = tmp_path / "w.duckdb"
    lake.publish("r1", stage(lake, "r1", [article(1)]))
    load_warehouse(lake, db)
    con = duckdb.connect(str(db))
    con.execute("DROP SCHEMA dateline_meta CASCADE")  # as an older Dateline left it
    con.close()
    assert load_warehouse(lake, db)["articles"] == 1


def test_a_run_expects_new_articles_only_for_inputs_the_lake_lacks(tmp_path):
    """The hint `dateline run` uses to import Great Expectations while its server boots."""
    from flows.startup import expects_new_articles
    from flows.settings import Settings

    settings = Settings(data_dir=tmp_path)
    known, new, broken = {"article_id": "a1"}, {"article_id": "a2"}, ("bad.txt", "not UTF-8 text")
    assert expects_new_articles(settings, [known])  # an empty lake: everything is new
    lake = Lake(tmp_path)
    lake.publish("r1", stage(lake, "r1", [article(1)]))
    assert not expects_new_articles(settings, [known, broken])
    assert expects_new_articles(settings, [known, new])
    assert expects_new_articles(Settings(data_dir=tmp_path, full_refresh=True), [known])


def test_parts_written_before_a_column_was_added_load_with_it_null(tmp_path):
    """An older Dateline's parts lack a newer column (``entities.country_entity_id``): the
    warehouse loads them with the column NULL instead of failing every later run."""
    import duckdb

    lake = Lake(tmp_path)
    row = {"entity_id": "e1", "name": "Chinese", "label": "NORP", "aliases": ["Chinese"], "mention_count": 1,
           "article_count": 1, "first_seen": NOW, "last_seen": NOW}
    old = to_arrow("entities", [{**row, "country_entity_id": None}]).drop_columns(["country_entity_id"])
    staged = Staged()
    staged.add("entities", write_parquet_atomic(old, lake.staging_dir("r1") / "entities" / "part-old.parquet", {}))
    lake.publish("r1", staged)
    assert "country_entity_id" not in pq.read_schema(lake.files("entities")[0]).names
    db = tmp_path / "w.duckdb"
    assert load_warehouse(lake, db)["entities"] == 1
    got = duckdb.connect(str(db)).execute("SELECT name, country_entity_id FROM entities").fetchall()
    assert got == [("Chinese", None)]
