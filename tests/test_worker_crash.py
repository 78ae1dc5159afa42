"""A worker process that dies on an article (a crash in native code, the kernel's out-of-memory
killer) fails that article only (`flows.workers.Workers`), in a real run on two spawned workers;
a run that dies in its own process reads that batch on a worker of its own next time.

The death is real: a pipeline written to disk with one extra component that SIGKILLs its own
process on a marked article. Spawned workers register that component through a
``sitecustomize`` module on their PYTHONPATH, as any installed spaCy plugin would be."""
import importlib.util
import os
import sys
from pathlib import Path

import duckdb
import pytest

from flows.pipeline import run_pipeline
from flows.settings import Settings
from flows.workers import WORKER_DIED

pytestmark = pytest.mark.e2e
MARK = "WORKER-DIES-HERE"
PLUGIN = f'''
import os, signal


def _register():
    from spacy.language import Language

    @Language.component("dateline_test_dies_on_mark")
    def dies_on_mark(doc):
        if "{MARK}" in doc.text:
            os.kill(os.getpid(), signal.SIGKILL)
        return doc


_register()
'''
# Short articles written for this test.
ARTICLES = [
    "Maria Lopez, the mayor of Springfield, said on Monday that the city would open two new libraries.",
    "The Springfield Council met on Tuesday. Council member Tom Baker said the plan would cost more.",
    f"Ohio officials said the grant was approved in March. {MARK}",
    "Governor Ann Reed visited the new library on Friday and thanked the volunteers.",
    "Tom Baker said the council would vote on the budget next week.",
]


@pytest.fixture
def dying_model(tmp_path, monkeypatch):
    """(model dir, plugin dir): the default English pipeline plus the component that dies."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "sitecustomize.py").write_text(PLUGIN, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("dateline_test_plugin", plugins / "sitecustomize.py")
    spec.loader.exec_module(importlib.util.module_from_spec(spec))  # registered here too, to build it
    from transforms.pipeline import load_model

    nlp = load_model(None)
    nlp.add_pipe("dateline_test_dies_on_mark", first=True)
    nlp.to_disk(tmp_path / "model")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(plugins), *sys.path]))
    return tmp_path / "model"


def write_inbox(inbox):
    """ARTICLES as one text file each, 0.txt to 4.txt."""
    inbox.mkdir()
    for i, text in enumerate(ARTICLES):
        (inbox / f"{i}.txt").write_text(text + "\n", encoding="utf-8")
    return inbox


def test_a_worker_dying_on_an_article_fails_that_article_only(prefect_harness, dying_model, tmp_path):
    inbox = write_inbox(tmp_path / "inbox")
    data = tmp_path / "data"
    summary = run_pipeline(Settings(inputs=(inbox,), data_dir=data, model=str(dying_model), processes=2, batch_size=2))
    assert summary["status"] == "published", summary
    [(source, reason)] = summary["errors"]
    assert source.endswith("2.txt") and reason == WORKER_DIED
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        bodies = [r[0] for r in con.execute("SELECT body FROM articles ORDER BY body").fetchall()]
        assert len(bodies) == 4 and not any(MARK in b for b in bodies)
        assert con.execute("SELECT count(DISTINCT article_id) FROM mentions").fetchone()[0] == 4


def test_a_run_that_died_in_its_own_process_reads_those_articles_on_a_worker_next_time(prefect_harness, dying_model, tmp_path):
    import json
    import subprocess

    from flows.workers import EXTRACTING

    inbox = write_inbox(tmp_path / "inbox")
    data = tmp_path / "data"
    # Few articles: extraction runs in the run's own process, and the crash ends the run.
    died = subprocess.run([sys.executable, "-m", "flows.cli", "run", str(inbox), "--data-dir", str(data),
                           "--model", str(dying_model), "--processes", "1"], cwd=Path(__file__).resolve().parents[1],
                          capture_output=True, timeout=600)
    assert died.returncode == -9, died.stderr[-2000:]
    marker = data / "staging" / EXTRACTING
    assert len(json.loads(marker.read_text())["article_ids"]) == len(ARTICLES)  # the batch it was reading
    summary = run_pipeline(Settings(inputs=(inbox,), data_dir=data, model=str(dying_model), processes=1))
    assert summary["status"] == "published", summary
    [(source, reason)] = summary["errors"]
    assert source.endswith("2.txt") and reason == WORKER_DIED
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(DISTINCT article_id) FROM mentions").fetchone()[0] == 4
    # the article a worker died on stays suspect: a later run reads it on a worker again
    [suspect] = json.loads(marker.read_text())["article_ids"]
    again = run_pipeline(Settings(inputs=(inbox,), data_dir=data, model=str(dying_model), processes=1))
    assert again["errors"] == summary["errors"] and json.loads(marker.read_text())["article_ids"] == [suspect]
