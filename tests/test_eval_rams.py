"""`dateline eval rams`: the prediction file written from a hand-built parse (no model), and each
rule's recall scored alone by the RAMS scorer on hand-written gold (not gold text)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from evaluation.rams import recall_by_rule, write_predictions
from evaluation.scorer import scores_on_halves
from transforms.events import EventExtractor, load_reference
from transforms.pipeline import register_extensions

REPO = Path(__file__).resolve().parents[1]
SCORER = REPO.parent / "shared" / "eval" / "rams.py"
FAMILIES = frozenset({"justice", "life"})


def parsed(words, lemmas, pos, heads, deps):
    register_extensions()
    doc = Doc(English().vocab, words=words, lemmas=lemmas, pos=pos, heads=heads, deps=deps,
              spaces=[True] * (len(words) - 2) + [False, False])
    doc._.dl_mentions = []
    return doc


def test_the_writer_keeps_scored_mentions_with_their_rule_and_roles(tmp_path):
    doc = parsed(["Police", "arrested", "Ann", "."], ["police", "arrest", "Ann", "."],
                 ["NOUN", "VERB", "PROPN", "PUNCT"], [1, 1, 1, 1], ["nsubj", "ROOT", "dobj", "punct"])
    extractor = EventExtractor(load_reference(REPO / "seeds" / "reference"))
    pred = tmp_path / "pred.jsonl"
    n = write_predictions(pred, [Path("nw_key.1.txt")], [doc], extractor, FAMILIES)
    lines = [json.loads(line) for line in pred.read_text(encoding="utf-8").splitlines()]
    assert n == 1
    assert lines == [{"doc": "nw_key.1.txt", "trigger": [7, 15], "type": "Justice.ArrestJailDetain",
                      "rule": "lexicon_word", "arguments": [{"role": "actor", "span": [0, 6], "rule": "nsubj"},
                                                            {"role": "target", "span": [16, 19], "rule": "dobj"}]}]


def test_the_writer_leaves_out_families_the_gold_cannot_hold(tmp_path):
    doc = parsed(["Police", "arrested", "Ann", "."], ["police", "arrest", "Ann", "."],
                 ["NOUN", "VERB", "PROPN", "PUNCT"], [1, 1, 1, 1], ["nsubj", "ROOT", "dobj", "punct"])
    extractor = EventExtractor(load_reference(REPO / "seeds" / "reference"))
    pred = tmp_path / "pred.jsonl"
    assert write_predictions(pred, [Path("k.txt")], [doc], extractor, frozenset({"life"})) == 0


def gold_line(key, trigger, family):
    # A RAMS line: "Police arrested Ann ." and "Ann died ." with one event each.
    words = {"a": ["Police", "arrested", "Ann", "."], "b": ["Ann", "died", "."]}[key]
    return json.dumps({"doc_key": key, "sentences": [words], "evt_triggers": [[trigger, trigger, [[family, 1.0]]]],
                       "gold_evt_links": []})


@pytest.mark.skipif(not SCORER.exists(), reason="the RAMS scorer lives outside the project (../shared/eval)")
def test_each_rule_is_scored_alone_and_halves_split_the_examples(tmp_path):
    from evaluation.scorer import load_scorer

    gold = tmp_path / "gold.jsonlines"
    gold.write_text(gold_line("a", 1, "justice.arrestjaildetain.arrestjaildetain") + "\n"
                    + gold_line("b", 1, "life.die.n/a") + "\n", encoding="utf-8")

    def line(doc, start, end, event_type, rule):
        return json.dumps({"doc": doc, "trigger": [start, end], "type": event_type, "rule": rule, "arguments": []})
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join([line("a.txt", 7, 15, "Justice.ArrestJailDetain", "lexicon_word"),
                               line("b.txt", 4, 8, "Conflict.Attack", "lexicon_verb"),
                               line("b.txt", 0, 3, "Life.Die", "lexicon_noun")]) + "\n", encoding="utf-8")
    module = load_scorer(SCORER)
    score = module.score
    by_rule = recall_by_rule(score, gold, pred)
    assert {rule: (r["predictions"], r["trigger_recall"], r["family_recall"]) for rule, r in by_rule.items()} == {
        "lexicon_word": (1, 0.5, 0.5), "lexicon_verb": (1, 0.5, 0.0), "lexicon_noun": (1, 0.0, 0.0)}
    assert [h["family_recall"] for h in scores_on_halves(module, gold, pred)] == [1.0, 0.0]


def test_every_modality_file_keeps_the_planned_events_the_scored_file_leaves_out(tmp_path):
    # RAMS annotates events whatever their modality; the events table keeps them with `modality`.
    doc = parsed(["Police", "will", "arrest", "Ann", "."], ["police", "will", "arrest", "Ann", "."],
                 ["NOUN", "AUX", "VERB", "PROPN", "PUNCT"], [2, 2, 2, 2, 2], ["nsubj", "aux", "ROOT", "dobj", "punct"])
    extractor = EventExtractor(load_reference(REPO / "seeds" / "reference"))
    assert [m["modality"] for m in extractor.mentions(doc)] == ["planned"]
    assert write_predictions(tmp_path / "asserted.jsonl", [Path("k.txt")], [doc], extractor, FAMILIES) == 0
    assert write_predictions(tmp_path / "every.jsonl", [Path("k.txt")], [doc], extractor, FAMILIES,
                             modalities=None) == 1


@pytest.mark.skipif(not SCORER.exists(), reason="the RAMS scorer lives outside the project (../shared/eval)")
def test_the_rams_file_keeps_the_aida_families_of_the_gold(tmp_path):
    # government is an AIDA family KAIROS lacks: the RAMS scorer counts it, so its file keeps it;
    # a Dateline family no gold holds (policy) stays out.
    from evaluation.rams import scored_families
    from evaluation.scorer import load_scorer

    gold = tmp_path / "gold.jsonlines"
    gold.write_text(gold_line("a", 1, "government.vote.castvote") + "\n", encoding="utf-8")
    families = scored_families(FAMILIES, load_scorer(SCORER), gold)
    assert families == {"justice", "life", "government"}


def test_the_rams_file_names_kairos_types_by_their_aida_family(tmp_path):
    # AIDA has no cognitive family: an inspection is inspection.sensoryobserve there; the
    # WikiEvents writer keeps the KAIROS name.
    from evaluation.events import write_predictions as write_wikievents

    doc = parsed(["Officials", "inspected", "Mills", "."], ["official", "inspect", "Mills", "."],
                 ["NOUN", "VERB", "PROPN", "PUNCT"], [1, 1, 1, 1], ["nsubj", "ROOT", "dobj", "punct"])
    extractor = EventExtractor(load_reference(REPO / "seeds" / "reference"))
    rams, wiki = tmp_path / "rams.jsonl", tmp_path / "wiki.jsonl"
    assert write_predictions(rams, [Path("k.txt")], [doc], extractor, frozenset({"inspection", "cognitive"})) == 1
    assert write_wikievents(wiki, [Path("k.txt")], [doc], extractor, frozenset({"inspection", "cognitive"})) == 1
    assert json.loads(rams.read_text(encoding="utf-8"))["type"] == "Inspection.SensoryObserve"
    assert json.loads(wiki.read_text(encoding="utf-8"))["type"] == "Cognitive.Inspection"
    assert write_predictions(rams, [Path("k.txt")], [doc], extractor, frozenset({"cognitive"})) == 0


def test_the_rams_file_names_a_sanction_by_aida_embargosanction(tmp_path):
    # AIDA files embargoes and sanctions under transaction (sub-subtype embargosanction), so the
    # RAMS file writes Policy.Sanction under that name and scores it in the transaction family;
    # the WikiEvents writer keeps the Dateline name, a family its gold never holds.
    from evaluation.events import write_predictions as write_wikievents

    doc = parsed(["Canada", "imposed", "sanctions", "."], ["Canada", "impose", "sanction", "."],
                 ["PROPN", "VERB", "NOUN", "PUNCT"], [1, 1, 1, 1], ["nsubj", "ROOT", "dobj", "punct"])
    extractor = EventExtractor(load_reference(REPO / "seeds" / "reference"))
    assert [m["event_type"] for m in extractor.mentions(doc)] == ["Policy.Sanction"]
    rams, wiki = tmp_path / "rams.jsonl", tmp_path / "wiki.jsonl"
    assert write_predictions(rams, [Path("k.txt")], [doc], extractor, frozenset({"transaction"})) == 1
    assert json.loads(rams.read_text(encoding="utf-8"))["type"] == "Transaction.Transaction.EmbargoSanction"
    assert write_wikievents(wiki, [Path("k.txt")], [doc], extractor, frozenset({"transaction"})) == 0
    assert write_predictions(rams, [Path("k.txt")], [doc], extractor, frozenset({"policy"})) == 0
