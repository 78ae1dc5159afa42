"""Rows and entity contributions of a Doc, and of a long article's chunks."""
from __future__ import annotations

from types import SimpleNamespace

from transforms.extract import merge_contributions, rows_for


def doc_with(**extensions) -> SimpleNamespace:
    names = ("dl_mentions", "dl_entities", "dl_quotes", "dl_events")
    return SimpleNamespace(_=SimpleNamespace(**{n: extensions.get(n) for n in names}))


def test_a_chunks_rows_have_the_bodys_offsets_and_ids():
    doc = doc_with(
        dl_mentions=[{"start_char": 0, "end_char": 6, "text": "Huawei", "label": "ORG", "entity_id": "ent_h"}],
        dl_quotes=[{"kind": "direct", "text": "No", "start_char": 20, "end_char": 22, "cue": "said", "cue_start": 7,
                    "cue_end": 11, "speaker": None, "speaker_start": None, "speaker_end": None,
                    "speaker_kind": "none"}],
        dl_events=[{"event_type": "Justice.Sue", "trigger": "sued", "start_char": 12, "end_char": 16,
                    "modality": "asserted", "mention_count": 1, "date_text": None, "date_start": None,
                    "date_end": None, "arguments": [{"role": "actor", "text": "Huawei", "start_char": 0,
                                                     "end_char": 6, "entity_id": "ent_h", "rule": "nsubj"}]}])
    rows = rows_for(doc, {"article_id": "a", "published_at": None, "published_year": None}, offset=100)
    assert [(m["mention_id"], m["start_char"], m["end_char"]) for m in rows["mentions"]] == [("a:100-106", 100, 106)]
    [q] = rows["quotes"]
    assert (q["quote_id"], q["start_char"], q["cue_start"], q["cue_end"], q["speaker_start"]) == \
        ("a:q:120-122", 120, 107, 111, None)
    assert [e["event_id"] for e in rows["events"]] == ["a:e:112-116"]
    assert [(a["argument_id"], a["rule"]) for a in rows["event_arguments"]] == [("a:e:112-116:actor:100-106", "nsubj")]
    assert rows_for(doc, {"article_id": "a", "published_at": None, "published_year": None})["mentions"][0][
        "mention_id"] == "a:0-6"


def test_an_entity_in_several_chunks_is_one_with_its_mentions_summed_and_aliases_unioned():
    first = {"ent_h": {"name": "Huawei", "label": "ORG", "aliases": ["Huawei"], "country_entity_id": None,
                       "mention_count": 2}}
    second = {"ent_h": {"name": "Huawei Technologies", "label": "ORG", "aliases": ["Huawei Technologies", "Huawei"],
                        "country_entity_id": None, "mention_count": 3},
              "ent_z": {"name": "ZTE", "label": "ORG", "aliases": ["ZTE"], "country_entity_id": None,
                        "mention_count": 1}}
    merged = merge_contributions([first, second])
    assert merged == {
        "ent_h": {"name": "Huawei", "label": "ORG", "aliases": ["Huawei", "Huawei Technologies"],
                  "country_entity_id": None, "mention_count": 5},
        "ent_z": second["ent_z"]}
    assert first["ent_h"]["aliases"] == ["Huawei"] and first["ent_h"]["mention_count"] == 2, "inputs untouched"
    assert merge_contributions([first]) == first
