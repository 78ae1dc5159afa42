"""Reliability: real `dateline` runs in their own processes, hurt the way operators and machines
hurt them (kill -9 at each stage, SIGTERM, Ctrl-C, a program holding the warehouse, bad inputs),
then compared table by table with a clean reference. Nothing good may be lost or duplicated,
and no process may be left behind."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pyarrow.compute as pc
import pytest

from schemas import EXTRACTED, TABLES
from warehouse.lake import MANIFEST, Lake

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "seeds" / "articles" / "huawei-executive-order.txt"
WIKINEWS = REPO / "seeds" / "articles" / "wikinews-2019.jsonl"
# Columns that differ between two runs of the same inputs: when, and under which run.
VOLATILE = {"ingested_at", "first_seen", "last_seen"}

# Runs `dateline` in this process, with one function replaced by one that sends this process a
# signal at that point: a fault at an exact stage, with nothing in the product made for tests.
DRIVER = textwrap.dedent("""
    import importlib, os, signal, sys
    from pathlib import Path


    def children_of(pid):
        found = []  # by parent pid: not every kernel has /proc/<pid>/task/*/children
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(") ", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
        return found


    def fill(path):
        with open(path, "wb") as f:
            try:
                while True:
                    f.write(b"x" * (1 << 16))
                    f.flush()
            except OSError:
                pass


    def replace_with_hurt(target, how, at_call):
        module_name, _, attr = target.rpartition(".")
        try:
            owner = importlib.import_module(module_name)
        except ModuleNotFoundError:  # a method: module.Class.method
            mod, _, cls = module_name.rpartition(".")
            owner = getattr(importlib.import_module(mod), cls)
        real, calls = getattr(owner, attr), []

        def hurt(*args, **kwargs):
            calls.append(1)
            if len(calls) == at_call and how == "FILL_DISK":
                fill(Path(os.environ["FILL_FILE"]))
            elif len(calls) == at_call and how == "CTRL_C":  # a terminal's Ctrl-C: SIGINT to the whole group
                Path(os.environ["CHILDREN_FILE"]).write_text(" ".join(map(str, children_of(os.getpid()))))
                os.killpg(os.getpgid(0), signal.SIGINT)
            elif len(calls) == at_call:
                Path(os.environ["CHILDREN_FILE"]).write_text(" ".join(map(str, children_of(os.getpid()))))
                os.kill(os.getpid(), getattr(signal, how))
            return real(*args, **kwargs)

        setattr(owner, attr, hurt)


    if __name__ == "__main__":  # spawned workers import this module again
        replace_with_hurt(sys.argv[1], sys.argv[2], int(os.environ.get("HURT_AT_CALL", "1")))
        from flows.cli import main
        sys.exit(main(sys.argv[3:]))
""")


@pytest.fixture(scope="module")
def prefect_api():
    """One Prefect server for every run here (each would otherwise boot its own)."""
    from flows.prefect_api import TemporaryServer

    server = TemporaryServer.start()
    server.wait_ready(120)
    yield server.api_url
    server.stop()


def env_for(api: str, **extra) -> dict:
    # PYTHONPATH: the driver script runs from a temporary folder, and must import this checkout's
    # code, not whichever checkout the virtual environment's editable install points at.
    return {**os.environ, "PREFECT_API_URL": api, "PREFECT_LOGGING_TO_API_ENABLED": "false",
            "PYTHONPATH": str(REPO), **extra}


def dateline(api: str, *argv, **extra) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows.cli", *map(str, argv)], cwd=REPO, env=env_for(api, **extra),
                          capture_output=True, text=True, timeout=600)


def hurt_run(api: str, tmp_path: Path, target: str, how: str, *argv, at_call: int = 1,
             **extra) -> tuple[subprocess.CompletedProcess, list[int]]:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    children = tmp_path / "children"
    proc = subprocess.run([sys.executable, str(driver), target, how, "run", *map(str, argv)], cwd=REPO,
                          env=env_for(api, CHILDREN_FILE=str(children), HURT_AT_CALL=str(at_call), **extra),
                          capture_output=True, text=True, timeout=600, start_new_session=how == "CTRL_C")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    return proc, pids


def lake_rows(data: Path) -> dict[str, list]:
    """Every extracted table as the lake's readers see it, without run-specific columns."""
    lake, out = Lake(data), {}
    for name in EXTRACTED:
        table = lake.read(name)
        table = table.drop_columns([c for c in table.column_names if c in VOLATILE])
        keys = [(k, "ascending") for k in TABLES[name].primary_key]
        out[name] = table.sort_by(keys).to_pylist() if table.num_rows else []
    return out


def warehouse_counts(data: Path) -> dict[str, int]:
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}


def lake_counts(data: Path) -> dict[str, int]:
    lake = Lake(data)
    return {t: lake.read(t, [TABLES[t].primary_key[0]]).num_rows for t in TABLES}


def runs(data: Path) -> list[dict]:
    return sorted(Lake(data).read("runs", ["run_id", "status", "message"]).to_pylist(), key=lambda r: r["run_id"])


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def gone_within(pids: list[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.2)
    return not any(alive(p) for p in pids)


@pytest.fixture(scope="module")
def base_and_reference(prefect_api, tmp_path_factory):
    """`base`: a data dir after one run of the sample; `reference`: after a second, clean run of
    the Wikinews articles. Every case starts from a copy of `base` and must end as `reference`."""
    root = tmp_path_factory.mktemp("reliability")
    base, reference = root / "base", root / "reference"
    first = dateline(prefect_api, "run", SAMPLE, "--data-dir", base)
    assert first.returncode == 0, first.stderr
    # quiet by default: no engine lines ("Finished in state ...") nor Great Expectations' INFO
    assert "Finished in state" not in first.stderr and "great_expectations" not in first.stderr
    assert len((first.stdout + first.stderr).strip().splitlines()) <= 10, first.stdout + first.stderr
    shutil.copytree(base, reference)
    done = dateline(prefect_api, "run", WIKINEWS, "--data-dir", reference)
    assert done.returncode == 0, done.stderr
    return base, lake_rows(reference)


def fresh_copy(base: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(base, data)
    return data


# (what is replaced by a kill -9, which of its calls): one case per stage of the run.
BEFORE_PUBLISH = [
    ("flows.pipeline.extract_all", 1),              # after ingest
    ("transforms.extract.rows_for", 2),             # mid-extraction, one article done
    ("warehouse.quality.Validator.validate", 1),    # mid-validation
    ("warehouse.lake.Lake._write_manifest", 1),     # mid-publish: parts moved, manifest not yet swapped
]


@pytest.mark.parametrize("target, at_call", BEFORE_PUBLISH)
def test_kill_9_before_the_commit_point_leaves_everything_as_it_was_and_a_rerun_completes_it(
        prefect_api, base_and_reference, tmp_path, target, at_call):
    base, reference = base_and_reference
    data = fresh_copy(base, tmp_path)
    before, manifest = lake_rows(data), (data / "lake" / MANIFEST).read_text()
    proc, _ = hurt_run(prefect_api, tmp_path, target, "SIGKILL", WIKINEWS, "--data-dir", data, at_call=at_call)
    assert proc.returncode == -signal.SIGKILL
    assert (data / "lake" / MANIFEST).read_text() == manifest
    assert lake_rows(data) == before
    assert warehouse_counts(data) == lake_counts(data)
    again = dateline(prefect_api, "run", WIKINEWS, "--data-dir", data)
    assert again.returncode == 0, again.stderr
    assert lake_rows(data) == reference
    assert warehouse_counts(data) == lake_counts(data)
    assert not list((data / "staging").glob("*/*"))  # the killed run's staging was swept


def test_kill_9_during_the_load_keeps_the_published_run_and_the_next_query_loads_it(
        prefect_api, base_and_reference, tmp_path):
    base, reference = base_and_reference
    data = fresh_copy(base, tmp_path)
    proc, _ = hurt_run(prefect_api, tmp_path, "warehouse.load.view_names", "SIGKILL", WIKINEWS, "--data-dir", data)
    assert proc.returncode == -signal.SIGKILL
    assert lake_rows(data) == reference  # published before the load began
    assert warehouse_counts(data) != lake_counts(data)  # the load's transaction never committed
    query = dateline(prefect_api, "query", "SELECT count(*) AS n FROM articles", "--format", "json", "--data-dir", data)
    assert query.returncode == 0, query.stderr
    assert json.loads(query.stdout) == [{"n": 3}]
    assert "behind the lake" in query.stderr
    assert warehouse_counts(data) == lake_counts(data)
    assert [r["status"] for r in runs(data)] == ["published", "published"]


def test_kill_9_of_a_run_with_workers_leaves_no_process_behind(prefect_api, base_and_reference, tmp_path):
    base, _ = base_and_reference
    data = fresh_copy(base, tmp_path)
    # The parent writes its first staged part while the worker pool is still up.
    proc, children = hurt_run(prefect_api, tmp_path, "flows.pipeline.write_parquet_atomic", "SIGKILL",
                              WIKINEWS, "--data-dir", data, "--processes", "2")
    assert proc.returncode == -signal.SIGKILL
    assert len(children) >= 2  # the two workers (and the resource tracker)
    assert gone_within(children, 15), [p for p in children if alive(p)]


@pytest.mark.parametrize("how, code, said", [("SIGTERM", 128 + signal.SIGTERM, "interrupted (SIGTERM)"),
                                             ("SIGINT", 130, "interrupted (SIGINT, Ctrl-C)")])
def test_a_signal_mid_extraction_records_a_failed_run_saying_why_and_publishes_nothing(
        prefect_api, base_and_reference, tmp_path, how, code, said):
    base, _ = base_and_reference
    data = fresh_copy(base, tmp_path)
    before = lake_rows(data)
    proc, _ = hurt_run(prefect_api, tmp_path, "transforms.extract.rows_for", how, WIKINEWS, "--data-dir", data)
    assert proc.returncode == code, proc.stderr
    assert lake_rows(data) == before
    assert runs(data)[-1]["status"] == "failed" and runs(data)[-1]["message"] == said
    ours = [line for line in proc.stderr.splitlines() if line.startswith("dateline:")]
    assert ours == [f"dateline: run {said}: nothing of it was published"]
    assert "Traceback" not in proc.stderr
    # red everywhere: its page, and `dateline report`, which exits 2 for scripts to see
    assert '<span class="fail">FAILED</span>' in (data / "reports" / "latest.html").read_text()
    report = dateline(prefect_api, "report", "--data-dir", data)
    assert report.returncode == 2 and f"(FAILED) at " in report.stdout and said in report.stdout


def test_ctrl_c_of_a_run_with_workers_ends_in_one_line_and_no_traceback(prefect_api, base_and_reference, tmp_path):
    base, _ = base_and_reference
    data = fresh_copy(base, tmp_path)
    before = lake_rows(data)
    proc, children = hurt_run(prefect_api, tmp_path, "flows.pipeline.write_parquet_atomic", "CTRL_C",
                              WIKINEWS, "--data-dir", data, "--processes", "2")
    assert proc.returncode == 130, proc.stderr
    assert len(children) >= 2, "the workers got the SIGINT too"
    assert [line for line in proc.stderr.splitlines() if "Traceback" in line or line.startswith("dateline:")] == \
        ["dateline: run interrupted (SIGINT, Ctrl-C): nothing of it was published"]
    assert lake_rows(data) == before
    assert gone_within(children, 15), [p for p in children if alive(p)]


HOLD = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
""")


def hold_warehouse(data: Path, seconds: float) -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(data / "warehouse.duckdb"), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_a_reader_holding_the_warehouse_is_waited_for_and_named(prefect_api, base_and_reference, tmp_path):
    base, reference = base_and_reference
    data = fresh_copy(base, tmp_path)
    holder = hold_warehouse(data, 600)
    run = subprocess.Popen([sys.executable, "-m", "flows.cli", "run", str(WIKINEWS), "--data-dir", str(data)],
                           cwd=REPO, env=env_for(prefect_api, DATELINE_WAIT_SECONDS="120"),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    said = []
    try:
        for line in run.stderr:  # the reader leaves once the run says it waits for it
            said.append(line)
            if "the warehouse is busy" in line:
                break
    finally:
        holder.kill()
        holder.wait()
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0, "".join(said) + err
    assert f"PID {holder.pid}" in said[-1] and "waiting up to 120 s" in said[-1]
    assert "NOT loaded" not in out
    assert lake_rows(data) == reference
    assert warehouse_counts(data) == lake_counts(data)
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM dq_results GROUP BY run_id").fetchall() == [(93,), (93,)]


def test_a_reader_holding_the_warehouse_past_the_wait_leaves_the_run_published_with_its_checks(
        prefect_api, base_and_reference, tmp_path):
    base, reference = base_and_reference
    data = fresh_copy(base, tmp_path)
    holder = hold_warehouse(data, 600)
    try:
        done = dateline(prefect_api, "run", WIKINEWS, "--data-dir", data, DATELINE_WAIT_SECONDS="1")
        assert done.returncode == 0, done.stderr
        assert "NOT loaded" in done.stdout and f"PID {holder.pid}" in done.stdout
        page = (data / "reports" / "latest.html").read_text()
        assert '<span class="fail">PUBLISHED, warehouse NOT loaded</span>' in page and f"PID {holder.pid}" in page
        assert lake_rows(data) == reference
        assert [r["status"] for r in runs(data)] == ["published", "published"]
        checks = Lake(data).read("dq_results", ["run_id"])
        assert pc.count_distinct(checks["run_id"]).as_py() == 2 and checks.num_rows == 186
    finally:
        holder.kill()
        holder.wait()
    report = dateline(prefect_api, "report", "--data-dir", data)  # the next command brings it up to date
    assert report.returncode == 0, report.stderr
    assert warehouse_counts(data) == lake_counts(data)


def test_a_corrupt_warehouse_is_rebuilt_from_the_lake_with_one_line(prefect_api, base_and_reference, tmp_path):
    base, _ = base_and_reference
    data = fresh_copy(base, tmp_path)
    (data / "warehouse.duckdb").write_bytes(b"not a database" * 1000)
    done = dateline(prefect_api, "run", SAMPLE, "--data-dir", data)
    assert done.returncode == 0, done.stderr
    assert "moved aside to warehouse.duckdb.corrupt and rebuilt from the lake" in done.stderr
    assert warehouse_counts(data) == lake_counts(data)


def test_a_folder_dateline_did_not_make_is_refused_and_left_untouched(prefect_api, tmp_path):
    theirs = {tmp_path / "staging" / "thesis" / "ch1.txt": "chapter one",
              tmp_path / "lake" / "mydata" / "results.parquet": "results"}
    for path, text in theirs.items():
        path.parent.mkdir(parents=True)
        path.write_text(text)
    done = dateline(prefect_api, "run", SAMPLE, "--data-dir", tmp_path)
    assert done.returncode == 2
    assert "is not a Dateline data dir" in done.stderr
    assert all(path.read_text() == text for path, text in theirs.items())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lake", "staging"]


@pytest.fixture
def small_disk(tmp_path):
    """A 64 MB file system of its own (tmpfs; needs root, as on CI), to be filled."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)]).returncode:
        pytest.skip("cannot mount a small file system here (needs root)")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


def test_a_full_disk_at_the_load_shows_its_cause_and_the_next_command_loads_the_run(
        prefect_api, base_and_reference, tmp_path, small_disk):
    base, reference = base_and_reference
    data = small_disk / "data"
    shutil.copytree(base, data)
    filler = small_disk / "filler"
    proc, _ = hurt_run(prefect_api, tmp_path, "warehouse.load.load_warehouse", "FILL_DISK", WIKINEWS,
                       "--data-dir", data, FILL_FILE=str(filler))
    assert proc.returncode == 0, proc.stderr
    assert "NOT loaded" in proc.stdout and "No space left on device" in proc.stdout
    assert "cannot rollback" not in proc.stdout + proc.stderr
    assert lake_rows(data) == reference
    assert [r["status"] for r in runs(data)] == ["published", "published"]
    filler.unlink()
    query = dateline(prefect_api, "query", "SELECT count(*) AS n FROM runs", "--format", "json", "--data-dir", data)
    assert json.loads(query.stdout) == [{"n": 2}], query.stderr
    assert warehouse_counts(data) == lake_counts(data)
