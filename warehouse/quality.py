"""Great Expectations validation with suites derived from `schemas/`.

Every table gets: its exact column set, a unique and non-null key, non-null required columns,
allowed value sets, for every span that its offsets lie inside `articles.body` and slice back
to the row's text, and for every reference (`Table.references`: article, event, entity ids) that
the referenced table holds the id. GX 1.x validates pandas DataFrames here (it cannot validate
DuckDB through SQLAlchemy); cross-table facts (the body slice, the referenced keys, given as
Python sets) are computed into helper columns first.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa

from schemas import TABLES
from schemas.table import Table

if TYPE_CHECKING:  # pandas comes with Great Expectations, when there is something to validate
    import numpy as np
    import pandas as pd

SPAN_OK = "_span_ok_{}"
REF_OK = "_ref_ok_{}"
SAMPLE = 20


@dataclass
class CheckResult:
    table_name: str
    check_name: str
    critical: bool
    passed: bool
    element_count: int
    unexpected_count: int
    failing_sample: list[str] = field(default_factory=list)
    # Every failing row's primary key (kept in memory for quarantine, not persisted).
    failing_keys: list[tuple] = field(default_factory=list, repr=False)
    # "row" checks can be mended by quarantining the failing rows; "table" checks cannot.
    scope: str = "row"
    # A content check's measure (a share, a rate per 1,000 words) and what recent runs make of it.
    observed: float | None = None
    expected: float | None = None

    @property
    def holds_rows_back(self) -> bool:
        """A failed critical row check: quarantine holds its failing rows back from publication."""
        return self.critical and not self.passed and self.scope == "row"

    def merge(self, other: "CheckResult") -> "CheckResult":
        return CheckResult(self.table_name, self.check_name, self.critical, self.passed and other.passed,
                           self.element_count + other.element_count,
                           self.unexpected_count + other.unexpected_count,
                           (self.failing_sample + other.failing_sample)[:SAMPLE],
                           self.failing_keys + other.failing_keys, self.scope, self.observed, self.expected)


def expectations(table: Table) -> list:
    """The suite for one table, each expectation tagged with a name and whether it is critical."""
    import great_expectations as gx

    E = gx.expectations
    pk = list(table.primary_key)

    def tag(exp, name, critical=True, scope="row", shows=()):
        # shows: the columns whose values a failing row's sample quotes (besides its key)
        exp.meta = {"check": name, "critical": critical, "scope": scope, "shows": list(shows)}
        return exp

    suite = [tag(E.ExpectTableColumnsToMatchSet(column_set=[f.name for f in table.fields], exact_match=False),
                 "columns match schema", scope="table")]
    if len(pk) == 1:
        suite.append(tag(E.ExpectColumnValuesToBeUnique(column=pk[0]), f"{pk[0]} unique"))
    else:
        suite.append(tag(E.ExpectCompoundColumnsToBeUnique(column_list=pk), f"({', '.join(pk)}) unique"))
    suite += [tag(E.ExpectColumnValuesToNotBeNull(column=c), f"{c} not null") for c in table.required]
    suite += [tag(E.ExpectColumnValuesToBeInSet(column=c, value_set=values), f"{c} in allowed set", shows=[c])
              for c, values in table.allowed_values().items()]
    suite += [tag(E.ExpectColumnValuesToBeInSet(column=SPAN_OK.format(start), value_set=[True]),
                  f"{text}: body[{start}:{end}] == {text}", shows=[text, start, end, BODY_SLICE])
              for start, end, text in table.spans()]
    suite += [tag(E.ExpectColumnValuesToBeInSet(column=REF_OK.format(c), value_set=[True]), f"{c} in {target}", shows=[c])
              for c, target, _ in table.referenced()]
    return suite


BODY_SLICE = "body[start:end]"  # in a span check's `shows`: the slice of the body its offsets give
SHOWN_CHARS = 60  # a value quoted in a failing sample is cut to this many characters


def shown(value) -> str:
    """A value as a failing sample quotes it: repr-like, cut with "…"."""
    if value is None or (not isinstance(value, (str, list)) and value != value):  # None or NaN
        return "NULL"
    text = str(value)
    text = text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS - 1] + "…"
    return repr(text) if isinstance(value, str) else text


def offending(row: dict, shows: list[str], body: str | None) -> str:
    """What a failing row holds in the columns its check concerns: for a span, the text and the
    body's slice at its offsets, side by side."""
    out = []
    for c in shows:
        if c == BODY_SLICE:
            start, end = row.get(shows[1]), row.get(shows[2])
            ok = isinstance(body, str) and shown(start) != "NULL" and shown(end) != "NULL"
            out.append(f"body[{shown(start)}:{shown(end)}]={shown(body[int(start):int(end)]) if ok else 'NULL'}")
        elif c not in shows[1:3] or BODY_SLICE not in shows:
            out.append(f"{c}={shown(row.get(c))}")
    return ", ".join(out)


def referenced_keys() -> list[tuple[str, str]]:
    """(table, column) of every key some table references: the id sets `Validator.validate` needs."""
    return sorted({(target, col) for t in TABLES.values() for _, target, col in t.referenced()})


def referenced_first(names) -> list[str]:
    """`names` ordered so that every table comes after the tables it references (no cycles in
    the schemas), so the keys a table loses to quarantine are known before its referrers run."""
    order: list[str] = []

    def visit(name: str) -> None:
        if name not in order:
            for _, target, _ in TABLES[name].referenced():
                visit(target)
            order.append(name)

    for name in names:
        visit(name)
    return [n for n in order if n in names]


def held_back(results: list[CheckResult], table_name: str) -> set[tuple]:
    """Keys of the `table_name` rows that quarantine holds back: those failing a critical row check."""
    return {k for r in results if r.table_name == table_name and r.holds_rows_back for k in r.failing_keys}


def span_checks(table: Table, df: pd.DataFrame, bodies: dict[str, str]) -> pd.DataFrame:
    """Add one boolean column per span: null span, or offsets inside the body slicing to the text.

    Each row's body is looked up, never put in a column: a column of bodies (one per mention)
    copied every body into it, 62k of them for the BBC corpus's mentions, and was the run's
    memory peak (+310 MB in the flow's process)."""
    import pandas as pd

    df = df.copy(deep=False)  # the new columns go on this frame only
    if table.name == "articles":
        body_of = list(df["body"])
    else:
        body_of = [bodies.get(a) if isinstance(a, str) else None for a in df.get("article_id", [None] * len(df))]
    for start, end, text in table.spans():
        ok = []
        for body, s, e, t in zip(body_of, df[start], df[end], df[text]):
            if pd.isna(s) and pd.isna(e) and (t is None or pd.isna(t)):
                ok.append(True)
            elif not isinstance(body, str) or pd.isna(s) or pd.isna(e) or not isinstance(t, str):
                ok.append(False)
            else:
                s, e = int(s), int(e)
                ok.append(0 <= s <= e <= len(body) and body[s:e] == t)
        df[SPAN_OK.format(start)] = ok
    return df


def reference_checks(table: Table, df: pd.DataFrame, key_sets: dict[tuple[str, str], set[str]]) -> pd.DataFrame:
    """One boolean column per reference: null (the not-null checks judge that), or a key of the
    referenced table. A reference whose key set is missing raises: an unchecked reference would pass."""
    for c, target, col in table.referenced():
        df[REF_OK.format(c)] = df[c].isna().to_numpy() | is_in(df[c], key_sets[target, col])
    return df


def is_in(column: pd.Series, keys: set) -> np.ndarray:
    """``column.isin(keys)`` as a numpy bool array, by Arrow: pandas' `isin` on an Arrow-backed
    string column first turns every key into an Arrow scalar, one by one in Python (0.3 s of a
    BBC run's validation, py-spy). A column Arrow cannot take as the keys' type goes the pandas way."""
    import pyarrow.compute as pc

    try:
        values = pa.array(column, from_pandas=True)
        found = pc.is_in(values, value_set=pa.array(list(keys), type=values.type))
        return found.to_numpy(zero_copy_only=False).astype(bool)
    except (pa.ArrowException, TypeError, ValueError):
        return column.isin(keys).to_numpy()


def skip_batch_fingerprints() -> None:
    """GX fingerprints every pandas batch it validates (an md5 of `hash_pandas_object` over every
    row, or of the pickled frame when a column holds lists) for its results' batch markers, which
    Dateline never reads: 0.7 s of a BBC run's 2.2 s of validation (py-spy). A frame at or above
    GX's size threshold is not fingerprinted; the threshold at zero, none is. Nothing a check
    finds changes. (A GX without that threshold: nothing to skip.)"""
    from great_expectations.execution_engine import pandas_execution_engine

    if hasattr(pandas_execution_engine, "HASH_THRESHOLD"):
        pandas_execution_engine.HASH_THRESHOLD = 0


class Validator:
    """One ephemeral GX context per run; a suite per table built once from the schemas."""

    def __init__(self) -> None:
        import great_expectations as gx

        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        skip_batch_fingerprints()
        self._gx = gx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = {"globally": False, "metric_calculations": False}
        source = self.context.data_sources.add_pandas("dateline")
        self.definitions = {}
        for name, table in TABLES.items():
            batch = source.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe(name)
            suite = self.context.suites.add(gx.ExpectationSuite(name=name, expectations=expectations(table)))
            self.definitions[name] = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch, suite=suite))

    def validate(self, name: str, data: pa.Table | pd.DataFrame, bodies: dict[str, str],
                 key_sets: dict[tuple[str, str], set[str]]) -> list[CheckResult]:
        """`bodies`: article_id -> body for the span checks; `key_sets`: (table, column) -> every key
        the referenced table holds (`referenced_keys()` names them), for the reference checks."""
        table = TABLES[name]
        df = data.to_pandas() if isinstance(data, pa.Table) else data
        df = reference_checks(table, span_checks(table, df, bodies), key_sets)
        keys = list(table.primary_key)
        result = self.definitions[name].run(
            batch_parameters={"dataframe": df},
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": keys},
        )
        out = []
        for r in result.results:
            meta = r.expectation_config.meta or {}
            res = r.result or {}
            index = [v for v in res.get("unexpected_index_list") or [] if isinstance(v, dict)]
            sample = self.samples(table, df, index[:SAMPLE], meta.get("shows") or [], bodies) or \
                [str(v) for v in res.get("partial_unexpected_list") or []]
            out.append(CheckResult(name, meta.get("check", r.expectation_config.type), bool(meta.get("critical", True)),
                                   bool(r.success), int(res.get("element_count") or len(df)),
                                   int(res.get("unexpected_count") or (0 if r.success else 1)), sample[:SAMPLE],
                                   [tuple(v.get(k) for k in keys) for v in index], meta.get("scope", "row")))
        return out


    @staticmethod
    def samples(table: Table, df: pd.DataFrame, index: list[dict], shows: list[str], bodies: dict[str, str]) -> list[str]:
        """Each failing row's key, then the values that fail (`offending`)."""
        keys = list(table.primary_key)
        out = []
        rows = {}
        if shows and index:
            wanted = {tuple(v.get(k) for k in keys) for v in index}
            cols = [c for c in dict.fromkeys(keys + shows + ["article_id", "body"]) if c in df.columns]
            for row in df[cols].to_dict("records"):
                if tuple(row.get(k) for k in keys) in wanted:
                    rows[tuple(row.get(k) for k in keys)] = row
        for v in index:
            text = ", ".join(f"{k}={v[k]}" for k in keys if k in v)
            row = rows.get(tuple(v.get(k) for k in keys))
            if row is not None:
                body = row.get("body") if table.name == "articles" else bodies.get(row.get("article_id"))
                text += ": " + offending(row, shows, body)
            out.append(text)
        return out


def merge_results(results: list[CheckResult]) -> list[CheckResult]:
    """Combine results of the same check over several parts of a table."""
    merged: dict[tuple[str, str], CheckResult] = {}
    for r in results:
        key = (r.table_name, r.check_name)
        merged[key] = merged[key].merge(r) if key in merged else r
    return list(merged.values())
