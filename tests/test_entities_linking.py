"""The link passes (``transforms.entities.linking``, and ``gather_teams`` of the results-table
rules), each run alone on the clusters the mention passes leave.

A case is a pass, a text (tokens split on spaces, "\\n" ends a line), the model's entities as
(start token, end token, label), two mention texts, and whether the pass puts them in one
cluster; without the pass they are in two.
"""
from __future__ import annotations


import pytest

from entity_docs import article_of
from transforms.entities import LINK_PASSES, MENTION_PASSES, linking, results_tables
from transforms.entities.passes import Cluster, Found, vote

def linked(pass_, vocab, ref, text: str, ents) -> dict[str, Cluster]:
    """The clusters by key once the mention passes and ``pass_`` (or no link pass) ran, and the word index."""
    article = article_of(vocab, ref, text, ents)
    found = Found([], [])
    for mention_pass in MENTION_PASSES:
        found = mention_pass(article, found)
    by_key = linking.cluster_by_surface(article, found)
    if pass_ is not None:
        pass_(article, by_key)
    return by_key, article.index


def clusters_after(pass_, vocab, ref, text: str, ents) -> dict[str, set[str]]:
    """Each mention text and the keys of the clusters it is in."""
    by_key, index = linked(pass_, vocab, ref, text, ents)
    out: dict[str, set[str]] = {}
    for key, cluster in by_key.items():
        for m in cluster.mentions:
            out.setdefault(index.text_of(m.start, m.end), set()).add(key)
    return out


def labels_after(pass_, vocab, ref, text: str, ents) -> list[tuple[str, str]]:
    """Each mention text, in text order, with the label its cluster will be given."""
    by_key, index = linked(pass_, vocab, ref, text, ents)
    out = []
    for cluster in by_key.values():
        label = cluster.label or vote(cluster)
        out += [(m.start, index.text_of(m.start, m.end), label) for m in cluster.mentions]
    return [(text, label) for _, text, label in sorted(out)]


CASES = [
    # link_acronyms: an acronym of the initials of the article's one name
    (linking.link_acronyms, "the Korean People 's Army moved . KPA units", [(1, 5, "ORG"), (7, 8, "ORG")],
     "KPA", "Korean People 's Army", True),
    (linking.link_acronyms, "Alpha Beta Corp said . ABC fell", [(0, 3, "ORG"), (5, 6, "ORG")], "ABC", "Alpha Beta Corp", True),
    (linking.link_acronyms, "Alpha Beta Corp said . XYZ fell", [(0, 3, "ORG"), (5, 6, "ORG")], "XYZ", "Alpha Beta Corp", False),
    # link_reordered_names: "<Court> of <Place>" is the article's "<Place> <Court>"
    (linking.link_reordered_names, "the Supreme Court of Zembla ruled . the Zembla Supreme Court sat",
     [(1, 5, "ORG"), (8, 11, "ORG")], "Supreme Court of Zembla", "Zembla Supreme Court", True),
    # link_head_nouns: "the Ministry" is the article's one "Ministry of ..."
    (linking.link_head_nouns, "the Ministry of Works said . the Ministry agreed", [(1, 4, "ORG"), (7, 8, "ORG")],
     "Ministry", "Ministry of Works", True),
    (linking.link_head_nouns, "the Ministry of Works and the Ministry of Health met . the Ministry agreed",
     [(1, 4, "ORG"), (6, 9, "ORG"), (12, 13, "ORG")], "Ministry", "Ministry of Works", False),
    # link_short_org_names: X alone is the article's one "<Head> of X"
    (linking.link_short_org_names, "The Order of Velmar met . Velmar said", [(1, 4, "ORG"), (6, 7, "ORG")],
     "Velmar", "Order of Velmar", True),
    (linking.link_short_org_names, "Each House of Parliament votes . Parliament sat", [(1, 4, "ORG"), (6, 7, "ORG")],
     "Parliament", "House of Parliament", False),
    (linking.link_short_org_names, "The Council of Varna met . Varna said , in Varna", [(1, 4, "ORG"), (6, 7, "ORG"), (10, 11, "GPE")],
     "Varna", "Council of Varna", False),
    # link_short_person_names: a surname or given name alone is the article's one full name with it
    (linking.link_short_person_names, "Ada Vance spoke . Vance left", [(0, 2, "PERSON"), (4, 5, "PERSON")],
     "Vance", "Ada Vance", True),
    (linking.link_short_person_names, "George Bush and Laura Bush came . Bush left",
     [(0, 2, "PERSON"), (3, 5, "PERSON"), (7, 8, "PERSON")], "Bush", "George Bush", False),
]


@pytest.mark.parametrize(
    "pass_, text, ents, short, full, joined", CASES, ids=[f"{c[0].__name__}:{c[1][:30]}" for c in CASES]
)
def test_link_pass(ref, vocab, pass_, text, ents, short, full, joined):
    before = clusters_after(None, vocab, ref, text, ents)
    assert not before[short] & before[full]
    after = clusters_after(pass_, vocab, ref, text, ents)
    assert bool(after[short] & after[full]) == joined


RELABELS = [
    # mark_organizations_by_role: a one-word "person" before a role only organizations have
    (linking.mark_organizations_by_role, "Zorvex CEO Alan Reddick said", [(0, 1, "PERSON"), (2, 4, "PERSON")],
     [("Zorvex", "ORG"), ("Alan Reddick", "PERSON")]),
    (linking.mark_organizations_by_role, "Ada Vance said", [(0, 2, "PERSON")], [("Ada Vance", "PERSON")]),
    # mark_people_by_title: a given name first, read as an organization or a place, and a title or
    # honorific before the name or before its last word alone
    (linking.mark_people_by_title, "Former boss Peter Quill spoke . Mr Quill denied it", [(2, 4, "ORG"), (7, 8, "PERSON")],
     [("Peter Quill", "PERSON"), ("Quill", "PERSON")]),
    (linking.mark_people_by_title, "Chancellor Peter Quill spoke", [(1, 3, "GPE")], [("Peter Quill", "PERSON")]),
    (linking.mark_people_by_title, "Peter Quill spoke", [(0, 2, "ORG")], [("Peter Quill", "ORG")]),  # nothing shows a person
    (linking.mark_people_by_title, "Zetford Quill won . Mr Quill spoke", [(0, 2, "ORG"), (5, 6, "PERSON")],
     [("Zetford Quill", "ORG"), ("Quill", "PERSON")]),  # no given name first
    (linking.mark_people_by_title, "Peter Rovers won . Mr Rovers spoke", [(0, 2, "ORG"), (5, 6, "PERSON")],
     [("Peter Rovers", "ORG"), ("Rovers", "PERSON")]),  # a word only groups bear last
    # gather_teams: a town used as a side is its club wherever it is not the place
    (results_tables.gather_teams, "Velby 4 Dunmore 3\nVelby fans cheered , in Velby", [(5, 6, "GPE"), (10, 11, "GPE")],
     [("Velby", "ORG"), ("Dunmore", "ORG"), ("Velby", "ORG"), ("Velby", "GPE")]),
]


@pytest.mark.parametrize("pass_, text, ents, expected", RELABELS, ids=[f"{c[0].__name__}:{c[1][:30]}" for c in RELABELS])
def test_link_pass_relabels(ref, vocab, pass_, text, ents, expected):
    assert labels_after(pass_, vocab, ref, text, ents) == expected


def test_every_link_pass_has_a_case():
    assert set(LINK_PASSES) == {case[0] for case in CASES + RELABELS}
