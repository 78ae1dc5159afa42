"""Stage 4, dates: the time argument an event's date is read from.

The date phrase becomes a calendar date later, against the article's publication date, in
``transforms.dates.resolve_date``.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from spacy.tokens import Token

from transforms.events.arguments import Argument

# resolve_date reads a bare weekday as the latest one up to publication, right for what happened
# but a week off for what is to come ("will meet on Thursday").
BARE_WEEKDAY = re.compile(r"^(?:on\s+)?(?:" + "|".join(calendar.day_name) + r")$", re.IGNORECASE)


@dataclass(frozen=True)
class DatePhrase:
    text: str
    start_char: int
    end_char: int


def looks_ahead(trigger: Token, modality: str) -> bool:
    """A planned or hypothetical event, or a verb in the present tense ("the council meets on
    Thursday"), which news uses for what is scheduled."""
    return modality in ("planned", "hypothetical") or trigger.tag_ in ("VBZ", "VBP")


def date_phrase(arguments: tuple[Argument, ...], trigger: Token, modality: str) -> DatePhrase | None:
    """The first time argument, unless it is a bare weekday of an event still to come (the
    argument stays; the date is left unresolved rather than put in the past)."""
    time = next((a for a in arguments if a.role == "time"), None)
    if time is None or (BARE_WEEKDAY.match(time.text) and looks_ahead(trigger, modality)):
        return None
    return DatePhrase(time.text, time.start_char, time.end_char)
