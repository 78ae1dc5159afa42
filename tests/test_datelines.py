"""Datelines and wire (#21 item 8): the case table tests/ingest/datelines.psv, one row a case;
the fields on every reader's records, the place linked to the entity of its mention, and the
body left as it was (offsets unchanged)."""
from pathlib import Path

import pytest

from flows.ingest import read_articles
from transforms.articles import from_json_record, from_plain_text
from transforms.datelines import FORMS, dateline_of, place_entity

CASES = Path(__file__).parent / "ingest" / "datelines.psv"


def cases():
    for n, line in enumerate(CASES.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            body, place, wire, form = (part.strip() for part in line.split(" | "))
            yield pytest.param(body.replace("\\n", "\n"), place, wire, form, id=f"line{n}")


@pytest.mark.parametrize(("body", "place", "wire", "form"), list(cases()))
def test_dateline_case_table(body, place, wire, form):
    found = dateline_of(body)
    if form == "-":
        assert found is None
        return
    assert (found.form, found.place or "-", found.wire or "-") == (form, place, wire)
    if found.place:
        assert body[found.place_start:found.place_end] == found.place
    assert body[found.end] != " " and body[found.end:].strip()  # the prose, or the line break after a date line


def test_every_form_has_a_case():
    assert {f for *_, f in (c.values for c in cases())} >= {name for name, _ in FORMS}


def test_the_dateline_stays_in_the_body_and_readers_fill_the_columns(tmp_path):
    text = "RENO, Nev. (AP) — The senator held a rally near the airport on Friday.\nShe spoke for an hour."
    record = from_plain_text(text, "a.txt")
    assert record["body"] == text
    assert (record["dateline_place"], record["wire"]) == ("RENO, Nev.", "AP")
    assert from_json_record('{"text": "The senator held a rally."}', "b.jsonl:1")["dateline_place"] is None
    (tmp_path / "c.csv").write_text("title,text\nRally,\"WASHINGTON — The senator held a rally.\"\n", encoding="utf-8")
    [row] = [a for a in read_articles((tmp_path / "c.csv",)) if isinstance(a, dict)]
    assert (row["dateline_place"], row["wire"], row["body"][:10]) == ("WASHINGTON", None, "WASHINGTON")


def test_the_place_is_linked_to_the_mention_over_it():
    body = "RENO, Nev. (AP) — The senator held a rally near the airport."
    mentions = [{"entity_id": "ent_reno", "start_char": 0, "end_char": 4},
                {"entity_id": "ent_nev", "start_char": 6, "end_char": 10}]
    assert place_entity(body, mentions) == "ent_reno"
    assert place_entity(body, mentions[1:]) is None  # the state alone is not the place
    assert place_entity("The senator held a rally.", mentions) is None
