"""End to end (issue #23): many small real runs, each one article, against one run over the same
inputs; `entities` against a full recount from the published mentions; then `dateline compact`."""
import json
import shutil

import duckdb
import pytest

from conftest import SAMPLE
from flows.cli import main as cli
from flows.pipeline import run_pipeline
from flows.settings import Settings
from schemas import EXTRACTED, TABLES
from transforms.duplicates import to_bytes
from warehouse.duplicates import KEY as DUPLICATES, load_index, sweep as sweep_index
from warehouse.lake import Lake

pytestmark = pytest.mark.e2e
VOLATILE = {"ingested_at", "first_seen", "last_seen"}
# Short articles written for this test (no real events).
OWN = [
    "Maria Lopez, the mayor of Springfield, said on Monday that the city would open two new libraries. "
    "\"Reading is a right,\" Lopez told reporters at City Hall. The Springfield Council approved the plan.",
    "The Springfield Council met again on Tuesday. Council member Tom Baker said the libraries would cost "
    "more than planned, and Maria Lopez answered that the state of Ohio would pay half.",
    "Ohio officials said the grant for Springfield was approved in March. \"We support local libraries,\" "
    "said Governor Ann Reed. Tom Baker thanked the governor.",
]


@pytest.fixture(scope="module")
def lakes(prefect_harness, tmp_path_factory):
    """(folder of one-article files, lake of one run per file, lake of one run over the folder)."""
    inbox = tmp_path_factory.mktemp("inbox")
    shutil.copyfile(SAMPLE, inbox / "a-huawei.txt")
    for i, line in enumerate((SAMPLE.parent / "wikinews-2019.jsonl").read_text(encoding="utf-8").splitlines()):
        (inbox / f"b-wikinews-{i}.jsonl").write_text(line + "\n", encoding="utf-8")
    for i, text in enumerate(OWN):
        (inbox / f"c-own-{i}.txt").write_text(text + "\n", encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("DATELINE_KEYED_PART_ROWS", "15")  # entities in many small ranges, rewritten run by run
    try:
        many, one = tmp_path_factory.mktemp("many"), tmp_path_factory.mktemp("one")
        for path in sorted(inbox.iterdir()):
            run_pipeline(Settings(inputs=(path,), data_dir=many))
        run_pipeline(Settings(inputs=(inbox,), data_dir=one))
    finally:
        mp.undo()
    return inbox, many, one


def rows(data, name):
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        cur = con.execute(f'SELECT * FROM "{name}" ORDER BY ALL')
        cols = [d[0] for d in cur.description]
        out = [{k: v for k, v in zip(cols, r) if k not in VOLATILE} for r in cur.fetchall()]
    return sorted((json.dumps(r, default=str, sort_keys=True) for r in out))


def test_small_runs_give_the_tables_of_one_run_and_entities_equal_a_full_recount(lakes):
    inbox, many, one = lakes
    assert len(Lake(many).manifest()["articles"]) == len(list(inbox.iterdir())) == 6
    assert len(Lake(many).manifest()["entities"]) > 3, "entities kept in several key ranges"
    for name in EXTRACTED:
        assert rows(many, name) == rows(one, name), name
    with duckdb.connect(str(many / "warehouse.duckdb"), read_only=True) as con:
        differing = con.execute("""
            WITH recount AS (
                SELECT m.entity_id, count(*) AS mention_count, count(DISTINCT m.article_id) AS article_count,
                       min(a.ingested_at) AS first_seen, max(a.ingested_at) AS last_seen
                FROM mentions m JOIN articles a USING (article_id) GROUP BY m.entity_id)
            SELECT e.entity_id FROM entities e FULL JOIN recount r USING (entity_id)
            WHERE e.mention_count IS DISTINCT FROM r.mention_count OR e.article_count IS DISTINCT FROM r.article_count
               OR e.first_seen IS DISTINCT FROM r.first_seen OR e.last_seen IS DISTINCT FROM r.last_seen""").fetchall()
        assert differing == []
        assert con.execute("SELECT count(DISTINCT ingested_at) FROM articles").fetchone()[0] > 1, "runs at different times"


def near_duplicate_index(data):
    return sorted((e.article_id, e.seq, e.root, to_bytes(e.signature)) for e in load_index(Lake(data)).entries.values())


def test_compact_leaves_few_parts_and_the_same_tables(lakes, capsys):
    _, many, one = lakes
    before = {name: rows(many, name) for name in TABLES}
    assert len(Lake(many).manifest()[DUPLICATES]) == 6, "the near-duplicate index gains a part per run"
    index = near_duplicate_index(many)
    assert cli(["compact", "--data-dir", str(many)]) == 0
    assert "compacted" in capsys.readouterr().out
    manifest = Lake(many).manifest()
    assert all(len(manifest[t]) == 1 for t in EXTRACTED if t != "entities"), manifest
    assert len(manifest["runs"]) == 1 and len(manifest["dq_results"]) == 1
    assert len(manifest[DUPLICATES]) == 1 and near_duplicate_index(many) == index
    retired = [rel for rel in Lake(many).retired() if rel.startswith(DUPLICATES)]
    sweep_index(Lake(many))  # what the next run does first
    assert len(retired) == 6 and all((many / "lake" / rel).exists() for rel in retired), "kept for the grace period"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATELINE_RETIRE_GRACE_SECONDS", "0")
        Lake(many).sweep()
        sweep_index(Lake(many))
    assert not any((many / "lake" / rel).exists() for rel in retired) and near_duplicate_index(many) == index
    assert {name: rows(many, name) for name in TABLES} == before
    for name in EXTRACTED:
        assert rows(many, name) == rows(one, name), name
    # the warehouse after the compaction's load equals one loaded from the compacted lake alone
    fresh = many.parent / "fresh"
    fresh.mkdir()
    from warehouse.load import load_warehouse

    load_warehouse(Lake(many), fresh / "warehouse.duckdb")
    assert {name: rows(fresh, name) for name in TABLES} == before
    assert cli(["compact", "--data-dir", str(many)]) == 0
    assert "nothing to compact" in capsys.readouterr().out
