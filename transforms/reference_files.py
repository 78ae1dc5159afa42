"""Where the components' reference data (seeds/reference/*.csv) is: a relative `reference_dir`
in a component's config is taken from the Dateline checkout, never from the working directory,
so a pipeline assembled or loaded (`spacy.load`) from any folder reads the same files."""
from __future__ import annotations

from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
DEFAULT = "seeds/reference"


def resolve_reference_dir(value: str | Path) -> Path:
    path = Path(value or DEFAULT)
    return path if path.is_absolute() else CHECKOUT / path
