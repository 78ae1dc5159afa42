"""Lake-level links of one-word person names (`transforms.lake_names`), rule by rule, on
entities written by hand (invented names)."""
import pytest

from transforms.lake_names import LinkRule, fold, link, link_org, load_rules, short_uses
from transforms.reference_files import resolve_reference_dir

RULE = LinkRule("lake_surname", 0.9, 3, frozenset({"charles"}), frozenset({"mr", "mrs", "ms"}))


def full(name, gender="", short=True, titles=()):
    """A full-name person as an article's `dl_entities` gives it, written by its surname too."""
    return {"name": name, "label": "PERSON", "scope": "lake", "mention_count": 2, "gender": gender,
            "aliases": [name] + ([name.split()[-1]] if short else []), "titles": list(titles)}


def lone(name, gender="", titles=(), listed=False, after_name=""):
    return {"name": name, "label": "PERSON", "scope": "article", "mention_count": 1, "gender": gender,
            "aliases": [name], "titles": list(titles), "listed": listed, "after_name": after_name}


def lake(*articles):
    rows = {}
    for per_article in articles:
        fold(rows, per_article)
    return rows


def test_a_dominant_bearer_takes_the_lone_surname():
    rows = lake(*[{"ent_ada": full("Ada Quill", "female")} for _ in range(3)], {"ent_q1": lone("Quill", "female")})
    assert link(rows["quill"], RULE) == {"ent_q1": "ent_ada"}
    assert rows["quill"]["lone_links"] == ["ent_ada"]
    assert link(rows["quill"], RULE) == {}  # made once


def test_too_few_articles_or_a_rival_leave_it_alone():
    few = lake(*[{"ent_ada": full("Ada Quill")} for _ in range(2)], {"ent_q1": lone("Quill")})
    assert link(few["quill"], RULE) == {}
    rival = lake(*[{"ent_ada": full("Ada Quill")} for _ in range(9)], {"ent_bo": full("Bo Quill")},
                 {"ent_q1": lone("Quill")})
    assert link(rival["quill"], RULE) == {"ent_q1": "ent_ada"}  # 9 of 10 articles: 0.9 holds
    rival = lake(*[{"ent_ada": full("Ada Quill")} for _ in range(8)], {"ent_bo": full("Bo Quill")},
                 {"ent_q1": lone("Quill")})
    assert link(rival["quill"], RULE) == {}  # 8 of 9: below 0.9


def test_only_articles_that_write_the_bearer_by_the_surname_count():
    rows = lake(*[{"ent_ada": full("Ada Quill", short=False)} for _ in range(5)], {"ent_q1": lone("Quill")})
    assert link(rows["quill"], RULE) == {}


def test_gender_titles_lists_and_given_names_must_agree():
    base = [{"ent_ada": full("Ada Quill", "female", titles=["president"])} for _ in range(3)]
    cases = [(lone("Quill", "male"), {}), (lone("Quill", "female"), {"ent_q1": "ent_ada"}),
             (lone("Quill", titles=["baroness"]), {}), (lone("Quill", titles=["president"]), {"ent_q1": "ent_ada"}),
             (lone("Quill", listed=True), {}), (lone("Quill", after_name="name"), {}),
             (lone("Quill", after_name="initial"), {"ent_q1": "ent_ada"})]
    for entity, expected in cases:
        assert link(lake(*base, {"ent_q1": entity})["quill"], RULE) == expected, entity
    unknown = [{"ent_bo": full("Bo Quill")} for _ in range(3)]
    assert link(lake(*unknown, {"ent_q1": lone("Quill", "female")})["quill"], RULE) == {}
    given = [{"ent_ray": full("Ray Charles")} for _ in range(3)]
    assert link(lake(*given, {"ent_c1": lone("Charles")})["charles"], RULE) == {}


def test_a_lone_name_with_titles_counts_only_the_bearers_written_with_them():
    # Gil Quill the chancellor holds 8 of 10 articles written "Quill": too few for an untitled
    # "Quill", but every bearer the lake writes "Mr Quill" is him.
    base = [{"ent_gil": full("Gil Quill", "male", titles=["mr", "chancellor"])} for _ in range(8)] + \
        [{"ent_bo": full("Bo Quill", "male")} for _ in range(2)]
    cases = [(lone("Quill"), {}), (lone("Quill", "male", titles=["mr"]), {"ent_q1": "ent_gil"}),
             (lone("Quill", titles=["chancellor"]), {"ent_q1": "ent_gil"}),
             (lone("Quill", "female", titles=["mrs"]), {}), (lone("Quill", titles=["mr", "coach"]), {})]
    for entity, expected in cases:
        assert link(lake(*base, {"ent_q1": entity})["quill"], RULE) == expected, entity
    rival = base + [{"ent_bo": full("Bo Quill", "male", titles=["mr"])}]  # Bo written "Mr" once: 8 of 11 then
    assert link(lake(*rival, {"ent_q1": lone("Quill", "male", titles=["mr"])})["quill"], RULE) == {}


def test_a_later_bearer_links_earlier_lone_names():
    rows = lake({"ent_q1": lone("Quill")}, {"ent_q2": lone("Quill")})
    assert link(rows["quill"], RULE) == {}
    for _ in range(3):
        fold(rows, {"ent_ada": full("Ada Quill")})
    assert link(rows["quill"], RULE) == {"ent_q1": "ent_ada", "ent_q2": "ent_ada"}


def test_a_bearer_written_with_a_word_before_the_full_name_counts_for_it():
    # "Briton Ada Quill": the model took a word before the name into it; its article calls her
    # "Quill" too and counts for Ada Quill, not as a rival (9 of 9 articles, not 8 of 9).
    base = [{"ent_ada": full("Ada Quill")} for _ in range(8)]
    briton, bo = {"ent_ba": full("Briton Ada Quill")}, {"ent_bo": full("Bo Quill")}
    cases = [([briton], {"ent_q1": "ent_ada"}),
             ([bo], {}),  # another person: a rival
             ([{"ent_ba": full("Briton Bo Quill")}], {}),  # a word before no bearer's full name: a rival too
             ([briton, bo], {"ent_q1": "ent_ada"}),  # 9 of 10
             ([briton, bo, bo], {})]  # 9 of 11: the rival still counts
    for extra, expected in cases:
        assert link(lake(*base, *extra, {"ent_q1": lone("Quill")})["quill"], RULE) == expected, extra
    rows = lake(*base, {"ent_ba": full("Briton Ada Quill")})
    assert short_uses(rows["quill"]) == [9, 0] and rows["quill"]["bearer_short_articles"] == [8, 1]


LISTED = LinkRule("lake_surname_listed", 1.0, 4, frozenset({"charles"}), frozenset({"mr", "mrs", "ms"}))


def test_a_name_only_in_a_list_links_to_the_one_bearer_the_lake_calls_by_it():
    base = [{"ent_ada": full("Ada Quill", "female")} for _ in range(4)]
    cases = [(base, lone("Quill", listed=True), {"ent_q1": "ent_ada"}),
             (base, lone("Quill", listed=True, after_name="initial"), {"ent_q1": "ent_ada"}),  # "A Quill"
             (base[:3], lone("Quill", listed=True), {}),  # 3 articles: too few for a list
             (base + [{"ent_bo": full("Bo Quill")}], lone("Quill", listed=True), {}),  # a rival, however small
             (base + [{"ent_bo": full("Bo Quill", short=False)}], lone("Quill", listed=True), {"ent_q1": "ent_ada"}),
             (base, lone("Quill", "male", listed=True), {}),  # "Mr Quill" in a list is not Ada
             (base, lone("Quill", listed=True, after_name="name"), {}),  # the tail of another name
             (base, lone("Quill"), {})]  # not in a list: lake_surname's to decide, not this rule's
    for articles, entity, expected in cases:
        assert link(lake(*articles, {"ent_q1": entity})["quill"], LISTED, listed=True) == expected, entity
    assert link(lake(*base, {"ent_q1": lone("Quill", listed=True)})["quill"], RULE) == {}  # lake_surname leaves lists alone


def test_the_shipped_thresholds():
    rules = load_rules(resolve_reference_dir("seeds/reference"))
    rule = rules["lake_surname"]
    assert (rule.min_share, rule.min_articles) == (0.9, 3)
    assert (rules["lake_surname_listed"].min_share, rules["lake_surname_listed"].min_articles) == (1.0, 4)
    assert {"charles", "welsh"} <= rule.given_names and "mrs" in rule.gendered


def org(name):
    return {"name": name, "label": "ORG", "scope": "lake", "mention_count": 3, "aliases": [name]}


def test_a_lone_person_the_lake_knows_as_an_organization_is_that_organization():
    rows = lake(*[{"ent_org": org("Zembla")} for _ in range(3)], {"ent_z1": lone("Zembla")},
                {"ent_z2": lone("Zembla", "male")})
    assert link(rows["zembla"], RULE) == {}
    assert link_org(rows["zembla"], RULE) == {"ent_z1": "ent_org"}  # "Mr Zembla" is someone
    few = lake(*[{"ent_org": org("Zembla")} for _ in range(2)], {"ent_z1": lone("Zembla")})
    assert link_org(few["zembla"], RULE) == {}
    tails = lake(*[{"ent_org": org("Zembla")} for _ in range(3)], {"ent_z1": lone("Zembla", after_name="initial")},
                 {"ent_z2": lone("Zembla", after_name="name")})
    assert link_org(tails["zembla"], RULE) == {}  # "S Zembla" is a person, "Acme Zembla" another name
    place = {**org("Zembla"), "label": "GPE"}
    rival = lake(*[{"ent_org": org("Zembla")} for _ in range(3)], {"ent_gpe": place}, {"ent_z1": lone("Zembla")})
    assert link_org(rival["zembla"], RULE) == {}  # the town Zembla competes with the club: 3 of 4
    demonym = lake(*[{"ent_org": org("Charles")} for _ in range(3)], {"ent_c1": lone("Charles")})
    assert link_org(demonym["charles"], RULE) == {}  # a given name or demonym: RULE.given_names


def test_a_later_run_links_an_earlier_runs_lone_name_through_the_published_index(tmp_path):
    from warehouse.lake import Lake
    from warehouse.name_index import decide_links

    lake, ref = Lake(tmp_path), resolve_reference_dir("seeds/reference")
    first = decide_links(lake, "20260101T000000Z-aaaaaa", ref, [{"ent_q1": lone("Quill")}])
    assert first.links == {}
    lake.publish("20260101T000000Z-aaaaaa", first.staged())
    second = decide_links(lake, "20260102T000000Z-bbbbbb", ref, [{"ent_ada": full("Ada Quill")} for _ in range(3)])
    assert second.links == {"ent_q1": ("ent_ada", "lake_surname")}
    lake.publish("20260102T000000Z-bbbbbb", second.staged())
    from warehouse.keyed import read_rows
    (row,) = read_rows(lake.lake_dir, "entity_names", lake.manifest()["entity_names"], {"quill"}).to_pylist()
    assert row["lone_ids"] == [] and row["bearer_short_articles"] == [3]  # a linked one leaves the row
    third = decide_links(lake, "20260103T000000Z-cccccc", ref, [{"ent_q2": lone("Quill")}, {"ent_bo": full("Bo Vance")}])
    assert third.links == {"ent_q2": ("ent_ada", "lake_surname")}  # the published row, not just this run's
    fourth = decide_links(lake, "20260104T000000Z-dddddd", ref, [{"ent_q3": lone("Quill", listed=True)}])
    assert fourth.links == {}  # a list needs 4 articles
    lake.publish("20260104T000000Z-dddddd", fourth.staged())
    fifth = decide_links(lake, "20260105T000000Z-eeeeee", ref, [{"ent_ada": full("Ada Quill")}])
    assert fifth.links == {"ent_q3": ("ent_ada", "lake_surname_listed")}  # an older list's name, by the next run


def test_the_lake_votes_labels_with_organization_evidence_outweighing_guesses():
    from datetime import datetime, timezone

    from transforms.extract import merge_entities

    at = datetime(2026, 1, 1, tzinfo=timezone.utc)

    def article(label, evidence=False):
        return ({"ent_z": {"name": "Zeta Dem", "label": label, "aliases": ["Zeta Dem"], "mention_count": 1,
                           **({"org_evidence": True} if evidence else {})}}, at)

    (row,) = merge_entities([], [article("PERSON"), article("PERSON"), article("ORG", evidence=True)])
    assert (row["label"], row["vote_labels"], row["vote_weights"]) == ("ORG", ["PERSON", "ORG"], [2, 3])
    (row,) = merge_entities([], [article("PERSON"), article("PERSON"), article("ORG")])
    assert row["label"] == "PERSON"  # guesses against guesses: the majority
    old = {**row, "vote_labels": None, "vote_weights": None, "article_count": 5}  # a row from before the vote
    (row,) = merge_entities([old], [article("ORG", evidence=True)])
    assert (row["label"], row["vote_weights"]) == ("PERSON", [5, 3])


SHEET = ("Harbour Town 21-17 Millbrook\n\nHarbour Town held on for a narrow win at the Quay Ground on Saturday.\n\n"
         "Harbour Town: Jenkins; Marlow, Pendry, Ashcombe, Tolley; Quillfeather, Dorrington; Blakely, Fenwick, Ormsby.\n\n"
         "Millbrook: Hartigan; Sellwood, Brackett, Pownall, Yeardley; Castleton, Ridgeway; Mumford, Penhale, Trebble.\n")
SIGNING = ("Fly-half Rupert Fenwick signs new deal {i}\n\nHarbour Town fly-half Rupert Fenwick has agreed a new contract "
           "with the club, report number {i} says.\nFenwick, 27, has scored more points than any other player this "
           "season. \"I am delighted to stay,\" said Fenwick on day {i}.\n")


@pytest.mark.e2e
def test_a_later_run_links_an_older_team_sheets_name_and_the_warehouse_follows(prefect_harness, tmp_path):
    """Rule `lake_surname_listed` on real runs: a team sheet's lone "Fenwick" stays its article's
    own until a later run brings the fourth article that calls Rupert Fenwick "Fenwick"; then
    the older entity is linked and its mentions carry his id (articles written for this test)."""
    import duckdb

    from flows.pipeline import run_pipeline
    from flows.settings import Settings

    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "sheet.txt").write_text(SHEET, encoding="utf-8")
    (tmp_path / "new").mkdir()
    for i in range(1, 5):
        (tmp_path / "new" / f"signing{i}.txt").write_text(SIGNING.format(i=i), encoding="utf-8")
    data = tmp_path / "data"
    run_pipeline(Settings(inputs=(tmp_path / "old",), data_dir=data))
    run_pipeline(Settings(inputs=(tmp_path / "new",), data_dir=data))
    with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
        rows = con.execute("SELECT name, link_rule, linked_entity_id FROM entities WHERE name LIKE '%Fenwick'").fetchall()
        (full_id,), = con.execute("SELECT entity_id FROM entities WHERE name = 'Rupert Fenwick'").fetchall()
        ids = con.execute("SELECT DISTINCT entity_id FROM mentions WHERE text = 'Fenwick'").fetchall()
    assert sorted(rows) == [("Fenwick", "lake_surname_listed", full_id), ("Rupert Fenwick", None, None)]
    assert ids == [(full_id,)]  # the sheet's mention too, in the warehouse
