"""The warehouse points rows of an entity the lake linked at lake level at its target
(`warehouse.load.apply_links`), and `top_entities` counts them there."""
import duckdb

from schemas import TABLES
from warehouse.ddl import create_table
from warehouse.load import VIEWS_SQL, apply_links, load_marks


def warehouse():
    con = duckdb.connect()
    con.execute("CREATE SCHEMA dateline_meta")
    for table in TABLES.values():
        for statement in create_table(table):
            con.execute(statement)
    entity = ("INSERT INTO entities (entity_id, name, label, aliases, mention_count, article_count, first_seen, last_seen, "
              "linked_entity_id, link_rule) VALUES (?, ?, ?, ?, ?, ?, TIMESTAMPTZ '2026-01-01 00:00:00+00', "
              "TIMESTAMPTZ '2026-01-02 00:00:00+00', ?, ?)")
    con.execute(entity, ["ent_full", "Ada Quill", "PERSON", ["Ada Quill", "Quill"], 3, 2, None, None])
    con.execute(entity, ["ent_lone", "Quill", "PERSON", ["Quill"], 2, 1, "ent_full", "lake_surname"])
    con.execute(entity, ["ent_other", "Bo Vance", "PERSON", ["Bo Vance"], 1, 1, None, None])
    mention = "INSERT INTO mentions VALUES (?, ?, ?, ?, 'PERSON', 0, 5)"
    for i, (article, eid) in enumerate([("a1", "ent_full"), ("a1", "ent_full"), ("a2", "ent_full"),
                                        ("a3", "ent_lone"), ("a3", "ent_lone"), ("a3", "ent_other")]):
        con.execute(mention, [f"{article}:{i}", article, eid, "Quill"])
    return con


def test_linked_mentions_carry_the_target_and_counts_add_up():
    con = warehouse()
    apply_links(con)
    assert con.execute("SELECT entity_id, count(*) FROM mentions GROUP BY 1 ORDER BY 1").fetchall() == [
        ("ent_full", 5), ("ent_other", 1)]
    apply_links(con)  # a second load changes nothing
    assert con.execute("SELECT count(*) FROM mentions WHERE entity_id = 'ent_full'").fetchone() == (5,)
    assert con.execute("SELECT sum(mention_count) FROM entities").fetchone() == (6,)  # = mention rows
    con.execute(VIEWS_SQL.read_text())
    assert con.execute("SELECT name, mention_count, article_count, lake_links, aliases FROM top_entities "
                       "ORDER BY 2 DESC").fetchall() == [("Ada Quill", 5, 3, 1, ["Ada Quill", "Quill"]),
                                                          ("Bo Vance", 1, 1, 0, ["Bo Vance"])]
    assert con.execute("SELECT count(*) FROM entities WHERE link_rule IS NULL").fetchone() == (2,)


def test_a_later_load_moves_only_new_rows_unless_a_link_reaches_older_ones():
    con = warehouse()
    apply_links(con)
    marks = load_marks(con, {"mentions", "quotes", "event_arguments", "articles", "entities"})
    con.execute("INSERT INTO mentions VALUES ('a4:0', 'a4', 'ent_lone', 'Quill', 'PERSON', 0, 5)")
    apply_links(con, marks)  # no new link: only the rows loaded now are looked at
    assert con.execute("SELECT entity_id FROM mentions WHERE mention_id = 'a4:0'").fetchone() == ("ent_full",)
    # a run links Bo Vance's older lone row (seen before the load) to someone: the whole column moves
    marks = load_marks(con, {"mentions", "quotes", "event_arguments", "articles", "entities"})
    con.execute("UPDATE entities SET linked_entity_id = 'ent_full', link_rule = 'lake_surname' WHERE entity_id = 'ent_other'")
    apply_links(con, marks)
    assert con.execute("SELECT count(*) FROM mentions WHERE entity_id = 'ent_other'").fetchone() == (0,)


def test_a_link_undone_or_moved_gives_the_rows_the_articles_id_back_from_the_lake(tmp_path):
    """A run undoes a link (a rival bearer grew) or moves it to another bearer: the rows moved for
    it take the article's id and label back from the lake's parts, then follow the new link."""
    con = warehouse()
    parts = {"mentions": [str(tmp_path / "mentions.parquet")]}
    con.execute(f"COPY (SELECT * FROM mentions) TO '{parts['mentions'][0]}' (FORMAT parquet)")  # the lake's part
    con.execute("UPDATE entities SET label = 'ORG' WHERE entity_id = 'ent_full'")
    apply_links(con, None, parts)
    assert con.execute("SELECT DISTINCT entity_id, label FROM mentions WHERE article_id = 'a3' AND mention_id < 'a3:5'").fetchall() == [
        ("ent_full", "ORG")]
    tables = {"mentions", "quotes", "event_arguments", "articles", "entities"}

    def relinked(target):
        marks = load_marks(con, tables)
        con.execute("UPDATE entities SET linked_entity_id = ?, link_rule = ? WHERE entity_id = 'ent_lone'",
                    [target, target and "lake_surname"])
        apply_links(con, marks, parts)
        return con.execute("SELECT entity_id, label, count(*) FROM mentions GROUP BY ALL ORDER BY ALL").fetchall()

    assert relinked(None) == [("ent_full", "PERSON", 3), ("ent_lone", "PERSON", 2), ("ent_other", "PERSON", 1)]
    assert relinked("ent_other") == [("ent_full", "PERSON", 3), ("ent_other", "PERSON", 3)]
    assert relinked("ent_full") == [("ent_full", "ORG", 2), ("ent_full", "PERSON", 3), ("ent_other", "PERSON", 1)]
    assert relinked("ent_full") == [("ent_full", "ORG", 2), ("ent_full", "PERSON", 3), ("ent_other", "PERSON", 1)]
