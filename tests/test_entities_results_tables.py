"""The results-table passes (``transforms.entities.results_tables``), each run alone, and the
``results_tables`` setting of ``dateline_entities`` that switches them off.

A case is a pass, a text (tokens split on spaces, "\\n" ends a line), the model's entities as
(start token, end token, label) and the mentions the pass leaves, a team marked "+team": the
model's spans are first cut into names (``model_mentions``), then the pass under test runs.
"""
from __future__ import annotations


import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc, Span

from entity_docs import REFERENCE, doc_of
from transforms.entities import EntityLinker, naming, results_tables
from transforms.entities.passes import Article, Found
from transforms.entities.reference import Reference
from transforms.entities.word_index import WordIndex

def after(pass_, vocab, ref, text, ents, glued=frozenset()) -> list[tuple[str, str]]:
    index = WordIndex(doc_of(vocab, text, ents, glued))
    article = Article(index, ref, *naming.prose_words(index))
    found = pass_(article, naming.model_mentions(article, Found([], [])))
    return [(index.text_of(m.start, m.end), m.label + ("+team" if m.kind == "team" else "")) for m in found.mentions]


BOWLING = frozenset({3, 4, 5, 6, 7, 8})  # "6-1-31-2" as tokens glued by hyphens
CASES = [
    # add_scorecard_names: surnames after a dismissal mark on a line ending in runs, or before bowling figures
    (results_tables.add_scorecard_names, "Arif Qadir c Penrose b Talbot 23", [(0, 2, "PERSON")], frozenset(),
     [("Arif Qadir", "PERSON"), ("Penrose", "PERSON"), ("Talbot", "PERSON")]),
    (results_tables.add_scorecard_names, "R. Tulloch c Dharsan b Weeraman 41", [(5, 6, "GPE")], frozenset(),
     [("Dharsan", "PERSON"), ("Weeraman", "PERSON")]),
    (results_tables.add_scorecard_names, "Bowling : Weeraman 6 - 1 - 31 - 2", [], BOWLING, [("Weeraman", "PERSON")]),
    (results_tables.add_scorecard_names, "Plan b Needs work .", [], frozenset(), []),
    # add_bracketed_nationals: a name before a bracketed country is a person
    (results_tables.add_bracketed_nationals, "Ana Lopez ( Spain ) beat", [(0, 2, "GPE")], frozenset(),
     [("Ana Lopez", "PERSON")]),
    (results_tables.add_bracketed_nationals, "Velbar ( Italy ) 88", [(0, 1, "ORG")], frozenset(),
     [("Velbar", "ORG")]),
    (results_tables.add_bracketed_nationals, "the Big Apple ( NYC ) votes", [(1, 3, "ORG"), (4, 5, "GPE")],
     frozenset(), [("Big Apple", "ORG"), ("NYC", "GPE")]),  # a city is no nationality (alias kind "city")
    # add_table_names: the names of results and standings rows, teams where the row says so
    (results_tables.add_table_names, "Dunmore 5 3 1\nVelby Town 5 2 2\nTarn 0 Dunmore 2", [(0, 1, "ORG")],
     frozenset(), [("Dunmore", "ORG"), ("Velby Town", "ORG"), ("Tarn", "ORG+team"), ("Dunmore", "ORG+team")]),
    (results_tables.add_table_names, "DUNMORE AT VELBY", [], frozenset(), [("DUNMORE", "ORG+team"), ("VELBY", "ORG+team")]),
    (results_tables.add_table_names, "Dale Orvik 71 69 70 72", [(0, 2, "PERSON")], frozenset(),
     [("Dale Orvik", "PERSON")]),
    (results_tables.add_table_names, "Attendance : 200", [], frozenset(), []),
    (results_tables.add_table_names, "Sales rose 7.9 percent", [], frozenset(), []),
    # mark_result_sides: the sides of a result with a score or margin are teams, not people's
    (results_tables.mark_result_sides, "Ormsby beat Tarn by 45 runs .", [(0, 1, "GPE"), (2, 3, "PERSON")],
     frozenset(), [("Ormsby", "GPE+team"), ("Tarn", "PERSON+team")]),
    (results_tables.mark_result_sides, "California beat Texas in job growth .", [(0, 1, "GPE"), (2, 3, "GPE")],
     frozenset(), [("California", "GPE"), ("Texas", "GPE")]),
    (results_tables.mark_result_sides, "Varden beat Kessler 6-4 .", [(0, 1, "PERSON"), (2, 3, "PERSON")],
     frozenset(), [("Varden", "PERSON"), ("Kessler", "PERSON")]),
]


@pytest.mark.parametrize(
    "pass_, text, ents, glued, expected", CASES, ids=[f"{c[0].__name__}:{c[1][:30]}" for c in CASES]
)
def test_results_table_pass(ref, vocab, pass_, text, ents, glued, expected):
    assert after(pass_, vocab, ref, text, ents, glued) == expected


def test_every_results_table_pass_has_a_case():
    assert set(results_tables.MENTION_PASSES) == {case[0] for case in CASES}


def run(linker: EntityLinker, doc: Doc) -> dict[str, list[str]]:
    """Each mention's text and the "name label" of its entity."""
    linker(doc)
    assert not doc._.dl_errors, doc._.dl_errors  # a crash leaves no mentions: it must not pass for "none found"
    out: dict[str, list[str]] = {}
    for m in doc._.dl_mentions:
        entity = doc._.dl_entities[m["entity_id"]]
        out.setdefault(m["text"], []).append(f"{entity['name']} {entity['label']}")
    return out


@pytest.mark.parametrize(
    "text, ents, on, off",
    [
        # a standings table: its rows are names only for the results-table rules
        ("Dunmore 5 3 1\nVelby Town 5 2 2\nTarn 0 Dunmore 2", [(0, 1, "ORG")],
         {"Dunmore": ["Dunmore ORG", "Dunmore ORG"], "Velby Town": ["Velby Town ORG"], "Tarn": ["Tarn ORG"]},
         {"Dunmore": ["Dunmore ORG", "Dunmore ORG"]}),
        # a town that plays is its club, another entity than the town of the dateline
        ("DUNMORE 2021-03-14\nDunmore 4 Velby 3", [],
         {"DUNMORE": ["DUNMORE GPE"], "Dunmore": ["Dunmore ORG"], "Velby": ["Velby ORG"]},
         {"DUNMORE": ["Dunmore GPE"], "Dunmore": ["Dunmore GPE"]}),
    ],
)
def test_results_tables_setting_switches_the_rules(ref, vocab, text, ents, on, off):
    assert run(EntityLinker(ref), doc_of(vocab, text, ents)) == on
    assert run(EntityLinker(ref, results_tables=False), doc_of(vocab, text, ents)) == off


def test_results_tables_is_a_setting_of_the_component():
    """The same switch through the pipeline's config, as ``nlp.add_pipe`` and a saved config give it."""
    from transforms.pipeline import register_extensions

    register_extensions()
    runs = {}
    for setting in (True, False):
        nlp = spacy.blank("en")
        nlp.add_pipe("dateline_entities", config={"reference_dir": str(REFERENCE), "results_tables": setting})
        doc = doc_of(nlp.vocab, "Dunmore 5 3 1\nVelby Town 5 2 2", [(0, 1, "ORG")])
        runs[setting] = run(nlp.get_pipe("dateline_entities"), doc)
    assert runs == {True: {"Dunmore": ["Dunmore ORG"], "Velby Town": ["Velby Town ORG"]},
                    False: {"Dunmore": ["Dunmore ORG"]}}
    assert spacy.blank("en").add_pipe("dateline_entities", config={"reference_dir": str(REFERENCE)}).mention_passes \
        == EntityLinker(Reference.load(REFERENCE)).mention_passes  # on unless switched off


table_words = st.lists(
    st.sampled_from(["Dunmore", "Velby", "Town", "4", "0", "2-1", "\n", "beat", "by", "runs", "(", "Spain", ")",
                     "c", "b", "Tarn", "AT", "DUNMORE", "-", "7", "in", "Ada", "Vance", "."]),
    min_size=1, max_size=30,
)


@pytest.mark.parametrize("setting", [True, False])
@settings(max_examples=100, deadline=None)
@given(words=table_words, data=st.data())
def test_either_setting_gives_well_formed_rows_on_table_like_text(ref, vocab, setting, words, data):
    """The general rules must not rely on what the results-table passes leave behind."""
    ents, i = [], 0
    while i < len(words):
        length = data.draw(st.integers(min_value=0, max_value=min(3, len(words) - i)))
        if length:
            ents.append((i, i + length, data.draw(st.sampled_from(["PERSON", "ORG", "GPE", "CARDINAL"]))))
        i += length or 1
    doc = Doc(vocab, words=words)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    EntityLinker(ref, results_tables=setting)(doc)
    assert not doc._.dl_errors, doc._.dl_errors
    starts = [m["start_char"] for m in doc._.dl_mentions]
    assert starts == sorted(starts)
    for m in doc._.dl_mentions:
        assert doc.text[m["start_char"] : m["end_char"]] == m["text"]
        assert doc._.dl_entities[m["entity_id"]]["label"] == m["label"]


def test_a_users_result_verb_and_margin_rows_extend_the_rules(vocab, tmp_path):
    """The verbs and margins of a result are data (entity_result_verbs.csv,
    entity_result_margins.csv): a row a user adds makes a new wording a result."""
    for f in REFERENCE.glob("*.csv"):
        (tmp_path / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    text, ents = "Ormsby outclassed Tarn by 45 laps .", [(0, 1, "GPE"), (2, 3, "PERSON")]
    shipped = after(results_tables.mark_result_sides, vocab, Reference.load(tmp_path), text, ents)
    with (tmp_path / "entity_result_verbs.csv").open("a", encoding="utf-8") as out:
        out.write("outclassed,\n")
    with (tmp_path / "entity_result_margins.csv").open("a", encoding="utf-8") as out:
        out.write("laps,yes\n")
    extended = after(results_tables.mark_result_sides, vocab, Reference.load(tmp_path), text, ents)
    assert shipped == [("Ormsby", "GPE"), ("Tarn", "PERSON")]
    assert extended == [("Ormsby", "GPE+team"), ("Tarn", "PERSON+team")]
