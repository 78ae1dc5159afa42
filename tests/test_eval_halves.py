"""The half-split spread `dateline eval` prints: each half is scored by the gold scorer itself on
its own documents. Gold here is two hand-written documents in WikiEvents' format, scored by the
real wikievents.py of the shared scorers."""
import json
from pathlib import Path

import pytest

from evaluation.scorer import halves, load_scorer, scores_on_halves, spread_line

SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "wikievents.py"


def _doc(doc_id: str, words: list[str], trigger: int) -> dict:
    tokens, pos = [], 0
    for w in words:
        tokens.append([w, pos, pos + len(w)])
        pos += len(w) + 1
    return {"doc_id": doc_id, "sentences": [[tokens, " ".join(words)]], "entity_mentions": [],
            "event_mentions": [{"event_type": "Conflict.Attack.Unspecified", "arguments": [],
                                "trigger": {"start": trigger, "end": trigger + 1}}]}


def test_halves_alternate_the_sorted_documents():
    assert halves(["d", "a", "c", "b", "e"]) == (["a", "c", "e"], ["b", "d"])


@pytest.mark.skipif(not SCORER.exists(), reason="the shared gold scorers are not beside this checkout")
def test_each_half_is_scored_on_its_own_documents(tmp_path):
    gold = tmp_path / "gold.jsonl"
    docs = [_doc("a", ["Rebels", "attacked", "the", "town", "."], 1), _doc("b", ["Troops", "bombed", "a", "bridge", "."], 1)]
    gold.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    pred = tmp_path / "pred.jsonl"  # "attacked" found in a, nothing in b
    pred.write_text(json.dumps({"doc": "a.txt", "trigger": [7, 15], "type": "Conflict.Attack", "arguments": []}) + "\n")
    scorer = load_scorer(SCORER)
    whole = scorer.score(str(gold), str(pred))
    first, second = scores_on_halves(scorer, gold, pred)
    assert whole["trigger_family"]["recall"] == 0.5
    assert (first["trigger_family"]["recall"], second["trigger_family"]["recall"]) == (1.0, 0.0)
    assert scorer.score(str(gold), str(pred)) == whole  # the scorer's reader is put back
    assert spread_line("family F1", 0.5, [1.0, 0.0]) == "family F1 0.500 (halves 1.000 / 0.000, spread 1.000)"
