"""Near-duplicates (#21 item 7): MinHash LSH over word shingles, the index kept in the data dir
and published with the lake's manifest, so a later run finds the versions of a story stored
before; a run that fails leaves the index as it was. Texts written for these tests."""
from datetime import datetime, timezone

import duckdb
import pyarrow.parquet as pq
import pytest

from test_ingest_formats import PARAGRAPHS
from transforms.articles import finish
import numpy as np

from transforms.duplicates import NUM_PERM, Index, band_keys, band_matches, bands, mark, shingles, signature
from warehouse.duplicates import KEY, load_index, mark_batch, stage_index
from warehouse.lake import Lake, Staged, claim_data_dir, to_arrow, write_parquet_atomic
from warehouse.load import load_warehouse

STORY = "\n".join(PARAGRAPHS)
# The same story again with its last paragraph corrected, and again with a paragraph added.
CORRECTED = "\n".join(PARAGRAPHS[:-1] + ["The council will spend £2.6m on a new crossing, which it now expects to open within four years."])
LONGER = CORRECTED + "\nA public meeting about the closure will be held in the town hall on Thursday evening."
OTHER = ("The county cricket club named a new captain on Friday after a season in which the side "
         "finished bottom of the second division.\nThe new captain, a bowler who joined from a rival club "
         "three years ago, said the players would train through the winter.\nMembers will vote on a new "
         "pavilion at the annual meeting in March.")
NOW = datetime(2019, 3, 6, tzinfo=timezone.utc)


def article(body, name):
    return {**finish({"body": body, "source_uri": name}), "language": "en", "ingested_at": NOW}


def test_shingles_are_word_runs_whatever_the_case_and_punctuation():
    assert shingles("The Bridge, closed. to lorries from spring", size=3) == {
        b"the bridge closed", b"bridge closed to", b"closed to lorries", b"to lorries from", b"lorries from spring"}
    assert shingles("Two words", size=5) == {b"two words"}


def test_versions_of_a_story_point_to_the_first_seen_one_and_other_stories_to_none():
    a, b, c, d = (article(t, n) for t, n in ((STORY, "a"), (OTHER, "b"), (CORRECTED, "c"), (LONGER, "d")))
    pairs = mark(Index(), [a, b, c, d])
    assert [x["duplicate_of"] for x in (a, b, c, d)] == [None, None, a["article_id"], a["article_id"]]
    assert 0.5 <= c["duplicate_similarity"] < 1 and a["duplicate_similarity"] is None
    # d is closest to c (its source), but names the cluster's first article
    assert [(p[0], p[1]) for p in pairs] == [(a["article_id"], c["article_id"]), (c["article_id"], d["article_id"])]


def test_candidates_are_the_signatures_that_share_a_band():
    b, r = bands()
    base = np.arange(NUM_PERM, dtype=np.uint32)
    one_band = base + 1000  # every value differs ...
    one_band[3 * r:4 * r] = base[3 * r:4 * r]  # ... but the fourth band
    off_by_one = base.copy()
    off_by_one[[j * r for j in range(b)]] += 1  # one value of every band differs
    hits = band_matches(np.vstack([base, one_band, off_by_one]), band_keys(base[None, :]))
    assert hits.tolist() == [True, True, False]


def publish_run(lake, run_id, articles, full_refresh=False):
    """What a run does to the lake for these articles: mark, stage articles and index, publish."""
    index, pairs = mark_batch(lake, articles, full_refresh)
    staged = Staged(replaces={"articles"} if full_refresh else set())
    staged.add("articles", write_parquet_atomic(to_arrow("articles", articles),
                                                lake.staging_dir(run_id) / "articles" / f"part-{run_id}.parquet", {}))
    staged.merge(stage_index(lake, run_id, index, staged, full_refresh))
    lake.publish(run_id, staged)
    return pairs


@pytest.fixture
def lake(tmp_path):
    claim_data_dir(tmp_path / "data")
    return Lake(tmp_path / "data")


def test_a_later_run_finds_the_version_stored_before_and_the_warehouse_counts_the_story_once(lake):
    first, other = article(STORY, "a"), article(OTHER, "b")
    assert publish_run(lake, "20190306T000000Z-aaaaaa", [first, other]) == []
    again = article(CORRECTED, "c")
    [(earlier, later, sim)] = publish_run(lake, "20190306T000001Z-bbbbbb", [again])
    assert (earlier, later, again["duplicate_of"]) == (first["article_id"], again["article_id"], first["article_id"])
    assert len(load_index(lake).entries) == 3 and len(lake.files(KEY)) == 2
    load_warehouse(lake, lake.root / "warehouse.duckdb", say=lambda _: None)
    con = duckdb.connect(str(lake.root / "warehouse.duckdb"), read_only=True)
    stories = con.execute("SELECT story_id, versions FROM stories ORDER BY versions DESC").fetchall()
    con.close()
    assert stories == [(first["article_id"], 2), (other["article_id"], 1)]


def test_a_run_reads_only_the_entries_that_can_match_its_articles(lake):
    first, other = article(STORY, "a"), article(OTHER, "b")
    publish_run(lake, "20190306T000000Z-aaaaaa", [first, other])
    index = load_index(lake, signature(CORRECTED)[None, :])
    assert set(index.entries) == {first["article_id"]} and index.next_seq == 2
    assert set(load_index(lake).entries) == {first["article_id"], other["article_id"]}
    [(earlier, _, _)] = publish_run(lake, "20190306T000001Z-bbbbbb", [article(LONGER, "d")])
    assert earlier == first["article_id"] and len(load_index(lake).entries) == 3


def test_a_failed_run_leaves_the_index_as_it_was(lake):
    first = article(STORY, "a")
    publish_run(lake, "20190306T000000Z-aaaaaa", [first])
    manifest = lake.manifest()
    index, _ = mark_batch(lake, [article(OTHER, "b")])
    part = stage_index(lake, "20190306T000001Z-bbbbbb", index, Staged(parts={}), False)
    assert part.parts == {}  # the run's articles were never staged: no entry for them
    # A run that died after moving its index part into the lake, before the manifest swap:
    stray = lake.lake_dir / KEY / "part-20190306T000001Z-bbbbbb.parquet"
    pq.write_table(pq.read_table(lake.files(KEY)[0]), stray)
    keep = lake.lake_dir / KEY / "notes.txt"  # not Dateline's: never deleted
    keep.write_text("mine")
    assert set(load_index(lake).entries) == {first["article_id"]}
    assert lake.manifest() == manifest and not stray.exists() and keep.read_text() == "mine"


def test_a_data_dir_without_an_index_is_signed_from_its_stored_bodies(lake):
    old = article(STORY, "a")
    staged = Staged()
    staged.add("articles", write_parquet_atomic(to_arrow("articles", [old]).drop_columns(["duplicate_of", "duplicate_similarity"]),
                                                lake.staging_dir("r1") / "articles" / "part-main.parquet", {}))
    lake.publish("r1", staged)
    assert lake.files(KEY) == []
    new = article(CORRECTED, "c")
    publish_run(lake, "20190306T000001Z-bbbbbb", [new])
    assert new["duplicate_of"] == old["article_id"]
    assert set(load_index(lake).entries) == {old["article_id"], new["article_id"]}


def test_a_full_refresh_rebuilds_the_index_from_what_it_reads(lake):
    publish_run(lake, "20190306T000000Z-aaaaaa", [article(STORY, "a")])
    fresh = article(CORRECTED, "c")
    publish_run(lake, "20190306T000001Z-bbbbbb", [fresh], full_refresh=True)
    assert fresh["duplicate_of"] is None and set(load_index(lake).entries) == {fresh["article_id"]}


@pytest.mark.e2e
def test_runs_mark_a_later_version_and_extract_it_too(prefect_harness, tmp_path):
    from flows.pipeline import run_pipeline
    from flows.settings import Settings

    inbox, data = tmp_path / "inbox", tmp_path / "data"
    inbox.mkdir()
    (inbox / "a.txt").write_text(STORY, encoding="utf-8")
    (inbox / "b.txt").write_text(OTHER, encoding="utf-8")
    run_pipeline(Settings(inputs=(inbox,), data_dir=data))
    (inbox / "c.txt").write_text(CORRECTED, encoding="utf-8")
    second = run_pipeline(Settings(inputs=(inbox,), data_dir=data))
    assert second["articles_new"] == 1
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    rows = dict(con.execute("SELECT regexp_extract(source_uri, '[a-z]\\.txt$'), duplicate_of FROM articles").fetchall())
    first_id = con.execute("SELECT article_id FROM articles WHERE source_uri LIKE '%a.txt'").fetchone()[0]
    mentions = con.execute("SELECT count(*) FROM mentions JOIN articles USING (article_id) "
                           "WHERE source_uri LIKE '%c.txt'").fetchone()[0]
    stories = con.execute("SELECT count(*), sum(versions) FROM stories").fetchone()
    con.close()
    assert rows == {"a.txt": None, "b.txt": None, "c.txt": first_id}
    assert mentions > 0 and stories == (2, 3)


def test_the_shared_permutations_give_the_signature_a_fresh_minhash_gives():
    from datasketch import MinHash

    from transforms.duplicates import NUM_PERM, SCHEME, SEED, shingles, signature

    body = "The council met on Tuesday and voted to open two new libraries in the north of the city."
    fresh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    fresh.update_batch(list(shingles(body)))
    assert (signature(body) == fresh.hashvalues).all()
    assert (signature(body + " Again.") != fresh.hashvalues).any()
