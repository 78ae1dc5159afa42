"""Parse a gold split once, re-run only Dateline's components after: ``dateline eval ... --parse-cache DIR``.

Tuning rules on a large split (840 PolNeAR articles, 924 RAMS windows) means scoring it after
every change; the stock model's parse is most of the time and does not change with Dateline's
rules. With a cache folder, the texts are parsed once by the pipeline's stock components and
kept as a ``DocBin`` (user data included); later runs read it and apply only the ``dateline_*``
components, in pipeline order, so the predictions are those of a full run. The stock
``tok2vec``'s output (``doc.tensor``, which the learned quote stage reads and a ``DocBin`` does
not keep) is computed again from the words, as the pipeline computes it.

The file name is a digest of what the parse depends on: spaCy's version, the model's name,
version and stock components, the sources of the compiled attribute ruler and of the table
lemmatizer, and every text in order.
A different model, a changed text or a changed split gives a new file; nothing is ever read
under a name it was not written under. The folder holds only these files; nothing else in it
is read or removed.
"""
from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

OWN_PREFIX = "dateline_"
BATCH = 32  # as every `dateline eval` calls nlp.pipe
# The stock components Dateline swaps for its twins (same annotations, by their tests): a change
# to either parses again.
TWIN_SOURCES = tuple(Path(__file__).resolve().parents[1] / "transforms" / name for name in ("attributes.py", "lemmas.py"))


def own_components(nlp: Language) -> list[str]:
    return [name for name in nlp.pipe_names if name.startswith(OWN_PREFIX)]


def cache_key(nlp: Language, texts: list[str]) -> str:
    digest = hashlib.sha256()
    stock = [name for name in nlp.pipe_names if not name.startswith(OWN_PREFIX)]
    for part in (spacy.__version__, nlp.meta.get("name", ""), nlp.meta.get("version", ""), " ".join(stock)):
        digest.update(part.encode("utf-8") + b"\0")
    for source in TWIN_SOURCES:
        digest.update(source.read_bytes() if source.is_file() else b"")
    for text in texts:
        digest.update(hashlib.sha256(text.encode("utf-8")).digest())
    return digest.hexdigest()[:24]


def stock_docs(nlp: Language, texts: list[str], cache_dir: Path, tag: str) -> list[Doc]:
    """The stock components' parse of ``texts``: read from ``cache_dir`` when this exact parse
    is there, else made and written (atomically: a broken run leaves no half file)."""
    path = Path(cache_dir) / f"{tag}-{cache_key(nlp, texts)}.spacy"
    if path.is_file():
        try:
            return list(DocBin().from_disk(path).get_docs(nlp.vocab))
        except Exception as exc:  # a truncated or damaged file of ours: parse again, write it anew
            print(f"dateline: parse cache {path} unreadable ({type(exc).__name__}: {exc}): parsing again",
                  file=sys.stderr)
    with nlp.select_pipes(disable=own_components(nlp)):
        docs = list(nlp.pipe(texts, batch_size=BATCH))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + f".{os.getpid()}.partial")
    DocBin(store_user_data=True, docs=docs).to_disk(partial)
    os.replace(partial, path)
    # Read back, as a later run will: the docs a cache hit gives are the docs scored now.
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))


def with_stock_tensors(nlp: Language, docs: list[Doc]) -> list[Doc]:
    """``doc.tensor`` as the stock ``tok2vec`` leaves it: it runs first, on the tokenizer's
    output (whose special cases set norms of their own, "n't" -> "not", which a doc built from
    the words alone would not have), in the batches ``nlp.pipe`` gives it."""
    if "tok2vec" not in nlp.pipe_names:
        return docs
    tok2vec = nlp.get_pipe("tok2vec")
    for start in range(0, len(docs), BATCH):
        batch = docs[start : start + BATCH]
        for doc, tensor in zip(batch, tok2vec.predict([nlp.make_doc(d.text) for d in batch])):
            doc.tensor = tensor
    return docs


def pipe(nlp: Language, texts: Iterable[str], cache_dir: Path | None, tag: str) -> Iterable[Doc]:
    """``nlp.pipe(texts)``, through the parse cache when ``cache_dir`` is given."""
    if cache_dir is None:
        return nlp.pipe(texts, batch_size=BATCH)
    docs = with_stock_tensors(nlp, stock_docs(nlp, list(texts), Path(cache_dir), tag))
    return (_own(nlp, doc) for doc in docs)


def _own(nlp: Language, doc: Doc) -> Doc:
    for name in own_components(nlp):
        doc = nlp.get_pipe(name)(doc)
    return doc
