"""The Prefect API a `dateline run` reports its flow run to.

PREFECT_API_URL, when set, names a running server (`dateline serve`'s, or any) and is used as
is. Otherwise Prefect would start a temporary server when the flow begins and block the run
while it boots: about 5 CPU seconds of imports in the server process, plus the same imports
in this one, plus creating the database on first use. `dateline run` instead starts that same
kind of temporary server (Prefect's app in ephemeral mode under uvicorn, no UI, loopback only)
as its very first step, so it boots on the other core while this process imports spaCy,
Prefect and the project; the run waits for it only when the flow is about to begin, and stops
it when the run ends. If this process dies, the kernel stops the server too (Linux).

This module imports nothing heavy: it runs before Prefect is imported.
"""
from __future__ import annotations

import ctypes
import importlib.util
import os
import re
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


def server_env(environ) -> dict[str, str]:
    """The temporary server's environment: the user's, over SERVER_DEFAULTS; never a UI, and never
    pointed at another API. A database already at Prefect's latest migration is not migrated
    again (alembic's check costs the server's start ~0.6 CPU s, on every run's critical path)."""
    env = {**SERVER_DEFAULTS, **environ, "PREFECT_UI_ENABLED": "0"}
    env.pop("PREFECT_API_URL", None)
    if "PREFECT_API_DATABASE_MIGRATE_ON_START" not in environ and database_at_head(environ):
        env["PREFECT_API_DATABASE_MIGRATE_ON_START"] = "false"
    return env


def migration_heads(versions: Path) -> set[str]:
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
    return revisions - followed


def database_at_head(environ) -> bool:
    """The default SQLite database under PREFECT_HOME exists and has the installed Prefect's latest
    migration. Any doubt (another database, no file, an error) says no: the server migrates."""
    if any(k in environ for k in ("PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL")):
        return False
    db = Path(environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser() / "prefect.db"
    try:
        spec = importlib.util.find_spec("prefect")
        heads = migration_heads(Path(spec.origin).parent / "server" / "database" / "_migrations" / "versions" / "sqlite")
        if not heads or not db.is_file():
            return False
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
            current = {row[0] for row in con.execute("SELECT version_num FROM alembic_version")}
    except (OSError, sqlite3.Error, AttributeError, TypeError):
        return False
    return current == heads


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
    from prefect.server.api.server import create_app as prefect_app

    return prefect_app(ephemeral=True, final=True)


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

    @classmethod
    def start(cls) -> "TemporaryServer":
        port = free_port()
        output = tempfile.TemporaryFile()
        env = server_env(os.environ)
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "flows.prefect_api:create_app",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "error", "--lifespan", "on"],
            env=env, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        return cls(port, process, output)

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
        now = time.monotonic()
        if verbose():  # `make bench` reads it (it runs with -v); a user needs it only when it fails
            log(f"temporary Prefect server on {self.api_url} ready {now - self.started:.1f} s after start "
                f"(waited {now - waited_from:.1f} s for it)")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.output.close()


def start_unless_configured() -> TemporaryServer | None:
    """Start a temporary server and point this process's Prefect at it, unless an API is set.

    Call before Prefect is imported (Prefect reads PREFECT_API_URL at import)."""
    if os.environ.get("PREFECT_API_URL") or "prefect" in sys.modules:
        return None
    server = TemporaryServer.start()
    os.environ["PREFECT_API_URL"] = server.api_url
    # Prefect would log a UI link for every run; this server has no UI and is gone after the run.
    os.environ["PREFECT_UI_URL"] = ""
    return server
