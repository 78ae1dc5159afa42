"""Lake-level links of one-word person names (`transforms.lake_names`), rule by rule, on
entities written by hand (invented names)."""
import pytest

from transforms.lake_names import LinkRule, fold, link, link_org, load_rules, recover, relink, short_uses
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
    assert row["bearer_short_articles"] == [3]
    assert (row["lone_ids"], row["lone_links"], row["lone_rules"]) == (["ent_q1"], ["ent_ada"], ["lake_surname"])
    third = decide_links(lake, "20260103T000000Z-cccccc", ref, [{"ent_q2": lone("Quill")}, {"ent_bo": full("Bo Vance")}])
    assert third.links == {"ent_q2": ("ent_ada", "lake_surname")}  # the published row, not just this run's
    fourth = decide_links(lake, "20260104T000000Z-dddddd", ref, [{"ent_q3": lone("Quill", listed=True)}])
    assert fourth.links == {}  # a list needs 4 articles
    lake.publish("20260104T000000Z-dddddd", fourth.staged())
    fifth = decide_links(lake, "20260105T000000Z-eeeeee", ref, [{"ent_ada": full("Ada Quill")}])
    assert fifth.links == {"ent_q3": ("ent_ada", "lake_surname_listed")}  # an older list's name, by the next run


RULES = {"lake_surname": RULE, "lake_org_name": LinkRule("lake_org_name", 0.9, 3, RULE.given_names, RULE.gendered),
         "lake_surname_listed": LISTED}
ADA, BO = {"ent_ada": full("Ada Quill", "female")}, {"ent_bo": full("Bo Quill")}
GIL, BO_MR = {"ent_gil": full("Gil Quill", "male", titles=["mr", "chancellor"])}, {"ent_bo": full("Bo Quill", "male", titles=["mr"])}
ZEMBLA, ZEMBLA_TOWN = {"ent_org": org("Zembla")}, {"ent_gpe": {**org("Zembla"), "label": "GPE"}}
Q1, Z1 = {"ent_q1": lone("Quill")}, {"ent_z1": lone("Zembla")}
# Re-resolution (`relink`): (why, the lake's first articles, the links they make, the articles added
# later, what changes then). A link is decided again with the same thresholds that made it.
RELINK_CASES = [
    ("a rival grows past the share: undone", [ADA] * 9 + [Q1], {"ent_q1": "ent_ada"}, [BO, BO], {"ent_q1": (None, None)}),
    ("a rival below the share: kept", [ADA] * 9 + [Q1], {"ent_q1": "ent_ada"}, [BO], {}),
    ("the rival becomes the dominant bearer: moved", [ADA] * 3 + [Q1], {"ent_q1": "ent_ada"}, [BO] * 30,
     {"ent_q1": ("ent_bo", "lake_surname")}),
    ("a rival written with the lone name's title: undone", [GIL] * 8 + [BO] * 2 + [{"ent_q1": lone("Quill", "male", ["mr"])}],
     {"ent_q1": "ent_gil"}, [BO_MR], {"ent_q1": (None, None)}),
    ("a town of the organization's name grows: undone", [ZEMBLA] * 3 + [Z1], {"ent_z1": "ent_org"}, [ZEMBLA_TOWN],
     {"ent_z1": (None, None)}),
    ("a list's name: any rival at all undoes it", [ADA] * 4 + [{"ent_q1": lone("Quill", listed=True)}], {"ent_q1": "ent_ada"},
     [BO], {"ent_q1": (None, None)}),
    ("the bearer grows back past the share: linked again", [ADA] * 9 + [Q1] + [BO] * 2, {}, [ADA] * 9,
     {"ent_q1": ("ent_ada", "lake_surname")}),
    ("a new lone name among linked ones: only it changes", [ADA] * 3 + [Q1], {"ent_q1": "ent_ada"},
     [{"ent_q2": lone("Quill")}], {"ent_q2": ("ent_ada", "lake_surname")}),
]


@pytest.mark.parametrize("why, first, links, later, changes", RELINK_CASES, ids=[c[0] for c in RELINK_CASES])
def test_a_run_decides_every_link_of_a_row_again(why, first, links, later, changes):
    row = lake(*first)[name_key_of(first[-1])]
    relink(row, RULES)
    assert {e: t for e, t in zip(row["lone_ids"], row["lone_links"]) if t} == links
    for per_article in later:
        fold({row["short_name"]: row}, per_article)
    assert relink(row, RULES) == changes
    assert relink(row, RULES) == {}  # decided: the same row decides the same


def name_key_of(per_article):
    (info,) = per_article.values()
    return info["name"].split()[-1].lower()


def test_the_links_of_a_row_do_not_depend_on_the_order_of_its_articles():
    import random

    articles = [ADA] * 9 + [BO] * 2 + [Q1, {"ent_q2": lone("Quill", listed=True)}, {"ent_q3": lone("Quill", "female")}]
    at_once = lake(*articles)["quill"]
    relink(at_once, RULES)
    undone = 0
    for seed in range(30):
        order = articles[:]
        random.Random(seed).shuffle(order)
        rows: dict = {}
        for per_article in order:  # one run per article, each deciding the row again
            fold(rows, per_article)
            undone += sum(1 for target, _ in relink(rows["quill"], RULES).values() if target is None)
        assert dict(zip(rows["quill"]["lone_ids"], rows["quill"]["lone_links"])) == \
            dict(zip(at_once["lone_ids"], at_once["lone_links"])), seed
    assert undone > 0  # some orders linked early and undid it later


def test_a_link_kept_by_the_older_index_form_is_put_back_with_titles_that_explain_it():
    row = lake(*[GIL] * 8, *[BO] * 2)["quill"]
    recover(row, "ent_q1", "ent_gil", "lake_surname", RULES)  # "Quill" alone would not be Gil's: 8 of 10
    assert (row["lone_titles"], row["lone_links"], row["lone_rules"]) == (["chancellor"], ["ent_gil"], ["lake_surname"])
    assert relink(row, RULES) == {}
    row = lake(*[ADA] * 3, *[BO] * 3)["quill"]
    recover(row, "ent_q1", "ent_ada", "lake_surname", RULES)  # nothing explains it any longer
    assert row["lone_titles"] == [""] and relink(row, RULES) == {"ent_q1": (None, None)}
    row = lake(*[ADA] * 4)["quill"]
    recover(row, "ent_q1", "ent_ada", "lake_surname_listed", RULES)
    assert row["lone_listed"] == [True] and relink(row, RULES) == {}


def test_a_published_row_of_the_older_form_gets_its_linked_entities_back_from_entities(tmp_path):
    """A data dir made before `lone_links`: its index rows dropped a linked lone entity, whose
    link is only on its `entities` row; a run touching the row reads it back and undoes it when a
    rival has grown."""
    from datetime import datetime, timezone

    import pyarrow as pa
    import pyarrow.parquet as pq

    from schemas import SIDE_TABLES
    from warehouse.entity_counts import stage_entities_table
    from warehouse.lake import Lake
    from warehouse.name_index import decide_links

    lake_, ref = Lake(tmp_path), resolve_reference_dir("seeds/reference")
    first = decide_links(lake_, "20260101T000000Z-aaaaaa", ref, [ADA] * 9 + [Q1])
    assert first.links == {"ent_q1": ("ent_ada", "lake_surname")}
    at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    rows = [{"entity_id": eid, "name": name, "label": "PERSON", "aliases": [name], "mention_count": 1, "article_count": 1,
             "first_seen": at, "last_seen": at, "linked_entity_id": target, "link_rule": target and "lake_surname"}
            for eid, name, target in [("ent_ada", "Ada Quill", None), ("ent_q1", "Quill", "ent_ada")]]
    staged = first.staged()
    staged.add("entities", stage_entities_table(lake_, "20260101T000000Z-aaaaaa", rows))
    staged.upserts.add("entities")
    lake_.publish("20260101T000000Z-aaaaaa", staged)
    (rel,) = lake_.manifest()["entity_names"]
    old = pq.read_table(lake_.lake_dir / rel).to_pylist()
    old = [{k: ([] if k.startswith("lone_") else v) for k, v in r.items() if k not in ("lone_links", "lone_rules")} for r in old]
    schema = pa.schema([f for f in SIDE_TABLES["entity_names"].schema if f.name not in ("lone_links", "lone_rules")])
    pq.write_table(pa.Table.from_pylist(old, schema=schema), lake_.lake_dir / rel)  # the row as main wrote it
    second = decide_links(lake_, "20260102T000000Z-bbbbbb", ref, [BO, BO])
    assert second.links == {"ent_q1": (None, None)}  # 9 of 11 articles: undone
    (row,) = pq.read_table(second.part).to_pylist()
    assert (row["lone_ids"], row["lone_links"], row["lone_rules"]) == (["ent_q1"], [""], [""])


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
    person = ({"ent_z": {"name": "Zeta Dem", "label": "PERSON", "aliases": [], "mention_count": 1,
                         "person_evidence": True}}, at)  # "Mr Dem" in the article: rule `mark_people_by_title`
    (row,) = merge_entities([], [article("ORG"), article("ORG"), person])
    assert (row["label"], row["vote_weights"]) == ("PERSON", [2, 3])


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


TONY = ("Tony Blair visits a school in {town}\n\nPrime Minister Tony Blair visited a primary school in {town} on "
        "{day}. Blair told the pupils that reading every evening mattered more than any test. The visit lasted an hour, "
        "and Blair left for London by train afterwards, aides said.\n")
EUAN = ("Euan Blair opens a training firm\n\nEuan Blair has opened a firm that trains apprentices in {town}. Blair said "
        "the firm would take on forty young people this year and more after that.\n")
LONE = ("Reading plan for primary schools\n\nA plan to give every primary school in the north a new library was "
        "welcomed by head teachers on Friday. Blair said the money would reach every classroom by the spring.\n")
TOWNS = ("Leeds", "Derby", "Hull", "York", "Bath", "Ely", "Ripon", "Truro", "Wells", "Bangor")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday")


@pytest.mark.e2e
def test_a_link_is_undone_when_a_rival_bearer_grows_and_made_again_when_the_bearer_does(prefect_harness, tmp_path):
    """Re-resolution both ways on real runs (articles written for this test): the first run links
    a lone "Blair" to Tony Blair (3 of 3 articles calling a Blair "Blair"); the second brings Euan
    Blair, called "Blair" too (3 of 4: below 0.9), and the lone "Blair" is its article's own again,
    in `entities` and in the warehouse; the third brings 7 more Tony Blair articles (10 of 11) and
    links it again."""
    import duckdb

    from flows.pipeline import run_pipeline
    from flows.settings import Settings

    def articles(name, texts):
        (tmp_path / name).mkdir()
        for i, text in enumerate(texts):
            (tmp_path / name / f"{name}{i}.txt").write_text(text, encoding="utf-8")
        return tmp_path / name

    def state():
        with duckdb.connect(str(data / "warehouse.duckdb"), read_only=True) as con:
            (lone_id, link, rule), = con.execute("SELECT entity_id, linked_entity_id, link_rule FROM entities "
                                                 "WHERE name = 'Blair'").fetchall()
            (tony,), = con.execute("SELECT entity_id FROM entities WHERE name = 'Tony Blair'").fetchall()
            lone_article = con.execute("SELECT DISTINCT m.entity_id FROM mentions m JOIN articles a USING (article_id) "
                                       "WHERE a.body LIKE '%library%' AND m.text = 'Blair'").fetchall()
            counts = con.execute("SELECT (SELECT sum(mention_count) FROM entities), (SELECT count(*) FROM mentions), "
                                 "(SELECT count(*) - count(DISTINCT entity_id) FROM entities)").fetchone()
        assert counts[0] == counts[1] and counts[2] == 0
        return (link == tony, rule, lone_article == [(tony,)] if link else lone_article == [(lone_id,)])

    data = tmp_path / "data"
    tony = [TONY.format(town=t, day=d) for t, d in zip(TOWNS, DAYS)]
    run_pipeline(Settings(inputs=(articles("first", tony[:3] + [LONE]),), data_dir=data))
    assert state() == (True, "lake_surname", True)
    run_pipeline(Settings(inputs=(articles("rival", [EUAN.format(town="Leeds")]),), data_dir=data))
    assert state() == (False, None, True)  # undone: the warehouse's mention is the article's own again
    run_pipeline(Settings(inputs=(articles("more", tony[3:]),), data_dir=data))
    assert state() == (True, "lake_surname", True)
