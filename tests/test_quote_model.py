"""The learned quote stage: the training data conversion (training/convert.py), the
``model_content`` rows from hand-set model spans, and the shipped model on the sample article."""
from __future__ import annotations

from pathlib import Path

import numpy
import pytest
import spacy
from spacy.tokens import Doc, Span

from training.convert import annotate, attribution_layout, attribution_spans, fragments, held_out, runs
from transforms.pipeline import register_extensions
from transforms.quotes import _Context, extract_quotes, load_lexicon
from transforms.quotes.model_content import RULE, QuoteModel, cue_sentences, joined, load_quote_model, model_rows, sentence_copy
from transforms.quotes.rules import RULES

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "seeds" / "reference"
SAMPLE = REPO / "seeds" / "articles" / "huawei-executive-order.txt"
MODEL = REPO / "models" / "quote-spans"

register_extensions()
VOCAB = spacy.blank("en").vocab


def parsed(words, heads, deps, pos, sent_starts=None) -> Doc:
    """A hand-parsed doc (heads as absolute token indices)."""
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos, sent_starts=sent_starts)
    return doc


# "Critics claimed the mayor lied to voters . He denied it ."
WORDS = ["Critics", "claimed", "the", "mayor", "lied", "to", "voters", ".", "He", "denied", "it", "."]
HEADS = [1, 1, 3, 4, 1, 4, 5, 1, 9, 9, 9, 9]
DEPS = ["nsubj", "ROOT", "det", "nsubj", "ccomp", "prep", "pobj", "punct", "nsubj", "ROOT", "dobj", "punct"]
POS = ["NOUN", "VERB", "DET", "NOUN", "VERB", "ADP", "NOUN", "PUNCT", "PRON", "VERB", "PRON", "PUNCT"]
STARTS = [True] + [False] * 7 + [True] + [False] * 3


def doc_text() -> Doc:
    return parsed(WORDS, HEADS, DEPS, POS, STARTS)


def chars(doc: Doc, start: int, end: int) -> set[int]:
    """Character offsets of tokens start..end."""
    return set(range(doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))


# --- conversion: gold attributions (character sets) -> non-overlapping token spans -------------

def attr(doc, content, source=None, cue=None) -> dict:
    return {"content": set().union(*(chars(doc, s, e) for s, e in content)),
            "source": chars(doc, *source) if source else None, "cue": chars(doc, *cue) if cue else None}


@pytest.mark.parametrize("case, attrs, expected", [
    ("one attribution", lambda d: [attr(d, [(2, 5)], (0, 1), (1, 2))],
     [(0, 1, "SOURCE"), (1, 2, "CUE"), (2, 5, "CONTENT")]),
    ("no source or cue", lambda d: [attr(d, [(2, 5)])], [(2, 5, "CONTENT")]),
    ("nested: the outermost is kept, the inner dropped whole",
     lambda d: [attr(d, [(3, 5)], (2, 4), (4, 5)), attr(d, [(2, 5)], (0, 1), (1, 2))],
     [(0, 1, "SOURCE"), (1, 2, "CUE"), (2, 5, "CONTENT")]),
    ("a content over a sentence start is cut there", lambda d: [attr(d, [(2, 11)])],
     [(2, 8, "CONTENT"), (8, 11, "CONTENT")]),
    ("a discontinuous content is one span per fragment",
     lambda d: [attr(d, [(0, 1), (2, 5)], None, (1, 2))],
     [(0, 1, "CONTENT"), (1, 2, "CUE"), (2, 5, "CONTENT")]),
    ("an attribution with no content is dropped", lambda d: [{"content": set(), "source": None, "cue": chars(d, 1, 2)}], []),
])
def test_attribution_spans(case, attrs, expected):
    doc = doc_text()
    assert attribution_spans(doc, attrs(doc)) == expected, case


def shared_source(d):
    """"Critics claimed the mayor lied ... He denied it": two reports of one source (invented)."""
    return [attr(d, [(2, 7)], (0, 1), (1, 2)), attr(d, [(10, 11)], (0, 1), (9, 10))]


def test_an_attribution_sharing_a_placed_source_is_placed_when_shared():
    doc = doc_text()
    assert attribution_layout(doc, shared_source(doc), shared=True) == (
        [(0, 1, "SOURCE"), (1, 2, "CUE"), (2, 7, "CONTENT"), (9, 10, "CUE"), (10, 11, "CONTENT")], [])
    # Not shared: dropped whole, and its words no placed span covers are unplaced.
    assert attribution_layout(doc, shared_source(doc), shared=False) == (
        [(0, 1, "SOURCE"), (1, 2, "CUE"), (2, 7, "CONTENT")], [(9, 11)])


def test_a_crossing_attribution_is_never_placed_and_its_uncovered_words_are_unplaced():
    doc = doc_text()
    crossing = [attr(doc, [(2, 7)], (0, 1), (1, 2)), attr(doc, [(5, 8)])]  # "to voters ." crosses the content's end
    for shared in (True, False):
        assert attribution_layout(doc, crossing, shared=shared) == ([(0, 1, "SOURCE"), (1, 2, "CUE"), (2, 7, "CONTENT")], [(7, 8)])


@pytest.mark.parametrize("unplaced, iob", [("missing", ""), ("outside", "O")])
def test_unplaced_words_are_missing_or_outside_for_the_ner(unplaced, iob):
    doc = annotate(doc_text(), shared_source(doc_text()), unplaced, shared=False)
    assert [t.ent_iob_ for t in doc] == ["B", "B", "B", "I", "I", "I", "I", "O", "O", iob, iob, "O"]
    assert [e.label_ for e in doc.ents] == ["SOURCE", "CUE", "CONTENT"]


def test_runs():
    assert runs([]) == []
    assert runs([1, 2, 3, 7, 9, 10]) == [(1, 4), (7, 8), (9, 11)]


def test_fragments_trim_whitespace_and_split_runs():
    text = "ab  cd ef"
    assert fragments({0, 1, 2, 3, 4, 5, 7, 8}, text) == [(0, 6), (7, 9)]
    assert fragments({2, 3}, text) == []
    assert fragments(None, text) == []


def test_held_out_is_a_fixed_tenth():
    names = [f"article-{i}" for i in range(2000)]
    share = sum(held_out(n) for n in names) / len(names)
    assert 0.07 < share < 0.13
    assert [held_out(n) for n in names[:50]] == [held_out(n) for n in names[:50]]


# --- the stage, from hand-set model spans -----------------------------------------------------

def rows_for(spans, rows=()):
    doc = doc_text()
    ctx = _Context(doc, load_lexicon(REFERENCE))
    return model_rows(ctx, list(rows), spans)


def test_a_content_no_rule_found_becomes_a_row_with_the_rules_speaker():
    [row] = rows_for([("SOURCE", 0, 1), ("CUE", 1, 2), ("CONTENT", 2, 7)])
    assert (row["text"], row["cue"], row["speaker"], row["rule"]) == ("the mayor lied to voters", "claimed", "Critics", RULE)
    assert row["kind"] == "indirect"


def test_without_a_model_cue_the_verb_the_content_hangs_on_is_the_cue():
    [row] = rows_for([("CONTENT", 2, 7)])
    assert (row["cue"], row["speaker"]) == ("claimed", "Critics")


@pytest.mark.parametrize("case, spans", [
    ("under MIN_WORDS words", [("CUE", 1, 2), ("CONTENT", 2, 5)]),
    ("nobody says it: no cue, no verb above it", [("CONTENT", 8, 11)]),
    ("no word", [("CUE", 1, 2), ("CONTENT", 7, 8)]),
])
def test_a_content_without_cue_speaker_or_words_adds_nothing(case, spans):
    assert rows_for(spans) == [], case


def test_a_content_in_a_sentence_a_rule_reads_adds_nothing():
    doc = doc_text()
    rule_row = {"start_char": doc[1].idx, "end_char": doc[1].idx + 7}  # another row in its sentence
    assert rows_for([("CONTENT", 2, 7)], [rule_row]) == []
    later = {"start_char": doc[9].idx, "end_char": doc[10].idx + 2}  # a row in the next sentence
    assert len(rows_for([("CONTENT", 2, 7)], [later])) == 1


# "Critics claimed the mayor lied . The sun rose . He denied it ." (a sentence with no cue between two)
CUED_WORDS = ["Critics", "claimed", "the", "mayor", "lied", ".", "The", "sun", "rose", ".", "He", "denied", "it", "."]
CUED_LEMMAS = ["critic", "claim", "the", "mayor", "lie", ".", "the", "sun", "rise", ".", "he", "deny", "it", "."]


def cued_doc() -> Doc:
    starts = [True] + [False] * 5 + [True] + [False] * 3 + [True] + [False] * 3
    tags = ["NNS", "VBD", "DT", "NN", "VBD", ".", "DT", "NN", "VBD", ".", "PRP", "VBD", "PRP", "."]
    deps = ["nsubj", "ROOT", "det", "nsubj", "ccomp", "punct", "det", "nsubj", "ROOT", "punct", "nsubj", "ROOT", "dobj", "punct"]
    doc = Doc(VOCAB, words=CUED_WORDS, lemmas=CUED_LEMMAS, tags=tags, sent_starts=starts)
    for token, dep in zip(doc, deps):
        token.dep_ = dep
    return doc


def cued(doc: Doc, rows=()) -> list[tuple[int, int]]:
    lex = load_lexicon(REFERENCE)
    model = QuoteModel.__new__(QuoteModel)  # the word lists only: no weights are read
    model._cue_ids = {}
    return [(s.start, s.end) for s in cue_sentences(_Context(doc, lex), list(rows), model.cue_ids(lex))]


def test_the_model_runs_on_sentences_with_a_cue_no_rule_row_reads():
    doc = cued_doc()
    assert cued(doc) == [(0, 6), (10, 14)]  # "The sun rose" has no cue word
    assert cued(doc, [{"start_char": doc[11].idx, "end_char": doc[12].idx + 2}]) == [(0, 6)]
    assert cued(doc, [{"start_char": 0, "end_char": len(doc.text)}]) == []


def test_a_colon_or_a_quotation_mark_is_a_cue():
    words = ["The", "verdict", ":", "guilty", ".", "The", "sun", "rose", ".", "\"", "Never", "\"", "."]
    starts = [True] + [False] * 4 + [True] + [False] * 3 + [True] + [False] * 3
    doc = Doc(VOCAB, words=words, lemmas=[w.lower() for w in words], sent_starts=starts)
    assert cued(doc) == [(0, 5), (9, 13)]


def test_the_copy_holds_the_chosen_sentences_words_tags_and_dependencies_only():
    doc = cued_doc()
    doc.set_ents([Span(doc, 0, 1, label="NORP")])
    index = numpy.array(list(range(0, 6)) + list(range(10, 14)))
    copy = sentence_copy(doc, index)
    assert [t.text for t in copy] == CUED_WORDS[:6] + CUED_WORDS[10:]
    assert [t.tag_ for t in copy] == [doc[int(i)].tag_ for i in index]
    assert [t.dep_ for t in copy] == [doc[int(i)].dep_ for i in index]
    assert [t.i for t in copy if t.is_sent_start] == [0, 6]  # a sentence start after the gap
    assert copy.text == "Critics claimed the mayor lied . He denied it . "
    assert [t.ent_iob_ for t in copy] == [""] * len(copy)  # no entity known, the NORP not copied


def test_contents_cut_at_a_sentence_start_are_joined():
    doc = doc_text()
    assert joined(doc, [("CONTENT", 2, 8), ("CONTENT", 8, 11), ("CUE", 1, 2)], "CONTENT") == [(2, 11)]
    assert joined(doc, [("CONTENT", 2, 5), ("CONTENT", 8, 11)], "CONTENT") == [(2, 5), (8, 11)]


def test_rule_is_registered():
    assert RULE in RULES


def test_no_model_directory_means_rules_alone(tmp_path, caplog):
    with caplog.at_level("WARNING", logger="transforms.quotes.model_content"):
        assert load_quote_model(tmp_path) is None
    assert "no quote model at" in caplog.text
    assert load_quote_model(None) is None


# --- the shipped model --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_doc():
    from transforms.pipeline import build_pipeline

    nlp = build_pipeline(None, REFERENCE)
    return nlp(SAMPLE.read_text(encoding="utf-8"))


@pytest.mark.e2e
def test_shipped_model_labels_the_sample_and_leaves_its_entities(sample_doc):
    model = load_quote_model(MODEL)
    assert model is not None, "models/quote-spans missing: make model-quotes"
    ents = [(e.start, e.end, e.label_) for e in sample_doc.ents]
    spans = model.spans(sample_doc)
    assert [(e.start, e.end, e.label_) for e in sample_doc.ents] == ents
    assert {label for label, _, _ in spans} >= {"CONTENT", "CUE"}


@pytest.mark.e2e
def test_shipped_model_only_adds_rows(sample_doc):
    lex = load_lexicon(REFERENCE)
    rules = extract_quotes(sample_doc, lex)
    both = extract_quotes(sample_doc, lex, load_quote_model(MODEL))
    key = lambda r: (r["start_char"], r["end_char"], r["rule"])  # noqa: E731
    assert {key(r) for r in rules} <= {key(r) for r in both}
    added = [r for r in both if r["rule"] == RULE]
    assert added, "the shipped model adds no row on the sample article"
    for r in added:
        assert sample_doc.text[r["start_char"] : r["end_char"]] == r["text"]
        assert r["cue"] is not None and r["speaker"] is not None


@pytest.mark.e2e
def test_the_stage_is_on_unless_the_setting_turns_it_off(monkeypatch):
    from transforms.pipeline import QUOTE_MODEL_SETTING, build_pipeline

    monkeypatch.delenv(QUOTE_MODEL_SETTING, raising=False)
    assert build_pipeline(None, REFERENCE).get_pipe("dateline_quotes").model is not None
    monkeypatch.setenv(QUOTE_MODEL_SETTING, "0")
    assert build_pipeline(None, REFERENCE).get_pipe("dateline_quotes").model is None


@pytest.mark.parametrize("value, on", [(None, True), ("", True), ("1", True), ("0", False), ("off", False),
                                       (" False ", False), ("no", False)])
def test_the_setting_values(monkeypatch, value, on):
    from transforms.pipeline import QUOTE_MODEL_SETTING, quote_model_on

    monkeypatch.delenv(QUOTE_MODEL_SETTING, raising=False)
    if value is not None:
        monkeypatch.setenv(QUOTE_MODEL_SETTING, value)
    assert quote_model_on() is on


# --- the stage once per batch (QuoteExtractor.pipe, what nlp.pipe calls) ---------------------------

class _HandModel:
    """In place of a QuoteModel: hand-set spans per doc (by its first word); "Boom" docs raise."""

    def __init__(self, spans, batch_fails=False):
        self.by_first, self.batches, self.batch_fails = spans, [], batch_fails

    def cue_ids(self, lex):
        from spacy.strings import get_string_id

        return numpy.array(sorted(get_string_id(w) for w in ("claimed", "denied", ":")), dtype="uint64")

    def spans(self, doc, sents=None):
        if doc[0].text == "Boom":
            raise ValueError("model broke")
        return self.by_first.get(doc[0].text, [])

    def spans_of(self, asked):
        self.batches.append(len(asked))
        if self.batch_fails:
            raise ValueError("batch broke")
        return [self.spans(doc, sents) for doc, sents in asked]


HAND_SPANS = {"Critics": [("SOURCE", 8, 9), ("CUE", 9, 10), ("CONTENT", 10, 11)]}


def _docs(*firsts):
    return [parsed([first, *WORDS[1:]], HEADS, DEPS, POS, STARTS) for first in firsts]


@pytest.mark.parametrize("batch_fails", [False, True])
def test_a_batch_gives_the_rows_and_errors_of_one_doc_at_a_time(batch_fails):
    from transforms.quotes import QuoteExtractor

    lex = load_lexicon(REFERENCE)
    one = QuoteExtractor(lex, _HandModel(HAND_SPANS))
    alone = [one(doc) for doc in _docs("Critics", "Boom", "Critics")]
    model = _HandModel(HAND_SPANS, batch_fails)
    batched = list(QuoteExtractor(lex, model).pipe(_docs("Critics", "Boom", "Critics"), batch_size=2))
    assert model.batches == [2, 1]
    assert [d._.dl_quotes for d in batched] == [d._.dl_quotes for d in alone]
    assert [d._.dl_errors for d in batched] == [d._.dl_errors for d in alone] \
        == [None, ["dateline_quotes: ValueError: model broke"], None]
    assert batched[0]._.dl_quotes  # rows were made


def test_without_a_model_pipe_is_call():
    from transforms.quotes import QuoteExtractor

    lex = load_lexicon(REFERENCE)
    alone = [QuoteExtractor(lex)(doc)._.dl_quotes for doc in _docs("Critics", "Boom")]
    assert [d._.dl_quotes for d in QuoteExtractor(lex).pipe(_docs("Critics", "Boom"))] == alone


@pytest.mark.e2e
def test_shipped_model_reads_a_batch_as_one_doc_at_a_time():
    from transforms.pipeline import build_pipeline

    nlp = build_pipeline(None, REFERENCE)
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    texts = ["\n\n".join(paragraphs[i : i + 3]) for i in range(0, len(paragraphs), 3)]
    batched = list(nlp.pipe(texts, batch_size=8))  # the quotes component's pipe
    alone = [nlp(text) for text in texts]  # its __call__
    assert [d._.dl_quotes for d in batched] == [d._.dl_quotes for d in alone]
    assert any(r["rule"] == RULE for d in batched for r in d._.dl_quotes)
    model = nlp.get_pipe("dateline_quotes").model
    assert model.spans_of([(d, None) for d in alone]) == [model.spans(d) for d in alone]
