from datetime import datetime, timezone

import pytest

from warehouse.quality import Validator

BODY = "Pompeo told reporters Tuesday."


@pytest.fixture(scope="module")
def validator():
    return Validator()


def mention(start, end, text, label="PERSON", mid=None):
    return {"mention_id": mid or f"a:{start}-{end}", "article_id": "a", "entity_id": "ent_1", "text": text,
            "label": label, "start_char": start, "end_char": end}


def by_check(results):
    return {r.check_name: r for r in results}


def test_good_rows_pass(validator):
    results = validator.validate("mentions", _df([mention(0, 6, "Pompeo")]), {"a": BODY}, {"ent_1"})
    assert all(r.passed for r in results), [r for r in results if not r.passed]


def test_offsets_that_do_not_slice_back_fail_naming_the_row(validator):
    results = by_check(validator.validate("mentions", _df([mention(0, 6, "Pompeo"), mention(1, 7, "Pompeo")]), {"a": BODY}, {"ent_1"}))
    span = results["text: body[start_char:end_char] == text"]
    assert not span.passed and span.critical and span.unexpected_count == 1
    assert span.failing_sample == ["mention_id=a:1-7"]


def test_duplicate_key_and_unknown_label_fail(validator):
    rows = [mention(0, 6, "Pompeo"), mention(0, 6, "Pompeo", label="ALIEN")]
    results = by_check(validator.validate("mentions", _df(rows), {"a": BODY}, {"ent_1"}))
    assert not results["mention_id unique"].passed
    assert not results["label in allowed set"].passed


def _df(rows):
    from warehouse.lake import to_arrow

    return to_arrow("mentions", rows).to_pandas()


def test_an_entity_id_the_entities_table_lacks_fails_naming_the_row(validator):
    rows = [mention(0, 6, "Pompeo"), {**mention(7, 11, "told", mid="a:7-11"), "entity_id": "ent_missing"}]
    results = by_check(validator.validate("mentions", _df(rows), {"a": BODY}, {"ent_1"}))
    ref = results["entity_id in entities"]
    assert not ref.passed and ref.critical and ref.failing_sample == ["mention_id=a:7-11"]
