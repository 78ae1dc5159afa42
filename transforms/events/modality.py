"""Stage 3, modality: whether the event happened as told (event_modality.csv cues).

A cue in the trigger's own clause wins; a nominal that is the of-object of a prospect noun
("the threat of execution", "the risk of war") or the for-object of a request word ("called for an
investigation", "demands for a ceasefire") is what that word says it is; a nominal trigger that
is a verb's object takes that verb's modality; then the words that govern the clause are climbed,
at most three: verbs, a noun the clause completes ("a pledge to build a dam", "the possibility
that the minister was bribed"), an adjective ("was not free to discuss the case").
"""
from __future__ import annotations

from spacy.tokens import Token

from transforms.events.reference import EventReference
from transforms.events.relations import to_infinitive
from transforms.events.triggers import undergoers
from transforms.labels import TIME_LABELS

# generic: a habit or a kind, told of no one occurrence ("hundreds die in the desert each year",
# "the minister frequently travels to Brussels"): kept in the table, left out where occurrences are counted.
MODALITIES = ("asserted", "negated", "hypothetical", "planned", "reported", "generic")
# Modality cue kinds, strongest first: a negation or auxiliary in the trigger's own clause
# outranks a governing verb further up.
CUE_ORDER = ("neg", "preconj", "det", "aux", "modifier", "period", "mark", "governor")
# The preposition whose object a trigger is, and the cue kind (event_modality.csv `where`) of the
# word it hangs from: "the risk of war" (prospect), "called for an investigation" (request).
NOUN_PREP_CUES = {"of": ("prospect", "habit"), "for": ("request",), "to": ("exposure",)}
CLAUSE_CLIMB_DEPS = frozenset({"xcomp", "ccomp", "conj", "acl", "acomp"})
CUE_KINDS = {"neg": "neg", "preconj": "preconj", "det": "det", "aux": "aux", "auxpass": "aux", "mark": "mark",
             "amod": "modifier", "advmod": "modifier", "compound": "modifier", "prep": "modifier",
             "npadvmod": "modifier"}
# The clitic negation is a negation whatever the parse calls it: text tokenized with a space
# before it ("do n’t") gets "n’t" parsed as a subject or an object (#20: 118 of 118 in RAMS dev).
NEGATION_CLITICS = frozenset({"n't", "n’t"})
# The prepositions a fight takes its foe by (a closed class): "the fight against terrorism".
AGAINST = frozenset({"against", "on"})
# Pronouns for people at large (a closed class): "they treat their patients well"; "we call for
# an inquiry" is a speaker's act as it is told, so "we" is left out.
PEOPLE_AT_LARGE = frozenset({"they", "you"})
# The present forms of be (a closed class) and date words that look back (a closed class): "is
# meeting on Thursday" is a schedule, "met last week" is not.
PRESENT_BE = frozenset({"is", "are", "am", "'s", "'re", "'m"})
PAST_DATE_WORDS = frozenset({"last", "ago", "yesterday", "earlier", "previous", "past", "recently"})
FUTURE_DATE_WORDS = frozenset({"next", "tomorrow", "coming", "later", "upcoming"})
# Prepositions of manner and means (a closed class): "by building", "in negotiating".
MEANS = frozenset({"by", "in"})
# Subjects that say the event happened to no one (a closed class): "nobody was hurt".
NO_ONE = frozenset({"nobody", "none", "nothing", "no-one", "noone"})
# Subject relations (spaCy labels): who votes, who is elected.
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# The named rules of this stage (beside the cue table of event_modality.csv), each tested alone in
# tests/test_events_modality.py and described in docs/events.md.
RULES = {
    "quantified": "a nominal under any, every, all ranges over occurrences (generic)",
    "fought_kind": "a crime_kind fought or prevented is a kind (generic)",
    "no_subject": "a subject_trigger verb with no subject is what anyone may do (generic)",
    "no_one": "a verb whose subject is no one (negated)",
    "shared_conjunct": "a coordinated word stands where the first of its row stands",
    "scheduled_present": "a present verb with a date that has no year and looks back on nothing (planned)",
    "habitual_present": "the simple present of people at large (they, you, a bare plural) with no date (generic)",
    "conditional_subject": "a nominal subject of a clause under if or unless takes that condition",
    "sales_volume": "a volume_noun (sale, purchase) in the plural, no determiner or count, a possessor's too: trade (generic)",
    "through_preposition": "a gerund of manner or means (by, in) takes the cues of the clause it hangs from",
    "occurrence_subject": "a nominal subject of an occurrence_verb (happen, begin, take place) takes that verb's modality",
    "kind_subject": "a bare singular nominal subject of a present copula with a predicate is a kind (generic)",
    "example_kind": "a bare nominal after like or such as is an example of a kind (generic)",
    "units_sold": "a verb whose object or passive subject is a number of a unit_noun (copies, units) with no determiner, a volume (generic)",
    "clausal_subject": "a gerund that is a clause's subject takes that clause's cue; under a present copula with a predicate, a kind (generic)",
    "purpose_clause": "an infinitive of purpose takes the cues of the clause it hangs from",
    "topic_of": "a bare noun as the of-object of a topic noun (a question of fraud) names a kind (generic)",
    "small_clause": "a complement with no tense, auxiliary or marker (let them wreck it) takes the cues of the clause it completes",
    "result_of": "what a result_verb leads to (may lead to a ban) takes the cues of the clause that leads to it",
    "headline_infinitive": "an infinitive with no verb above it (Ministers to meet unions, topics to be raised) is planned",
    "unnamed_crime": "a participle on an indefinite noun whose offence is only a crime (anyone accused of a crime) is generic",
}
# Quantifiers over occurrences (a closed class): "any crime", "every murder", "all travel".
QUANTIFIERS = frozenset({"every", "any", "all"})


def quantified(trigger: Token) -> bool:
    """Rule `quantified`: "held for any crime", "one robbery for every murder", "halted all
    travel": a nominal under a quantifier ranges over occurrences, it reports none, so it is
    generic (kept in the table). "Sirens sounded before each explosion" distributes over known
    ones and keeps its modality; "all" over a plural may gather known occurrences ("all the
    attacks that night"): only "all travel", "all resistance" range over kinds."""
    if trigger.pos_ == "VERB":
        # "any militia that attacks the convoy", "every driver who crashes": a relative clause on a
        # quantified noun tells what would happen to any of them
        return trigger.dep_ == "relcl" and any(c.dep_ == "det" and c.lower_ in QUANTIFIERS - {"all"}
                                               for c in trigger.head.children)
    quantifiers = QUANTIFIERS if trigger.tag_ == "NN" else QUANTIFIERS - {"all"}
    return any(c.dep_ in ("det", "predet") and c.lower_ in quantifiers for c in trigger.children)


def clause_cue(node: Token, ref: EventReference) -> str | None:
    """The modality of the strongest cue among ``node``'s dependents."""
    found: dict[str, str] = {}
    for c in node.children:
        kind = "neg" if c.lower_ in NEGATION_CLITICS else CUE_KINDS.get(c.dep_)
        if kind is None:
            continue
        modality = ref.cues.get((kind, c.lower_)) or ref.cues.get((kind, c.lemma_.lower()))
        if modality and kind not in found:
            found[kind] = modality
        if c.dep_ == "npadvmod" and "period" not in found:
            # a recurring time: "each year", "every week" (the determiner is the cue)
            modality = next((ref.cues[("period", d.lower_)] for d in c.children
                             if d.dep_ == "det" and ("period", d.lower_) in ref.cues), None)
            if modality:
                found["period"] = modality
    return next((found[k] for k in CUE_ORDER if k in found), None)


def _object_cue(noun: Token, ref: EventReference) -> str | None:
    """A nominal's modality is its verb's only when it is that verb's object ("would raise
    tariffs"); "called the explosion a deliberate attack" names the event, "called for a
    review" asks for one."""
    verb = noun.head
    naming = any(c.dep_ == "oprd" for c in verb.children)
    return (None if naming else ref.cues.get(("governor", verb.lemma_.lower()))) or clause_cue(verb, ref)


def _governing_cue(node: Token, ref: EventReference) -> str | None:
    """A cue on the verbs above ``node``'s clause (at most three up)."""
    for _ in range(3):
        if node.dep_ == "pcomp" and node.head.lower_ in MEANS and node.head.head is not node.head:
            # rule `through_preposition`: "will take their time in negotiating the deal", "could react by
            # building walls": a gerund telling how the clause it hangs from is done is as real as that
            # clause (its cues; its verb is no governor of the gerund). "would apologize for attacking"
            # gives a reason, which happened whatever the apology.
            node = node.head.head
            cue = clause_cue(node, ref)
            if cue:
                return cue
            continue
        if node.dep_ == "advcl" and to_infinitive(node) and node.head is not node:
            # rule `purpose_clause`: "will meet in Rome to discuss the budget", "could use sunlight
            # to charge the battery": a purpose is as real as the act it is the purpose of (its cues, a
            # schedule); the purpose of an act told as done keeps its own modality ("sent troops to
            # guard the port")
            node = node.head
            cue = clause_cue(node, ref) or ("planned" if scheduled_present(node) else None)
            if not cue and node.pos_ == "ADJ":
                cue = ref.cues.get(("governor", node.lemma_.lower()))  # "made it possible for tenants to buy their flats"
            if cue:
                return cue
            continue
        if node.dep_ not in CLAUSE_CLIMB_DEPS or node.head is node:
            break
        gov = node.head
        cue = ref.cues.get(("governor", gov.lemma_.lower()))
        if not cue and node.dep_ == "xcomp":
            # by form for an infinitive: "going to attack" is the future, not every form of go ("went
            # on to build") nor "going on"
            cue = ref.cues.get(("governor", gov.lower_))
        if not cue and node.dep_ == "acl":
            # "the possibility that he was bribed"; a habit noun: "the custom of guests to bring gifts";
            # a modal noun: "the option to buy six more ferries", "the power to detain drivers"
            cue = ref.cues.get(("prospect", gov.lemma_.lower())) or ref.cues.get(("habit", gov.lemma_.lower())) \
                or (ref.cues.get(("modal_noun", gov.lemma_.lower())) if to_infinitive(node) else None)
        if cue:
            return cue
        if node.dep_ == "ccomp" and not small_clause(node):
            break  # "officials said (that) X": the saying verb's own auxiliaries are not X's
        node = gov
        cue = clause_cue(node, ref)
        if cue:
            return cue
    return None


# Verb tags of a clause with no tense of its own (Penn tags): bare, past participle, gerund.
UNTENSED_TAGS = frozenset({"VB", "VBN", "VBG"})


def small_clause(node: Token) -> bool:
    """Rule `small_clause`: "don't let the rivals wreck it", "could see themselves prosecuted",
    "if you get your bike stolen", "the deal will see the firm buy the stake": a complement
    with no tense, auxiliary or marker of its own is part of the clause it completes, so that
    clause's cues are its own; "officials said (that) the men were arrested" has a tense of its own."""
    return node.tag_ in UNTENSED_TAGS and not any(c.dep_ in ("aux", "auxpass", "mark") for c in node.children)


def first_conjunct(tok: Token) -> Token:
    """Rule `shared_conjunct`: the first of a row of coordinated words of one kind (nouns with
    nouns, verbs with verbs) stands where the row stands: in "may impose fines or a ban" the ban
    is imposed as the fines are, in "the chances of being burgled or assaulted" each is a chance;
    "litter, crime and noise" are all fought."""
    verbal = tok.pos_ in ("VERB", "AUX")
    while tok.dep_ == "conj" and tok.head is not tok and (tok.head.pos_ in ("VERB", "AUX")) == verbal:
        tok = tok.head
    return tok


def fought_kind(trigger: Token, ref: EventReference) -> bool:
    """Rule `fought_kind`: "fighting terrorism", "a plan for preventing corruption", "the fight
    against extremism", "the war on crime": a kind of crime that is fought or
    prevented is a kind, no occurrence (generic; "police investigated the crime" stays)."""
    if trigger.lemma_.lower() not in ref.crime_kinds:
        return False
    trigger = first_conjunct(trigger)  # "vowed to fight litter, crime and noise"
    head = trigger.head
    if trigger.dep_ in ("dobj", "nsubjpass"):
        return head.lemma_.lower() in ref.combating_words
    return trigger.dep_ == "pobj" and head.lower_ in AGAINST and head.head.lemma_.lower() in ref.combating_words


def no_one(trigger: Token) -> bool:
    """Rule `no_one`: "No one was arrested", "nobody was hurt", "no soldiers were killed":
    a verb whose subject is no one tells that the event did not happen (negated)."""
    return trigger.pos_ == "VERB" and any(
        c.dep_ in ("nsubj", "nsubjpass") and (c.lower_ in NO_ONE or any(d.dep_ == "det" and d.lower_ == "no"
                                                                          for d in c.children))
        for c in trigger.children)


def no_subject(trigger: Token, ref: EventReference) -> bool:
    """Rule `no_subject`: "the right to vote", "showed students how to vote", "by electing
    outsiders": a `subject_trigger` verb (vote, elect) with no subject of its own, nor one of the
    verb it is coordinated with ("had voted or were still voting") or the noun its participle
    describes ("people voting for the mayor"), names what anyone may do, no vote that took place
    (generic)."""
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() not in ref.subject_triggers:
        return False
    if trigger.dep_ == "acl" and not any(c.dep_ == "aux" for c in trigger.children):
        return False  # a participle on its subject: "people voting for the mayor"
    verb = trigger.head if trigger.dep_ == "conj" else trigger
    return not any(c.dep_ in SUBJECT_DEPS for c in (*trigger.children, *verb.children))


# Relative pronouns that stand for the subject noun they hang from (a closed class).
RELATIVE_SUBJECTS = frozenset({"that", "which"})


def habitual_present(trigger: Token) -> bool:
    """Rule `habitual_present`: "nobody knows how they treat their patients", "dealers sell most
    cars online": a verb in the simple present with no auxiliary whose
    subject is a kind or people at large (they, you, a bare plural; "we" tells the speaker's own act) tells what is done as a
    rule, no occurrence (generic). A date in the clause makes it one ("protesters march through
    the capital on May 2", a caption)."""
    if trigger.pos_ != "VERB" or trigger.tag_ not in ("VBP", "VBZ") or any(c.dep_ in ("aux", "auxpass") for c in trigger.children):
        return False
    subject = next((c for c in trigger.children if c.dep_ == "nsubj"), None)
    if subject is None or any(t.ent_type_ in TIME_LABELS for t in trigger.subtree):
        return False  # a date makes it one occurrence: a caption's "protesters march through the capital on May 2"
    if subject.lower_ in PEOPLE_AT_LARGE:
        return True
    if subject.lower_ in RELATIVE_SUBJECTS and trigger.dep_ == "relcl":
        subject = trigger.head  # "shops that sell stolen bikes": the relative pronoun stands for its noun
    return subject.tag_ == "NNS" and not subject.ent_type_ and not any(
        c.dep_ in ("det", "poss", "nummod") for c in subject.children)


def scheduled_present(trigger: Token) -> bool:
    """Rule `scheduled_present`: "the two coaches are meeting on Tuesday", "the central bank meets
    next week": a verb in the present progressive with a date of its own that names no
    year and looks back on nothing, or in the simple present with a date ahead (next, tomorrow ...),
    tells a schedule (planned). Captions and headlines tell past events in the simple present
    ("farmers protest outside the ministry on Monday", "troops land on the beach on June 6, 1944")."""
    if trigger.pos_ != "VERB" or any(c.dep_ in ("auxpass", "neg") for c in trigger.children):
        return False
    aux = [c for c in trigger.children if c.dep_ == "aux"]
    progressive = trigger.tag_ == "VBG" and len(aux) == 1 and aux[0].lower_ in PRESENT_BE
    if not progressive and (trigger.tag_ not in ("VBP", "VBZ") or aux):
        return False
    # the verb's own date: "next week", "in April", "on Thursday" (a date further down belongs to another clause)
    heads = [c for c in trigger.children if c.dep_ == "npadvmod" and c.ent_type_ in TIME_LABELS]
    heads += [p for c in trigger.children if c.dep_ == "prep" for p in c.children
              if p.dep_ == "pobj" and p.ent_type_ in TIME_LABELS]
    dates = [t for h in heads for t in h.subtree]
    if not dates or any((t.like_num and len(t.text) == 4) or t.lower_ in PAST_DATE_WORDS for t in dates):
        return False
    # the simple present also tells past events in captions and headlines ("farmers protest on
    # Monday"): only with a date ahead ("meets next week")
    return progressive or any(t.lower_ in FUTURE_DATE_WORDS for t in dates)


def sales_volume(trigger: Token, ref: EventReference) -> bool:
    """Rule `sales_volume`: "bicycle sales doubled", "sales of electric cars", "console sales
    climbed", "the bakery's sales fell", "1998 sales beat every forecast": a `volume_noun`
    (sale, purchase) in the plural with no determiner, no number but a year, and no clause of its
    own is an amount of trade over a time, no occurrence (generic), a possessor's too (a firm's
    turnover, #20 sixth round); "the sales of the jets", "two purchases", "sales that broke the
    embargo" name known deals."""
    if trigger.tag_ != "NNS" or trigger.lemma_.lower() not in ref.volume_nouns:
        return False
    return not any(c.dep_ in ("det", "relcl", "acl") or (c.dep_ == "nummod" and not _year(c)) for c in trigger.children)


def occurrence_subject(node: Token, ref: EventReference) -> str | None:
    """Rule `occurrence_subject`: "the hearing will start on Monday", "the vote never took place",
    "a strike could happen in May", "the council convenes next week": a verb that says its subject
    occurs (an `occurrence_verb` of event_word_classes.csv) tells the modality of the nominal trigger
    that is its subject, its own cues first, then a schedule, then the verbs above it. (Other verbs
    do not: "the inquiry may last a year" tells of an inquiry under way.)"""
    verb = node.head
    if node.dep_ not in ("nsubj", "nsubjpass") or verb is node or verb.pos_ not in ("VERB", "AUX"):
        return None
    keys = {verb.lemma_.lower()} | {f"{verb.lemma_.lower()}_{c.lemma_.lower()}" for c in verb.children
                                    if c.dep_ in ("dobj", "prt", "advmod")}
    if not keys & ref.occurrence_verbs:
        return None
    return clause_cue(verb, ref) or ("planned" if scheduled_present(verb) else None) or _governing_cue(verb, ref)


def _bare(noun: Token) -> bool:
    return not any(c.dep_ in ("det", "poss", "nummod") for c in noun.children)


def kind_subject(trigger: Token) -> bool:
    """Rule `kind_subject`: "fraud is a serious offence", "theft is rare in the village",
    "demand for bread is weak": a bare singular noun (no determiner, possessor or number) that is the
    subject of a copula in the present with a predicate tells what the kind is (generic). A gerund
    ("fighting is fierce around the airport") and a clause with a date tell an occurrence."""
    return trigger.pos_ != "VERB" and trigger.tag_ == "NN" and not trigger.lower_.endswith("ing") \
        and trigger.dep_ == "nsubj" and _bare(trigger) and _present_copula_predicate(trigger.head)


def _present_copula_predicate(verb: Token) -> bool:
    """A present copula with a predicate and no date in its clause: "is a serious offence", "is unlawful"."""
    return verb.lemma_ == "be" and verb.tag_ in ("VBZ", "VBP") \
        and any(c.dep_ in ("attr", "acomp") for c in verb.children) \
        and not any(t.ent_type_ in TIME_LABELS for t in verb.subtree)


# Dependents that make a gerund a noun (spaCy labels): a headline's "safety warning".
NOUN_MODIFIER_DEPS = ("compound", "det", "amod", "poss", "nmod")


def clausal_subject(trigger: Token, ref: EventReference) -> str | None:
    """Rule `clausal_subject`: "buying the rival would give it a network", "selling the stake
    could make the staff rich", "suing the landlords will cost the council millions": a gerund that is the
    subject of a clause (csubj) is what that clause says of it, so it takes the clause's cues; under
    a present copula with a predicate it names a kind of act ("holding migrants without a hearing is
    unlawful", "painting a shed yourself is easy": generic). "Acquiring the brewery doubled its
    profits" tells an occurrence; a gerund after a comma is a participle clause the parse mistook
    ("the firms objected, warning that prices could rise")."""
    if trigger.tag_ != "VBG" or trigger.dep_ != "csubj" or trigger.head is trigger \
            or any(c.dep_ in ("aux", "auxpass") + NOUN_MODIFIER_DEPS for c in trigger.children):
        return None  # "what I am asking for"; a headline's "safety warning" is a noun
    start = trigger.left_edge.i
    if start > 0 and trigger.doc[start - 1].text == ",":
        return None
    verb = trigger.head
    if any("\n" in t.text for t in trigger.doc[min(trigger.i, verb.i):max(trigger.i, verb.i)] if t.is_space):
        return None  # a headline run into the first sentence
    return clause_cue(verb, ref) or ("generic" if _present_copula_predicate(verb) else None)


def topic_of(node: Token, ref: EventReference) -> bool:
    """Rule `topic_of`: "a question of fraud", "issues of crime and punishment", "the consequences of
    theft": a bare noun (no determiner, possessor, number or modifier) that is the
    of-object of a `topic` noun of event_modality.csv names a subject or a kind, no occurrence
    (generic); "the consequences of the attack" points at one."""
    prep = node.head
    return node.dep_ == "pobj" and prep.lower_ == "of" and prep.head is not prep and node.tag_ == "NN" \
        and ("topic", prep.head.lemma_.lower()) in ref.cues \
        and not any(c.dep_ in ("det", "poss", "nummod", "amod", "compound") for c in node.children)


def example_kind(trigger: Token) -> bool:
    """Rule `example_kind`: "worries like theft and traffic", "offences such as fraud": a bare noun
    after like or such as names an example of a kind (generic); "attacks like the one in May"
    points at an occurrence."""
    prep = trigger.head
    return trigger.pos_ != "VERB" and trigger.dep_ == "pobj" and _bare(trigger) and (
        prep.lower_ == "like" or (prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)))


# Words that name an offence without saying which one (a closed class).
UNNAMED_OFFENCES = frozenset({"crime", "offence", "offense"})
INDEFINITE_ARTICLES = frozenset({"a", "an"})
DESCRIBING_PREPOSITIONS = frozenset({"of", "with", "for"})
INDEFINITE_PRONOUNS = frozenset({"anyone", "anybody", "someone", "somebody", "everyone", "everybody", "those"})
# "crimes against humanity", "crimes of violence" name the offence; a place or an end ("crimes in the
# city", "a crime to the mainland" as the parser hangs it) does not
KIND_PREPOSITIONS = frozenset({"against", "of", "involving", "like"})


def unnamed_crime(trigger: Token) -> bool:
    """Rule `unnamed_crime`: "a law to hand over anyone accused of a crime", "people who had been
    convicted of crimes": a participle or a relative clause on an indefinite pronoun or a bare plural
    (no definite determiner, owner or number), whose offence is only "a crime", tells who may be
    meant, no accusation or conviction made (generic). "the man accused of a crime", "a teacher
    convicted of a crime", "people accused of war crimes", "anyone accused of the robbery" point at one."""
    if trigger.pos_ != "VERB" or trigger.dep_ not in ("acl", "relcl") or trigger.head is trigger:
        return False
    noun = trigger.head
    if not (noun.tag_ == "NNS" or noun.lower_ in INDEFINITE_PRONOUNS) or any(
            c.dep_ in ("poss", "nummod") or (c.dep_ == "det" and c.lower_ not in INDEFINITE_ARTICLES) for c in noun.children):
        return False  # "a teacher convicted of a crime", "two men accused of crimes": someone
    return any(obj.dep_ == "pobj" and obj.lemma_.lower() in UNNAMED_OFFENCES
               and all((c.dep_ == "det" and c.lower_ in INDEFINITE_ARTICLES)
                       or (c.dep_ == "prep" and c.lower_ not in KIND_PREPOSITIONS) for c in obj.children)
               for prep in trigger.children if prep.dep_ == "prep" and prep.lower_ in DESCRIBING_PREPOSITIONS
               for obj in prep.children)


def units_sold(trigger: Token, ref: EventReference) -> bool:
    """Rule `units_sold`: "the novel has sold two million copies", "the maker sold 40,000 units
    last year": a verb whose object is a thousand or more counted goods (a `unit_noun` of
    event_word_classes.csv) with no determiner or possessor tells a volume of trade, no one deal
    (generic, as `sales_volume`); "sold the two copies of the map to a museum" is one deal."""
    if trigger.pos_ != "VERB" or trigger.lemma_.lower() not in ref.trade_verbs:
        return False  # "2,000 cars were damaged in the flood" is harm done, no volume of trade
    # since the tenth round its passive subject and the noun its participle describes too ("167 million
    # phones were sold", "with a million songs bought online")
    return any(c.lemma_.lower() in ref.unit_nouns and c.tag_ == "NNS" and _bare_count(c) for c in undergoers(trigger))


# Number words of a thousand or more (a closed class): "two million copies", "4m consoles".
LARGE_NUMBER_WORDS = frozenset({"thousand", "thousands", "million", "millions", "billion", "m", "bn"})


def _bare_count(noun: Token) -> bool:
    """A number of a thousand or more and no determiner or possessor: "four million copies",
    "more than 600,000 units" ("bought two copies of the guidebook" is one purchase)."""
    if any(c.dep_ in ("det", "poss") for c in noun.children):
        return False
    if not any(c.dep_ == "nummod" for c in noun.children):
        return False
    # "4m units": the tokenizer splits off the m, which the parse hangs on the noun
    numbers = [t for c in noun.children if c.dep_ in ("nummod", "compound") for t in c.subtree]
    return any(t.lower_ in LARGE_NUMBER_WORDS or _at_least_thousand(t.text) for t in numbers)


def _at_least_thousand(text: str) -> bool:
    digits = text.replace(",", "")
    return digits.isdigit() and int(digits) >= 1000


def _year(token: Token) -> bool:
    return token.like_num and len(token.text) == 4 and token.text.isdigit()


# The prepositions a result hangs from a `result_verb` by (a closed class): "led to", "resulted in".
RESULT_PREPOSITIONS = frozenset({"to", "in"})


def result_of(node: Token, ref: EventReference) -> str | None:
    """Rule `result_of`: "the talks may lead to an agreement", "which could lead to a ban on it", "the crisis
    led to his resignation": what a `result_verb` of event_word_classes.csv leads to is as real as
    the clause that leads to it (its cues, then the verbs above it)."""
    prep = node.head
    if node.dep_ != "pobj" or prep.lower_ not in RESULT_PREPOSITIONS or prep.head is prep:
        return None
    verb = prep.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in ref.result_verbs:
        return None
    return clause_cue(verb, ref) or _governing_cue(verb, ref)


def headline_infinitive(verb: Token) -> bool:
    """Rule `headline_infinitive`: "Regulator to probe airline delays", "Several topics to be raised
    at the summit range from trade to aid": an infinitive that is its sentence's root, or that hangs
    from a bare noun starting a headline (the line breaks after it) or a sentence's root noun, tells
    what is to be done (planned), as "is to" does ("the regulator is to probe the delays")."""
    if verb.pos_ != "VERB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    if verb.dep_ == "ROOT":
        return True
    noun, sent = verb.head, verb.sent
    if verb.dep_ not in ("acl", "relcl") or noun.pos_ not in ("NOUN", "PROPN") or noun.left_edge.i != sent.start \
            or any(c.dep_ in ("det", "poss") for c in noun.children):
        return False
    return noun.dep_ == "ROOT" or any(t.is_space and "\n" in t.text for t in verb.doc[verb.i:sent.end])


def modality_of(trigger: Token, ref: EventReference) -> str:
    """Modality from the trigger's own clause, then up through the verbs that govern it."""
    if quantified(trigger) or fought_kind(trigger, ref) or no_subject(trigger, ref) \
            or sales_volume(trigger, ref) or kind_subject(trigger) or example_kind(trigger) \
            or units_sold(trigger, ref) or unnamed_crime(trigger):
        return "generic"
    if no_one(trigger):
        return "negated"
    node = trigger.head if trigger.dep_ == "compound" else trigger
    cue = clause_cue(node, ref)
    if cue:
        return cue
    if scheduled_present(trigger):
        return "planned"
    if habitual_present(trigger):
        return "generic"  # a cue of its own clause ("if they attack") tells more
    first = first_conjunct(node)
    partner = first is not node
    if partner:
        cue = clause_cue(first, ref)  # "no arrests or charges", "would be killed or injured"
        if cue:
            return cue
        node = first
    if node.dep_ in ("pobj", "pcomp") and ("prep", node.head.lower_) in ref.cues:
        return ref.cues[("prep", node.head.lower_)]  # "without investigating"
    if node.dep_ in ("pobj", "pcomp") and node.head.lower_ in NOUN_PREP_CUES and node.head.head is not node.head:
        noun = node.head.head.lemma_.lower()
        cue = next((ref.cues[(kind, noun)] for kind in NOUN_PREP_CUES[node.head.lower_] if (kind, noun) in ref.cues), None)
        if cue:
            return cue  # "the threat of execution": a danger; "pressing for the release": a request; not what happened
        if topic_of(node, ref):
            return "generic"
    cue = result_of(node, ref)
    if cue:
        return cue
    if node.pos_ != "VERB":
        # A subject ("the order would not affect") keeps its own modality, but not outside a
        # condition on its clause (rule `conditional_subject`: "if war breaks out", "unless the
        # strike ends").
        if node.dep_ in ("nsubj", "nsubjpass") and node.head is not node:
            cue = next((ref.cues[("mark", c.lower_)] for c in node.head.children
                        if c.dep_ == "mark" and ("mark", c.lower_) in ref.cues), None)
            if cue:
                return cue
            cue = occurrence_subject(node, ref)
            if cue:
                return cue
        if node.dep_ not in ("dobj", "nsubjpass"):
            return "asserted"
        cue = _object_cue(node, ref)
        if cue:
            return cue
        if node.head.lemma_ not in ref.light_verbs:
            # "sought to evade sanctions": only a verb that makes the event ("impose", "launch")
            # passes on the modality above it; the sanctions being evaded exist.
            return "asserted"
        node = node.head
    # a headline's infinitive is the trigger's or its light verb's, not a partner's ("X to sell Y  X has sold ...")
    headline = not partner and headline_infinitive(node)
    return clausal_subject(node, ref) or _governing_cue(node, ref) or ("planned" if headline else "asserted")
