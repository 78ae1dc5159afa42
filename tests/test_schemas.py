"""Everything derived from `schemas/` agrees with it: Parquet, DuckDB DDL, GX suites, the table catalogue (docs/tables.md)."""
import duckdb
import pytest

from conftest import REPO
from schemas import TABLES
from schemas.catalogue import markdown
from warehouse.ddl import create_table
from warehouse.quality import expectations


@pytest.mark.parametrize("name", TABLES)
def test_every_field_is_described_and_the_grain_and_key_are_in_the_metadata(name):
    t = TABLES[name]
    assert all(f.metadata and f.metadata[b"description"] for f in t.fields)
    meta = t.schema.metadata
    assert meta[b"grain"] and meta[b"primary_key"]
    assert set(t.primary_key) <= set(t.schema.names)


@pytest.mark.parametrize("name", TABLES)
def test_duckdb_ddl_matches_schema(name):
    con = duckdb.connect()
    for statement in create_table(TABLES[name]):
        con.execute(statement)
    cols = con.execute("SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = ? "
                       "ORDER BY ordinal_position", [name]).fetchall()
    assert [c for c, _ in cols] == TABLES[name].schema.names
    not_null = {c for c, nullable in cols if nullable == "NO"}
    assert set(TABLES[name].required) <= not_null


@pytest.mark.parametrize("name", TABLES)
def test_gx_suite_covers_key_required_allowed_spans_and_references(name):
    t = TABLES[name]
    checks = {e.meta["check"] for e in expectations(t)}
    assert {f"{c} not null" for c in t.required} <= checks
    assert {f"{c} in allowed set" for c in t.allowed_values()} <= checks
    assert len([c for c in checks if "body[" in c]) == len(t.spans())
    assert {f"{c} in {target}" for c, target, _ in t.referenced()} <= checks
    assert any(c.endswith("unique") for c in checks)


def test_the_table_catalogue_is_the_rendered_one():
    catalogue = (REPO / "docs" / "tables.md").read_text(encoding="utf-8")
    assert markdown() in catalogue, "docs/tables.md is stale: run `python -m schemas.catalogue docs/tables.md`"


@pytest.mark.parametrize("name", TABLES)
def test_every_reference_names_the_key_of_a_table(name):
    for column, target, target_column in TABLES[name].referenced():
        assert column in TABLES[name].schema.names
        assert TABLES[target].primary_key == (target_column,)
