"""Extraction workers: batching, the default process count, and errors that name their cause."""
from __future__ import annotations

import multiprocessing

import pytest

from flows.settings import REPO
from flows.workers import _batches, default_processes, extract_stream


def test_batches_keep_order_and_the_last_one_may_be_short():
    items = [{"body": str(i)} for i in range(5)]
    assert [[a["body"] for a in b] for b in _batches(iter(items), 2)] == [["0", "1"], ["2", "3"], ["4"]]
    assert list(_batches(iter([]), 2)) == []


def test_batches_end_early_at_their_text_budget_and_a_long_article_is_a_batch_alone():
    items = [{"body": "x" * n} for n in (40, 50, 30, 200, 10, 10)]
    sizes = [[len(a["body"]) for a in b] for b in _batches(iter(items), 4, max_chars=100)]
    assert sizes == [[40, 50], [30], [200], [10, 10]]


def test_a_few_articles_run_in_process_and_a_large_batch_on_every_core(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    assert default_processes(1) == 1
    assert default_processes(127) == 1
    assert default_processes(128) == 2
    assert default_processes(10_000) == 2


@pytest.mark.parametrize("processes", [1, 2])
def test_a_model_that_cannot_load_fails_with_its_name_also_from_a_worker(processes):
    stream = extract_stream("no_such_pipeline", REPO / "seeds" / "reference",
                            [{"article_id": "a", "body": "Text."}], batch_size=1, processes=processes)
    with pytest.raises(RuntimeError, match="cannot load spaCy pipeline 'no_such_pipeline'"):
        next(stream)
    assert not multiprocessing.active_children()


def test_parts_are_validated_in_groups_bounded_by_rows(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from flows.pipeline import row_groups

    parts = []
    for i, n in enumerate([3, 4, 9, 1, 1]):
        parts.append(tmp_path / f"p{i}.parquet")
        pq.write_table(pa.table({"x": list(range(n))}), parts[-1])
    assert [[p.name for p in g] for g in row_groups(parts, 8)] == [["p0.parquet", "p1.parquet"], ["p2.parquet"],
                                                                  ["p3.parquet", "p4.parquet"]]
    assert row_groups([], 8) == []
