"""What `dateline run` does to get going sooner, in one place. None of it changes what a run
produces; each measure says what it saves, as measured. Prefect's own temporary server, started
beside the imports, is `flows.prefect_api` (its own noun: a server for one run).

    prefect_environment     Prefect settings set before Prefect is imported (no telemetry)
    while_the_server_boots  read the inputs, import pandas and DuckDB, start importing GX and
                            loading the language detector
    articles_from           the ingest task takes the inputs read while the server booted
    warm_quality_imports    Great Expectations imported on a thread, beside other work
    start_workers_early     the extraction workers load the model while the server boots
    hold_collection         no garbage collection while `dateline run` imports and starts
    release_collection      ... until the flow begins: what start-up made is frozen, not collected
    flow_run_settings       no flow-run heartbeats on the run's own temporary server
    skip_final_collection   no garbage collection at the console script's exit

This module imports nothing heavy: `dateline` calls it before Prefect is imported.
"""
from __future__ import annotations

import gc
import importlib
import os
import threading
from collections.abc import Iterable
from contextlib import nullcontext
from pathlib import Path


def prefect_environment() -> None:
    """Prefect reads its settings at import: set them before any Prefect import."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The client's telemetry notice and events: only DO_NOT_TRACK silences them.
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


# Modules every run imports once its flow has begun (pyarrow imports pandas the first time it
# turns Python rows into a table; the load task opens DuckDB): imported while the temporary
# server boots instead, when this process would only wait (py-spy of a rerun: ~0.3 s).
RUN_IMPORTS = ("pandas", "duckdb")


def while_the_server_boots(settings) -> None:
    """Work every run does after its flow begins, done while its temporary server boots and this
    process would only wait: read the inputs (the ingest task takes them), import what every run
    imports, and when the inputs hold new articles, start the extraction workers
    (`start_workers_early`), importing Great Expectations and loading the language detector
    (`transforms.language`: 0.8 s, else paid by the ingest task)."""
    prefetch(settings.inputs, exclude=settings.not_inputs)
    try:
        new = new_articles(settings, prefetched(settings.inputs, exclude=settings.not_inputs) or [])
    except Exception:  # noqa: BLE001 - only a hint: the flow finds out, and reports, for itself
        new = 0
    start_workers_early(settings, new)
    for name in RUN_IMPORTS:
        importlib.import_module(name)
    if new:
        warm_quality_imports()  # on a thread, beside the server's boot
        from transforms.language import identifier

        threading.Thread(target=identifier, daemon=True, name="load-language-detector").start()


# Inputs `dateline run` read while it waited for its Prefect server: the run's ingest task takes
# them from here once instead of reading the same files again (see `prefetch`).
_PREFETCHED: dict[tuple[tuple[Path, ...], tuple[Path, ...]], list[dict | tuple[str, str]]] = {}


def _key(paths: tuple[Path, ...], exclude: tuple[Path, ...]) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    return tuple(paths), tuple(exclude)


def prefetch(paths: tuple[Path, ...], exclude: tuple[Path, ...] = ()) -> None:
    """Read ``paths`` now, for the next `articles_from` of the same paths in this process.
    `dateline run` calls it while its temporary Prefect server boots (the run would otherwise sit
    idle there, then read the inputs: 0.2-0.5 s of a ~5 s rerun of the BBC corpus). Whatever goes
    wrong here is left for the ingest task to meet and report in the run."""
    from flows.ingest import read_articles

    try:
        _PREFETCHED[_key(paths, exclude)] = list(read_articles(paths, exclude))
    except Exception:  # noqa: BLE001 - read again, and reported, by the run's ingest task
        _PREFETCHED.pop(_key(paths, exclude), None)


def prefetched(paths: tuple[Path, ...], exclude: tuple[Path, ...] = ()) -> list[dict | tuple[str, str]] | None:
    """What `prefetch` read for ``paths``, left in place for the ingest task; None if nothing."""
    return _PREFETCHED.get(_key(paths, exclude))


def articles_from(paths: tuple[Path, ...], exclude: tuple[Path, ...] = ()) -> Iterable[dict | tuple[str, str]]:
    """What `read_articles` yields: read by `prefetch` if it was called for these paths (once),
    else read now."""
    from flows.ingest import read_articles

    prefetched = _PREFETCHED.pop(_key(paths, exclude), None)
    return prefetched if prefetched is not None else read_articles(paths, exclude)


def expects_new_articles(settings, articles: list[dict | tuple[str, str]]) -> bool:
    """Whether a run over these (prefetched) inputs will extract anything: a hint read outside
    the lake's lock, to decide what to import before the flow begins."""
    return new_articles(settings, articles) > 0


def new_articles(settings, articles: list[dict | tuple[str, str]]) -> int:
    """How many articles a run over these (prefetched) inputs will extract, counted as its ingest
    task counts them (each once, none the lake holds): a hint read outside the lake's lock."""
    from warehouse.lake import Lake

    known = set() if settings.full_refresh else Lake(settings.lake_root).known_articles(articles)
    in_run: set[str] = set()
    new = 0
    for a in articles:
        if isinstance(a, dict):
            ids = {a["article_id"], a.get("legacy_article_id")} - {None}
            if not ids & known and not ids & in_run:
                in_run |= ids
                new += 1
    return new


def start_workers_early(settings, new: int) -> None:
    """Start the extraction worker processes the run will use, so that they load the model while
    the server boots and the flow begins (`flows.workers.start_early`): when the inputs hold
    new articles and the run extracts on worker processes of its own (not on Dask)."""
    from flows.workers import default_processes, start_early

    if new and settings.task_runner != "dask":
        start_early(settings.model, settings.reference_dir, settings.processes or default_processes(new),
                    settings.batch_chars)


def warm_quality_imports() -> None:
    """Import Great Expectations on a thread (3.6 CPU s measured), so validation does not start
    with it: `dateline run` starts it while its temporary server boots when the inputs hold new
    articles, and extraction on worker processes starts it otherwise (the parent is nearly idle
    then). Importing an imported module again costs nothing."""
    threading.Thread(target=importlib.import_module, args=("great_expectations",), daemon=True,
                     name="import-great-expectations").start()


def flow_run_settings(server):
    """Prefect settings for the flow run. On the run's own temporary server, no flow-run
    heartbeats: they let a long-lived server's automations mark a crashed run, but this server
    has none and is gone with the run, and Prefect's heartbeat thread sleeps in 1 s steps that
    the flow's end waits out (py-spy and Prefect's debug log: 0.45-0.9 s of a 5 s rerun)."""
    if server is None:
        return nullcontext()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


def hold_collection(argv: list[str]) -> None:
    """The console script's `dateline run`: no garbage collection until `release_collection`.
    Start-up imports Prefect, pandas, DuckDB and Great Expectations, millions of objects that
    live as long as the process, and each of the collector's full passes over them found next to
    nothing to free: 7 full collections, 1.4 s of a 400-article run's start-up, the run's
    critical path (gc callbacks; importing the flow's modules 1.38 -> 1.10 CPU s without them,
    Great Expectations 1.55 -> 1.23). Not for in-process callers (see `release_collection`)."""
    if argv[:1] == ["run"]:
        gc.disable()


def release_collection() -> None:
    """After `hold_collection`, when the flow is about to begin: what start-up made is frozen
    (never collected: it lives as long as the process; the few cycles imports leave stay) and the
    collector runs again, over what the run makes only, so the run's own full collections are
    short too (one in the tail of a 400-article run: 0.28 s before). Nothing if the collector runs."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def skip_final_collection() -> None:
    """Before the console script exits: skip the interpreter's final garbage collection, which
    walks every object of the Prefect, pydantic and GX modules (about 1 s here, measured after
    the run's last line); the OS frees the memory. Not for in-process callers: frozen objects are
    never collected."""
    gc.freeze()
