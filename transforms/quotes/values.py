"""Values passed between the quote stages."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span


@dataclass(frozen=True)
class Attribution:
    cue: Span | None
    speaker: tuple[int, int] | None  # char span
    speaker_kind: str
    entity_id: str | None
