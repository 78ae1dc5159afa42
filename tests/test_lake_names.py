"""Lake-level links of one-word person names (`transforms.lake_names`), rule by rule, on
entities written by hand (invented names)."""
from transforms.lake_names import LinkRule, fold, link, load_rules
from transforms.reference_files import resolve_reference_dir

RULE = LinkRule("lake_surname", 0.9, 3, frozenset({"charles"}), frozenset({"mr", "mrs", "ms"}))


def full(name, gender="", short=True, titles=()):
    """A full-name person as an article's `dl_entities` gives it, written by its surname too."""
    return {"name": name, "label": "PERSON", "scope": "lake", "mention_count": 2, "gender": gender,
            "aliases": [name] + ([name.split()[-1]] if short else []), "titles": list(titles)}


def lone(name, gender="", titles=(), listed=False):
    return {"name": name, "label": "PERSON", "scope": "article", "mention_count": 1, "gender": gender,
            "aliases": [name], "titles": list(titles), "listed": listed}


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
             (lone("Quill", listed=True), {})]
    for entity, expected in cases:
        assert link(lake(*base, {"ent_q1": entity})["quill"], RULE) == expected, entity
    unknown = [{"ent_bo": full("Bo Quill")} for _ in range(3)]
    assert link(lake(*unknown, {"ent_q1": lone("Quill", "female")})["quill"], RULE) == {}
    given = [{"ent_ray": full("Ray Charles")} for _ in range(3)]
    assert link(lake(*given, {"ent_c1": lone("Charles")})["charles"], RULE) == {}


def test_a_later_bearer_links_earlier_lone_names():
    rows = lake({"ent_q1": lone("Quill")}, {"ent_q2": lone("Quill")})
    assert link(rows["quill"], RULE) == {}
    for _ in range(3):
        fold(rows, {"ent_ada": full("Ada Quill")})
    assert link(rows["quill"], RULE) == {"ent_q1": "ent_ada", "ent_q2": "ent_ada"}


def test_the_shipped_thresholds():
    rule = load_rules(resolve_reference_dir("seeds/reference"))["lake_surname"]
    assert (rule.min_share, rule.min_articles) == (0.9, 3)
    assert "charles" in rule.given_names and "mrs" in rule.gendered
