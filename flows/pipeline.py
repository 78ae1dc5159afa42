"""The Dateline flow. The stage order lives here and only here:

    ingest -> extract (and stage Parquet) -> validate -> quarantine -> publish -> load

Extraction runs the spaCy pipeline over parts of many articles, one task per part (never a task per
article); with the Dask task runner the parts run on Dask workers. Retries are on I/O tasks only.
The tasks are thin: what they do to storage is in warehouse/ (`validation`, `quarantine`,
`entity_counts`, `runs`, `lake`, `load`).
Parameters that hold a whole batch (articles, rows, entities, check results) are passed as
`quote(...)`: Prefect would otherwise walk every element of them looking for futures when a task
starts (py-spy: 0.36 s to start `stage_entities` on 400 articles, growing with the batch).
"""
from __future__ import annotations

import hashlib
import secrets
import shutil
import signal
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from itertools import chain, repeat
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NONE
from prefect.exceptions import TerminationSignal
from prefect.states import Completed
from prefect.utilities.annotations import quote

from flows.fetch import fetched, fetcher_for, save_validators
from flows.progress import Progress, quiet_logs
from flows.settings import Settings
from flows.startup import articles_from, warm_quality_imports
from schemas import EXTRACTED, TABLES
from transforms.articles import Notice
from transforms.datelines import place_entity
from transforms.extract import merge_entities, without_held
from transforms.language import body_language
from transforms.reference_files import resolve_reference_dir
from flows import interrupts
from flows.workers import EXTRACTING, default_processes, extract_stream
from transforms.pipeline import installed_model_identity
from warehouse.content import content_checks, contracts_file, load_contracts
from warehouse.duplicates import mark_batch, stage_index
from warehouse.entity_counts import held_mentions, stage_entities_table, touched_entities
from warehouse.history import latest_run_on
from warehouse.name_index import NameLinks, decide_links
from warehouse.lake import Lake, Staged, claim_data_dir, to_arrow, write_parquet_atomic
from warehouse.load import sync_warehouse, up_to_date
from warehouse.quality import CheckResult
from warehouse.quarantine import blocking, hold_back
from warehouse.report import quality_markdown
from warehouse.runs import stage_run_record, write_reports
from warehouse.validation import validate_staged

ARTIFACT_KEY = "dateline-dq"  # one key: the Prefect UI keeps the history of quality per run


class ValidationFailed(RuntimeError):
    """A critical data-quality check failed beyond quarantine: nothing of the batch was published."""


@dataclass
class Batch:
    articles: list[dict]
    seen: int
    errors: list[tuple[str, str]] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)  # warnings about inputs read all the same
    validators: dict = field(default_factory=dict)  # fetched URLs' ETag/Last-Modified, kept once published
    known: int = 0  # articles read that the lake holds already
    repeated: int = 0  # articles read twice or more in these inputs (kept once)

    def describe(self) -> str:
        return (f"{self.seen} articles read, {len(self.articles)} new ({self.known} already in the lake, "
                f"{self.repeated} repeated in the inputs), {len(self.errors)} inputs skipped")


@dataclass
class Part:
    """What extracting one part of the batch staged."""
    files: dict[str, Path]
    contributions: list[tuple[str, dict, datetime]]  # (article_id, its entities with counts, ingested at)
    rows: dict[str, int]
    model_name: str
    model_version: str
    # (source, reason) of articles a component failed on: reported and left out, so a later run retries them.
    failed: list[tuple[str, str]] = field(default_factory=list)
    # (source, language) of articles not in the model's language: stored in `articles`, not extracted.
    other_language: list[tuple[str, str]] = field(default_factory=list)


def new_run_id(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def name_flow_run(run_id: str) -> None:
    """Prefect's flow run is named after the Dateline run and tagged `run_id:<id>` (beside its own
    tags), so the UI's run page says which run it is and a tag filter finds it. Best effort: a
    run the API cannot rename runs all the same."""
    from prefect.client.orchestration import SyncPrefectClient, get_client
    from prefect.context import FlowRunContext

    context = FlowRunContext.get()
    if context is None or context.flow_run is None:
        return
    flow_run = context.flow_run
    tags = [*flow_run.tags, f"run_id:{run_id}"]
    try:
        if isinstance(context.client, SyncPrefectClient):
            context.client.update_flow_run(flow_run.id, name=run_id, tags=tags).raise_for_status()
        else:
            with get_client(sync_client=True) as client:
                client.update_flow_run(flow_run.id, name=run_id, tags=tags).raise_for_status()
    except Exception as exc:  # noqa: BLE001
        get_run_logger().warning("could not name the flow run after run %s: %s", run_id, exc)
        return
    flow_run.name, flow_run.tags = run_id, tags  # the flow's log lines say it too


def part_name(article_ids: list[str]) -> str:
    """Named after its content, so staging the same articles again yields the same file."""
    return "part-" + hashlib.sha256("\n".join(sorted(article_ids)).encode()).hexdigest()[:16] + ".parquet"


@task(cache_policy=NONE, retries=2, retry_delay_seconds=1)
def ingest(settings: Settings) -> Batch:
    logger = get_run_logger()
    batch, in_run = Batch([], 0), set()
    now = datetime.now(timezone.utc)
    fetcher = fetcher_for(settings)
    items = list(chain(articles_from(settings.inputs, exclude=settings.not_inputs), fetched(settings, fetcher)))
    # The lake is asked about these articles' ids only (a join), not for every id it holds.
    known_ids = set() if settings.full_refresh else Lake(settings.lake_root).known_articles(items)
    for item in items:
        if isinstance(item, Notice):
            logger.warning("%s: %s", item.source, item.message)
            batch.notices.append(item)
            continue
        if isinstance(item, tuple):
            logger.warning("skipped %s: %s", *item)
            batch.errors.append(item)
            continue
        batch.seen += 1
        # An article a data dir from before canonical bodies holds under its former id is known too.
        ids = {item["article_id"], item.get("legacy_article_id")} - {None}
        if ids & known_ids:
            batch.known += 1
        elif ids & in_run:
            batch.repeated += 1
        else:
            in_run |= ids
            batch.articles.append({**item, "language": body_language(item), "ingested_at": now})
    logger.info(batch.describe())
    batch.validators = fetcher.pending
    return batch


@task(cache_policy=NONE)
def extract_parts(settings: Settings, chunks: list[list[dict]], run_id: str, done_before: int, total: int) -> list[Part]:
    """One stream of batches over the chunks, one staged Part per chunk. A stream, not one per
    chunk: the worker processes start once, and no core idles while the other finishes a
    chunk's last batch. The workers return rows, not Docs (`flows.workers`)."""
    logger = get_run_logger()
    processes = settings.processes or default_processes(total)
    if processes > 1:
        warm_quality_imports()
    staging = Lake(settings.lake_root).staging_dir(run_id)
    articles = sum(map(len, chunks))
    if processes > 1:  # their start is the run's longest silence otherwise
        logger.info("extracting %d new articles on %d worker processes (each loads the model first)", articles, processes)
    batches = extract_stream(settings.model, settings.reference_dir, (a for chunk in chunks for a in chunk),
                             settings.batch_size, processes, settings.batch_chars,
                             marker=settings.lake_root / "staging" / EXTRACTING)
    results = (item for batch in batches for item in zip(repeat(batch), batch["results"]))
    parts = []
    progress = Progress(total, logger, done_before).__enter__()
    try:
        for chunk in chunks:
            tables: dict[str, list[dict]] = {t: [] for t in EXTRACTED if t != "entities"}
            contributions, failed, other, model = [], [], [], None
            for article, (batch, result) in zip(chunk, results):
                progress.advance()
                model = batch["model"]
                if result[0] == "failed":
                    failed.append((article["source_uri"], result[1]))
                    logger.warning("skipped %s: %s", *failed[-1])
                elif result[0] == "other_language":
                    other.append((article["source_uri"], result[1]))
                    tables["articles"].append({**article, "language": result[1]})
                else:
                    tables["articles"].append({**article, "language": article.get("language") or batch["lang"],
                                               "dateline_entity_id": place_entity(article["body"], result[1]["mentions"])})
                    for table, rows in result[1].items():
                        tables[table] += rows
                    contributions.append((article["article_id"], result[2], article["ingested_at"]))
            meta = {"dateline.model_name": model[0], "dateline.model_version": model[1], "dateline.run_id": run_id}
            fname = part_name([a["article_id"] for a in chunk])
            files = {t: write_parquet_atomic(to_arrow(t, rows), staging / t / fname, meta) for t, rows in tables.items()}
            parts.append(Part(files, contributions, {t: len(rows) for t, rows in tables.items()}, model[0], model[1], failed, other))
            if other:
                logger.info("%d articles not in the model's language (%s): stored, not extracted: %s", len(other),
                            batch["lang"], ", ".join(f"{src} ({lang})" for src, lang in other[:10]))
        # Asking for one more result ends the stream, and so its worker processes, now: a stream
        # left open kept them alive beside the next one's (bench: peak RSS 2.1 -> 2.4 GB).
        if next(results, None) is not None:
            raise RuntimeError("extraction returned more results than articles")
    finally:  # on an error too: the workers end now, not when the traceback is freed
        progress.__exit__()
        batches.close()
    return parts


@task(cache_policy=NONE)
def stage_entities(settings: Settings, run_id: str, existing: list[dict], parts: list[Part],
                   held: dict[tuple[str, str], int] | None = None,
                   links: dict[str, tuple[str, str]] | None = None) -> Path:
    """Fold the parts' entity contributions into the published rows of the entities they touch
    (``existing``), staged as one part; less the mentions quarantine held back (``held``), once it has.
    The lake-level links the run made (``links``: entity -> (entity linked to, rule)) are set on their rows."""
    entities = merge_entities(existing, without_held([c for p in parts for c in p.contributions], held or {}))
    for row in entities:
        if row["entity_id"] in (links or {}):
            row["linked_entity_id"], row["link_rule"] = links[row["entity_id"]]
    return stage_entities_table(Lake(settings.lake_root), run_id, entities)


@task(cache_policy=NONE)
def validate(settings: Settings, staged: Staged) -> list[CheckResult]:
    """Check the staged parts (references must resolve in the lake as it will be after this
    run), then what the batch holds against the recent runs (`warehouse.content`)."""
    lake = Lake(settings.lake_root)
    contracts = load_contracts(contracts_file(settings.reference_dir, settings.data_dir))
    order = list(TABLES)  # the report lists tables in publication order
    return sorted(validate_staged(lake, staged) + content_checks(lake, staged, contracts),
                  key=lambda r: order.index(r.table_name))


@task(cache_policy=NONE)
def quarantine(settings: Settings, run_id: str, staged: Staged, results: list[CheckResult]) -> dict[str, int]:
    """Move rows failing a critical row check out of the staged parts into quarantine Parquet,
    each with the checks it failed; the rest of the batch goes on to publication."""
    return hold_back(staged, results, settings.quarantine_dir, run_id)


@task(cache_policy=NONE, retries=2, retry_delay_seconds=1)
def publish(settings: Settings, run_id: str, staged: Staged) -> None:
    interrupts.check()  # a Ctrl-C some library frame swallowed still stops the run here
    Lake(settings.lake_root).publish(run_id, staged)


@task(cache_policy=NONE)
def load(settings: Settings) -> tuple[dict[str, int], str | None]:
    """Bring the warehouse up to the published lake: (row counts, None), or ({}, why not). The
    batch is published already, so a warehouse that cannot be loaded now (held by another program
    past the wait, a full disk) fails nothing: the next run or query loads it."""
    logger = get_run_logger()
    try:
        return sync_warehouse(Lake(settings.lake_root), settings.warehouse_path, logger.warning), None
    except Exception as exc:  # noqa: BLE001 - reported as the warehouse's state, the run stands
        reason = f"{type(exc).__name__}: {exc}"
        logger.warning("the warehouse was not loaded: %s; the next run or query loads it", reason)
        return {}, reason


def record_run(settings: Settings, run: dict, results: list[CheckResult]) -> Staged:
    """Stage the run's own row and its data-quality results (the reports follow publication)."""
    return stage_run_record(Lake(settings.lake_root), run, results)


def report(settings: Settings, run: dict, results: list[CheckResult], warehouse_error: str | None = None) -> None:
    """The run's HTML page, `latest.html` and the index, from the lake as published. Best effort:
    the run stands whatever happens here, and the next run writes the index again."""
    try:
        write_reports(Lake(settings.lake_root), settings.reports_dir, run, results, warehouse_error,
                      settings.quarantine_dir)
    except Exception as exc:  # noqa: BLE001
        get_run_logger().warning("could not write the HTML report: %s", exc)


def nothing_new(settings: Settings, lake: Lake, batch: Batch) -> bool:
    """A run with nothing to record: no new article, and no skipped input but those the latest
    run on the same inputs recorded already (a bad file left in an inbox is reported once)."""
    if settings.full_refresh or batch.articles:
        return False
    if not batch.errors:
        return True
    latest = latest_run_on(lake, [str(p) for p in settings.inputs])
    return latest is not None and latest["skipped"] == [f"{src}: {why}" for src, why in batch.errors]


def skipped_run(settings: Settings, run_id: str, started: datetime, batch: Batch) -> dict:
    """Nothing new: nothing is written to the lake or the reports (under `serve`, an inbox run
    every few minutes would otherwise add a run, its checks and a report each time); the flow
    run ends in Prefect's state `Skipped`. A warehouse behind the lake is caught up, and the
    validators of pages that answered are kept (their articles are all in the lake)."""
    counts, load_error = {}, None
    # What answered with content the lake already holds is stored: the next poll asks for changes.
    save_validators(settings.data_dir, batch.validators)
    if not up_to_date(Lake(settings.lake_root), settings.warehouse_path, get_run_logger().warning):
        counts, load_error = load(settings)
    message = f"nothing new: {batch.describe()}; nothing recorded"
    get_run_logger().info(message)
    return {**run_row(settings, run_id, started, batch, status="skipped", message=message),
            "warehouse_counts": counts, "warehouse_error": load_error, "report": None,
            "warnings": [(n.source, n.message) for n in batch.notices],
            "warehouse": str(settings.warehouse_path), "lake": str(settings.lake_root / "lake"), "quarantine": {}}


def extract_all(settings: Settings, batch: Batch, run_id: str) -> list[Part]:
    """Parts in input order; on Dask one task per part, side by side; locally one task streams
    them all (`--processes` worker processes use the cores there)."""
    articles, size = batch.articles, settings.part_size
    chunks = [articles[lo: lo + size] for lo in range(0, len(articles), size)]
    if not chunks:
        return []
    if settings.task_runner == "dask":
        # Dask's workers are the processes there (a daemonic worker may not start its own).
        settings = replace(settings, processes=settings.processes or 1)
        futures = [extract_parts.submit(settings, [chunk], run_id, i * size, len(articles)) for i, chunk in enumerate(chunks)]
        return [part for f in futures for part in f.result()]
    return extract_parts(settings, quote(chunks), run_id, 0, len(articles))


def stage_batch(settings: Settings, lake: Lake, run_id: str, parts: list[Part]) -> tuple[Staged, NameLinks]:
    """The extracted parts plus the `entities` rows they touch, as one set to validate and
    publish; and the lake-level name links the run made, with the short-name index part
    (`warehouse.name_index`), published with them once the batch passes."""
    staged = Staged(replaces=set(EXTRACTED) if settings.full_refresh else set())
    for part in parts:
        for table, path in part.files.items():
            staged.add(table, path)
    names = NameLinks()
    if parts or settings.full_refresh:
        names = decide_links(lake, run_id, resolve_reference_dir(settings.reference_dir),
                             [per_entity for p in parts for _, per_entity, _ in p.contributions], settings.full_refresh)
        existing = touched(settings, lake, parts, set(names.links))
        staged.add("entities", stage_entities(settings, run_id, quote(existing), quote(parts), links=quote(names.links)))
        staged.upserts.add("entities")  # its rows replace the published rows of the same entities
    return staged, names


def touched(settings: Settings, lake: Lake, parts: list[Part], linked: set[str] = frozenset()) -> list[dict]:
    """The published `entities` rows the parts' mentions touch, and those of earlier articles'
    entities the run links at lake level (``linked``); none on a full refresh."""
    ids = {eid for p in parts for _, per_entity, _ in p.contributions for eid in per_entity} | set(linked)
    return [] if settings.full_refresh else touched_entities(lake, ids)


def recount_entities(settings: Settings, lake: Lake, run_id: str, staged: Staged, parts: list[Part],
                     links: dict[str, tuple[str, str]]) -> None:
    """`entities` counts what is published: restaged without the mentions quarantine held back.
    Only counts change (no entity row goes: other rows may name it), so the checks it passed hold."""
    held = held_mentions(settings.quarantine_dir, run_id)
    existing = touched(settings, lake, parts, set(links))
    staged.parts["entities"] = [stage_entities(settings, run_id, quote(existing), quote(parts), quote(held), quote(links))]


def run_row(settings: Settings, run_id: str, started: datetime, batch: Batch | None = None,
            parts: list[Part] = (), held: dict[str, int] | None = None, status: str = "published",
            message: str | None = None) -> dict:
    held = held or {}
    errors = (batch.errors if batch else []) + [f for p in parts for f in p.failed]
    model = (parts[0].model_name, parts[0].model_version) if parts else model_named(settings.model)
    return {"run_id": run_id, "started_at": started, "finished_at": datetime.now(timezone.utc),
            "status": status, "inputs": [str(p) for p in settings.inputs] + list(settings.urls),
            "kind": "run", "articles_seen": batch.seen if batch else 0, "articles_new": len(batch.articles) if batch else 0,
            "input_errors": len(errors), "errors": errors, "skipped": [f"{src}: {why}" for src, why in errors],
            "articles_other_language": sum(len(p.other_language) for p in parts),
            "model_name": model[0], "model_version": model[1], "quarantined_rows": sum(held.values()),
            "row_counts": {t: sum(p.rows.get(t, 0) for p in parts) - held.get(t, 0) for t in EXTRACTED if t != "entities"},
            "message": message}


def model_named(model: str | None) -> tuple[str, str]:
    """The pipeline's (name, version) for the run's row; a run whose model cannot load still
    gets a row, naming the model asked for."""
    try:
        return installed_model_identity(model)
    except Exception:  # noqa: BLE001 - the load failure itself is the run's message
        return (model or "default model", "not loaded")


def describe(blocked: list[CheckResult]) -> str:
    return "; ".join(f"{r.table_name}: {r.check_name} failed on {r.unexpected_count} rows "
                     f"(e.g. {', '.join(r.failing_sample[:3])})" for r in blocked)


@flow(name="dateline-run", log_prints=True)
def run_pipeline(settings: Settings) -> dict:
    quiet_logs()
    claim_data_dir(settings.data_dir)
    with Lake(settings.lake_root).lock():
        summary = run_locked(settings)
    if summary["status"] == "skipped":  # the Prefect UI tells a run that did nothing apart
        return Completed(name="Skipped", message=summary["message"], data=summary)
    return summary


def run_locked(settings: Settings) -> dict:
    started = datetime.now(timezone.utc)
    run_id = new_run_id(started)
    name_flow_run(run_id)
    lake = Lake(settings.lake_root)
    lake.sweep()
    batch, parts, published = None, [], False
    try:
        batch = ingest(settings)
        if nothing_new(settings, lake, batch):
            return skipped_run(settings, run_id, started, batch)
        index, pairs = mark_batch(lake, batch.articles, settings.full_refresh)
        if pairs:
            get_run_logger().info("%d new articles are near-duplicates of earlier ones (articles.duplicate_of)", len(pairs))
        parts = extract_all(settings, batch, run_id)
        staged, names = stage_batch(settings, lake, run_id, parts)
        results = validate(settings, staged)
        blocked = blocking(results, settings.quarantine_max_fraction)
        held = {} if blocked else quarantine(settings, run_id, staged, quote(results))
        if held.get("mentions") and "entities" in staged.parts:
            recount_entities(settings, lake, run_id, staged, parts, names.links)
        if blocked:
            run = run_row(settings, run_id, started, batch, parts, status="failed_validation", message=describe(blocked))
            staged = Staged()  # the batch stays out; the run's row and checks are published
        else:
            run = run_row(settings, run_id, started, batch, parts, held)
            staged.merge(stage_index(lake, run_id, index, staged, settings.full_refresh))
            staged.merge(names.staged(settings.full_refresh))
        staged.merge(record_run(settings, run, results))
        publish(settings, run_id, staged)
        published = True
        if not blocked:  # what the run fetched is stored: the next poll asks only for changes
            save_validators(settings.data_dir, batch.validators)
    except BaseException as exc:  # a signal too (Prefect raises SIGTERM as TerminationSignal)
        if not published:
            record_failure(settings, run_row(settings, run_id, started, batch, parts, status="failed",
                                             message=failure_message(exc)))
        raise
    try:
        counts, load_error = load(settings)
    except BaseException as exc:  # published, but the run did not end well: its report says so
        report(settings, run, results, failure_message(exc))
        raise
    report(settings, run, results, load_error)
    publish_quality_artifact(run, results)
    if blocked:
        raise ValidationFailed(run["message"])
    return {**run, "warehouse_counts": counts, "warehouse_error": load_error,
            "warnings": [(n.source, n.message) for n in batch.notices],
            "report": str(settings.reports_dir / f"{run_id}.html"),
            "warehouse": str(settings.warehouse_path), "lake": str(settings.lake_root / "lake"),
            "quarantine": {t: str(settings.quarantine_dir / t) for t in held}}


def failure_message(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted (SIGINT, Ctrl-C)"
    if isinstance(exc, TerminationSignal):
        return f"interrupted ({signal.Signals(exc.signal).name})"
    return f"{type(exc).__name__}: {exc}"


def publish_quality_artifact(run: dict, results: list[CheckResult]) -> None:
    """The quality summary in Prefect's UI. After publication: an API that fails here fails
    nothing, the same summary is in the lake and the HTML report."""
    try:
        create_markdown_artifact(quality_markdown(run, results), key=ARTIFACT_KEY,
                                 description=f"Dateline data quality, run {run['run_id']} ({run['status']})")
    except Exception as exc:  # noqa: BLE001
        get_run_logger().warning("could not attach the quality artifact to the flow run: %s", exc)


def record_failure(settings: Settings, run: dict) -> None:
    """Best effort: publish only the failed run's row, so `runs` says why; the batch stays out."""
    lake = Lake(settings.lake_root)
    if f"part-{run['run_id']}.parquet" in {Path(rel).name for rel in lake.manifest().get("runs", [])}:
        return  # the run was published before it failed (a signal during clean-up): its row stands
    try:
        shutil.rmtree(lake.staging_dir(run["run_id"]), ignore_errors=True)
        lake.publish(run["run_id"], record_run(settings, run, []))
        report(settings, run, [])
        sync_warehouse(lake, settings.warehouse_path, get_run_logger().warning)
    except Exception as exc:  # the original failure is the one to report
        get_run_logger().error("could not record the failed run: %s", exc)
