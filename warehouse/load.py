"""Load the DuckDB warehouse from the published lake, in one transaction.

The warehouse is derived: each table holds exactly the rows of the manifest's files for it, so
loading the same lake twice leaves it unchanged, and a failed load rolls back to the previous
state. `dateline_meta.loaded_files` records which files (under which DDL) each table was loaded
from, so a load does only what the manifest changed: a table whose files are the same is left
alone, one that only gained files gets just those inserted (an incremental run's new parts, the
run's `runs` and `dq_results` rows), and any other change rebuilds the table from all its files.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from schemas import TABLES
from warehouse.ddl import create_table
from warehouse.lake import Lake

VIEWS_SQL = Path(__file__).with_name("views.sql")


def view_names() -> list[str]:
    return [line.split()[2] for line in VIEWS_SQL.read_text().splitlines() if line.startswith("CREATE VIEW")]


LOADED = "dateline_meta.loaded_files"


def ddl_digest(statements: list[str]) -> str:
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()[:16]


def load_warehouse(lake: Lake, db_path: Path) -> dict[str, int]:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    con = duckdb.connect(str(db_path))
    try:
        con.execute("BEGIN TRANSACTION")
        con.execute("CREATE SCHEMA IF NOT EXISTS dateline_meta")
        con.execute(f"CREATE TABLE IF NOT EXISTS {LOADED} (table_name VARCHAR, ddl VARCHAR, file VARCHAR)")
        loaded: dict[str, tuple[set[str], set[str]]] = {}
        for name, ddl, file in con.execute(f"SELECT table_name, ddl, file FROM {LOADED}").fetchall():
            digests, files = loaded.setdefault(name, (set(), set()))
            digests.add(ddl)
            files.add(file)
        existing = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
        for view in view_names():
            con.execute(f'DROP VIEW IF EXISTS "{view}"')
        for name, table in TABLES.items():
            statements = create_table(table)
            digest = ddl_digest(statements)
            files = [str(f) for f in lake.files(name)]
            before_digests, before_files = loaded.get(name, (set(), set()))
            if name in existing and name in loaded and before_digests == {digest} and before_files <= set(files):
                new_files = [f for f in files if f not in before_files]
            else:  # first load, a new schema, or files replaced or removed: rebuild from all files
                con.execute(f'DROP TABLE IF EXISTS "{name}"')
                for statement in statements:
                    con.execute(statement)
                con.execute(f"DELETE FROM {LOADED} WHERE table_name = ?", [name])
                new_files = files
            if new_files:
                # union_by_name: parts written by older versions may lack newer columns; a column
                # none of the files has is left to its NULL default.
                present = {r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?, union_by_name=true)",
                                                     [new_files]).fetchall()}
                cols = ", ".join(f'"{f.name}"' for f in table.fields if f.name in present)
                con.execute(f'INSERT INTO "{name}" ({cols}) SELECT {cols} FROM read_parquet(?, union_by_name=true)',
                            [new_files])
                con.executemany(f"INSERT INTO {LOADED} VALUES (?, ?, ?)", [(name, digest, f) for f in new_files])
            counts[name] = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        con.execute(VIEWS_SQL.read_text())
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    return counts
