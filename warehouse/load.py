"""Load the DuckDB warehouse from the published lake, in one transaction.

The warehouse is derived: each table holds exactly the rows of the manifest's files for it, so
loading the same lake twice leaves it unchanged, and a failed load rolls back to the previous
state. `dateline_meta.loaded_files` records which files (under which DDL) each table was loaded
from, so a load does only what the manifest changed: a table whose files are the same is left
alone, one that only gained files gets just those inserted (an incremental run's new parts, the
run's `runs` and `dq_results` rows), one whose files were replaced while the replaced ones are
still on disk (a keyed table's rewritten ranges, a compaction: `warehouse.lake`'s grace period)
loses the rows of those by key and gets the new ones, and any other change (a schema, a part
gone from disk) rebuilds the table from all its files.

Because it is derived, the warehouse is never the only copy of anything: `sync_warehouse` waits
for another process that holds the file (a notebook, a query), names it, and moves aside and
rebuilds a file DuckDB cannot read. A run publishes to the lake first; a warehouse that could not
be loaded then is brought up to the manifest by the next run or query.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from schemas import TABLES
from warehouse.ddl import comments, create_table
from transforms.reference_files import CHECKOUT, DEFAULT, reference_rows
from warehouse.lake import MANIFEST, Lake, is_data_dir

VIEWS_SQL = Path(__file__).with_name("views.sql")
# Event types renamed since a lake's parts were written (retired name, its triggers or "" for any,
# the name now): read by `rename_retired_types`.
RETIRED_TYPES = CHECKOUT / DEFAULT / "event_types_retired.csv"
RENAMED = "dateline_meta.renamed_types"  # the renames `rename_retired_types` carried out


def view_names() -> list[str]:
    return [line.split()[2] for line in VIEWS_SQL.read_text().splitlines() if line.startswith("CREATE VIEW")]


LOADED = "dateline_meta.loaded_files"


def ddl_digest(statements: list[str]) -> str:
    return hashlib.sha256("\n".join(statements).encode()).hexdigest()[:16]


DEFAULT_WAIT_SECONDS = 60.0
LOCK_HELD = re.compile(r"Conflicting lock is held in (?P<holder>.+?) \(PID (?P<pid>\d+)\)")
# What DuckDB says of a file it cannot read as a database, at connect or on reading a block.
UNREADABLE = ("not a valid DuckDB database file", "Corrupt database file", "checksum", "Serialization Error")


class WarehouseBusy(RuntimeError):
    """Another process held the warehouse longer than we waited."""

    def __init__(self, db_path: Path, holder: str, waited: float):
        super().__init__(f"the warehouse {db_path} is held by {holder}; gave up after {waited:.0f} s "
                         f"(close that program, then run `dateline run` or `dateline query` again)")
        self.holder = holder


def wait_seconds() -> float:
    return float(os.environ.get("DATELINE_WAIT_SECONDS", DEFAULT_WAIT_SECONDS))


def lock_holder(exc: Exception) -> str | None:
    """"PID 1234 (python3)" when ``exc`` is DuckDB saying another process holds the file."""
    m = LOCK_HELD.search(str(exc))
    if m:
        return f"PID {m['pid']} ({Path(m['holder']).name})"
    return "another process" if "Could not set lock" in str(exc) else None


def connect_waiting(db_path: Path, say: Callable[[str], None], wait: float | None = None,
                    **connect_args) -> duckdb.DuckDBPyConnection:
    """`duckdb.connect`, waiting while another process holds the file: said once, then retried
    until ``wait`` seconds (default `wait_seconds()`) have passed."""
    wait = wait_seconds() if wait is None else wait
    deadline, told = time.monotonic() + wait, False
    while True:
        try:
            return duckdb.connect(str(db_path), **connect_args)
        except duckdb.IOException as exc:
            holder = lock_holder(exc)
            if holder is None:
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(db_path, holder, wait) from None
            if not told:
                say(f"the warehouse is busy: {holder} holds {db_path}; waiting up to {wait:.0f} s")
                told = True
            time.sleep(0.25)


def unreadable(exc: Exception) -> bool:
    return isinstance(exc, duckdb.Error) and lock_holder(exc) is None and any(s in str(exc) for s in UNREADABLE)


def sync_warehouse(lake: Lake, db_path: Path, say: Callable[[str], None]) -> dict[str, int]:
    """`load_warehouse`, waiting for a busy file; a file DuckDB cannot read is moved aside (to
    ``<name>.corrupt``, replacing an earlier one) and the warehouse rebuilt from the lake."""
    try:
        return load_warehouse(lake, db_path, say)
    except duckdb.Error as exc:
        if not unreadable(exc):
            raise
        aside = db_path.with_name(db_path.name + ".corrupt")
        say(f"the warehouse {db_path} cannot be read ({str(exc).splitlines()[0]}): "
            f"moved aside to {aside.name} and rebuilt from the lake")
        os.replace(db_path, aside)
        db_path.with_name(db_path.name + ".wal").unlink(missing_ok=True)
        return load_warehouse(lake, db_path, say)


def behind(lake: Lake, con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse on ``con`` lacks files the lake's manifest names (or has others), or
    an event type renamed since it was loaded."""
    try:
        loaded = con.execute(f"SELECT table_name, file FROM {LOADED}").fetchall()
    except duckdb.CatalogException:
        return True
    want = {(name, rel) for name, rels in lake.manifest().items() if name in TABLES for rel in rels}
    return set(loaded) != want or renames_pending(con, retired_types())


def catch_up(lake: Lake, db_path: Path, say: Callable[[str], None]) -> None:
    """Load into the warehouse what the lake's manifest names and it lacks (a run whose load
    failed, a corrupt or deleted file), unless a run holds the lake now: that run loads the
    warehouse itself when it ends. Cheap when the warehouse is up to date: one read-only look."""
    if not is_data_dir(lake.root) or not (lake.lake_dir / MANIFEST).is_file():
        return
    try:
        with lake.lock(wait=False) as held:
            if not held or up_to_date(lake, db_path, say):
                return
            say(f"the warehouse {db_path} is behind the lake: loading it")
            sync_warehouse(lake, db_path, say)
    except PermissionError:  # a data dir this user may read, not write: query what is there
        return


def up_to_date(lake: Lake, db_path: Path, say: Callable[[str], None]) -> bool:
    """Whether the warehouse holds exactly the manifest's files; a file DuckDB cannot read is not."""
    if not db_path.exists():
        return False
    try:
        with connect_waiting(db_path, say, read_only=True) as con:
            return not behind(lake, con)
    except duckdb.Error as exc:
        if unreadable(exc):
            return False
        raise


def columns_in(con: duckdb.DuckDBPyConnection, table, files: list[str]) -> list[str]:
    """The table's columns the Parquet `files` hold (older parts may lack newer columns), quoted."""
    present = {r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?, union_by_name=true)", [files]).fetchall()}
    return [f'"{f.name}"' for f in table.fields if f.name in present]


def replace_rows(con: duckdb.DuckDBPyConnection, table, removed: list[str], added: list[str]) -> None:
    """Bring the table from the rows of the `removed` Parquet files to those of the `added` ones,
    touching only the rows that differ: a rewritten key range holds mostly the rows it held, and
    deleting and inserting those too grew DuckDB's write-ahead log and commit with the range size
    (bench-lake at 1,000,000 articles: a 4.9 s commit for 15 entities)."""
    keys = [f'"{k}"' for k in table.primary_key]
    match = " AND ".join(f'"{table.name}".{k} = gone.{k}' for k in keys)
    cols = columns_in(con, table, removed)
    if not added or cols != columns_in(con, table, added):  # nothing to compare with: the rows go
        con.execute(f'DELETE FROM "{table.name}" USING (SELECT DISTINCT {", ".join(keys)} FROM read_parquet(?, '
                    f'union_by_name=true)) AS gone WHERE {match}', [removed])
        return
    col_list, key_list = ", ".join(cols), ", ".join(keys)
    con.execute(f"CREATE OR REPLACE TEMP TABLE _changed AS SELECT {col_list} FROM read_parquet(?, union_by_name=true) "
                f"EXCEPT SELECT {col_list} FROM read_parquet(?, union_by_name=true)", [added, removed])
    con.execute(f'DELETE FROM "{table.name}" USING (SELECT {key_list} FROM read_parquet(?, union_by_name=true) '
                f"EXCEPT SELECT {key_list} FROM read_parquet(?, union_by_name=true) "
                f"UNION SELECT {key_list} FROM _changed) AS gone WHERE {match}", [removed, added])
    con.execute(f'INSERT INTO "{table.name}" ({col_list}) SELECT {col_list} FROM _changed')
    con.execute("DROP TABLE _changed")


# The columns that name an entity, which a lake-level link (`entities.linked_entity_id`) redirects.
LINKED_COLUMNS = (("mentions", "entity_id"), ("quotes", "speaker_entity_id"), ("event_arguments", "entity_id"),
                  ("articles", "dateline_entity_id"))


APPLIED = "dateline_meta.applied_links"  # the links `apply_links` has carried out, by linked entity


def load_marks(con: duckdb.DuckDBPyConnection, existing: set[str]) -> dict:
    """Before a load: the last row id of each table whose entity ids links redirect, and the
    latest ingestion time the warehouse's entities had seen (what `apply_links` needs to touch
    only rows loaded now, unless a link made now reaches older rows)."""
    marks = {t: con.execute(f'SELECT max(rowid) FROM "{t}"').fetchone()[0] if t in existing else None
             for t, _ in LINKED_COLUMNS}
    marks["seen"] = con.execute("SELECT max(last_seen) FROM entities").fetchone()[0] if "entities" in existing else None
    linked = "entities" in existing and con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = 'entities' "
        "AND column_name = 'linked_entity_id'").fetchone()[0]
    if linked:  # the links as the warehouse holds them now, for `restore_links`
        con.execute("CREATE OR REPLACE TEMP TABLE _links_before AS SELECT entity_id, linked_entity_id FROM entities "
                    "WHERE linked_entity_id IS NOT NULL")
        marks["links"] = "_links_before"
    return marks


def restore_links(con: duckdb.DuckDBPyConnection, before: str | None, sources: dict[str, list[str]]) -> None:
    """Give the rows of an entity whose link changed in this load (undone, or moved to another
    bearer: `transforms.lake_names.relink`) the entity the article gave them back, from the
    lake's parts (``sources``: the Parquet files of each table), which keep it; the mentions their
    own label too. ``before``: the temporary table of the links as the warehouse had them before
    the load (`load_marks`). Hash joins on the few changed ids: the parts are read only when one
    changed."""
    if not before:
        return
    con.execute(f"CREATE OR REPLACE TEMP TABLE _changed_links AS SELECT b.entity_id FROM {before} b "
                "LEFT JOIN entities e USING (entity_id) WHERE e.linked_entity_id IS DISTINCT FROM b.linked_entity_id")
    con.execute(f"DROP TABLE {before}")
    if con.execute("SELECT count(*) FROM _changed_links").fetchone()[0]:
        for table, column in LINKED_COLUMNS:
            if not sources.get(table):
                continue
            (key,) = TABLES[table].primary_key
            read, label = ('"label", ', ', "label" = src."label"') if table == "mentions" else ("", "")
            con.execute(f'UPDATE "{table}" SET "{column}" = src."{column}"{label} '
                        f'FROM (SELECT "{key}", {read}"{column}" FROM read_parquet(?, union_by_name=true) '
                        f'WHERE "{column}" IN (SELECT entity_id FROM _changed_links)) AS src '
                        f'WHERE "{table}"."{key}" = src."{key}"', [sources[table]])
        con.execute(f"CREATE TABLE IF NOT EXISTS {APPLIED} (entity_id VARCHAR)")
        con.execute(f"DELETE FROM {APPLIED} WHERE entity_id IN (SELECT entity_id FROM _changed_links)")  # applies anew
    con.execute("DROP TABLE _changed_links")


def apply_links(con: duckdb.DuckDBPyConnection, marks: dict | None = None,
                sources: dict[str, list[str]] | None = None) -> None:
    """Point the warehouse's mentions, quotes, event arguments and datelines of an entity the lake
    linked to another (a lone "Blair" to Tony Blair: `warehouse.name_index`) at that entity. The
    lake's parts keep the ids the article gave; this runs after every load. With the ``marks``
    `load_marks` took before the load, only the rows loaded now are looked at (the table's end,
    by row id), unless a linked entity was seen before the load (a run that links an older
    article's lone "Blair": then the whole column, a hash join on the few linked ids) or the table
    was rebuilt; a row moved once no longer matches. A link undone or moved since the last load
    is first taken back (`restore_links`, from the lake's parts in ``sources``)."""
    marks = marks or {}
    restore_links(con, marks.get("links"), sources or {})
    con.execute("CREATE OR REPLACE TEMP TABLE _links AS SELECT e.entity_id, e.linked_entity_id, t.label, e.first_seen "
                "FROM entities e JOIN entities t ON t.entity_id = e.linked_entity_id WHERE e.linked_entity_id IS NOT NULL")
    if not con.execute("SELECT count(*) FROM _links").fetchone()[0]:
        con.execute("DROP TABLE _links")
        return
    con.execute(f"CREATE TABLE IF NOT EXISTS {APPLIED} (entity_id VARCHAR)")
    seen = marks.get("seen")
    old_reached = seen is None or con.execute(f"SELECT count(*) FROM _links l ANTI JOIN {APPLIED} a USING (entity_id) "
                                              "WHERE l.first_seen <= ?", [seen]).fetchone()[0] > 0
    for table, column in LINKED_COLUMNS:
        label = ', "label" = _links.label' if table == "mentions" else ""  # "Labour" read as a person: an ORG now
        tail = "" if old_reached or marks.get(table) is None else f' AND "{table}".rowid > {int(marks[table])}'
        con.execute(f'UPDATE "{table}" SET "{column}" = _links.linked_entity_id{label} FROM _links '
                    f'WHERE "{table}"."{column}" = _links.entity_id{tail}')
    con.execute(f"INSERT INTO {APPLIED} SELECT entity_id FROM _links ANTI JOIN {APPLIED} USING (entity_id)")
    con.execute("DROP TABLE _links")


def retired_types(path: Path = RETIRED_TYPES) -> list[tuple[str, list[str], str]]:
    """(retired type, lower-cased triggers it covers or [] for any, type now), in the file's order:
    a row naming triggers comes before the retired name's catch-all row."""
    return [(r["retired_type"], r["triggers"].lower().split(), r["event_type"]) for r in reference_rows(path)]


def rename_retired_types(con: duckdb.DuckDBPyConnection, renames: list[tuple[str, list[str], str]]) -> int:
    """Give `events` rows written under a retired type name (an older version's "Politics.Election")
    the name the type has now, so a query for "Government.Vote" finds an old article's votes too.
    A scan of one column that finds nothing once the old rows are renamed; returns the rows renamed."""
    renamed = 0
    for retired, triggers, now in renames:
        where = 'event_type = ?' + (" AND lower(\"trigger\") IN (SELECT unnest(?))" if triggers else "")
        params = [retired, triggers] if triggers else [retired]
        renamed += con.execute(f"UPDATE events SET event_type = ? WHERE {where}", [now, *params]).fetchone()[0]
    if renames_pending(con, renames):  # recorded once per change of the file, not on every load
        con.execute(f"CREATE OR REPLACE TABLE {RENAMED} (retired_type VARCHAR, triggers VARCHAR[], event_type VARCHAR)")
        con.executemany(f"INSERT INTO {RENAMED} VALUES (?, ?, ?)", renames)
    return renamed


def renames_pending(con: duckdb.DuckDBPyConnection, renames: list[tuple[str, list[str], str]]) -> bool:
    """Whether the warehouse on ``con`` was loaded before a rename of `renames` (an older
    version's warehouse, or a new row of the file): a query then loads it first."""
    if not renames:
        return False
    schema, name = RENAMED.split(".")
    if not con.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = ? AND table_name = ?",
                       [schema, name]).fetchone()[0]:
        return True
    done = con.execute(f"SELECT retired_type, triggers, event_type FROM {RENAMED}").fetchall()
    return {(r, tuple(t), n) for r, t, n in done} != {(r, tuple(t), n) for r, t, n in renames}


def refresh_comments(con: duckdb.DuckDBPyConnection, table, statements: list[str]) -> None:
    """The table's and its columns' comments (`warehouse.ddl.comments`), set again by
    ``statements`` (create_table's COMMENTs) where they differ from the schema's: a description
    changed without the table changing."""
    have = {r[0]: r[1] for r in con.execute("SELECT column_name, comment FROM duckdb_columns() "
                                            "WHERE schema_name = 'main' AND table_name = ?", [table.name]).fetchall()}
    have[None] = con.execute("SELECT comment FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
                             [table.name]).fetchone()[0]
    if have != comments(table):
        for statement in statements:
            con.execute(statement)


def load_warehouse(lake: Lake, db_path: Path, say: Callable[[str], None] = print) -> dict[str, int]:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    manifest = lake.manifest()

    def absolute(rels: list[str]) -> list[str]:
        return [str(lake.lake_dir / rel) for rel in rels]

    con = connect_waiting(db_path, say)
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
        marks = load_marks(con, existing)
        for name, table in TABLES.items():
            statements = create_table(table)
            # The table's structure decides a rebuild; its comments (a column's description) are
            # applied again instead. A warehouse that recorded the digest of both is as current.
            digest = ddl_digest(statements[:1])
            # Recorded as the manifest names them (relative to the lake), so a moved data dir is
            # still up to date; a warehouse that recorded absolute paths is rebuilt once.
            files = list(manifest.get(name, []))
            before_digests, before_files = loaded.get(name, (set(), set()))
            removed = sorted(before_files - set(files))
            if name in existing and name in loaded and before_digests <= {digest, ddl_digest(statements)} and \
                    all((lake.lake_dir / f).is_file() for f in removed):
                if before_digests != {digest}:
                    con.execute(f"UPDATE {LOADED} SET ddl = ? WHERE table_name = ?", [digest, name])
                refresh_comments(con, table, statements[1:])
                # Parts replaced (a keyed table's rewritten ranges, a compaction) are still on disk
                # for the grace period: their rows go by key, the new parts' rows come in.
                new_files = [f for f in files if f not in before_files]
                if removed:
                    replace_rows(con, table, absolute(removed), absolute(new_files))
                    con.execute(f"DELETE FROM {LOADED} WHERE table_name = ? AND list_contains(?, file)", [name, removed])
                    con.executemany(f"INSERT INTO {LOADED} VALUES (?, ?, ?)", [(name, digest, f) for f in new_files])
                    new_files = []
            else:  # first load, a new schema, or parts gone from disk: rebuild from all files
                marks[name] = None  # every row is new: `apply_links` looks at them all
                con.execute(f'DROP TABLE IF EXISTS "{name}"')
                for statement in statements:
                    con.execute(statement)
                con.execute(f"DELETE FROM {LOADED} WHERE table_name = ?", [name])
                new_files = files
            if new_files:
                # union_by_name: parts written by older versions may lack newer columns; a column
                # none of the files has is left to its NULL default.
                present = {r[0] for r in con.execute("DESCRIBE SELECT * FROM read_parquet(?, union_by_name=true)",
                                                     [absolute(new_files)]).fetchall()}
                cols = ", ".join(f'"{f.name}"' for f in table.fields if f.name in present)
                con.execute(f'INSERT INTO "{name}" ({cols}) SELECT {cols} FROM read_parquet(?, union_by_name=true)',
                            [absolute(new_files)])
                con.executemany(f"INSERT INTO {LOADED} VALUES (?, ?, ?)", [(name, digest, f) for f in new_files])
            counts[name] = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        apply_links(con, marks, {t: absolute(manifest.get(t, [])) for t, _ in LINKED_COLUMNS})
        rename_retired_types(con, retired_types())
        con.execute(VIEWS_SQL.read_text())
        con.execute("COMMIT")
    except BaseException:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:  # the transaction may be gone already (a full disk): the cause is what counts
            pass
        raise
    finally:
        con.close()
    return counts
