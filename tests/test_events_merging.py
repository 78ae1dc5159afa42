"""Case tables for the merging stage (transforms/events/merging.py): hand-built mentions, and
texts through the whole component."""
from __future__ import annotations

import pytest

from transforms.events.arguments import Argument
from transforms.events.dates import DatePhrase
from transforms.events.merging import merge_mentions
from transforms.events.mention import EventMention


def mention(start, event_type="Justice.ArrestJailDetain", args=(), refers_back=False, date=None, modality="asserted"):
    arguments = tuple(Argument(role, text, start + 10 + k, start + 10 + k + len(text), entity)
                      for k, (role, text, entity) in enumerate(args))
    return EventMention(event_type, "arrest", start, start + 6, modality, date, arguments,
                        "lexicon_word", refers_back)


ANN = ("target", "Ann", None)
BOB = ("target", "Bob", None)
POLICE = ("actor", "police", "ent_police")
POLICE_AS_WRITTEN = ("actor", "the police force", "ent_police")
CAIRO = ("place", "Cairo", None)


@pytest.mark.parametrize("mentions, counts", [
    # a shared actor or target makes one occurrence
    ([mention(0, args=[ANN]), mention(50, args=[ANN])], [2]),
    ([mention(0, args=[ANN]), mention(50, args=[BOB])], [1, 1]),
    ([mention(0, args=[ANN]), mention(50, args=[BOB]), mention(100, args=[ANN])], [2, 1]),
    # the entity id, not the text, when there is one
    ([mention(0, args=[POLICE]), mention(50, args=[POLICE_AS_WRITTEN])], [2]),
    # a place is no participant
    ([mention(0, args=[CAIRO]), mention(50, args=[CAIRO])], [1, 1]),
    # never across event types
    ([mention(0, args=[ANN]), mention(50, "Life.Die", args=[ANN])], [1, 1]),
    # "the arrest" with no participants points back to the latest arrest
    ([mention(0, args=[ANN]), mention(50, args=[BOB]), mention(100, refers_back=True)], [1, 2]),
    ([mention(0, args=[ANN]), mention(50, refers_back=False)], [1, 1]),
    ([mention(0, args=[ANN]), mention(50, args=[BOB], refers_back=True)], [1, 1]),
    ([mention(0, refers_back=True)], [1]),
    # one occurrence is told as happened (asserted or reported) or with one other modality (#20)
    ([mention(0, args=[ANN]), mention(50, args=[ANN], modality="reported")], [2]),
    ([mention(0, args=[ANN]), mention(50, args=[ANN], modality="hypothetical")], [1, 1]),
    ([mention(0, args=[ANN], modality="planned"), mention(50, args=[ANN], modality="planned")], [2]),
    # "the arrest" points back whatever is said of it ("police denied the arrest")
    ([mention(0, args=[ANN]), mention(50, refers_back=True, modality="negated")], [2]),
])
def test_which_mentions_merge(mentions, counts):
    assert [e.mention_count for e in merge_mentions(mentions)] == counts


def test_a_merged_event_gains_new_arguments_and_a_missing_date():
    first = mention(0, args=[ANN])
    later = mention(50, args=[ANN, CAIRO], date=DatePhrase("in May", 70, 76))
    (event,) = merge_mentions([first, later])
    assert [(a.role, a.text) for a in event.arguments] == [("target", "Ann"), ("place", "Cairo")]
    assert event.date == later.date and event.start_char == 0


def test_a_merged_event_keeps_its_own_date():
    first = mention(0, args=[ANN], date=DatePhrase("in April", 20, 28))
    (event,) = merge_mentions([first, mention(50, args=[ANN], date=DatePhrase("in May", 70, 76))])
    assert event.date.text == "in April"


@pytest.mark.parametrize("text, event_type, count", [
    ("Police arrested Meng Wanzhou in Vancouver. The arrest angered Beijing.", "Justice.ArrestJailDetain", 2),
    ("Police arrested Meng Wanzhou. Police also arrested John Smith.", "Justice.ArrestJailDetain", 2),
    ("Police arrested Meng Wanzhou. Soldiers arrested John Smith.", "Justice.ArrestJailDetain", 1),
])
def test_merging_in_text(nlp, text, event_type, count):
    doc = nlp(text)
    assert not doc._.dl_errors
    assert [e["mention_count"] for e in doc._.dl_events if e["event_type"] == event_type][0] == count


def test_a_participant_named_again_is_listed_once():
    # "sanctions on Iran and North Korea" ... "sanctions on North Korea and Iran" (#20)
    first = mention(0, args=[("target", "Iran", None), ("target", "North Korea", None)])
    later = mention(50, args=[("target", "North Korea", None), ("target", "Iran", None)])
    (event,) = merge_mentions([first, later])
    assert [a.text for a in event.arguments] == ["Iran", "North Korea"]
