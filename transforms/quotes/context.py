"""The per-document context the stages share: quotations, token lookups, mentions, and the row builder."""
from __future__ import annotations

from bisect import bisect_right
import copy
import re

from spacy.tokens import Doc, Span, Token

from transforms.datelines import dateline_of
from transforms.labels import SPEAKER_LABELS
from transforms.quotes.boundaries import BoundaryRules
from transforms.quotes.content import ContentRules
from transforms.quotes.content_complement import ComplementRules
from transforms.quotes.content_sources import SourceRules
from transforms.quotes.content_unsourced import UnsourcedRules
from transforms.quotes.content_words import WordComplementRules
from transforms.quotes.continuation import ContinuationRules
from transforms.quotes.coreference import CoreferenceRules, _genders, _mentions
from transforms.quotes.cues import CueRules
from transforms.quotes.lexicon import Lexicon, Referent
from transforms.quotes.marks import PARAGRAPH, Quotation, find_quotations
from transforms.quotes.speakers import SpeakerRules
from transforms.quotes.transcripts import TranscriptRules
from transforms.quotes.values import Attribution


class _Context(CueRules, SpeakerRules, CoreferenceRules, ContentRules, ComplementRules, UnsourcedRules, WordComplementRules, SourceRules, BoundaryRules, ContinuationRules, TranscriptRules):
    """One document's quotations, token lookups and mentions, shared by the passes."""

    def __init__(self, doc: Doc, lexicon: Lexicon):
        self.doc = doc
        self.text = doc.text
        self.lex = lexicon
        self.quotations = find_quotations(self.text)
        self.q_opens = [q.open for q in self.quotations]
        self.paragraph_starts = [m.start() for m in PARAGRAPH.finditer(self.text)]
        dateline = dateline_of(self.text)
        self.dateline_end = dateline.end if dateline else -1  # where the story's prose starts after a wire dateline
        self.mentions = _mentions(doc)
        self.mention_starts = [m[0] for m in self.mentions]
        self.genders = _genders(doc, self.mentions, lexicon.first_names, lexicon.titles, self.text)
        self.prep_starts = {words[0] for words in lexicon.source_preps}
        # The cue tokens of the attributed direct quotes, read by ``_clause_end``: known only after
        # pass 2, so pass 3 runs on a copy that has them (``with_quote_cues``); empty before.
        self.quote_cues: frozenset[int] = frozenset()
        self._antecedents: dict[tuple[int, Referent, int], str | None] = {}

    def with_quote_cues(self, cues: set[int] | frozenset[int]) -> "_Context":
        """This context for the stages after attribution: the same lookups (shared, read-only)
        and the cue tokens of the attributed quotations; this one is left as it was."""
        later = copy.copy(self)
        later.quote_cues = frozenset(cues)
        return later

    def quotation_at(self, char: int) -> int | None:
        i = bisect_right(self.q_opens, char) - 1
        if i >= 0 and self.quotations[i].open <= char <= self.quotations[i].close:
            return i
        return None

    def quoted(self, token: Token) -> bool:
        return self.quotation_at(token.idx) is not None

    def named(self, token: Token) -> bool:
        """The token is in a mention of a person, organisation, group or place."""
        i = bisect_right(self.mention_starts, token.idx) - 1
        return i >= 0 and self.mentions[i][0] <= token.idx < self.mentions[i][1] and self.mentions[i][2] in SPEAKER_LABELS

    def paragraph_of(self, char: int) -> int:
        return bisect_right(self.paragraph_starts, char) - 1

    def tokens_between(self, start: int, end: int) -> Span | None:
        if end <= start:
            return None
        return self.doc.char_span(start, end, alignment_mode="contract")

    def lemma(self, token: Token) -> str:
        """The verb's lemma, repaired for inflected forms the model gets wrong ("hoping",
        "hoped", "hopes" -> "hop"; "rated" -> "rat"): a lemma of the lexicon read off the form."""
        lemma = token.lemma_.lower()
        if self._cue_lemma(lemma):
            return lemma
        form = token.lower_
        if form.endswith("ing"):
            candidates = (form[:-3] + "e", form[:-3])
        elif form.endswith("ed"):
            candidates = (form[:-1], form[:-2])
        elif form.endswith("s"):
            candidates = (form[:-1], form[:-2]) if form.endswith("es") else (form[:-1],)
        else:
            return lemma
        return next((c for c in candidates if self._cue_lemma(c)), lemma)

    def _cue_lemma(self, lemma: str) -> bool:
        lex = self.lex
        return lemma in lex.verbs or lemma in lex.object_verbs or lemma in lex.passive or lemma in lex.raising

    def is_title(self, qi: int) -> bool:
        """Every longer word capitalised: a title or a name in quotation marks."""
        q = self.quotations[qi]
        words = re.findall(r"[A-Za-z][\w'’]*", self.text[q.start : q.end])
        longer = [w for w in words if len(w) > 3]
        # One capitalised longer word may just open a sentence: with lower-case short words
        # around it, it is one ("Drop it now," is no title; "Early Start" is).
        return bool(longer) and all(w[0].isupper() for w in longer) \
            and (len(longer) > 1 or all(w[0].isupper() for w in words))

    def words(self, q: Quotation) -> int:
        return len(self.text[q.start : q.end].split())

    def is_cue_verb(self, token: Token) -> bool:
        return token.pos_ == "VERB" and self.lemma(token) in self.lex.verbs

    def _paragraph_bounds(self, paragraph: int) -> tuple[int, int]:
        start = self.paragraph_starts[paragraph]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end

    def row(self, kind: str, start: int, end: int, att: Attribution | None, rule: str) -> dict:
        """A quote row; ``rule`` is the name (``rules.RULES``) of the rule that found it."""
        cue = att.cue if att else None
        speaker = att.speaker if att else None
        return {
            "kind": kind,
            "text": self.text[start:end],
            "start_char": start,
            "end_char": end,
            "cue": cue.text if cue is not None else None,
            "cue_start": cue.start_char if cue is not None else None,
            "cue_end": cue.end_char if cue is not None else None,
            "speaker": self.text[speaker[0] : speaker[1]] if speaker else None,
            "speaker_start": speaker[0] if speaker else None,
            "speaker_end": speaker[1] if speaker else None,
            "speaker_entity_id": att.entity_id if att else None,
            "speaker_kind": att.speaker_kind if att else "none",
            "speaker_antecedent": self.relative_antecedent(speaker) if speaker else None,
            "rule": rule,
        }


# The public name for other components: the events stage resolves pronoun arguments with its
# `antecedent` (transforms/events/coreference.py).
QuoteContext = _Context
