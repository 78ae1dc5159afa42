"""The values the entity passes hand each other, and the two pass signatures.

A mention pass takes the ``Article`` (read-only: the word index, the reference data and what
is read off the whole article once) and what the passes before it ``Found``, and returns what
it found. A link pass takes the ``Article`` and the clusters by key, and folds or relabels
clusters in place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, NamedTuple

from transforms.entities.reference import Alias, Reference
from transforms.entities.word_index import WordIndex


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
    # Set when the article itself shows an organization ("Lib Dem leader", "Lib Dems"): such an
    # article's label outweighs other articles' guesses in the lake's label vote.
    org_evidence: bool = False
    # Set when the article shows a person: a title or honorific before a name the model read as
    # an organization or a place ("Mr Quill"); weighs as ``org_evidence`` does.
    person_evidence: bool = False


class Article(NamedTuple):
    """What every pass reads and none writes."""

    index: WordIndex
    ref: Reference
    # Words the article writes in lower case and never capitalizes inside a sentence, and
    # (lower-cased) those it capitalizes there and never writes in lower case (``prose_words``).
    common: frozenset[str]
    capitalized: frozenset[str]


class Found(NamedTuple):
    """What the mention passes have found so far."""

    mentions: list[Mention]  # in text order, not overlapping
    # (name, acronym) pairs of "the National Security Agency (NSA)": clustering joins them.
    definitions: list[tuple[Mention, Mention]]


MentionPass = Callable[[Article, Found], Found]
LinkPass = Callable[[Article, dict[str, Cluster]], None]


def merge(by_key: dict[str, Cluster], src: str, dst: str) -> None:
    """Fold cluster ``src`` into ``dst``; an alias-table entity absorbs the other way round."""
    if src == dst or src not in by_key or dst not in by_key:
        return
    if by_key[src].alias and not by_key[dst].alias:
        src, dst = dst, src
    elif by_key[src].alias and by_key[dst].alias:
        return  # the alias table says they are different things
    by_key[dst].mentions.extend(by_key.pop(src).mentions)


def vote(cluster: Cluster) -> str:
    """Majority label; model-tagged mentions outvote propagated ones, then longer mentions win."""
    votes: dict[str, float] = {}
    for m in cluster.mentions:
        votes[m.label] = votes.get(m.label, 0) + (2 if m.from_model else 1) + 0.01 * (m.end - m.start)
    return max(votes, key=votes.__getitem__)  # the first label to reach the top score, as Counter.most_common


def follow(folded: dict[str, str], key: str) -> str:
    while key in folded:
        key = folded[key]
    return key


