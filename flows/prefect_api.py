"""The Prefect API a `dateline run` reports its flow run to.

PREFECT_API_URL, when set, names a running server (`dateline serve`'s, or any) and is used as
is. Otherwise Prefect would start a temporary server when the flow begins and block the run
while it boots: about 5 CPU seconds of imports in the server process, plus the same imports
in this one, plus creating the database on first use. `dateline run` instead starts that same
kind of temporary server (Prefect's app in ephemeral mode under uvicorn, no UI, loopback only)
as its very first step, so it boots on the other core while this process imports spaCy,
Prefect and the project; the run waits for it only when the flow is about to begin, and stops
it when the run ends. If this process dies, the kernel stops the server too (Linux).

Where that server keeps the flow runs: the data dir's own Prefect database, DIR/prefect/prefect.db,
the one `dateline serve` on that data dir uses, so its UI shows every run made there; unless the
user chose a database (PREFECT_HOME, or PREFECT_API_DATABASE_CONNECTION_URL): then that one, as
Prefect would. A new data dir's database starts as a copy of an empty one already migrated to the
installed Prefect (kept in ~/.cache/dateline, made by the first run that migrated one), not
migrated again: migrating costs a first run about 5 s here.

This module imports nothing heavy: it runs before Prefect is imported.
"""
from __future__ import annotations

import ctypes
import fcntl
import importlib.util
import os
import re
import shutil
import sqlite3
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from flows.progress import verbose

PR_SET_PDEATHSIG = 1
# What a server that lives for one run does without (py-spy of its start: about 1.2 of 4.6 CPU s):
# no UI; no automations (the triggers and actions services: nothing can be automated on a
# server gone after the run); no block-type registration (a run uses no blocks; Prefect
# registers them when a real server starts, `dateline serve`'s included); no telemetry (each run's
# server would otherwise report to Prefect over the network at start, from machines that may be
# offline; with it off, the flow's process sends no usage events either). Set where the user has
# not set them.
SERVER_DEFAULTS = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
    "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
}


DATA_DIR_HOME = Path("prefect")  # under the data dir: `serve`'s server home and database, and `run`'s
DATABASE_SETTINGS = ("PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL")
SQLITE_URL = "sqlite+aiosqlite:///"


def data_dir_database(data_dir: Path) -> Path:
    return data_dir / DATA_DIR_HOME / "prefect.db"


def database_env(environ, data_dir: Path | None) -> dict[str, str]:
    """Settings that put the temporary server's database in the data dir: none when the user chose
    one (PREFECT_HOME, a database URL) or no data dir is given (Prefect's default then)."""
    if data_dir is None or "PREFECT_HOME" in environ or any(k in environ for k in DATABASE_SETTINGS):
        return {}
    home = data_dir / DATA_DIR_HOME
    return {"PREFECT_HOME": str(home), "PREFECT_API_DATABASE_CONNECTION_URL": SQLITE_URL + str(data_dir_database(data_dir))}


def server_env(environ, data_dir: Path | None = None) -> dict[str, str]:
    """The temporary server's environment: the user's, over SERVER_DEFAULTS, with its database in
    the data dir (`database_env`); never a UI, and never pointed at another API. A database
    already at Prefect's latest migration is not migrated again (alembic's check costs the
    server's start ~0.6 CPU s, on every run's critical path)."""
    env = {**SERVER_DEFAULTS, **environ, **database_env(environ, data_dir), "PREFECT_UI_ENABLED": "0"}
    env.pop("PREFECT_API_URL", None)
    if "PREFECT_API_DATABASE_MIGRATE_ON_START" not in environ and database_at_head(database_path(env)):
        env["PREFECT_API_DATABASE_MIGRATE_ON_START"] = "false"
    return env


def database_path(env) -> Path | None:
    """The SQLite file a server with this environment uses; None for another kind of database."""
    url = next((env[k] for k in DATABASE_SETTINGS if env.get(k)), None)
    if url is not None:
        return Path(url.removeprefix(SQLITE_URL)) if url.startswith(SQLITE_URL) else None
    return Path(env.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser() / "prefect.db"


@lru_cache(maxsize=1)
def migration_heads(versions: Path) -> frozenset[str]:
    """The newest revision(s) of an alembic versions folder: those no other revision follows."""
    revisions, followed = set(), set()
    for script in versions.glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision = re.search(r"^revision\s*=\s*[\"']([0-9a-f]+)[\"']", text, re.M)
        down = re.search(r"^down_revision\s*=\s*(.+)$", text, re.M)
        if revision:
            revisions.add(revision.group(1))
        if down:
            followed.update(re.findall(r"[\"']([0-9a-f]+)[\"']", down.group(1)))
    return frozenset(revisions - followed)


def installed_heads() -> frozenset[str]:
    """The installed Prefect's latest SQLite migration(s); empty if they cannot be read."""
    try:
        spec = importlib.util.find_spec("prefect")
        return migration_heads(Path(spec.origin).parent / "server" / "database" / "_migrations" / "versions" / "sqlite")
    except (OSError, AttributeError, TypeError):
        return frozenset()


def database_at_head(db: Path | None) -> bool:
    """The SQLite database `db` exists and has the installed Prefect's latest migration. Any
    doubt (another database, no file, an error) says no: the server migrates."""
    heads = installed_heads()
    if db is None or not heads or not db.is_file():
        return False
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
            current = {row[0] for row in con.execute("SELECT version_num FROM alembic_version")}
    except sqlite3.Error:
        return False
    return current == heads


def template_database() -> Path | None:
    """Where an empty database at the installed Prefect's latest migration is kept, for new data
    dirs to start from: the user's cache folder (XDG_CACHE_HOME, else ~/.cache)."""
    heads = installed_heads()
    if not heads:
        return None
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache").expanduser()
    return cache / "dateline" / f"prefect-{'-'.join(sorted(heads))}.db"


def copy_template(db: Path) -> bool:
    """A new data dir's database: a copy of the template, if there is one (no migration then)."""
    template = template_database()
    if db.exists() or template is None or not template.is_file():
        return False
    tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(template, tmp)
        os.replace(tmp, db)
    except OSError:
        tmp.unlink(missing_ok=True)
        return False
    return database_at_head(db)


def save_template(db: Path) -> None:
    """Keep the freshly migrated, still empty database `db` as the template (SQLite's online
    backup: a consistent copy while its server runs). Best effort: without it, the next new data
    dir migrates its own."""
    template = template_database()
    if template is None or template.exists():
        return
    tmp = template.with_name(f".{template.name}.{os.getpid()}.tmp")
    try:
        template.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as source, closing(sqlite3.connect(tmp)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one file, no -wal beside it
        if database_at_head(tmp) and only_migrations(tmp):
            os.replace(tmp, template)
    except (OSError, sqlite3.Error):
        pass
    finally:
        tmp.unlink(missing_ok=True)


def only_migrations(db: Path) -> bool:
    """Nothing in `db` but its alembic version: no flow run, log or anything else yet."""
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
        tables = [row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return all(con.execute(f'SELECT NOT EXISTS (SELECT 1 FROM "{t}")').fetchone()[0]
                   for t in tables if t != "alembic_version")


def api_healthy(api_url: str, timeout: float = 2.0) -> bool:
    """A Prefect API answers its health check at ``api_url``."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def create_app():
    """uvicorn's factory in the server process: Prefect's API with only the services an
    ephemeral server runs (no scheduler), as Prefect's own temporary server does."""
    import gc

    # No garbage collection while Prefect's server is imported and built (its full passes over
    # the imports' objects free next to nothing): 2.25 -> 1.8 CPU s, on the run's critical path
    # while it waits for this server. What exists then is frozen; the collector runs again after.
    gc.disable()
    try:
        from prefect.server.api.server import create_app as prefect_app

        return prefect_app(ephemeral=True, final=True)
    finally:
        gc.freeze()
        gc.enable()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:  # pragma: no cover - runs in the forked child before exec
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def log(message: str) -> None:
    """One line in Prefect's console format, so run logs read (and `make bench` parses) as one."""
    print(f"{datetime.now():%H:%M:%S.%f}"[:12] + f" | INFO    | dateline - {message}", file=sys.stderr, flush=True)


@dataclass
class TemporaryServer:
    port: int
    process: subprocess.Popen
    output: object
    started: float = field(default_factory=time.monotonic)
    # The data dir's database while this server migrates it (a new data dir with no template, or
    # one made by an older Prefect), and the lock that keeps another run's server from migrating
    # it at the same time; both None once ready.
    migrating: Path | None = None
    lock: object = None
    new_database: bool = False

    @classmethod
    def start(cls, data_dir: Path | None = None) -> "TemporaryServer":
        port = free_port()
        output = tempfile.TemporaryFile()
        db, lock, new = cls.prepare_database(data_dir)
        env = server_env(os.environ, data_dir)
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "flows.prefect_api:create_app",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        return cls(port, process, output, migrating=db, lock=lock, new_database=new)

    @staticmethod
    def prepare_database(data_dir: Path | None) -> tuple[Path | None, object, bool]:
        """The data dir's database before its server starts: at the latest migration already, or
        copied from the template; else locked (two runs' servers must not migrate one database
        together) and returned, with whether it is new, for the server to migrate."""
        if not database_env(os.environ, data_dir):
            return None, None, False
        db = data_dir_database(data_dir)
        if database_at_head(db):
            return None, None, False
        db.parent.mkdir(parents=True, exist_ok=True)
        lock = open(db.parent / "migrate.lock", "a")
        fcntl.flock(lock, fcntl.LOCK_EX)  # another run's server may be migrating it: wait for it
        if database_at_head(db) or copy_template(db):
            lock.close()
            return None, None, False
        return db, lock, not db.exists()

    def migrated(self) -> None:
        """Ready: a new database the server just migrated becomes the template; the lock goes."""
        if self.migrating is not None and self.new_database:
            save_template(self.migrating)
        if self.lock is not None:
            self.lock.close()
        self.migrating = self.lock = None

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def wait_ready(self, timeout: float) -> None:
        waited_from = time.monotonic()
        while not api_healthy(self.api_url, timeout=1.0):
            if self.process.poll() is not None or time.monotonic() - self.started > timeout:
                self.output.seek(0)
                tail = self.output.read().decode(errors="replace").splitlines()[-15:]
                self.stop()
                raise RuntimeError("Prefect's temporary server did not come up "
                                   f"(exit {self.process.returncode}):\n" + "\n".join(tail))
            time.sleep(0.05)
        self.migrated()
        now = time.monotonic()
        if verbose():  # `make bench` reads it (it runs with -v); a user needs it only when it fails
            log(f"temporary Prefect server on {self.api_url} ready {now - self.started:.1f} s after start "
                f"(waited {now - waited_from:.1f} s for it)")

    def stop(self) -> None:
        if self.lock is not None:
            self.lock.close()
            self.lock = None
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.output.close()


def start_unless_configured(data_dir: Path | None = None) -> TemporaryServer | None:
    """Start a temporary server and point this process's Prefect at it, unless an API is set;
    its database is the data dir's (`database_env`).

    Call before Prefect is imported (Prefect reads PREFECT_API_URL at import)."""
    if os.environ.get("PREFECT_API_URL") or "prefect" in sys.modules:
        return None
    server = TemporaryServer.start(data_dir)
    os.environ["PREFECT_API_URL"] = server.api_url
    # Prefect would log a UI link for every run; this server has no UI and is gone after the run.
    os.environ["PREFECT_UI_URL"] = ""
    return server
