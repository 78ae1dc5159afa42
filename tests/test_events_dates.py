"""Case table for the dates stage (transforms/events/dates.py): which time argument becomes an
event's date phrase."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from transforms.events.arguments import Argument
from transforms.events.dates import date_phrase


VOCAB = spacy.blank("en").vocab


def verb(tag):
    """A one-word Doc whose only token carries the tense ``tag`` (VBD past, VBZ present)."""
    doc = Doc(VOCAB, words=["meet"])
    doc[0].tag_ = tag
    return doc[0]


def time(text, start=10):
    return Argument("time", text, start, start + len(text), None)


@pytest.mark.parametrize("arguments, tag, modality, expected", [
    ((time("on Thursday"),), "VBD", "asserted", "on Thursday"),
    # a bare weekday of an event still to come is left unresolved, not put in last week
    ((time("on Thursday"),), "VB", "planned", None),
    ((time("Thursday"),), "VB", "hypothetical", None),
    ((time("on Thursday"),), "VBZ", "asserted", None),
    ((time("on Thursday"),), "VBP", "asserted", None),
    # a dated weekday or a month is kept whatever the tense
    ((time("on March 6"),), "VB", "planned", "on March 6"),
    ((time("next Thursday"),), "VB", "planned", "next Thursday"),
    # the first time argument wins; other roles are no dates
    ((Argument("place", "Paris", 0, 5, None), time("in May"), time("on Monday", 20)), "VBD", "asserted", "in May"),
    ((Argument("actor", "Police", 0, 6, None),), "VBD", "asserted", None),
    ((), "VBD", "asserted", None),
])
def test_date_phrase(arguments, tag, modality, expected):
    found = date_phrase(arguments, verb(tag), modality)
    assert (found.text if found else None) == expected
    if found:
        source = next(a for a in arguments if a.text == found.text)
        assert (found.start_char, found.end_char) == (source.start_char, source.end_char)
