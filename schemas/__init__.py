"""One pyarrow schema per table: the single source of truth.

The Parquet writer, the DuckDB DDL, the Great Expectations suites and the table
catalogue are all derived from these schemas (see `schemas.catalogue`).
"""
from schemas.table import Table
from schemas import articles, mentions, entities, entity_names, quotes, events, event_arguments, runs, dq_results

# Extraction tables in publication order; `runs` and `dq_results` are written by the flow itself.
TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        articles.TABLE,
        mentions.TABLE,
        entities.TABLE,
        quotes.TABLE,
        events.TABLE,
        event_arguments.TABLE,
        runs.TABLE,
        dq_results.TABLE,
    )
}
# Side tables: in the lake and its manifest, read and written by runs, not loaded into the warehouse.
SIDE_TABLES: dict[str, Table] = {entity_names.TABLE.name: entity_names.TABLE}
EXTRACTED = ("articles", "mentions", "entities", "quotes", "events", "event_arguments")

__all__ = ["TABLES", "SIDE_TABLES", "EXTRACTED", "Table"]
