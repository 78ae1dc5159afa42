"""The entity rules' reference data (``seeds/reference/entity_*.csv``), compiled for per-document lookups."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from transforms.entities.keys import name_key
from transforms.labels import PLACE_LABELS
from transforms.reference_files import reference_rows


@dataclass(frozen=True)
class Alias:
    name: str
    label: str
    # "city" for a city's row (New York): not a country, so no competitor's nationality in brackets
    kind: str = ""


@dataclass
class Reference:
    """Everything read from ``seeds/reference/entity_*.csv``, compiled for per-doc lookups."""

    aliases: dict[str, Alias]
    # Titles as lower-cased token tuples by first word, longest first, so "Secretary of
    # State" wins over "Secretary".
    titles: dict[str, list[tuple[str, ...]]]
    # Every word run inside a multi-word title, with its offset: ("state",) -> ("secretary",
    # "of", "state") at 2. Lets a mention be recognised as part of a title in O(1).
    title_parts: dict[tuple[str, ...], list[tuple[tuple[str, ...], int]]]
    honorifics: frozenset[str]
    org_suffixes: frozenset[str]
    # Last words of titles: "Pompeo" after "State" (of "Secretary of State") is not part
    # of a longer name.
    title_ends: frozenset[str]
    # Familiar given names to their full form, by name_key: "mike" -> "michael".
    nicknames: dict[str, str]
    # name_keys of capitalized common words that are never a name on their own ("men").
    common_words: frozenset[str]
    # First words of the alias table's places, and their longest length in words, to find
    # the places the model missed.
    place_first_words: frozenset[str]
    longest_place: int
    # Words after a one-word name that make it a company or club: "chairman", "striker".
    org_roles: frozenset[str]
    # Lower-case nouns before a one-word name that make it one: "firm", "carmaker".
    org_nouns: frozenset[str] = frozenset()
    # Given names (``quote_first_names.csv``): "Peter" alone has no given name before it.
    first_names: frozenset[str] = frozenset()
    # Heads of "<Head> of X" names and the label of the whole, by name_key: "university" -> ORG.
    name_heads: dict[str, str] = field(default_factory=dict)
    # Words of institution names every country has ("supreme", "court"), heads included: a
    # name made only of them is no one institution across articles.
    generic_words: frozenset[str] = frozenset()
    # Heads whose "X" alone names the same body ("Church": "the Church of Zembrism" ... "Zembrism"):
    # the ``short_form`` column of ``entity_name_heads.csv``.
    short_form_heads: frozenset[str] = frozenset()
    # Demonyms by name_key and the canonical name of their country: "chinese" -> "China".
    demonyms: dict[str, str] = field(default_factory=dict)
    # Lower-case words that belong inside people's names ("van", "bin").
    name_particles: frozenset[str] = frozenset()
    # English words glued to a name by a hyphen ("-led", "-era"), not syllables of a given name.
    hyphen_suffixes: frozenset[str] = frozenset()
    # Verbs of a sports result ("beat", "lost") and the preposition some take ("lost to"): verb -> preposition or "".
    result_verbs: dict[str, str] = field(default_factory=dict)
    # Nouns of a winning margin ("by 188 runs"), and those only teams win by.
    result_margins: frozenset[str] = frozenset()
    team_margins: frozenset[str] = frozenset()
    # Genders an honorific ("mrs" -> "female") or a given name ("tony" -> "male") tells, by
    # name_key: what the lake-level surname links compare ("Mr Blair" is no woman's surname).
    # Last words of names only groups bear ("dems", "tories", "united"): `entity_org_name_ends.csv`.
    org_name_ends: frozenset[str] = frozenset()
    honorific_genders: dict[str, str] = field(default_factory=dict)
    first_name_genders: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, reference_dir: str | Path) -> Reference:
        ref = Path(reference_dir)
        aliases = {}
        for row in reference_rows(ref / "entity_aliases.csv"):
            aliases[name_key(row["alias"])] = Alias(row["name"], row["label"], row.get("kind") or "")
        titles, honorifics, suffixes = set(), set(), set()
        for row in reference_rows(ref / "entity_affixes.csv"):
            if row["kind"] in ("title", "honorific"):
                titles.add(tuple(row["affix"].lower().split()))
            if row["kind"] == "honorific":
                honorifics.add(row["affix"].lower())
            elif row["kind"] == "org_suffix":
                suffixes.add(name_key(row["affix"]))
        parts = defaultdict(list)
        for title in titles:
            for i in range(len(title)):
                for j in range(i + 1, len(title) + 1):
                    if (i, j) != (0, len(title)):
                        parts[title[i:j]].append((title, i))
        by_first = defaultdict(list)
        for title in sorted(titles, key=len, reverse=True):
            by_first[title[0]].append(title)
        ends = frozenset(title[-1].rstrip(".") for title in titles) | frozenset(title[-1] for title in titles)
        nicknames = {name_key(row["nickname"]): name_key(row["name"]) for row in reference_rows(ref / "entity_nicknames.csv")}
        common = frozenset(name_key(row["word"]) for row in reference_rows(ref / "entity_common_words.csv"))
        places = [key.split() for key, alias in aliases.items() if alias.label in PLACE_LABELS]
        head_rows = reference_rows(ref / "entity_name_heads.csv")
        heads = {name_key(row["head"]): row["label"] for row in head_rows}
        margins = reference_rows(ref / "entity_result_margins.csv")
        honorific_genders = {name_key(row["affix"]): row["gender"] for row in reference_rows(ref / "entity_affixes.csv")
                             if row["kind"] == "honorific" and row["gender"]}
        first_names = reference_rows(ref / "quote_first_names.csv")
        return cls(
            aliases, dict(by_first), dict(parts), frozenset(honorifics), frozenset(suffixes), ends, nicknames, common,
            frozenset(words[0] for words in places), max((len(words) for words in places), default=0),
            frozenset(name_key(row["role"]) for row in reference_rows(ref / "entity_org_roles.csv")),
            frozenset(name_key(row["noun"]) for row in reference_rows(ref / "entity_org_nouns.csv")),
            frozenset(name_key(row["name"]) for row in first_names),
            heads,
            frozenset(heads) | frozenset(name_key(row["word"]) for row in reference_rows(ref / "entity_generic_words.csv")),
            short_form_heads=frozenset(name_key(row["head"]) for row in head_rows if row.get("short_form") == "yes"),
            demonyms={name_key(row["demonym"]): row["country"] for row in reference_rows(ref / "entity_demonyms.csv")},
            name_particles=frozenset(row["particle"] for row in reference_rows(ref / "entity_name_particles.csv")),
            hyphen_suffixes=frozenset(row["suffix"] for row in reference_rows(ref / "entity_hyphen_suffixes.csv")),
            result_verbs={row["verb"]: row["preposition"] for row in reference_rows(ref / "entity_result_verbs.csv")},
            result_margins=frozenset(row["margin"] for row in margins),
            team_margins=frozenset(row["margin"] for row in margins if row["teams_only"] == "yes"),
            org_name_ends=frozenset(name_key(row["word"]) for row in reference_rows(ref / "entity_org_name_ends.csv")),
            honorific_genders=honorific_genders,
            first_name_genders={name_key(row["name"]): row["gender"] for row in first_names if row["gender"]},
        )


