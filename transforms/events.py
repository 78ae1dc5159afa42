"""Events: typed occurrences with arguments, modality and the date they happened.

The ``dateline_events`` component finds event triggers (verbs, nominalizations, a few
adjectives) from the lexicon in ``seeds/reference/event_types.csv``, reads each trigger's
arguments off the dependency parse with the relation -> role table in ``event_roles.csv``,
decides its modality from the cues in ``event_modality.csv`` and keeps the date phrase attached
to it. Mentions of the same occurrence are merged into one event (``mention_count``).

The date phrase becomes a calendar date in ``transforms.dates.resolve_date``.
"""
from __future__ import annotations

import calendar
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.attrs import LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Token

from transforms.pipeline import guarded, register_extensions

from transforms.entities import entity_id_at

register_extensions()

MODALITIES = ("asserted", "negated", "hypothetical", "planned", "reported")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TIME_LABELS = frozenset({"DATE", "TIME"})
AMOUNT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY"})
AGENT_LABELS = frozenset({"PERSON", "ORG", "NORP"})
# Families whose events are done with weapons or vehicles; elsewhere a gun is just goods
# (bought guns) or evidence.
INSTRUMENT_FAMILIES = frozenset({"Conflict", "Life", "Movement", "Disaster", "ArtifactExistence"})
# Entities that name things rather than happenings: a lexicon word inside one ("Justice
# Department", "Fire Brigade") is not a trigger.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "LAW",
                         "PRODUCT", "LANGUAGE"})
NOMINAL_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "conj", "appos", "ROOT"})
ARGUMENT_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Expletive "there" ("there was an attack") and the clitic of "Let's talk", which the parser
# makes the verb's subject: neither names a participant.
NOT_ARGUMENTS = frozenset({"there", "'s", "\u2019s"})
NOUN_PHRASE_DEPS = frozenset({"compound", "amod", "nummod", "poss", "nmod", "quantmod"})
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
# Modality cue kinds, strongest first: a negation or auxiliary in the trigger's own clause
# outranks a governing verb further up.
CUE_ORDER = ("neg", "det", "aux", "modifier", "mark", "governor")
# Event types whose participles keep their event reading before a noun ("wounded soldiers",
# "damaged buildings"); a "US-built vehicle" only says where a thing comes from.
HARM_TYPES = frozenset({"Life.Die", "Life.Injure", "ArtifactExistence.DamageDestroyDisableDismantle"})
EVIDENTIAL_VERBS = frozenset({"report", "say", "allege", "claim", "believe", "understand", "know", "think"})
NEGATING_PREFIXES = frozenset({"counter", "anti", "non", "post", "pre"})
CLAUSE_CLIMB_DEPS = frozenset({"xcomp", "ccomp", "conj"})
# "a series of attacks", "a wave of arrests": the counted noun heads the phrase a light verb takes.
COUNTING_NOUNS = frozenset({"series", "wave", "spate", "string", "number", "spree", "round", "campaign",
                            "flurry", "succession", "handful", "couple", "dozen", "dozens", "hundreds"})
# "claimed responsibility for the bombing": the claimant did it.
CLAIMING_VERBS = frozenset({"claim", "accept", "admit", "take", "bear", "acknowledge"})
# "charged with treason", "accused of the bombing", "arrested for the killing": the accused is
# the one who (allegedly) did the crime.
ACCUSING_VERBS = frozenset({"charge", "accuse", "convict", "arrest", "suspect", "indict", "detain",
                            "sentence", "jail", "imprison", "prosecute", "try", "acquit", "blame", "hold"})
# "the blast targeted a pharmacy", "raids aimed at the garrison".
TARGETING_VERBS = frozenset({"target", "aim", "direct", "hit", "strike", "rock"})
# resolve_date reads a bare weekday as the latest one up to publication, right for what happened
# but a week off for what is to come ("will meet on Thursday").
BARE_WEEKDAY = re.compile(r"^(?:on\s+)?(?:" + "|".join(calendar.day_name) + r")$", re.IGNORECASE)
# "The mayor called the explosion a deliberate attack", "described the blast as sabotage": the noun names
# an event mentioned already, it reports no new one.
NAMING_VERBS = frozenset({"call", "name", "label", "term", "dub", "brand", "describe", "classify",
                          "characterize", "characterise", "consider", "deem", "regard", "treat"})
LOCATIVE_RELATIONS = frozenset({"prep_in", "prep_at", "prep_near", "prep_outside", "prep_inside",
                                "prep_throughout", "prep_across", "place_of_argument", "where"})


@dataclass(frozen=True)
class TriggerEntry:
    event_type: str
    words: tuple[str, ...]  # lemmas; more than one for multiword triggers (executive order)
    # "N" noun, "H" noun that is not a trigger as a compound modifier, "V" verb, "A" adjective,
    # None any content word.
    pos: str | None
    needs_event_object: bool = False


@dataclass
class EventReference:
    """The reference tables, loaded once per pipeline."""

    triggers: dict[str, list[TriggerEntry]] = field(default_factory=dict)  # first word -> entries
    roles: dict[tuple[str, str], str] = field(default_factory=dict)  # (scope, relation) -> role
    instruments: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    cues: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, word) -> modality
    light_verbs: dict[str, str] = field(default_factory=dict)  # verb lemma -> subject role
    # trigger lemma -> (relation, words) pairs that put the trigger in a sense that is no event
    senses: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    compound_heads: frozenset[str] = frozenset()
    # string hash -> whether that string, lower-cased, is a key of `triggers` (filled as met)
    key_hashes: dict[int, bool] = field(default_factory=dict)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _entry(event_type: str, spec: str, needs_event_object: bool) -> TriggerEntry:
    word, _, pos = spec.partition("/")
    return TriggerEntry(event_type, tuple(word.lower().split("_")), pos or None, needs_event_object)


def load_reference(reference_dir: str | Path) -> EventReference:
    """Read the event_*.csv tables.

    In event_types.csv a trigger is a lemma, words of a multiword trigger joined by "_"
    (executive_order), optionally with a part of speech after "/": N noun, H noun that does
    not count as a compound modifier (suicide/H: "suicide bomber"), V verb, A adjective.
    In event_roles.csv the trigger column is a lemma, an event type, a family or "*", the most
    specific match winning; an empty role means "not an argument".
    In event_senses.csv a trigger lemma with one of the words in a relation (object, subject,
    particle, modifier, governor, plural, prep_<preposition>) is not an event; the word
    "*" stands for any word.
    """
    ref_dir = Path(reference_dir)
    ref = EventReference()
    for row in _rows(ref_dir / "event_types.csv"):
        for column, conditional in (("triggers", False), ("triggers_on_event", True)):
            for spec in row[column].split():
                entry = _entry(row["event_type"], spec, conditional)
                ref.triggers.setdefault(entry.words[0], []).append(entry)
    for row in _rows(ref_dir / "event_roles.csv"):
        ref.roles[(row["trigger"], row["relation"])] = row["role"]
    ref.instruments = frozenset(r["lemma"].lower() for r in _rows(ref_dir / "event_instruments.csv"))
    ref.places = frozenset(r["lemma"].lower() for r in _rows(ref_dir / "event_places.csv"))
    ref.cues = {(r["where"], r["cue"].lower()): r["modality"] for r in _rows(ref_dir / "event_modality.csv")}
    ref.light_verbs = {r["verb"]: r["subject_role"] for r in _rows(ref_dir / "event_light_verbs.csv")}
    for r in _rows(ref_dir / "event_senses.csv"):
        ref.senses.setdefault(r["trigger"].lower(), []).append(
            (r["relation"], frozenset(r["words"].lower().split())))
    ref.compound_heads = frozenset(r["head"].lower() for r in _rows(ref_dir / "event_compound_heads.csv"))
    return ref


# ---------------------------------------------------------------- triggers

def _word_keys(tok: Token) -> tuple[str, ...]:
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


def _match_at(doc: Doc, i: int, ref: EventReference) -> tuple[TriggerEntry, int] | None:
    tok = doc[i]
    if tok.ent_type_ in NAME_LABELS or tok.ent_type_ in TIME_LABELS:
        return None
    best = None
    for key in _word_keys(tok):
        for entry in ref.triggers.get(key, ()):
            n = len(entry.words)
            if i + n > len(doc):
                continue
            if any(entry.words[k] not in _word_keys(doc[i + k]) for k in range(1, n)):
                # "blew himself up": a particle may stand after the verb's object.
                if n == 2 and tok.pos_ == "VERB" and any(
                        c.dep_ == "prt" and c.lower_ == entry.words[1] for c in tok.children):
                    n = 1
                else:
                    continue
            if n == 1 and not _pos_ok(tok, entry.pos):
                continue
            if best is None or n > len(best[0].words):
                best = (entry, n)
    return best


def _related(root: Token, relation: str) -> list[Token]:
    """The words standing in ``relation`` (an event_senses.csv relation) to a trigger."""
    if relation == "object":
        found = [c for c in root.children if c.dep_ in ("dobj", "nsubjpass")]
        if root.dep_ in ("acl", "amod") and root.tag_ == "VBN":
            found.append(root.head)  # "the photo released by police"
        if root.pos_ != "VERB":
            found.extend(p for c in root.children if c.dep_ == "prep" and c.lower_ in ("of", "on", "against")
                         for p in c.children if p.dep_ == "pobj")
        return found
    if relation == "subject":
        found = [c for c in root.children if c.dep_ == "nsubj"]
        if root.dep_ == "amod":
            found.append(root.head)  # "the collapsed ceasefire"
        return found
    if relation == "particle":
        return [c for c in root.children if c.dep_ == "prt"]
    if relation == "modifier":
        return [c for c in root.children if c.dep_ in ("compound", "amod", "nmod")]
    if relation == "governor":
        return [] if root.head is root else [root.head]
    if relation == "plural":
        return [root] if root.tag_ in ("NNS", "NNPS") else []
    if relation.startswith("prep_"):
        return [p for c in root.children if c.dep_ == "prep" and c.lower_ == relation[5:]
                for p in c.children if p.dep_ in ("pobj", "pcomp")]
    return []


def _names_an_event(noun: Token) -> bool:
    if noun.dep_ == "oprd":
        return noun.head.lemma_.lower() in NAMING_VERBS
    return noun.dep_ == "pobj" and noun.head.lower_ == "as" and noun.head.head.lemma_.lower() in NAMING_VERBS


def _other_sense(root: Token, ref: EventReference) -> bool:
    """True when the parse puts the trigger word in a sense that is no event (event_senses.csv)."""
    for relation, words in ref.senses.get(root.lemma_.lower(), ()):
        related = _related(root, relation)
        if related and ("*" in words or any(t.lemma_.lower() in words or t.lower_ in words for t in related)):
            return True
    return False


def _candidates(doc: Doc, ref: EventReference) -> list[int]:
    """The tokens whose lemma or lower-case form starts a trigger entry: the only ones
    `_match_at` can match. Read from the Doc's arrays, each distinct string looked at once."""
    known = ref.key_hashes
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


def find_triggers(doc: Doc, ref: EventReference) -> list[tuple[TriggerEntry, int, int]]:
    """(entry, start token, end token) for every trigger, longest match first, no overlaps."""
    found: list[tuple[TriggerEntry, int, int]] = []
    free = 0  # the first token not inside a trigger found
    for i in _candidates(doc, ref):
        if i < free:
            continue
        hit = _match_at(doc, i, ref)
        if hit:
            found.append((hit[0], i, i + hit[1]))
            free = i + hit[1]
    heads = {doc[start:end].root.i for _, start, end in found}
    kept = []
    for entry, start, end in found:
        root = doc[start:end].root
        # "lift" is an event only when it acts on another one ("lifted the ban").
        if entry.needs_event_object and not any(c.dep_ == "dobj" and c.i in heads for c in root.children):
            continue
        # "suicide bombing", "terrorism investigation": the modifier only says what kind of
        # event the head noun is. ("bombing suspect" stays: the suspect is not an event.)
        if root.dep_ == "compound" and root.pos_ != "VERB" and root.head.i in heads:
            continue
        if root.dep_ == "compound" and root.pos_ != "VERB" and not set(_word_keys(root.head)) & ref.compound_heads:
            continue  # "protest movement", "arrest warrant": a kind of thing, not an occurrence
        if _other_sense(root, ref):
            continue
        if root.pos_ != "VERB" and _names_an_event(root):
            continue
        if entry.pos == "H" and root.dep_ == "compound":
            continue  # "suicide bomber": a kind of person, no death reported
        if start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in NEGATING_PREFIXES:
            continue  # counter-terrorism, anti-war
        if root.lemma_.lower() == "charge" and root.pos_ != "VERB" and root.head.lower_ == "on":
            continue  # "held on charges of", "on the conspiracy charge": the basis, not the charging
        if root.pos_ == "VERB" and root.dep_ == "amod" and entry.event_type not in HARM_TYPES:
            continue  # a participle describing a thing: "flying objects", "the reported death"
        if root.lemma_.lower() in EVIDENTIAL_VERBS and any(c.dep_ == "auxpass" for c in root.children) \
                and any(c.dep_ == "xcomp" for c in root.children):
            continue  # "the men are reported to have fled": hearsay about another event, not a report
        kept.append((entry, start, end))
    return kept


# ---------------------------------------------------------------- arguments

@dataclass
class DocIndex:
    """Per-document lookups: which entity label and mention span each token falls in."""

    labels: list[str]
    spans: list[tuple[int, int] | None]  # token -> (start tok, end tok) of its entity/mention
    trigger_heads: set[int]


def _index(doc: Doc, trigger_heads: set[int]) -> DocIndex:
    labels = [""] * len(doc)  # a token's ent_type_, without making a Token of each
    spans: list[tuple[int, int] | None] = [None] * len(doc)
    for ent in doc.ents:
        for k in range(ent.start, ent.end):
            spans[k] = (ent.start, ent.end)
            labels[k] = ent.label_
    for m in doc._.dl_mentions or ():
        span = doc.char_span(m["start_char"], m["end_char"], alignment_mode="expand")
        if span is None:
            continue
        for k in range(span.start, span.end):
            spans[k] = (span.start, span.end)
            if not labels[k]:
                labels[k] = m.get("label") or ""
    return DocIndex(labels, spans, trigger_heads)


def _role_for(ref: EventReference, lemma: str, event_type: str, relation: str) -> str | None:
    family = event_type.split(".")[0]
    for scope in (lemma, event_type, family, "*"):
        if (scope, relation) in ref.roles:
            return ref.roles[(scope, relation)] or None
    return None


def _controller(verb: Token) -> Token | None:
    """The understood subject of a subjectless verb: 'scheduled to meet', 'barred X and prohibited Y'."""
    head = verb.head
    if verb.dep_ == "xcomp":
        # Object control: "urged officials to cut off", "called on officials to cut off".
        for c in head.children:
            if c.dep_ == "dobj":
                return c
            if c.dep_ in ("prt", "prep") and c.lower_ == "on":
                found = next((p for p in c.children if p.dep_ == "pobj"), None)
                if found is not None:
                    return found
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
    # "arrested and charged"; "launched attacks, killing 130 people".
    if verb.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
    if verb.dep_ == "acl" and head.pos_ == "NOUN":
        # "the cell's decision to stage the bombings", "her attempt to escape".
        return next((c for c in head.children if c.dep_ == "poss"), None)
    return None


def _accused(trigger: Token) -> Token | None:
    """Who a crime is pinned on: 'X was charged with acts of fraud', 'detained X over the shooting'."""
    node = trigger
    while node.dep_ == "conj":
        node = node.head
    while node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.pos_ == "NOUN":
        node = node.head.head  # "crimes of treason": the specific crime names the general one
        while node.dep_ == "conj":
            node = node.head
    if node.dep_ not in ("pobj", "pcomp") or node.head.lower_ not in ("with", "of", "for", "over"):
        return None
    verb = node.head.head
    if verb.lemma_.lower() not in ACCUSING_VERBS:
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head  # "a man suspected of the bombing"
    for dep in ("nsubjpass", "dobj"):
        found = next((c for c in verb.children if c.dep_ == dep), None)
        if found is not None:
            return found
    return None


def _nominal_context(noun: Token) -> list[tuple[str, Token, str | None]]:
    """Participants of a nominal event named outside its noun phrase."""
    out: list[tuple[str, Token, str | None]] = []
    if noun.dep_ == "pobj" and noun.head.lower_ == "for":
        # "claimed responsibility for the bombing" (the parser hangs "for" on either word).
        holder = noun.head.head
        verb = holder.head if holder.lemma_.lower() in ("responsibility", "credit") else holder
        takes_credit = any(c.dep_ == "dobj" and c.lemma_.lower() in ("responsibility", "credit")
                           for c in verb.children)
        if verb.lemma_.lower() in CLAIMING_VERBS and takes_credit:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) or _controller(verb)
            if subj is not None:
                out.append(("claimant", subj, "actor"))
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in TARGETING_VERBS:
        out.extend(("targeted", c, "target") for c in noun.head.children if c.dep_ == "dobj")
    for verb in noun.children:
        if verb.dep_ in ("acl", "relcl") and verb.lemma_.lower() in TARGETING_VERBS:
            out.extend(("targeted", c, "target") for c in verb.children if c.dep_ == "dobj")
            out.extend(("targeted", p, "target") for c in verb.children
                       if c.dep_ == "prep" and c.lower_ in ("at", "against", "on")
                       for p in c.children if p.dep_ == "pobj")
    return out


def _relations(trigger: Token, ref: EventReference) -> list[tuple[str, Token, str | None]]:
    """(relation, argument head, forced role) pairs around a trigger.

    A nominal trigger that is the object of a light verb ("started extradition proceedings
    against Meng", "imposed sanctions on Iran") borrows that verb's subject and phrases.
    """
    out: list[tuple[str, Token, str | None]] = []
    anchor = trigger
    if trigger.dep_ == "compound" and trigger.head.pos_ in ("NOUN", "PROPN"):
        anchor = trigger.head  # "extradition proceedings": the phrase is headed by proceedings
    hosts = [anchor]
    if anchor.pos_ != "VERB" and anchor.dep_ == "pobj" and anchor.head.lower_ == "of" \
            and anchor.head.head.lemma_.lower() in COUNTING_NOUNS:
        anchor = anchor.head.head
        hosts.append(anchor)  # the trigger keeps its own phrases ("a series of attacks on X")
    if anchor.pos_ != "VERB" and anchor.dep_ in ("dobj", "nsubjpass") and anchor.head.lemma_ in ref.light_verbs:
        verb = anchor.head
        hosts.append(verb)
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) or _controller(verb)
        if subj is not None:
            out.append(("light", subj, ref.light_verbs[verb.lemma_]))
        if anchor.dep_ == "dobj":
            # "staff were given an ultimatum": the passive subject is the one it is given to.
            out.extend(("light", c, "target") for c in verb.children if c.dep_ == "nsubjpass")
    if anchor.pos_ != "VERB":
        out.extend(_nominal_context(anchor))
        if anchor.dep_ == "conj" and anchor.head.pos_ == "NOUN":
            # "the shooting and maiming of pilgrims": the parser gives the shared phrase to the
            # first noun only.
            out.extend((f"prep_{c.lower_}", p, None) for c in anchor.head.children
                       if c.dep_ == "prep" and c.i > anchor.i and c.lower_ in ("of", "on", "against")
                       for p in c.children if p.dep_ == "pobj")
    accused = _accused(trigger)
    if accused is not None and not any(c.dep_ in ("nsubj", "poss", "agent") for c in trigger.children):
        out.append(("accused", accused, "actor"))
    for host in hosts:
        has_subject = False
        for c in host.children:
            dep = c.dep_
            if host.pos_ == "VERB" and host is not anchor and dep in ("nsubj", "nsubjpass", "dobj"):
                continue  # the light verb's own subject/object were handled above
            if dep in ("nsubj", "nsubjpass"):
                has_subject = True
                if c.lower_ in RELATIVE_PRONOUNS and host.dep_ == "relcl":
                    c = host.head
                out.append((dep, c, None))
            elif dep in ("dobj", "dative", "poss"):
                out.append((dep, c, None))
            elif dep == "agent":
                out.extend(("agent", p, None) for p in c.children if p.dep_ == "pobj")
            elif dep == "prep" and c.lower_ == "including":
                # "were arrested, including A and B": the named ones undergo it too.
                passive = any(k.dep_ == "nsubjpass" for k in host.children)
                out.extend(("nsubjpass" if passive else "dobj", p, None) for p in c.children if p.dep_ == "pobj")
            elif dep in ("prep", "prt"):  # a particle may carry the object: "called on Muslims"
                out.extend((f"prep_{c.lower_}", p, None) for p in c.children if p.dep_ == "pobj")
            elif dep in ("npadvmod", "tmod", "nummod", "compound", "nmod", "quantmod", "amod"):
                out.append(("modifier", c, None))
            elif dep == "advmod":
                # "flew back to Belfast": the parser hangs the phrase on the adverb.
                out.extend((f"prep_{p.lower_}", o, None) for p in c.children if p.dep_ == "prep"
                           for o in p.children if o.dep_ == "pobj")
        if host is anchor and not has_subject and anchor.pos_ == "VERB":
            if anchor.dep_ == "acl":
                # "people killed in the attack" undergo it; "people protesting" do it.
                out.append(("nsubj" if anchor.tag_ == "VBG" else "head", anchor.head, None))
            else:
                subj = _controller(anchor)
                if subj is not None:
                    # A conjoined verb shares its partner's voice ("was arrested and charged");
                    # a past participle clause is passive ("Arrested in May, he ..."); a
                    # controlled one is active ("scheduled to meet").
                    if anchor.dep_ == "conj":
                        dep = subj.dep_
                    else:
                        dep = "nsubjpass" if anchor.dep_ == "advcl" and anchor.tag_ == "VBN" else "nsubj"
                    out.append((dep, subj, None))
        if host is anchor and anchor.dep_ == "amod":
            out.append(("head", anchor.head, None))
        if host is anchor and anchor.pos_ == "ADJ" and not has_subject and anchor.dep_ in ("acomp", "oprd"):
            # "seven guards were dead", "a driver was shot dead": the subject is the verb's.
            subj = next((c for c in anchor.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                out.append(("nsubj", subj, None))
    if anchor.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in anchor.children):
        out.append(("where", anchor.head, "place"))  # "the station, where six people were killed"
    if anchor.dep_ == "nsubj" and anchor.head.lemma_ == "be":
        # "The largest explosion was at the ferry terminal": the copula's locative places its subject.
        out.extend((f"prep_{c.lower_}", p, None) for c in anchor.head.children
                   if c.dep_ == "prep" and f"prep_{c.lower_}" in LOCATIVE_RELATIONS
                   for p in c.children if p.dep_ == "pobj")
    # "meet with officials in Beijing", "in a market in Lahore": the parser often hangs the
    # place on the nearest noun.
    for rel, tok, forced in list(out):
        if rel != "light":
            out.extend(("place_of_argument", p, None) for c in tok.children if c.dep_ == "prep"
                       and c.lower_ in ("in", "at") for p in c.children if p.dep_ == "pobj")
        if rel in ("nsubj", "nsubjpass", "dobj", "light"):
            # "arrested five people, including A and B"
            out.extend((rel, p, forced) for c in tok.children if c.dep_ == "prep" and c.lower_ == "including"
                       for p in c.children if p.dep_ == "pobj")
    return out


def _noun_phrase(tok: Token) -> tuple[int, int]:
    start = tok.i
    for c in tok.lefts:
        if c.dep_ in NOUN_PHRASE_DEPS:
            start = min(start, c.left_edge.i)
    while start < tok.i and tok.doc[start].is_punct:
        start += 1
    return start, tok.i + 1


def _argument_span(tok: Token, idx: DocIndex) -> tuple[int, int]:
    if idx.spans[tok.i]:
        return idx.spans[tok.i]
    of = tok.head
    if tok.dep_ == "pobj" and of.lower_ == "of" and of.head.pos_ in ("NUM", "PRON", "DET") and of.head.i < tok.i:
        # Partitives: "four of the guards wounded" are four, not all the members.
        return of.head.i, tok.i + 1
    for c in tok.children:
        # "Huawei's chief financial officer, Meng Wanzhou": the name is the better handle.
        if c.dep_ == "appos" and idx.labels[c.i] in ("PERSON", "ORG", "GPE", "NORP") and idx.spans[c.i]:
            return idx.spans[c.i]
    return _noun_phrase(tok)


def _conjuncts(tok: Token) -> list[Token]:
    return [tok, *(c for c in tok.conjuncts if c.i > tok.i and c.pos_ in ARGUMENT_POS)]


def _is_place(arg: Token, label: str, ref: EventReference, rel: str) -> bool:
    if label in PLACE_LABELS:
        return True
    if label in TIME_LABELS or label in AMOUNT_LABELS:
        return False
    # "Oxford Street", "Bagram Airfield": a name headed by a place word is a place, whatever
    # the model tagged it.
    if arg.lemma_.lower() in ref.places:
        return True
    # After a locative preposition a name is a place the small model often tags as a person or
    # an organisation ("killed in Derry", "explosions at Cavehill Road").
    return rel in LOCATIVE_RELATIONS and arg.pos_ == "PROPN" and label != "NORP"


def _classify(rel: str, arg: Token, forced: str | None, entry: TriggerEntry, lemma: str,
              trigger_is_nominal: bool, ref: EventReference, idx: DocIndex) -> str | None:
    label = idx.labels[arg.i]
    if label in TIME_LABELS:
        return "time"
    if label in AMOUNT_LABELS:
        return "amount"
    if rel == "modifier":
        # "IS attacks", "a Taliban attack", "the Lyon blast": a name in front of a nominal
        # trigger is who did it or where.
        if trigger_is_nominal and arg.dep_ in ("compound", "nmod") and label in PLACE_LABELS:
            return "place"
        if trigger_is_nominal and arg.dep_ in ("compound", "nmod") and label in AGENT_LABELS:
            return _role_for(ref, lemma, entry.event_type, "poss")
        return None
    if rel == "place_of_argument":
        return "place" if _is_place(arg, label, ref, rel) else None
    role = forced or _role_for(ref, lemma, entry.event_type, rel)
    if role == "place" and not _is_place(arg, label, ref, rel):
        return None
    family = entry.event_type.split(".")[0]
    if arg.lemma_.lower() in ref.instruments and family in INSTRUMENT_FAMILIES and (
            role == "actor" or (role == "target" and family == "Movement")):
        # "the IED killed", "drove the truck"; but a destroyed car or a planted bomb is the
        # thing the event happens to.
        return "instrument"
    if role == "instrument" and rel.startswith("prep_"):
        words = {arg.lemma_.lower(), *(c.lemma_.lower() for c in arg.children if c.dep_ == "compound")}
        if not words & ref.instruments:
            return None
    return role


def _arguments(doc: Doc, trigger: Token, entry: TriggerEntry, ref: EventReference,
               idx: DocIndex) -> list[dict]:
    args: list[dict] = []
    seen: set[tuple[str, int, int]] = set()
    lemma = trigger.lemma_.lower()
    for rel, head, forced in _relations(trigger, ref):
        for arg in _conjuncts(head):
            if arg.i == trigger.i or arg.i in idx.trigger_heads or arg.pos_ not in ARGUMENT_POS:
                continue
            if arg.lower_ in NOT_ARGUMENTS:
                continue
            role = _classify(rel, arg, forced, entry, lemma, trigger.pos_ != "VERB", ref, idx)
            if role is None:
                continue
            start, end = _argument_span(arg, idx)
            if role == "time" and rel.startswith("prep_") and arg.head.i < start:
                start = arg.head.i  # keep the preposition: "In December", "on Thursday"
            if (role, start, end) in seen:
                continue
            seen.add((role, start, end))
            span = doc[start:end]
            args.append({
                "role": role,
                "text": span.text,
                "start_char": span.start_char,
                "end_char": span.end_char,
                # Looked up by the head word: "Huawei's founder" is not Huawei.
                "entity_id": entity_id_at(doc, arg.idx, arg.idx + len(arg)),
            })
    return args


# ---------------------------------------------------------------- modality

def _clause_cue(node: Token, ref: EventReference) -> str | None:
    found: dict[str, str] = {}
    for c in node.children:
        word, lemma = c.lower_, c.lemma_.lower()
        if c.dep_ == "neg":
            kind = "neg"
        elif c.dep_ == "det":
            kind = "det"
        elif c.dep_ in ("aux", "auxpass"):
            kind = "aux"
        elif c.dep_ == "mark":
            kind = "mark"
        elif c.dep_ in ("amod", "advmod", "compound", "prep", "npadvmod"):
            kind = "modifier"
        else:
            continue
        modality = ref.cues.get((kind, word)) or ref.cues.get((kind, lemma))
        if modality and kind not in found:
            found[kind] = modality
    return next((found[k] for k in CUE_ORDER if k in found), None)


def modality_of(trigger: Token, ref: EventReference) -> str:
    """Modality from the trigger's own clause, then up through the verbs that govern it."""
    node = trigger.head if trigger.dep_ == "compound" else trigger
    cue = _clause_cue(node, ref)
    if cue:
        return cue
    if node.dep_ in ("pobj", "pcomp") and ("prep", node.head.lower_) in ref.cues:
        return ref.cues[("prep", node.head.lower_)]  # "without investigating"
    if node.pos_ != "VERB":
        # A nominal's modality is its verb's only when it is that verb's object
        # ("would raise tariffs"); a subject ("the order would not affect") keeps its own.
        if node.dep_ not in ("dobj", "nsubjpass"):
            return "asserted"
        node = node.head
        # "called the explosion a deliberate attack" names the event; "called for a review" asks for one.
        naming = any(c.dep_ == "oprd" for c in node.children)
        cue = (None if naming else ref.cues.get(("governor", node.lemma_.lower()))) or _clause_cue(node, ref)
        if cue:
            return cue
    for _ in range(3):
        if node.dep_ not in CLAUSE_CLIMB_DEPS or node.head is node:
            break
        gov = node.head
        cue = ref.cues.get(("governor", gov.lemma_.lower()))
        if cue:
            return cue
        if node.dep_ == "ccomp":
            break  # "officials said (that) X": the saying verb's own auxiliaries are not X's
        node = gov
        cue = _clause_cue(node, ref)
        if cue:
            return cue
    return "asserted"


# ---------------------------------------------------------------- events

def _light_verb_start(head: Token, entry: TriggerEntry, ref: EventReference, idx: DocIndex,
                      start: int) -> int:
    """Where the trigger phrase starts: a communication noun that is the object of a light verb
    ("issued a statement", "gave an interview") is said by the verb and noun together, unless
    the verb is a trigger of its own ("announced a statement")."""
    verb = head.head
    if entry.event_type == "Contact.Contact" and head.pos_ != "VERB" and head.dep_ == "dobj" \
            and verb.lemma_ in ref.light_verbs and verb.i < start and verb.i not in idx.trigger_heads:
        return verb.i
    return start


def _looks_ahead(trigger: Token, modality: str) -> bool:
    """A planned or hypothetical event, or a verb in the present tense ("the council meets on
    Thursday"), which news uses for what is scheduled."""
    return modality in ("planned", "hypothetical") or trigger.tag_ in ("VBZ", "VBP")


def find_event_mentions(doc: Doc, ref: EventReference) -> list[dict]:
    """One event dict per trigger mention, before mentions of one occurrence are merged."""
    triggers = find_triggers(doc, ref)
    idx = _index(doc, {doc[start:end].root.i for _, start, end in triggers})
    mentions = []
    for entry, start, end in triggers:
        head = doc[start:end].root  # "executive order" -> order, "called on" -> called
        span = doc[_light_verb_start(head, entry, ref, idx, start):end]
        args = _arguments(doc, head, entry, ref, idx)
        time = next((a for a in args if a["role"] == "time"), None)
        modality = modality_of(head, ref)
        if time and BARE_WEEKDAY.match(time["text"]) and _looks_ahead(head, modality):
            time = None  # the argument stays; the date is left unresolved rather than put in the past
        mentions.append({
            "event_type": entry.event_type,
            "trigger": span.text,
            "start_char": span.start_char,
            "end_char": span.end_char,
            "modality": modality,
            "mention_count": 1,
            "date_text": time["text"] if time else None,
            "date_start": time["start_char"] if time else None,
            "date_end": time["end_char"] if time else None,
            "arguments": args,
        })
    return mentions


def _participants(event: dict) -> set[tuple[str, str]]:
    keys = set()
    for a in event["arguments"]:
        if a["role"] in ("actor", "target"):
            keys.add((a["role"], a["entity_id"] or a["text"].lower()))
    return keys


def is_definite_nominal(doc: Doc, mention: dict) -> bool:
    """'the arrest', 'this ban': a nominal trigger that refers back to a known event."""
    span = doc.char_span(mention["start_char"], mention["end_char"])
    head = span.root
    return head.pos_ != "VERB" and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in head.children)


def merge_mentions(mentions: list[dict], definite: list[bool]) -> list[dict]:
    """Fold later mentions of an occurrence into its first mention.

    A mention joins an earlier event of the same type when they share an actor or target, or
    when it is a bare definite nominal ("the arrest", "the ban") that points back to it.
    """
    events: list[dict] = []
    for m, refers_back in zip(mentions, definite):
        same_type = [e for e in events if e["event_type"] == m["event_type"]]
        own = _participants(m)
        target = next((e for e in reversed(same_type) if own & _participants(e)), None)
        if target is None and refers_back and not own and same_type:
            target = same_type[-1]
        if target is None:
            events.append(m)
            continue
        target["mention_count"] += 1
        known = {(a["role"], a["start_char"]) for a in target["arguments"]}
        target["arguments"].extend(a for a in m["arguments"] if (a["role"], a["start_char"]) not in known)
        if target["date_text"] is None and m["date_text"] is not None:
            target.update(date_text=m["date_text"], date_start=m["date_start"], date_end=m["date_end"])
    return events


class EventExtractor:
    def __init__(self, reference: EventReference):
        self.reference = reference

    def mentions(self, doc: Doc) -> list[dict]:
        return find_event_mentions(doc, self.reference)

    @guarded("dateline_events")
    def __call__(self, doc: Doc) -> Doc:
        mentions = self.mentions(doc)
        doc._.dl_events = merge_mentions(mentions, [is_definite_nominal(doc, m) for m in mentions])
        return doc


@Language.factory(
    "dateline_events",
    default_config={"reference_dir": "seeds/reference"},
    requires=["doc._.dl_mentions"],
    assigns=["doc._.dl_events"],
)
def make_events(nlp: Language, name: str, reference_dir: str) -> EventExtractor:
    return EventExtractor(load_reference(reference_dir))
