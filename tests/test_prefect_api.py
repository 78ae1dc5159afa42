"""`dateline run`'s own temporary Prefect server: started before the imports, used, stopped, and
never left behind, even when the run is killed. Real processes and a real Prefect server."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

import pytest

from conftest import REPO
from flows.prefect_api import TemporaryServer, api_healthy


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


def post(api_url: str, path: str, body: dict):
    request = urllib.request.Request(f"{api_url}/{path}", data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.mark.e2e
def test_dateline_run_records_its_named_flow_run_and_logs_in_the_data_dirs_database(tmp_path, monkeypatch):
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}  # no PREFECT_HOME: the default
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", XDG_CACHE_HOME=str(tmp_path / "cache"))
    cmd = [sys.executable, "-m", "flows.cli", "run", "-v", str(REPO / "seeds" / "articles"), "--data-dir", str(data)]
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    ready = [ln for ln in done.stderr.splitlines() if "temporary Prefect server" in ln]
    assert len(ready) == 1 and "Beginning flow run" in done.stderr
    url = ready[0].split(" on ", 1)[1].split()[0]
    assert not api_healthy(url), "the server outlived the run"
    assert "View at" not in done.stderr, "no link to a UI that is gone after the run"
    assert "Error logging to API" not in done.stderr, "the logs were sent before the server stopped"
    run_id = done.stdout.split()[1].rstrip(":")
    assert (data / "prefect" / "prefect.db").is_file(), "the flow run went to the data dir's Prefect database"
    assert list((tmp_path / "cache" / "dateline").glob("prefect-*.db")), "the migrated empty database kept as template"

    # Read it back as the UI does: the REST API of a server on that database (the data dir's, as `serve`'s).
    monkeypatch.delenv("PREFECT_HOME", raising=False)
    monkeypatch.delenv("PREFECT_API_DATABASE_CONNECTION_URL", raising=False)
    server = TemporaryServer.start(data.resolve())
    try:
        server.wait_ready(120)
        [flow_run] = post(server.api_url, "flow_runs/filter", {"flow_runs": {"tags": {"all_": [f"run_id:{run_id}"]}}})
        logs = post(server.api_url, "logs/filter", {"logs": {"flow_run_id": {"any_": [flow_run["id"]]}}})
    finally:
        server.stop()
    assert flow_run["name"] == run_id and flow_run["state"]["type"] == "COMPLETED"
    messages = [log["message"] for log in logs]
    assert any(m.startswith("3 articles read, 3 new") for m in messages), messages
    assert any("Finished in state Completed" in m for m in messages), "-v: the engine's lines reach the run page too"


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


def head_database(path, revision=None, rows=()):
    """A SQLite file shaped like Prefect's as far as these checks look: its alembic version, and
    optionally a flow run."""
    from flows.prefect_api import installed_heads

    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as con, con:
        con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        con.execute("INSERT INTO alembic_version VALUES (?)", (revision or next(iter(installed_heads())),))
        con.execute("CREATE TABLE flow_run (id TEXT)")
        con.executemany("INSERT INTO flow_run VALUES (?)", [(r,) for r in rows])
    return path


@pytest.mark.parametrize("chosen", [{}, {"PREFECT_HOME": "/somewhere/home"},
                                    {"PREFECT_API_DATABASE_CONNECTION_URL": "postgresql+asyncpg://db/prefect"},
                                    {"PREFECT_SERVER_DATABASE_CONNECTION_URL": "sqlite+aiosqlite:////srv/p.db"}])
def test_the_temporary_servers_database_is_the_data_dirs_unless_the_user_chose_one(tmp_path, chosen):
    from flows.prefect_api import database_path, server_env

    env = server_env({"HOME": "/h", **chosen}, tmp_path / "data")
    if not chosen:
        assert env["PREFECT_HOME"] == str(tmp_path / "data" / "prefect")
        assert database_path(env) == tmp_path / "data" / "prefect" / "prefect.db"
    else:
        assert {k: env.get(k) for k in chosen} == chosen and "PREFECT_API_DATABASE_CONNECTION_URL" not in set(env) - set(chosen)
    assert "PREFECT_HOME" not in server_env({"HOME": "/h"}), "no data dir (an in-process caller): Prefect's default"
    assert database_path({"HOME": "/h", "PREFECT_HOME": "/p"}) == Path("/p/prefect.db")


def test_a_new_data_dir_starts_from_the_template_and_an_old_one_is_migrated(tmp_path, monkeypatch):
    from flows.prefect_api import TemporaryServer, data_dir_database, database_at_head, server_env, template_database

    for name in ("PREFECT_HOME", "PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    new = tmp_path / "new"
    db, lock, is_new = TemporaryServer.prepare_database(new)
    assert db == data_dir_database(new) and is_new, "no template yet: a new database, for the server to migrate"
    lock.close()
    head_database(template_database())
    assert TemporaryServer.prepare_database(new) == (None, None, False)
    assert database_at_head(data_dir_database(new))
    assert server_env(os.environ, new)["PREFECT_API_DATABASE_MIGRATE_ON_START"] == "false"

    old = tmp_path / "old"  # made before the data dir had its own runs: `serve` left its files only
    (old / "prefect").mkdir(parents=True)
    (old / "prefect" / "server.log").write_text("")
    assert TemporaryServer.prepare_database(old) == (None, None, False)
    older = tmp_path / "older"  # `serve` ran there with an older Prefect: migrated, kept, no template made of it
    head_database(data_dir_database(older), revision="0123abcd", rows=["a flow run"])
    db, lock, is_new = TemporaryServer.prepare_database(older)
    assert db == data_dir_database(older) and lock is not None and not is_new
    lock.close()
    assert "PREFECT_API_DATABASE_MIGRATE_ON_START" not in server_env(os.environ, older)


def test_only_an_empty_database_at_the_latest_migration_becomes_the_template(tmp_path, monkeypatch):
    from flows.prefect_api import database_at_head, save_template, template_database

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    save_template(head_database(tmp_path / "used.db", rows=["a flow run"]))
    save_template(head_database(tmp_path / "old.db", revision="0123abcd"))
    assert not template_database().exists()
    save_template(head_database(tmp_path / "fresh.db"))
    assert database_at_head(template_database())
    assert [p.name for p in template_database().parent.iterdir()] == [template_database().name], "no temporary files left"
