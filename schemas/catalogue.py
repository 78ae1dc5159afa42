"""The README's table catalogue, rendered from the schemas (`python -m schemas.catalogue`)."""
from __future__ import annotations

from schemas import TABLES
from warehouse.ddl import duckdb_type

BEGIN, END = "<!-- catalogue:begin -->", "<!-- catalogue:end -->"


def markdown() -> str:
    out = [BEGIN]
    for t in TABLES.values():
        out += ["", f"### `{t.name}`", "", f"{t.grain[0].upper() + t.grain[1:]}. Key: `{', '.join(t.primary_key)}`.", "",
                "| column | type | description |", "| --- | --- | --- |"]
        for f in t.fields:
            allowed = t.allowed_values().get(f.name)
            note = f" One of: {', '.join(allowed)}." if allowed else ""
            out.append(f"| `{f.name}` | {duckdb_type(f.type)}{'' if f.nullable else ' not null'} | {t.description(f.name)}.{note} |")
    out += ["", END]
    return "\n".join(out)


if __name__ == "__main__":
    print(markdown())
