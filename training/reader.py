"""The corpus reader of the quote model's training (``spacy train --code training/reader.py``).

spaCy's own reader gives the model a bare tokenised doc to predict on; the quote model reads
the stock model's tags and dependencies and its token vectors (they are on the doc when it runs
after the stock pipeline), so here the doc to predict on is the parsed gold doc with its entity
spans taken off and the stock ``tok2vec``'s output on ``doc.tensor`` (computed once per corpus:
the parsed docs on disk keep no tensor).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example

import transforms.quotes.model_layers  # noqa: F401  (registers the model's encoder)

_STOCK: list[Language] = []


def stock_tensors(docs: Iterable[Doc]) -> list[Doc]:
    """``docs`` with the stock model's token vectors on ``doc.tensor``, nearly as the pipeline
    leaves them: a doc built from the words lacks the norms the tokenizer's special cases set
    ("n't" -> "not"), so rows near those words differ a little from a run's (where the stock
    ``tok2vec`` reads the tokenizer's doc; `evaluation.parse_cache` does that). Training on
    those exact rows was tried and made no difference (docs/quotes.md), so the shipped model
    keeps being rebuilt from these."""
    if not _STOCK:
        from transforms.pipeline import load_model

        _STOCK.append(load_model(None))
    stock = _STOCK[0]
    tok2vec = stock.get_pipe("tok2vec")
    out = []
    for doc in docs:
        words = Doc(stock.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc])
        doc.tensor = tok2vec.predict([words])[0]
        out.append(doc)
    return out


def unlabelled(doc: Doc) -> Doc:
    """A copy of ``doc`` with its parse and token vectors and no entity annotation (every token
    missing)."""
    bare = doc.copy()
    bare.set_ents([], default="missing")
    return bare


@spacy.registry.readers("dateline.ParsedCorpus.v1")
def parsed_corpus(path: Path, limit: int = 0) -> Callable[[Language], Iterator[Example]]:
    cache: list[Doc] = []

    def read(nlp: Language) -> Iterator[Example]:
        if not cache:
            docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
            cache.extend(stock_tensors(docs[:limit] if limit else docs))
        for doc in cache:
            yield Example(unlabelled(doc), doc)
    return read
