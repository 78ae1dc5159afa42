"""The model's lemmatizer, applied from a table of the lemmas it gave: the same lemmas, less CPU.

spaCy's rule lemmatizer reads one token at a time (a Token object per word, its text, part of
speech and morphology) and caches its answer by ``(orth, pos, morph)``; the walk itself cost
0.56 CPU s per 390 BBC articles with the cache warm (2.2 s cold), about 2 % of the spaCy pass.
What it returns depends on nothing but those three values (`Lemmatizer.rule_lemmatize`,
`EnglishLemmatizer.is_base_form`), so `FastLemmas` reads them as columns (`Doc.to_array`),
asks the model's lemmatizer once per distinct triple, and writes the lemma column back
(`Doc.from_array`), on the tokens the model's lemmatizer would write (all, or those with no
lemma yet: ``overwrite``). Its own cache skips the base forms (a singular noun, an infinitive:
two tokens in three), which it works out again every time.

A triple not seen yet is answered by a twin of the model's lemmatizer (`_solver`) whose word
index per part of speech is a set: the model's is a list (57,528 nouns), which
`rule_lemmatize` only asks ``form in index`` of, scanning it; same answers, without the scan.

A lemmatizer of another mode or class (not the rule lemmatizer, or one whose answer may depend
on more) is kept as it is (`swap_lemmatizer` returns False).
"""
from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

CACHE_SIZE = 500_000  # distinct (orth, pos, morph) triples remembered, then the table starts again


def _swappable(lemmatizer) -> bool:
    """The rule lemmatizer of spaCy or of its English subclass: an answer that depends on the
    token's orth, pos and morph only."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    return type(lemmatizer) in (Lemmatizer, EnglishLemmatizer) and lemmatizer.mode == "rule"


class FastLemmas:
    """A pipeline component setting the lemmas the model's lemmatizer sets, from a table."""

    def __init__(self, vocab, name: str = "lemmatizer", stock: Lemmatizer | None = None):
        self.vocab, self.name = vocab, name
        self.stock = stock  # also empties the table and the solver (`stock.setter`)

    @property
    def stock(self):
        return self._stock

    @stock.setter
    def stock(self, stock) -> None:
        self._stock, self._twin = stock, None
        self._lemmas: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma

    def _solver(self):
        """The model's lemmatizer with its word index as sets (the other tables as they are)."""
        if self._twin is None:
            stock = self.stock
            if not stock._validated:
                stock._validate_tables(Errors.E1004)  # no tables: the model's own error, as its __call__ raises it
            lookups = Lookups()
            for name in stock.lookups.tables:
                table = stock.lookups.get_table(name)
                lookups.add_table(name, {k: frozenset(v) for k, v in table.items()} if name == "lemma_index" else dict(table))
            twin = type(stock)(stock.vocab, None, stock.name, mode=stock.mode, overwrite=stock.overwrite)
            twin.initialize(lookups=lookups)
            self._twin = twin
        return self._twin

    # Saved and loaded as the model's own lemmatizer (its lookup tables).
    def to_disk(self, path, *, exclude=tuple()) -> None:
        self.stock.to_disk(path, exclude=exclude)

    def from_disk(self, path, *, exclude=tuple()) -> "FastLemmas":
        self.stock = self.stock.from_disk(path, exclude=exclude)
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return self.stock.to_bytes(exclude=exclude)

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "FastLemmas":
        self.stock = self.stock.from_bytes(data, exclude=exclude)
        return self

    def initialize(self, *args, **kwargs) -> None:
        self.stock.initialize(*args, **kwargs)
        self.stock = self.stock

    def __call__(self, doc: Doc) -> Doc:
        try:
            return self._apply(doc)
        except Exception:  # noqa: BLE001 - never seen; the model's lemmatizer then does it token by token
            return self.stock(doc)

    def _apply(self, doc: Doc) -> Doc:
        solver = self._solver()
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        if not len(values):
            return doc
        lemmas, overwrite, table = values[:, 3], self.stock.overwrite, self._lemmas
        if len(table) > CACHE_SIZE:
            table.clear()
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(values.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = table.get(key)
            if found is None:
                found = strings.add(solver.lemmatize(doc[i])[0])
                if pos:  # no part of speech: the model's lemmatizer warns each time; ask it each time
                    table[key] = found
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas)
        return doc


@Language.factory("dateline_lemmas", default_config={"mode": "rule", "overwrite": False},
                  requires=["token.pos", "token.morph"], assigns=["token.lemma"])
def make_fast_lemmas(nlp: Language, name: str, mode: str, overwrite: bool) -> FastLemmas:
    """The language's own lemmatizer (its tables come with `from_disk`), behind the table."""
    return FastLemmas(nlp.vocab, name, nlp.create_pipe("lemmatizer", name=name, config={"mode": mode, "overwrite": overwrite}))


def swap_lemmatizer(nlp: Language, name: str = "lemmatizer") -> bool:
    """Replace the pipeline's rule lemmatizer by `FastLemmas` around it, under the same name;
    False (the model's own kept) when there is none or it is of another kind."""
    if name not in nlp.pipe_names or not _swappable(nlp.get_pipe(name)):
        return False
    stock = nlp.get_pipe(name)
    position = nlp.pipe_names.index(name)
    nlp.remove_pipe(name)
    after = nlp.pipe_names[position] if position < len(nlp.pipe_names) else None
    nlp.add_pipe("dateline_lemmas", name=name, before=after, config={"mode": stock.mode, "overwrite": stock.overwrite})
    nlp.get_pipe(name).stock = stock
    return True
