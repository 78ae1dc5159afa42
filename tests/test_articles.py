import json

import pytest

from conftest import SAMPLE
from flows.ingest import read_articles
from transforms.articles import InputError, from_json_record, from_plain_text


def test_sample_footer_goes_to_columns_and_is_cut_from_body():
    text = SAMPLE.read_text(encoding="utf-8")
    a = from_plain_text(text, str(SAMPLE))
    assert a["publisher"] == "Los Angeles Times"
    assert a["published_year"] == 2019
    assert a["distributor"] == "Tribune Content Agency, LLC"
    assert "©" not in a["body"] and "Distributed by" not in a["body"]
    # The body is the file's text up to the footer, so offsets into it are offsets into the file.
    assert text.startswith(a["body"])
    assert "title" not in a  # the first line is a sentence, not a headline


@pytest.mark.parametrize("text, title", [
    ("Huawei founder says company would refuse Beijing\nThe founder said on Tuesday...\n", "Huawei founder says company would refuse Beijing"),
    ("The founder said on Tuesday that it would refuse.\nMore text.\n", None),
    ("Only one line without a body", None),
])
def test_headline_line_becomes_title_and_stays_in_body(text, title):
    a = from_plain_text(text, "x.txt")
    assert a.get("title") == title
    assert a["body"] == text.rstrip()


def test_same_text_same_id_different_text_different_id():
    assert from_plain_text("A b.", "1")["article_id"] == from_plain_text("A b.", "2")["article_id"]
    assert from_plain_text("A b.", "1")["article_id"] != from_plain_text("A c.", "1")["article_id"]


@pytest.mark.parametrize("line, reason", [
    ("{not json", "invalid JSON"),
    ("[1, 2]", "must be an object"),
    ('{"title": "no text"}', "no 'text' or 'body'"),
    ('{"text": "x", "published_at": "yesterday"}', "not an ISO 8601"),
])
def test_bad_json_records_say_why(line, reason):
    with pytest.raises(InputError, match=reason):
        from_json_record(line, "f.jsonl:1")


def test_json_record_fields():
    a = from_json_record(json.dumps({"body": "Text here.", "title": "T", "url": "http://x", "published_at": "2019-02-01"}), "f:1")
    assert a["title"] == "T" and a["url"] == "http://x"
    assert a["published_at"].isoformat() == "2019-02-01T00:00:00+00:00"


def test_broken_inputs_are_reported_by_name_and_the_rest_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("Canada arrested Meng Wanzhou in December.\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owner arrested.".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text('{"text": "One."}\nnot json\n{"text": "Two."}\n', encoding="utf-8")
    items = list(read_articles((tmp_path, tmp_path / "missing.txt")))
    articles = [i for i in items if isinstance(i, dict)]
    errors = dict(i for i in items if isinstance(i, tuple))
    assert sorted(a["body"] for a in articles) == ["Canada arrested Meng Wanzhou in December.", "One.", "Two."]
    assert "not UTF-8" in errors[str(tmp_path / "latin1.txt")]
    assert "no article text" in errors[str(tmp_path / "empty.txt")]
    assert "invalid JSON" in errors[f"{tmp_path / 'feed.jsonl'}:2"]
    assert "no such file" in errors[str(tmp_path / "missing.txt")]
