"""Named-entity mentions and the canonical entities they refer to (``dateline_entities``).

The statistical NER is noisy in ways that are consistent within an article: the same name
gets different labels ("Trump" PERSON five times, ORG three), is missed in some sentences, and
comes with titles, possessives and a leading "the". This component turns ``doc.ents`` into:

- ``doc._.dl_mentions``: one dict per named mention, trimmed to the name itself;
- ``doc._.dl_entities``: one dict per entity, with one label voted over its mentions.

Entity ids are a pure function of (label, canonical key) so the same entity gets the same id
in every article and every run. Merging is conservative on purpose: a wrong merge corrupts
every downstream table, a missed one only splits an entity in two.
"""
from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from transforms.pipeline import register_extensions

register_extensions()

KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE"}
)
# Labels whose names are proper names of one thing, so another occurrence of the same words
# elsewhere in the article is very likely the same thing (not true of e.g. NORP "Chinese"
# used as an adjective, which stays as tagged).
PROPAGATED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’", "'S", "’S"})
DETERMINERS = frozenset({"the"})
EDGE_PUNCT = re.compile(r"^[\W_]+$")
ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,9}$")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def entity_id_for(label: str, name: str) -> str:
    """Stable id of the entity with this label and canonical name, in any article."""
    return "ent_" + hashlib.sha1(f"{label}|{name_key(name)}".encode("utf-8")).hexdigest()[:16]


def name_key(name: str) -> str:
    """Normalized form of a name: case, periods, apostrophe shapes and spacing do not matter."""
    text = unicodedata.normalize("NFKC", name).translate(APOSTROPHES).casefold()
    text = text.replace(".", " ")
    return " ".join(text.split())


def entity_id_at(doc: Doc, start_char: int, end_char: int) -> str | None:
    """The entity of the mention overlapping [start_char, end_char) most, or None.

    Mentions are sorted and do not overlap, so their ends are sorted too: a binary search on
    the end finds the first candidate and the scan stops at the first mention past the span.
    """
    mentions = doc._.dl_mentions or []
    i = bisect_left(mentions, start_char + 1, key=lambda m: m["end_char"])
    best, best_overlap = None, 0
    while i < len(mentions) and mentions[i]["start_char"] < end_char:
        m = mentions[i]
        overlap = min(end_char, m["end_char"]) - max(start_char, m["start_char"])
        if overlap > best_overlap:
            best, best_overlap = m["entity_id"], overlap
        i += 1
    return best


@dataclass(frozen=True)
class Alias:
    name: str
    label: str


@dataclass
class Reference:
    """Everything read from ``seeds/reference/entity_*.csv``, compiled for per-doc lookups."""

    aliases: dict[str, Alias]
    # Titles as lower-cased token tuples, longest first, so "Secretary of State" wins over
    # "Secretary".
    titles: list[tuple[str, ...]]
    org_suffixes: frozenset[str]

    @classmethod
    def load(cls, reference_dir: str | Path) -> Reference:
        ref = Path(reference_dir)
        aliases = {}
        for row in _rows(ref / "entity_aliases.csv"):
            aliases[name_key(row["alias"])] = Alias(row["name"], row["label"])
        titles, suffixes = set(), set()
        for row in _rows(ref / "entity_affixes.csv"):
            if row["kind"] == "title":
                titles.add(tuple(row["affix"].lower().split()))
            elif row["kind"] == "org_suffix":
                suffixes.add(name_key(row["affix"]))
        return cls(aliases, sorted(titles, key=len, reverse=True), frozenset(suffixes))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


@dataclass
class Mention:
    start: int  # token indices, end exclusive
    end: int
    label: str
    from_model: bool = True


@dataclass
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    alias: Alias | None = None


@Language.factory(
    "dateline_entities",
    default_config={"reference_dir": "seeds/reference"},
    requires=["doc.ents"],
    assigns=["doc._.dl_mentions", "doc._.dl_entities"],
)
def make_entities(nlp: Language, name: str, reference_dir: str) -> EntityLinker:
    return EntityLinker(Reference.load(reference_dir))


class EntityLinker:
    def __init__(self, reference: Reference):
        self.ref = reference

    def __call__(self, doc: Doc) -> Doc:
        mentions = [m for ent in doc.ents if (m := self._trim(doc, ent.start, ent.end, ent.label_))]
        mentions = self._propagate(doc, mentions)
        clusters = self._cluster(doc, mentions)
        doc._.dl_mentions, doc._.dl_entities = self._emit(doc, clusters)
        return doc

    def _trim(self, doc: Doc, start: int, end: int, label: str) -> Mention | None:
        """Cut a model span down to the name: no "the", possessive, edge punctuation, title."""
        if label not in KEPT_LABELS:
            return None
        while start < end and (doc[start].lower_ in DETERMINERS or EDGE_PUNCT.match(doc[start].text)):
            start += 1
        while start < end and (doc[end - 1].text in POSSESSIVE or EDGE_PUNCT.match(doc[end - 1].text)):
            end -= 1
        if label == "PERSON":
            start = self._strip_titles(doc, start, end)
        if start >= end or not any(c.isupper() for c in doc[start:end].text):
            return None
        return Mention(start, end, label)

    def _strip_titles(self, doc: Doc, start: int, end: int) -> int:
        stripped = True
        while stripped:
            stripped = False
            for title in self.ref.titles:
                n = len(title)
                # Keep at least one token: a bare "President" is not a name and is dropped by
                # the capital-letter check only if nothing is left.
                if end - start > n and tuple(t.lower_ for t in doc[start : start + n]) == title:
                    start += n
                    stripped = True
                    break
        return start

    def _propagate(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Tag the article's other occurrences of names already found (the model misses some).

        Matching is on exact token text, or case-insensitive inside all-caps text such as
        headlines, where the model's tagging is least reliable.
        """
        covered = [False] * len(doc)
        for m in mentions:
            for i in range(m.start, m.end):
                covered[i] = True
        names: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        labels: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        for m in mentions:
            words = tuple(t.text.casefold() for t in doc[m.start : m.end])
            labels[words][m.label] += 1
        for words, votes in labels.items():
            label = votes.most_common(1)[0][0]
            if label in PROPAGATED_LABELS:
                names[words[0]].append((words, label))
        for cands in names.values():
            cands.sort(key=lambda c: len(c[0]), reverse=True)
        found = []
        i = 0
        while i < len(doc):
            cands = names.get(doc[i].text.casefold()) if not covered[i] else None
            matched = 0
            for words, label in cands or ():
                n = len(words)
                span = doc[i : i + n]
                if (
                    len(span) == n
                    and not any(covered[i : i + n])
                    and tuple(t.text.casefold() for t in span) == words
                    and all(_same_case_or_caps(t.text) for t in span)
                    and not _inside_word(doc, i, i + n)
                ):
                    found.append(Mention(i, i + n, label, from_model=False))
                    matched = n
                    break
            i += matched or 1
        return sorted(mentions + found, key=lambda m: m.start)

    def _cluster(self, doc: Doc, mentions: list[Mention]) -> list[Cluster]:
        by_key: dict[str, Cluster] = {}
        for m in mentions:
            key, alias = self._surface_key(doc, m)
            cluster = by_key.setdefault(key, Cluster())
            cluster.mentions.append(m)
            cluster.alias = cluster.alias or alias
        self._link_short_person_names(doc, by_key)
        return list(by_key.values())

    def _surface_key(self, doc: Doc, m: Mention) -> tuple[str, Alias | None]:
        text = doc[m.start : m.end].text
        key = name_key(text)
        alias = self.ref.aliases.get(key)
        if alias:
            return "alias:" + name_key(alias.name), alias
        words = key.split()
        while len(words) > 1 and words[-1] in self.ref.org_suffixes:
            words.pop()
        # Middle initials ("Michael R. Pompeo") are dropped so the name matches without them.
        if len(words) > 2:
            words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
        return " ".join(words), None

    def _link_short_person_names(self, doc: Doc, by_key: dict[str, Cluster]) -> None:
        """Point "Pompeo" / "Meng" at the one full person name in the article they belong to.

        A short name is linked only when exactly one multi-word person name starts or ends
        with it; two Bushes in one article leave "Bush" on its own.
        """
        full_names: dict[str, set[str]] = defaultdict(set)
        for key, cluster in by_key.items():
            words = key.split()
            if cluster.alias or len(words) < 2 or _vote(cluster) != "PERSON":
                continue
            full_names[words[0]].add(key)
            full_names[words[-1]].add(key)
            if len(words) > 2:
                full_names[" ".join(words[-2:])].add(key)
        for key in list(by_key):
            cluster = by_key[key]
            if cluster.alias or _vote(cluster) == "NORP":
                continue
            targets = full_names.get(key, set()) - {key}
            if len(targets) == 1:
                by_key[targets.pop()].mentions.extend(cluster.mentions)
                del by_key[key]

    def _emit(self, doc: Doc, clusters: list[Cluster]) -> tuple[list[dict], dict[str, dict]]:
        mentions, entities = [], {}
        for cluster in clusters:
            label = cluster.alias.label if cluster.alias else _vote(cluster)
            name = cluster.alias.name if cluster.alias else _canonical_name(doc, cluster)
            eid = entity_id_for(label, name)
            surfaces = []
            for m in cluster.mentions:
                span = doc[m.start : m.end]
                text = doc.text[span.start_char : span.end_char]
                mentions.append(
                    {"start_char": span.start_char, "end_char": span.end_char, "text": text,
                     "label": label, "entity_id": eid}
                )
                if text not in surfaces:
                    surfaces.append(text)
            entry = entities.setdefault(eid, {"name": name, "label": label, "aliases": []})
            entry["aliases"].extend(s for s in surfaces if s not in entry["aliases"])
        mentions.sort(key=lambda m: m["start_char"])
        return mentions, entities


def _vote(cluster: Cluster) -> str:
    """Majority label; model-tagged mentions outvote propagated ones, then longer mentions win."""
    votes = Counter()
    for m in cluster.mentions:
        votes[m.label] += (2 if m.from_model else 1) + 0.01 * (m.end - m.start)
    return votes.most_common(1)[0][0]


def _canonical_name(doc: Doc, cluster: Cluster) -> str:
    """The fullest written form, preferring ordinary capitalisation over all-caps headlines."""
    forms = Counter(doc[m.start : m.end].text for m in cluster.mentions)
    return max(forms, key=lambda s: (not s.isupper() or len(s) <= 4, len(s.split()), forms[s], len(s)))


def _same_case_or_caps(word: str) -> bool:
    """A propagated match must look like a name: capitalized, or in all-caps text."""
    return word[:1].isupper() or not any(c.isalpha() for c in word)


def _inside_word(doc: Doc, start: int, end: int) -> bool:
    """True when the match is glued to letters on either side ("Huawei" inside "Huaweis")."""
    before = doc[start - 1] if start else None
    after = doc[end] if end < len(doc) else None
    return bool(
        (before is not None and not before.whitespace_ and before.text[-1:].isalnum())
        or (after is not None and not doc[end - 1].whitespace_ and after.text[:1].isalnum())
    )
