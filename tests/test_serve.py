"""`dateline serve` end to end: a real Prefect server on loopback, the inbox deployment on a short
interval, a scheduled run that fills the warehouse, and a SIGTERM that stops serving and the server.

The serving part runs as a subprocess (`python -m flows.serve`) in its own session, so whatever
happens the test can kill it and the server it started."""
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing

import duckdb
import pytest

from conftest import REPO, SAMPLE
from flows.prefect_api import api_healthy
from flows.serve import INBOX_DEPLOYMENT

pytestmark = pytest.mark.e2e
DEADLINE = 90  # seconds for the server to come up and a scheduled run to finish


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kill(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


@pytest.fixture
def serving(tmp_path):
    data, inbox, port = tmp_path / "data", tmp_path / "inbox", free_port()
    inbox.mkdir()
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL", "PREFECT_HOME")}
    env["PYTHONUNBUFFERED"] = "1"
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "flows.serve", "--data-dir", str(data), "--inbox", str(inbox),
                             "--every-minutes", "0.1", "--port", str(port)],
                            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc, data, port, tmp_path / "serve.log"
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                kill(proc.pid)
        pid_file = data / "prefect" / "server.pid"
        if pid_file.exists():  # serve did not get to stop its server
            kill(int(pid_file.read_text()))
        log.close()


def finished_scheduled_runs(api_url: str) -> list:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        deployment = client.read_deployment_by_name(INBOX_DEPLOYMENT)
        runs = client.read_flow_runs()
    return sorted((r for r in runs if r.deployment_id == deployment.id and r.state and r.state.is_final()
                   and not r.state.is_cancelled()), key=lambda r: r.start_time)


def finished_scheduled_run(api_url: str):
    done = finished_scheduled_runs(api_url)
    return done[0] if done else None


def manual_runs(api_url: str) -> list:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        return [r for r in client.read_flow_runs() if r.deployment_id is None and r.state and r.state.is_completed()]


def named_run_and_logs(api_url: str, flow_run_id) -> tuple:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        run = client.read_flow_run(flow_run_id)
        logs = client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])))
    return run, [log.message for log in logs]


def test_scheduled_inbox_run_fills_the_warehouse_and_sigterm_stops_everything(serving):
    proc, data, port, log = serving
    api_url = f"http://127.0.0.1:{port}/api"
    started = time.monotonic()
    run = None
    while run is None and time.monotonic() - started < DEADLINE:
        assert proc.poll() is None, log.read_text()
        time.sleep(2)
        if api_healthy(api_url):
            try:
                run = finished_scheduled_run(api_url)
            except Exception:  # the deployment is not registered yet
                run = None
    assert run is not None, f"no scheduled run finished in {DEADLINE} s:\n{log.read_text()[-3000:]}"
    assert run.state.is_completed(), run.state
    assert run.auto_scheduled, "the run came from the schedule, not a manual trigger"
    assert f"Prefect UI: http://127.0.0.1:{port}" in log.read_text()
    named, messages = named_run_and_logs(api_url, run.id)
    assert {"dateline", "auto-scheduled", f"run_id:{named.name}"} == set(named.tags), \
        "named after its Dateline run, the tags it had kept"
    assert any(m.startswith("1 articles read, 1 new") for m in messages), "the run page shows the run's logs"

    # A manual `dateline run` on the served data dir reports to serve's server, not a temporary one.
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    manual = subprocess.run([sys.executable, "-m", "flows.cli", "run", str(SAMPLE.parent / "wikinews-2019.jsonl"),
                             "--data-dir", str(data)], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert manual.returncode == 0, manual.stderr[-3000:]
    assert f"using the Prefect server of `dateline serve` on this data dir: {api_url}" in manual.stderr
    assert "temporary Prefect server" not in manual.stderr
    assert len(manual_runs(api_url)) == 1

    # Later inbox runs find nothing new: Prefect records them as Skipped, the lake and reports not at all.
    while len(finished_scheduled_runs(api_url)) < 2 and time.monotonic() - started < 2 * DEADLINE:
        assert proc.poll() is None, log.read_text()
        time.sleep(2)
    later = finished_scheduled_runs(api_url)[1:]
    assert later and all(r.state.name == "Skipped" for r in later), [r.state for r in later]

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(60) == 0
    assert not api_healthy(api_url), "the server serve started is stopped"
    assert not (data / "prefect" / "server.pid").exists()
    assert not (data / "prefect" / "api_url").exists(), "a later run does not look for a stopped server"
    assert (data / "prefect" / "prefect.db").exists(), "the Prefect database lives under the data dir"

    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (3,), "1 scheduled, 2 from the manual run"
        assert con.execute("SELECT status, articles_new FROM runs ORDER BY started_at").fetchall() == \
            [("published", 1), ("published", 2)], "the skipped inbox runs are not recorded"
        assert con.execute("SELECT run_id FROM runs ORDER BY started_at LIMIT 1").fetchone() == (named.name,)
    finally:
        con.close()

    # Serve stopped, a plain `dateline run` on the data dir goes to the same database serve's UI reads.
    env.pop("PREFECT_HOME", None)
    plain = subprocess.run([sys.executable, "-m", "flows.cli", "run", str(SAMPLE), "--data-dir", str(data)],
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert plain.returncode == 0 and "skipped" in plain.stdout, plain.stderr[-3000:]
    run_id = plain.stdout.split()[1]  # "run <run_id> skipped, nothing new ..."
    with closing(sqlite3.connect(f"file:{data / 'prefect' / 'prefect.db'}?mode=ro", uri=True)) as db:
        assert db.execute("SELECT count(*) FROM flow_run WHERE name = ? AND tags LIKE ?",
                          (run_id, f'%"run_id:{run_id}"%')).fetchone() == (1,)
    assert len(list((data / "reports").glob("2*.html"))) == 2, "one page per recorded run"


def test_the_ui_on_another_port_talks_to_its_own_api(tmp_path):
    import json
    import urllib.request

    from flows.serve import PrefectServer

    server = PrefectServer(tmp_path / "prefect", free_port()).start()
    try:
        with urllib.request.urlopen(server.url + "/ui-settings", timeout=10) as answer:
            settings = json.load(answer)
    finally:
        server.stop()
    assert settings["api_url"] == server.api_url
