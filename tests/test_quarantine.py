"""Quarantine on hand-built staged parts: which failures it can mend, the rows it moves out (each
with the checks it failed), and the held-back mentions the `entities` recount leaves out."""
import pyarrow.parquet as pq
import pytest

from warehouse.entity_counts import held_mentions
from warehouse.lake import Lake, Staged, to_arrow, write_parquet_atomic
from warehouse.quality import CheckResult
from warehouse.quarantine import blocking, hold_back, quarantine_path


def mention(i: int, article: str = "a", entity: str = "ent_1") -> dict:
    return {"mention_id": f"{article}:{i}-{i + 1}", "article_id": article, "entity_id": entity, "text": "x",
            "label": "PERSON", "start_char": i, "end_char": i + 1}


def failed(check: str, keys: list[str], critical: bool = True, scope: str = "row", elements: int = 10) -> CheckResult:
    return CheckResult("mentions", check, critical, False, elements, len(keys), keys[:3], [(k,) for k in keys], scope)


@pytest.mark.parametrize("result, blocks", [
    (failed("span", ["a:0-1"]), False),                          # one row of ten: quarantine mends it
    (failed("span", [f"a:{i}-{i + 1}" for i in range(6)]), True),  # over half the rows fail
    (failed("row count", [], scope="table"), True),               # a table-level failure
    (failed("label", [f"a:{i}-{i + 1}" for i in range(6)], critical=False), False),  # a warning
    (CheckResult("mentions", "span", True, True, 10, 0), False),  # passed
])
def test_what_quarantine_cannot_mend_blocks_the_batch(result, blocks):
    assert (blocking([result], max_fraction=0.5) == [result]) is blocks


def test_failing_rows_move_to_quarantine_with_their_checks_and_the_rest_stay_staged(tmp_path):
    lake, staged = Lake(tmp_path), Staged()
    rows = [mention(i) for i in range(4)] + [mention(0, "b", "ent_2")]
    part = write_parquet_atomic(to_arrow("mentions", rows), lake.staging_dir("r1") / "mentions" / "part-1.parquet", {})
    staged.add("mentions", part)
    results = [failed("span", ["a:1-2", "b:0-1", "b:0-1"]), failed("entity_id in entities", ["b:0-1"]),
               failed("label", ["a:2-3"], critical=False)]
    counts = hold_back(staged, results, tmp_path / "quarantine", "r1")
    assert counts == {"mentions": 2}
    assert [r["mention_id"] for r in pq.read_table(part).to_pylist()] == ["a:0-1", "a:2-3", "a:3-4"]
    held = pq.read_table(quarantine_path(tmp_path / "quarantine", "mentions", "r1")).to_pylist()
    assert {r["mention_id"]: r["failed_checks"] for r in held} == {"a:1-2": ["span"],
                                                                   "b:0-1": ["span", "entity_id in entities"]}
    assert held_mentions(tmp_path / "quarantine", "r1") == {("a", "ent_1"): 1, ("b", "ent_2"): 1}
