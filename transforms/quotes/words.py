"""Word and punctuation classes shared by several quote stages. Only grammar stays code here
and in the rules: spaCy labels, punctuation, and closed-class function words (pronouns,
determiners, prepositions, conjunctions); vocabulary a user could extend is in
seeds/reference/quote_*.csv, read by lexicon.load_lexicon."""
from __future__ import annotations

import re


# A quotation ending in one of these hands over to an attribution after it ("...," he said).
HANDS_OVER = tuple(",?!—–-…")


# Parts of speech of a speaker phrase ("the state's senior senator", "Smith, 54,") and of the
# auxiliaries and adverbs before its cue ("has since said").
SPEAKER_POS = {"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PART", "PUNCT", "SPACE", "AUX", "ADV"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


# Subjects that are people whatever the verb: a colon after their clause introduces their words.
SPEAKING_PRONOUNS = {"i", "we", "he", "she"}  # closed-class personal pronouns: grammar, stays code
# Subjects that name nobody (dummy, demonstrative and relative words): "it said", "what follows".
NO_SPEAKER_WORDS = frozenset({"it", "there", "this", "that", "which", "what"})
# Marks that close a quotation: curly, straight, and two apostrophes (some wires).
CLOSING_MARKS = frozenset({"”", '"', "''"})


# “...” ― Maria Lopez: a dash then a capitalised name of up to five words ending the paragraph.
DASH_CREDIT = re.compile(r"[^\S\n]*(―|—|–|--)[^\S\n]*((?:[A-Z][\w’'.\-]*[^\S\n]?){1,5}?)[^\S\n]*[.,]?[^\S\n]*$", re.MULTILINE)
# A paragraph crediting the quotation above it: "- Maria Lopez." or "-Maria Lopez, a farmer."
DASH_CREDIT_BELOW = re.compile(r"[^\S\n]*(―|—|–|--|-)[^\S\n]*((?:[A-Z][\w’'.\-]*[^\S\n]?){1,5}?)[^\S\n]*(?:\.|,[^\n]*)?[^\S\n]*$", re.MULTILINE)
PARENTHESIS = {",", "—", "–", "--"}


# Verb classes (object control, naming, not reporting) and titles are vocabulary: the lexicon's
# verb_classes and titles, read from seeds/reference/quote_verb_classes.csv and entity_affixes.csv (honorifics).
# Dependency labels stay code.
NAMING_DEPS = {"oprd", "dobj", "dative", "auxpass", "nsubjpass", "prep", "ccomp", "xcomp", "prt"}
CONCESSION = re.compile(r",\s+(?:although|though|even though)\b")
SPEAKER_BREAKS = {"―", "—", "–", "--", ":", ";"}


# Dependents ending a verb's complements: what follows them is the author's, not the source's.
COMPLEMENT_STOPS = {"punct", "advcl", "conj", "cc", "parataxis", "relcl", "mark", "dep"}
# Closed-class prepositions and conjunctions opening a time or place adjunct: grammar, stays code.
ADJUNCT_PREPS = {"during", "after", "before", "since", "amid", "at", "in", "while", "following"}


# Quotations shorter than this that are not introduced by a cue are scare quotes or titles.
MIN_FREE_WORDS = 4
