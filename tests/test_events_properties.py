"""Properties of the events component that hold for any text: spans slice back, a mention's
arguments lie in its trigger's sentence, a merged event holds only its mentions' arguments,
and an article's events do not depend on the articles batched with it."""
from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

SAMPLE = Path(__file__).resolve().parents[1] / "seeds" / "articles" / "huawei-executive-order.txt"
ARTICLES = [
    "Police arrested two men in Leeds on Monday. The arrests followed a raid on a warehouse.",
    "The council will meet on Thursday to discuss the ban. Officials said the talks could fail.",
    "A bomb exploded near the market in Kabul, killing six people. The Taliban claimed responsibility "
    "for the attack.",
    "Rebels did not release the hostages. They threatened to kill them unless troops withdrew.",
    "The company agreed to pay a $2 million fine. Its chief executive resigned in May.",
    "Storms destroyed 40 homes. Rescuers evacuated residents to a school, where doctors treated them.",
]
WORDS = st.sampled_from(["Police", "arrested", "the", "suspect", "in", "Paris", "on", "Monday", ",", ".",
                         "and", "killed", "two", "people", "with", "a", "knife", "bomb", "exploded", "Lyon",
                         "tariffs", "ban", "was", "lifted", "’s", "$5 million", "fine", "The", "attack",
                         "said", "would", "where", "who", "including", "Ann", "Smith", "\n\n"])


def events_and_mentions(nlp, doc):
    assert not doc._.dl_errors, doc._.dl_errors
    return doc._.dl_events, nlp.get_pipe("dateline_events").mentions(doc)


def check_spans(nlp, doc):
    events, mentions = events_and_mentions(nlp, doc)
    for m in mentions:
        assert doc.text[m["start_char"]:m["end_char"]] == m["trigger"]
        sentence = doc.char_span(m["start_char"], m["end_char"]).root.sent
        for a in m["arguments"]:
            assert doc.text[a["start_char"]:a["end_char"]] == a["text"]
            assert sentence.start_char <= a["start_char"] and a["end_char"] <= sentence.end_char, (m, a)
        if m["date_text"] is not None:
            assert doc.text[m["date_start"]:m["date_end"]] == m["date_text"]
            assert any(a["start_char"] == m["date_start"] and a["role"] == "time" for a in m["arguments"])
    by_trigger = {(m["start_char"], m["end_char"]): m for m in mentions}
    of_type = {}
    for m in mentions:
        of_type.setdefault(m["event_type"], []).extend(m["arguments"])
    for e in events:
        assert by_trigger[(e["start_char"], e["end_char"])]["rule"] == e["rule"]
        assert all(a in of_type[e["event_type"]] for a in e["arguments"])
    assert sum(e["mention_count"] for e in events) == len(mentions)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=30))
def test_spans_lie_in_their_trigger_sentence(nlp, words):
    check_spans(nlp, nlp(" ".join(words)))


def test_spans_lie_in_their_trigger_sentence_in_articles(nlp):
    for doc in nlp.pipe([*ARTICLES, SAMPLE.read_text(encoding="utf-8")]):
        check_spans(nlp, doc)


@settings(max_examples=8, deadline=None)
@given(st.permutations(range(len(ARTICLES) + 1)), st.integers(min_value=1, max_value=4))
def test_events_do_not_depend_on_the_batch(nlp, order, batch_size):
    texts = [*ARTICLES, SAMPLE.read_text(encoding="utf-8")]
    alone = [nlp(t)._.dl_events for t in texts]
    batched = [doc._.dl_events for doc in nlp.pipe([texts[i] for i in order], batch_size=batch_size)]
    assert [batched[order.index(i)] for i in range(len(texts))] == alone
