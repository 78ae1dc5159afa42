"""The components' reference data (seeds/reference/*.csv): where it is, and the one reader of
its files. A relative `reference_dir` in a component's config is taken from the Dateline
checkout, never from the working directory, so a pipeline assembled or loaded (`spacy.load`)
from any folder reads the same files."""
from __future__ import annotations

import csv
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
DEFAULT = "seeds/reference"


def resolve_reference_dir(value: str | Path) -> Path:
    path = Path(value or DEFAULT)
    return path if path.is_absolute() else CHECKOUT / path


def reference_rows(path: Path) -> list[dict[str, str]]:
    """A reference CSV's rows, each value stripped of surrounding blanks (a missing one is "")."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]
