"""What `dateline run` does to get going sooner (`flows.startup`): the count of new articles it
starts workers for, the garbage collector held while it starts, and no spaCy in its own process."""
from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from flows.settings import Settings
from flows.startup import hold_collection, new_articles, release_collection
from warehouse.lake import Lake
from tests.test_lake import article, stage

REPO = Path(__file__).resolve().parents[1]


def test_new_articles_are_counted_as_ingest_counts_them(tmp_path):
    """Each new article once (an id repeated in the inputs, or its former id, counts once), none the
    lake holds (by either id), no input that could not be read; all of them on a full refresh."""
    settings = Settings(data_dir=tmp_path)
    lake = Lake(tmp_path)
    lake.publish("r1", stage(lake, "r1", [article(1)]))
    known = {"article_id": "a1"}
    formerly_known = {"article_id": "a9", "legacy_article_id": "a1"}
    new, again, renamed = {"article_id": "a2"}, {"article_id": "a2"}, {"article_id": "a3", "legacy_article_id": "a2"}
    broken = ("bad.txt", "not UTF-8 text")
    assert new_articles(settings, [known, formerly_known, new, again, renamed, broken]) == 1
    assert new_articles(settings, [{"article_id": "a3"}, {"article_id": "a4"}]) == 2
    assert new_articles(Settings(data_dir=tmp_path, full_refresh=True), [known, new, again]) == 2
    assert new_articles(settings, []) == 0


@pytest.fixture
def collector():
    was = gc.isenabled()
    yield
    gc.unfreeze()
    gc.enable() if was else gc.disable()


def test_the_collector_is_held_while_dateline_run_starts_and_runs_again_for_the_flow(collector):
    hold_collection(["query", "SELECT 1"])
    assert gc.isenabled(), "other commands collect as usual"
    hold_collection(["run", "inbox/"])
    assert not gc.isenabled()
    frozen = gc.get_freeze_count()
    release_collection()
    assert gc.isenabled() and gc.get_freeze_count() > frozen, "what start-up made is frozen, the collector on"
    frozen = gc.get_freeze_count()
    release_collection()
    # Nothing more is frozen (the count may fall: a frozen object freed by its reference count
    # leaves the permanent generation, which another thread of the test process can cause).
    assert gc.isenabled() and gc.get_freeze_count() <= frozen, "nothing more to do with the collector on"


def test_the_flow_imports_no_spacy():
    # The workers load the model; the run's own process folds entities and links names with
    # `transforms.entity_keys` only: spaCy there cost 0.4 CPU s of start-up and 63 MB.
    code = "import sys, flows.cli, flows.pipeline; assert 'spacy' not in sys.modules, 'spaCy imported'"
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
