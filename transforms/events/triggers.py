"""Stage 1, triggers: the words that announce an event, from the lexicon in event_types.csv.

A match is made by one named rule (`Trigger.rule`, the provenance every event row carries),
then dropped when any of the named `FILTERS` says the word is used in a sense that reports no
occurrence. Kept triggers are final: their phrase may start at a light verb ("issued a
statement").
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from transforms.labels import AGENT_LABELS, AMOUNT_LABELS, NAME_LABELS, PLACE_LABELS, TIME_LABELS
from transforms.events.reference import Domain, EventReference, TriggerEntry
from transforms.events.relations import controller

# Grammar, kept in code (vocabulary is in event_*.csv): spaCy dependency names.
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj", "appos", "ROOT"})
# Event types whose participles keep their event reading before a noun ("wounded soldiers",
# "damaged buildings"); a "US-built vehicle" only says where a thing comes from.
# Personal pronouns (a closed class): they stand for people.
PERSON_PRONOUNS = frozenset({"i", "me", "you", "he", "him", "she", "her", "we", "us", "they", "them", "who", "whom",
                             "nobody", "somebody", "anybody", "everybody", "someone", "anyone", "everyone"})
# Relative pronouns (a closed class): in "a truce that collapsed" the subject is the truce.
RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})
# Prepositions of a route or a destination (a closed class): "driven to the airport".
ROUTE_PREPOSITIONS = frozenset({"to", "into", "across", "from", "through", "towards", "toward", "home", "onto", "out"})
# Subordinators that set a condition (a closed class).
CONDITIONS = frozenset({"if", "unless"})
HARM_TYPES = frozenset({"Life.Die", "Life.Injure", "ArtifactExistence.DamageDestroyDisableDismantle"})

# The rules a trigger can be found by (the values of `events.rule`).
RULES = {
    "lexicon_verb": "a verb lemma of the lexicon marked /V (attacked)",
    "lexicon_noun": "a noun lemma of the lexicon marked /N or /H (the bombing)",
    "lexicon_adjective": "an adjective lemma of the lexicon marked /A (dead)",
    "lexicon_word": "a lemma of the lexicon with no part of speech, as any content word (arrest)",
    "lexicon_phrase": "a multiword entry, words in a row (blew up, executive order)",
    "surface_form": "a lexicon noun met by its lower-case form where the model's lemma differs (talks)",
    "noun_parsed_as_object": "a lexicon noun the tagger calls an adjective but the parse a noun (a $1 billion fine)",
    "split_particle": "a phrasal verb whose particle stands after its object (blew himself up)",
    "acts_on_event": "a verb that is an event only acting on another (lifted the ban)",
    "light_verb_noun": "a communication noun with the light verb that takes it (issued a statement)",
}


@dataclass(frozen=True)
class Match:
    """A lexicon entry found at doc[start:end], before the filters."""

    entry: TriggerEntry
    start: int
    end: int
    root: Token
    rule: str


@dataclass(frozen=True)
class Trigger:
    """A kept trigger: the lexicon word at doc[start:end], headed by ``head``, said by the
    phrase doc[phrase_start:end]."""

    entry: TriggerEntry
    start: int
    end: int
    head: Token
    phrase_start: int
    rule: str


def word_keys(tok: Token) -> tuple[str, ...]:
    # The small model's lemmas miss plurals of proper-cased or rare nouns ("talks"), so the
    # surface form is tried too.
    lemma, lower = tok.lemma_.lower(), tok.lower_
    return (lemma,) if lemma == lower else (lemma, lower)


def _pos_ok(tok: Token, pos: str | None) -> bool:
    if pos == "V":
        return tok.pos_ == "VERB"
    if pos == "A":
        return tok.pos_ == "ADJ"
    if pos in ("N", "H"):
        # "a $1 billion fine" is tagged ADJ but parsed as an object: trust the parse.
        return tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "ADJ" and tok.dep_ in NOMINAL_DEPS)
    return tok.pos_ in ("NOUN", "VERB", "ADJ", "PROPN")


def _rule(tok: Token, entry: TriggerEntry, n: int, by_form: bool) -> str:
    """The name of the rule that matched ``entry`` at ``tok`` over ``n`` tokens."""
    if entry.needs_event_object:
        return "acts_on_event"
    if len(entry.words) > 1:
        return "lexicon_phrase" if n > 1 else "split_particle"
    if by_form:
        return "surface_form"
    if entry.pos in ("N", "H"):
        return "lexicon_noun" if tok.pos_ in ("NOUN", "PROPN") else "noun_parsed_as_object"
    return {"V": "lexicon_verb", "A": "lexicon_adjective"}.get(entry.pos, "lexicon_word")


def _span_length(doc: Doc, i: int, entry: TriggerEntry) -> int | None:
    """How many tokens ``entry`` covers from doc[i], None when it does not match there."""
    tok, n = doc[i], len(entry.words)
    if i + n > len(doc):
        return None
    if any(entry.words[k] not in word_keys(doc[i + k]) for k in range(1, n)):
        # "blew himself up": a particle may stand after the verb's object.
        if n == 2 and tok.pos_ == "VERB" and any(c.dep_ == "prt" and c.lower_ == entry.words[1] for c in tok.children):
            return 1
        return None
    return n


def match_at(doc: Doc, i: int, ref: EventReference) -> Match | None:
    """The longest lexicon entry starting at doc[i]."""
    tok = doc[i]
    if tok.ent_type_ in NAME_LABELS or tok.ent_type_ in TIME_LABELS:
        return None
    best: tuple[TriggerEntry, int, str] | None = None
    for k, key in enumerate(word_keys(tok)):
        if k > 0 and tok.pos_ not in ("NOUN", "PROPN"):
            break  # a verb whose form is no lemma of its own is another verb's: "wound" (wind), "fighting" (fight)
        for entry in ref.triggers.get(key, ()):
            n = _span_length(doc, i, entry)
            if n is None or (n == 1 and not _pos_ok(tok, entry.pos)):
                continue
            if best is None or n > len(best[0].words):
                best = (entry, n, _rule(tok, entry, n, by_form=k > 0))
    if best is None:
        return None
    entry, n, rule = best
    return Match(entry, i, i + n, doc[i:i + n].root, rule)


def candidates(doc: Doc, ref: EventReference) -> list[int]:
    """The tokens whose lemma or lower-case form starts a trigger entry: the only ones
    `match_at` can match. Read from the Doc's arrays, each distinct string looked at once."""
    known = ref.key_memo
    strings = doc.vocab.strings
    out = []
    for i, pair in enumerate(doc.to_array([LOWER, LEMMA]).tolist()):
        for h in pair:
            hit = known.get(h)
            if hit is None:
                if len(known) > 500_000:
                    known.clear()
                hit = known[h] = h in strings and strings[h].lower() in ref.triggers
            if hit:
                out.append(i)
                break
    return out


def matches(doc: Doc, ref: EventReference) -> list[Match]:
    """Every lexicon match, longest first from left to right, none overlapping."""
    found: list[Match] = []
    free = 0  # the first token not inside a match found
    for i in candidates(doc, ref):
        if i < free:
            continue
        hit = match_at(doc, i, ref)
        if hit:
            found.append(hit)
            free = hit.end
    return found


# ---------------------------------------------------------------- filters
# Each takes a match, the head tokens of all matches and the reference; True drops the match.

def objects(root: Token) -> list[Token]:
    """The relation `object`: a direct object or passive subject, the noun a participle describes ("the
    photo released by police"), the noun a relative clause hangs from when the clause has a subject of
    its own and no other object or a relative pronoun as object ("the prices it charged", "the report
    which it released", #20 tenth round), and a noun trigger's of-, on- or against-object."""
    found = [c for c in root.children if c.dep_ in ("dobj", "nsubjpass")]
    if root.dep_ in ("acl", "amod") and root.tag_ == "VBN":
        found.append(root.head)
    if root.dep_ == "relcl" and root.pos_ == "VERB" and root.head is not root:
        pronouns = [c for c in found if c.lower_ in RELATIVE_PRONOUNS]
        subject = any(c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS for c in root.children)
        if pronouns or (not found and subject):
            found = [c for c in found if c not in pronouns] + [root.head]
    if root.pos_ != "VERB":
        found.extend(p for c in root.children if c.dep_ == "prep" and c.lower_ in ("of", "on", "against")
                     for p in c.children if p.dep_ == "pobj")
    return found


def related(root: Token, relation: str) -> list[Token]:
    """The words standing in ``relation`` (an event_senses.csv relation) to a trigger."""
    if relation == "object":
        return objects(root)
    if relation == "place_object":
        # a place name undergoing it: "the army captured Mosul", "the capture of Mosul"
        # (a passive subject is left out: the small model takes some people's names for places)
        return [t for t in related(root, "object") if t.ent_type_ in PLACE_LABELS and t.dep_ != "nsubjpass"]
    if relation == "subject":
        found = [c for c in root.children if c.dep_ == "nsubj"]
        if root.dep_ == "amod":
            found.append(root.head)  # "the collapsed ceasefire"
        if root.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ in RELATIVE_PRONOUNS for c in root.children):
            found.append(root.head)  # "a truce that the sides signed collapsed": the relative pronoun stands for the truce
        return found
    if relation == "particle":
        return [c for c in root.children if c.dep_ == "prt"]
    if relation == "modifier":
        found = [c for c in root.children if c.dep_ in ("compound", "amod", "nmod")]
        if root.pos_ != "VERB" and root.dep_ in ("acl", "appos") and root.head.i == root.i - 1:
            found.append(root.head)  # "a Commerce Committee hearing" parsed as hanging off "Committee"
        return found
    if relation == "governor":
        return [] if root.head is root else [root.head]
    if relation == "possessor":
        # the trigger owns something: "the prosecution's witness" names the side in court
        return [root.head] if root.dep_ == "poss" else []
    if relation == "owner":
        # the trigger noun's possessor: "the coach's departure", "her departure"
        return [c for c in root.children if c.dep_ == "poss"] if root.pos_ != "VERB" else []
    if relation == "clause":
        # a clausal complement that sets no condition: "warned that it would act unless they complied"
        # is coercion, "warned that the battle could last" a statement
        return [c for c in root.children if c.dep_ == "ccomp"
                and not any(t.dep_ == "mark" and t.lower_ in CONDITIONS for t in c.subtree)]
    if relation == "infinitive":
        return [c for c in root.children if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children)]
    if relation == "credit":
        # a wire story's credit line, "(Reporting by Ana Ruiz; Editing by Tom Hill)": a gerund
        # with no subject or auxiliary and a by-phrase
        if root.tag_ != "VBG" or any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in root.children):
            return []
        return [p for c in root.children if c.dep_ == "prep" and c.lower_ == "by" for p in c.children if p.dep_ == "pobj"]
    if relation == "agent":
        # a passive's by-agent and the words coordinated with it: "driven by envy and greed"
        return [t for c in root.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                for t in (p, *p.conjuncts)]
    if relation == "addressee_only":
        # an audience it is addressed to (a plural with no name, or "those"), when nothing is asked
        # of it (no for-phrase, no clause): "phones which appeal to younger buyers" attract; "appealed to
        # the public for help" asks, and so does an appeal to one party ("appealed to the president")
        if any(c.dep_ in ("xcomp", "ccomp", "advcl") or (c.dep_ == "prep" and c.lower_ == "for") for c in root.children):
            return []
        return [t for t in related(root, "prep_to") if t.ent_type_ not in PARTY_LABELS
                and (t.tag_ in ("NNS", "NNPS") or t.lower_ == "those")]
    if relation == "adverbial_clause":
        # a clause saying how or while it was done: "attacked the senator, saying he lied"
        return [c for c in root.children if c.dep_ == "advcl"]
    if relation == "complement":
        return [c for c in root.children if c.dep_ in ("acomp", "oprd")]
    if relation == "prep_governor":
        # the word the trigger's preposition hangs from: "sentenced to death", "prisoner of war"
        return [root.head.head] if root.dep_ == "pobj" and root.head.head is not root.head else []
    if relation == "plural":
        return [root] if root.tag_ in ("NNS", "NNPS") else []
    if relation == "mass":
        # a bare singular noun (no determiner, possessor or number): the mass sense ("weak demand
        # for steel", "music on demand"), not one made ("a demand for an inquiry", "their demand")
        return [root] if root.tag_ == "NN" and not any(
            c.dep_ in ("det", "poss", "nummod", "predet") for c in root.children) else []
    if relation.startswith("prep_"):
        return [p for c in root.children if c.dep_ == "prep" and c.lower_ == relation[5:]
                for p in c.children if p.dep_ in ("pobj", "pcomp")]
    return []


def acts_on_no_event(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"lift" is an event only when it acts on another one ("lifted the ban")."""
    return m.entry.needs_event_object and not any(c.dep_ == "dobj" and c.i in heads for c in m.root.children)


def kind_of_event(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"suicide bombing", "terrorism investigation": the modifier only says what kind of event
    the head noun is. ("bombing suspect" stays: the suspect is not an event.)"""
    return m.root.dep_ == "compound" and m.root.pos_ != "VERB" and m.root.head.i in heads


def kind_of_thing(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"protest movement", "arrest warrant": a kind of thing, not an occurrence (unless the head
    is in event_compound_heads.csv: "death toll")."""
    root = m.root
    return root.dep_ == "compound" and root.pos_ != "VERB" and not set(word_keys(root.head)) & ref.compound_heads


def _sense_related(root: Token, relation: str, ref: EventReference) -> list[Token]:
    """`related`, and two relations that tell people from things: `thing_agent`, a passive's
    by-agent that names no person or body ("rents driven up by a shortage", "prices driven by a
    poor harvest"; "driven by her father", and anything driven to, into, across a place,
    stays), `org_subject`, a subject that is an
    organization's name ("Northwind Holdings collapsed": a firm failing, no building falling),
    `person_owner`, a possessor or a name before the noun that is a person's ("the senator's rally"),
    `mass_governor`, the word a bare singular trigger noun hangs from ("put up for sale"), `bare_of`, an
    of-object with no determiner, possessor or number ("a flood of publicity"), `plural_of`, such
    an of-object in the plural ("an explosion of casinos"), and
    `active_prep_<preposition>`, a prepositional object of an active verb with no direct object
    ("built on her form")."""
    if relation == "thing_agent":
        if any(t.dep_ == "prep" and t.lower_ in ROUTE_PREPOSITIONS for t in root.subtree):
            return []  # "driven by a neighbour to the hospital": a journey, whoever the driver
        return [t for t in related(root, "agent") if t.ent_type_ not in PARTY_LABELS and t.lower_ not in PERSON_PRONOUNS
                and t.lemma_.lower() not in ref.person_nouns and t.lemma_.lower() not in ref.party_nouns]
    if relation == "org_subject":
        return [t for t in related(root, "subject") if t.ent_type_ == "ORG"]
    if relation == "person_owner":
        # a possessor or a name before the noun that is a person's: "the senator's rally", "a Lopez
        # rally" is a candidate's campaign event; "a rally for the jailed activist" stays
        return [c for c in root.children if c.dep_ in ("poss", "compound") and c.ent_type_ == "PERSON"]
    if relation == "mass_governor":
        # the word a bare singular trigger noun hangs from: "up for sale", "not for sale" (the
        # goods are offered); "damages for the sale of the unit" name one made
        return [root.head] if root.head is not root and related(root, "mass") else []
    if relation in ("bare_of", "plural_of"):
        # an of-object with no determiner, possessor or number (for plural_of, a plural): "a flood of
        # publicity", "an explosion of cheap casinos" measure a crowd of things; "the explosion of a
        # car bomb" is one, and so is "an explosion of gas"
        return [t for t in related(root, "prep_of") if t.pos_ in ("NOUN", "PROPN")
                and (relation == "bare_of" or t.tag_ in ("NNS", "NNPS"))
                and not any(c.dep_ in ("det", "poss", "nummod") for c in t.children)]
    if relation.startswith("active_prep_"):
        # a verb's prepositional object in the active voice with no direct object: "built on his
        # win" develops it; "a mill was built on the riverside" and "built homes on the site" make something
        if any(c.dep_ in ("dobj", "auxpass", "nsubjpass") for c in root.children):
            return []
        return related(root, relation[len("active_"):])
    return related(root, relation)


def other_sense(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """The parse puts the trigger word in a sense that is no event (event_senses.csv)."""
    root = m.root
    for relation, words in ref.senses.get(root.lemma_.lower(), ()):
        found = _sense_related(root, relation, ref)
        if found and ("*" in words or any(t.lemma_.lower() in words or t.lower_ in words for t in found)):
            return True
    return False


def names_known_event(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"called the explosion an attack", "described the blast as an attack"."""
    noun = m.root
    if noun.pos_ == "VERB":
        return False
    if noun.dep_ == "oprd":
        return noun.head.lemma_.lower() in ref.naming_verbs
    return noun.dep_ == "pobj" and noun.head.lower_ == "as" and noun.head.head.lemma_.lower() in ref.naming_verbs


def kind_of_person(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"suicide bomber": a kind of person, no death reported."""
    return m.entry.pos == "H" and m.root.dep_ == "compound"


def headline_verb(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"Minister Says Police Arrested Two Protesters", "Rebels Attacked Army Base": a
    verb capitalized inside its sentence is a word of a headline or a link title, which reports
    no occurrence of its own (a sentence's first word, or one after a quote mark or a colon,
    starts a sentence)."""
    root, doc = m.root, m.root.doc
    if root.pos_ != "VERB" or not root.text[:1].isupper() or root.is_sent_start or root.i == 0:
        return False
    before = doc[root.i - 1]
    return not (before.is_punct or before.is_quote or before.is_space)


def negating_prefix(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """counter-terrorism, anti-war."""
    doc, start = m.root.doc, m.start
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ref.negating_prefixes


def basis_of_charge(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"held on charges of", "on the conspiracy charge": the basis, not the charging."""
    root = m.root
    return root.lemma_.lower() == "charge" and root.pos_ != "VERB" and root.head.lower_ == "on"


def describing_participle(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """A participle describing a thing: "flying objects", "the reported death"."""
    return m.root.pos_ == "VERB" and m.root.dep_ == "amod" and m.entry.event_type not in HARM_TYPES


def hearsay(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"the men are reported to have fled": hearsay about another event, not a report."""
    root = m.root
    return root.lemma_.lower() in ref.evidential_verbs and any(c.dep_ == "auxpass" for c in root.children) \
        and any(c.dep_ == "xcomp" for c in root.children)


def undergoers(verb: Token, described: bool = True) -> list[Token]:
    """Who undergoes a verb: its object or passive subject, else (``described``) the noun its
    participle describes ("people hurt in the crash") or the understood subject of a passive
    ("expected to be released"; none when the parse gives none)."""
    found = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if not found and described and verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":
        found = [verb.head]
    if not found and described and any(c.dep_ == "auxpass" for c in verb.children):
        subj = controller(verb)
        found = [subj] if subj is not None else []
    return [t for f in found for t in (f, *f.conjuncts)]


def is_person(tok: Token, ref: EventReference) -> bool:
    """A number counts people ("three were released") unless it is a sum or a measure ("$1.7
    billion was released"); a person noun of the quotes lexicon (quote_person_nouns.csv: manager,
    executive, coach) is a person too (#20 ninth round)."""
    lemma = tok.lemma_.lower()
    return tok.ent_type_ == "PERSON" or tok.lower_ in PERSON_PRONOUNS \
        or (tok.pos_ == "NUM" and tok.ent_type_ not in AMOUNT_LABELS) or lemma in ref.person_nouns \
        or (ref.pronouns is not None and lemma in ref.pronouns.person_nouns)  # "dismissed its chief executive"


def no_person_undergoes(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"hurt U.S. suppliers", "a ban would hurt", "the order, expected to be released": harm
    or release that no person undergoes is no injury and no release from custody."""
    root = m.root
    if root.pos_ != "VERB" or root.lemma_.lower() not in ref.person_patient_triggers:
        return False
    return not any(is_person(t, ref) for t in undergoers(root))


# Entity labels of a party that can be made to undergo a measure (a person, a body, a state, a people).
PARTY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Damage to things (an event type): a thing is damaged or destroyed, no party or prospect.
ARTIFACT_TYPES = frozenset({"ArtifactExistence.DamageDestroyDisableDismantle"})
# The prepositions a damage noun takes what it harms by (a closed class): "damage to the hull",
# "the destruction of the bridge", "inflicted damage on the town".
DAMAGED_BY_PREPOSITIONS = frozenset({"to", "of", "on"})


def damaged(root: Token) -> list[Token]:
    """What a damage word harms: a verb's undergoers (`undergoers`), a noun's to-, of- or on-object,
    or the one its light verb takes ("inflicted serious damage on the party", "damage was done to
    the talks")."""
    if root.pos_ == "VERB":
        return undergoers(root)
    holders = [root] + ([root.head] if root.dep_ in ("dobj", "nsubjpass") and root.head is not root else [])
    return [t for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ in DAMAGED_BY_PREPOSITIONS
            for p in c.children if p.dep_ == "pobj" for t in (p, *p.conjuncts)]


def no_thing_damaged(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"the row damaged the prime minister", "the sale destroyed Yukos", "damaged relations with
    Washington", "inflicted damage on Labour": damage to a person, a body or an `intangible_noun`
    of event_word_classes.csv (a reputation, relations, chances, a cause) is harm in a figure, no
    thing damaged (#20 tenth round); "the fire destroyed the depot", "damage to the hull" stay."""
    if m.entry.event_type not in ARTIFACT_TYPES:
        return False
    found = damaged(m.root)
    return bool(found) and all(_no_thing(t, ref) for t in found)


def _no_thing(tok: Token, ref: EventReference) -> bool:
    """A person's, body's or people's name (not one ending in a place noun of event_places.csv:
    "the Halden Federal Building" is a building), a party noun, or an intangible noun."""
    lemma = tok.lemma_.lower()
    # a person, a body or a people is no thing ("damaged Labour"); a place may be one ("the storm destroyed Cairns")
    return (tok.ent_type_ in AGENT_LABELS and lemma not in ref.places) or lemma in ref.intangible_nouns \
        or lemma in ref.party_nouns


def no_party_undergoes(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"the EU sanctioned Iran" is a sanction; "the council sanctioned the use of force" approves
    it: a verb of `party_patient_trigger` is an event only when a named person, body or state
    undergoes it (a name of PARTY_LABELS or a party_noun: "hackers sanctioned by the state" are
    approved of, so people named by a common noun or a pronoun do not count, nor a noun the
    participle describes)."""
    root = m.root
    if root.pos_ != "VERB" or root.lemma_.lower() not in ref.party_patient_triggers:
        return False
    return not any(t.ent_type_ in PARTY_LABELS or t.lemma_.lower() in ref.party_nouns
                   for t in undergoers(root, described=False))


def doers(verb: Token) -> list[Token]:
    """Who does a verb: its active subject (a relative pronoun stands for the noun its clause
    describes: "a ban that threatens"), its by-agent, or the noun its present participle describes
    ("a storm threatening the coast"); none when the parse names none."""
    found = [verb.head if c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else c
             for c in verb.children if c.dep_ == "nsubj"]
    found += [p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
    if not found and verb.dep_ == "acl" and verb.tag_ == "VBG":
        found = [verb.head]
    return [t for f in found for t in (f, *f.conjuncts)]


def no_party_acts(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"the senator threatened to resign" is a threat; "the ruling threatens small newspapers", "a
    storm threatening the coast" name a danger, and "rising prices drove sales" moves nothing: a verb of `party_agent_trigger` is an event only
    when a party does it (`is_party`), or when the parse names no doer; a common noun for a thing
    is none."""
    root = m.root
    if root.pos_ != "VERB" or root.lemma_.lower() not in ref.party_agent_triggers:
        return False
    if m.entry.event_type.startswith("Movement.") and \
            any(t.dep_ == "prep" and t.lower_ in ROUTE_PREPOSITIONS for t in root.children):
        return False  # "a bus that drove into the river": a journey, whoever the driver
    found = doers(root)
    return bool(found) and not any(is_party(t, ref) for t in found)


def is_party(tok: Token, ref: EventReference) -> bool:
    """A name (PARTY_LABELS or a proper noun), a pronoun, a person_noun or party_noun, or a noun
    for a person of the quotes lexicon (quote_person_nouns.csv: senator, manager, coach)."""
    lemma = tok.lemma_.lower()
    return tok.ent_type_ in PARTY_LABELS or tok.pos_ in ("PROPN", "PRON") or lemma in ref.person_nouns \
        or lemma in ref.party_nouns or (ref.pronouns is not None and lemma in ref.pronouns.person_nouns)


def accusers(root: Token) -> list[Token]:
    """Who accuses: a verb's subject or by-agent, a noun's possessor or by-phrase. A verb with no
    subject of its own has its partner's active subject ("the coach rejected the report and
    accused the writer", "she phoned the council, accusing it of neglect"); a passive partner's
    subject, or the subject of a bare participle, is the accused ("he was arrested and accused of
    theft", "the clerk is in court, accused of theft")."""
    found = [c for c in root.children if c.dep_ == ("nsubj" if root.pos_ == "VERB" else "poss")]
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in root.children) \
        or (root.tag_ == "VBN" and not any(c.dep_ == "aux" for c in root.children))  # "in court, accused of theft"
    if root.pos_ == "VERB" and not found and not passive:
        subject = controller(root)
        found = [subject] if subject is not None and subject.dep_ == "nsubj" else []
    return found + [p for c in root.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"
                    for p in c.children if p.dep_ == "pobj"]


def informal_accusation(m: Match, heads: frozenset[int], ref: EventReference) -> bool:
    """"the candidate accused her rival of lying", "these accusations": a quarrel, not a charge
    ("prosecutors accused him of fraud", "the former governor, accused of bribery" stay)."""
    root = m.root
    if root.lemma_.lower() not in ref.accusation_triggers:
        return False
    named = accusers(root)
    if root.pos_ == "VERB" and not named:
        return False
    return not any(t.lemma_.lower() in ref.legal_accusers for t in named)


FILTERS: tuple[Callable[[Match, frozenset[int], EventReference], bool], ...] = (
    acts_on_no_event, kind_of_event, kind_of_thing, other_sense, names_known_event, kind_of_person,
    negating_prefix, basis_of_charge, describing_participle, hearsay, no_person_undergoes,
    no_party_undergoes, no_party_acts, informal_accusation, headline_verb, no_thing_damaged,
)


def article_domains(doc: Doc, ref: EventReference) -> tuple[Domain, ...]:
    """The event_domains.csv domains ``doc`` is about: enough different words of a domain, and
    enough of them in all, more than the domain's keep words (a bombing report that names a
    football match is no match report), counted in one pass over the article's tokens."""
    if not ref.domains:
        return ()
    vocabulary = frozenset().union(*(d.words | d.keep_words for d in ref.domains))
    counts: dict[str, int] = {}
    for token in doc:  # each word once per token, by its lemma or its form
        lemma, form = token.lemma_.lower(), token.lower_
        if lemma in vocabulary:
            counts[lemma] = counts.get(lemma, 0) + 1
        if form != lemma and form in vocabulary:
            counts[form] = counts.get(form, 0) + 1
    domains = []
    for d in ref.domains:
        count = sum(counts.get(w, 0) for w in d.words)
        if len(d.words & counts.keys()) >= d.min_words and count >= d.min_count \
                and count > sum(counts.get(w, 0) for w in d.keep_words):
            domains.append(d)
    return tuple(domains)


def domain_sense(m: Match, domains: tuple[Domain, ...]) -> bool:
    """Filter `domain_sense`: in an article about a match, a race or a league (`article_domains`),
    a conflict, fine, charge or damage word reads in the domain's sense ("the derby clash",
    "converted a penalty", "pulled out of the tournament", "the visitors were demolished") unless its sentence
    names people or bodies outside the game (fans, police, a court: `keep_words`)."""
    for domain in domains:
        if m.entry.event_type in domain.types and \
                not any(t.lemma_.lower() in domain.keep_words or t.lower_ in domain.keep_words for t in m.root.sent):
            return True
    return False


def _phrase_start(m: Match, heads: frozenset[int], ref: EventReference) -> int:
    """Where the trigger phrase starts: a communication noun that is the object of a light verb
    ("issued a statement", "gave an interview") is said by the verb and noun together, unless
    the verb is a trigger of its own ("announced a statement")."""
    head, verb = m.root, m.root.head
    if m.entry.event_type == "Contact.Contact" and head.pos_ != "VERB" and head.dep_ == "dobj" \
            and verb.lemma_ in ref.light_verbs and verb.i < m.start and verb.i not in heads:
        return verb.i
    return m.start


def find_triggers(doc: Doc, ref: EventReference) -> list[Trigger]:
    """Every trigger, in text order: matches no filter drops, with their phrases."""
    found = matches(doc, ref)
    heads = frozenset(m.root.i for m in found)
    domains = article_domains(doc, ref) if found else ()
    kept = [m for m in found if not any(rule(m, heads, ref) for rule in FILTERS) and not domain_sense(m, domains)]
    kept_heads = frozenset(m.root.i for m in kept)
    triggers = []
    for m in kept:
        start = _phrase_start(m, kept_heads, ref)
        rule = "light_verb_noun" if start != m.start else m.rule
        triggers.append(Trigger(m.entry, m.start, m.end, m.root, start, rule))
    return triggers
