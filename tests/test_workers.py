"""Extraction workers: batching, the default process count, errors that name their cause, one
article that fails or is too long for the model, and workers that end with their parent."""
from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.settings import REPO
from flows.workers import (MAX_ARTICLE_CHARS, Workers, _batches, _chunks, default_processes, end_early_starts,
                           extract_batch, extract_stream, pipeline_for, start_early)
from schemas import TABLES

REFERENCE = REPO / "seeds" / "reference"
SAMPLE = (REPO / "seeds" / "articles" / "huawei-executive-order.txt").read_text(encoding="utf-8").split("———")[0].strip()
PARAGRAPHS = SAMPLE.split("\n")


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


def test_a_stream_runs_on_the_workers_started_early_for_it_and_other_early_ones_end(monkeypatch):
    """`start_early` (while the run's server boots): the stream with the same arguments takes that
    pool instead of starting one; a pool started for other arguments, or taken by no stream, ends."""
    pools = []
    start = Workers._start
    monkeypatch.setattr(Workers, "_start", lambda self: pools.append(self) or start(self))
    article = [{"article_id": "a", "body": "Text."}]
    start_early("no_such_pipeline", REFERENCE, 2)
    assert len(pools) == 1 and len(multiprocessing.active_children()) == 2, "both workers start now"
    with pytest.raises(RuntimeError, match="cannot load spaCy pipeline 'no_such_pipeline'"):
        next(extract_stream("no_such_pipeline", REFERENCE, article, batch_size=1, processes=2))
    assert len(pools) == 1, "the stream ran on the pool started early"
    assert not multiprocessing.active_children()

    start_early("no_such_pipeline", REFERENCE, 2, batch_chars=50_000)  # another chunk size than the stream's
    with pytest.raises(RuntimeError, match="cannot load"):
        next(extract_stream("no_such_pipeline", REFERENCE, article, batch_size=1, processes=2))
    assert len(pools) == 3, "a pool of its own"
    assert not multiprocessing.active_children(), "the one started early for other arguments ended too"

    start_early("no_such_pipeline", REFERENCE, 2)
    start_early("no_such_pipeline", REFERENCE, 1)  # one process: extraction runs in the run's own
    assert len(pools) == 4
    end_early_starts()  # the run did not reach extraction
    assert not multiprocessing.active_children()


def test_parts_are_validated_in_groups_bounded_by_rows(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from warehouse.validation import row_groups

    parts = []
    for i, n in enumerate([3, 4, 9, 1, 1]):
        parts.append(tmp_path / f"p{i}.parquet")
        pq.write_table(pa.table({"x": list(range(n))}), parts[-1])
    assert [[p.name for p in g] for g in row_groups(parts, 8)] == [["p0.parquet", "p1.parquet"], ["p2.parquet"],
                                                                  ["p3.parquet", "p4.parquet"]]
    assert row_groups([], 8) == []


def test_chunks_end_at_the_last_paragraph_break_that_fits_else_a_line_a_sentence_or_the_bound():
    text = "aaaa\n\nbbb\ncc. dddddddddd"
    spans = list(_chunks(text, 8))
    assert [text[a:b] for a, b in spans] == ["aaaa\n\n", "bbb\n", "cc. ", "dddddddd", "dd"]
    assert all(b - a <= 8 for a, b in spans) and "".join(text[a:b] for a, b in spans) == text
    assert list(_chunks("short", 8)) == [(0, 5)]


def article(aid: str, body: str) -> dict:
    return {"article_id": aid, "body": body, "published_at": None, "published_year": 2019}


@pytest.fixture
def raises_on(monkeypatch):
    """Make spaCy itself (the tokenizer, in nlp.pipe) or the rows of a Doc raise for a body
    holding ``marker``."""
    from transforms import extract

    def patch(where: str, marker: str) -> None:
        nlp = pipeline_for(None, REFERENCE)
        if where == "spacy":
            real = nlp.tokenizer

            def tokenizer(text):
                if marker in text:
                    raise ValueError(f"cannot read {marker}\nsecond line")
                return real(text)
            monkeypatch.setattr(nlp, "tokenizer", tokenizer)
        else:
            real = extract.rows_for

            def rows_for(doc, article, **kwargs):
                if marker in doc.text:
                    raise ValueError(f"cannot read {marker}\nsecond line")
                return real(doc, article, **kwargs)
            monkeypatch.setattr(extract, "rows_for", rows_for)
    return patch


@pytest.mark.e2e
@pytest.mark.parametrize("where", ["spacy", "rows"])
def test_an_article_that_raises_fails_alone_and_the_rest_of_its_batch_is_as_without_it(raises_on, where):
    good = [article("a", "\n".join(PARAGRAPHS[:6])), article("c", "\n".join(PARAGRAPHS[6:12]))]
    alone = extract_batch(None, REFERENCE, good)["results"]
    assert [r[0] for r in alone] == ["ok", "ok"] and alone[0][1]["mentions"]
    raises_on(where, "BOOM")
    out = extract_batch(None, REFERENCE, [good[0], article("b", "BOOM went the order."), good[1]])
    assert out["results"] == [alone[0], ("failed", "extraction failed: ValueError: cannot read BOOM"), alone[1]]


def spans_hold(body: str, rows: dict[str, list[dict]]) -> None:
    """Every span slices the body back to its text, and every id is made of the body's offsets."""
    for table, table_rows in rows.items():
        for row in table_rows:
            for start, end, text in TABLES[table].spans():
                if row[start] is not None:
                    assert body[row[start]:row[end]] == row[text], (table, row)
    assert all(m["mention_id"] == f"long:{m['start_char']}-{m['end_char']}" for m in rows["mentions"])
    assert all(q["quote_id"] == f"long:q:{q['start_char']}-{q['end_char']}" for q in rows["quotes"])
    assert all(e["event_id"] == f"long:e:{e['start_char']}-{e['end_char']}" for e in rows["events"])
    assert all(a["argument_id"] == f"{a['event_id']}:{a['role']}:{a['start_char']}-{a['end_char']}"
               for a in rows["event_arguments"])


def moved(row: dict, shift: int) -> dict:
    return {k: v + shift if k.endswith(("_char", "_start", "_end")) and v is not None else v for k, v in row.items()}


def without_ids(row: dict) -> dict:
    """The row less its own ids (made of offsets, checked by `spans_hold`)."""
    return {k: v for k, v in row.items() if k not in ("mention_id", "quote_id", "event_id", "argument_id")}


@pytest.mark.e2e
def test_a_long_article_is_read_in_chunks_with_the_bodys_offsets_and_ids():
    """Two copies of the article, chunked (at the stream's batch_chars) at the paragraph break
    between them: the second chunk's rows are the article's own, moved by the first's length."""
    first = SAMPLE + "\n\n"
    body = first + SAMPLE
    [single] = extract_batch(None, REFERENCE, [article("long", SAMPLE)])["results"]
    [result] = next(extract_stream(None, REFERENCE, [article("long", body)], 32, 1, batch_chars=len(first)))["results"]
    assert result[0] == "ok"
    rows, contributions = result[1], result[2]
    spans_hold(body, rows)
    shift = len(first)
    for table in ("mentions", "quotes", "events", "event_arguments"):
        second = [r for r in rows[table] if r["start_char"] >= shift]
        assert len(second) == len(single[1][table]) > 0, table
        assert [without_ids(r) for r in second] == [without_ids(moved(r, shift)) for r in single[1][table]]
    counts = {}
    for m in rows["mentions"]:
        counts[m["entity_id"]] = counts.get(m["entity_id"], 0) + 1
    assert {eid: c["mention_count"] for eid, c in contributions.items()} == counts
    for eid, info in single[2].items():
        assert set(info["aliases"]) <= set(contributions[eid]["aliases"])


@pytest.mark.e2e
def test_an_article_over_the_models_limit_is_chunked_and_one_over_the_hard_limit_fails_unread(monkeypatch):
    """spaCy refuses a text over nlp.max_length (E088): such an article is chunked below it."""
    nlp = pipeline_for(None, REFERENCE)
    monkeypatch.setattr(nlp, "max_length", 3000)
    assert len(SAMPLE) > 3 * 3000
    [result] = extract_batch(None, REFERENCE, [article("long", SAMPLE)])["results"]
    assert result[0] == "ok" and result[1]["mentions"]
    spans_hold(SAMPLE, result[1])
    huge = "x" * (MAX_ARTICLE_CHARS + 1)
    assert extract_batch(None, REFERENCE, [article("huge", huge)])["results"] == \
        [("failed", f"article is {MAX_ARTICLE_CHARS + 1} characters, above the limit of {MAX_ARTICLE_CHARS}")]


PARENT = """
import time
from flows.settings import REPO
from flows.workers import extract_stream

articles = [{"article_id": str(i), "body": "Huawei said the order was unfair."} for i in range(4)]
stream = extract_stream(None, REPO / "seeds" / "reference", articles, batch_size=1, processes=2)
next(stream)
print("ready", flush=True)
time.sleep(300)
"""


def children_of(pid: int) -> set[int]:
    """The processes ``pid`` started, from /proc (``.../task/*/children`` is not in every kernel)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.add(int(stat.parent.name))
        except (OSError, IndexError, ValueError):  # gone meanwhile
            pass
    return out


def running(pid: int) -> bool:
    """Alive and not a zombie (a dead orphan waits for its new parent to reap it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.e2e  # its workers load the model
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_and_the_resource_tracker_end_when_their_parent_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", PARENT], cwd=REPO, stdout=subprocess.PIPE, text=True)
    children = set()
    try:
        assert parent.stdout.readline() == "ready\n"
        children = children_of(parent.pid)
        assert len(children) == 3, "two workers and multiprocessing's resource tracker"
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while any(map(running, children)) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in children if running(pid)]
    finally:
        parent.kill()
        parent.wait()
        for pid in filter(running, children):
            os.kill(pid, signal.SIGKILL)
