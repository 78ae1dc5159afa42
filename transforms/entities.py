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
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from spacy.attrs import ENT_IOB, IDX, ORTH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc

from transforms.pipeline import guarded, register_extensions

register_extensions()

KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE"}
)
# Labels whose names are proper names of one thing, so another occurrence of the same words
# elsewhere in the article is very likely the same thing (not true of e.g. NORP "Chinese"
# used as an adjective, which stays as tagged).
PROPAGATED_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC"})
# Labels whose names never end in a score, a year or a phone prefix ("Bevan 4-0-18-0",
# "Bosnia 1996-08-31"); products, events and works do ("Windows 95", "Apollo 11").
NUMBERLESS_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})
BRACKETS = frozenset("()[]")
DASHES = frozenset({"-", "–", "—", "--"})
# Lower-case words that belong inside people's names.
NAME_PARTICLES = frozenset(
    {"de", "da", "di", "do", "dos", "das", "del", "della", "der", "den", "van", "von", "la", "le", "du",
     "bin", "bint", "ibn", "al", "el", "y", "zu", "ter", "ten"}
)
# Words that open a sentence after a full stop and are nobody's surname (unlike "Such").
SENTENCE_OPENERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "but", "and", "in", "on",
     "at"}
)
ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels of the "<Noun> of ..." names a bare head noun can stand for ("the Ministry").
HEADED_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC"})
LOCATIVE_PREPOSITIONS = frozenset({"in", "at", "near", "across", "outside", "inside", "around"})
# At most this many capitalized words are taken back in front of a model span.
EXTEND_LEFT_MAX = 3
POSSESSIVE = frozenset({"'s", "’s", "'", "’", "'S", "’S"})
DETERMINERS = frozenset({"the"})
# "a World Health Organisation rule": an article in lower case is never part of a name (a
# capital "A" may be: "A Tribe Called Quest").
INDEFINITE_ARTICLES = frozenset({"a", "an"})
EDGE_PUNCT = re.compile(r"^[\W_]+$")
ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,9}$")
INITIAL = re.compile(r"^[A-Z]\.$")
# A version written after a name ("Compiler 2", "Suite 2.0") and glued to a short form ("ABC2").
VERSION = re.compile(r"^\d{1,2}(\.\d{1,2})?$")
GLUED_VERSION = re.compile(r"^([A-Za-z]+?)(\d{1,2}(?:\.\d{1,2})?)$")
VERSIONED_ACRONYM = re.compile(r"^[A-Z]{2,9}\d{1,2}(\.\d{1,2})?$")
# Words skipped when reading an acronym off a name: "Organisation of the Islamic Conference".
ACRONYM_FILLERS = frozenset({"of", "the", "and", "for", "in", "on", "at", "de", "du", "des", "la", "&"})
POSSESSIVE_IN_NAME = re.compile(r" ?'s\b")
# Sports copy names a club by its town ("Chicago 4 Houston 3", "Surrey beat Kent by five
# wickets"); the club is an organization, the town a place. These mark a match between two
# sides: the word between the sides of a fixture, verbs of a result, and the figures of one.
FIXTURE_WORDS = frozenset({"at", "v", "v.", "vs", "vs."})
RESULT_VERBS = frozenset(
    {"beat", "beats", "defeated", "defeats", "drew", "draw", "draws", "edged", "thrashed", "routed",
     "trounced", "downed", "overcame", "crushed", "hammered", "whipped", "blanked", "upset", "held"}
)
RESULT_VERBS_WITH = {"lost": "to", "lose": "to", "loses": "to", "drew": "with", "draw": "with", "draws": "with"}
# Marks before a fielder's or bowler's name in a cricket scorecard: caught, bowled, stumped.
DISMISSAL_MARKS = frozenset({"c", "b", "st"})
SCORE = re.compile(r"^\d{1,3}-\d{1,3}$")
# Margins only sides win by (golfers win by strokes, runners by seconds): whatever the model
# read the winner and loser as, they are teams.
TEAM_MARGINS = frozenset({"runs", "wickets", "innings", "goals"})
RESULT_MARGINS = frozenset({"runs", "wickets", "goals", "points", "innings", "strokes", "shots", "lengths", "seconds"})
# Short English words glued to a name by a hyphen ("Xi Jinping-led", "Bush-era"): not the
# lower-case syllables of a given name ("Lam Ka-yiu").
HYPHEN_SUFFIXES = frozenset(
    {"led", "era", "like", "style", "type", "based", "born", "made", "run", "owned", "free", "wide", "less",
     "ish", "held", "built", "aged", "old", "sized", "fan", "fans", "loyal", "bound", "proof", "ally"}
)
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def entity_id_for(label: str, name: str, keep_label: bool = False, article: str | None = None) -> str:
    """Stable id of the entity with this label and canonical name, in any article.

    A name of two words or more names one thing whatever label the model gave it in each
    article ("Manchester United" read as a person in one, a place in another), so its id
    leaves the label out; a one-word name needs it ("Jordan" the country or the player), as
    does a name a rule gave a second sense (``keep_label``: the town "Los Angeles" and its
    club). The linker passes ``person_key`` as the name, so spellings of one full name share
    an id. ``article`` confines the id to one article (see ``known_by_one_name``)."""
    key = name_key(name)
    scope = label if keep_label or len(key.split()) < 2 else "*"
    if article is not None:
        scope += "@" + article
    return "ent_" + hashlib.sha1(f"{scope}|{key}".encode("utf-8")).hexdigest()[:16]


def known_by_one_name(label: str, name: str, alias: bool) -> bool:
    """A person the article names by one word only: such an entity's id is the article's own.

    "Johnson" alone in two articles may be two people, and nothing in either article says
    which: merging them would be the wrong merge the issue ranks worse than a missed one, so
    such a person is one entity per article. A surname that the article links to a full
    name takes the full name's global id instead; places and organisations named by one word
    ("Huawei", "China") are global."""
    return label == "PERSON" and not alias and len(name_key(name).split()) == 1


@lru_cache(maxsize=1 << 16)  # the rules ask for the same few thousand words and names again and again
def name_key(name: str) -> str:
    """Normalized form of a name: case, accents ("Zürich" / "Zurich", as wires often drop
    them), periods, apostrophe shapes, a possessive "'s" inside the name ("New People's
    Party" / "New People Party") and spacing do not matter."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = unicodedata.normalize("NFKC", text).translate(APOSTROPHES).casefold()
    text = POSSESSIVE_IN_NAME.sub("", text.replace(".", " "))
    return " ".join(text.split())


def person_key(name: str, nicknames: dict[str, str]) -> str:
    """The key of a person's full name that ignores middle initials and a familiar given name.

    "Mike Pompeo", "Michael Pompeo" and "Michael R. Pompeo" are one person wherever they
    appear, so they share a key and an id. A name of one word (a surname or a given name
    alone) is left as it is: "Mike" could be anyone.
    """
    words = name_key(name).split()
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    if len(words) > 1:
        words[0] = nicknames.get(words[0], words[0])
    return " ".join(words)


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
    # Demonyms by name_key and the canonical name of their country: "chinese" -> "China".
    demonyms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, reference_dir: str | Path) -> Reference:
        ref = Path(reference_dir)
        aliases = {}
        for row in _rows(ref / "entity_aliases.csv"):
            aliases[name_key(row["alias"])] = Alias(row["name"], row["label"])
        titles, honorifics, suffixes = set(), set(), set()
        for row in _rows(ref / "entity_affixes.csv"):
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
        nicknames = {name_key(row["nickname"]): name_key(row["name"]) for row in _rows(ref / "entity_nicknames.csv")}
        common = frozenset(name_key(row["word"]) for row in _rows(ref / "entity_common_words.csv"))
        places = [key.split() for key, alias in aliases.items() if alias.label in PLACE_LABELS]
        heads = {name_key(row["head"]): row["label"] for row in _rows(ref / "entity_name_heads.csv")}
        return cls(
            aliases, dict(by_first), dict(parts), frozenset(honorifics), frozenset(suffixes), ends, nicknames, common,
            frozenset(words[0] for words in places), max((len(words) for words in places), default=0),
            frozenset(name_key(row["role"]) for row in _rows(ref / "entity_org_roles.csv")),
            frozenset(name_key(row["noun"]) for row in _rows(ref / "entity_org_nouns.csv")),
            frozenset(name_key(row["name"]) for row in _rows(ref / "quote_first_names.csv")),
            heads,
            frozenset(heads) | frozenset(name_key(row["word"]) for row in _rows(ref / "entity_generic_words.csv")),
            demonyms={name_key(row["demonym"]): row["country"] for row in _rows(ref / "entity_demonyms.csv")},
        )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


@dataclass
class Mention:
    start: int  # token indices, end exclusive
    end: int
    label: str
    from_model: bool = True
    # "team": a town's name used for its sports club; "dateline": the place opening a report.
    kind: str = ""


@dataclass
class Cluster:
    mentions: list[Mention] = field(default_factory=list)
    alias: Alias | None = None
    # Set when a rule knows better than the vote: a surname joined to a full person name.
    label: str | None = None
    # "club": a town's club, "national": a country's national side; each another entity
    # than the place of the same name.
    side: str = ""


class Token(NamedTuple):
    """The attributes of a spaCy token that the rules read, as plain Python values.

    Same names and values as on ``spacy.tokens.Token``, so a rule reads ``doc[i].lower_``
    either way (a word's length is ``len(t.text)``). A record holds nothing of the token's
    position, so the tokens of a word with the same tags share one (see ``Lexicon``).
    """

    text: str
    lower_: str
    is_alpha: bool
    is_digit: bool
    is_lower: bool
    is_punct: bool
    is_space: bool
    is_title: bool
    is_upper: bool
    like_num: bool
    whitespace_: str
    text_with_ws: str
    pos_: str
    tag_: str
    ent_iob_: str
    is_sent_start: bool | None


# What a Token record is made of, then where the token starts, in one ``Doc.to_array`` call.
TOKEN_ARRAY = [ORTH, SPACY, POS, TAG, ENT_IOB, SENT_START, IDX]
IOB_STRINGS = ("", "I", "O", "B")  # Token.ent_iob_ by Token.ent_iob
# Token.is_sent_start by Token.sent_start: 1, 0 (unknown) or -1 (read as an unsigned integer).
SENT_STARTS = {1: True, 0: None}
# Records kept before the lexicon starts afresh: a long-running worker sees ever more words
# (the 2,225 BBC articles make 65,000 records, about 40 MB).
LEXICON_SIZE = 50_000


class Lexicon:
    """Token records by what they are made of (word, space after, tags, sentence start),
    made once and shared by all tokens alike: most tokens of an article ("the", "said",
    ",") are words seen before with the same tags."""

    def __init__(self) -> None:
        self.vocab = None
        self.records: dict[tuple[int, ...], Token] = {}

    def read(self, doc: Doc) -> tuple[list[Token], list[int]]:
        """The doc's Token records and the character offset of each token."""
        if doc.vocab is not self.vocab or len(self.records) > LEXICON_SIZE:
            self.vocab, self.records = doc.vocab, {}  # another pipeline's words, or too many
        *made_of, idx = doc.to_array(TOKEN_ARRAY).T.tolist()
        records = list(map(self.records.get, zip(*made_of)))
        if None in records:
            records = [r or self.record(key) for r, key in zip(records, zip(*made_of))]
        return records, idx

    def record(self, key: tuple[int, ...]) -> Token:
        orth, space, pos, tag, iob, sent_start = key
        lex = self.vocab[orth]
        whitespace = " " if space else ""
        self.records[key] = token = Token(
            lex.text, lex.lower_, lex.is_alpha, lex.is_digit, lex.is_lower, lex.is_punct, lex.is_space,
            lex.is_title, lex.is_upper, lex.like_num, whitespace, lex.text + whitespace, POS_NAMES[pos],
            self.vocab.strings[tag], IOB_STRINGS[iob], SENT_STARTS.get(sent_start, False),
        )
        return token


class Ent:
    """A model entity span: token range and label, as ``doc.ents`` gives them."""

    __slots__ = ("start", "end", "label_")

    def __init__(self, start: int, end: int, label_: str) -> None:
        self.start, self.end, self.label_ = start, end, label_


class Tokens(list):
    """A Doc read once into a list of ``Token`` records, which the rules take as ``doc``.

    Every ``doc[i]`` on a spaCy Doc makes a new Token object, and the rules ask for tokens
    millions of times over a corpus: that was most of this component's CPU. Indexing,
    slicing (a list of records), ``len`` and iteration work as on a Doc; a span's text is
    ``text_of(start, end)`` (a Doc's ``doc[start:end].text``), the model's entities ``ents``,
    the text ``text``. Indexing past the end raises IndexError, where a Doc would hand out
    one of its padding tokens: every rule checks its bounds first.
    """

    __slots__ = ("starts", "text", "ents", "has_tags")

    def __init__(self, doc: Doc, lexicon: Lexicon | None = None) -> None:
        records, self.starts = (lexicon or Lexicon()).read(doc)  # starts: each token's idx
        super().__init__(records)
        self.text = "".join([t.text_with_ws for t in records])  # what doc.text joins
        self.ents = [Ent(e.start, e.end, e.label_) for e in doc.ents]
        self.has_tags = doc.has_annotation("TAG")

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """(start_char, end_char) of the tokens [start, end), as a Span's: end > start."""
        return self.starts[start], self.starts[end - 1] + len(self[end - 1].text)

    def text_of(self, start: int, end: int) -> str:
        """The text of the tokens [start, end) without trailing whitespace, as a Span's
        ``text``: bounds are clipped to the doc as a slice's are."""
        if not 0 <= start < end <= len(self):  # the rules' spans are inside the doc but for a few
            start, end, _ = slice(start, end).indices(len(self))
            if start >= end:
                return ""
        return self.text[self.starts[start] : self.starts[end - 1] + len(self[end - 1].text)]


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
        self.lexicon = Lexicon()

    @guarded("dateline_entities")
    def __call__(self, doc: Doc) -> Doc:
        tokens = Tokens(doc, self.lexicon)  # what every rule below reads as its ``doc``
        common, capitalized = _prose_words(tokens)
        mentions = [
            m for ent in tokens.ents
            for m in self._pieces(tokens, ent.start, ent.end, ent.label_, common, capitalized)
        ]
        mentions = self._join_headed_names(tokens, mentions)
        mentions = _add_initialled_names(tokens, mentions)
        mentions = _add_scorecard_names(tokens, mentions)
        mentions = _add_datelines(tokens, mentions)
        mentions = self._add_bracketed_nationals(tokens, mentions)
        mentions, definitions = _add_defined_acronyms(tokens, mentions)
        mentions = self._propagate(tokens, mentions, {id(m) for pair in definitions for m in pair})
        _add_version_numbers(tokens, mentions)
        mentions = self._add_known_places(tokens, mentions)
        mentions = self._add_table_names(tokens, mentions)
        mentions = [m for m in mentions if not self._common_words_only(tokens, m)]
        self._mark_result_sides(tokens, mentions)
        clusters = self._cluster(tokens, mentions, definitions)
        doc._.dl_mentions, doc._.dl_entities = self._emit(tokens, clusters)
        return doc

    def _pieces(
        self, doc: Tokens, start: int, end: int, label: str, common: frozenset[str],
        capitalized: frozenset[str] = frozenset(),
    ) -> list[Mention]:
        """Cut a model span into the names it holds.

        A name never crosses a line break, a bracket or a spaced dash, yet the small model's
        spans do in headlines, datelines and results tables ("Rasa\\nMazeikyte ( Lithuania",
        "Sri Lanka - Arjuna Ranatunga"); nor does a person's name hold a lower-case word other
        than a particle ("Yorkshire at Headingley"). Pieces after the first keep the model's
        label but count less in the vote.
        """
        if label not in KEPT_LABELS or self._inside_title(doc, start, end):
            return []
        start = self._extend_left(doc, start, end, label, common, capitalized)
        if end - start > 1 and doc[start].lower_ in self.ref.honorifics:
            label = "PERSON"  # "Mr Balls" tagged ORG is still a person
        if label == "PERSON":
            # Before splitting, so the "of" in "Secretary of State" does not split the title.
            while start < end and doc[start].lower_ in DETERMINERS:
                start += 1
            start = self._strip_titles(doc, start, end)
        pieces: list[Mention] = []

        def add(s: int, e: int) -> None:
            m = self._trim(doc, s, e, label, from_model=not pieces, common=common)
            if m:
                pieces.append(m)

        piece_start = start
        for i in range(start, end):
            if self._separates(doc, i, end, label):
                add(piece_start, i)
                piece_start = i + 1
            elif i > piece_start and "\n" in doc[i - 1].whitespace_:
                add(piece_start, i)
                piece_start = i
        add(piece_start, end)
        return pieces

    def _join_headed_names(self, doc: Tokens, mentions: list[Mention]) -> list[Mention]:
        """"Municipality of Zembla", "Vellan Foundation for the Performing Arts": a name made of an
        institution's or polity's head noun (``entity_name_heads.csv``), "of" or "for", maybe
        "the", and a name is one mention, which the model often tags only in part ("Zembla",
        or "Vellan Foundation" and "Performing Arts"). The fragment alone would stand for another
        thing (the place, "Performing Arts"); the whole is the organization an analyst looks for.

        The head, capitalized and outside any other mention, is taken in front of a model span
        (with up to two capitalized words before it, "Zemblan Ministry of"). A model span
        ending in a head is joined to the span after "of"/"for", but to a place only when the
        first is made of words every country's institutions share ("Supreme Court" of
        "Zembla"): the model read "Vellan State University" and "of the US" as two names,
        and the second says where the first is. Never a person or a people on either side.
        """
        if not self.ref.name_heads:
            return mentions
        owner = {i for m in mentions for i in range(m.start, m.end)}
        out: list[Mention] = []
        joined: set[int] = set()
        for k, m in enumerate(mentions):
            if id(m) in joined:
                continue
            if m.label == "PERSON":
                out.append(m)
                continue
            front = self._head_before(doc, m.start, owner)
            if front is not None:
                start, head = front
                m = Mention(start, m.end, self.ref.name_heads[name_key(doc[head].text)])
            nxt = mentions[k + 1] if k + 1 < len(mentions) else None
            if (
                nxt is not None and nxt.label not in ("PERSON", "NORP") and self._joins(doc, m, nxt)
                and (nxt.label not in PLACE_LABELS or self._generic_name(doc.text_of(m.start, m.end)))
            ):
                label = m.label if m.label in HEADED_LABELS else self.ref.name_heads[name_key(doc[m.end - 1].text)]
                joined.add(id(nxt))
                m = Mention(m.start, nxt.end, label, m.from_model)
            out.append(m)
        return out

    def _head_before(self, doc: Tokens, start: int, owner: set[int]) -> tuple[int, int] | None:
        """(where the name starts, where its head is) when "<Head> of [the]" comes right
        before token ``start``, else None."""
        i = start - 1
        if i > 0 and doc[i].text == "the":
            i -= 1
        if i < 1 or doc[i].text not in ("of", "for"):
            return None
        head = i - 1
        t = doc[head]
        if not (t.is_title and t.is_alpha) or name_key(t.text) not in self.ref.name_heads or head in owner:
            return None
        if any("\n" in w.whitespace_ for w in doc[head:start]):
            return None
        j = head
        while (
            j > 0 and head - j < 2 and doc[j - 1].is_title and doc[j - 1].is_alpha and (j - 1) not in owner
            and "\n" not in doc[j - 1].whitespace_ and doc[j - 1].lower_ not in self.ref.titles
            and name_key(doc[j - 1].text) not in self.ref.common_words and not _opens_sentence(doc, j - 1)
        ):
            j -= 1
        return j, head

    def _joins(self, doc: Tokens, m: Mention, nxt: Mention) -> bool:
        """``m`` ends in a head noun and ``nxt`` follows it after "of"/"for" [the]."""
        last = doc[m.end - 1]
        if not last.is_title or name_key(last.text) not in self.ref.name_heads:
            return False
        i = m.end
        if i >= len(doc) or doc[i].text not in ("of", "for"):
            return False
        i += 1
        if i < len(doc) and doc[i].text == "the":
            i += 1
        return nxt.start == i and not any("\n" in t.whitespace_ for t in doc[m.end - 1 : nxt.start])

    def _extend_left(
        self, doc: Tokens, start: int, end: int, label: str, common: frozenset[str], capitalized: frozenset[str]
    ) -> int:
        """Take back the capitalized words of the name the model left off its span.

        The small model often tags only the end of a name, above all at the start of a
        sentence ("Quantum Viewer" tagged "Viewer"), so that the fragment then stands for
        another thing ("Viewer"). A proper noun written with a capital just before the span,
        on the same line, outside any other entity, and not a title ("President"), an
        honorific or a common word, is part of the name. The span must itself start with a
        capitalized word ("Volta 2", not "0 2 1"), and a word opening a sentence (or a quote
        there) counts only if the article capitalizes it inside a sentence and never writes it
        in lower case ("Former Ohio governor", '"Against Norway we ...' are not names).
        Not for demonyms ("Afghan"); and a person's full name takes nothing more (what comes
        before "Nora Vale" describes her), a surname alone only its given name ("Nora" of
        "Nora Vale"), and a given name alone nothing ("Fleecing Peter", a title).
        """
        if label == "NORP" or start == 0 or start >= end or not doc[start - 1].tag_:
            return start  # untagged text: nothing says which capitalized words are names
        if not (doc[start].is_alpha and doc[start].is_title):
            return start
        if label != "PERSON":
            limit = EXTEND_LEFT_MAX
        else:
            limit = 1 if end - start == 1 and name_key(doc[start].text) not in self.ref.first_names else 0
        taken = 0
        while start > 0 and taken < limit:
            t = doc[start - 1]
            if not (
                t.pos_ == "PROPN" and t.is_alpha and t.is_title and len(t.text) > 1 and t.ent_iob_ == "O"
                and t.whitespace_ and "\n" not in t.whitespace_
                and t.lower_ not in self.ref.titles and t.lower_ not in self.ref.title_ends
                and t.lower_ not in DETERMINERS and t.lower_ not in common and name_key(t.text) not in self.ref.common_words
                and (
                    not _opens_sentence(doc, start - 1) or t.lower_ in capitalized
                    or (label == "PERSON" and name_key(t.text) in self.ref.first_names)
                )
            ):
                break
            if not taken and _title_case_line(doc, start):
                break  # checked only once a word qualifies: it scans the line
            start -= 1
            taken += 1
        return start

    @staticmethod
    def _separates(doc: Tokens, i: int, end: int, label: str) -> bool:
        t = doc[i]
        if t.is_space or t.text in BRACKETS:
            return True
        if t.text in DASHES and t.whitespace_ and i and doc[i - 1].whitespace_:
            # A spaced dash before a name of two words or more separates; before one word
            # it is more likely a hyphen in tokenized text ("Lee Cheuk - yan").
            return end - i > 2 and (doc[i + 1].is_title or doc[i + 1].is_upper)
        return (
            label == "PERSON"
            and t.is_alpha
            and t.is_lower
            and t.text not in NAME_PARTICLES
            and doc[i - 1].text not in DASHES  # "Cheuk - yan" is one hyphenated name
        )

    def _trim(
        self, doc: Tokens, start: int, end: int, label: str, from_model: bool, common: frozenset[str]
    ) -> Mention | None:
        """Cut a span down to the name: no "the" or "a", possessive, edge punctuation, title, score,
        nor the ``common`` words of an all-caps headline (see ``_prose_words``)."""
        if end - start > 3 and doc[start].is_lower and doc[start + 1].text == "-" and not doc[start].whitespace_:
            start += 3  # "pro-Beijing New People Party": the prefix qualifies the name
        while start < end and (
            doc[start].lower_ in DETERMINERS
            or doc[start].text in INDEFINITE_ARTICLES
            or EDGE_PUNCT.match(doc[start].text)
            or (label in NUMBERLESS_LABELS and _is_figure(doc[start].text))
            or (end - start > 1 and doc[start].is_upper and doc[start].lower_ in common)
        ):
            start += 1
        while start < end and (
            doc[end - 1].text in POSSESSIVE
            or EDGE_PUNCT.match(doc[end - 1].text)
            or (label in NUMBERLESS_LABELS and _is_trailing_figure(doc, end - 1, label))
            or self._trailing_common_word(doc, end - 1)
            or (end - start > 1 and doc[end - 1].is_upper and doc[end - 1].lower_ in common)
        ):
            end -= 1
        if label == "PERSON":
            start = self._strip_titles(doc, start, end)
            end = _hyphenated_name_end(doc, start, end)
        if start >= end or not any(c.isupper() for c in doc.text_of(start, end)):
            return None
        return Mention(start, end, label, from_model)

    def _trailing_common_word(self, doc: Tokens, i: int) -> bool:
        """"Interfax news agency", "Jiangsu province": a name ends in a capitalized word; a
        lower-case word after it describes the thing (legal forms such as "plc", and the end
        of a hyphenated name, "Li Song-ho", excepted)."""
        t = doc[i]
        if not (t.is_alpha and t.is_lower) or t.lower_ in self.ref.org_suffixes:
            return False
        return not (i and doc[i - 1].text in DASHES)

    def _strip_titles(self, doc: Tokens, start: int, end: int) -> int:
        stripped = True
        while stripped and start < end:
            stripped = False
            for title in self.ref.titles.get(doc[start].lower_, ()):
                n = len(title)
                # A title alone ("President") is left for the capital-letter check to drop.
                if end - start > n and tuple(t.lower_ for t in doc[start : start + n]) == title:
                    start += n
                    stripped = True
                    break
        return start

    def _inside_title(self, doc: Tokens, start: int, end: int) -> bool:
        """True for "State" in "Secretary of State" or "Treasury" in "Treasury Secretary".

        The model often tags part of a job title as an organization; the title names a role,
        not the organization, and the person's name that follows is the mention that matters.
        """
        words = tuple(t.lower_ for t in doc[start:end])
        for title, offset in self.ref.title_parts.get(words, ()):
            s = start - offset
            if s >= 0 and s + len(title) <= len(doc) and tuple(t.lower_ for t in doc[s : s + len(title)]) == title:
                return True
        return False

    def _propagate(self, doc: Tokens, mentions: list[Mention], fixed: set[int]) -> list[Mention]:
        """Tag the article's other occurrences of names already found (the model misses some).

        Matching is on exact token text, or case-insensitive inside all-caps text such as
        headlines, where the model's tagging is least reliable. Every word must be capitalized
        but the small joining words inside a name ("of", "the", "for": "Bank of Zembla"). A longer name also replaces
        the shorter mentions the model cut it into there ("Dries" and "Mertens" where
        "Dries Mertens" is found elsewhere), except those in ``fixed`` (by ``id``) that
        other rules hold on to.
        """
        owner: list[Mention | None] = [None] * len(doc)
        for m in mentions:
            for i in range(m.start, m.end):
                owner[i] = m
        # Dates and numbers block a match: "May" the month is not Theresa May.
        blocked = [False] * len(doc)
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                blocked[i] = owner[i] is None
        names: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        labels: dict[tuple[str, ...], Counter] = defaultdict(Counter)
        # Surnames written like one ("Woods"; not "VR" of "Playstation VR").
        surname_like = set()
        for m in mentions:
            words = tuple(t.text.casefold() for t in doc[m.start : m.end])
            labels[words][m.label] += 1
            last = doc[m.end - 1]
            if last.is_title and last.is_alpha and len(last.text) > 1:
                surname_like.add(words[-1])
        for words, votes in labels.items():
            label = votes.most_common(1)[0][0]
            if label in PROPAGATED_LABELS:
                names[words[0]].append((words, label))
            # A person named in full is then called by the surname alone ("Tiger Woods" ...
            # "Woods said"); the short-name rule later joins it to the full name.
            surname = words[-1:]
            if (
                label == "PERSON" and len(words) > 1 and surname not in labels
                and surname[0] in surname_like and surname[0] not in NAME_PARTICLES
            ):
                names[surname[0]].append((surname, label))
        for cands in names.values():
            cands.sort(key=lambda c: len(c[0]), reverse=True)
        found, replaced = [], set()
        # A match starts at a word that opens a name found, and not inside an earlier match.
        openers = [k for k, t in enumerate(doc) if t.text.casefold() in names]
        next_start = 0
        for i in openers:
            if i < next_start or blocked[i] or not (owner[i] is None or owner[i].start == i):
                continue
            for words, label in names[doc[i].text.casefold()]:
                n = len(words)
                span = doc[i : i + n]
                inner = {id(owner[k]): owner[k] for k in range(i, min(i + n, len(doc))) if owner[k] is not None}
                if (
                    len(span) == n
                    and not any(blocked[i : i + n])
                    and all(m.end <= i + n and m.end - m.start < n and id(m) not in fixed for m in inner.values())
                    and tuple(t.text.casefold() for t in span) == words
                    and all(
                        _same_case_or_caps(t.text) or (0 < k < n - 1 and t.lower_ in ACRONYM_FILLERS)
                        or (k > 1 and span[k - 1].text == "-" and not span[k - 1].whitespace_)
                        for k, t in enumerate(span)
                    )
                    and _looks_like_name(span)
                    and not _inside_word(doc, i, i + n)
                ):
                    # The model's tag on the last word, the head of the name, still votes.
                    head = owner[i + n - 1]
                    found.append(Mention(i, i + n, head.label if head else label, from_model=head is not None))
                    replaced.update(inner)
                    next_start = i + n
                    break
        return sorted([m for m in mentions if id(m) not in replaced] + found, key=lambda m: m.start)

    def _add_known_places(self, doc: Tokens, mentions: list[Mention]) -> list[Mention]:
        """Countries and regions of the alias table the model missed ("beat Dally
        Randriantefy ( Madagascar )", all-caps headlines "IRELAND BEAT LIECHTENSTEIN").

        Only capitalized or all-caps words, and not the two-letter forms ("US" is also a
        pronoun in capitals).
        """
        covered = [False] * len(doc)
        for m in [*mentions, *doc.ents]:
            for i in range(m.start, m.end):
                covered[i] = True
        found = []
        i = 0
        while i < len(doc):
            t = doc[i]
            if covered[i] or not (t.is_title or t.is_upper) or name_key(t.text) not in self.ref.place_first_words:
                i += 1
                continue
            for n in range(min(self.ref.longest_place, len(doc) - i), 0, -1):
                span, text = doc[i : i + n], doc.text_of(i, i + n)
                alias = self.ref.aliases.get(name_key(text))
                if (
                    alias is not None and alias.label in PLACE_LABELS and len(text) > 2
                    and not any(covered[i : i + n])
                    and span[0].text[:1].isupper() and span[-1].text[:1].isupper()
                    and all(any(c.isalpha() for c in w.text) for w in span)
                    and not _inside_word(doc, i, i + n)
                ):
                    found.append(Mention(i, i + n, alias.label, from_model=False))
                    i += n - 1
                    break
            i += 1
        if not found:
            return mentions
        return sorted(mentions + found, key=lambda m: m.start)

    def _add_table_names(self, doc: Tokens, mentions: list[Mention]) -> list[Mention]:
        """Names in results and standings rows ("Bristol City 4 1 0 3 7 8 3", "Crewe 0 Watford 2").

        A line made only of capitalized words and figures is a table row; its word runs are
        names the model mostly misses. Each gets its alias-table label, else the label most
        of the model's own tags in that table carry (a table is one column of teams, or of
        players), else ORG: rows of bare names with scores are mostly teams. The sides of a
        score line, a standings row and a fixture ("CHICAGO AT TORONTO") are marked as teams.
        """
        covered = [False] * len(doc)
        for m in [*mentions, *doc.ents]:
            for i in range(m.start, m.end):
                covered[i] = True
        by_span = {(m.start, m.end): m for m in mentions}
        added: list[Mention] = []
        table_runs: list[tuple[int, int, bool]] = []
        table_votes: Counter = Counter()

        def close_table() -> None:
            label = table_votes.most_common(1)[0][0] if table_votes else "ORG"
            for s, e, team in table_runs:
                alias = self.ref.aliases.get(name_key(doc.text_of(s, e)))
                kind = "team" if team else ""
                added.append(Mention(s, e, alias.label if alias else "ORG" if team else label, False, kind))
            table_runs.clear()
            table_votes.clear()

        for line_start, line_end in _lines(doc):
            sides = _fixture_sides(doc, line_start, line_end)
            runs = sides or _table_row_runs(doc, line_start, line_end)
            if runs is None:
                close_table()
                continue
            teams = runs if sides else _team_runs(doc, runs, line_end, by_span)
            for s, e in runs:
                m = by_span.get((s, e))
                if m is not None:
                    table_votes[m.label] += 1
                    if (s, e) in teams:
                        m.kind = "team"
                elif not any(covered[s:e]):
                    table_runs.append((s, e, (s, e) in teams))
        close_table()
        if not added:
            return mentions
        return sorted(mentions + added, key=lambda m: m.start)

    def _common_words_only(self, doc: Tokens, m: Mention) -> bool:
        """"Men 's singles", "W L PCT GB": headings and column heads the model took for names."""
        key = name_key(doc.text_of(m.start, m.end))
        return key in self.ref.common_words or all(w in self.ref.common_words for w in key.split())

    def _mark_result_sides(self, doc: Tokens, mentions: list[Mention]) -> None:
        """"Middlesex beat Hampshire by 188 runs", "Sweden 1 - 0 Panama": the sides of a
        reported result are teams.

        Only in a sentence that also carries a score or a margin, or with the score between
        the sides, and only when one side is a town, region or country (or already a team) or
        the margin is one only teams win by ("by an innings"): people beat people. A country
        as a side is its national team (the label stays the country's, as national sides are
        named by their country).
        """
        by_start = {m.start: m for m in mentions}
        by_end = {m.end: m for m in mentions}
        pairs = []
        for m in mentions:
            score_end = _score_end(doc, m.end)
            if score_end is not None and score_end in by_start:
                pairs.append((m, by_start[score_end], False))
        for i, t in enumerate(doc):
            verb = t.lower_
            if verb not in RESULT_VERBS and verb not in RESULT_VERBS_WITH:
                continue
            subject = by_end.get(i)
            after = i + 1
            if verb in RESULT_VERBS_WITH and after < len(doc) and doc[after].lower_ == RESULT_VERBS_WITH[verb]:
                after += 1
            obj = by_start.get(after)
            if subject is None or obj is None or "NORP" in (subject.label, obj.label):
                continue  # "The Russian beat ...": a demonym stands for a player
            if obj.end < len(doc) and doc[obj.end].text in POSSESSIVE:
                continue  # "beat Germany's Rainer Schuettler": the side is the player
            evidence = _result_evidence(doc, i)
            if evidence:
                pairs.append((subject, obj, evidence in TEAM_MARGINS))
        for *sides, by_team_margin in pairs:
            if by_team_margin or any(m.kind == "team" or m.label in PLACE_LABELS for m in sides):
                for m in sides:
                    if m.end - m.start == 1 or m.label != "PERSON":
                        m.kind = "team"

    def _add_bracketed_nationals(self, doc: Tokens, mentions: list[Mention]) -> list[Mention]:
        """"Goran Ivanisevic ( Croatia ) beat Scott Draper ( Australia )": results and
        line-ups give a competitor's country in brackets after the name. A run of two to
        four capitalized words before a bracketed country is a person, whatever the model
        tagged (it reads many foreign names as places or companies). Clubs are one word
        ("Benetton ( Italy )") or followed by their score, and are left alone.
        """
        added = []
        for i, t in enumerate(doc):
            if t.text != "(" or i < 2:
                continue
            close = next((j for j in range(i + 2, min(i + 5, len(doc))) if doc[j].text == ")"), None)
            if close is None or not self._is_place_alias(doc.text_of(i + 1, close)):
                continue
            if close + 1 < len(doc) and doc[close + 1].text.isdigit() and "\n" not in doc[close].whitespace_:
                continue
            start = i
            while start > 0 and i - start < 4 and _name_word(doc[start - 1]) and "\n" not in doc[start - 1].whitespace_:
                start -= 1
            if i - start < 2 or not doc[start].is_title or name_key(doc.text_of(start, i)) in self.ref.aliases:
                continue
            added.append(Mention(start, i, "PERSON"))
        if not added:
            return mentions
        taken = {k for m in added for k in range(m.start, m.end)}
        kept = [m for m in mentions if not any(k in taken for k in range(m.start, m.end))]
        return sorted(kept + added, key=lambda m: m.start)

    def _is_place_alias(self, text: str) -> bool:
        alias = self.ref.aliases.get(name_key(text))
        return alias is not None and alias.label == "GPE"

    def _cluster(self, doc: Tokens, mentions: list[Mention], definitions: list[tuple[Mention, Mention]]) -> list[Cluster]:
        by_key: dict[str, Cluster] = {}
        key_of: dict[int, str] = {}
        for m in mentions:
            key, alias = self._surface_key(doc, m)
            key_of[id(m)] = key
            cluster = by_key.setdefault(key, Cluster())
            cluster.mentions.append(m)
            cluster.alias = cluster.alias or alias
        for long, short in definitions:
            _merge(by_key, key_of[id(short)], key_of[id(long)])
        _gather_teams(doc, by_key)
        _link_acronyms(doc, by_key)
        _link_reordered_names(by_key, self.ref)
        _link_head_nouns(doc, by_key)
        self._link_short_org_names(doc, by_key)
        _link_short_person_names(doc, by_key, self.ref.title_ends, self.ref.nicknames)
        self._mark_organizations_by_role(doc, by_key)
        return list(by_key.values())

    def _link_short_org_names(self, doc: Tokens, by_key: dict[str, Cluster]) -> None:
        """"Velmar" is the article's one "Order of Velmar": an organization named in full as
        "<Head> of [the] X" (the head, Order, Church, House, is the generic part) is then
        called by X alone ("the House of Lords" ... "the Lords").

        Conservative, as a wrong merge is worse than a missed one: X must not be a place (no
        third of its mentions tagged as one, nor an alias-table entity: "Bank of England" is not
        "England"), a person, a people ("Czechs"), a generic noun ("Party") or a body the article names other
        things of ("House of Parliament", "Act of Parliament"), nor a word the
        article writes in lower case about as often as it names X; and only one full name may
        claim it. Other shapes ("Zetra Linux" ... "Linux") are left alone: the last word of
        a name is as often a thing of its own. Within an article only."""
        claims: dict[str, set[str]] = defaultdict(set)
        for key, cluster in by_key.items():
            words = key.split()
            if cluster.alias or ":" in key or len(words) < 3 or words[1] != "of":
                continue
            if (cluster.label or _vote(cluster)) in PLACE_LABELS | {"PERSON", "NORP"}:
                continue
            rest = words[3:] if words[2] == "the" else words[2:]
            if rest and "of" not in rest:
                claims[" ".join(rest)].add(key)
        if not claims:
            return
        # How often the article writes a word in lower case ("news" is a common word; a
        # name's odd lower-case spelling is outnumbered by its mentions).
        lower = Counter(t.lower_ for t in doc if t.is_lower and t.is_alpha)
        for short, fulls in claims.items():
            cluster = by_key.get(short)
            if cluster is None or cluster.alias or cluster.label or len(fulls) != 1:
                continue
            full = next(iter(fulls))
            both = by_key[full].mentions + cluster.mentions
            if _vote(cluster) in PLACE_LABELS | {"PERSON"} or any(m.label == "NORP" or m.kind for m in both):
                continue
            # The model tags a place now and then as something else, a name now and then as a
            # place: X written out is a place when a third of its mentions are tagged as one.
            written = [m.label for m in cluster.mentions if name_key(doc.text_of(m.start, m.end)) == short]
            if 3 * sum(label in PLACE_LABELS for label in written) >= len(written):
                continue
            if short in self.ref.org_nouns or any(2 * lower[w] >= len(cluster.mentions) for w in short.split()):
                continue
            if len(_heads_before(doc, short)) > 1:
                continue  # "House of Parliament", "Act of Parliament": a body things are of
            stem = short[:-1] if short.endswith("s") else ""
            if stem and (stem in self.ref.place_first_words or (stem in by_key and _vote(by_key[stem]) == "NORP")):
                continue  # "Czechs" as the Czech people, whatever the model tagged
            by_key[full].label = _vote(by_key[full])
            _merge(by_key, short, full)

    def _mark_organizations_by_role(self, doc: Tokens, by_key: dict[str, Cluster]) -> None:
        """"Cofinec CEO Stephen Frater", "Deportivo chairman Augusto Lendoiro": a one-word
        name the model read as a person is an organization when a role only companies, clubs
        and parties have follows it ("leader", "manifesto"), or a lower-case noun only they are called by comes right before
        it ("the oil firm Zetrix"): so its id is the organization's in every article, not a
        person's confined to this one. A name joined to a full person name keeps its label."""
        for key, cluster in by_key.items():
            if cluster.alias or cluster.label or len(key.split()) != 1 or _vote(cluster) != "PERSON":
                continue
            if any(
                (m.end < len(doc) and name_key(_word_at(doc, m.end)) in self.ref.org_roles)
                or (m.start and doc[m.start - 1].is_lower and doc[m.start - 1].lower_ in self.ref.org_nouns)
                for m in cluster.mentions
            ):
                cluster.label = "ORG"

    def _surface_key(self, doc: Tokens, m: Mention) -> tuple[str, Alias | None]:
        text = doc.text_of(m.start, m.end)
        key = name_key(text)
        alias = self.ref.aliases.get(key)
        if alias is None and m.end - m.start > 2 and name_key(doc[m.start].text) in self.ref.aliases:
            # "U.S. Justice Department" is the alias table's "Justice Department".
            alias = self.ref.aliases.get(name_key(doc.text_of(m.start + 1, m.end)))
        if alias:
            if m.kind == "team" and alias.label in PLACE_LABELS:
                return "national:" + name_key(alias.name), alias
            return "alias:" + name_key(alias.name), alias
        if m.kind == "team":
            return "team:" + key, None
        words = key.split()
        while len(words) > 1 and words[-1] in self.ref.org_suffixes:
            words.pop()
        # Whatever this mention's own label, "Mike Pompeo" and "Michael R. Pompeo" cluster.
        return person_key(" ".join(words), self.ref.nicknames), None

    def _generic_name(self, name: str) -> bool:
        """"Supreme Court", "Parliament", "Ministry of Health": a name made only of words that
        every country's institutions share names a different body in each article ("the
        Parliament" of one state and of another), so its id is the article's own, as a
        person's one-word name is. The alias table can still name one ("Justice Department");
        a short form the article links to a full name ("the Court" of "Zemblan Supreme Court")
        takes the full name's id."""
        words = [w for w in name_key(name).split() if w not in ACRONYM_FILLERS]
        return bool(words) and all(w in self.ref.generic_words for w in words)

    def _emit(self, doc: Tokens, clusters: list[Cluster]) -> tuple[list[dict], dict[str, dict]]:
        mentions, entities = [], {}
        body = doc.text
        article = None  # the article's hash, made once and only if a one-name person needs it
        for cluster in clusters:
            label = cluster.alias.label if cluster.alias else cluster.label or _vote(cluster)
            name = cluster.alias.name if cluster.alias else _canonical_name(doc, cluster)
            if cluster.side == "national":
                name = f"{name} national team"
            scope = None
            if known_by_one_name(label, name, cluster.alias is not None) or (
                not cluster.alias and not cluster.side and self._generic_name(name)
            ):
                article = article or hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
                scope = article
            eid = entity_id_for(label, person_key(name, self.ref.nicknames), keep_label=cluster.side == "club",
                                article=scope)
            surfaces = []
            for m in cluster.mentions:
                start_char, end_char = doc.char_span(m.start, m.end)
                text = body[start_char:end_char]
                mentions.append(
                    {"start_char": start_char, "end_char": end_char, "text": text,
                     "label": label, "entity_id": eid}
                )
                if text not in surfaces:
                    surfaces.append(text)
            entry = entities.setdefault(eid, {"name": name, "label": label, "aliases": [],
                                              "country_entity_id": self._country_of(label, name)})
            entry["aliases"].extend(s for s in surfaces if s not in entry["aliases"])
        mentions.sort(key=lambda m: m["start_char"])
        return mentions, entities


    def _country_of(self, label: str, name: str) -> str | None:
        """A demonym's country (`entity_demonyms.csv`: "Chinese" -> China), as the id the country
        itself gets: the alias table's label for it, else a place's."""
        country = self.ref.demonyms.get(name_key(name)) if label == "NORP" else None
        if country is None:
            return None
        alias = self.ref.aliases.get(name_key(country))
        return entity_id_for(alias.label if alias else "GPE", person_key(alias.name if alias else country, self.ref.nicknames))


def _prose_words(doc: Tokens) -> tuple[frozenset[str], frozenset[str]]:
    """Words the article writes in lower case and never capitalized inside a sentence: in an
    all-caps headline they are common words, not part of a name ("WORLD CUP QUALIFIER" where
    the text says "World Cup qualifier"); and (lower-cased) the words it capitalizes inside
    a sentence and never writes in lower case."""
    lower, capitalized = set(), set()
    after_punct = False
    for i, t in enumerate(doc):
        if t.is_lower and t.is_alpha:
            lower.add(t.text)
        elif t.is_title and not t.is_sent_start and not (after_punct and _opens_sentence(doc, i)):
            capitalized.add(t.lower_)
        after_punct = t.is_punct
    return frozenset(lower - capitalized), frozenset(capitalized - lower)


def _vote(cluster: Cluster) -> str:
    """Majority label; model-tagged mentions outvote propagated ones, then longer mentions win."""
    votes: dict[str, float] = {}
    for m in cluster.mentions:
        votes[m.label] = votes.get(m.label, 0) + (2 if m.from_model else 1) + 0.01 * (m.end - m.start)
    return max(votes, key=votes.__getitem__)  # the first label to reach the top score, as Counter.most_common


def _canonical_name(doc: Tokens, cluster: Cluster) -> str:
    """The fullest written form, preferring ordinary capitalisation over all-caps headlines."""
    forms = Counter(doc.text_of(m.start, m.end) for m in cluster.mentions)
    return max(forms, key=lambda s: (not s.isupper() or len(s) <= 4, len(s.split()), forms[s], len(s)))


def _hyphenated_name_end(doc: Tokens, start: int, end: int) -> int:
    """"Lam Ka-yiu", "Somchai Ban-o-rak": the model often ends a person's name at the
    hyphen of a given name written with lower-case syllables. A name of two words or more
    takes back the short lower-case syllables glued to its end by hyphens; not the English
    words glued to names ("-led", "-era"), nor after a one-word name ("Vellan-like")."""
    while (
        end - start >= 2 and end + 1 < len(doc) and not doc[end - 1].whitespace_ and doc[end].text == "-"
        and not doc[end].whitespace_ and doc[end + 1].is_alpha and doc[end + 1].is_lower
        and len(doc[end + 1].text) <= 5 and doc[end + 1].text not in HYPHEN_SUFFIXES
    ):
        end += 2
    return end


def _same_case_or_caps(word: str) -> bool:
    """A propagated match must look like a name: capitalized, or in all-caps text."""
    return word[:1].isupper() or not any(c.isalpha() for c in word)


def _inside_word(doc: Tokens, start: int, end: int) -> bool:
    """True when the match is glued to letters on either side ("Huawei" inside "Huaweis")."""
    before = doc[start - 1] if start else None
    after = doc[end] if end < len(doc) else None
    return bool(
        (before is not None and not before.whitespace_ and before.text[-1:].isalnum())
        or (after is not None and not doc[end - 1].whitespace_ and after.text[:1].isalnum())
    )


def _merge(by_key: dict[str, Cluster], src: str, dst: str) -> None:
    """Fold cluster ``src`` into ``dst``; an alias-table entity absorbs the other way round."""
    if src == dst or src not in by_key or dst not in by_key:
        return
    if by_key[src].alias and not by_key[dst].alias:
        src, dst = dst, src
    elif by_key[src].alias and by_key[dst].alias:
        return  # the alias table says they are different things
    by_key[dst].mentions.extend(by_key.pop(src).mentions)


def _gather_teams(doc: Tokens, by_key: dict[str, Cluster]) -> None:
    """A town or country the article uses as a side's name is the side wherever it is not
    a place.

    Once "Chicago" is a side in a score line, its other mentions join the club, and once
    "Sweden" is, they join its national team; except the dateline and those after a
    locative preposition ("in Chicago").
    """
    for key in [k for k in by_key if k.startswith(("team:", "national:"))]:
        team = by_key[key]
        kind, name = key.split(":", 1)
        if kind == "team":
            team.label, team.side = "ORG", "club"
            home_key = name
        else:
            team.side = "national"
            home_key = "alias:" + name
        home = by_key.get(home_key)
        if home is None:
            continue
        stay = [
            m for m in home.mentions
            if m.kind == "dateline" or (m.start and doc[m.start - 1].lower_ in LOCATIVE_PREPOSITIONS)
        ]
        team.mentions.extend(m for m in home.mentions if m not in stay)
        if stay:
            home.mentions = stay
        else:
            del by_key[home_key]


def _link_acronyms(doc: Tokens, by_key: dict[str, Cluster]) -> None:
    """"KPA" is the article's one "Korean People's Army" when its letters are the initials;
    "ABC2" is its "Alpha Beta Compiler 2" (a version stays with the version)."""
    by_initials: dict[str, list[str]] = defaultdict(list)
    for key, cluster in by_key.items():
        m = cluster.mentions[0]
        words = [t.text for t in doc[m.start : m.end] if t.lower_ not in ACRONYM_FILLERS and t.text[:1].isalpha()]
        if len(words) >= 2 and all(w[:1].isupper() for w in words):
            version = doc[m.end - 1].text if VERSION.match(doc[m.end - 1].text) else ""
            by_initials["".join(w[0] for w in words) + version].append(key)
    for key in list(by_key):
        cluster = by_key.get(key)
        if cluster is None or cluster.alias:
            continue
        m = cluster.mentions[0]
        text = doc.text_of(m.start, m.end)
        if m.end - m.start != 1 or not (ACRONYM.match(text) or VERSIONED_ACRONYM.match(text)):
            continue
        targets = [k for k in by_initials.get(text.replace(".", ""), ()) if k in by_key and k != key]
        if len(targets) == 1:
            _merge(by_key, key, targets[0])


def _link_reordered_names(by_key: dict[str, Cluster], ref: Reference) -> None:
    """"Supreme Court of Zembla" is the article's "Zembla Supreme Court": an institution
    named by words every country's institutions share, "of" and where it is, is the same
    one when the article also puts the place in front, in any spelling of the alias table
    ("UK Supreme Court", "Supreme Court of the United Kingdom")."""
    fronted: dict[str, str] = {}
    for key in by_key:
        words = key.split()
        if ":" in key or "of" in words:
            continue
        fronted.setdefault(key, key)
        for n in range(1, min(3, len(words) - 1) + 1):
            alias = ref.aliases.get(" ".join(words[:n]))
            if alias is not None and alias.label in PLACE_LABELS:
                fronted.setdefault(" ".join([name_key(alias.name), *words[n:]]), key)
    for key in list(by_key):
        words = key.split()
        if key not in by_key or ":" in key or "of" not in words[1:-1]:
            continue
        i = words.index("of")
        head, rest = words[:i], words[i + 1 :]
        if rest[0] == "the":
            rest = rest[1:]
        if not rest or not all(w in ref.generic_words for w in head):
            continue
        place = " ".join(rest)
        alias = ref.aliases.get(place)
        if alias is not None and alias.label in PLACE_LABELS:
            place = name_key(alias.name)
        other = fronted.get(" ".join([place, *head]))
        if other is not None:
            _merge(by_key, key, other)


def _link_head_nouns(doc: Tokens, by_key: dict[str, Cluster]) -> None:
    """"the Ministry" is the article's one "Ministry of Works", "the High Court" its one
    "Zemblan High Court of Appeal": a capitalized short form after "the" stands for the one
    organization or place the article names whose head ends in those words (the head is what
    comes before "of" or "for", else the whole name). Without this every article's "the
    Ministry" would share one id. Two such names ("Ministry of Works", "Ministry of Health")
    leave it alone; people are never the target ("the Duke" and "Duke of Kent").

    A single word is the head only of a "<Noun> of ..." name, or reached through a longer
    short form the article also uses ("the High Court" ... "the Court"): "the House" is not
    the "White House", as "the Ministry" is not a "Foreign Ministry" in an article that also
    names a "Ministry of Works"."""
    heads: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for key, cluster in by_key.items():
        words = key.split()
        if ":" in key or len(words) < 2 or (cluster.label or _vote(cluster)) not in HEADED_LABELS:
            continue
        cut = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
        head = words[:cut]
        for n in range(1, min(len(head), len(words) - 1) + 1):
            heads[tuple(head[-n:])].add(key)
    if not heads:
        return
    folded: dict[str, str] = {}
    for key in sorted(by_key, key=lambda k: -len(k.split())):
        cluster = by_key.get(key)
        words = tuple(key.split())
        if cluster is None or cluster.alias or words not in heads:
            continue
        if (cluster.label or _vote(cluster)) not in HEADED_LABELS:
            continue
        if not all(m.start and doc[m.start - 1].lower_ == "the" for m in cluster.mentions):
            continue
        targets = heads[words]
        if len(words) == 1:
            targets = {t for t in targets if t.split()[0] == words[0] or t in folded}
        targets = {_follow(folded, t) for t in targets} - {key}
        if len(targets) == 1:
            target = targets.pop()
            _merge(by_key, key, target)
            folded[key] = target


def _add_version_numbers(doc: Tokens, mentions: list[Mention]) -> None:
    """"Alpha Beta Compiler 2" where the article also writes "ABC2": the number after the
    name is its version, part of the name, so that version is another entity than the
    product ("Alpha Beta Compiler") and than its other versions.

    Only when the article glues the same number to the name's initials or to the name
    itself, which scores, ages and counts after a name never are; not for people.
    """
    glued = set()
    for t in doc:
        if not (t.text[-1].isdigit() and t.text[0].isalpha()):
            continue
        m = GLUED_VERSION.match(t.text)
        if m and any(c.isupper() for c in m.group(1)):
            glued.add((m.group(1).casefold(), m.group(2)))
    if not glued:
        return
    owned = {i for m in mentions for i in range(m.start, m.end)}
    for m in mentions:
        i = m.end
        if m.label == "PERSON" or i >= len(doc) or i in owned or not VERSION.match(doc[i].text):
            continue
        if not doc[i - 1].whitespace_ or "\n" in doc[i - 1].whitespace_:
            continue
        words = [t.text for t in doc[m.start : m.end] if t.lower_ not in ACRONYM_FILLERS and t.text[:1].isalpha()]
        forms = {"".join(w[0] for w in words).casefold(), "".join(t.text for t in doc[m.start : m.end]).casefold()}
        if any((form, doc[i].text) in glued for form in forms):
            m.end = i + 1
            owned.add(i)


def _heads_before(doc: Tokens, short: str) -> set[str]:
    """The capitalized words written as "<Word> of X" before the name X (key ``short``) in
    the article, but for a sentence's first word: the heads of the names made from X
    ("Critics of X said" is no name)."""
    n = len(short.split())
    return {
        doc[i - 1].lower_ for i in range(1, len(doc) - n)
        if doc[i].lower_ == "of" and doc[i - 1].is_title and not _opens_sentence(doc, i - 1) and name_key(doc.text_of(i + 1, i + 1 + n)) == short
    }


def _link_short_person_names(
    doc: Tokens, by_key: dict[str, Cluster], title_ends: frozenset[str], nicknames: dict[str, str]
) -> None:
    """Point "Pompeo" / "Meng" at the one full person name in the article they belong to.

    Surnames are tried first, then given names: "Vance" goes to "Ada Vance", not to a
    "Vance Polaroid" the model took for a person. Two candidates of one kind (two Bushes)
    leave the short name on its own. The joined entity is a person whatever the surname's
    own tags said (the model often reads a lone surname as a place or company). A short name
    used as a place ("in Washington") is not joined to "George Washington", nor is one the
    model cut off another name ("Junius Ho" tagged "Ho" is not the "Cyd Ho" named later).

    A surname the alias table gives to one person ("Trump" -> "Donald Trump") yields to the
    article: one full name there that ends with it ("Melania Trump") takes it instead.
    """
    last_word: dict[str, set[str]] = defaultdict(set)
    first_word: dict[str, set[str]] = defaultdict(set)
    for key, cluster in by_key.items():
        words = key.split()
        if cluster.alias or len(words) < 2 or (cluster.label or _vote(cluster)) != "PERSON":
            continue
        first_word[words[0]].add(key)
        last_word[words[-1]].add(key)
        if len(words) > 2:
            last_word[" ".join(words[-2:])].add(key)
    for key in [k for k, c in by_key.items() if c.alias and c.alias.label == "PERSON"]:
        cluster = by_key[key]
        written = {name_key(doc.text_of(m.start, m.end)) for m in cluster.mentions}
        if len(written) != 1 or " " in next(iter(written)):
            continue
        targets = last_word.get(written.pop(), set())
        if len(targets) == 1 and name_key(cluster.alias.name) not in targets:
            target = next(iter(targets))
            cluster.alias = None  # the article's own full name, not the table's person
            _merge(by_key, key, target)
            by_key[target].label = "PERSON"
    folded: dict[str, str] = {}
    for key in list(by_key):
        cluster = by_key.get(key)
        if cluster is None:  # already folded into another name
            continue
        label = _vote(cluster)
        if cluster.alias or key.startswith("team:") or len(key.split()) > 2 or label == "NORP":
            continue
        if label in PLACE_LABELS and any(
            m.start and doc[m.start - 1].lower_ in LOCATIVE_PREPOSITIONS for m in cluster.mentions
        ):
            continue
        if any(_after_other_name(doc, m.start, title_ends) for m in cluster.mentions):
            continue
        for index, word in ((last_word, key), (first_word, nicknames.get(key, key))):
            # A target folded into a longer name since is followed there (regression: a
            # surname whose full name had itself been merged raised KeyError and sank the batch).
            targets = {_follow(folded, t) for t in index.get(word, ())} - {key}
            if targets:
                if len(targets) == 1:
                    target = targets.pop()
                    _merge(by_key, key, target)
                    folded[key] = target
                    by_key[target].label = "PERSON"
                break


def _word_at(doc: Tokens, i: int) -> str:
    """The word at token i, with a hyphenated compound joined ("all-rounder")."""
    if i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_:
        return doc.text_of(i, i + 3)
    return doc[i].text


def _follow(folded: dict[str, str], key: str) -> str:
    while key in folded:
        key = folded[key]
    return key


def _after_other_name(doc: Tokens, start: int, title_ends: frozenset[str]) -> bool:
    """The word before a short name is a capitalized name word, not a title ("President")."""
    if not start:
        return False
    t = doc[start - 1]
    if not (t.is_alpha and t.is_title) or t.lower_ in title_ends:
        return False
    return t.pos_ == "PROPN" if doc.has_tags else True


def _opens_sentence(doc: Tokens, i: int) -> bool:
    """Token i starts its sentence, maybe after an opening quote or bracket."""
    j = i
    while j > 0 and not doc[j].is_sent_start and doc[j - 1].is_punct and not doc[j - 1].is_space:
        j -= 1
    return doc[j].is_sent_start or j == 0


def _title_case_line(doc: Tokens, i: int) -> bool:
    """The line of token i is a headline in title case ("Zetrix Sues Volta Over Patents"),
    where every word is capitalized and so tells nothing about where a name starts. A line
    with commas is a list of names, not a headline."""
    start = i
    while start > 0 and i - start < 40 and "\n" not in doc[start - 1].whitespace_ and not doc[start - 1].is_space:
        start -= 1
    end = i
    while end < len(doc) - 1 and end - i < 40 and "\n" not in doc[end].whitespace_ and not doc[end + 1].is_space:
        end += 1
    line = doc[start : end + 1]
    words = [t for t in line if t.is_alpha and len(t.text) > 3]
    return (
        len(words) >= 4 and sum(t.is_title for t in words) >= 0.8 * len(words) and not any(t.text == "," for t in line)
    )


def _is_trailing_figure(doc: Tokens, i: int, label: str) -> bool:
    """A score, year or code glued to the end of a name by the model.

    Organizations can end in a small number ("Channel 4"), so for them only longer figures,
    or a small one that is followed by more figures or the end of the line, count.
    """
    text = doc[i].text
    if ORDINAL.match(text):
        return True  # "Robert Pires 46th"
    if not _is_figure(text):
        return False
    if label != "ORG" or len(text) > 2 or not text.isdigit():
        return True
    after = doc[i + 1] if i + 1 < len(doc) else None
    return after is None or "\n" in doc[i].whitespace_ or after.is_space or after.is_punct or after.like_num


@lru_cache(maxsize=1 << 14)  # asked of the same words again and again
def _is_figure(text: str) -> bool:
    return any(c.isdigit() for c in text) and not any(c.isalpha() for c in text)


def _looks_like_name(span) -> bool:
    """Guard for propagated matches: a sentence-initial "Will" is not the person Will."""
    if all(t.is_upper or not t.is_alpha for t in span):
        return True
    return any(t.pos_ == "PROPN" for t in span) or not span[0].is_sent_start


def _add_initialled_names(doc: Tokens, mentions: list[Mention]) -> list[Mention]:
    """"P. Simmons", "W. Hegg": initials before a capitalized word are a person's name.

    The model misses or splits these in scorecards and bylines. A surname the model tagged
    as something other than a person, or initials inside a longer name ("J. P. Morgan
    Chase"), are left alone.
    """
    owner = {i: m for m in mentions for i in range(m.start, m.end)}
    added: list[Mention] = []
    dropped: set[int] = set()
    initials = [k for k, t in enumerate(doc) if INITIAL.match(t.text)]
    i = 0
    for k in initials:  # a run of initials starts at each one not in the run before it
        if k < i:
            continue
        if k >= len(doc) - 1:
            break
        i = j = k
        while j < len(doc) and INITIAL.match(doc[j].text):
            j += 1
        surname = owner.get(j)
        on_initials = [owner[k] for k in range(i, j) if k in owner]
        if (
            j < len(doc)
            and doc[j].is_title
            and doc[j].is_alpha
            and len(doc[j].text) > 1
            and doc[j].lower_ not in SENTENCE_OPENERS  # "World War I. The": a sentence end
            and (surname is None or (surname.label == "PERSON" and surname.start == j))
            and all(m.end - m.start == 1 for m in on_initials)
        ):
            dropped.update(id(m) for m in on_initials)
            if surname:
                dropped.add(id(surname))
            added.append(Mention(i, surname.end if surname else j + 1, "PERSON"))
        i = j + 1
    if not added:
        return mentions
    return sorted([m for m in mentions if id(m) not in dropped] + added, key=lambda m: m.start)


def _add_scorecard_names(doc: Tokens, mentions: list[Mention]) -> list[Mention]:
    """Cricket scorecards name players by surname after a dismissal mark on a line that
    ends in runs ("c Knight b Hollioake 23", "lbw b Gough 4") and before bowling figures
    ("Vaas 7-0-29-0"). These surnames are people; the model misses them or reads them as
    places. A one-word mention of another label there becomes a person.
    """
    by_start = {m.start: m for m in mentions}
    owner = {i for m in mentions for i in range(m.start, m.end)}
    added = []
    for i, t in enumerate(doc):
        if not (t.is_title and t.is_alpha and len(t.text) > 1):
            continue
        before = doc[i - 1] if i else None
        after_mark = (
            before is not None and before.text in DISMISSAL_MARKS and before.whitespace_ and _runs_later_on_line(doc, i)
        )
        if not after_mark and not (
            i + 1 < len(doc) and doc[i + 1].is_digit and _bowling_figures_follow(doc, i + 1)
            and not (before is not None and before.is_title)
        ):
            continue
        m = by_start.get(i)
        if m is not None and m.end - m.start == 1:
            m.label = "PERSON"
        elif i not in owner:
            added.append(Mention(i, i + 1, "PERSON"))
            owner.add(i)
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: m.start)


def _runs_later_on_line(doc: Tokens, i: int) -> bool:
    """A scorecard line ends in the batsman's runs: a bare number after token i."""
    for t in doc[i + 1 : i + 8]:
        if t.is_digit:
            return True
        if "\n" in t.whitespace_ or t.is_space:
            return False
    return False


def _bowling_figures_follow(doc: Tokens, i: int) -> bool:
    """Overs-maidens-runs-wickets glued by hyphens: "7-0-29-0" (tokens 7 - 0 - 29 - 0)."""
    j = i
    parts = 0
    while j < len(doc) and (doc[j].text.replace(".", "", 1).isdigit()):
        parts += 1
        if doc[j].whitespace_ or j + 1 >= len(doc) or doc[j + 1].text != "-" or doc[j + 1].whitespace_:
            break
        j += 2
    return parts == 4


def _add_datelines(doc: Tokens, mentions: list[Mention]) -> list[Mention]:
    """"LONDON 1996-08-30" / "WASHINGTON (Reuters)": a capitalised place opening a line.

    News datelines are a place in capitals at the start of a line, followed by the date or
    the agency in brackets; the small model rarely reads all-caps words as places. The
    place may be followed by its country or state ("WIGAN , England 1996-08-31").
    """
    added = []
    for start in _line_starts(doc):
        end = start
        while end < len(doc) and end - start < 4 and doc[end].is_upper and doc[end].is_alpha and len(doc[end].text) > 1:
            end += 1
        if end == start:
            continue
        region = None
        if end < len(doc) and doc[end].text == ",":
            region_end = end + 1
            while (
                region_end - end <= 3 and region_end < len(doc)
                and doc[region_end].is_title and doc[region_end].is_alpha
            ):
                region_end += 1
            if region_end > end + 1:
                region = (end + 1, region_end)
        after = region[1] if region else end
        if not (_date_to_line_end(doc, after) or _agency_in_brackets(doc, after)):
            continue
        added.append(Mention(start, end, "GPE", kind="dateline"))
        if region:
            added.append(Mention(*region, "GPE", kind="dateline"))
    if not added:
        return mentions
    taken = {i for m in added for i in range(m.start, m.end)}
    kept = [m for m in mentions if not any(i in taken for i in range(m.start, m.end))]
    return sorted(kept + added, key=lambda m: m.start)


def _line_starts(doc: Tokens):
    for i, t in enumerate(doc):
        if t.is_space:
            continue
        if i == 0 or "\n" in doc[i - 1].whitespace_ or (doc[i - 1].is_space and "\n" in doc[i - 1].text):
            yield i


def _date_to_line_end(doc: Tokens, i: int) -> bool:
    """The rest of the line is a date: figures and punctuation only, at least one digit."""
    seen_digit = False
    while i < len(doc) and not doc[i].is_space:
        if any(c.isalpha() for c in doc[i].text):
            return False
        seen_digit = seen_digit or any(c.isdigit() for c in doc[i].text)
        if "\n" in doc[i].whitespace_:
            break
        i += 1
    return seen_digit


def _agency_in_brackets(doc: Tokens, i: int) -> bool:
    return i + 2 < len(doc) and doc[i].text == "(" and doc[i + 1].text[:1].isupper() and doc[i + 2].text == ")"


def _add_defined_acronyms(doc: Tokens, mentions: list[Mention]) -> tuple[list[Mention], list[tuple[Mention, Mention]]]:
    """"the National Security Agency (NSA)": the bracketed acronym names the same thing
    when it starts with the name's first letter.

    Returns the mentions (with the acronym added when the model missed it) and the
    (name, acronym) pairs so clustering can join them.
    """
    by_start = {m.start: m for m in mentions}
    added, definitions = [], []
    for m in mentions:
        i = m.end
        if i + 2 >= len(doc) or doc[i].text != "(" or doc[i + 2].text != ")" or not ACRONYM.match(doc[i + 1].text):
            continue
        if doc[i + 1].text[0] != doc[m.start].text[:1].upper():
            continue  # "Jon Drummond ( U.S. )": a country after a name, not its acronym
        acronym = by_start.get(i + 1)
        if acronym is None:
            acronym = Mention(i + 1, i + 2, m.label, from_model=False)
            added.append(acronym)
        definitions.append((m, acronym))
    if added:
        mentions = sorted(mentions + added, key=lambda m: m.start)
    return mentions, definitions


def _lines(doc: Tokens):
    """(start, end) token ranges of the text's lines, blank-line tokens excluded."""
    start = None
    for i, t in enumerate(doc):
        if t.is_space:
            if start is not None:
                yield start, i
                start = None
            continue
        if start is None:
            start = i
        if "\n" in t.whitespace_:
            yield start, i + 1
            start = None
    if start is not None:
        yield start, len(doc)


def _fixture_sides(doc: Tokens, start: int, end: int) -> list[tuple[int, int]] | None:
    """The two sides of a fixture line ("CHICAGO AT TORONTO", "Leeds v Everton"), else None.

    "at" only separates sides in an all-caps line; in a capitalized one it is a title
    ("Results at Wimbledon").
    """
    if end - start > 9:  # a line of prose
        return None
    seps = [i for i in range(start, end) if doc[i].lower_ in FIXTURE_WORDS]
    if len(seps) != 1 or not start < seps[0] < end - 1:
        return None
    sep = seps[0]
    words = [doc[i] for i in range(start, end) if i != sep]
    if not all(t.is_alpha and (t.is_title or t.is_upper) for t in words):
        return None
    if doc[sep].lower_ == "at" and not (doc[sep].is_upper and all(t.is_upper for t in words)):
        return None
    return [(start, sep), (sep + 1, end)]


def _team_runs(doc: Tokens, runs: list[tuple[int, int]], line_end: int, by_span: dict) -> set[tuple[int, int]]:
    """Which runs of a table row are teams: both sides of a score line ("Crewe 0 Watford 2",
    "Benetton ( Italy ) 92 Dinamo ( Russia ) 81"), the name of a standings row with four
    figures or more ("Lotte 46 6 54 .462 14") unless the model read a person's full name
    there (golf cards: "Tiger Woods 66 67 70 68")."""
    if len(runs) == 2 and all(_score_follows(doc, e, line_end) for _, e in runs):
        return set(runs)
    if len(runs) == 1:
        s, e = runs[0]
        figures = sum(1 for t in doc[e:line_end] if _is_figure(t.text))
        m = by_span.get((s, e))
        if figures >= 4 and (e - s == 1 or m is None or m.label != "PERSON"):
            return {(s, e)}
    return set()


def _score_follows(doc: Tokens, i: int, line_end: int) -> bool:
    """The run ending at i is followed by a bare score, maybe after a bracketed note."""
    if i < line_end and doc[i].text == "(":
        while i < line_end and doc[i].text != ")":
            i += 1
        i += 1
    # Not bowling figures ("Imtiaz Qadri 8-0-37-0"): a score is a number on its own; nor a
    # golf card's rounds ("Robert Allenby ( Australia ) 69 71 71 73").
    if i >= line_end or not doc[i].text.isdigit():
        return False
    if i + 2 < line_end and doc[i + 1].text.isdigit() and doc[i + 2].text.isdigit():
        return False
    return not (i + 1 < line_end and not doc[i].whitespace_ and doc[i + 1].text == "-")


def _score_end(doc: Tokens, i: int) -> int | None:
    """Where a score starting at token i ends: "2-1" as one token, or "1 – 0" spaced."""
    if i < len(doc) and SCORE.match(doc[i].text):
        return i + 1
    if i + 2 < len(doc) and doc[i].text.isdigit() and doc[i + 1].text in DASHES and doc[i + 2].text.isdigit():
        if len(doc[i].text) <= 3 and len(doc[i + 2].text) <= 3:
            return i + 3
    return None


def _result_evidence(doc: Tokens, i: int) -> str | None:
    """What near the verb at i, on its line and in its sentence, says it reports a result:
    "score" for a score ("2-1"), the margin's noun for a margin ("by 188 runs", "by nine
    wickets", "by an innings"), else None."""
    for step in (-1, 1):
        j = i
        while 0 <= j < len(doc) and abs(j - i) <= 25:
            t = doc[j]
            if j != i and (t.is_space or (step < 0 and "\n" in t.whitespace_) or (step > 0 and t.text in ".!?")):
                break
            if _score_end(doc, j) is not None:
                return "score"
            if (
                t.lower_ == "by" and j + 2 < len(doc) and (doc[j + 1].like_num or doc[j + 1].lower_ in ("a", "an"))
                and doc[j + 2].lower_ in RESULT_MARGINS
            ):
                return doc[j + 2].lower_
            if step > 0 and "\n" in t.whitespace_:
                break
            j += step
    return None


def _name_word(t) -> bool:
    """A word that can be part of a person's name: capitalized, or a particle ("van")."""
    return (t.is_alpha or "-" in t.text and t.text.replace("-", "").isalpha()) and (t.is_title or t.lower_ in NAME_PARTICLES)


def _table_row_runs(doc: Tokens, start: int, end: int) -> list[tuple[int, int]] | None:
    """The capitalized word runs of a table row, or None when the line is prose.

    A row has no lower-case words outside brackets ("Atlanta 6 CHICAGO 5 ( 2nd game )") and at
    least as many figures as names, which keeps out all-caps headlines ("RUGBY - WALES EDGE PAST ITALY IN YOUTH TEST"). Runs inside
    brackets (a player's country) and field names before a colon ("Attendance :") are not
    the row's names.
    """
    runs, run_start, figures, depth = [], None, 0, 0
    for i in range(start, end + 1):
        t = doc[i] if i < end else None
        if t is not None and t.is_alpha and (t.is_title or t.is_upper or (run_start is not None and t.lower_ in ACRONYM_FILLERS)):
            if run_start is None:
                run_start = i
            continue
        if t is not None and t.is_alpha and depth == 0:
            return None  # a lower-case word: prose, not a table (a bracketed note may have them)
        if run_start is not None:
            while i - 1 > run_start and doc[i - 1].lower_ in ACRONYM_FILLERS:
                i -= 1
            if depth == 0 and (t is None or t.text != ":"):
                runs.append((run_start, i))
            run_start = None
        if t is not None:
            depth += (t.text == "(") - (t.text == ")")
            figures += any(c.isdigit() for c in t.text)
    return runs if runs and figures >= len(runs) else None
