"""Rule `lake_variant` (`transforms.lake_names.link_variant`): a one-word organization and the
lake's one headed long form of it ("Church of Zembla", "Zembla Corporation") are one entity.
Case tables on entities written by hand (invented names), and real runs on articles written for
this test."""
import pytest

from transforms.lake_names import (LinkRule, fold, link_variant, load_rules, load_variant_heads, relink,
                                   variant_short)
from transforms.reference_files import resolve_reference_dir

REF = resolve_reference_dir("seeds/reference")
HEADS = load_variant_heads(REF)
RULE = LinkRule("lake_variant", 0.9, 1, frozenset({"charles"}), frozenset({"mr", "mrs"}))

# (a long form's name, the word X it is a variant of, or None)
SHAPES = [
    ("Church of Zembla", "zembla"),
    ("the Church of the Zembrists", "zembrists"),
    ("Order of Zembla", "zembla"),
    ("Zembla Corporation", "zembla"),
    ("the Zembla Group", "zembla"),
    ("Zembla Inc", "zembla"),
    ("Zembla Inc.", "zembla"),
    ("Bank of Zembla", None),  # "Bank of England" is not England: Bank is no variant head
    ("University of Zembla", None),
    ("Zembla University", None),
    ("Zembla Music", None),  # a part of a larger body: "Sony Music" is not Sony
    ("Zembla Party", "zembla"),  # a party is its party: "Labour Party" / "Labour"
    ("Zembla Networks", None),  # "Sky Networks" is a part of Sky
    ("Church of Zembla Reform", None),  # X of one word only
    ("North Zembla Corporation", None),
    ("Corporation", None),
    ("Group Corporation", None),  # a head is no X
]


@pytest.mark.parametrize("name, short", SHAPES, ids=[s[0] for s in SHAPES])
def test_the_long_forms_the_heads_file_reads(name, short):
    assert variant_short(name, HEADS) == short


def entity(name, label="ORG", articles=1):
    return [{f"ent_{name.lower().replace(' ', '_')}": {"name": name, "label": label, "scope": "lake",
                                                       "mention_count": 2, "aliases": [name]}}] * articles


def person(name, articles=1):
    info = {"name": name, "label": "PERSON", "scope": "lake", "mention_count": 2, "aliases": [name, name.split()[-1]]}
    return [{"ent_person": info}] * articles


def row_of(*groups, short="zembla"):
    rows: dict = {}
    for group in groups:
        for per_article in group:
            fold(rows, per_article, HEADS)
    return rows.get(short)


CORP, ORG = entity("Zembla Corporation"), entity("Zembla")
BOTH = [{**CORP[0], **ORG[0]}]  # an article that writes "Zembla Corporation" and "Zembla" alone
MERGED = [{"ent_church_of_zembla": {**entity("Church of Zembla")[0]["ent_church_of_zembla"],
                                    "aliases": ["Church of Zembla", "Zembla"]}}]  # X merged into it in the article
# (why, the lake's articles, the long form the organization "Zembla" is linked to, or "")
LINK_CASES = [
    ("one long form, written with the word alone, no rival", [BOTH], "ent_zembla_corporation"),
    ("the word alone in another article too", [ORG, BOTH], "ent_zembla_corporation"),
    ("never written together: no evidence", [ORG, CORP], ""),
    ("a Church of X the article wrote X alone for", [ORG, MERGED], "ent_church_of_zembla"),
    ("two long forms compete", [BOTH, entity("Zembla Group")], ""),
    ("a place of the name in as many articles", [BOTH, entity("Zembla", "GPE")], ""),
    ("a place in 1 article of 10: 0.9 holds", [entity("Zembla", articles=8), BOTH, entity("Zembla", "GPE")],
     "ent_zembla_corporation"),
    ("a people of the name", [BOTH, entity("Zembla", "NORP")], ""),
    ("a full-name person the lake calls by the word", [BOTH, person("Ada Zembla")], ""),
    ("the word is short for another organization's name", [BOTH, entity("Daily Zembla")], ""),
    ("a longer name ending with the word is no rival", [entity("Zembla", articles=9), BOTH, entity("New Daily Zembla")],
     "ent_zembla_corporation"),
    ("no one-word organization", [CORP], ""),
    ("a long form that is no organization", [[{**entity("Zembla Corporation", "GPE")[0], **ORG[0]}]], ""),
    ("a head not in the file", [[{**entity("Zembla Museum")[0], **ORG[0]}]], ""),
]


@pytest.mark.parametrize("why, groups, target", LINK_CASES, ids=[c[0] for c in LINK_CASES])
def test_a_one_word_organization_is_linked_to_its_one_long_form(why, groups, target):
    row = row_of(*groups)
    assert row is not None and link_variant(row, RULE) == target


def test_a_given_name_or_demonym_is_never_linked():
    row = row_of([{**entity("Charles")[0], **entity("Charles Corporation")[0]}], short="charles")
    assert link_variant(row, RULE) == ""


def test_the_shipped_threshold_and_heads():
    rule = load_rules(REF)["lake_variant"]
    assert (rule.min_share, rule.min_articles) == (0.9, 1)
    assert HEADS["church"] == "of" and HEADS["corporation"] == "after" and "university" not in HEADS


RULES = {**{name: LinkRule(name, 0.9, 3) for name in ("lake_surname", "lake_org_name")},
         "lake_surname_listed": LinkRule("lake_surname_listed", 1, 4), "lake_variant": RULE}


def test_relink_makes_undoes_and_makes_again_the_link():
    row = row_of(ORG, CORP)
    assert relink(row, RULES) == {}  # no article writes both yet
    fold({"zembla": row}, BOTH[0], HEADS)
    assert relink(row, RULES) == {"ent_zembla": ("ent_zembla_corporation", "lake_variant")}
    assert relink(row, RULES) == {}  # decided
    fold({"zembla": row}, entity("Zembla Group")[0], HEADS)
    assert relink(row, RULES) == {"ent_zembla": (None, None)}  # a rival long form: undone
    fold({"zembla": row}, entity("Zembla Corporation")[0], HEADS)
    assert relink(row, RULES) == {}  # still two long forms
    row = row_of(BOTH)
    relink(row, RULES)
    fold({"zembla": row}, entity("Zembla", "GPE")[0], HEADS)
    assert relink(row, RULES) == {"ent_zembla": (None, None)}  # a town of the name: undone


def test_a_lone_person_the_organization_rule_links_goes_where_the_organization_goes():
    lone = {"name": "Zembla", "label": "PERSON", "scope": "article", "mention_count": 1, "aliases": ["Zembla"],
            "titles": [], "listed": False, "after_name": ""}
    row = row_of(ORG, ORG, ORG, [{"ent_z1": lone}], CORP)
    assert relink(row, RULES) == {"ent_z1": ("ent_zembla", "lake_org_name")}  # no article writes both yet
    fold({"zembla": row}, BOTH[0], HEADS)
    assert relink(row, RULES) == {"ent_zembla": ("ent_zembla_corporation", "lake_variant"),
                                  "ent_z1": ("ent_zembla_corporation", "lake_org_name")}  # links are followed one hop
    fold({"zembla": row}, entity("Zembla Group")[0], HEADS)
    assert relink(row, RULES) == {"ent_zembla": (None, None), "ent_z1": ("ent_zembla", "lake_org_name")}


def test_a_later_run_links_through_the_published_index_and_an_older_row_still_reads(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from schemas import SIDE_TABLES
    from warehouse.keyed import read_rows
    from warehouse.lake import Lake
    from warehouse.name_index import decide_links

    lake = Lake(tmp_path)
    first = decide_links(lake, "20260101T000000Z-aaaaaa", REF, ORG)
    assert first.links == {}
    lake.publish("20260101T000000Z-aaaaaa", first.staged())
    second = decide_links(lake, "20260102T000000Z-bbbbbb", REF, BOTH)
    assert second.links == {"ent_zembla": ("ent_zembla_corporation", "lake_variant")}
    lake.publish("20260102T000000Z-bbbbbb", second.staged())
    (row,) = read_rows(lake.lake_dir, "entity_names", lake.manifest()["entity_names"], {"zembla"}).to_pylist()
    assert (row["variant_ids"], row["variant_articles"], row["variant_short_articles"], row["org_link"]) == (
        ["ent_zembla_corporation"], [1], [1], "ent_zembla_corporation")
    third = decide_links(lake, "20260103T000000Z-cccccc", REF, entity("Zembla Group"))
    assert third.links == {"ent_zembla": (None, None)}
    # A part written before the rule (no variant columns): read as knowing no long form yet.
    old_schema = pa.schema([f for f in SIDE_TABLES["entity_names"].schema if f.name not in
                            ("variant_ids", "variant_articles", "variant_short_articles", "org_link", "tail_articles")])
    rel = lake.manifest()["entity_names"][0]
    table = pq.read_table(lake.lake_dir / rel).select(old_schema.names)
    pq.write_table(table, lake.lake_dir / rel)
    fourth = decide_links(lake, "20260104T000000Z-dddddd", REF, ORG)
    assert fourth.links == {}  # no long form known: no link, and no crash on the older row
    fifth = decide_links(lake, "20260105T000000Z-eeeeee", REF, BOTH)
    assert fifth.links == {"ent_zembla": ("ent_zembla_corporation", "lake_variant")}  # counted from then on


PROTEST = ("Protest outside court\n\nMembers of Scientology protested outside the city court on Friday after a judge "
           "ruled against the movement. A spokesman for Scientology said it would appeal against the ruling.\n")
CENTRE = ("New centre opens\n\nThe Church of Scientology opened a new centre in the city on Saturday. About 300 people "
          "attended the opening, Scientology said.\n")


def test_a_later_run_links_an_older_articles_short_name_and_the_warehouse_follows(prefect_harness, tmp_path):
    """Rule `lake_variant` on real runs (articles written for this test): the first run's article
    writes only "Scientology", an organization of its own; the second writes "the Church of
    Scientology" and then "Scientology" alone (the lake now calls the long form so), and the older
    entity is linked to it, its mentions carrying the long form's id."""
    import duckdb

    from flows.pipeline import run_pipeline
    from flows.settings import Settings

    for name, text in (("old", PROTEST), ("new", CENTRE)):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.txt").write_text(text, encoding="utf-8")
    data = tmp_path / "data"
    run_pipeline(Settings(inputs=(tmp_path / "old",), data_dir=data))
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("SELECT name, label, link_rule FROM entities").fetchall() == [("Scientology", "ORG", None)]
    run_pipeline(Settings(inputs=(tmp_path / "new",), data_dir=data))
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT name, link_rule, linked_entity_id FROM entities ORDER BY name").fetchall()
        (long_id,), = con.execute("SELECT entity_id FROM entities WHERE name = 'Church of Scientology'").fetchall()
        ids = con.execute("SELECT DISTINCT entity_id FROM mentions").fetchall()
    assert rows == [("Church of Scientology", None, None), ("Scientology", "lake_variant", long_id)]
    assert ids == [(long_id,)]  # the older article's mentions too, in the warehouse
