"""DuckDB DDL derived from the pyarrow schemas."""
from __future__ import annotations

import pyarrow as pa

from schemas.table import Table


def duckdb_type(t: pa.DataType) -> str:
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "VARCHAR"
    if pa.types.is_int32(t):
        return "INTEGER"
    if pa.types.is_int64(t):
        return "BIGINT"
    if pa.types.is_float64(t):
        return "DOUBLE"
    if pa.types.is_boolean(t):
        return "BOOLEAN"
    if pa.types.is_date32(t):
        return "DATE"
    if pa.types.is_timestamp(t):
        return "TIMESTAMPTZ" if t.tz else "TIMESTAMP"
    if pa.types.is_list(t):
        return f"{duckdb_type(t.value_type)}[]"
    if pa.types.is_map(t):
        return f"MAP({duckdb_type(t.key_type)}, {duckdb_type(t.item_type)})"
    raise TypeError(f"no DuckDB type for {t}")


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comments(table: Table) -> dict[str | None, str]:
    """The table's comment (under None) and each column's: its grain and the descriptions."""
    return {None: table.grain, **{f.name: table.description(f.name) for f in table.fields}}


def create_table(table: Table) -> list[str]:
    """CREATE TABLE first, then its COMMENT statements (`comments`)."""
    cols = [f'    "{f.name}" {duckdb_type(f.type)}{"" if f.nullable else " NOT NULL"}' for f in table.fields]
    pk = ", ".join(f'"{c}"' for c in table.primary_key)
    statements = [f'CREATE TABLE "{table.name}" (\n' + ",\n".join(cols) + f",\n    PRIMARY KEY ({pk})\n)"]
    statements += [f'COMMENT ON TABLE "{table.name}" IS {quote_literal(text)}' if column is None else
                   f'COMMENT ON COLUMN "{table.name}"."{column}" IS {quote_literal(text)}'
                   for column, text in comments(table).items()]
    return statements
