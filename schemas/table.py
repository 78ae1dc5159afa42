"""The `Table` description every schema module fills in, and field helpers.

Field metadata keys (all optional) that the derived artefacts read:
- ``description``: one line for the catalogue and the Parquet schema;
- ``allowed``: JSON list of allowed values (a Great Expectations value-set check);
- ``span_of``: on a ``start_char`` field, ``"<text column>,<end column>"``: the span must lie in
  the article body and slice back to the text.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyarrow as pa


def column(name: str, type_: pa.DataType, description: str, *, nullable: bool = True,
           allowed: list[str] | None = None, span_of: str | None = None) -> pa.Field:
    meta = {"description": description}
    if allowed is not None:
        meta["allowed"] = json.dumps(allowed)
    if span_of is not None:
        meta["span_of"] = span_of
    return pa.field(name, type_, nullable=nullable, metadata=meta)


@dataclass(frozen=True)
class Table:
    name: str
    grain: str
    primary_key: tuple[str, ...]
    fields: list[pa.Field]
    # Keys of other tables this table points to: {column: "table.column"}. Validation checks
    # every non-null value is a key the lake holds after the run.
    references: dict[str, str] = field(default_factory=dict)

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(self.fields, metadata={
            "table": self.name,
            "grain": self.grain,
            "primary_key": json.dumps(list(self.primary_key)),
        })

    @property
    def required(self) -> list[str]:
        return [f.name for f in self.fields if not f.nullable]

    def allowed_values(self) -> dict[str, list[str]]:
        return {f.name: json.loads(f.metadata[b"allowed"]) for f in self.fields
                if f.metadata and b"allowed" in f.metadata}

    def spans(self) -> list[tuple[str, str, str]]:
        """(start column, end column, text column) for every span checked against the body."""
        out = []
        for f in self.fields:
            if f.metadata and b"span_of" in f.metadata:
                text_col, end_col = f.metadata[b"span_of"].decode().split(",")
                out.append((f.name, end_col, text_col))
        return out

    def referenced(self) -> list[tuple[str, str, str]]:
        """(column, referenced table, referenced column) for every reference."""
        return [(c, *target.split(".")) for c, target in self.references.items()]

    def description(self, name: str) -> str:
        f = self.schema.field(name)
        return f.metadata[b"description"].decode()
