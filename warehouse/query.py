"""Read-only SQL on the warehouse for `dateline query`: a sandboxed connection, a statement check
and results streamed to a file object.

The connection is the sandbox: the warehouse opened read-only, with no access to any other file,
the network or extensions, bounded memory and threads, and its configuration locked so a query
cannot SET any of it back. The statement check is a second layer that refuses, before anything
runs, SQL other than reading (an EXPLAIN ANALYZE runs the statement it explains). Results are
fetched and written a chunk of rows at a time, so a query's size is bounded by the disk it writes
to, not by memory.
"""
from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

import duckdb

from warehouse.load import connect_waiting

READ_ONLY_TYPES = {"SELECT", "EXPLAIN", "PRAGMA"}
# The PRAGMAs that only read: the others change settings (those the locked configuration does
# not cover, such as enable_verification, included) or read files.
READING_PRAGMAS = {"collations", "database_list", "database_size", "functions", "metadata_info", "platform",
                   "show", "show_databases", "show_tables", "show_tables_expanded", "storage_info", "table_info",
                   "user_agent", "version"}
CHUNK_ROWS = 10_000


def sandbox_config() -> dict:
    """Passed at connect time: the access mode can only be chosen there, and the connection is
    never usable without the rest. lock_configuration comes last, after everything it locks."""
    return {
        "access_mode": "READ_ONLY",
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "memory_limit": os.environ.get("DATELINE_QUERY_MEMORY_LIMIT", "2GB"),
        "threads": 2,
        "lock_configuration": True,
    }


def connect_read_only(db_path: Path, say: Callable[[str], None], wait: float | None = None
                      ) -> duckdb.DuckDBPyConnection:
    """The sandboxed connection. A writer (a load) holds the file for its whole transaction: wait
    for it as a load would (`warehouse.load.connect_waiting`: said once, up to env
    DATELINE_WAIT_SECONDS), then raise `warehouse.load.WarehouseBusy` naming it."""
    return connect_waiting(db_path, say, wait, config=sandbox_config())


def refused_statements(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    """The statements of `sql` that do more than read, by name (empty when all only read)."""
    refused = []
    for statement in con.extract_statements(sql):
        kind = statement.type.name
        if kind not in READ_ONLY_TYPES:
            refused.append(kind)
        elif kind == "EXPLAIN" and (inner := explained_types(con, statement.query)) != ["SELECT"]:
            refused.append(" ".join(["EXPLAIN", *inner]))
        elif kind == "PRAGMA" and (name := pragma_name(statement.query)) not in READING_PRAGMAS:
            refused.append(f"PRAGMA {name}")
    return refused


def words(sql: str) -> list[tuple[int, str]]:
    """The tokens of `sql` but its comments, each with where it starts."""
    tokens = duckdb.tokenize(sql)
    ends = [pos for pos, _ in tokens[1:]] + [len(sql)]
    return [(pos, sql[pos:end].strip()) for (pos, kind), end in zip(tokens, ends) if kind != duckdb.token_type.comment]


def explained_types(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    """The type of the statement an EXPLAIN explains: the longest tail after EXPLAIN that parses.
    Its ANALYZE and (options) parse as no statement, alone or before another; a parenthesized
    SELECT, which looks like options, does."""
    for pos, _ in words(sql)[1:]:
        try:
            return [s.type.name for s in con.extract_statements(sql[pos:])]
        except duckdb.ParserException:
            continue
    return []


def pragma_name(sql: str) -> str:
    rest = words(sql)[1:]
    return rest[0][1].strip('"').lower() if rest else ""


def write_result(con: duckdb.DuckDBPyConnection, fmt: str, out: TextIO, max_rows: int) -> None:
    """Write the result of the statement `con` last executed, if it has one, as a table (at most
    `max_rows` rows), CSV or a JSON array of row objects."""
    if con.description is None:
        return
    columns = [d[0] for d in con.description]
    if fmt == "json":
        write_json(con, columns, out)
    elif fmt == "csv":
        write_csv(con, columns, out)
    else:
        write_table(con, columns, out, max_rows)


def chunks(con: duckdb.DuckDBPyConnection):
    while rows := con.fetchmany(CHUNK_ROWS):
        yield rows


def write_json(con: duckdb.DuckDBPyConnection, columns: list[str], out: TextIO) -> None:
    """The text `json.dumps(rows, indent=1)` gives for the whole list, a chunk at a time: a
    chunk's list without its brackets is its elements as the whole list lays them out."""
    encoder = json.JSONEncoder(default=str, ensure_ascii=False, indent=1)
    opening = "[\n"
    for rows in chunks(con):
        out.write(opening + encoder.encode([dict(zip(columns, r)) for r in rows])[2:-2])
        opening = ",\n"
    out.write("[]\n" if opening == "[\n" else "\n]\n")


def write_csv(con: duckdb.DuckDBPyConnection, columns: list[str], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(columns)
    for rows in chunks(con):
        writer.writerows(rows)


CELL_WIDTH = 60  # a table cell longer than this is cut, with "…"


def cell(value) -> str:
    """A value as the table shows it: NULL for a missing one, on one line."""
    return "NULL" if value is None else str(value).replace("\r", " ").replace("\n", " ")


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def write_table(con: duckdb.DuckDBPyConnection, columns: list[str], out: TextIO, max_rows: int) -> None:
    """Aligned columns as wide as the rows shown (at most CELL_WIDTH, longer values cut with
    "…"), at most `max_rows` rows, and how many rows the result has: the rest are counted a
    chunk at a time, never held."""
    rows: list[tuple] = []
    while len(rows) < max_rows and (chunk := con.fetchmany(min(CHUNK_ROWS, max_rows - len(rows)))):
        rows.extend(chunk)
    total = len(rows)
    while chunk := con.fetchmany(CHUNK_ROWS):
        total += len(chunk)
    cells = [[cell(v) for v in r] for r in rows]
    widths = [min(CELL_WIDTH, max([len(c)] + [len(r[i]) for r in cells])) for i, c in enumerate(columns)]
    line = lambda vals: "  ".join(cut(v, w).ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out.write(line(columns) + "\n")
    out.write(line(["-" * w for w in widths]) + "\n")
    for r in cells:
        out.write(line(r) + "\n")
    noun = "row" if total == 1 else "rows"
    out.write(f"({total} {noun}, {len(cells)} shown: --max-rows N shows more, --format csv all)\n"
              if total > len(cells) else f"({total} {noun})\n")


def write_relations(con: duckdb.DuckDBPyConnection, out: TextIO) -> None:
    """Every table and view an analyst can query, with its columns and types (and for a table,
    its rows and grain): what `dateline query --tables` prints."""
    relations = con.execute(
        "SELECT table_name, 'table', comment FROM duckdb_tables() WHERE schema_name = 'main' AND NOT internal "
        "UNION ALL SELECT view_name, 'view', comment FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal "
        "ORDER BY 2, 1").fetchall()
    for name, kind, comment in relations:
        columns = con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' "
                              "AND table_name = ? ORDER BY column_index", [name]).fetchall()
        rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] if kind == "table" else None
        size = "" if rows is None else f", {rows} rows"
        out.write(f"{name} ({kind}{size})" + (f": {comment}" if comment else "") + "\n")
        out.write("".join(f"  {c} {t}\n" for c, t in columns))
