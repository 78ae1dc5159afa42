"""The model's attribute ruler, applied without spaCy's Matcher: the same rules, the same result.

English pipelines map each fine-grained tag to its coarse part of speech and morphology, and
fix a few lemmas, with an `attribute_ruler` of ~180 Matcher patterns. Almost all of them test
one token's tag, lower-case form or dependency label, yet the Matcher walks every pattern's
state machine over every token: 12-15 % of the small model's CPU per document (measured on BBC
news, more than Dateline's three components together). `compile_ruler` reads the model's own
patterns into lookup tables keyed by tag and by lower-case form, and `FastAttributes` applies
them with the AttributeRuler's semantics: every pattern is matched against the document as the
parser left it, then the matches are applied in the order the patterns were added, a later one
overriding an earlier one, each on the token at its pattern's index.

Patterns using anything else (operators, other attributes or predicates) are not compiled: the
pipeline then keeps the model's own ruler (`swap_attribute_ruler` returns False).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.attrs import IDS
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

# Token attributes a compiled pattern may test, as columns of `Doc.to_array`.
COLUMNS = ("TAG", "LOWER", "ORTH", "DEP", "IS_SPACE")
ALIASES = {"TEXT": "ORTH"}
WRITTEN = ("TAG", "POS", "MORPH", "LEMMA")  # attributes set column-wise; any other token by token
CACHE_ROWS = 200_000  # distinct token rows remembered (a row is a few ints)


class Unsupported(ValueError):
    """A pattern the compiled ruler cannot apply exactly as the Matcher would."""


@dataclass
class Test:
    """One attribute test of one token spec."""
    column: int
    equals: int | None = None
    within: frozenset[int] | None = None
    outside: frozenset[int] | None = None
    regex: re.Pattern | None = None

    def __call__(self, row: tuple[int, ...], strings) -> bool:
        value = row[self.column]
        if self.equals is not None:
            return value == self.equals
        if self.within is not None:
            return value in self.within
        if self.outside is not None:
            return value not in self.outside
        return self.regex.search(strings[value]) is not None


@dataclass
class Rule:
    """One Matcher pattern of one ruler entry: token specs, and which entry (order) it applies."""
    entry: int
    specs: list[list[Test]]
    index: int

    def matches_at(self, rows: list[tuple[int, ...]], i: int, strings) -> bool:
        if i + len(self.specs) > len(rows):
            return False
        return all(all(t(rows[i + k], strings) for t in spec) for k, spec in enumerate(self.specs))


@dataclass
class CompiledRuler:
    attrs: list[dict]  # per entry, the ruler's normalized attributes
    rules: list[Rule] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the token columns the rules test, in row order


def _test(vocab, col: int, column: str, value) -> Test:
    if column == "IS_SPACE":
        if not isinstance(value, bool):
            raise Unsupported(f"IS_SPACE {value!r}")
        return Test(col, equals=int(value))
    if isinstance(value, str):
        return Test(col, equals=vocab.strings.add(value))
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
            hashes = frozenset(vocab.strings.add(v) for v in arg)
            return Test(col, within=hashes) if op == "IN" else Test(col, outside=hashes)
        if op == "REGEX" and isinstance(arg, str):
            return Test(col, regex=re.compile(arg))
    raise Unsupported(f"{column} {value!r}")


def compile_ruler(ruler) -> CompiledRuler:
    """Lookup tables from an AttributeRuler's patterns; raises Unsupported for any other shape."""
    vocab = ruler.vocab
    compiled = CompiledRuler(list(ruler.attrs))
    for entry, pattern in enumerate(ruler.patterns):
        for token_specs in pattern["patterns"]:
            specs = []
            for spec in token_specs:
                tests = []
                for key, value in spec.items():
                    column = ALIASES.get(key.upper(), key.upper())
                    if column not in COLUMNS:
                        raise Unsupported(f"attribute {key!r}")
                    if column not in compiled.columns:
                        compiled.columns.append(column)
                    tests.append(_test(vocab, compiled.columns.index(column), column, value))
                specs.append(tests)
            if not specs or not -len(specs) <= pattern["index"] < len(specs):
                raise Unsupported(f"index {pattern['index']} of a {len(specs)}-token pattern")
            compiled.rules.append(Rule(entry, specs, pattern["index"] % len(specs)))
    return compiled


class FastAttributes:
    """A pipeline component doing what the model's AttributeRuler does, from compiled tables.

    What one-token rules do depends only on a token's tested columns, so it is looked up once
    per distinct row, and worked out once per distinct shape of row (`_shape`: a word no rule
    names is any such word: from cold, about one token in five of BBC articles was a row not
    seen before, each tried against its tag's rules); rules of several tokens are tried where their first token passes. The
    attributes are written as whole columns (`Doc.from_array`), or token by token for any
    attribute outside WRITTEN."""

    def __init__(self, vocab, name: str = "attribute_ruler", compiled: CompiledRuler | None = None,
                 fallback: AttributeRuler | None = None):
        self.vocab, self.name = vocab, name
        self.written = [IDS[c] for c in WRITTEN]
        self.compiled = compiled or CompiledRuler([])
        self.fallback = fallback  # the model's own ruler, for a document the fast path fails on

    # Saved as the model's own ruler (its patterns are the source of truth) and compiled again when
    # loaded, so a pipeline written with `nlp.to_disk` loads with `spacy.load` and annotates alike.
    def to_disk(self, path, *, exclude=tuple()) -> None:
        self._stock().to_disk(path, exclude=exclude)

    def from_disk(self, path, *, exclude=tuple()) -> "FastAttributes":
        return self._load(AttributeRuler(self.vocab, self.name).from_disk(path, exclude=exclude))

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        return self._stock().to_bytes(exclude=exclude)

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "FastAttributes":
        return self._load(AttributeRuler(self.vocab, self.name).from_bytes(data, exclude=exclude))

    def _stock(self) -> AttributeRuler:
        if self.fallback is None:
            raise ValueError("an empty dateline_attributes has no rules to save: build it with swap_attribute_ruler")
        return self.fallback

    def _load(self, stock: AttributeRuler) -> "FastAttributes":
        self.compiled, self.fallback = compile_ruler(stock), stock
        return self

    def __call__(self, doc: Doc) -> Doc:
        try:
            return self._apply(doc)
        except Exception:  # noqa: BLE001 - never seen; the model's ruler then does it the slow way
            if self.fallback is None:
                raise
            return self.fallback(doc)

    @property
    def compiled(self) -> CompiledRuler:
        return self._compiled

    @compiled.setter
    def compiled(self, compiled: CompiledRuler) -> None:
        self._compiled = compiled
        self.columns = [IDS[c] for c in compiled.columns] or [IDS["ORTH"]]
        self._single = {}  # row -> (entries of the one-token rules it passes, longer rules it may start)
        self._by_shape = {}  # the same by `_shape`, for a row not seen yet
        # Per column, the values its tests name and its regular expressions (`_shape`).
        self._named: list[set[int]] = [set() for _ in self.columns]
        self._regexes: list[list[re.Pattern]] = [[] for _ in self.columns]
        for rule in compiled.rules:
            for spec in rule.specs:
                for t in spec:
                    if t.equals is not None:
                        self._named[t.column].add(t.equals)
                    elif t.regex is not None:
                        self._regexes[t.column].append(t.regex)
                    else:
                        self._named[t.column].update(t.within if t.within is not None else t.outside)
        self._merged = {}  # entries -> their attributes merged in order, as `_merge` splits them
        # One-token rules by the value they require of one column (the most selective first),
        # so a new row is tried against a few rules, not all of them.
        self._keyed: dict[tuple[int, int], list[Rule]] = {}
        self._unkeyed: list[Rule] = []
        order = [compiled.columns.index(c) for c in ("TAG", "LOWER", "ORTH") if c in compiled.columns]
        for rule in compiled.rules:
            if len(rule.specs) > 1:
                continue
            exact = {t.column: t.equals for t in rule.specs[0] if t.equals is not None}
            col = next((c for c in order if c in exact), None)
            if col is None:
                self._unkeyed.append(rule)
            else:
                self._keyed.setdefault((col, exact[col]), []).append(rule)
        self._key_columns = sorted({col for col, _ in self._keyed})
        self._longer = [r for r in compiled.rules if len(r.specs) > 1]

    def _lookup(self, row: tuple[int, ...], strings) -> tuple[tuple[int, ...], tuple[Rule, ...]]:
        """The entries of the one-token rules a row passes, and the longer rules it may start."""
        found = self._single.get(row)
        if found is None:
            if len(self._single) > CACHE_ROWS:
                self._single.clear()
                self._by_shape.clear()
            shape = self._shape(row, strings)
            found = self._by_shape.get(shape)
            if found is None:
                candidates = [r for col in self._key_columns for r in self._keyed.get((col, row[col]), ())]
                found = self._by_shape[shape] = (
                    tuple(sorted({r.entry for r in candidates + self._unkeyed if r.matches_at([row], 0, strings)})),
                    tuple(r for r in self._longer if all(t(row, strings) for t in r.specs[0])))
            self._single[row] = found
        return found

    def _shape(self, row: tuple[int, ...], strings) -> tuple[int, ...]:
        """The row with each value no test names, and no regular expression of its column
        matches, as -1: every test answers for such a value as for any other of them (equal to
        none, within no set, outside every set, matching no expression), so rows of one shape
        pass the same rules. A new word of a known tag and dependency is then no new row."""
        shape = []
        for col, value in enumerate(row):
            if value in self._named[col]:
                shape.append(value)
                continue
            regexes = self._regexes[col]
            shape.append(value if regexes and any(r.search(strings[value]) for r in regexes) else -1)
        return tuple(shape)

    def _apply(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        rows = [tuple(r) for r in doc.to_array(self.columns).tolist()]
        hits: dict[int, tuple[int, ...]] = {}
        starts = []
        for i, row in enumerate(rows):
            entries, longer = self._lookup(row, strings)
            if entries:
                hits[i] = entries
            if longer:
                starts.append((i, longer))
        for i, rules in starts:
            for rule in rules:
                if rule.matches_at(rows, i, strings):
                    j = i + rule.index
                    hits[j] = tuple(sorted({*hits.get(j, ()), rule.entry}))
        if not hits:
            return doc
        values = doc.to_array(self.written)
        by_token = []
        for i, entries in hits.items():
            in_columns, others = self._merged.get(entries) or self._merge(entries)
            for column, value in in_columns:
                values[i, column] = value
            if others:
                by_token.append((i, others))
        doc.from_array(self.written, values)
        if by_token:  # rare attributes: spaCy's public way to set any of them on one token
            with doc.retokenize() as retokenizer:
                for i, others in by_token:
                    retokenizer.merge(doc[i:i + 1], attrs=others)
        return doc

    def _merge(self, entries: tuple[int, ...]) -> tuple[list[tuple[int, int]], dict]:
        """The attributes of ``entries`` applied in order (a later one overrides), once per
        distinct set: (column of WRITTEN, value) pairs, and the rest to set token by token."""
        merged = {}
        for entry in entries:
            merged.update(self._compiled.attrs[entry])
        in_columns = [(self.written.index(a), v) for a, v in merged.items() if a in self.written]
        others = {a: v for a, v in merged.items() if a not in self.written}
        self._merged[entries] = (in_columns, others)
        return in_columns, others


@Language.factory("dateline_attributes", requires=["token.tag", "token.lower", "token.dep"],
                  assigns=["token.pos", "token.morph", "token.lemma"])
def make_fast_attributes(nlp: Language, name: str) -> FastAttributes:
    """Empty until `swap_attribute_ruler` gives it the model's compiled rules, or `from_disk`
    the saved ones."""
    return FastAttributes(nlp.vocab, name)


def swap_attribute_ruler(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Replace the pipeline's AttributeRuler by its compiled twin, under the same name; False
    (and the model's own ruler kept) when there is none or a pattern does not compile."""
    if name not in nlp.pipe_names or not isinstance(nlp.get_pipe(name), AttributeRuler):
        return False
    stock = nlp.get_pipe(name)
    try:
        compiled = compile_ruler(stock)
    except Unsupported:
        return False
    position = nlp.pipe_names.index(name)
    nlp.remove_pipe(name)
    nlp.add_pipe("dateline_attributes", name=name, before=nlp.pipe_names[position] if position < len(nlp.pipe_names) else None)
    fast = nlp.get_pipe(name)
    fast.compiled, fast.fallback = compiled, stock
    return True
