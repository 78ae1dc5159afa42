"""Stage 2b, arguments: the relations around a trigger as role-labelled spans.

A relation's role comes from the entity label of its word (time, amount), from a rule for its
relation (a name before a nominal trigger, a place hung on a participant) or from the
event_roles.csv table; the span is the entity or mention the word is in, else its noun phrase.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from transforms.entities import entity_id_at
from transforms.labels import AGENT_LABELS, AMOUNT_LABELS, PLACE_LABELS, S_CLITICS, TIME_LABELS
from transforms.events.coreference import PronounResolver
from transforms.events.reference import EventReference, TriggerEntry
from transforms.events.relations import LOCATIVE_RELATIONS, Relation, appositive_name, relations

ARGUMENT_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Expletive "there" ("there was an attack") and the clitic of "Let's talk", which the parser
# makes the verb's subject, and a negation written with a curly apostrophe ("haven’t asked"),
# which the small model may tag as a noun: none names a participant.
NOT_ARGUMENTS = frozenset({"there", "n't", "n’t"}) | S_CLITICS
OPENING_BRACKETS = frozenset({"(", "["})
NOUN_PHRASE_DEPS = frozenset({"compound", "amod", "nummod", "poss", "nmod", "quantmod"})
# Families whose events are done with weapons or vehicles; elsewhere a gun is just goods
# (bought guns) or evidence.
INSTRUMENT_FAMILIES = frozenset({"Conflict", "Life", "Movement", "Disaster", "ArtifactExistence"})


@dataclass(frozen=True)
class Argument:
    role: str
    text: str
    start_char: int
    end_char: int
    entity_id: str | None
    # The relation that gave it: a dependency (nsubj, dobj, prep_in, ...) or a named rule (light,
    # shared_object, partaker, same_event_phrase, ...). Carried in ``doc._.dl_events``, the
    # eval prediction files and the ``event_arguments.rule`` column.
    rule: str = ""


@dataclass(frozen=True)
class DocIndex:
    """Per-document lookups: which entity label and mention span each token falls in, which
    tokens head a trigger (read-only), and the entity a pronoun stands for (filled as met)."""

    labels: tuple[str, ...]
    spans: tuple[tuple[int, int] | None, ...]  # token -> (start tok, end tok) of its entity/mention
    trigger_heads: frozenset[int]
    pronouns: PronounResolver | None = None


def index_doc(doc: Doc, trigger_heads: frozenset[int], ref: EventReference | None = None) -> DocIndex:
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
    return DocIndex(tuple(labels), tuple(spans), trigger_heads, PronounResolver(doc, ref.pronouns if ref else None))


def role_for(ref: EventReference, lemma: str, event_type: str, relation: str) -> str | None:
    """The role table's answer, the most specific scope winning: lemma, type, family, "*"."""
    family = event_type.split(".")[0]
    for scope in (lemma, event_type, family, "*"):
        if (scope, relation) in ref.roles:
            return ref.roles[(scope, relation)] or None
    return None


def _noun_phrase(tok: Token) -> tuple[int, int]:
    start = tok.i
    for c in tok.lefts:
        if c.dep_ in NOUN_PHRASE_DEPS:
            start = min(start, c.left_edge.i)
    while start < tok.i and tok.doc[start].is_punct:
        start += 1
    return start, tok.i + 1


def apposition_end(tok: Token, idx: DocIndex) -> int | None:
    """Rule ``apposition_span``: a name and the description set beside it ("Mark Hill, a teacher
    from Leeds"; "the two brothers, Tom and Ben") are one argument; the span
    runs to the end of the appositive, whichever of the two heads it."""
    doc, sent_end = tok.doc, tok.sent.end
    appos = next((c for c in tok.children if c.dep_ == "appos" and tok.i < c.i < sent_end), None)
    # Not in brackets ("Ana Ruiz (L)": a caption's aside) nor past a line break (a heading
    # run into the next line is no apposition).
    if appos is None or any(t.text in OPENING_BRACKETS or t.is_space for t in doc[tok.i + 1:appos.i + 1]):
        return None
    end = min(max(appos.right_edge.i, (idx.spans[appos.i] or (0, 0))[1] - 1), sent_end - 1)
    end = next((t.i - 1 for t in doc[appos.i:end + 1] if t.is_space or t.text in OPENING_BRACKETS), end)
    # nor into a relative clause on the description ("Ann Lee, a nurse who was hurt in May")
    end = min([end, *(c.left_edge.i - 1 for c in appos.children if c.dep_ == "relcl")])
    while end > appos.i and doc[end].is_punct:
        end -= 1
    return end + 1


def place_name_end(tok: Token, idx: DocIndex, places: frozenset[str]) -> int | None:
    """Rule ``place_of_name``: "the town of Whitby", "the city of Lyon": a place
    noun with the name of its place after "of" is one argument, the name included."""
    if tok.lemma_.lower() not in places or idx.spans[tok.i]:
        return None
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            name = next((p for p in prep.children if p.dep_ == "pobj"), None)
            if name is not None and (idx.labels[name.i] in PLACE_LABELS or name.pos_ == "PROPN" and idx.labels[name.i] not in ("PERSON", "NORP")):
                return (idx.spans[name.i] or (name.i, name.i + 1))[1]
    return None


def of_phrase_end(tok: Token, idx: DocIndex) -> int | None:
    """Rule ``of_phrase_span``: a common noun and the "of" phrase right after it are one argument
    ("huge amounts of grain", "the mother of the soldier", "a group of hackers"): the noun
    alone says little of who or what took part. Not when the object is itself an event's
    trigger or a relative pronoun ("the existence of which")."""
    if tok.pos_ != "NOUN" or idx.spans[tok.i] and idx.labels[tok.i] != "CARDINAL":
        return None  # a name is its own span; a number word ("dozens") is no name
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" and c.i == tok.i + 1), None)
    obj = next((p for p in prep.children if p.dep_ == "pobj"), None) if prep is not None else None
    if obj is None or obj.i in idx.trigger_heads or obj.tag_ in ("WDT", "WP"):
        return None
    end = (idx.spans[obj.i] or (obj.i, obj.i + 1))[1]
    # not past a line break (a name run on into the next paragraph)
    return next((t.i for t in tok.doc[tok.i:end] if t.is_space), end)


def argument_span(tok: Token, idx: DocIndex, places: frozenset[str] = frozenset()) -> tuple[int, int]:
    """The tokens an argument headed by ``tok`` covers."""
    start, end = _own_span(tok, idx)
    if not start <= tok.i < end:
        return start, end  # a description's name stands for it, alone ("its officer, Meng Wanzhou")
    ends = [e for e in (apposition_end(tok, idx), place_name_end(tok, idx, places), of_phrase_end(tok, idx)) if e is not None]
    return start, max([end, *ends])


def _own_span(tok: Token, idx: DocIndex) -> tuple[int, int]:
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


def stands_for_event(arg: Token, idx: DocIndex) -> bool:
    """"the blast, which wounded 71": a relative pronoun standing for an event (the noun its
    clause describes is a trigger) names no participant of the event it is the subject of."""
    clause = arg.head
    return arg.tag_ == "WDT" and clause.dep_ == "relcl" and clause.head.i in idx.trigger_heads


def relative_noun(arg: Token) -> Token | None:
    """Rule ``relative_antecedent``: a relative pronoun stands for the noun its clause describes,
    also as the subject of a verb conjoined in the clause or of a light verb there ("a body
    which opposed the plan and was accused of ...", "countries who made donations")."""
    if arg.tag_ not in ("WDT", "WP"):
        return None
    clause = arg.head
    while clause.dep_ == "conj":
        clause = clause.head
    return appositive_name(clause.head) if clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN") else None


def relative_span(noun: Token, idx: DocIndex) -> tuple[int, int]:
    """The span of a relative pronoun's noun: its own, and its "of" phrase, not an appositive
    (which may run past the clause the pronoun opens)."""
    start, end = _own_span(noun, idx)
    return start, max(end, of_phrase_end(noun, idx) or end)


def _conjuncts(tok: Token) -> list[Token]:
    return [tok, *(c for c in tok.conjuncts if c.i > tok.i and c.pos_ in ARGUMENT_POS)]


def is_place(arg: Token, label: str, ref: EventReference, rel: str) -> bool:
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
    if rel in LOCATIVE_RELATIONS:
        return arg.pos_ == "PROPN" and label != "NORP"
    # Rule ``place_phrase_name``: the same after another preposition the role table makes a
    # place's ("evacuated from Corvale", tagged an organisation), unless a person's name
    # ("surrendered to Ruiz").
    return rel.startswith("prep_") and arg.pos_ == "PROPN" and label not in ("NORP", "PERSON")


def _modifier_role(arg: Token, label: str, entry: TriggerEntry, lemma: str, trigger_is_nominal: bool,
                   ref: EventReference) -> str | None:
    """"IS attacks", "a Taliban attack", "the Lyon blast": a name in front of a nominal trigger
    is who did it or where. A state's name is where it happened unless the role table says
    otherwise for the event (relation ``place_modifier``: a state imposes sanctions)."""
    if trigger_is_nominal and arg.dep_ in ("compound", "nmod") and label in PLACE_LABELS:
        return (role_for(ref, lemma, entry.event_type, "place_modifier") or "place") if label == "GPE" else "place"
    if trigger_is_nominal and arg.dep_ in ("compound", "nmod") and label in AGENT_LABELS:
        return role_for(ref, lemma, entry.event_type, "poss")
    if trigger_is_nominal and arg.dep_ == "compound" and not label and is_party_noun(arg, ref):
        return role_for(ref, lemma, entry.event_type, "poss")
    if trigger_is_nominal and arg.dep_ == "compound" and not label and arg.pos_ == "NOUN":
        # "an arms embargo", "cargo shipments": a thing, in the role the table gives it (if any)
        return role_for(ref, lemma, entry.event_type, "thing_modifier")
    return None


def is_party_noun(arg: Token, ref: EventReference) -> bool:
    """Rule ``common_noun_party``: "a coalition air strike", "a police raid", "civilian deaths":
    a person or a body named by a common noun in front of a nominal trigger is a party to it,
    in the role a possessor would have."""
    word = arg.lemma_.lower()
    return word in ref.person_nouns or word in ref.party_nouns


def _instrument_or(role: str | None, arg: Token, rel: str, entry: TriggerEntry, ref: EventReference) -> str | None:
    """Weapons and vehicles: "the IED killed", "drove the truck" are done with them; a destroyed
    car or a planted bomb is the thing the event happens to."""
    family = entry.event_type.split(".")[0]
    if arg.lemma_.lower() in ref.instruments and family in INSTRUMENT_FAMILIES and (
            role == "actor" or (role == "target" and family == "Movement")):
        return "instrument"
    if role == "instrument" and rel.startswith("prep_"):
        words = {arg.lemma_.lower(), *(c.lemma_.lower() for c in arg.children if c.dep_ == "compound")}
        if not words & ref.instruments:
            return None
    return role


def classify(rel: Relation, arg: Token, entry: TriggerEntry, lemma: str, trigger_is_nominal: bool,
             ref: EventReference, idx: DocIndex) -> str | None:
    """The role ``arg`` plays, None when it is no argument."""
    label = idx.labels[arg.i]
    if label in TIME_LABELS:
        return "time"
    if label in AMOUNT_LABELS:
        return "amount"
    if rel.name == "modifier":
        return _modifier_role(arg, label, entry, lemma, trigger_is_nominal, ref)
    if rel.name == "place_of_argument":
        return "place" if is_place(arg, label, ref, rel.name) else None
    role = rel.forced or role_for(ref, lemma, entry.event_type, rel.name)
    if role == "place" and not is_place(arg, label, ref, rel.name):
        return None
    return _instrument_or(role, arg, rel.name, entry, ref)


def same_event_verb(trigger: Token, entry: TriggerEntry, ref: EventReference) -> Token | None:
    """Rule ``same_event_phrase``: a nominal trigger in a phrase of a verb that tells of an event
    of its own type names that event again ("sold the paintings at an auction", "indicted the
    mayor on charges of fraud", "the rebels shelled the port during the offensive"): it has the
    verb's participants. Not a verb of another type ("was injured in the attack")."""
    if trigger.pos_ == "VERB" or trigger.dep_ != "pobj" or trigger.head.dep_ != "prep":
        return None
    verb = trigger.head.head
    if verb.pos_ != "VERB":
        return None
    if any(e.event_type == entry.event_type and len(e.words) == 1 for e in ref.triggers.get(verb.lemma_.lower(), ())):
        return verb
    return None


def _entity_of(doc: Doc, arg: Token, idx: DocIndex) -> str | None:
    """The argument's entity, looked up by its head word ("Huawei's founder" is not Huawei); a
    pronoun's is its antecedent's ("It", "he")."""
    found = entity_id_at(doc, arg.idx, arg.idx + len(arg))
    if found is None and idx.pronouns is not None:
        found = idx.pronouns.entity_of(arg)
    return found


def arguments_of(doc: Doc, trigger: Token, entry: TriggerEntry, ref: EventReference,
                 idx: DocIndex) -> tuple[Argument, ...]:
    """The trigger's arguments, in the order of its relations, each (role, span) once."""
    args: list[Argument] = []
    seen: set[tuple[str, int, int]] = set()
    doers: set[str] = set()  # roles a light verb's subject fills
    lemma = trigger.lemma_.lower()
    rels = [(r, r.name) for r in relations(trigger, ref)]
    verb = same_event_verb(trigger, entry, ref)
    if verb is not None:
        rels += [(r, "same_event_phrase") for r in relations(verb, ref)
                 if not trigger.left_edge.i <= r.head.i <= trigger.right_edge.i]
    for rel, rule in rels:
        for arg in _conjuncts(rel.head):
            if arg.i == trigger.i or arg.i in idx.trigger_heads or arg.pos_ not in ARGUMENT_POS:
                continue
            if arg.lower_ in NOT_ARGUMENTS or not any(ch.isalnum() for ch in arg.text) or stands_for_event(arg, idx):
                continue
            noun = relative_noun(arg)
            if noun is not None and noun.i in idx.trigger_heads:
                continue
            arg = noun or arg
            role = classify(rel, arg, entry, lemma, trigger.pos_ != "VERB", ref, idx)
            if role is None or (rel.name == "poss" and arg.tag_ == "PRP$" and role in doers):
                continue  # light_verb_possessive: "Acme resumed its inquiry": "its" is Acme again
            if rel.name == "light":
                doers.add(role)
            start, end = argument_span(arg, idx, ref.places) if noun is None else relative_span(arg, idx)
            if role == "time" and rel.name.startswith("prep_") and arg.head.i < start:
                start = arg.head.i  # keep the preposition: "In December", "on Thursday"
            if (role, start, end) in seen:
                continue
            seen.add((role, start, end))
            span = doc[start:end]
            args.append(Argument(role, span.text, span.start_char, span.end_char, _entity_of(doc, arg, idx), rule))
    return tuple(args)
