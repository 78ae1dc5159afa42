"""The table catalogue (docs/tables.md), rendered from the schemas.

`python -m schemas.catalogue` prints it; `python -m schemas.catalogue docs/tables.md` rewrites the
part of that file between the markers.
"""
from __future__ import annotations

import sys
from pathlib import Path

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


def rewrite(readme: Path) -> None:
    text = readme.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    readme.write_text(head + markdown() + tail, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        rewrite(Path(sys.argv[1]))
    else:
        print(markdown())
