"""`make bench-lake`: what one small scheduled run costs as the lake grows (issue #23).

    .venv/bin/python -m benchmarks.lake [--sizes 1000,100000,1000000] [--base N] [--checkout DIR] [--keep]

One real `dateline run` of `--base` articles of the corpus (default: 100 BBC News articles, read
at run time) makes a small real lake. For each size N, a synthetic lake of N articles is made
from it by copying its extracted rows with new ids, in DuckDB (no model run per article, no
Python loop per row): copy c of an article gets the id `<c as 8 hex digits><last 8 digits of
the id>`, and every row id that embeds the article id follows. Entities seen in one base article
only (the long tail) get a new id per copy too, the others keep theirs and their counts grow with
the copies: entities grow with the lake, as names do in news, and the common ones get big counts.
The parts are written at the size compaction writes (`warehouse.compaction`), the warehouse is
loaded, and the data dir is claimed as Dateline's: a lake as a newsroom's would look after
nightly compactions.

At each size, each a child process measured as `make bench` measures (wall, CPU, peak RSS of
the whole process tree):

  run       `dateline run` of one new article of the corpus (not in the base), `--processes 1`
  query:V   `dateline query "SELECT count(*) FROM V"` for each view V
  scan      a DuckDB `read_parquet` over every file the manifest names (an external reader),
            counting rows and summing a column of each table

`--checkout DIR` runs `dateline` from another checkout (`main` for before/after figures) on the
same synthetic lakes. The last line is one JSON object: `sizes`, `run_s`, `peak_rss_mb`,
`query_s`, `scan_s` (one value per size), `growth_run`, `growth_rss` (largest size over
smallest), the build cost of each size and the raw timings. A tool, not a test.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.bench import (DEFAULT_CORPUS, REPO, copy_inputs, corpus_files, machine, measure, raw, round_robin,
                              run_dateline, table)

DEFAULT_SIZES = (1_000, 100_000, 1_000_000)
# Columns holding an id that embeds the article id (its first 16 characters), per table.
ARTICLE_KEYED = {
    "articles": ["article_id"],
    "mentions": ["mention_id", "article_id"],
    "quotes": ["quote_id", "article_id"],
    "events": ["event_id", "article_id"],
    "event_arguments": ["argument_id", "event_id", "article_id"],
}
# Columns naming an entity, per table.
ENTITY_KEYED = {"mentions": ["entity_id"], "quotes": ["speaker_entity_id"], "event_arguments": ["entity_id"]}
SCAN_COLUMNS = {"articles": "word_count", "mentions": "end_char", "entities": "mention_count", "quotes": "end_char",
                "events": "end_char", "event_arguments": "end_char", "runs": "articles_new", "dq_results": "element_count"}


def new_article_id(col: str) -> str:
    """SQL: the copy's id for an id whose first 16 characters are the article id."""
    return f"printf('%08x', c) || substr({col}, 9)"


def new_entity_id(col: str) -> str:
    """SQL: the copy's id of an entity of the long tail (`ent_` + 16 hex digits); others keep theirs."""
    return (f"CASE WHEN {col} IN (SELECT entity_id FROM tail) "
            f"THEN 'ent_' || printf('%08x', c) || substr({col}, 13) ELSE {col} END")


def copy_sql(name: str, files: list[str], copies: int) -> str:
    """SELECT of `copies` copies of a base table, with new ids (the tail entities: table `tail`)."""
    replace = {col: new_article_id(col) for col in ARTICLE_KEYED.get(name, [])}
    replace.update({col: new_entity_id(col) for col in ENTITY_KEYED.get(name, [])})
    cols = ", ".join(f"{expr} AS {col}" for col, expr in replace.items())
    return (f"SELECT * EXCLUDE (c) REPLACE ({cols}) FROM read_parquet({files!r}), range({copies}) AS copies(c) "
            f"ORDER BY c, {ARTICLE_KEYED[name][0]}")


def entities_sql(files: list[str], copies: int) -> str:
    """The entities of `copies` copies: the tail once per copy, the others with their counts
    times the copies (first and last seen are the base's: copies share its ingestion times)."""
    return (f"SELECT * EXCLUDE (c) REPLACE ('ent_' || printf('%08x', c) || substr(entity_id, 13) AS entity_id) "
            f"FROM read_parquet({files!r}), range({copies}) AS copies(c) WHERE entity_id IN (SELECT entity_id FROM tail) "
            f"UNION ALL SELECT * REPLACE (mention_count * {copies} AS mention_count, article_count * {copies} AS article_count) "
            f"FROM read_parquet({files!r}) WHERE entity_id NOT IN (SELECT entity_id FROM tail) ORDER BY entity_id")


def part_rows(name: str, base_files: list[Path], target_bytes: int) -> int:
    """Rows per part for about `target_bytes` of Parquet, from the base table's bytes per row."""
    import pyarrow.parquet as pq

    rows = sum(pq.read_metadata(f).num_rows for f in base_files)
    size = sum(f.stat().st_size for f in base_files)
    return max(1000, int(target_bytes / max(size / max(rows, 1), 1)))


def write_parts(con, sql: str, name: str, dest: Path, rows_per_part: int, schema=None) -> list[str]:
    """Stream the SELECT's rows into parts of `rows_per_part` rows, cast to the table's schema
    (or `schema`)."""
    import pyarrow as pa

    from schemas import TABLES
    from warehouse.lake import write_parquet_atomic

    schema = schema or TABLES[name].schema
    reader = con.sql(sql).to_arrow_reader(rows_per_part)
    rels, pending, n = [], [], 0

    def flush() -> None:
        nonlocal pending, n
        if pending:
            data = pa.Table.from_batches(pending).select(schema.names).cast(schema)
            fname = f"part-synthetic{len(rels):06d}.parquet"
            write_parquet_atomic(data, dest / name / fname, {"dateline.model_name": "synthetic"})
            rels.append(f"{name}/{fname}")
        pending, n = [], 0

    for batch in reader:
        pending.append(batch)
        n += batch.num_rows
        if n >= rows_per_part:
            flush()
    flush()
    return rels


def build_lake(base: Path, dest: Path, size: int, target_bytes: int, entity_rows: int) -> dict:
    """A data dir of `size` articles (a multiple of the base's) copied from the base data dir."""
    import duckdb
    import pyarrow.parquet as pq

    from schemas import EXTRACTED
    from warehouse import duplicates
    from warehouse.lake import Lake, claim_data_dir
    from warehouse.load import load_warehouse

    t0 = time.perf_counter()
    src = Lake(base)
    n_base = sum(pq.read_metadata(f).num_rows for f in src.files("articles"))
    copies = math.ceil(size / n_base)
    claim_data_dir(dest)
    lake = Lake(dest)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    ent_files = [str(f) for f in src.files("entities")]
    con.execute(f"CREATE TEMP TABLE tail AS SELECT entity_id FROM read_parquet({ent_files!r}) WHERE article_count <= 1")
    manifest = {}
    for name in EXTRACTED:
        files = [str(f) for f in src.files(name)]
        rows = entity_rows if name == "entities" else part_rows(name, src.files(name), target_bytes)
        sql = entities_sql(files, copies) if name == "entities" else copy_sql(name, files, copies)
        manifest[name] = write_parts(con, sql, name, lake.lake_dir, rows)
    # The near-duplicate index: each copy's articles with the base's signatures and clusters (the
    # copies of one story are not duplicates of each other here, as the copied articles say).
    index_files = [str(f) for f in src.files(duplicates.KEY)]
    if index_files:
        sql = (f"SELECT {new_article_id('article_id')} AS article_id, "
               f"c * (SELECT max(seq) + 1 FROM read_parquet({index_files!r})) + seq AS seq, "
               f"{new_article_id('root')} AS root, minhash FROM read_parquet({index_files!r}), range({copies}) AS copies(c) "
               f"ORDER BY c, seq")
        manifest[duplicates.KEY] = write_parts(con, sql, duplicates.KEY, lake.lake_dir,
                                               part_rows(duplicates.KEY, src.files(duplicates.KEY), target_bytes),
                                               duplicates.SCHEMA)
    # The base run's own rows, as they are; the short-name index too (it grows with the names
    # a lake knows, not with its articles: the base's stands for it, its counts not multiplied).
    for name in ("runs", "dq_results", "entity_names"):
        manifest[name] = []
        for f in src.files(name):
            (lake.lake_dir / name).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(f, lake.lake_dir / name / f.name)
            manifest[name].append(f"{name}/{f.name}")
    con.close()
    lake._write_manifest(manifest)
    built = time.perf_counter() - t0
    load_warehouse(lake, dest / "warehouse.duckdb", lambda s: None)
    loaded = time.perf_counter() - t0 - built
    disk = sum(p.stat().st_size for p in (dest / "lake").rglob("*.parquet"))
    return {"articles": copies * n_base, "copies": copies, "build_s": round(built, 1), "load_s": round(loaded, 1),
            "lake_mb": round(disk / 2**20, 1), "warehouse_mb": round((dest / "warehouse.duckdb").stat().st_size / 2**20, 1),
            "parts": {t: len(r) for t, r in manifest.items()}}


def snapshot(src: Path, dest: Path) -> Path:
    """A copy of a data dir to run on: Parquet parts hard-linked (never written after their
    rename), everything else copied (the warehouse is written in place)."""
    def copy(s, d):
        if s.endswith(".parquet"):
            os.link(s, d)
        else:
            shutil.copy2(s, d)
    shutil.copytree(src, dest, copy_function=copy)
    return dest


def scan_child(data_dir: Path) -> None:
    """In a child: an external reader's scan of every table the manifest names."""
    import duckdb

    from warehouse.lake import Lake

    lake, con, out = Lake(data_dir), duckdb.connect(), {}
    for name, rels in lake.manifest().items():
        files = [str(lake.lake_dir / r) for r in rels]
        col = SCAN_COLUMNS.get(name)
        if files and col:
            out[name] = con.execute(f"SELECT count(*), sum({col}) FROM read_parquet(?)", [files]).fetchone()[0]
    print(json.dumps(out))


def views() -> list[str]:
    from warehouse.load import view_names

    return view_names()


def bench_size(size: int, built: Path, work: Path, article: Path, checkout: Path) -> dict:
    shutil.rmtree(work / f"run-{size}", ignore_errors=True)  # left by an interrupted bench
    data = snapshot(built, work / f"run-{size}")
    logs = work / "logs"
    out: dict = {}
    res = run_dateline(article, data, 1, logs / f"run-{size}.log", cwd=checkout)
    if res["articles"] != 1:
        raise RuntimeError(f"the run at {size} did not add the one article: see {res['log']}")
    out["run"] = res
    for view in views():
        cmd = [sys.executable, "-m", "flows.cli", "query", f"SELECT count(*) FROM {view}", "--data-dir", str(data)]
        r = measure(cmd, logs / f"query-{view}-{size}.log", cwd=checkout)
        if r["returncode"] != 0:  # reported (a view past the query memory limit), not fatal
            last = Path(r["log"]).read_text(errors="replace").strip().splitlines()[:1]
            print(f"    query on {view} failed (exit {r['returncode']}): {last[0][:160] if last else ''}", flush=True)
        out[f"query:{view}"] = r
    r = measure([sys.executable, "-m", "benchmarks.lake", "_scan", str(data)], logs / f"scan-{size}.log")
    if r["returncode"] != 0:
        raise RuntimeError(f"the scan failed: see {r['log']}")
    out["scan"] = r
    shutil.rmtree(data, ignore_errors=True)
    return out


def summary(sizes: list[int], results: dict[int, dict], builds: dict[int, dict]) -> dict:
    run_s = [round(results[s]["run"]["wall_s"], 2) for s in sizes]
    rss = [round(results[s]["run"]["peak_rss_mb"], 1) for s in sizes]
    query_s = [round(sum(v["wall_s"] for k, v in results[s].items() if k.startswith("query:")), 2) for s in sizes]
    failed = {s: [k[6:] for k, v in results[s].items() if k.startswith("query:") and v["returncode"] != 0] for s in sizes}
    return {"sizes": [builds[s]["articles"] for s in sizes], "run_s": run_s, "peak_rss_mb": rss,
            "run_cpu_s": [round(results[s]["run"]["cpu_s"], 2) for s in sizes],
            "query_s": query_s, "scan_s": [round(results[s]["scan"]["wall_s"], 2) for s in sizes],
            "growth_run": round(run_s[-1] / run_s[0], 3), "growth_rss": round(rss[-1] / rss[0], 3),
            "growth_run_cpu": round(results[sizes[-1]]["run"]["cpu_s"] / results[sizes[0]]["run"]["cpu_s"], 3),
            "growth_query": round(query_s[-1] / query_s[0], 3),
            "queries_failed": {str(s): v for s, v in failed.items() if v}}


def parse_sizes(text: str) -> list[int]:
    sizes = sorted({int(s.replace("_", "")) for s in text.split(",") if s.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes: positive article counts, comma-separated")
    return sizes


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_scan"]:
        scan_child(Path(argv[1]))
        return 0
    p = argparse.ArgumentParser(prog="python -m benchmarks.lake", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                   help="lake sizes in articles, comma-separated (default 1000,100000,1000000; quick: 1000,10000,100000)")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--base", type=int, default=100, help="real articles the synthetic lakes are copied from (default 100)")
    p.add_argument("--checkout", type=Path, default=REPO, help="the checkout whose `dateline` is measured (default: this one)")
    p.add_argument("--part-mb", type=float, default=None, help="Parquet part size of the synthetic lakes (default: compaction's target)")
    p.add_argument("--work", type=Path, help="work dir (default: a new temporary one); built lakes are reused from it")
    p.add_argument("--keep", action="store_true", help="keep the work dir")
    args = p.parse_args(argv)
    return run_bench(args)


def targets(args) -> tuple[int, int]:
    try:
        from warehouse.compaction import ENTITY_PART_ROWS, TARGET_PART_BYTES
    except ImportError:  # a checkout before compaction: the same defaults
        ENTITY_PART_ROWS, TARGET_PART_BYTES = 50_000, 64 * 2**20
    return int(args.part_mb * 2**20) if args.part_mb else TARGET_PART_BYTES, ENTITY_PART_ROWS


def run_bench(args) -> int:
    files = round_robin(corpus_files(args.corpus), args.base + 1)
    if len(files) < args.base + 1:
        print(f"bench-lake: need {args.base + 1} articles under {args.corpus}", file=sys.stderr)
        return 1
    work = args.work or Path(tempfile.mkdtemp(prefix="dateline-bench-lake-"))
    (work / "logs").mkdir(parents=True, exist_ok=True)
    target_bytes, entity_rows = targets(args)
    info = machine()
    print(f"dateline bench-lake: sizes {args.sizes}, base {args.base} articles, checkout {args.checkout}, work dir {work}", flush=True)
    results, builds = {}, {}
    try:
        base = work / "base"
        if not (base / "lake" / "_manifest.json").exists():
            inputs = copy_inputs(files[:-1], args.corpus, work / "input-base")
            res = run_dateline(inputs, base, 2, work / "logs" / "base.log")
            print(f"  base run: {res['articles']} articles, {res['wall_s']:.1f} s", flush=True)
        article = copy_inputs(files[-1:], args.corpus, work / "input-one")
        warm = run_dateline(article, work / "data-warmup", 1, work / "logs" / "warmup.log", cwd=args.checkout)
        print(f"  warm-up run (Prefect's database, page cache): {warm['wall_s']:.1f} s", flush=True)
        for size in args.sizes:
            built = work / f"lake-{size}"
            if not (built / "warehouse.duckdb").exists():
                shutil.rmtree(built, ignore_errors=True)
                builds[size] = build_lake(base, built, size, target_bytes, entity_rows)
                (work / f"build-{size}.json").write_text(json.dumps(builds[size]))
            else:
                builds[size] = json.loads((work / f"build-{size}.json").read_text())
            print(f"  lake of {builds[size]['articles']} articles: built in {builds[size]['build_s']} s, warehouse "
                  f"loaded in {builds[size]['load_s']} s, {builds[size]['lake_mb']} MB of Parquet, "
                  f"{builds[size]['warehouse_mb']} MB of DuckDB", flush=True)
            results[size] = bench_size(size, built, work, article, args.checkout)
            r = results[size]["run"]
            print(f"    one-article run {r['wall_s']:.2f} s, peak RSS {r['peak_rss_mb']:.0f} MB; scan "
                  f"{results[size]['scan']['wall_s']:.2f} s", flush=True)
    finally:
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    out = summary(args.sizes, results, builds)
    print()
    keys = ["run"] + [f"query:{v}" for v in views()] + ["scan"]
    print(table(["step"] + [f"{builds[s]['articles']:,} s / MB" for s in args.sizes],
                [[k] + [f"{results[s][k]['wall_s']:.2f} / {results[s][k]['peak_rss_mb']:.0f}" for s in args.sizes] for k in keys]))
    out.update({"checkout": str(args.checkout), "base": args.base, "builds": {str(s): builds[s] for s in args.sizes},
                "machine": {**info, "loadavg_end": os.getloadavg()},
                "timings": {str(s): {k: raw(v) for k, v in results[s].items()} for s in args.sizes}})
    print(json.dumps(out, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
