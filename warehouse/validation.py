"""Validating a run's staged parts before publication: table by table, referenced tables first,
a few parts at a time, with references resolved against the lake as it will be after the run."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas import TABLES
from warehouse.lake import Lake, Staged
from warehouse.quality import CheckResult, Validator, held_back, merge_results, referenced_first, referenced_keys

VALIDATE_ROWS = 100_000  # rows validated at once: bounds the validation frame's memory


def validate_staged(lake: Lake, staged: Staged, max_rows: int = VALIDATE_ROWS) -> list[CheckResult]:
    """Check the staged parts; references must resolve in the lake as it will be after this run."""
    if not staged.parts:
        return []  # nothing new: no need to pay for starting Great Expectations
    validator = Validator()
    results: list[CheckResult] = []
    keys = referenced_present(lake, staged)
    article_parts = {p.name: p for p in staged.parts.get("articles", [])}
    for table in referenced_first(staged.parts):
        # A few parts at a time, up to `max_rows` rows, so memory is bounded whatever the
        # batch's size (one frame of all parts grew with it: +55 MB at 1,200 articles) while
        # Great Expectations' fixed cost per validation (~0.1 s: it plans every check anew) is
        # paid once per group rather than per part. Row keys embed article ids, unique across
        # parts, so no key check needs two groups at once.
        table_results = []
        for group in row_groups(staged.parts[table], max_rows):
            bodies = {}
            for part in group:
                if table != "entities" and part.name in article_parts:
                    arts = pq.read_table(article_parts[part.name], columns=["article_id", "body"])
                    bodies.update(zip(arts["article_id"].to_pylist(), arts["body"].to_pylist()))
            data = pa.concat_tables([pq.read_table(part) for part in group])
            table_results += validator.validate(table, data, bodies, keys)
        # A row quarantine holds back will not be in the lake, so neither may the rows pointing to
        # it (an event's arguments, an article's mentions): they fail their reference check too.
        # References always name a one-column primary key (tests/test_schemas.py checks it).
        held = {key for key, in held_back(table_results, table)}
        for (target, _), ids in keys.items():
            if target == table:
                ids -= held
        results += table_results
    order = list(TABLES)  # the report lists tables in publication order, not validation order
    return sorted(merge_results(results), key=lambda r: order.index(r.table_name))


def referenced_present(lake: Lake, staged: Staged) -> dict[tuple[str, str], set]:
    """For each referenced key column, which of the values the staged rows refer to it will hold
    after publication: the staged rows' references, looked up in the lake by a join
    (`Lake.keys_present`), so memory grows with the batch, never with the lake."""
    wanted: dict[tuple[str, str], set] = {key: set() for key in referenced_keys()}
    for table, parts in staged.parts.items():
        for column, target, target_column in TABLES[table].referenced():
            for part in parts:
                values = pq.read_table(part, columns=[column])[column]
                wanted[target, target_column].update(v for v in values.unique().to_pylist() if v is not None)
    return {(t, c): lake.keys_present(staged, t, c, values) for (t, c), values in wanted.items()}


def row_groups(parts: list[Path], max_rows: int) -> list[list[Path]]:
    """Consecutive parts in groups of at most `max_rows` rows (a bigger part is a group alone)."""
    groups, rows = [], 0
    for part in parts:
        n = pq.read_metadata(part).num_rows
        if not groups or rows + n > max_rows:
            groups.append([])
            rows = 0
        groups[-1].append(part)
        rows += n
    return groups
