"""`dateline serve`: the Dateline flows on schedules, on a real Prefect server.

    dateline-run/inbox       `run_pipeline` over the inbox folder every N minutes (new articles only)
    dateline-audit/nightly   `audit_lake` over the whole published lake, daily at 02:00 UTC

Prefect's temporary server, the one `dateline run` gets, cannot schedule: `flow.serve` against it
warns and runs nothing. So `serve` starts `prefect server start` on loopback, its database under
the data dir, unless PREFECT_API_URL names a server to use; then it serves both deployments until
Ctrl-C or SIGTERM, and stops the server it started.

Example:
  dateline serve --data-dir /srv/dateline --inbox /srv/dateline/inbox --every-minutes 5
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flows.prefect_api import api_healthy
from flows.settings import data_dir_arg
from flows.startup import prefect_environment

DEFAULT_PORT = 4200
AUDIT_CRON = "0 2 * * *"  # UTC
STARTUP_TIMEOUT = 120.0  # seconds: a first start migrates a fresh database
API_URL_FILE = Path("prefect") / "api_url"  # under the data dir, while `serve` runs: `run` finds it there
INBOX_DEPLOYMENT = "dateline-run/inbox"
AUDIT_DEPLOYMENT = "dateline-audit/nightly"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=data_dir_arg, default=Path("data"),
                        help="where the lake, warehouse, reports and the Prefect database (DIR/prefect) live")
    parser.add_argument("--inbox", type=Path, help="folder watched for new articles (default: DIR/inbox)")
    parser.add_argument("--every-minutes", type=float, default=15.0,
                        help="minutes between inbox runs (default 15; fractions allowed, 0.5 = every 30 s)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"loopback port of the Prefect server and UI started here (default {DEFAULT_PORT})")
    parser.add_argument("--model", help="spaCy pipeline for the inbox runs (default: as `dateline run`)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="keep Prefect's per-task lines and Great Expectations' INFO lines in the runs' logs")


def served_api(data_dir: Path) -> str | None:
    """The API of the `dateline serve` running on `data_dir`, if one is and it answers."""
    try:
        api_url = (data_dir / API_URL_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return api_url if api_url and api_healthy(api_url, timeout=1.0) else None


@dataclass
class PrefectServer:
    """`prefect server start` as a child process, with its home and SQLite database in `home`."""
    home: Path
    port: int = DEFAULT_PORT
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return self.url + "/api"

    @property
    def log_path(self) -> Path:
        return self.home / "server.log"

    @property
    def pid_path(self) -> Path:
        return self.home / "server.pid"

    def environment(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        env.update({"PREFECT_HOME": str(self.home),
                    "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{self.home / 'prefect.db'}",
                    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                    # The UI calls the API it is told of, by default port 4200's: on another
                    # --port it would show nothing, or another server's runs.
                    "PREFECT_UI_API_URL": self.api_url})
        return env

    def start(self, timeout: float = STARTUP_TIMEOUT) -> "PrefectServer":
        self.home = self.home.resolve()
        self.home.mkdir(parents=True, exist_ok=True)
        if api_healthy(self.api_url):
            raise RuntimeError(f"a Prefect server already answers on port {self.port}{self._leftover()}: "
                               f"pass another --port, or use it with PREFECT_API_URL={self.api_url}")
        with self.log_path.open("ab") as log:
            # Its own session: Ctrl-C reaches `serve` first, which pauses the schedules through
            # the server before stopping it; a killed `serve` leaves server.pid to find it by.
            self.process = subprocess.Popen(
                [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.environment(), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        self.pid_path.write_text(str(self.process.pid))
        try:
            self._wait_healthy(time.monotonic() + timeout)
        except BaseException:  # Ctrl-C or SIGTERM while it starts, too
            self.stop()
            raise
        return self

    def _wait_healthy(self, deadline: float) -> None:
        while not api_healthy(self.api_url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                tail = self.log_path.read_text(errors="replace").splitlines()[-15:]
                raise RuntimeError(f"the Prefect server did not come up on {self.url} "
                                   f"(log {self.log_path}):\n" + "\n".join(tail))
            time.sleep(0.5)
        if self.process.poll() is not None:  # what answers is another server: ours could not bind
            raise RuntimeError(f"port {self.port} was taken while the Prefect server started: pass another --port")

    def _leftover(self) -> str:
        try:
            pid = int(self.pid_path.read_text())
            os.kill(pid, 0)
        except (OSError, ValueError):
            return ""
        return f" (pid {pid}, started for this data dir and still running)"

    def stop(self, timeout: float = 30.0) -> None:
        if self.process is None:  # never started here: the pid file, if any, is another serve's
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.pid_path.unlink(missing_ok=True)

    def __enter__(self) -> "PrefectServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def deployments(settings, every: timedelta) -> list:
    """The served deployments. One run at a time each: an inbox run still going when the next is
    due makes the next one cancel itself (the following run picks up whatever arrived)."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.types.entrypoint import EntrypointType

    from flows.audit import audit_lake
    from flows.pipeline import run_pipeline

    one_at_a_time = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW)
    common = {"parameters": {"settings": settings}, "paused": False, "concurrency_limit": one_at_a_time,
              "tags": ["dateline"], "entrypoint_type": EntrypointType.MODULE_PATH}
    inbox = run_pipeline.to_deployment("inbox", interval=every, **common,
                                       description=f"New articles in {', '.join(map(str, settings.inputs))} "
                                                   f"into {settings.data_dir}, every {every}.")
    audit = audit_lake.to_deployment("nightly", cron=AUDIT_CRON, **common,
                                     description=f"Re-validate every published table of {settings.data_dir}, "
                                                 "daily at 02:00 UTC.")
    return [inbox, audit]


def describe(url: str, api_url: str, settings, every: timedelta, server: PrefectServer | None) -> str:
    env = f"PREFECT_API_URL={api_url}"
    lines = [f"Prefect UI: {url}" + (f"  (server log {server.log_path}, database {server.home / 'prefect.db'})"
                                     if server else "  (server named by PREFECT_API_URL)"),
             "serving:",
             f"  {INBOX_DEPLOYMENT:<24} every {every}: new articles in {settings.inputs[0]}",
             f"  {AUDIT_DEPLOYMENT:<24} cron '{AUDIT_CRON}' (02:00 UTC): validate the whole lake",
             f"tables and warehouse: {settings.data_dir}  (try `dateline report --data-dir {settings.data_dir}`)",
             f"schedules: {url}/deployments   runs: {url}/runs   quality: {url}/artifacts (key dateline-dq)",
             f"  or: {env} prefect deployment ls   |   {env} prefect flow-run ls",
             f"run now: {env} prefect deployment run {INBOX_DEPLOYMENT}",
             "Ctrl-C stops serving" + (" and the server." if server else ".")]
    return "\n".join(lines)


def raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def main(args) -> int:
    data_dir = args.data_dir.resolve()
    inbox = (args.inbox or data_dir / "inbox").resolve()
    if args.every_minutes <= 0:
        print("dateline: --every-minutes must be positive", file=sys.stderr)
        return 2
    every = timedelta(minutes=args.every_minutes)
    from warehouse.lake import DataDirError, claim_data_dir

    try:
        claim_data_dir(data_dir)  # before the inbox or the server's files make it non-empty
    except DataDirError as exc:
        print(f"dateline: {exc}", file=sys.stderr)
        return 2
    inbox.mkdir(parents=True, exist_ok=True)
    if getattr(args, "verbose", False):  # the served flow runs inherit it
        os.environ["DATELINE_VERBOSE"] = "1"
    prefect_environment()
    # The served flow runs keep their Prefect state beside the server's database, in the data dir.
    os.environ.setdefault("PREFECT_HOME", str(data_dir / "prefect"))
    # Until Prefect's runner installs its own handler, SIGTERM must unwind through `finally` too.
    signal.signal(signal.SIGTERM, raise_keyboard_interrupt)

    server, announced = None, False
    api_url = os.environ.get("PREFECT_API_URL")
    try:
        if api_url:
            if not api_healthy(api_url):
                print(f"dateline: no Prefect server answers at PREFECT_API_URL={api_url}", file=sys.stderr)
                return 1
        else:
            print(f"starting the Prefect server on http://127.0.0.1:{args.port} ...", flush=True)
            server = PrefectServer(data_dir / "prefect", args.port)
            server.start()
            api_url = server.api_url
            os.environ["PREFECT_API_URL"] = api_url  # for the flow-run processes the runner starts
        (data_dir / API_URL_FILE).parent.mkdir(parents=True, exist_ok=True)
        (data_dir / API_URL_FILE).write_text(api_url, encoding="utf-8")
        announced = True
        serve(api_url, data_dir, inbox, every, args.model, server)
    except KeyboardInterrupt:
        pass
    except RuntimeError as exc:
        print(f"dateline: {exc}", file=sys.stderr)
        return 1
    finally:
        if announced:  # a serve that failed to start leaves another serve's address alone
            (data_dir / API_URL_FILE).unlink(missing_ok=True)
        if server is not None and server.process is not None:
            print("stopping the Prefect server ...", flush=True)
            server.stop()
    return 0


def serve(api_url: str, data_dir: Path, inbox: Path, every: timedelta, model: str | None,
          server: PrefectServer | None) -> None:
    import prefect
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from flows.settings import Settings

    settings = Settings(inputs=(inbox,), data_dir=data_dir, model=model, poll_sources=True)
    url = api_url.removesuffix("/").removesuffix("/api")
    # Prefect may have read its settings before PREFECT_API_URL was set: override them as well.
    with temporary_settings({PREFECT_API_URL: api_url}):
        served = deployments(settings, every)
        print(describe(url, api_url, settings, every, server), flush=True)
        # Poll for due runs at least twice per interval, and no more often than every second.
        prefect.serve(*served, print_starting_message=False,
                      query_seconds=max(1.0, min(10.0, every.total_seconds() / 2)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="dateline serve", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(parser)
    sys.exit(main(parser.parse_args()))
