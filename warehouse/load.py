"""Load the DuckDB warehouse from the published lake, in one transaction.

The warehouse is derived: every load rebuilds each table from the manifest's files, so loading
the same lake twice leaves it unchanged, and a failed load rolls back to the previous state.
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from schemas import TABLES
from warehouse.ddl import create_table
from warehouse.lake import Lake

VIEWS_SQL = Path(__file__).with_name("views.sql")


def view_names() -> list[str]:
    return [line.split()[2] for line in VIEWS_SQL.read_text().splitlines() if line.startswith("CREATE VIEW")]


def load_warehouse(lake: Lake, db_path: Path) -> dict[str, int]:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect(str(db_path))
    try:
        con.execute("BEGIN TRANSACTION")
        for view in view_names():
            con.execute(f'DROP VIEW IF EXISTS "{view}"')
        for name, table in TABLES.items():
            con.execute(f'DROP TABLE IF EXISTS "{name}"')
            for statement in create_table(table):
                con.execute(statement)
            files = [str(f) for f in lake.files(name)]
            if files:
                cols = ", ".join(f'"{f.name}"' for f in table.fields)
                # union_by_name: parts written by older versions may lack newer columns.
                con.execute(f'INSERT INTO "{name}" ({cols}) SELECT {cols} FROM read_parquet(?, union_by_name=true)',
                            [files])
            counts[name] = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        con.execute(VIEWS_SQL.read_text())
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    return counts
