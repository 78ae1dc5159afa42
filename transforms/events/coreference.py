"""Stage 2c, coreference: the entity a pronoun argument stands for ("It threatened ...", "he
ordered ..."). The argument keeps its span as written; only its ``entity_id`` is the
antecedent's.

Rule ``subject_antecedent``: a pronoun continues the subject of the clause it is governed by
("Acme Corp said that it bought a rival", "Norway stayed neutral until it joined the alliance"), else of
the sentence before ("Ann Lee ran the campaign. She ..."). The nearest subject that could be
meant decides: a name of the right kind (a person of the right gender for he/she, an
organization or a state for it/its) is the answer, the same pronoun stands for what that one
stands for, and a noun that could be meant but is no name ("the letter" for it, "a spokeswoman"
for she) makes the pronoun nobody's entity. A pronoun that is the subject, object or
prepositional object of a verb is not that verb's subject ("Police charged her"); a possessive
may be ("Acme agreed to raise its prices").

The forms, what they refer to and the genders of names come from the quotes component
(`quote_pronouns.csv`, `quote_person_nouns.csv`, first names and titles through
`transforms.quotes.context.QuoteContext`).
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from transforms.entities import entity_id_at
from transforms.quotes.context import QuoteContext
from transforms.quotes.lexicon import Lexicon, Referent

# The rules that give a pronoun argument its entity (`event_arguments.rule` names the relation
# that found the argument, not this: named here and in docs/events.md).
RULES = {"subject_antecedent": "the subject of the clause above the pronoun, else of the sentence before"}
# What each kind of referent may stand for, by entity label.
ANTECEDENT_LABELS = {"PERSON": frozenset({"PERSON"}), "ORG": frozenset({"ORG", "GPE"})}
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
CLAUSE_POS = frozenset({"VERB", "AUX"})
# How many pronouns a chain may pass through ("He ... he ... he").
MAX_DEPTH = 2


class PronounResolver:
    """One document's pronoun lookups; the quotes context (genders of names) is built on the
    first pronoun met."""

    def __init__(self, doc: Doc, lexicon: Lexicon | None):
        self.doc = doc
        self.lexicon = lexicon
        self._context: QuoteContext | None = None
        self._labels: dict[str, str] | None = None

    def entity_of(self, tok: Token, depth: int = 0) -> str | None:
        """The entity id pronoun ``tok`` stands for, None when it is no personal pronoun of the
        table or no name can be told to be its antecedent."""
        referent = self._referent(tok)
        if referent is None:
            return None
        if self._context is None:
            self._context = QuoteContext(self.doc, self.lexicon)
            self._labels = {m[3]: m[2] for m in self._context.mentions if m[3] is not None}
        for subj in self._subjects(tok):
            found, done = self._meant(subj, referent, depth)
            if done:
                return found
        return None

    def _referent(self, tok: Token) -> Referent | None:
        if self.lexicon is None or tok.pos_ != "PRON":
            return None
        referent = self.lexicon.referents.get(tok.lower_)
        return referent if referent is not None and referent.refers_to in ANTECEDENT_LABELS else None

    @staticmethod
    def _subjects(tok: Token):
        """The subjects of the clauses above ``tok``, nearest first, then the previous
        sentence's main subject."""
        own = tok.dep_ != "poss"
        for node in tok.ancestors:
            if node.pos_ not in CLAUSE_POS:
                continue
            if own:  # the pronoun's own verb: its subject is someone else
                own = False
                continue
            yield from (c for c in node.children if c.dep_ in SUBJECT_DEPS and c.i != tok.i)
        sent = tok.sent
        if sent.start > 0:
            yield from (c for c in tok.doc[sent.start - 1].sent.root.children if c.dep_ in SUBJECT_DEPS)

    def _meant(self, subj: Token, referent: Referent, depth: int) -> tuple[str | None, bool]:
        """(entity, decided) for one subject: decided when it is the antecedent or could be."""
        if subj.pos_ == "PRON":
            if self._referent(subj) == referent and depth < MAX_DEPTH:
                return self.entity_of(subj, depth + 1), True
            return None, False
        entity_id = entity_id_at(self.doc, subj.idx, subj.idx + len(subj))
        if entity_id is not None:
            label = self._labels.get(entity_id)
            if label not in ANTECEDENT_LABELS[referent.refers_to]:
                return None, False
            gender = self._context.genders.get(entity_id)
            if referent.gender and gender and gender != referent.gender:
                return None, False
            return entity_id, True
        return None, self._could_be(subj, referent)

    def _could_be(self, noun: Token, referent: Referent) -> bool:
        """A noun that is no name but could be what the pronoun stands for: a singular person
        noun for he/she, any other singular noun for it."""
        if noun.tag_ not in ("NN", "NNP"):
            return False
        person = noun.lower_ in self.lexicon.person_nouns
        return person if referent.refers_to == "PERSON" else not person
