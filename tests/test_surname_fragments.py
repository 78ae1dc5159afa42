"""The BBC measure of issue #24 (`evaluation.surname_fragments`) on tables written by hand
(invented names)."""
import duckdb

from evaluation.surname_fragments import fragments


def test_fragments_are_unlinked_one_word_people_named_by_a_top_persons_surname():
    con = duckdb.connect()
    con.execute("CREATE TABLE entities (entity_id VARCHAR, name VARCHAR, label VARCHAR, mention_count INT, "
                "article_count INT, linked_entity_id VARCHAR)")
    con.execute("""INSERT INTO entities VALUES
        ('ent_ada', 'Ada Quill', 'PERSON', 40, 10, NULL), ('ent_bo', 'Bo Vance', 'PERSON', 30, 8, NULL),
        ('ent_cy', 'Cy Moss', 'PERSON', 2, 1, NULL), ('ent_zed', 'Zembla', 'PERSON', 90, 30, NULL),
        ('ent_q1', 'Quill', 'PERSON', 3, 1, NULL), ('ent_q2', 'QUILL', 'PERSON', 1, 1, NULL),
        ('ent_q3', 'Quill', 'PERSON', 2, 1, 'ent_ada'), ('ent_q4', 'Quill', 'ORG', 5, 1, NULL),
        ('ent_v1', 'Vance', 'PERSON', 4, 1, 'ent_other'), ('ent_m1', 'Moss', 'PERSON', 1, 1, NULL)""")
    con.execute("CREATE TABLE top_entities AS SELECT * FROM entities WHERE linked_entity_id IS NULL")
    people, found = fragments(con, top=2)
    assert [p[1] for p in people] == ["Ada Quill", "Bo Vance"]  # one-word "Zembla" is no full name; Cy Moss not in the top 2
    assert sorted((f.person, f.entity_id, f.mentions) for f in found) == [
        ("Ada Quill", "ent_q1", 3), ("Ada Quill", "ent_q2", 1),  # case does not matter; linked q3 and ORG q4 are not fragments
        ("Bo Vance", "ent_v1", 4)]  # linked to someone else: still apart from Bo Vance
