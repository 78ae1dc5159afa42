"""The label sets and word lists that more than one module of the entity passes reads."""
from __future__ import annotations

# Label and dash classes shared with quotes and events are in transforms/labels.py.
# Grammar, kept in code: spaCy labels, punctuation and function words (closed classes). Word
# lists a user could extend are data in seeds/reference/entity_*.csv (``Reference``).

# Labels whose names are proper names of one thing, so another occurrence of the same words
# elsewhere in the article is very likely the same thing (not true of e.g. NORP "Chinese"
# used as an adjective, which stays as tagged).
PROPAGATED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
# Labels whose names never end in a score, a year or a phone prefix ("Tarrant 5-1-22-0",
# "Bosnia 2021-03-15"); products, events and works do ("Windows 95", "Apollo 11").
NUMBERLESS_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})
# Labels of the "<Noun> of ..." names a bare head noun can stand for ("the Ministry").
HEADED_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’", "'S", "’S"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "across", "outside", "inside", "around"})
# Words skipped when reading an acronym off a name: "Organisation of the Islamic Conference".
ACRONYM_FILLERS = frozenset({"of", "the", "and", "for", "in", "on", "at", "de", "du", "des", "la", "&"})
