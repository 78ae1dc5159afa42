"""Hand-built inputs for the entity pass tests (test_entities_*.py): a Doc from text with the
entities given as token spans, and the Article the passes read (their `ref` and `vocab` fixtures
are in conftest.py)."""
from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc, Span

from transforms.entities import naming
from transforms.entities.passes import Article
from transforms.entities.reference import Reference
from transforms.entities.word_index import WordIndex

REFERENCE = Path(__file__).resolve().parents[1] / "seeds" / "reference"


def doc_of(vocab, text: str, ents, glued: frozenset[int] = frozenset()) -> Doc:
    """Tokens joined by spaces (but after those in ``glued``), a line break as its own token."""
    words, spaces = [], []
    for line in text.split("\n"):
        if words:
            spaces[-1] = False
            words.append("\n")
            spaces.append(False)
        for w in line.split():
            spaces.append(len(words) not in glued)
            words.append(w)
    doc = Doc(vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def article_of(vocab, ref: Reference, text: str, ents) -> Article:
    """The Article the passes read, over `doc_of`'s Doc."""
    index = WordIndex(doc_of(vocab, text, ents))
    return Article(index, ref, *naming.prose_words(index))
