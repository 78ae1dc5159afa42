"""The quote lexicon: cue words, anaphoric forms, first names, person nouns, senses, verb classes and titles, read from the reference folder."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from transforms.reference_files import reference_rows


@dataclass(frozen=True)
class Referent:
    refers_to: str  # PERSON, ORG, GROUP ("they": coreference.group_antecedent) or RELATIVE
    gender: str | None


@dataclass(frozen=True)
class Lexicon:
    verbs: frozenset[str]  # lemmas whose complement clause is the content
    # lemma -> particles taking the content ("call for"); "" where the direct object does
    object_verbs: dict[str, frozenset[str]]
    source_preps: tuple[tuple[str, ...], ...]
    referents: dict[str, Referent]
    # noun lemma / adjective -> complements taking the content: "that", "to" or a preposition
    nouns: dict[str, frozenset[str]]
    adjectives: dict[str, frozenset[str]]
    holders: frozenset[str]  # verbs whose subject voices their object noun ("expressed concern")
    # "in <noun>, ...": "source" nouns speak themselves (a poll), "vehicle" nouns carry the
    # clause subject's words (a statement)
    in_nouns: dict[str, str]
    # Verbs reporting a clause without naming who holds it, the clause being the content:
    # raising verbs ("X seems to ...") and reporting verbs in the passive ("X is expected to
    # ...", "X was accused of ...").
    raising: frozenset[str]
    passive: frozenset[str]
    first_names: dict[str, str]  # lower-cased first name -> gender, for he/she resolution
    # Adjectives reporting an extraposed clause held by nobody named ("it is unclear whether ...").
    impersonal: frozenset[str] = frozenset()
    # Singular nouns for a person ("spokeswoman", "chancellor") -> gender or None: as a subject
    # they are candidates for a later he/she that no name stands for.
    person_nouns: dict[str, str | None] = field(default_factory=dict)
    # cue lemma -> (relation, words) that put it in a sense reporting nothing ("claimed the title")
    senses: dict[str, tuple[tuple[str, frozenset[str]], ...]] = field(default_factory=dict)
    # Verb lemmas by the class of quote_verb_classes.csv: "object_control_infinitive" ("urged
    # voters to say"), "object_control" ("left voters feeling"), "naming" ("dubbed it ..."),
    # "not_reporting" ("he is “sure”").
    verb_classes: dict[str, frozenset[str]] = field(default_factory=dict)
    # Titles before a name, lower-case without the full stop ("mr", "dr") -> the gender they
    # tell, or None.
    titles: dict[str, str | None] = field(default_factory=dict)
    # Nouns carrying someone's words that are no "in <noun>" source ("a video that said ...",
    # "a sign that read ..."): a relative pronoun standing for one is no speaker (speakers._producer).
    vehicles: frozenset[str] = frozenset()

    def verb_class(self, name: str) -> frozenset[str]:
        return self.verb_classes[name]  # a class the rules use and the file lacks fails loudly


def load_lexicon(reference_dir: str | Path) -> Lexicon:
    ref = Path(reference_dir)
    verbs, object_verbs, preps, holders, vehicles = set(), {}, [], set(), set()
    unsourced: dict[str, set[str]] = {"raising": set(), "passive": set(), "impersonal": set()}
    nouns: dict[str, frozenset[str]] = {}
    adjectives: dict[str, frozenset[str]] = {}
    in_nouns: dict[str, str] = {}
    for row in reference_rows(ref / "quote_cues.csv"):
        cue, pattern = row["cue"].lower(), row["pattern"]
        if pattern == "source_prep":
            preps.append(tuple(cue.split()))
        elif pattern in {"object", "noun", "adjective"}:
            word, _, prep = cue.partition(" ")
            table = {"object": object_verbs, "noun": nouns, "adjective": adjectives}[pattern]
            table[word] = table.get(word, frozenset()) | {prep}
        elif pattern == "holder":
            holders.add(cue)
        elif pattern in {"in_source", "in_vehicle"}:
            in_nouns[cue] = pattern[3:]
        elif pattern == "vehicle":
            vehicles.add(cue)
        elif pattern in unsourced:
            unsourced[pattern].add(cue)
        else:
            verbs.add(cue)
    referents = {}
    for row in reference_rows(ref / "quote_pronouns.csv"):
        referents[row["form"].lower()] = Referent(row["refers_to"], row["gender"] or None)
    first_names = {row["name"].lower(): row["gender"] for row in reference_rows(ref / "quote_first_names.csv")}
    person_nouns = {row["noun"].lower(): row["gender"] or None for row in reference_rows(ref / "quote_person_nouns.csv")}
    senses: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {}
    for row in reference_rows(ref / "quote_senses.csv"):
        cue = row["cue"].lower()
        senses[cue] = (*senses.get(cue, ()), (row["relation"], frozenset(row["words"].split())))
    verb_classes: dict[str, frozenset[str]] = {}
    for row in reference_rows(ref / "quote_verb_classes.csv"):
        verb_classes[row["class"]] = verb_classes.get(row["class"], frozenset()) | {row["verb"].lower()}
    # The honorifics before a person's name ("Mr", "Dr.", "Lady"), shared with the entities.
    titles = {row["affix"].lower().rstrip("."): row["gender"] or None
              for row in reference_rows(ref / "entity_affixes.csv") if row["kind"] == "honorific"}
    return Lexicon(frozenset(verbs), object_verbs, tuple(preps), referents, nouns, adjectives, frozenset(holders), in_nouns,
                   frozenset(unsourced["raising"]), frozenset(unsourced["passive"]), first_names,
                   frozenset(unsourced["impersonal"]), person_nouns, senses, verb_classes, titles,
                   frozenset(vehicles))
