"""The learned stage: content spans a model trained on PolNeAR train finds where no rule did.

The model (``models/quote-spans``, built by ``make model-quotes`` from ``training/``) is one
spaCy ``ner`` component: it labels CONTENT, SOURCE and CUE spans, reading the stock model's
token vectors, the words, and the stock tags and dependencies. It runs only on the sentences no rule
row reads that hold a possible cue (``cue_sentences``: a clause verb of the lexicon, "according",
a colon, a quotation mark), all of them as one copy (``sentence_copy``), so the base pipeline's
``doc.ents`` stay as they were; about a seventh of a BBC article's words.

``model_content`` (the rule): a predicted content in a sentence no rule row reads becomes a quote
when it has a cue, a speaker and at least ``MIN_WORDS`` words. Its cue
is the model's CUE nearest it in the sentence (else the verb the content hangs on), and its
speaker comes from the rules' own ``attribution`` of that cue (so speakers stay normalised and
pronouns resolved); where those name nobody, the model's SOURCE in the sentence is the speaker.
"""
from __future__ import annotations

import logging
from pathlib import Path

import numpy
from spacy.attrs import DEP, LEMMA, LOWER, ORTH, SENT_START, SPACY, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from transforms.quotes.lexicon import Lexicon
from transforms.quotes.model_layers import has_tensor
from transforms.quotes.values import Attribution

log = logging.getLogger(__name__)

RULE = "model_content"
LABELS = ("CONTENT", "SOURCE", "CUE")
MARKS = "“”\"'‘’"
# A content the model finds with nobody saying it, or of fewer words, is more often wrong than
# right (PolNeAR train's held-out tenth: docs/quotes.md).
MIN_WORDS = 4


class QuoteModel:
    """The trained span model, loaded once per pipeline."""

    def __init__(self, path: str | Path):
        import spacy

        self.nlp = spacy.load(path)
        self.component = self.nlp.get_pipe("quote_spans")
        # The width of the stock token vectors the model reads (model_layers), None when it has
        # a tok2vec of its own.
        self.tensor_width = next((n.get_dim("nO") for n in self.component.model.walk() if n.name == "doc_tensor"), None)
        self._cue_ids: dict[int, tuple[Lexicon, numpy.ndarray]] = {}
        self._warned = False

    def cue_ids(self, lex: Lexicon) -> numpy.ndarray:
        """String ids of ``cue_words(lex)`` and the marks, computed once per lexicon."""
        if id(lex) not in self._cue_ids:
            words = cue_words(lex) | set(MARKS) | {":"}
            self._cue_ids[id(lex)] = (lex, numpy.array(sorted(get_string_id(w) for w in words), dtype="uint64"))
        return self._cue_ids[id(lex)][1]

    def reads(self, doc: Doc) -> bool:
        """Whether the model can read ``doc``: it carries the stock token vectors the model was
        trained on (another base model leaves other ones, or none: the rules alone then)."""
        if self.tensor_width is None or has_tensor(doc, self.tensor_width):
            return True
        if not self._warned:
            self._warned = True
            log.warning("quote model off for this pipeline: its docs carry no %d-wide stock token vectors "
                        "(tensor %s); the rules run alone", self.tensor_width, getattr(doc.tensor, "shape", None))
        return False

    def spans(self, doc: Doc, sents: list[Span] | None = None) -> list[tuple[str, int, int]]:
        """(label, start token, end token) of the model's spans in the sentences ``sents``
        (default: the whole doc), read on one copy of those sentences, so the doc's entities
        are never touched."""
        return self.spans_of([(doc, sents)])[0]

    def spans_of(self, asked: list[tuple[Doc, list[Span] | None]]) -> list[list[tuple[str, int, int]]]:
        """`spans` of several docs, their copies read by the model in one batch: each copy is
        read on its own (the same spans as one at a time), with thinc's per-call work done once
        per batch (390 BBC articles, the quotes component in batches of 32: 2.11-2.50 -> 1.82-2.09
        CPU s)."""
        indexes, parts = [], []
        for doc, sents in asked:
            for label in LABELS:
                doc.vocab.strings.add(label)  # the model's labels, read back through the doc's vocab
            sents = list(doc.sents) if sents is None else sents
            if not sents or not self.reads(doc):
                indexes.append(None)
                continue
            index = numpy.concatenate([numpy.arange(s.start, s.end) for s in sents])
            part = sentence_copy(doc, index)
            if self.tensor_width is not None:
                part.tensor = doc.tensor[index]
            indexes.append(index)
            parts.append(part)
        read = iter(self.component.pipe(parts, batch_size=max(len(parts), 1)))
        return [[] if index is None else [(e.label_, int(index[e.start]), int(index[e.end - 1]) + 1) for e in next(read).ents]
                for index in indexes]


def sentence_copy(doc: Doc, index) -> Doc:
    """A new Doc of the tokens ``index`` (whole sentences, in order) with what the model reads:
    the words, the tags and dependency labels, and the sentence starts (an entity never crosses
    one). No heads (the model reads none) and no entities: every token's entity is unknown.
    Built from arrays: ``Span.as_doc`` per run of sentences cost a third as much as the model."""
    strings = doc.vocab.strings
    values = doc.to_array([ORTH, SPACY, TAG, DEP, SENT_START])[index]
    copy = Doc(doc.vocab, words=[strings[int(o)] for o in values[:, 0]], spaces=values[:, 1].astype(bool).tolist())
    return copy.from_array([TAG, DEP, SENT_START], values[:, 2:])


def cue_words(lex: Lexicon) -> set[str]:
    """Lemmas and words the cue of a kept row is nearly always among: the lexicon's verbs taking
    a clause (with the raising and passive ones) and the first word of its source prepositions
    ("according"). Not its object verbs ("list", "champion": a quarter of the words read, for
    few rows), holder verbs or reporting nouns: the CPU budget (docs/quotes.md)."""
    return set(lex.verbs) | set(lex.passive) | set(lex.raising) | {words[0] for words in lex.source_preps}


def cue_sentences(ctx, rows: list[dict], ids: numpy.ndarray) -> list[Span]:
    """The sentences the model is run on: no rule row overlaps them (there its contents would be
    dropped) and a token's lemma, lower-case form or mark is one of ``ids``
    (``QuoteModel.cue_ids``): a kept content needs a cue."""
    doc = ctx.doc
    sents = list(doc.sents)
    if not sents:
        return []
    cued = _within(doc.to_array([LEMMA, LOWER]), ids).any(axis=1)
    has_cue = numpy.add.reduceat(cued, [s.start for s in sents]) > 0
    if rows:
        bounds = numpy.array([(s.start_char, s.end_char) for s in sents])
        taken = numpy.array([(r["start_char"], r["end_char"]) for r in rows])
        read = (bounds[:, :1] < taken[:, 1]) & (taken[:, 0] < bounds[:, 1:])  # sentence x row overlap
        has_cue &= ~read.any(axis=1)
    return [s for s, keep in zip(sents, has_cue) if keep]


def _within(values: numpy.ndarray, ids: numpy.ndarray) -> numpy.ndarray:
    """``numpy.isin(values, ids)`` for ``ids`` sorted and not empty, by binary search: isin sorts
    the values with the ids on every call (390 BBC articles: 0.061 -> 0.013 CPU s)."""
    at = numpy.minimum(numpy.searchsorted(ids, values), len(ids) - 1)
    return ids[at] == values


def load_quote_model(path: str | Path | None) -> QuoteModel | None:
    """The model at ``path``, or None when there is none (the rules alone then, said once in the
    log when a path was named)."""
    if not path:
        return None
    if not (Path(path) / "meta.json").exists():
        log.warning("no quote model at %s: the rules run alone (`make model-quotes` builds it)", path)
        return None
    return QuoteModel(path)


def joined(doc: Doc, spans: list[tuple[str, int, int]], label: str) -> list[tuple[int, int]]:
    """The model's spans of one label, a span continuing across a sentence start (the model
    cuts there: an entity never crosses one) joined back into one."""
    out: list[list[int]] = []
    for lab, s, e in sorted((x for x in spans if x[0] == label), key=lambda x: x[1]):
        if out and doc[s].is_sent_start and all(t.is_space for t in doc[out[-1][1] : s]):
            out[-1][1] = e
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _nearest(spans: list[tuple[int, int]], content: Span) -> Span | None:
    """The span of the content's sentence(s) nearest to it, outside it."""
    doc = content.doc
    first, last = content[0].sent.start, content[-1].sent.end
    best = None
    for s, e in spans:
        if s < first or e > last or (s < content.end and e > content.start):
            continue
        gap = content.start - e if e <= content.start else s - content.end
        if best is None or gap < best[0]:
            best = (gap, doc[s:e])
    return best[1] if best else None


def _cue_token(cue: Span | None, content: Span) -> Token | None:
    if cue is not None:
        return cue.root
    head = content.root.head
    if head.i != content.root.i and not (content.start <= head.i < content.end) and head.pos_ in {"VERB", "NOUN", "ADJ"}:
        return head
    return None


def _attribution(ctx, content: Span, cues: list[tuple[int, int]], sources: list[tuple[int, int]]) -> Attribution | None:
    cue = _cue_token(_nearest(cues, content), content)
    att = ctx.attribution(cue) if cue is not None else None
    if att is not None and att.speaker is not None:
        return att
    source = _nearest(sources, content)
    if source is None:
        return att
    kind, entity_id = ctx.resolve(source.root, source.start_char, source.end_char)
    return Attribution(att.cue if att else None, (source.start_char, source.end_char), kind, entity_id)


def _kind(text: str, start: int, end: int) -> tuple[str, int, int]:
    """direct (the marks taken off, as the rules' direct rows have them), mixed, or indirect."""
    words = text[start:end]
    if len(words) > 2 and words[0] in MARKS and words[-1] in MARKS:
        return "direct", start + 1, end - 1
    if any(m in words for m in "“”\""):
        return "mixed", start, end
    return "indirect", start, end


def model_rows(ctx, rows: list[dict], spans: list[tuple[str, int, int]]) -> list[dict]:
    """Rows for the model's contents in sentences no rule row reads."""
    doc, text = ctx.doc, ctx.text
    taken = [(r["start_char"], r["end_char"]) for r in rows]
    cues, sources = joined(doc, spans, "CUE"), joined(doc, spans, "SOURCE")
    out = []
    for s, e in joined(doc, spans, "CONTENT"):
        content = doc[s:e]
        start, end = content.start_char, content.end_char
        first, last = content[0].sent, content[-1].sent
        if any(a < last.end_char and first.start_char < b for a, b in taken) or not any(c.isalnum() for c in content.text):
            continue  # a sentence a rule already reads, or no word
        att = _attribution(ctx, content, cues, sources)
        if att is None or att.cue is None or att.speaker is None or len(text[start:end].split()) < MIN_WORDS:
            continue
        kind, start, end = _kind(text, start, end)
        out.append(ctx.row(kind, start, end, att, RULE))
    return out
