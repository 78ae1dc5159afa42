"""Word and punctuation classes shared by several quote stages."""
from __future__ import annotations

import re


# A quotation ending in one of these hands over to an attribution after it ("...," he said).
HANDS_OVER = tuple(",?!—–-…")
NAME_LABELS = {"PERSON", "ORG", "NORP", "GPE"}


# Parts of speech of a speaker phrase ("the state's senior senator", "Smith, 54,") and of the
# auxiliaries and adverbs before its cue ("has since said").
SPEAKER_POS = {"PROPN", "NOUN", "PRON", "DET", "ADJ", "NUM", "PART", "PUNCT", "SPACE", "AUX", "ADV"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


# Subjects that are people whatever the verb: a colon after their clause introduces their words.
SPEAKING_PRONOUNS = {"i", "we", "he", "she"}


# “...” ― Maria Lopez: a dash then a capitalised name of up to five words ending the paragraph.
DASH_CREDIT = re.compile(r"[^\S\n]*(―|—|–|--)[^\S\n]*((?:[A-Z][\w’'.\-]*[^\S\n]?){1,5}?)[^\S\n]*[.,]?[^\S\n]*$", re.MULTILINE)
PARENTHESIS = {",", "—", "–", "--"}


# Verbs whose object does what the infinitive after it names ("the crisis led the minister to
# warn ...", "X urged voters to say ..."); "take several days to decide" is no such verb.
OBJECT_CONTROL_INFINITIVE = {
    "ask", "urge", "encourage", "tell", "lead", "force", "prompt", "push", "press", "order", "invite",
    "allow", "cause", "persuade", "convince", "inspire", "challenge", "dare", "remind", "warn",
    "compel", "pressure", "require", "implore", "beg", "instruct", "direct", "advise", "motivate",
    "drive", "spur", "provoke", "get", "want", "expect", "need"}


# Titles before a name ("told the BBC Mr Grant ...": where the name starts).
TITLES = {"mr", "ms", "mrs", "miss", "dr", "sir", "lord", "lady", "dame", "professor", "prof"}


# Verbs that name: with a predicate and nothing else they give a name, not a view.
NAMING = {"call", "dub", "name", "label", "brand", "term", "nickname"}
NAMING_DEPS = {"oprd", "dobj", "dative", "auxpass", "nsubjpass", "prep", "ccomp", "xcomp", "prt"}


# Verbs whose object does what the participle after it says ("left voters feeling", "shows
# him saying", "heard her telling").
OBJECT_CONTROL = {"leave", "find", "hear", "see", "catch", "watch", "show", "keep", "record", "film"}
CONCESSION = re.compile(r",\s+(?:although|though|even though)\b")
DASHES = {"—", "–", "--", "-", "―"}
SPEAKER_BREAKS = {"―", "—", "–", "--", ":", ";"}


# Verbs that govern a quoted phrase without reporting anything ("he is “sure”", "it has a “plan”").
NOT_REPORTING = {"be", "have", "do", "get", "make", "go", "come", "appear", "become", "seem", "take", "give"}


# Dependents ending a verb's complements: what follows them is the author's, not the source's.
COMPLEMENT_STOPS = {"punct", "advcl", "conj", "cc", "parataxis", "relcl", "mark", "dep"}
ADJUNCT_PREPS = {"during", "after", "before", "since", "amid", "at", "in", "while", "following"}


# Quotations shorter than this that are not introduced by a cue are scare quotes or titles.
MIN_FREE_WORDS = 4
