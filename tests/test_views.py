"""The analysts' views on a warehouse loaded from hand-written rows: who_said_what gives each
quote's cue and sentence in article order and groups speakers whatever their case and blanks;
events_in_context gives each trigger's sentence; event_timeline spells out each event's arguments."""
from datetime import datetime, timezone

import duckdb
import pytest

from warehouse.lake import Lake, Staged, claim_data_dir, to_arrow, write_parquet_atomic
from warehouse.load import load_warehouse

NOW = datetime(2026, 12, 1, tzinfo=timezone.utc)
BODY = ("The council met on Monday. Analysts said the budget was too small. "
        '"We will not cut the library," the mayor said. The company denied any wrongdoing.\n'
        "Later, analysts  warned of delays.")


def span(text: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = BODY.index(text, start + 1)
    return start, start + len(text)


def quote(text, cue, speaker, kind="name", entity=None, occurrence=0):
    s, e = span(text)
    cs, ce = span(cue, occurrence)
    ss, se = span(speaker)
    return {"quote_id": f"a:q:{s}-{e}", "article_id": "a", "kind": "indirect", "text": text, "start_char": s,
            "end_char": e, "cue": cue, "cue_start": cs, "cue_end": ce, "speaker": speaker, "speaker_start": ss,
            "speaker_end": se, "speaker_entity_id": entity, "speaker_kind": kind}


def argument(event_id, role, text, entity=None):
    s, e = span(text)
    return {"argument_id": f"{event_id}:{role}:{s}-{e}", "event_id": event_id, "article_id": "a", "role": role,
            "text": text, "start_char": s, "end_char": e, "entity_id": entity}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    root = tmp_path_factory.mktemp("views")
    claim_data_dir(root)
    lake = Lake(root)
    s, e = span("met")
    rows = {
        "articles": [{"article_id": "a", "source_uri": "a.txt", "language": "en", "body": BODY,
                      "word_count": len(BODY.split()), "ingested_at": NOW}],
        "entities": [{"entity_id": "ent_co", "name": "The Company", "label": "ORG", "mention_count": 1,
                      "article_count": 1, "first_seen": NOW, "last_seen": NOW}],
        "quotes": [quote("any wrongdoing", "denied", "The company", entity="ent_co"),
                   quote("of delays", "warned", "analysts  ", kind="description"),
                   quote("We will not cut the library,", "said", "the mayor", kind="description", occurrence=1),
                   quote("the budget was too small", "said", "Analysts", kind="description")],
        "events": [{"event_id": f"a:e:{s}-{e}", "article_id": "a", "event_type": "Contact.Meet", "trigger": "met",
                    "start_char": s, "end_char": e, "modality": "asserted", "mention_count": 1},
                   {"event_id": "a:e:denied", "article_id": "a", "event_type": "Justice.ChargeIndict", "trigger": "denied",
                    "start_char": span("denied")[0], "end_char": span("denied")[1], "modality": "negated",
                    "mention_count": 1}],
        "event_arguments": [argument("a:e:denied", "actor", "The company", "ent_co"),
                            argument("a:e:denied", "target", "any wrongdoing"),
                            argument(f"a:e:{s}-{e}", "actor", "The council"),
                            argument(f"a:e:{s}-{e}", "time", "Monday")],
    }
    staged = Staged()
    for table, table_rows in rows.items():
        staged.add(table, write_parquet_atomic(to_arrow(table, table_rows), lake.staging_dir("r") / table / "p.parquet", {}))
    lake.publish("r", staged)
    load_warehouse(lake, root / "warehouse.duckdb", say=lambda m: None)
    with duckdb.connect(str(root / "warehouse.duckdb"), read_only=True) as c:
        yield c


def test_who_said_what_gives_the_cue_and_the_sentence_in_article_order(con):
    rows = con.execute("SELECT speaker_name, cue, text, sentence FROM who_said_what").fetchall()
    assert rows == [
        ("analysts", "said", "the budget was too small", "Analysts said the budget was too small."),
        ("the mayor", "said", "We will not cut the library,", '"We will not cut the library," the mayor said.'),
        ("The Company", "denied", "any wrongdoing", "The company denied any wrongdoing."),
        ("analysts", "warned", "of delays", "Later, analysts  warned of delays."),
    ]


def test_speakers_group_whatever_their_case_and_blanks(con):
    assert con.execute("SELECT speaker_name, count(*) FROM who_said_what GROUP BY 1 ORDER BY 2 DESC, 1").fetchall() == \
        [("analysts", 2), ("The Company", 1), ("the mayor", 1)]


def test_events_in_context_gives_the_trigger_s_sentence(con):
    assert con.execute("SELECT trigger, sentence FROM events_in_context ORDER BY start_char").fetchall() == [
        ("met", "The council met on Monday."), ("denied", "The company denied any wrongdoing.")]


def test_event_timeline_spells_out_each_event_s_arguments_once(con):
    rows = con.execute("SELECT trigger, modality, actor, target, place, title FROM event_timeline "
                       "ORDER BY trigger").fetchall()
    # an entity's name where the argument is one; a role with no argument is empty
    assert rows == [("denied", "negated", "The Company", "any wrongdoing", None, None),
                    ("met", "asserted", "The council", None, None, None)]
