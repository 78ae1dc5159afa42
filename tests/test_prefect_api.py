"""`dateline run`'s own temporary Prefect server: started before the imports, used, stopped, and
never left behind, even when the run is killed. Real processes and a real Prefect server."""
import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import REPO
from flows.prefect_api import api_healthy


def clean_env(tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return env


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_server_starts_only_when_no_api_is_configured(tmp_path):
    # In a fresh interpreter: Prefect must not be imported yet, as in `dateline run`.
    child = ("import os, sys\n"
             "from flows.prefect_api import start_unless_configured\n"
             "os.environ['PREFECT_API_URL'] = 'http://127.0.0.1:9/api'\n"
             "assert start_unless_configured() is None\n"
             "del os.environ['PREFECT_API_URL']\n"
             "server = start_unless_configured()\n"
             "assert server is not None and os.environ['PREFECT_API_URL'] == server.api_url\n"
             "assert 'prefect' not in sys.modules, 'started before any Prefect import'\n"
             "server.stop()\n")
    done = subprocess.run([sys.executable, "-c", child], cwd=REPO, env=clean_env(tmp_path), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.e2e
def test_dateline_run_reports_to_its_own_server_and_stops_it(tmp_path):
    cmd = [sys.executable, "-m", "flows.cli", "run", "-v", str(REPO / "seeds" / "articles"), "--data-dir", str(tmp_path / "data")]
    done = subprocess.run(cmd, cwd=REPO, env=clean_env(tmp_path), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    ready = [ln for ln in done.stderr.splitlines() if "temporary Prefect server" in ln]
    assert len(ready) == 1 and "Beginning flow run" in done.stderr
    url = ready[0].split(" on ", 1)[1].split()[0]
    assert not api_healthy(url), "the server outlived the run"
    assert (tmp_path / "prefect-home" / "prefect.db").exists(), "flow runs go to Prefect's database in PREFECT_HOME"
    assert "View at" not in done.stderr, "no link to a UI that is gone after the run"


@pytest.mark.e2e
def test_the_server_dies_with_a_killed_run(tmp_path):
    child = ("from flows.prefect_api import TemporaryServer\n"
             "import time\n"
             "s = TemporaryServer.start()\n"
             "print(s.process.pid, flush=True)\n"
             "time.sleep(600)\n")
    proc = subprocess.Popen([sys.executable, "-c", child], cwd=REPO, env=clean_env(tmp_path), stdout=subprocess.PIPE, text=True)
    server_pid = int(proc.stdout.readline())
    assert alive(server_pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30
    while alive(server_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(server_pid), "the temporary server outlived the killed run"


def test_the_temporary_server_runs_without_automations_block_registration_or_telemetry_unless_the_user_asks():
    from flows.prefect_api import server_env

    env = server_env({"PREFECT_API_URL": "http://elsewhere/api", "PREFECT_UI_ENABLED": "1", "HOME": "/h"})
    assert env["PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED"] == "false"
    assert env["PREFECT_API_BLOCKS_REGISTER_ON_START"] == "false"
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert env["PREFECT_UI_ENABLED"] == "0" and "PREFECT_API_URL" not in env and env["HOME"] == "/h"
    assert server_env({"PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "true"})["PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED"] == "true"


def test_a_database_at_the_latest_migration_is_not_migrated_again_and_any_other_is(tmp_path):
    import importlib.util
    import sqlite3
    from pathlib import Path

    from flows.prefect_api import migration_heads, server_env

    versions = Path(importlib.util.find_spec("prefect").origin).parent / "server/database/_migrations/versions/sqlite"
    [head] = migration_heads(versions)

    def home_with(revision):
        home = tmp_path / (revision or "none")
        home.mkdir()
        if revision:
            with sqlite3.connect(home / "prefect.db") as con:
                con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
                con.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
        return {"PREFECT_HOME": str(home)}

    at_head = home_with(head)
    assert server_env(at_head)["PREFECT_API_DATABASE_MIGRATE_ON_START"] == "false"
    assert "PREFECT_API_DATABASE_MIGRATE_ON_START" not in server_env(home_with("0123abcd"))
    assert "PREFECT_API_DATABASE_MIGRATE_ON_START" not in server_env(home_with(None)), "no database yet"
    other_db = {**at_head, "PREFECT_API_DATABASE_CONNECTION_URL": "postgresql+asyncpg://db/prefect"}
    assert "PREFECT_API_DATABASE_MIGRATE_ON_START" not in server_env(other_db)


def test_migration_heads_are_the_revisions_nothing_follows(tmp_path):
    from flows.prefect_api import migration_heads

    (tmp_path / "a.py").write_text('revision = "aa"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text('revision = "bb"\ndown_revision = "aa"\n')
    (tmp_path / "c.py").write_text("revision = 'cc'\ndown_revision = ('bb', 'aa')\n")
    assert migration_heads(tmp_path) == {"cc"}
