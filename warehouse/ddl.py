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


def create_table(table: Table) -> list[str]:
    cols = [f'    "{f.name}" {duckdb_type(f.type)}{"" if f.nullable else " NOT NULL"}' for f in table.fields]
    pk = ", ".join(f'"{c}"' for c in table.primary_key)
    statements = [f'CREATE TABLE "{table.name}" (\n' + ",\n".join(cols) + f",\n    PRIMARY KEY ({pk})\n)",
                  f'COMMENT ON TABLE "{table.name}" IS {quote_literal(table.grain)}']
    statements += [f'COMMENT ON COLUMN "{table.name}"."{f.name}" IS {quote_literal(table.description(f.name))}'
                   for f in table.fields]
    return statements
