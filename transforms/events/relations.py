"""Stage 2a, relations: where a trigger's participants stand in the dependency parse.

Each function is one named way a participant is attached (the trigger's own dependents, a light
verb's subject, the accused of a crime noun, a "where" clause, ...); `relations` lists them in
order. A `Relation` names the relation (an event_roles.csv relation) and may force a role;
`transforms.events.arguments` turns relations into role-labelled spans.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from transforms.events.reference import EventReference

# Grammar, kept in code (vocabulary is in event_*.csv): a closed word class and relation names.
RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})
LOCATIVE_RELATIONS = frozenset({"prep_in", "prep_at", "prep_near", "prep_outside", "prep_inside",
                                "prep_throughout", "prep_across", "place_of_argument", "where"})
# Rule ``nested_place``: where a participant is, said by a preposition of containment ("the
# guards at the gate", "raids by the allies inside the country"); a phrase of nearness on a
# participant ("a convoy near the city") places it, not the event.
CONTAINING_PREPOSITIONS = frozenset({"in", "at", "inside"})
MODIFIER_DEPS = frozenset({"npadvmod", "tmod", "nummod", "compound", "nmod", "quantmod", "amod"})


@dataclass(frozen=True)
class Relation:
    """A word standing in ``name`` to a trigger; ``forced`` overrides the role table."""

    name: str
    head: Token
    forced: str | None = None


@dataclass(frozen=True)
class Frame:
    """The words whose dependents are the trigger's: the head of its phrase (``anchor``), a
    counting noun above it, the light verb that takes it."""

    anchor: Token
    hosts: tuple[Token, ...]
    light_verb: Token | None


def frame_of(trigger: Token, ref: EventReference) -> Frame:
    """A nominal trigger that is the object of a light verb ("started extradition proceedings
    against Meng", "imposed sanctions on Iran") borrows that verb's subject and phrases."""
    anchor = trigger
    if trigger.dep_ == "compound" and trigger.head.pos_ in ("NOUN", "PROPN"):
        anchor = trigger.head  # "extradition proceedings": the phrase is headed by proceedings
    elif trigger.dep_ == "amod" and trigger.pos_ == "ADJ" and trigger.head.lemma_.lower() in ref.triggers:
        # Rule ``event_adjective``: "the fatal shooting of a teenager": an adjective trigger on an
        # event noun has that noun's participants.
        anchor = trigger.head
    hosts = [anchor]
    if anchor.pos_ != "VERB" and anchor.dep_ == "pobj" and anchor.head.lower_ == "of" \
            and anchor.head.head.lemma_.lower() in ref.counting_nouns:
        anchor = anchor.head.head
        hosts.append(anchor)  # the trigger keeps its own phrases ("a series of attacks on X")
    verb = None
    if anchor.pos_ != "VERB" and anchor.dep_ in ("dobj", "nsubjpass") and anchor.head.lemma_ in ref.argument_light_verbs:
        verb = anchor.head
        hosts.append(verb)
    elif anchor.pos_ != "VERB":
        verb = light_verb_clause(anchor, ref)  # its doer only: its phrases may be the clause's own
    return Frame(anchor, tuple(hosts), verb)


def light_verb_clause(noun: Token, ref: EventReference) -> Token | None:
    """Rule ``light_verb_clause``: a light verb in a clause on the event noun takes it as its
    object ("the sanctions imposed on the firm by Canada", "the raid that police carried out"),
    as "Canada imposed sanctions" does; not a clause whose subject is the noun itself ("the war
    that began in May") nor an -ing clause ("a campaign launching attacks")."""
    for verb in noun.children:
        if verb.lemma_ not in ref.argument_light_verbs or verb.pos_ != "VERB":
            continue
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return verb
        if verb.dep_ == "relcl" and _object_clause(verb):
            return verb
    return None


def _object_clause(verb: Token) -> bool:
    """The relative clause is about its noun as object: "that police carried out", "(that) he
    held", "which were imposed"; not "after which the bank paid him", "that began in May"."""
    deps = {c.dep_: c for c in verb.children}
    if "dobj" in deps or "dative" in deps:
        return deps.get("dobj") is not None and deps["dobj"].lower_ in RELATIVE_PRONOUNS and "dative" not in deps
    if "nsubjpass" in deps:
        return deps["nsubjpass"].lower_ in RELATIVE_PRONOUNS
    subj = deps.get("nsubj")
    if subj is None or subj.lower_ in RELATIVE_PRONOUNS:
        return False
    return not any(p.dep_ == "pobj" and p.lower_ in RELATIVE_PRONOUNS for c in verb.children if c.dep_ == "prep"
                   for p in c.children)


def subject_of(verb: Token) -> Token | None:
    """``verb``'s own subject, active or passive, if the parser gave it one."""
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def controller(verb: Token) -> Token | None:
    """The understood subject of a subjectless verb: 'scheduled to meet', 'barred X and prohibited Y'."""
    head = verb.head
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ in ("acomp", "oprd"):
        # Rule ``adjective_complement_subject``: "were able to arrest", "is ready to attack":
        # the subject of the verb the adjective completes.
        return subject_of(head.head)
    if verb.dep_ == "xcomp":
        # Object control: "urged officials to cut off", "called on officials to cut off".
        for c in head.children:
            if c.dep_ == "dobj":
                return c
            if c.dep_ in ("prt", "prep") and c.lower_ == "on":
                found = next((p for p in c.children if p.dep_ == "pobj"), None)
                if found is not None:
                    return found
        subject = subject_of(head)
        if subject is not None:
            return subject
        if head.pos_ in ("VERB", "AUX") and head.dep_ == "conj":
            return controller(head)  # chain_controller (below): "regrouped and tried to attack"
    # "arrested and charged"; "launched attacks, killing 130 people".
    if verb.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
        subject = subject_of(head)
        if subject is not None:
            return subject
        if verb.dep_ == "conj" and head.dep_ in ("xcomp", "conj"):
            # Rule ``shared_controller``: "were ready to chase and arrest", "urged them to stop
            # and search": a conjoined verb has its partner's understood subject. Rule
            # ``chain_controller``: the same down a list the parser chains ("froze the budget,
            # sacked his deputies and arrested ...", "emptied, looted and finally destroyed") and
            # through a completing verb of a conjunct ("regrouped and tried to attack"); not from
            # or through an adverbial clause ("the market was shelled, killing two and wounding
            # six": the market wounds no one; "is expected to take a decade to construct": the
            # port builds nothing) nor a completing verb above a completing verb ("is certain to
            # recommend barring the firm": who recommends does not bar).
            return controller(head)
    if verb.dep_ == "acl" and head.pos_ == "NOUN":
        # "the cell's decision to stage the bombings", "her attempt to escape".
        return next((c for c in head.children if c.dep_ == "poss"), None)
    return None


def light_verb_relations(frame: Frame, ref: EventReference) -> list[Relation]:
    verb = frame.light_verb
    if verb is None:
        return []
    out = []
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if verb.dep_ in ("acl", "relcl") and verb.head.i == frame.anchor.i:
        # light_verb_clause: "sanctions imposed by Canada", "the fine that the firm paid"
        agents = (p for c in verb.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj")
        subj = subj or next(agents, None)
    else:
        subj = subj or controller(verb)
    if subj is not None:
        out.append(Relation("light", subj, ref.argument_light_verbs[verb.lemma_]))
    if frame.anchor.dep_ == "dobj" and frame.anchor.head.i == verb.i:
        # "staff were given an ultimatum": the passive subject is the one it is given to.
        out.extend(Relation("light", c, "target") for c in verb.children if c.dep_ == "nsubjpass")
    return out


def _claimant(noun: Token, ref: EventReference) -> list[Relation]:
    """"claimed responsibility for the bombing" (the parser hangs "for" on either word)."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "for":
        return []
    holder = noun.head.head
    verb = holder.head if holder.lemma_.lower() in ref.credit_nouns else holder
    takes_credit = any(c.dep_ == "dobj" and c.lemma_.lower() in ref.credit_nouns for c in verb.children)
    if verb.lemma_.lower() in ref.claiming_verbs and takes_credit:
        subj = next((c for c in verb.children if c.dep_ == "nsubj"), None) or controller(verb)
        if subj is not None:
            return [Relation("claimant", subj, "actor")]
    return []


def _targeted(noun: Token, ref: EventReference) -> list[Relation]:
    """"the blast targeted a pharmacy", "raids aimed at the garrison"."""
    out: list[Relation] = []
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() in ref.targeting_verbs:
        out.extend(Relation("targeted", c, "target") for c in noun.head.children if c.dep_ == "dobj")
    for verb in noun.children:
        if verb.dep_ in ("acl", "relcl") and verb.lemma_.lower() in ref.targeting_verbs:
            out.extend(Relation("targeted", c, "target") for c in verb.children if c.dep_ == "dobj")
            out.extend(Relation("targeted", p, "target") for c in verb.children
                       if c.dep_ == "prep" and c.lower_ in ("at", "against", "on")
                       for p in c.children if p.dep_ == "pobj")
    return out


def _partaker(noun: Token, ref: EventReference) -> list[Relation]:
    """Rule ``partaker``: "the gangs engage in extortion", "two officers took part in the raid",
    "the men involved in the robbery": who takes part in a nominal event does it."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "in":
        return []
    verb = noun.head.head
    if verb.pos_ == "NOUN" and verb.dep_ == "dobj":
        verb = verb.head  # "took part in": the parser may hang "in" on "part"
    if verb.pos_ != "VERB":
        return []
    keys = {verb.lemma_.lower(), *(f"{verb.lemma_.lower()}_{c.lemma_.lower()}" for c in verb.children if c.dep_ == "dobj")}
    if not keys & ref.participation_verbs:
        return []
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [Relation("partaker", verb.head, "actor")]  # "the men involved in the robbery"
    who = subject_of(verb) or controller(verb)
    return [Relation("partaker", who, "actor")] if who is not None else []


def nominal_relations(anchor: Token, ref: EventReference) -> list[Relation]:
    """Participants of a nominal event named outside its noun phrase."""
    if anchor.pos_ == "VERB":
        return []
    out = [*_claimant(anchor, ref), *_targeted(anchor, ref), *_partaker(anchor, ref)]
    if anchor.dep_ == "conj" and anchor.head.pos_ == "NOUN":
        # "the shooting and maiming of pilgrims": the parser gives the shared phrase to the
        # first noun only.
        out.extend(Relation(f"prep_{c.lower_}", p) for c in anchor.head.children
                   if c.dep_ == "prep" and c.i > anchor.i and c.lower_ in ("of", "on", "against")
                   for p in c.children if p.dep_ == "pobj")
    return out


def accused(trigger: Token, ref: EventReference) -> Token | None:
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
    if verb.lemma_.lower() not in ref.accusing_verbs:
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head  # "a man suspected of the bombing"
    for dep in ("nsubjpass", "dobj"):
        found = next((c for c in verb.children if c.dep_ == dep), None)
        if found is not None:
            return found
    return None


def accused_relations(trigger: Token, ref: EventReference) -> list[Relation]:
    found = accused(trigger, ref)
    if found is None or any(c.dep_ in ("nsubj", "poss", "agent") for c in trigger.children):
        return []
    return [Relation("accused", found, "actor")]


def in_own_phrase(verb: Token, word: Token, ref: EventReference) -> bool:
    """``word`` is the second word of a two-word trigger ``verb`` starts ("opened fire")."""
    return any(len(e.words) == 2 and e.words[1] == word.lemma_.lower() for e in ref.triggers.get(verb.lemma_.lower(), ()))


def has_own_object(verb: Token, ref: EventReference) -> bool:
    """A verb trigger with a direct object that is not part of the trigger itself."""
    return verb.pos_ == "VERB" and any(k.dep_ == "dobj" and not in_own_phrase(verb, k, ref) for k in verb.children)


def to_infinitive(verb: Token) -> bool:
    """The verb has the infinitive marker "to" as its auxiliary ("to attack", "to buy")."""
    return any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children)


def _is_infinitive(tok: Token) -> bool:
    return tok.dep_ in ("advcl", "xcomp") and to_infinitive(tok)


def bare_participle(verb: Token) -> bool:
    """Rule ``bare_participle``: a past participle with no auxiliary ("with acres of forest
    destroyed", a heading's "Embassy attacked", "soldiers killed or captured") or with a "by"
    phrase ("a guard beaten and robbed by the gang") tells what its subject underwent: the
    subject the parser gives it is the passive one. Not with an object or an infinitive of its
    own ("rebels seized the port", "an aide called on her to resign", tagged as
    participles)."""
    if verb.pos_ != "VERB" or verb.tag_ != "VBN" or any(c.dep_ == "dobj" or _is_infinitive(c) for c in verb.children):
        return False  # with an object or an infinitive it is an active past the tagger took for a participle
    if any(c.dep_ == "agent" for c in verb.children):
        return True
    partner = verb.head if verb.dep_ == "conj" else verb  # "has killed and wounded": the first verb's auxiliary
    return not any(c.dep_ in ("aux", "auxpass") for v in (verb, partner) for c in v.children)


def appositive_name(noun: Token) -> Token:
    """Rule ``appositive_name``: "Ann Lee, a nurse who was hurt": a description set beside a
    name stands for it; the name is the better handle."""
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" and noun.head.i < noun.i:
        return noun.head
    return noun


def dependent_relations(host: Token, anchor: Token, ref: EventReference) -> list[Relation]:
    """The host's own dependents, each under its dependency relation."""
    out: list[Relation] = []
    for c in host.children:
        dep = c.dep_
        if host.pos_ == "VERB" and host is not anchor and dep in ("nsubj", "nsubjpass", "dobj"):
            continue  # the light verb's own subject/object are `light_verb_relations`
        if dep in ("nsubj", "nsubjpass"):
            if c.lower_ in RELATIVE_PRONOUNS and host.dep_ == "relcl":
                c = appositive_name(host.head)
            if dep == "nsubj" and host is anchor and bare_participle(host):
                dep = "nsubjpass"
            out.append(Relation(dep, c))
        elif dep in ("dobj", "dative", "poss"):
            if not (dep == "dobj" and host is anchor and in_own_phrase(host, c, ref)):
                out.append(Relation(dep, c))
        elif dep == "agent":
            out.extend(Relation("agent", p) for p in c.children if p.dep_ == "pobj")
        elif dep == "prep" and c.lower_ == "including":
            # "were arrested, including A and B": the named ones undergo it too.
            passive = any(k.dep_ == "nsubjpass" for k in host.children)
            out.extend(Relation("nsubjpass" if passive else "dobj", p) for p in c.children if p.dep_ == "pobj")
        elif dep in ("prep", "prt"):  # a particle may carry the object: "called on Muslims"
            name = f"prep_{c.lower_}"
            if name == "prep_on" and host is anchor and has_own_object(host, ref):
                # "barring Huawei on national security grounds": beside an object, "on" gives a
                # ground or a date, not the target ("opened fire on protesters": the object
                # is part of the trigger).
                name = "prep_on_beside_object"
            out.extend(Relation(name, p) for p in c.children if p.dep_ == "pobj")
        elif dep in MODIFIER_DEPS:
            out.append(Relation("modifier", c))
        elif dep == "advmod":
            # "flew back to Belfast": the parser hangs the phrase on the adverb.
            out.extend(Relation(f"prep_{p.lower_}", o) for p in c.children if p.dep_ == "prep"
                       for o in p.children if o.dep_ == "pobj")
    return out


def infinitive_complement_subject(verb: Token) -> Token | None:
    """Rule ``infinitive_complement_subject``: an infinitive completing a noun ("the right to
    attack", "a plan to invade") is done by the noun's possessor ("the cell's decision to stage"),
    else by the subject of the verb the noun is the object of ("the union has the right to strike")."""
    noun = verb.head
    found = next((c for c in noun.children if c.dep_ == "poss"), None)
    if found is None and noun.dep_ == "dobj":
        found = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    return found


def understood_subject(anchor: Token, ref: EventReference) -> list[Relation]:
    """The subject of a verb trigger that has none of its own."""
    if anchor.dep_ == "xcomp" and anchor.head.lemma_.lower() in ref.content_verbs:
        # Rule ``content_gerund``: "the plan involves attacking the port": the plan does nothing.
        return []
    if anchor.dep_ == "acl" and to_infinitive(anchor):
        subj = infinitive_complement_subject(anchor)
        return [Relation("nsubj", subj)] if subj is not None else []
    if anchor.dep_ == "acl":
        # "people killed in the attack" undergo it; "people protesting" do it.
        return [Relation("nsubj" if anchor.tag_ == "VBG" else "head", anchor.head)]
    subj = controller(anchor)
    if subj is None:
        return []
    # A conjoined verb shares its partner's voice ("was arrested and charged"); a past
    # participle clause is passive ("Arrested in May, he ..."); a controlled one is active
    # ("scheduled to meet").
    if anchor.dep_ == "conj" and (any(c.dep_ == "auxpass" for c in anchor.children) or bare_participle(anchor)):
        dep = "nsubjpass"  # rule ``own_voice``: "She ran and was elected": her own auxiliary says passive
    elif anchor.dep_ == "conj":
        dep = subj.dep_
    else:
        dep = "nsubjpass" if anchor.dep_ == "advcl" and anchor.tag_ == "VBN" else "nsubj"
    return [Relation(dep, subj)]


def shared_object(verb: Token) -> Token | None:
    """Rule ``shared_object``: "the crowd looted and burned the shop": two verbs joined before
    one object share it; the parser gives it to the second only. The first verb has nothing of
    its own after it but the "and" and its partner, which has no subject of its own."""
    if verb.pos_ != "VERB" or any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children):
        return None
    partner = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"), None)
    if partner is None or any(c.dep_ in ("nsubj", "nsubjpass") for c in partner.children):
        return None
    if any(c.i > verb.i and c.dep_ not in ("cc", "conj", "punct") for c in verb.children):
        return None
    return next((c for c in partner.children if c.dep_ == "dobj"), None)


def anchor_relations(anchor: Token, ref: EventReference) -> list[Relation]:
    """Participants the anchor's place in the parse gives it, when its dependents name none."""
    out: list[Relation] = []
    has_subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in anchor.children)
    if not has_subject and anchor.pos_ == "VERB":
        out.extend(understood_subject(anchor, ref))
    obj = shared_object(anchor)
    if obj is not None:
        out.append(Relation("shared_object", obj))
    if anchor.dep_ == "amod":
        out.append(Relation("head", anchor.head))
    if anchor.pos_ == "ADJ" and not has_subject and anchor.dep_ in ("acomp", "oprd"):
        # "seven guards were dead", "a driver was shot dead": the subject is the verb's.
        subj = subject_of(anchor.head)
        if subj is not None:
            out.append(Relation("nsubj", subj))
    return out


def clause_relations(anchor: Token) -> list[Relation]:
    """Places the clause around the anchor gives."""
    out: list[Relation] = []
    if anchor.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in anchor.children):
        out.append(Relation("where", anchor.head, "place"))  # "the station, where six people were killed"
    if anchor.dep_ == "nsubj" and anchor.head.lemma_ == "be":
        # "The largest explosion was at the ferry terminal": the copula's locative places its subject.
        out.extend(Relation(f"prep_{c.lower_}", p) for c in anchor.head.children
                   if c.dep_ == "prep" and f"prep_{c.lower_}" in LOCATIVE_RELATIONS
                   for p in c.children if p.dep_ == "pobj")
    return out


def nested_relations(found: list[Relation]) -> list[Relation]:
    """Phrases hung on the participants found: "meet with officials in Beijing", "in a market in
    Lahore", "raids by the allies inside Yemen" (the parser often hangs the place on the
    nearest noun; rule ``nested_place``, CONTAINING_PREPOSITIONS); "arrested five people,
    including A and B"."""
    out: list[Relation] = []
    for r in found:
        if r.name != "light":
            out.extend(Relation("place_of_argument", p) for c in r.head.children if c.dep_ == "prep"
                       and c.lower_ in CONTAINING_PREPOSITIONS for p in c.children if p.dep_ == "pobj")
        if r.name in ("nsubj", "nsubjpass", "dobj", "light"):
            out.extend(Relation(r.name, p, r.forced) for c in r.head.children
                       if c.dep_ == "prep" and c.lower_ == "including" for p in c.children if p.dep_ == "pobj")
    return out


def relations(trigger: Token, ref: EventReference) -> list[Relation]:
    """Every relation around a trigger, in the order its arguments are listed."""
    frame = frame_of(trigger, ref)
    # event_adjective: "charged with the fatal shooting": the accused of the noun the adjective is on
    charged = frame.anchor if trigger.dep_ == "amod" else trigger
    out = [*light_verb_relations(frame, ref), *nominal_relations(frame.anchor, ref), *accused_relations(charged, ref)]
    for host in frame.hosts:
        out.extend(dependent_relations(host, frame.anchor, ref))
        if host is frame.anchor:
            out.extend(anchor_relations(frame.anchor, ref))
    out.extend(clause_relations(frame.anchor))
    return out + nested_relations(out)
