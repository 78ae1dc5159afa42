"""A lake that grows (issue #23), on real Parquet parts and a real DuckDB warehouse, hand-built rows:
`entities` updated range by range equals folding every contribution into the whole table,
reference checks by join, compaction in one swap, replaced parts kept for the grace period."""
import random
from datetime import datetime, timedelta, timezone

import duckdb
import pyarrow.parquet as pq
import pytest

from schemas import TABLES
from transforms.extract import merge_entities
from warehouse.compaction import compact, plan
from warehouse.keyed import ranges
from warehouse.lake import Lake, Staged, claim_data_dir, to_arrow, write_parquet_atomic
from warehouse.load import load_warehouse

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)


def contributions(rng: random.Random, run: int, n_articles: int, pool: int) -> list[tuple[dict, datetime]]:
    """Per-article entity contributions as extraction gives them, drawn from `pool` entities."""
    out = []
    for a in range(n_articles):
        per = {}
        for eid in rng.sample(range(pool), rng.randint(1, 5)):
            e = f"ent_{eid:016x}"
            per[e] = {"name": f"Name {eid} {run}", "label": rng.choice(["PERSON", "ORG", "GPE"]),
                      "aliases": [f"alias {eid} {rng.randint(0, 3)}"], "mention_count": rng.randint(1, 4),
                      "country_entity_id": None if rng.random() < 0.8 else f"ent_{rng.randint(0, 9):016x}"}
        out.append((per, T0 + timedelta(hours=run, minutes=a)))
    return out


def publish_entities(lake: Lake, run_id: str, rows: list[dict]) -> None:
    staged = Staged(upserts={"entities"})
    staged.add("entities", write_parquet_atomic(to_arrow("entities", rows), lake.staging_dir(run_id) / "entities" / "part-e.parquet", {}))
    lake.publish(run_id, staged)


def entities_of(lake: Lake) -> list[dict]:
    return sorted(lake.read("entities").to_pylist(), key=lambda r: r["entity_id"])


def run_id(i: int) -> str:
    return f"20240101T{i // 60:02d}{i % 60:02d}00Z-{i:06x}"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_entities_updated_range_by_range_equal_a_full_recount(tmp_path, monkeypatch, seed):
    """Runs stage only the entities they touch; the published table equals folding every run's
    contributions into the whole table, and stays in sorted, disjoint ranges of bounded size."""
    from warehouse.entity_counts import touched_entities

    monkeypatch.setenv("DATELINE_KEYED_PART_ROWS", "7")
    rng, lake, recount = random.Random(seed), Lake(tmp_path), []
    for i in range(12):
        contrib = contributions(rng, i, rng.randint(1, 4), pool=60)
        touched = touched_entities(lake, {e for per, _ in contrib for e in per})
        publish_entities(lake, run_id(i), merge_entities(touched, contrib))
        recount = merge_entities(recount, contrib)
        assert entities_of(lake) == recount
    spans = ranges(lake.lake_dir, "entities", lake.manifest()["entities"])
    assert all(len(r.rels) == 1 for r in spans) and len(spans) == len(lake.manifest()["entities"]) > 3
    assert all(pq.read_metadata(lake.lake_dir / rel).num_rows <= 7 for rel in lake.manifest()["entities"])


def test_a_data_dir_with_the_whole_entities_table_in_one_part_is_split_and_stays_equal(tmp_path, monkeypatch):
    """The previous layout (every run rewrote `entities` whole, as one sorted part, and replaced
    the table): the first run that touches it rewrites it in ranges; nothing is lost."""
    monkeypatch.setenv("DATELINE_KEYED_PART_ROWS", "10")
    rng, lake = random.Random(7), Lake(tmp_path)
    whole = merge_entities([], contributions(rng, 0, 10, pool=40))
    old = Staged(replaces={"entities"})  # as main's `stage_batch` published it
    old.add("entities", write_parquet_atomic(to_arrow("entities", whole), lake.staging_dir("r0") / "entities" / "part-0123456789abcdef.parquet", {}))
    lake.publish("r0", old)
    load_warehouse(lake, tmp_path / "w.duckdb")
    contrib = contributions(rng, 1, 2, pool=40)
    from warehouse.entity_counts import touched_entities

    publish_entities(lake, "r1", merge_entities(touched_entities(lake, {e for per, _ in contrib for e in per}), contrib))
    assert entities_of(lake) == merge_entities(whole, contrib)
    assert len(lake.manifest()["entities"]) > 1
    load_warehouse(lake, tmp_path / "w.duckdb")  # the old part is retired, still on disk: rows go by key
    assert warehouse(tmp_path / "w.duckdb", "entities") == warehouse_from_scratch(lake, tmp_path / "fresh.duckdb", "entities")


def warehouse(db, table):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(f'SELECT * FROM "{table}" ORDER BY ALL').fetchall()


def warehouse_from_scratch(lake, db, table):
    load_warehouse(lake, db)
    return warehouse(db, table)


def article(i: int) -> dict:
    body = f"Article {i} says little."
    return {"article_id": f"a{i:04d}", "source_uri": f"f{i}.txt", "language": "en", "body": body,
            "word_count": len(body.split()), "ingested_at": T0 + timedelta(minutes=i)}


def mention(i: int, entity: str) -> dict:
    return {"mention_id": f"a{i:04d}:0-7", "article_id": f"a{i:04d}", "entity_id": entity, "text": "Article",
            "label": "ORG", "start_char": 0, "end_char": 7}


def small_run(lake: Lake, i: int, rng: random.Random) -> None:
    """One scheduled run's publication: an article, its mention, its entities, its run row."""
    from warehouse.entity_counts import touched_entities

    rid = run_id(i)
    staging, staged = lake.staging_dir(rid), Staged(upserts={"entities"})
    contrib = contributions(rng, i, 1, pool=30)
    entity = next(iter(contrib[0][0]))
    rows = {"articles": [article(i)], "mentions": [mention(i, entity)],
            "entities": merge_entities(touched_entities(lake, set(contrib[0][0])), contrib),
            "runs": [{"run_id": rid, "started_at": T0, "finished_at": T0, "status": "published", "inputs": [],
                      "articles_seen": 1, "articles_new": 1, "input_errors": 0, "model_name": "m",
                      "model_version": "1", "quarantined_rows": 0, "row_counts": {}}]}
    for table, table_rows in rows.items():
        staged.add(table, write_parquet_atomic(to_arrow(table, table_rows), staging / table / f"part-{i:016x}.parquet",
                                               {"dateline.model_name": "m"}))
    lake.publish(rid, staged)


def test_compaction_merges_every_table_in_one_swap_and_keeps_every_row(tmp_path, monkeypatch):
    monkeypatch.setenv("DATELINE_KEYED_PART_ROWS", "12")
    claim_data_dir(tmp_path)
    lake, rng, db = Lake(tmp_path), random.Random(5), tmp_path / "warehouse.duckdb"
    for i in range(40):
        small_run(lake, i, rng)
    load_warehouse(lake, db)
    before = {t: sorted(map(str, lake.read(t).to_pylist())) for t in TABLES}
    named_before = lake.manifest()
    assert len(named_before["articles"]) == 40 and plan(lake)
    swaps = []
    real_write = Lake._write_manifest
    with monkeypatch.context() as m:
        m.setattr(Lake, "_write_manifest", lambda self, *a: (swaps.append(1), real_write(self, *a)))
        summary = compact(lake, say=lambda _: None)
    assert len(swaps) == 1, "one manifest swap for every table"
    after = lake.manifest()
    assert {t: len(after[t]) for t in ("articles", "mentions", "runs")} == {"articles": 1, "mentions": 1, "runs": 1}
    assert summary["articles"] == (40, 1)
    assert {t: sorted(map(str, lake.read(t).to_pylist())) for t in TABLES} == before
    assert not plan(lake), "a compacted lake has nothing left to compact"
    # The replaced parts stay on disk, retired, until the grace period has passed.
    retired = lake.retired()
    assert set(retired) >= {r for rels in named_before.values() for r in rels} - {r for rels in after.values() for r in rels}
    assert all((lake.lake_dir / rel).is_file() for rel in retired)
    load_warehouse(lake, db)  # rows of the retired parts go by key, the merged parts' come in
    for t in TABLES:
        assert warehouse(db, t) == warehouse_from_scratch(lake, tmp_path / f"fresh-{t}.duckdb", t)
    lake.sweep()
    assert all((lake.lake_dir / rel).is_file() for rel in retired), "within the grace period"
    monkeypatch.setenv("DATELINE_RETIRE_GRACE_SECONDS", "0")
    lake.sweep()
    assert not lake.retired() and not any((lake.lake_dir / rel).exists() for rel in retired)
    assert {t: sorted(map(str, lake.read(t).to_pylist())) for t in TABLES} == before


def test_a_reader_of_the_manifest_before_a_compaction_can_read_every_file_it_named(tmp_path):
    claim_data_dir(tmp_path)
    lake, rng = Lake(tmp_path), random.Random(3)
    for i in range(5):
        small_run(lake, i, rng)
    named = [lake.lake_dir / rel for rels in lake.manifest().values() for rel in rels]
    compact(lake, say=lambda _: None)
    lake.sweep()  # the next run's sweep, within the grace period
    assert all(p.is_file() for p in named)
    with duckdb.connect() as con:  # an external reader's query over the list it took
        assert con.execute("SELECT count(*) FROM read_parquet(?)", [[str(p) for p in named if "articles/" in str(p)]]).fetchone() == (5,)


def test_references_are_looked_up_by_join_for_the_keys_the_batch_names(tmp_path):
    lake = Lake(tmp_path)
    published = Staged()
    published.add("articles", write_parquet_atomic(to_arrow("articles", [article(1), article(2)]),
                                                   lake.staging_dir("r1") / "articles" / "part-1.parquet", {}))
    lake.publish("r1", published)
    staged = Staged()
    staged.add("articles", write_parquet_atomic(to_arrow("articles", [article(3)]), lake.staging_dir("r2") / "articles" / "part-2.parquet", {}))
    assert lake.keys_present(staged, "articles", "article_id", {"a0001", "a0003", "a0009"}) == {"a0001", "a0003"}
    assert lake.keys_present(staged, "articles", "article_id", set()) == set()
    staged.replaces.add("articles")  # a full refresh: the published keys do not count
    assert lake.keys_present(staged, "articles", "article_id", {"a0001", "a0003"}) == {"a0003"}
    assert lake.known_articles([{"article_id": "a0009", "legacy_article_id": "a0002"}, ("bad.txt", "why")]) == {"a0002"}
