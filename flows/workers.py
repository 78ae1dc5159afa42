"""Extraction in worker processes: articles go in, table rows come out.

Each worker process loads the pipeline once and turns batches of articles into rows (the
`transforms.extract` functions run where the Doc is), so no Doc crosses a process boundary.
spaCy's own ``nlp.pipe(n_process=N)`` ships every Doc back to the parent as bytes, with all of
Dateline's extension data, and the parent rebuilt them on the cores the workers need (measured
on 400 BBC articles: 2.7 CPU s in the parent, against 0.1 s receiving rows). Workers are
spawned, not forked: they import spaCy and the transforms only, not Prefect, Great
Expectations, DuckDB or pandas, and the parent does not load the model at all.

This module is what a spawned worker imports, and the flow's process imports it too: it imports
spaCy only where a pipeline is built, so a run whose workers extract (or a rerun with nothing
new) never loads spaCy in the flow's process.
"""
from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

# The article fields `transforms.extract.rows_for` reads: only these travel to a worker.
WORKER_FIELDS = ("article_id", "body", "published_at", "published_year")


@lru_cache(maxsize=2)
def pipeline_for(model: str | None, reference_dir: Path):
    """One loaded pipeline per process (a Dask worker or a pool worker reuses it)."""
    from transforms.pipeline import build_pipeline

    return build_pipeline(model, reference_dir)


def extract_batch(model: str | None, reference_dir: Path, articles: list[dict]) -> dict:
    """Rows for a batch of articles: ``{"model": (name, version), "lang": ..., "results": [...]}``
    with one result per article, in order: ``("ok", rows_by_table, entity_contributions)`` or
    ``("failed", reason)``: a component's failure on one article (``doc._.dl_errors``) fails
    that article only."""
    from transforms import extract
    from transforms.pipeline import model_identity

    nlp = pipeline_for(model, reference_dir)
    results = []
    for article, doc in zip(articles, nlp.pipe([a["body"] for a in articles], batch_size=max(len(articles), 1))):
        if doc._.dl_errors:
            results.append(("failed", "extraction failed: " + "; ".join(doc._.dl_errors)))
            continue
        results.append(("ok", extract.rows_for(doc, article), extract.entity_contributions(doc)))
    return {"model": model_identity(nlp), "lang": nlp.lang, "results": results}


def _warm(model: str | None, reference_dir: Path) -> None:
    """Pool initializer: load the pipeline before the first batch arrives. A failure is kept for
    `extract_batch` to raise with its own message (an initializer's exception only breaks the pool)."""
    try:
        pipeline_for(model, reference_dir)
    except Exception:  # noqa: BLE001 - raised again, with its message, by the first batch
        pass


def extract_stream(model: str | None, reference_dir: Path, articles: Iterable[dict], batch_size: int,
                   processes: int, batch_chars: int | None = None) -> Iterator[dict]:
    """`extract_batch` over ``articles`` in batches of ``batch_size`` articles and at most
    ``batch_chars`` characters of body, results in input order. ``processes`` > 1 runs the
    batches on that many spawned worker processes, which end when the stream is exhausted or
    closed."""
    batches = _batches(({k: a.get(k) for k in WORKER_FIELDS} for a in articles), batch_size, batch_chars)
    if processes <= 1:
        for batch in batches:
            yield extract_batch(model, reference_dir, batch)
        return
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_warm, initargs=(model, reference_dir))
    try:
        # Submitted a few batches ahead of the one being read, so no worker waits and finished
        # rows do not pile up in memory.
        pending = []
        for batch in batches:
            pending.append(pool.submit(extract_batch, model, reference_dir, batch))
            if len(pending) > 2 * processes:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()
    finally:  # also when the reader stops early: queued batches are dropped, not run
        pool.shutdown(wait=True, cancel_futures=True)


def _batches(items: Iterable[dict], size: int, max_chars: int | None = None) -> Iterator[list[dict]]:
    """Consecutive batches of ``size`` items, ended early once their bodies reach ``max_chars``
    characters (an item longer than that is a batch alone). A worker's memory peaks inside
    `nlp.pipe`, with the network's activations for the whole batch: it grows with the batch's
    text, not with the corpus (BBC, one worker's high-water mark: 829 MB at 64 articles a
    batch, 600 at 32, 408 at 16, the same CPU time)."""
    batch, chars = [], 0
    for item in items:
        n = len(item.get("body") or "")
        if batch and max_chars is not None and chars + n > max_chars:
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += n
        if len(batch) == size:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


WORKERS_FROM = 128  # new articles from which extraction runs on a worker per core


def default_processes(articles: int) -> int:
    """A worker per core from WORKERS_FROM articles; else none (a worker's start-up, about 2 s
    of loading the model, costs more than it saves on a few articles)."""
    return (os.cpu_count() or 1) if articles >= WORKERS_FROM else 1
