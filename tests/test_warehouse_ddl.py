"""A warehouse table is rebuilt when its structure changes, not when only a description does
(the comments are set again in place): a description edit must not reload a big table."""
import dataclasses
from datetime import datetime, timezone

import duckdb
import pyarrow as pa
import pytest

from schemas import TABLES
from schemas.table import column
from warehouse.ddl import create_table
from warehouse.lake import Lake, Staged, claim_data_dir, to_arrow, write_parquet_atomic
from warehouse.load import LOADED, ddl_digest, load_warehouse

NOW = datetime(2019, 3, 6, tzinfo=timezone.utc)


@pytest.fixture
def lake(tmp_path):
    claim_data_dir(tmp_path / "data")
    lake = Lake(tmp_path / "data")
    rows = [{"article_id": "a1", "source_uri": "a.txt", "language": "en", "body": "The council met.",
             "word_count": 3, "ingested_at": NOW}]
    staged = Staged()
    staged.add("articles", write_parquet_atomic(to_arrow("articles", rows), lake.staging_dir("r") / "articles" / "p.parquet", {}))
    lake.publish("r", staged)
    load_warehouse(lake, lake.root / "warehouse.duckdb", say=lambda _: None)
    return lake


def described(table, column, text):
    """``table`` with ``column``'s description replaced."""
    fields = [f.with_metadata({**{k.decode(): v.decode() for k, v in f.metadata.items()}, "description": text})
              if f.name == column else f for f in table.fields]
    return dataclasses.replace(table, fields=fields)


def mark(lake):
    """A row the lake does not hold, put in the warehouse table by hand: a rebuild drops it."""
    with duckdb.connect(str(lake.root / "warehouse.duckdb")) as con:
        con.execute("INSERT INTO articles (article_id, source_uri, language, body, word_count, ingested_at) "
                    "VALUES ('hand', 'h.txt', 'en', 'x', 1, now())")


def state(lake):
    """(whether the table was kept since `mark`, the body column's comment, the digests recorded)"""
    with duckdb.connect(str(lake.root / "warehouse.duckdb"), read_only=True) as con:
        kept = con.execute("SELECT count(*) FROM articles WHERE article_id = 'hand'").fetchone()[0] == 1
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'articles' "
                              "AND column_name = 'body'").fetchone()[0]
        digests = {r[0] for r in con.execute(f"SELECT ddl FROM {LOADED} WHERE table_name = 'articles'").fetchall()}
    return kept, comment, digests


def test_a_new_description_is_set_in_place_and_a_new_column_rebuilds(lake, monkeypatch):
    mark(lake)
    monkeypatch.setitem(TABLES, "articles", described(TABLES["articles"], "body", "the article's text, retold"))
    load_warehouse(lake, lake.root / "warehouse.duckdb", say=lambda _: None)
    assert state(lake)[:2] == (True, "the article's text, retold")
    wider = dataclasses.replace(TABLES["articles"], fields=TABLES["articles"].fields + [column("extra", pa.string(), "a new column")])
    monkeypatch.setitem(TABLES, "articles", wider)
    load_warehouse(lake, lake.root / "warehouse.duckdb", say=lambda _: None)
    with duckdb.connect(str(lake.root / "warehouse.duckdb"), read_only=True) as con:
        cols = [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'articles'").fetchall()]
        assert cols[-1] == "extra" and con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1  # rebuilt


def test_a_warehouse_that_recorded_the_digest_with_comments_is_current(lake):
    mark(lake)
    full = ddl_digest(create_table(TABLES["articles"]))  # what earlier versions recorded
    with duckdb.connect(str(lake.root / "warehouse.duckdb")) as con:
        con.execute(f"UPDATE {LOADED} SET ddl = ? WHERE table_name = 'articles'", [full])
    load_warehouse(lake, lake.root / "warehouse.duckdb", say=lambda _: None)
    kept, _, digests = state(lake)
    assert kept and digests == {ddl_digest(create_table(TABLES["articles"])[:1])}
