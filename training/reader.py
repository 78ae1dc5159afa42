"""The corpus reader of the quote model's training (``spacy train --code training/reader.py``).

spaCy's own reader gives the model a bare tokenised doc to predict on; the quote model reads
the stock model's tags and dependencies (they are on the doc when it runs after the parser), so
here the doc to predict on is the parsed gold doc with its entity spans taken off.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example


def unlabelled(doc: Doc) -> Doc:
    """A copy of ``doc`` with its parse and no entity annotation (every token missing)."""
    bare = doc.copy()
    bare.set_ents([], default="missing")
    return bare


@spacy.registry.readers("dateline.ParsedCorpus.v1")
def parsed_corpus(path: Path, limit: int = 0) -> Callable[[Language], Iterator[Example]]:
    def read(nlp: Language) -> Iterator[Example]:
        docs = DocBin().from_disk(path).get_docs(nlp.vocab)
        for n, doc in enumerate(docs):
            if limit and n >= limit:
                break
            yield Example(unlabelled(doc), doc)
    return read
