"""The general naming passes (``transforms.entities.naming``), each run alone.

A case is a pass, a text (tokens split on spaces, "\\n" ends a line), the model's entities as
(start token, end token, label) and the mentions the pass leaves: the model's spans are first
cut into names (``model_mentions``), then the pass under test runs, and nothing else does.
"""
from __future__ import annotations


import pytest

from entity_docs import article_of
from transforms.entities import naming
from transforms.entities.passes import Article, Found

def after(pass_, article: Article) -> list[tuple[str, str]]:
    found = naming.model_mentions(article, Found([], []))
    if pass_ is not naming.model_mentions:
        found = pass_(article, found)
    return [(article.index.text_of(m.start, m.end), m.label) for m in found.mentions]


CASES = [
    # model_mentions: a model span cut down to the name, or into the names it holds
    (naming.model_mentions, "Huawei ’s founder spoke", [(0, 2, "ORG")], [("Huawei", "ORG")]),
    (naming.model_mentions, "Secretary of State Michael R. Pompeo spoke", [(0, 6, "PERSON")],
     [("Michael R. Pompeo", "PERSON")]),
    (naming.model_mentions, "Mr Balls resigned", [(0, 2, "ORG")], [("Balls", "PERSON")]),
    (naming.model_mentions, "Ilona\nVarkute won", [(0, 3, "PERSON")], [("Ilona", "PERSON"), ("Varkute", "PERSON")]),
    (naming.model_mentions, "Treasury Secretary Ada Vance said", [(0, 1, "ORG"), (2, 4, "PERSON")],
     [("Ada Vance", "PERSON")]),
    (naming.model_mentions, "Then the State will pay", [(2, 3, "ORG")], [("State", "ORG")]),  # dropped later
    # join_headed_names: "<Head> of X" is one name
    (naming.join_headed_names, "the Municipality of Zembla taxed it", [(3, 4, "GPE")],
     [("Municipality of Zembla", "GPE")]),
    (naming.join_headed_names, "the Duke of Zembla spoke", [(3, 4, "GPE")], [("Zembla", "GPE")]),
    # add_initialled_names: initials before a capitalized word are a person
    (naming.add_initialled_names, "K. Varden was out", [], [("K. Varden", "PERSON")]),
    (naming.add_initialled_names, "as in chapter I. The war ended", [], []),
    # add_datelines: a place in capitals opening a line, then a date or an agency
    (naming.add_datelines, "LONDON 2021-03-14\nThe talks ended", [], [("LONDON", "GPE")]),
    (naming.add_datelines, "WASHINGTON ( Reuters ) - Talks ended", [], [("WASHINGTON", "GPE")]),
    (naming.add_datelines, "LONDON CALLING is a record", [], []),
    # add_defined_acronyms: the bracketed acronym the model missed
    (naming.add_defined_acronyms, "the National Security Agency ( NSA ) said", [(1, 4, "ORG")],
     [("National Security Agency", "ORG"), ("NSA", "ORG")]),
    (naming.add_defined_acronyms, "Kofi Brandt ( U.S. ) won", [(0, 2, "PERSON")], [("Kofi Brandt", "PERSON")]),
    # propagate: the article's other occurrences of a name found
    (naming.propagate, "Zetrix sued . Later Zetrix won", [(0, 1, "ORG")], [("Zetrix", "ORG"), ("Zetrix", "ORG")]),
    (naming.propagate, "Dale Orvik won . Orvik said", [(0, 2, "PERSON")],
     [("Dale Orvik", "PERSON"), ("Orvik", "PERSON")]),
    (naming.propagate, "Zetrix sued . the zetrix brand", [(0, 1, "ORG")], [("Zetrix", "ORG")]),
    # add_headed_short_names: X alone where the article names "<Head> of X" for a short-form head (Church, Order)
    (naming.add_headed_short_names, "The Church of Zembrism met . its members said Zembrism grew", [(1, 4, "ORG")],
     [("Church of Zembrism", "ORG"), ("Zembrism", "ORG")]),
    (naming.add_headed_short_names, "The Order of the Velmar Star met . the Velmar Star said", [(1, 6, "ORG")],
     [("Order of the Velmar Star", "ORG"), ("Velmar Star", "ORG")]),
    (naming.add_headed_short_names, "The Church of England met . England said", [(1, 4, "ORG")],
     [("Church of England", "ORG")]),  # an alias-table place: a country's church is not the country
    (naming.add_headed_short_names, "The University of Zembla met . Zembla said", [(1, 4, "ORG")],
     [("University of Zembla", "ORG")]),  # not a short-form head: X is as often the town
    (naming.add_headed_short_names, "The Church of Zembrism met . the Zembrism Centre said", [(1, 4, "ORG")],
     [("Church of Zembrism", "ORG")]),  # part of another name
    (naming.add_headed_short_names, "The Church of Zembrism met . Mr Zembrism said", [(1, 4, "ORG")],
     [("Church of Zembrism", "ORG")]),  # a capitalized word before it inside a sentence
    # add_version_numbers: the number the article also glues to the initials
    (naming.add_version_numbers, "Alpha Beta Compiler 2 ships and ABC2 sells", [(0, 3, "PRODUCT")],
     [("Alpha Beta Compiler 2", "PRODUCT")]),
    (naming.add_version_numbers, "Alpha Beta Compiler 2 ships", [(0, 3, "PRODUCT")], [("Alpha Beta Compiler", "PRODUCT")]),
    # add_known_places: alias-table places the model missed
    (naming.add_known_places, "a player from Madagascar won", [], [("Madagascar", "GPE")]),
    (naming.add_known_places, "LET US GO", [], []),
    (naming.add_known_places, "fine china plates", [], []),
    # drop_common_words: headings and column heads the model took for names
    (naming.drop_common_words, "W L PCT GB", [(0, 4, "ORG")], []),
    (naming.drop_common_words, "Then the State will pay", [(2, 3, "ORG")], []),
    (naming.drop_common_words, "State Street Bank rose", [(0, 3, "ORG")], [("State Street Bank", "ORG")]),
]


@pytest.mark.parametrize("pass_, text, ents, expected", CASES, ids=[f"{c[0].__name__}:{c[1][:30]}" for c in CASES])
def test_naming_pass(ref, vocab, pass_, text, ents, expected):
    assert after(pass_, article_of(vocab, ref, text, ents)) == expected


def test_every_naming_pass_has_a_case():
    from transforms.entities import MENTION_PASSES

    general = {p for p in MENTION_PASSES if p.__module__ == naming.__name__}
    assert general == {case[0] for case in CASES}


def test_name_particles_are_read_from_the_reference(ref, vocab, tmp_path):
    """entity_name_particles.csv fills ``Reference.name_particles``; a user's row adds one."""
    from entity_docs import REFERENCE
    from transforms.entities.reference import Reference

    assert {"van", "bin", "de"} <= ref.name_particles and "the" not in ref.name_particles
    for f in REFERENCE.glob("*.csv"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "entity_name_particles.csv").open("a", encoding="utf-8") as out:
        out.write("af\n")
    extended = Reference.load(tmp_path)
    assert extended.name_particles == ref.name_particles | {"af"}

    def names(reference):
        article = article_of(vocab, reference, "Ludwig af Klint painted", [(0, 3, "PERSON")])
        found = naming.model_mentions(article, Found([], []))
        return [(article.index.text_of(m.start, m.end), m.label) for m in found.mentions]

    assert names(ref) != [("Ludwig af Klint", "PERSON")]  # a lower-case word splits a name
    assert names(extended) == [("Ludwig af Klint", "PERSON")]
