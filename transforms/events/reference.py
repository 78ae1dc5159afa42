"""The event reference tables of ``seeds/reference/event_*.csv``, read once per pipeline."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from transforms.quotes.lexicon import Lexicon, load_lexicon
from transforms.reference_files import reference_rows


@dataclass(frozen=True)
class TriggerEntry:
    event_type: str
    words: tuple[str, ...]  # lemmas; more than one for multiword triggers (executive order)
    # "N" noun, "H" noun that is not a trigger as a compound modifier, "V" verb, "A" adjective,
    # None any content word.
    pos: str | None
    needs_event_object: bool = False


@dataclass(frozen=True)
class Domain:
    """A row of event_domains.csv: an article with at least ``min_words`` different words of
    ``words`` and ``min_count`` of them in all, more than it has ``keep_words``, is of the
    domain; there a trigger of one of ``types`` is in the domain's sense (a penalty kicked, a
    clash between two sides) unless its sentence has one of ``keep_words`` (fans, police)."""

    name: str
    min_words: int
    min_count: int
    words: frozenset[str]
    types: frozenset[str]
    keep_words: frozenset[str]


@dataclass(frozen=True)
class EventReference:
    """The reference tables. Read-only after `load_reference`, except ``key_memo``."""

    triggers: dict[str, list[TriggerEntry]] = field(default_factory=dict)  # first word -> entries
    roles: dict[tuple[str, str], str] = field(default_factory=dict)  # (scope, relation) -> role
    instruments: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    cues: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, word) -> modality
    light_verbs: dict[str, str] = field(default_factory=dict)  # verb lemma -> subject role
    # Rule ``argument_light_verb``: light_verbs and the verbs of event_argument_light_verbs.csv,
    # read by the argument stage only ("extended the sanctions", "tightened the embargo"); the
    # trigger and modality stages keep light_verbs.
    argument_light_verbs: dict[str, str] = field(default_factory=dict)
    # trigger lemma -> (relation, words) pairs that put the trigger in a sense that is no event
    senses: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)
    compound_heads: frozenset[str] = frozenset()
    # Article domains (event_domains.csv): filter `domain_sense`.
    domains: tuple[Domain, ...] = ()
    # Words by their class (event_word_classes.csv): "a series of attacks" (counting_noun),
    # "claimed responsibility" (claiming_verb, credit_noun), "charged with" (accusing_verb),
    # "targeted" (targeting_verb), "called it an attack" (naming_verb), "was reported killed"
    # (evidential_verb), "anti-war" (negating_prefix).
    counting_nouns: frozenset[str] = frozenset()
    claiming_verbs: frozenset[str] = frozenset()
    credit_nouns: frozenset[str] = frozenset()
    accusing_verbs: frozenset[str] = frozenset()
    targeting_verbs: frozenset[str] = frozenset()
    naming_verbs: frozenset[str] = frozenset()
    evidential_verbs: frozenset[str] = frozenset()
    negating_prefixes: frozenset[str] = frozenset()
    # "hurt", "release": events only when a person undergoes them (person_patient_trigger), a
    # person being a PERSON name, a personal pronoun, a number or a person_noun.
    person_patient_triggers: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()
    # "sanctioned Iran": an event only when a party undergoes it (party_patient_trigger): a name
    # of a person, a body or a state, a personal pronoun, a person_noun or a party_noun.
    party_patient_triggers: frozenset[str] = frozenset()
    # "the senator threatened": an event only when a party does it (party_agent_trigger), or when
    # no doer is named; "the ruling threatens small newspapers" names a danger.
    party_agent_triggers: frozenset[str] = frozenset()
    # Nouns for bodies that act (army, coalition, government): with person_nouns, a party
    # named by a common noun in front of a nominal trigger ("a coalition air strike").
    party_nouns: frozenset[str] = frozenset()
    # accuse, accusation: a charge only when made by a prosecutor, a court ... (legal_accuser)
    # or with no accuser named ("the former governor, accused of bribery").
    accusation_triggers: frozenset[str] = frozenset()
    legal_accusers: frozenset[str] = frozenset()
    # "the plan involves attacking", "the points include investigating": a verb whose gerund
    # says what its subject consists of, not what the subject does (content_verb).
    content_verbs: frozenset[str] = frozenset()
    # "fighting terrorism", "the war on crime": a crime_kind fought by a combating_word is a kind,
    # no occurrence (modality generic, rule `fought_kind`).
    crime_kinds: frozenset[str] = frozenset()
    combating_words: frozenset[str] = frozenset()
    # vote, elect: with no subject of their own, what anyone may do (modality generic, rule `no_subject`).
    subject_triggers: frozenset[str] = frozenset()
    # sale, purchase: a bare plural is a volume of trade ("bicycle sales doubled"), no occurrence
    # (modality generic, rule `sales_volume`).
    volume_nouns: frozenset[str] = frozenset()
    # happen, take place, begin: a verb that says its subject occurs ("the hearing will start", "the
    # strike went ahead") passes its modality on to a nominal trigger that is its subject (rule
    # `occurrence_subject`); a phrase is the verb's lemma and its object's or particle's, joined by "_".
    occurrence_verbs: frozenset[str] = frozenset()
    # copy, unit, album: counted goods; "sold four million copies" is a volume of trade (rule `units_sold`).
    unit_nouns: frozenset[str] = frozenset()
    # sell, buy, ship: the verbs whose counted goods are a volume of trade (rule `units_sold`).
    trade_verbs: frozenset[str] = frozenset()
    # lead, result: what they lead to is as real as their clause (rule `result_of`).
    result_verbs: frozenset[str] = frozenset()
    # engage, participate, take part, involve: who takes part "in" a nominal event does it (rule
    # `partaker`); a phrase is the verb's lemma and its object's joined by "_" (take_part).
    participation_verbs: frozenset[str] = frozenset()
    # reputation, relations, chances: what damage in a figure harms (filter `no_thing_damaged`).
    intangible_nouns: frozenset[str] = frozenset()
    # The quotes component's lexicon, read for its anaphoric forms (quote_pronouns.csv), first
    # names and titles: pronoun arguments are resolved with its coreference (`coreference`).
    pronouns: Lexicon | None = None
    # A cache, not state: string hash -> whether that string, lower-cased, is a key of
    # `triggers` (a pure function of the hash, filled as met by `triggers.candidates`).
    key_memo: dict[int, bool] = field(default_factory=dict, compare=False)



# The classes of event_word_classes.csv and the EventReference field each fills.
WORD_CLASSES = {
    "counting_noun": "counting_nouns", "claiming_verb": "claiming_verbs", "credit_noun": "credit_nouns",
    "accusing_verb": "accusing_verbs", "targeting_verb": "targeting_verbs", "naming_verb": "naming_verbs",
    "evidential_verb": "evidential_verbs", "negating_prefix": "negating_prefixes",
    "person_patient_trigger": "person_patient_triggers", "person_noun": "person_nouns",
    "party_patient_trigger": "party_patient_triggers", "party_agent_trigger": "party_agent_triggers",
    "party_noun": "party_nouns", "accusation_trigger": "accusation_triggers", "legal_accuser": "legal_accusers",
    "crime_kind": "crime_kinds", "combating_word": "combating_words", "subject_trigger": "subject_triggers",
    "volume_noun": "volume_nouns", "occurrence_verb": "occurrence_verbs",
    "unit_noun": "unit_nouns", "content_verb": "content_verbs", "intangible_noun": "intangible_nouns",
    "trade_verb": "trade_verbs", "result_verb": "result_verbs", "participation_verb": "participation_verbs",
}


def _entry(event_type: str, spec: str, needs_event_object: bool) -> TriggerEntry:
    word, _, pos = spec.partition("/")
    return TriggerEntry(event_type, tuple(word.lower().split("_")), pos or None, needs_event_object)


def _triggers(rows: list[dict[str, str]]) -> dict[str, list[TriggerEntry]]:
    triggers: dict[str, list[TriggerEntry]] = {}
    for row in rows:
        for column, conditional in (("triggers", False), ("triggers_on_event", True)):
            for spec in row[column].split():
                entry = _entry(row["event_type"], spec, conditional)
                triggers.setdefault(entry.words[0], []).append(entry)
    return triggers


def _senses(rows: list[dict[str, str]]) -> dict[str, list[tuple[str, frozenset[str]]]]:
    senses: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for r in rows:
        senses.setdefault(r["trigger"].lower(), []).append((r["relation"], frozenset(r["words"].lower().split())))
    return senses


def _domains(rows: list[dict[str, str]]) -> tuple[Domain, ...]:
    def words(value: str) -> frozenset[str]:
        return frozenset(value.lower().split())
    return tuple(Domain(r["domain"], int(r["min_words"]), int(r["min_count"]), words(r["words"]),
                        frozenset(r["types"].split()), words(r["keep_words"])) for r in rows)


def load_reference(reference_dir: str | Path) -> EventReference:
    """Read the event_*.csv tables.

    In event_types.csv a trigger is a lemma, words of a multiword trigger joined by "_"
    (executive_order), optionally with a part of speech after "/": N noun, H noun that does
    not count as a compound modifier (suicide/H: "suicide bomber"), V verb, A adjective.
    In event_roles.csv the trigger column is a lemma, an event type, a family or "*", the most
    specific match winning; an empty role means "not an argument".
    In event_senses.csv a trigger lemma with one of the words in a relation (object, subject,
    particle, modifier, governor, infinitive, plural, clause, credit, complement, prep_governor,
    thing_agent, org_subject, possessor, owner, person_owner, mass, mass_governor, bare_of, plural_of, prep_<preposition>,
    active_prep_<preposition>) is not an event;
    the word "*" stands for any word.
    """
    ref_dir = Path(reference_dir)
    classes: dict[str, set[str]] = {}
    for r in reference_rows(ref_dir / "event_word_classes.csv"):
        classes.setdefault(r["class"], set()).add(r["word"].lower())
    light_verbs = {r["verb"]: r["subject_role"] for r in reference_rows(ref_dir / "event_light_verbs.csv")}
    argument_only_path = ref_dir / "event_argument_light_verbs.csv"  # an older reference folder has none
    argument_only = ({r["verb"]: r["subject_role"] for r in reference_rows(argument_only_path)}
                     if argument_only_path.exists() else {})
    return EventReference(
        triggers=_triggers(reference_rows(ref_dir / "event_types.csv")),
        roles={(r["trigger"], r["relation"]): r["role"] for r in reference_rows(ref_dir / "event_roles.csv")},
        instruments=frozenset(r["lemma"].lower() for r in reference_rows(ref_dir / "event_instruments.csv")),
        places=frozenset(r["lemma"].lower() for r in reference_rows(ref_dir / "event_places.csv")),
        cues={(r["where"], r["cue"].lower()): r["modality"] for r in reference_rows(ref_dir / "event_modality.csv")},
        light_verbs=light_verbs,
        argument_light_verbs={**light_verbs, **argument_only},
        senses=_senses(reference_rows(ref_dir / "event_senses.csv")),
        compound_heads=frozenset(r["head"].lower() for r in reference_rows(ref_dir / "event_compound_heads.csv")),
        domains=_domains(reference_rows(ref_dir / "event_domains.csv")),
        **{field: frozenset(classes.get(name, ())) for name, field in WORD_CLASSES.items()},
        pronouns=load_lexicon(ref_dir),
    )
