"""The Dateline flow. The stage order lives here and only here:

    ingest -> extract (and stage Parquet) -> validate -> publish -> load

Extraction runs `nlp.pipe` over parts of many articles inside one task (never a task per article).
Retries are on the I/O tasks only.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NONE

from flows.ingest import read_articles
from flows.settings import Settings
from schemas import EXTRACTED
from transforms.extract import entity_contributions, merge_entities, rows_for
from transforms.pipeline import build_pipeline, model_identity
from warehouse.lake import Lake, Staged, to_arrow, write_parquet_atomic
from warehouse.load import load_warehouse
from warehouse.quality import CheckResult, Validator, merge_results
from warehouse.report import render


class ValidationFailed(RuntimeError):
    """A critical data-quality check failed: nothing of the batch was published."""


@dataclass
class Batch:
    articles: list[dict]
    seen: int
    errors: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Extraction:
    staged: Staged
    model_name: str
    model_version: str
    rows_added: dict[str, int] = field(default_factory=dict)


def new_run_id(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


@task(cache_policy=NONE, retries=2, retry_delay_seconds=1)
def ingest(settings: Settings, known_ids: set[str]) -> Batch:
    logger = get_run_logger()
    batch, in_run = Batch([], 0), set()
    now = datetime.now(timezone.utc)
    for item in read_articles(settings.inputs):
        if isinstance(item, tuple):
            logger.warning("skipped %s: %s", *item)
            batch.errors.append(item)
            continue
        batch.seen += 1
        if item["article_id"] in known_ids or item["article_id"] in in_run:
            continue
        in_run.add(item["article_id"])
        batch.articles.append({**item, "ingested_at": now})
    logger.info("%d articles read, %d new, %d inputs skipped", batch.seen, len(batch.articles), len(batch.errors))
    return batch


def part_name(article_ids: list[str]) -> str:
    """Named after its content, so staging the same articles again yields the same file."""
    return "part-" + hashlib.sha256("\n".join(sorted(article_ids)).encode()).hexdigest()[:16] + ".parquet"


@task(cache_policy=NONE)
def extract(settings: Settings, batch: Batch, run_id: str, existing_entities: list[dict]) -> Extraction:
    logger = get_run_logger()
    nlp = build_pipeline(settings.model, settings.reference_dir)
    name, version = model_identity(nlp)
    meta = {"dateline.model_name": name, "dateline.model_version": version, "dateline.run_id": run_id}
    lake, staged, contributions, added = Lake(settings.lake_root), Staged(), [], {}
    staging = lake.staging_dir(run_id)
    articles = batch.articles
    for lo in range(0, len(articles), settings.part_size):
        part = articles[lo: lo + settings.part_size]
        tables: dict[str, list[dict]] = {t: [] for t in EXTRACTED if t != "entities"}
        docs = nlp.pipe((a["body"] for a in part), batch_size=settings.batch_size, n_process=settings.processes)
        for article, doc in zip(part, docs):
            tables["articles"].append({**article, "language": nlp.lang})
            for table, rows in rows_for(doc, article).items():
                tables[table] += rows
            contributions.append((entity_contributions(doc), article["ingested_at"]))
        fname = part_name([a["article_id"] for a in part])
        for table, rows in tables.items():
            added[table] = added.get(table, 0) + len(rows)
            staged.add(table, write_parquet_atomic(to_arrow(table, rows), staging / table / fname, meta))
        logger.info("extracted %d/%d articles", min(lo + len(part), len(articles)), len(articles))
    if contributions or settings.full_refresh:
        entities = merge_entities(existing_entities, contributions)
        fname = "part-" + hashlib.sha256(repr(sorted((e["entity_id"], e["mention_count"]) for e in entities)).encode()).hexdigest()[:16] + ".parquet"
        staged.add("entities", write_parquet_atomic(to_arrow("entities", entities), staging / "entities" / fname, meta))
        staged.replaces.add("entities")
        added["entities"] = len(entities)
    return Extraction(staged, name, version, added)


@task(cache_policy=NONE)
def validate(extraction: Extraction) -> list[CheckResult]:
    import pyarrow.parquet as pq

    validator = Validator()
    results: list[CheckResult] = []
    article_parts = {p.name: p for p in extraction.staged.parts.get("articles", [])}
    bodies: dict[str, str] = {}
    for table, parts in extraction.staged.parts.items():
        for part in parts:
            if table != "entities" and part.name in article_parts:
                arts = pq.read_table(article_parts[part.name], columns=["article_id", "body"])
                bodies = dict(zip(arts["article_id"].to_pylist(), arts["body"].to_pylist()))
            results += validator.validate(table, pq.read_table(part), bodies)
    return merge_results(results)


@task(cache_policy=NONE, retries=2, retry_delay_seconds=1)
def publish(settings: Settings, run_id: str, staged: Staged) -> None:
    Lake(settings.lake_root).publish(run_id, staged)


@task(cache_policy=NONE, retries=2, retry_delay_seconds=1)
def load(settings: Settings) -> dict[str, int]:
    return load_warehouse(Lake(settings.lake_root), settings.warehouse_path)


def record_run(settings: Settings, run: dict, results: list[CheckResult]) -> Staged:
    """Stage the run's own row and its data-quality results, and write the HTML report."""
    staging = Lake(settings.lake_root).staging_dir(run["run_id"])
    staged = Staged()
    checked_at = run["finished_at"]
    dq = [{**r.__dict__, "run_id": run["run_id"], "checked_at": checked_at} for r in results]
    fname = f"part-{run['run_id']}.parquet"
    meta = {"dateline.run_id": run["run_id"]}
    staged.add("runs", write_parquet_atomic(to_arrow("runs", [run]), staging / "runs" / fname, meta))
    staged.add("dq_results", write_parquet_atomic(to_arrow("dq_results", dq), staging / "dq_results" / fname, meta))
    settings.reports_dir.mkdir(parents=True, exist_ok=True)
    page = render(run, results)
    for name in (f"{run['run_id']}.html", "latest.html"):
        tmp = settings.reports_dir / f".{name}.tmp"
        tmp.write_text(page, encoding="utf-8")
        tmp.replace(settings.reports_dir / name)
    return staged


@flow(name="dateline-run", log_prints=True)
def run_pipeline(settings: Settings) -> dict:
    started = datetime.now(timezone.utc)
    run_id = new_run_id(started)
    lake = Lake(settings.lake_root)
    lake.sweep()
    known = set() if settings.full_refresh else set(lake.read("articles", ["article_id"])["article_id"].to_pylist())
    existing_entities = [] if settings.full_refresh else lake.read("entities").to_pylist()

    batch = ingest(settings, known)
    extraction = extract(settings, batch, run_id, existing_entities)
    results = validate(extraction)

    critical = [r for r in results if r.critical and not r.passed]
    run = {"run_id": run_id, "started_at": started, "finished_at": datetime.now(timezone.utc),
           "status": "failed_validation" if critical else "published", "inputs": [str(p) for p in settings.inputs],
           "articles_seen": batch.seen, "articles_new": len(batch.articles), "input_errors": len(batch.errors),
           "model_name": extraction.model_name, "model_version": extraction.model_version, "errors": batch.errors,
           "row_counts": extraction.rows_added,
           "message": "; ".join(f"{r.table_name}: {r.check_name} failed on {r.unexpected_count} rows "
                                f"(e.g. {', '.join(r.failing_sample[:3])})" for r in critical) or None}
    staged = record_run(settings, run, results) if critical else extraction.staged
    if not critical:
        for table, parts in record_run(settings, run, results).parts.items():
            for p in parts:
                staged.add(table, p)
        if settings.full_refresh:
            staged.replaces.update(EXTRACTED)
    publish(settings, run_id, staged)
    counts = load(settings)
    summary = {**run, "warehouse_counts": counts, "report": str(settings.reports_dir / f"{run_id}.html"),
               "warehouse": str(settings.warehouse_path), "lake": str(settings.lake_root / "lake")}
    if critical:
        raise ValidationFailed(run["message"])
    return summary
