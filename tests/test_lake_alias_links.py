"""Rule `alias_table`: a name the alias table gives another entity after an older article was
stored ("New York City", now a row for "New York") is linked at lake level, so an old data dir
follows the new table (`transforms.lake_names.alias_rekeyed`, `warehouse.name_index.alias_links`).
Articles written for this test."""
import shutil

import duckdb
import pytest

from transforms.entities.keys import entity_id_for
from transforms.lake_names import alias_rekeyed, load_aliases
from transforms.reference_files import resolve_reference_dir

OLD = "The mayor of New York City, Ada Vance, opened a park on Monday. Vance said the city would keep growing.\n"
NEW = "Ada Vance, the mayor of New York City, declined to comment on Tuesday about the new budget.\n"


def test_a_written_name_the_alias_table_gives_another_entity_names_its_old_id():
    aliases, nicknames = load_aliases(resolve_reference_dir("seeds/reference"))
    new_york = entity_id_for("GPE", "New York")
    per_article = {new_york: {"name": "New York", "label": "GPE", "aliases": ["New York City", "New York", "NYC"]}}
    old = alias_rekeyed(per_article, aliases, nicknames)
    assert old[entity_id_for("GPE", "New York City")] == new_york
    assert old[entity_id_for("ORG", "NYC")] == new_york and old[entity_id_for("GPE", "NYC")] == new_york  # one word: any label
    assert entity_id_for("GPE", "New York") not in old  # the name itself
    # a name the table does not give this entity, or an entity of no alias, names no old id
    vance = {"ent_v": {"name": "Ada Vance", "label": "PERSON", "aliases": ["Ada Vance", "Vance"]}}
    assert alias_rekeyed(vance, aliases, nicknames) == {}


@pytest.mark.e2e
def test_an_older_articles_entity_is_linked_when_a_later_run_writes_the_name(prefect_harness, tmp_path):
    from flows.pipeline import run_pipeline
    from flows.settings import Settings

    shipped = resolve_reference_dir("seeds/reference")
    before = tmp_path / "reference"  # the alias table as it was: no New York City row
    shutil.copytree(shipped, before)
    table = before / "entity_aliases.csv"
    table.write_text("".join(line for line in table.read_text(encoding="utf-8").splitlines(keepends=True)
                             if not line.startswith(("New York City,", "NYC,"))), encoding="utf-8")
    for name, text in (("old", OLD), ("new", NEW)):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.txt").write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    run_pipeline(Settings(inputs=(tmp_path / "old",), data_dir=data, reference_dir=before))
    run_pipeline(Settings(inputs=(tmp_path / "new",), data_dir=data, reference_dir=shipped))
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        links = con.execute("SELECT name, linked_entity_id, link_rule FROM entities WHERE link_rule IS NOT NULL").fetchall()
        mentions = con.execute("SELECT DISTINCT entity_id FROM mentions WHERE text = 'New York City'").fetchall()
    assert links == [("New York City", entity_id_for("GPE", "New York"), "alias_table")]
    assert mentions == [(entity_id_for("GPE", "New York"),)]  # both articles' mentions, in the warehouse
