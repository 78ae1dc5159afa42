"""The dateline that opens wire copy: where a story was filed and which agency sent it.

    WASHINGTON —                     place
    RENO, Nev. (AP) —                place with its state, wire
    LONDON, Dec 5 (Reuters) -        place, date, wire
    Mexico City (AFP) –              a place in title case, only with a wire in brackets
    LONDON 2021-03-14                place and date alone on their line
    (AP) —                           wire only

A dateline opens one of the body's first six lines (after a headline, a standfirst, a byline, a date),
above any long paragraph. After its dash comes prose: a line that goes on in capitals
("SOCCER - PERU WIN ...") is a headline, not a dateline. A word of `dateline_not_places.csv`
("EXCLUSIVE –") is a label, not a place. Agencies are read as written in the brackets and named
as `wire_agencies.csv` names them ("Associated Press" -> AP); one the file does not know is kept
as written.

The dateline stays in the body (offsets in every table index the body as stored); the article
row gets `dateline_place` and `wire`, and `dateline_entity_id` once extraction has run: the
entity of the mention the entities component found over the place (`place_entity`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from transforms.reference_files import reference_rows, resolve_reference_dir

MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?")
CAPS_WORD = r"[A-Z][A-Z.'’\-]*[A-Z.]"  # WASHINGTON, ST., WILKES-BARRE, O'HARE
TITLE_WORD = r"[A-Z][a-z.'’\-]+|[A-Z]\.(?:[A-Z]\.)+"  # Mexico, St., D.C.
REGION_WORD = rf"(?!{MONTH}[ \d])(?:[A-Z][A-Za-z.'’\-]*)"  # Nev., N.H., England; not "Dec 5"
DATE = rf"(?:{MONTH} \d{{1,2}}(?:, \d{{4}})?|\d{{1,2}} {MONTH}(?: \d{{4}})?|\d{{4}}-\d\d-\d\d)"
AGENCY = r"\((?P<wire>[A-Za-z][\w.&'’ -]{0,40}?)\)"
# A dash; a hyphen only with a blank on one side at least ("SMITH--John" is a name, not a dateline).
DASH = r"(?:[^\S\n]*[—–‒―][^\S\n]*|[^\S\n]+--?[^\S\n]*|--?[^\S\n]+)"  # blanks: no-break spaces too


def _place(word: str) -> str:
    return rf"(?P<place>(?:{word})(?: (?:{word})){{0,3}}(?:, (?:{REGION_WORD})(?: (?:{REGION_WORD})){{0,2}})??)"


# Each form: (name, pattern at a line start); the first that matches a line wins.
FORMS = (
    ("place_wire", re.compile(rf"{_place(CAPS_WORD)}(?:,? (?P<date>{DATE}))? {AGENCY}{DASH}(?=\S)")),
    ("place_dash", re.compile(rf"{_place(CAPS_WORD)}(?:,? (?P<date>{DATE}))?{DASH}(?=\S)")),
    ("title_place_wire", re.compile(rf"{_place(TITLE_WORD)}(?:,? (?P<date>{DATE}))? {AGENCY}{DASH}(?=\S)")),
    ("place_date_line", re.compile(rf"{_place(CAPS_WORD)},? (?P<date>{DATE})[ \t]*(?=\n|$)")),
    ("wire_only", re.compile(rf"{AGENCY}{DASH}(?=\S)")),
)
LINES_LOOKED_AT = 6  # a headline, a standfirst, a byline, a date line, ... then the dateline at the latest
LONG_LINE = 400  # characters: a paragraph of prose, and a dateline is never below one


@dataclass(frozen=True)
class Dateline:
    form: str  # which of FORMS read it
    place: str | None
    place_start: int | None  # offsets of the place in the body
    place_end: int | None
    wire: str | None
    end: int  # offset after the dateline's dash: where the story's prose starts


@dataclass(frozen=True)
class Vocabulary:
    agencies: dict[str, str]  # as written, case-folded -> the wire's name
    not_places: frozenset[str]


@lru_cache(maxsize=4)
def vocabulary(reference_dir: str | Path | None = None) -> Vocabulary:
    folder = resolve_reference_dir(reference_dir or "")
    agencies = {r["written"].casefold(): r["wire"] for r in reference_rows(folder / "wire_agencies.csv")}
    not_places = frozenset(r["word"].casefold() for r in reference_rows(folder / "dateline_not_places.csv"))
    return Vocabulary(agencies, not_places)


def _lines(body: str):
    """(start offset, line) of the body's first non-empty lines, up to the first long one."""
    start, seen = 0, 0
    while start < len(body) and seen < LINES_LOOKED_AT:
        end = body.find("\n", start)
        end = len(body) if end < 0 else end
        line = body[start:end]
        if line.strip():
            yield start, line
            seen += 1
            if len(line) > LONG_LINE:
                return
        start = end + 1


def _prose_follows(line: str, at: int) -> bool:
    """The rest of the line after the dash reads as prose (has lower-case letters), or the
    dateline ends the line (the date form)."""
    rest = line[at:]
    return not rest.strip() or any(c.islower() for c in rest[:80])


def dateline_of(body: str, vocab: Vocabulary | None = None) -> Dateline | None:
    """The dateline opening ``body``, or None."""
    vocab = vocab or vocabulary()
    for offset, line in _lines(body):
        for form, pattern in FORMS:
            m = pattern.match(line)
            if not m or not _prose_follows(line, m.end()):
                continue
            place = m.groupdict().get("place")
            if place and place.split(",")[0].casefold().strip() in vocab.not_places:
                continue
            wire = m["wire"].strip() if m.groupdict().get("wire") else None
            if wire is not None:
                known = vocab.agencies.get(wire.casefold())
                if known is None and form == "title_place_wire":
                    continue  # "Sen. Ted Cruz (R-Texas) –": in title case only a known agency makes a dateline
                wire = known or wire
            start = offset + m.start("place") if place else None
            return Dateline(form, place, start, start + len(place) if place else None, wire, offset + m.end())
    return None


def dateline_fields(body: str) -> dict:
    """The article row's dateline columns, read from its body."""
    found = dateline_of(body)
    return {"dateline_place": found.place if found else None, "wire": found.wire if found else None}


def place_entity(body: str, mentions: list[dict]) -> str | None:
    """The entity of the mention over the dateline's place (its first word is enough: "RENO"
    of "RENO, Nev."), or None when the entities component found no mention there."""
    found = dateline_of(body)
    if found is None or found.place_start is None:
        return None
    head_end = found.place_start + len(found.place.split(",")[0])
    for m in mentions:
        if m["start_char"] < head_end and m["end_char"] > found.place_start:
            return m["entity_id"]
    return None
