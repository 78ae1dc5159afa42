"""A per-document word index: the spaCy Doc's tokens read once into plain records, for speed.

The entity passes ask for the token at a position millions of times over a corpus, and every
``doc[i]`` on a spaCy Doc builds a new ``spacy.tokens.Token`` object: that was most of this
component's CPU. Reading the Doc once (one ``Doc.to_array`` call, each word's lexeme fields
read once) and sharing one record among all tokens of the same word with the same tags took
the component from 1.68 s to 1.37 s of CPU on 445 BBC articles (x0.82, min of 3; commit
7c16c89), with the same output on 2,309 documents.

Nothing here is a spaCy type: a ``WordRecord`` is not a Token (it holds no position), a
``WordIndex`` is not a Doc (it is read-only and cannot be given back to spaCy).
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from spacy.attrs import ENT_IOB, IDX, ORTH, POS, SENT_START, SPACY, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc


class WordRecord(NamedTuple):
    """The attributes of a spaCy token that the rules read, as plain Python values.

    Same names and values as on ``spacy.tokens.Token``, so a rule reads ``index[i].lower_``
    either way (a word's length is ``len(t.text)``). A record holds nothing of the token's
    position, so the tokens of a word with the same tags share one (see ``WordRecordCache``).
    """

    text: str
    lower_: str
    is_alpha: bool
    is_digit: bool
    is_lower: bool
    is_punct: bool
    is_space: bool
    is_title: bool
    is_upper: bool
    like_num: bool
    whitespace_: str
    text_with_ws: str
    pos_: str
    tag_: str
    ent_iob_: str
    is_sent_start: bool | None


# What a WordRecord is made of, then where the token starts, in one ``Doc.to_array`` call.
RECORD_ARRAY = [ORTH, SPACY, POS, TAG, ENT_IOB, SENT_START, IDX]
IOB_STRINGS = ("", "I", "O", "B")  # Token.ent_iob_ by Token.ent_iob
# Token.is_sent_start by Token.sent_start: 1, 0 (unknown) or -1 (read as an unsigned integer).
SENT_STARTS = {1: True, 0: None}
# Records kept before the cache starts afresh: a long-running worker sees ever more words
# (the 2,225 BBC articles make 65,000 records, about 40 MB).
CACHE_SIZE = 50_000


class WordRecordCache:
    """Word records by what they are made of (word, space after, tags, sentence start),
    made once and shared by all tokens alike, across the documents one component sees: most
    tokens of an article ("the", "said", ",") are words seen before with the same tags."""

    def __init__(self) -> None:
        self.vocab = None
        self.records: dict[tuple[int, ...], WordRecord] = {}

    def read(self, doc: Doc) -> tuple[list[WordRecord], list[int]]:
        """The doc's word records and the character offset of each token."""
        if doc.vocab is not self.vocab or len(self.records) > CACHE_SIZE:
            self.vocab, self.records = doc.vocab, {}  # another pipeline's words, or too many
        *made_of, idx = doc.to_array(RECORD_ARRAY).T.tolist()
        records = list(map(self.records.get, zip(*made_of)))
        if None in records:
            records = [r or self.record(key) for r, key in zip(records, zip(*made_of))]
        return records, idx

    def record(self, key: tuple[int, ...]) -> WordRecord:
        orth, space, pos, tag, iob, sent_start = key
        lex = self.vocab[orth]
        whitespace = " " if space else ""
        self.records[key] = record = WordRecord(
            lex.text, lex.lower_, lex.is_alpha, lex.is_digit, lex.is_lower, lex.is_punct, lex.is_space,
            lex.is_title, lex.is_upper, lex.like_num, whitespace, lex.text + whitespace, POS_NAMES[pos],
            self.vocab.strings[tag], IOB_STRINGS[iob], SENT_STARTS.get(sent_start, False),
        )
        return record


class ModelSpan:
    """A model entity span: token range and label, as ``doc.ents`` gives them."""

    __slots__ = ("start", "end", "label_")

    def __init__(self, start: int, end: int, label_: str) -> None:
        self.start, self.end, self.label_ = start, end, label_


class WordIndex(list):
    """A Doc read once into a list of ``WordRecord``s, which every pass takes as ``index``.

    Indexing, slicing (a list of records), ``len`` and iteration work as on a Doc; a span's
    text is ``text_of(start, end)`` (a Doc's ``doc[start:end].text``), the model's entities
    ``ents``, the text ``text``. Indexing past the end raises IndexError, where a Doc would
    hand out one of its padding tokens: every rule checks its bounds first.
    """

    __slots__ = ("starts", "text", "ents", "has_tags")

    def __init__(self, doc: Doc, cache: WordRecordCache | None = None) -> None:
        records, self.starts = (cache or WordRecordCache()).read(doc)  # starts: each token's idx
        super().__init__(records)
        self.text = "".join([t.text_with_ws for t in records])  # what doc.text joins
        self.ents = [ModelSpan(e.start, e.end, e.label_) for e in doc.ents]
        self.has_tags = doc.has_annotation("TAG")

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """(start_char, end_char) of the tokens [start, end), as a Span's: end > start."""
        return self.starts[start], self.starts[end - 1] + len(self[end - 1].text)

    def text_of(self, start: int, end: int) -> str:
        """The text of the tokens [start, end) without trailing whitespace, as a Span's
        ``text``: bounds are clipped to the index as a slice's are."""
        if not 0 <= start < end <= len(self):  # the rules' spans are inside the doc but for a few
            start, end, _ = slice(start, end).indices(len(self))
            if start >= end:
                return ""
        return self.text[self.starts[start] : self.starts[end - 1] + len(self[end - 1].text)]


def opens_sentence(index: WordIndex, i: int) -> bool:
    """Token i starts its sentence, maybe after an opening quote or bracket."""
    j = i
    while j > 0 and not index[j].is_sent_start and index[j - 1].is_punct and not index[j - 1].is_space:
        j -= 1
    return index[j].is_sent_start or j == 0


def inside_word(index: WordIndex, start: int, end: int) -> bool:
    """True when the match is glued to letters on either side ("Huawei" inside "Huaweis")."""
    before = index[start - 1] if start else None
    after = index[end] if end < len(index) else None
    return bool(
        (before is not None and not before.whitespace_ and before.text[-1:].isalnum())
        or (after is not None and not index[end - 1].whitespace_ and after.text[:1].isalnum())
    )


@lru_cache(maxsize=1 << 14)  # asked of the same words again and again
def is_figure(text: str) -> bool:
    return any(c.isdigit() for c in text) and not any(c.isalpha() for c in text)


def word_at(index: WordIndex, i: int) -> str:
    """The word at token i, with a hyphenated compound joined ("all-rounder")."""
    if i + 2 < len(index) and index[i + 1].text == "-" and not index[i].whitespace_ and not index[i + 1].whitespace_:
        return index.text_of(i, i + 3)
    return index[i].text


