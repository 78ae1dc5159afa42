"""The spaCy component contract: the assembled pipeline saves and loads like any spaCy pipeline,
and its components read their reference data wherever they are built."""
import pytest
import spacy


@pytest.mark.e2e
def test_the_assembled_pipeline_saved_to_disk_loads_with_spacy_load_and_gives_the_same_rows(nlp, tmp_path):
    """The spaCy component contract: `nlp.to_disk` then `spacy.load` (it crashed on its first
    document when the compiled ruler could not be saved)."""
    from pathlib import Path

    from transforms import extract

    sample = Path(__file__).resolve().parents[1] / "seeds" / "articles" / "huawei-executive-order.txt"
    text = sample.read_text(encoding="utf-8").split("\n—")[0]
    article = {"article_id": "a", "body": text, "published_at": None, "published_year": 2019}
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    assert loaded.get_pipe("attribute_ruler").compiled.rules  # compiled again from the saved patterns
    before, after = nlp(text), loaded(text)
    assert not after._.dl_errors
    assert [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in after] == [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in before]
    assert extract.rows_for(after, article) == extract.rows_for(before, article)
    assert extract.rows_for(after, article)["quotes"]


@pytest.mark.e2e
def test_components_find_their_reference_data_from_any_working_directory(tmp_path, monkeypatch):
    """A relative reference_dir (the factories' default) is the checkout's, not the cwd's."""
    from transforms.pipeline import register_extensions
    import transforms.entities  # noqa: F401 - the factories
    import transforms.events  # noqa: F401
    import transforms.quotes  # noqa: F401

    register_extensions()
    monkeypatch.chdir(tmp_path)  # no seeds/ here
    nlp = spacy.blank("en")
    for name in ("dateline_entities", "dateline_quotes", "dateline_events"):
        nlp.add_pipe(name)  # default config: "seeds/reference"
    assert nlp.pipe_names == ["dateline_entities", "dateline_quotes", "dateline_events"]
