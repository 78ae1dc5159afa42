"""`dateline query` is a read-only sandbox: SQL that would write, read other files, reach the
network or load extensions fails and leaves every file as it was; a busy warehouse is waited for
and named; results stream at any size in the same shape as before."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pytest

from conftest import REPO
from flows.cli import main as cli
from warehouse.lake import Lake, Staged, claim_data_dir, to_arrow, write_parquet_atomic
from warehouse.load import load_warehouse, view_names
from schemas import TABLES
from warehouse.query import connect_read_only, refused_statements

NOW = datetime(2019, 2, 1, tzinfo=timezone.utc)


def publish_articles(lake: Lake, run_id: str, ids: range) -> None:
    rows = [{"article_id": f"a{i}", "source_uri": f"f{i}.txt", "language": "en", "body": "Body text.",
             "word_count": 2, "ingested_at": NOW} for i in ids]
    staged = Staged()
    staged.add("articles", write_parquet_atomic(to_arrow("articles", rows),
                                                lake.staging_dir(run_id) / "articles" / f"part-{run_id}.parquet", {}))
    lake.publish(run_id, staged)


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A data dir as a run leaves it (marked, two articles published and loaded, its lock file),
    under a HOME of its own: whatever DuckDB would put in ~/.duckdb shows up in tmp_path."""
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    root = tmp_path / "data"
    claim_data_dir(root)
    lake = Lake(root)
    publish_articles(lake, "r1", range(2))
    with lake.lock():
        load_warehouse(lake, root / "warehouse.duckdb", say=lambda message: None)
    return root


def files_under(root: Path) -> dict[Path, tuple[int, bytes]]:
    return {p.relative_to(root): (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}


def query(data: Path, sql: str, *options: str) -> int:
    return cli(["query", sql, "--data-dir", str(data), *options])


# Each must fail through `dateline query`; {dir} is the data dir. 2: refused before it runs,
# 1: the sandboxed connection stops it.
ATTACKS = [
    ("EXPLAIN ANALYZE COPY (SELECT 'x' AS tables) TO '{dir}/lake/_manifest.json' (FORMAT csv)", 2),
    ("EXPLAIN (ANALYZE) COPY (SELECT 1) TO '{dir}/out.csv'", 2),
    ("/* a */ EXPLAIN /* b */ ANALYZE COPY (SELECT 1) TO '{dir}/out.csv'", 2),
    ("COPY articles TO '{dir}/out.csv'", 2),
    ("EXPORT DATABASE '{dir}/export'", 2),
    ("SELECT * FROM read_text('/etc/passwd')", 1),
    ("SELECT * FROM read_blob('/etc/passwd')", 1),
    ("SELECT * FROM read_csv('/etc/passwd')", 1),
    ("SELECT * FROM glob('/etc/*')", 1),
    ("SELECT * FROM '{dir}/lake/_manifest.json'", 1),
    ("EXPLAIN ANALYZE SELECT * FROM read_text('/etc/passwd')", 1),
    ("SELECT * FROM read_parquet('http://127.0.0.1:9/x.parquet')", 1),
    ("SELECT * FROM sqlite_scan('{dir}/warehouse.duckdb', 'articles')", 1),
    ("SET enable_external_access = true; SELECT * FROM read_text('/etc/passwd')", 2),
    ("ATTACH '{dir}/other.duckdb' AS other", 2),
    ("INSTALL httpfs", 2),
    ("LOAD httpfs", 2),
    ("SELECT 1; COPY articles TO '{dir}/out.csv'", 2),
    ("SELECT 1; DELETE FROM articles", 2),
    ("SELECT 1; EXPLAIN ANALYZE COPY (SELECT 1) TO '{dir}/out.csv'", 2),
    ("PRAGMA enable_verification", 2),
    ("CHECKPOINT", 2),
]
# Refused by the statement check only: the sandboxed connection would run them (harmlessly).
ONLY_REFUSED = {"PRAGMA enable_verification", "CHECKPOINT"}


@pytest.mark.parametrize("sql, code", ATTACKS)
def test_an_attack_fails_and_touches_no_file(data, capsys, sql, code):
    before = files_under(data.parent)
    assert query(data, sql.format(dir=data)) == code
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("dateline: refused: `query` is read-only" if code == 2 else "dateline: query failed: ")
    assert files_under(data.parent) == before
    assert not (data.parent / "home" / ".duckdb").exists()


def run_all(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    con.execute(sql)
    if con.description:
        con.fetchall()


@pytest.mark.parametrize("sql", [sql for sql, _ in ATTACKS if sql not in ONLY_REFUSED])
def test_the_sandboxed_connection_alone_stops_them(data, sql):
    before = files_under(data.parent)
    con = connect_read_only(data / "warehouse.duckdb", say=pytest.fail)
    try:
        with pytest.raises(duckdb.Error, match="disabled|configuration has been locked|read-only|not in the catalog"):
            run_all(con, sql.format(dir=data))
    finally:
        con.close()
    assert files_under(data.parent) == before
    assert not (data.parent / "home" / ".duckdb").exists()


@pytest.mark.parametrize("setting, value", [
    ("access_mode", "read_only"),
    ("enable_external_access", False),
    ("autoinstall_known_extensions", False),
    ("autoload_known_extensions", False),
    ("memory_limit", "953.6 MiB"),  # 1GB, from the environment
    ("threads", 2),
    ("lock_configuration", True),
])
def test_a_query_runs_with_the_sandbox_settings(data, capsys, monkeypatch, setting, value):
    monkeypatch.setenv("DATELINE_QUERY_MEMORY_LIMIT", "1GB")
    assert query(data, f"SELECT current_setting('{setting}') AS v", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == [{"v": value}]


@pytest.mark.parametrize("sql", [f"SELECT * FROM {view}" for view in view_names()] + [
    "SELECT article_id FROM articles ORDER BY 1",
    "EXPLAIN ANALYZE SELECT count(*) FROM articles",
    "EXPLAIN (SELECT 1)",
    "EXPLAIN (FORMAT json, ANALYZE) SELECT 1",
    "DESCRIBE articles",
    "PRAGMA table_info('articles')",
    "SELECT 1; SELECT 2",
])
def test_reading_sql_runs_in_the_sandbox(data, capsys, sql):
    assert query(data, sql) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert re.search(r"\((\d+) rows?(, \d+ shown: --max-rows N shows more, --format csv all)?\)$", out.rstrip())


@pytest.mark.parametrize("sql, refused", [
    ("SELECT 1", []),
    ("EXPLAIN SELECT 1", []),
    ("EXPLAIN (SELECT 1) UNION (SELECT 2)", []),
    ("EXPLAIN ANALYZE (FORMAT json) SELECT 1", []),
    ("EXPLAIN (FORMAT json, ANALYZE) SELECT 1", []),
    ("EXPLAIN ANALYZE COPY (SELECT 1) TO 'f.csv'", ["EXPLAIN COPY"]),
    ("EXPLAIN (ANALYZE) INSERT INTO t VALUES (1)", ["EXPLAIN INSERT"]),
    ("EXPLAIN ANALYZE CREATE TABLE x AS SELECT 1", ["EXPLAIN CREATE"]),
    ("EXPLAIN ANALYZE ANALYZE", ["EXPLAIN VACUUM"]),  # the second ANALYZE is the statement
    ("PRAGMA version", []),
    ("PRAGMA table_info('t')", []),
    ("PRAGMA enable_verification", ["PRAGMA enable_verification"]),
    ("PRAGMA enable_object_cache", ["PRAGMA enable_object_cache"]),
    ("PRAGMA threads = 64", ["SET"]),
    ("SELECT 1; DELETE FROM t; SELECT 2", ["DELETE"]),
])
def test_the_statement_check_names_what_it_refuses(sql, refused):
    assert refused_statements(duckdb.connect(), sql) == refused


HOLDER = """import fcntl, sys, time, duckdb
if sys.argv[3]:  # a run holds its data dir's lock while it loads
    lock = open(sys.argv[3], "a")
    fcntl.flock(lock, fcntl.LOCK_EX)
con = duckdb.connect(sys.argv[1])
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


@contextmanager
def held_for(data: Path, seconds: float, by: str):
    """A second process holding the warehouse for writing: a run's load, or another program."""
    lock = str(data / ".lock") if by == "run" else ""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(data / "warehouse.duckdb"), str(seconds), lock],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        yield holder
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize("command", [["query", "SELECT count(*) AS n FROM articles"], ["report"]])
@pytest.mark.parametrize("by", ["run", "program"])
def test_a_warehouse_held_past_the_wait_fails_in_one_line_naming_the_holder(data, capsys, monkeypatch, command, by):
    monkeypatch.setenv("DATELINE_WAIT_SECONDS", "1")
    with held_for(data, 60, by) as holder:
        started = time.monotonic()
        assert cli([*command, "--data-dir", str(data)]) == 1
        assert time.monotonic() - started >= 1
    out, err = capsys.readouterr()
    waiting, gave_up = err.splitlines()
    assert f"busy: PID {holder.pid} " in waiting and "waiting up to 1 s" in waiting
    assert f"held by PID {holder.pid} " in gave_up and "gave up after 1 s" in gave_up
    assert out == ""


@pytest.mark.parametrize("by", ["run", "program"])
def test_a_query_waits_for_the_holder_to_finish(data, capsys, monkeypatch, by):
    monkeypatch.setenv("DATELINE_WAIT_SECONDS", "30")
    with held_for(data, 1.5, by) as holder:
        assert query(data, "SELECT count(*) AS n FROM articles", "--format", "json") == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == [{"n": 2}]
    assert len(err.splitlines()) == 1 and f"PID {holder.pid} " in err


def test_a_query_first_loads_what_the_lake_has_and_the_warehouse_lacks(data, capsys):
    publish_articles(Lake(data), "r2", range(2, 5))  # a run whose load failed after publishing
    assert query(data, "SELECT count(*) AS n FROM articles", "--format", "json") == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == [{"n": 5}]
    assert "behind the lake: loading it" in err


# Several chunks of rows, and values json and csv turn into text in their own ways.
MIXED = ("SELECT range AS i, 'zeile ' || range || E' ünï \"q\", x\\n' AS s, range % 3 = 0 AS b, "
         "CASE WHEN range % 5 = 0 THEN NULL ELSE range / 7 END AS f, DATE '2020-01-01' + range::INT AS d, "
         "[range, range + 1] AS l, {'k': range} AS st, 1.5::DECIMAL(4, 2) AS dec FROM range({n})")


def reference(sql: str, fmt: str) -> str:
    """What `dateline query` printed before it streamed: every row fetched, then printed."""
    con = duckdb.connect()
    con.execute(sql)
    columns, rows = [d[0] for d in con.description], con.fetchall()
    if fmt == "json":
        return json.dumps([dict(zip(columns, r)) for r in rows], default=str, ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    csv.writer(out).writerows([columns, *rows])
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("chunk_rows, n", [(7, 0), (7, 1), (7, 7), (7, 50), (10_000, 25_003)])
def test_streamed_output_is_what_the_whole_result_printed(data, capsys, monkeypatch, fmt, chunk_rows, n):
    monkeypatch.setattr("warehouse.query.CHUNK_ROWS", chunk_rows)
    sql = MIXED.replace("{n}", str(n))
    assert query(data, sql, "--format", fmt) == 0
    assert capsys.readouterr().out == reference(sql, fmt)


WIDE = "SELECT range AS i, repeat('x', 1000) || range AS s FROM range(200000)"  # 200 MB of text
MEASURED = """import resource, sys
from flows.cli import main
main(["query", "SELECT 1", *sys.argv[2:]])  # every import a query needs, then the peak it leaves
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
code = main(["query", sys.argv[1], *sys.argv[2:]])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before, file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_a_large_result_streams_in_little_memory(data, fmt):
    done = subprocess.run([sys.executable, "-c", MEASURED, WIDE, "--data-dir", str(data), "--format", fmt],
                          cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
    grown_kb = int(done.stderr.splitlines()[-1])
    assert grown_kb < 150_000, f"peak memory grew by {grown_kb} KB"


FOOTER_MORE = "({} rows, {} shown: --max-rows N shows more, --format csv all)"


@pytest.mark.parametrize("n, options, shown, footer", [
    (5, [], 5, "(5 rows)"),
    (1, [], 1, "(1 row)"),
    (12_407, [], 40, FOOTER_MORE.format(12_407, 40)),  # the default cap, and the count of them all
    (3, ["--max-rows", "3"], 3, "(3 rows)"),
    (4, ["--max-rows", "3"], 3, FOOTER_MORE.format(4, 3)),
])
def test_the_table_shows_at_most_max_rows_as_wide_as_the_rows_shown(data, capsys, n, options, shown, footer):
    sql = f"SELECT CASE WHEN range < {shown} THEN 'ab' ELSE repeat('x', 40) END AS v FROM range({n}) ORDER BY range"
    assert query(data, sql, *options) == 0
    assert capsys.readouterr().out.splitlines() == ["v", "--", *["ab"] * shown, footer]


def test_the_table_shows_null_as_null_and_cuts_long_values_with_an_ellipsis(data, capsys):
    assert query(data, "SELECT NULL AS a, 'bb' AS b, repeat('y', 70) AS c, 'two' || chr(10) || 'lines' AS d") == 0
    header, rule, row, footer = capsys.readouterr().out.splitlines()
    assert row.split("  ") == ["NULL", "bb", "y" * 59 + "…", "two lines"]
    assert len(rule.split("  ")[2]) == 60 and footer == "(1 row)"


def test_tables_lists_every_table_and_view_with_its_columns(data, capsys):
    assert cli(["query", "--tables", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    listed = re.findall(r"^(\w+) \((table|view)", out, re.M)
    assert {n for n, k in listed if k == "table"} == set(TABLES) and {n for n, k in listed if k == "view"} == set(view_names())
    assert "articles (table, " in out and "  article_id VARCHAR\n" in out
    assert cli(["query", "--data-dir", str(data)]) == 2  # neither SQL nor --tables


@pytest.mark.parametrize("command", [["report"], ["query", "SELECT 1 AS one"], ["query", "--tables"]])
def test_a_reader_gone_before_the_first_line_gets_no_traceback(data, command):
    read, write = os.pipe()
    os.close(read)  # as `| head -0` does: every write fails
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", *command, "--data-dir", str(data)],
                            cwd=REPO, stdout=write, stderr=subprocess.PIPE, text=True)
    os.close(write)
    err = proc.stderr.read()
    assert proc.wait() == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_a_reader_that_stops_early_gets_no_traceback(data):
    proc = subprocess.Popen([sys.executable, "-m", "flows.cli", "query", "SELECT * FROM range(1000000)",
                             "--format", "csv", "--data-dir", str(data)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "range\n"
    proc.stdout.close()  # as `| head -1` does
    err = proc.stderr.read()
    assert proc.wait() == 1
    assert err == ""
