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

import ctypes
import gc
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from pathlib import Path

# The article fields `transforms.extract.rows_for` reads: only these travel to a worker.
WORKER_FIELDS = ("article_id", "body", "published_at", "published_year", "language")
MULTILINGUAL = "xx"  # spaCy's language code of a pipeline for any language: it extracts every article


@lru_cache(maxsize=2)
def pipeline_for(model: str | None, reference_dir: Path):
    """One loaded pipeline per process (a Dask worker or a pool worker reuses it)."""
    from transforms.pipeline import build_pipeline

    return build_pipeline(model, reference_dir)


CHUNK_CHARS = 100_000  # Settings.batch_chars's default: the chunk bound when extract_stream has none
# A longer "article" is a dump, not news: failed unread, rather than a worker busy for minutes on it.
MAX_ARTICLE_CHARS = 5_000_000


def extract_batch(model: str | None, reference_dir: Path, articles: list[dict], chunk_chars: int = CHUNK_CHARS) -> dict:
    """Rows for a batch of articles: ``{"model": (name, version), "lang": ..., "results": [...]}``
    with one result per article, in order: ``("ok", rows_by_table, entity_contributions)`` or
    ``("failed", reason)``, or ``("other_language", language)`` for an article whose ``language``
    (declared or detected at ingest, `transforms.language`) is not the pipeline's: not extracted.
    One article never sinks the batch: a component's failure on it
    (``doc._.dl_errors``) fails that article only, and if the batch raises (spaCy itself, or
    turning a Doc into rows), its articles are run one at a time and the one that raises fails.
    An article longer than ``chunk_chars`` is run alone, in chunks (`_extract_alone`). A
    MemoryError is the worker's, not an article's: it ends the run."""
    from transforms.pipeline import model_identity

    nlp = pipeline_for(model, reference_dir)
    chunk_chars = min(chunk_chars, nlp.max_length)  # spaCy refuses a longer text (E088)
    results = {i: ("other_language", a["language"]) for i, a in enumerate(articles)
               if a.get("language") not in (None, nlp.lang) and nlp.lang != MULTILINGUAL}
    batched = [i for i, a in enumerate(articles) if i not in results and len(a["body"]) <= chunk_chars]
    try:
        docs = nlp.pipe([articles[i]["body"] for i in batched], batch_size=max(len(batched), 1))
        for i, doc in zip(batched, docs):
            results[i] = _result(doc, articles[i])
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - which article raised is unknown: the rest run alone, and it fails
        pass
    return {"model": model_identity(nlp), "lang": nlp.lang,
            "results": [results[i] if i in results else _extract_alone(nlp, a, chunk_chars)
                        for i, a in enumerate(articles)]}


def _result(doc, article: dict) -> tuple:
    from transforms import extract

    if doc._.dl_errors:
        return _failed(doc)
    return ("ok", extract.rows_for(doc, article), extract.entity_contributions(doc))


def _failed(doc) -> tuple:
    return ("failed", "extraction failed: " + "; ".join(doc._.dl_errors))


def _extract_alone(nlp, article: dict, chunk_chars: int) -> tuple:
    """One article on its own, a Doc per chunk of at most ``chunk_chars`` characters (`_chunks`)
    made one at a time, so a worker's memory is bounded by the chunk whatever the article's
    length (the parser and NER take about 1 GB per 100,000 characters of one Doc; spaCy refuses
    a text over ``nlp.max_length``). Rows and ids are the whole body's (offsets shifted by the
    chunk's start); an entity several chunks mention is one.

    What a chunk border costs: each chunk is read as if it were the whole article, so nothing
    links across it. A pronoun or surname is not resolved to a name in an earlier chunk; a
    quote's speaker is not carried on from one (a continued quotation, "he said" after the
    border); a one-word name's article-scoped entity id is the chunk's (`known_by_one_name`),
    so the same "Johnson" in two chunks is two entities; an entity's label is voted per chunk;
    an event mentioned in two chunks is two rows. Borders fall between paragraphs where one
    fits, and only articles over ``chunk_chars`` have any."""
    from transforms import extract

    body = article["body"]
    if len(body) > MAX_ARTICLE_CHARS:
        return ("failed", f"article is {len(body)} characters, above the limit of {MAX_ARTICLE_CHARS}")
    rows: dict[str, list[dict]] = {}
    contributions = []
    try:
        for start, end in _chunks(body, chunk_chars):
            doc = nlp(body[start:end])
            if doc._.dl_errors:
                return _failed(doc)
            for table, chunk_rows in extract.rows_for(doc, article, offset=start).items():
                rows.setdefault(table, []).extend(chunk_rows)
            contributions.append(extract.entity_contributions(doc))
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - this article's failure only
        message = (str(exc).strip().splitlines() or [""])[0]
        return ("failed", f"extraction failed: {type(exc).__name__}: {message[:200]}")
    return ("ok", rows, extract.merge_contributions(contributions))


def _chunks(text: str, size: int) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive pieces of ``text``, each at most ``size`` characters, ending
    after the last paragraph break that fits ("\n\n"), else line break, else ". ", else at ``size``."""
    start = 0
    while len(text) - start > size:
        end = start + size
        for sep in ("\n\n", "\n", ". "):
            cut = text.rfind(sep, start, end)
            if cut > start:
                end = cut + len(sep)
                break
        yield start, end
        start = end
    yield start, len(text)


def _warm(model: str | None, reference_dir: Path, parent: int) -> None:
    """Pool initializer: tie the worker's life to its parent's (`_die_with`), then load the
    pipeline before the first batch arrives. A failure to load is kept for `extract_batch` to
    raise with its own message (an initializer's exception only breaks the pool)."""
    _die_with(parent)
    # Ctrl-C reaches the terminal's whole process group: the parent handles it (it records the
    # run as interrupted and ends the pool); a worker would only print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # No garbage collection while spaCy is imported and the model loads; then the model's objects,
    # which live as long as the worker, are frozen out of the collector's sight: the worker starts
    # sooner, and the interpreter's final collection at its exit skips them, so the run's wait
    # for its workers to end is shorter (a stream of 240 BBC articles: `Workers.close` 0.26-0.50
    # -> 0.10-0.12 s). Extraction's own collections find the same garbage.
    gc.disable()
    try:
        pipeline_for(model, reference_dir)
    except Exception:  # noqa: BLE001 - raised again, with its message, by the first batch
        pass
    finally:
        gc.freeze()
        gc.enable()


PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """End this worker as soon as ``parent`` (the pid of the process that started the pool) has
    ended, whatever ended it. A parent killed by SIGKILL shuts no pool down, and its workers
    would idle on for minutes (about 215 MB each), blocked on a task queue whose writing end
    they hold themselves, and with them the multiprocessing resource tracker, which exits when
    the last holder of its pipe is gone.

    A thread compares the parent's pid with ``parent`` twice a second: an orphan is reparented,
    so a changed pid means the parent is gone, also if it died before this worker got here.
    PR_SET_PDEATHSIG (Linux) kills the worker at once as well, but the kernel sends it when the
    parent's *thread* that started the worker ends (the pool starts workers in the thread that
    submits batches, the stream's reader), not when the process does: it is the fast path of
    a killed parent, the thread the one this relies on. (A stream handed to another thread
    after the first one ended would lose its workers: a BrokenProcessPool, not wrong rows.)"""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="dateline-die-with-parent", daemon=True).start()
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def extract_stream(model: str | None, reference_dir: Path, articles: Iterable[dict], batch_size: int,
                   processes: int, batch_chars: int | None = None, marker: Path | None = None) -> Iterator[dict]:
    """`extract_batch` over ``articles`` in batches of ``batch_size`` articles and at most
    ``batch_chars`` characters of body, results in input order; an article over ``batch_chars``
    (else CHUNK_CHARS) is read in chunks of that size. ``processes`` > 1 runs the batches on
    that many spawned worker processes, which end when the stream is exhausted or closed, or
    when this process ends, however it ends. A worker that dies on an article (`Workers`)
    fails that article only; in this process, see `in_process`."""
    batches = _batches(({k: a.get(k) for k in WORKER_FIELDS} for a in articles), batch_size, batch_chars)
    chunk_chars = batch_chars or CHUNK_CHARS
    if processes <= 1:
        yield from in_process(model, reference_dir, batches, chunk_chars, marker)
        return
    workers = _take_started(model, reference_dir, processes, chunk_chars) or Workers(model, reference_dir, processes, chunk_chars)
    try:
        # Submitted a few batches ahead of the one being read, so no worker waits and finished
        # rows do not pile up in memory.
        pending: list[tuple[list[dict], Future]] = []
        for batch in batches:
            pending.append((batch, workers.submit(batch)))
            if len(pending) > 2 * processes:
                yield workers.result(pending)
        while pending:
            yield workers.result(pending)
    finally:  # also when the reader stops early: queued batches are dropped, not run
        workers.close()


WORKER_DIED = "the extraction worker process died while reading it (a crash in native code, or killed)"
EXTRACTING = "extracting.json"  # in the data dir's staging folder: see `in_process`


def in_process(model: str | None, reference_dir: Path, batches: Iterable[list[dict]], chunk_chars: int,
               marker: Path | None) -> Iterator[dict]:
    """The batches extracted in this process. A crash in native code here ends the run, and the
    next run would die on the same article again: so ``marker`` (a file of the data dir) names
    the articles of the batch being read until it is read, and a batch holding an article a
    run died on is read on a worker process of its own (`Workers`), which fails only the article
    the worker dies on. A run that ends in any other way (an exception, Ctrl-C) removes it."""
    suspects, died = _died_on(marker), set()
    isolated: Workers | None = None
    try:
        for batch in batches:
            if suspects & {a["article_id"] for a in batch}:
                isolated = isolated or Workers(model, reference_dir, 1, chunk_chars)
                out = isolated.alone(batch)
                died |= {a["article_id"] for a, r in zip(batch, out["results"]) if tuple(r) == ("failed", WORKER_DIED)}
                yield out
                continue
            if marker is not None:
                _write_marker(marker, [a["article_id"] for a in batch] + sorted(died))
            yield extract_batch(model, reference_dir, batch, chunk_chars)
    finally:
        if isolated is not None:
            isolated.close()
        if marker is not None and died:  # a later run reads these again, on a worker of their own
            _write_marker(marker, sorted(died))
        elif marker is not None:
            marker.unlink(missing_ok=True)


def _died_on(marker: Path | None) -> set[str]:
    """The article ids a run was reading in its own process when it died, and those a worker died
    on (none without a marker)."""
    try:
        return set(json.loads(marker.read_text(encoding="utf-8"))["article_ids"]) if marker else set()
    except (OSError, ValueError, KeyError, TypeError):
        return set()


def _write_marker(marker: Path, article_ids: list[str]) -> None:
    marker.parent.mkdir(parents=True, exist_ok=True)
    tmp = marker.with_name(marker.name + ".tmp")
    tmp.write_text(json.dumps({"article_ids": article_ids}), encoding="utf-8")
    os.replace(tmp, marker)


# Pools started ahead of their stream (`start_early`), by what `extract_stream` would start them with.
_STARTED: dict[tuple, "Workers"] = {}


def start_early(model: str | None, reference_dir: Path, processes: int, batch_chars: int | None = None) -> None:
    """Start the worker processes an `extract_stream` with these arguments will use, now: each
    loads the model while this process still has other work (`dateline run` calls it while its
    temporary Prefect server boots), instead of at the start of extraction, where both cores wait
    for it (about 1 s of the run's wall, measured). The stream takes the pool as it is; a pool no
    stream took is ended by `end_early_starts` (the run found nothing new, or failed first)."""
    key = (model, Path(reference_dir), processes, batch_chars or CHUNK_CHARS)
    if processes > 1 and key not in _STARTED:
        _STARTED[key] = Workers(*key).spawn()


def _take_started(model: str | None, reference_dir: Path, processes: int, chunk_chars: int) -> "Workers | None":
    """The pool `start_early` started for these arguments, unless a worker of it died already;
    any other pool started early is ended (a stream runs once per run)."""
    workers = _STARTED.pop((model, Path(reference_dir), processes, chunk_chars), None)
    end_early_starts()
    if workers is not None and any(f.done() and f.exception() is not None for f in workers.started):
        workers.close()
        return None
    return workers


def end_early_starts() -> None:
    """End the pools `start_early` started that no stream took."""
    while _STARTED:
        _STARTED.popitem()[1].close()


class Workers:
    """The pool of worker processes, started again when one of them dies.

    A worker that dies (a crash in native code, the kernel's out-of-memory killer) breaks the
    whole pool: every batch in flight fails with `BrokenProcessPool`. The batch being read is
    then run again on a new pool, and if a worker dies on it again, its halves apart, down to
    the one article a worker dies on, which fails (`WORKER_DIED`); the other batches in flight
    are submitted again. A batch of n articles with one such article costs about 2 log2(n)
    pool starts (the model's load in each worker), only when a worker dies."""

    def __init__(self, model: str | None, reference_dir: Path, processes: int, chunk_chars: int):
        self.model, self.reference_dir, self.processes, self.chunk_chars = model, reference_dir, processes, chunk_chars
        self.started: list[Future] = []  # `spawn`'s tasks
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_warm, initargs=(self.model, self.reference_dir, os.getpid()))

    def spawn(self) -> "Workers":
        """Start every worker process now (the pool starts one per task submitted, the first time):
        each loads the model in its initializer, then answers a task that does nothing."""
        self.started = [self.pool.submit(os.getpid) for _ in range(self.processes)]
        return self

    def submit(self, batch: list[dict]) -> Future:
        return self.pool.submit(extract_batch, self.model, self.reference_dir, batch, self.chunk_chars)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _restart(self) -> None:
        self.close()
        self.pool = self._start()

    def result(self, pending: list[tuple[list[dict], Future]]) -> dict:
        """The first pending batch's rows; after a worker died, the batches in flight that did
        not finish are submitted again."""
        batch, future = pending.pop(0)
        try:
            return future.result()
        except BrokenProcessPool:
            self._restart()
            out = self.alone(batch)
            for i, (other, f) in enumerate(pending):
                if not (f.done() and not f.cancelled() and f.exception() is None):
                    pending[i] = (other, self.submit(other))
            return out

    def alone(self, batch: list[dict]) -> dict:
        """A batch a worker died on, run again on its own; if a worker dies again, its halves."""
        try:
            return self.submit(batch).result()
        except BrokenProcessPool:
            self._restart()
        if len(batch) == 1:
            return {**self.submit([]).result(), "results": [("failed", WORKER_DIED)]}
        first, second = self.alone(batch[: len(batch) // 2]), self.alone(batch[len(batch) // 2 :])
        return {**first, "results": first["results"] + second["results"]}


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
