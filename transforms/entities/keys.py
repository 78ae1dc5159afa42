"""Entity ids and the name keys they are made from (`transforms.entity_keys`, pure functions of
strings, kept there so the run's own process needs no spaCy), and the entity a span of a Doc names."""
from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from transforms.entity_keys import entity_id_for, known_by_one_name, name_key, person_key  # noqa: F401

if TYPE_CHECKING:
    from spacy.tokens import Doc


def entity_id_at(doc: Doc, start_char: int, end_char: int) -> str | None:
    """The entity of the mention overlapping [start_char, end_char) most, or None.

    Mentions are sorted and do not overlap, so their ends are sorted too: a binary search on
    the end finds the first candidate and the scan stops at the first mention past the span.
    """
    mentions = doc._.dl_mentions or []
    i = bisect_left(mentions, start_char + 1, key=lambda m: m["end_char"])
    best, best_overlap = None, 0
    while i < len(mentions) and mentions[i]["start_char"] < end_char:
        m = mentions[i]
        overlap = min(end_char, m["end_char"]) - max(start_char, m["start_char"])
        if overlap > best_overlap:
            best, best_overlap = m["entity_id"], overlap
        i += 1
    return best


