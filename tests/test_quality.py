from datetime import datetime, timezone

import pytest

from warehouse.lake import Lake, Staged, to_arrow, write_parquet_atomic
from warehouse.quality import Validator, referenced_first

BODY = "Pompeo told reporters Tuesday."
KEYS = {("articles", "article_id"): {"a"}, ("events", "event_id"): {"a:e:7-11"}, ("entities", "entity_id"): {"ent_1"}}


@pytest.fixture(scope="module")
def validator():
    return Validator()


def mention(start, end, text, label="PERSON", mid=None):
    return {"mention_id": mid or f"a:{start}-{end}", "article_id": "a", "entity_id": "ent_1", "text": text,
            "label": label, "start_char": start, "end_char": end}


def by_check(results):
    return {r.check_name: r for r in results}


def test_good_rows_pass(validator):
    results = validator.validate("mentions", _df([mention(0, 6, "Pompeo")]), {"a": BODY}, KEYS)
    assert all(r.passed for r in results), [r for r in results if not r.passed]


def test_offsets_that_do_not_slice_back_fail_naming_the_row(validator):
    results = by_check(validator.validate("mentions", _df([mention(0, 6, "Pompeo"), mention(1, 7, "Pompeo")]), {"a": BODY}, KEYS))
    span = results["text: body[start_char:end_char] == text"]
    assert not span.passed and span.critical and span.unexpected_count == 1
    assert span.failing_sample == ["mention_id=a:1-7: text='Pompeo', body[1:7]='ompeo '"]  # the values that disagree


def test_duplicate_key_and_unknown_label_fail(validator):
    rows = [mention(0, 6, "Pompeo"), mention(0, 6, "Pompeo", label="ALIEN")]
    results = by_check(validator.validate("mentions", _df(rows), {"a": BODY}, KEYS))
    assert not results["mention_id unique"].passed
    assert results["label in allowed set"].failing_sample == ["mention_id=a:0-6: label='ALIEN'"]


def _df(rows, table="mentions"):
    return to_arrow(table, rows).to_pandas()


def test_an_entity_id_the_entities_table_lacks_fails_naming_the_row(validator):
    rows = [mention(0, 6, "Pompeo"), {**mention(7, 11, "told", mid="a:7-11"), "entity_id": "ent_missing"}]
    results = by_check(validator.validate("mentions", _df(rows), {"a": BODY}, KEYS))
    ref = results["entity_id in entities"]
    assert not ref.passed and ref.critical and ref.failing_sample == ["mention_id=a:7-11: entity_id='ent_missing'"]


def article(aid, body=BODY):
    return {"article_id": aid, "source_uri": f"{aid}.txt", "language": "en", "body": body,
            "word_count": len(body.split()), "ingested_at": datetime(2026, 11, 26, tzinfo=timezone.utc)}


def event(start, end, trigger):
    return {"event_id": f"a:e:{start}-{end}", "article_id": "a", "event_type": "Contact.Meet", "trigger": trigger,
            "start_char": start, "end_char": end, "modality": "asserted", "mention_count": 1}


def argument(event_id, start, end, text, role="actor"):
    return {"argument_id": f"{event_id}:{role}:{start}-{end}", "event_id": event_id, "article_id": "a",
            "role": role, "text": text, "start_char": start, "end_char": end, "entity_id": None}


def test_a_mention_of_an_article_the_lake_lacks_fails_naming_the_row(validator):
    rows = [mention(0, 6, "Pompeo"), {**mention(0, 6, "Pompeo", mid="b:0-6"), "article_id": "b"}]
    ref = by_check(validator.validate("mentions", _df(rows), {"a": BODY}, KEYS))["article_id in articles"]
    assert not ref.passed and ref.critical and ref.scope == "row"
    assert ref.failing_sample == ["mention_id=b:0-6: article_id='b'"] and ref.failing_keys == [("b:0-6",)]


def test_an_argument_whose_event_is_missing_fails_naming_the_row(validator):
    rows = [argument("a:e:7-11", 0, 6, "Pompeo"), argument("a:e:0-6", 12, 21, "reporters", role="target")]
    results = by_check(validator.validate("event_arguments", _df(rows, "event_arguments"), {"a": BODY}, KEYS))
    assert results["article_id in articles"].passed
    ref = results["event_id in events"]
    assert not ref.passed and ref.critical and ref.failing_sample == ["argument_id=a:e:0-6:target:12-21: event_id='a:e:0-6'"]


def stage(lake, run_id, table, rows, name="part-1.parquet"):
    return write_parquet_atomic(to_arrow(table, rows), lake.staging_dir(run_id) / table / name, {})


def test_an_article_published_by_an_earlier_run_is_accepted(validator, tmp_path):
    lake = Lake(tmp_path)
    earlier = Staged()
    earlier.add("articles", stage(lake, "r1", "articles", [article("a")]))
    lake.publish("r1", earlier)
    staged = Staged()
    staged.add("articles", stage(lake, "r2", "articles", [article("b", "Another body.")]))
    assert lake.keys_after(staged, "articles", "article_id") == {"a", "b"}
    keys = {**KEYS, ("articles", "article_id"): lake.keys_after(staged, "articles", "article_id")}
    results = by_check(validator.validate("mentions", _df([mention(0, 6, "Pompeo")]), {"a": BODY}, keys))
    assert results["article_id in articles"].passed
    # A run that rewrites the table whole leaves none of the published keys behind.
    staged.replaces.add("articles")
    assert lake.keys_after(staged, "articles", "article_id") == {"b"}


def test_referenced_tables_are_validated_before_the_tables_pointing_to_them():
    order = referenced_first(["event_arguments", "mentions", "events", "articles", "entities", "runs"])
    assert order.index("events") < order.index("event_arguments")
    assert order.index("articles") < min(order.index("mentions"), order.index("events"))
    assert order.index("entities") < order.index("mentions") and "quotes" not in order


def test_regression_arguments_of_a_quarantined_event_are_quarantined_with_it(tmp_path):
    """An event failing a row check is held back, so its arguments would point to no event."""
    from flows.pipeline import validate
    from flows.settings import Settings

    lake, staged = Lake(tmp_path), Staged()
    bad = event(0, 5, "Pompeo")  # body[0:5] is "Pompe"
    tables = {"articles": [article("a")], "events": [event(7, 11, "told"), bad],
              "event_arguments": [argument("a:e:7-11", 0, 6, "Pompeo"), argument(bad["event_id"], 12, 21, "reporters")]}
    for table, rows in tables.items():
        staged.add(table, stage(lake, "r1", table, rows))
    results = {(r.table_name, r.check_name): r for r in validate.fn(Settings(inputs=(), data_dir=tmp_path), staged)}
    assert results["events", "trigger: body[start_char:end_char] == trigger"].failing_keys == [("a:e:0-5",)]
    ref = results["event_arguments", "event_id in events"]
    assert ref.failing_keys == [("a:e:0-5:actor:12-21",)]
    assert [t for t, _ in results] == sorted((t for t, _ in results), key=list(tables).index), "publication order"


@pytest.mark.parametrize("values, keys", [
    (["ent_1", None, "ent_2", "ent_9"], {"ent_1", "ent_9"}),  # Arrow strings with a null
    (["a", "b"], set()),  # no key at all
    ([None, None], {"a"}),  # a column of nulls only
    ([1, 2, 3], {2, 3}),  # not strings
])
@pytest.mark.parametrize("dtype", [None, object])
def test_membership_by_arrow_is_pandas_isin(values, keys, dtype):
    import pandas as pd

    from warehouse.quality import is_in

    column = pd.Series(values, dtype=dtype)
    if dtype is None and all(isinstance(v, str) or v is None for v in values):
        column = column.astype("string[pyarrow]")
    assert is_in(column, keys).tolist() == column.isin(keys).tolist()
    assert is_in(column, keys).dtype == bool


def test_batches_are_not_fingerprinted_and_the_checks_find_the_same(validator):
    """GX's batch fingerprint (a hash of every row) is skipped: the same rows give the same results."""
    from great_expectations.execution_engine import pandas_execution_engine

    rows = [mention(0, 6, "Pompeo"), mention(1, 7, "Pompeo"), {**mention(7, 11, "told", mid="a:7-11"), "entity_id": "x"}]
    assert pandas_execution_engine.HASH_THRESHOLD == 0
    skipped = validator.validate("mentions", _df(rows), {"a": BODY}, KEYS)
    pandas_execution_engine.HASH_THRESHOLD = 1e9
    try:
        hashed = validator.validate("mentions", _df(rows), {"a": BODY}, KEYS)
    finally:
        pandas_execution_engine.HASH_THRESHOLD = 0
    assert skipped == hashed and sum(not r.passed for r in skipped) == 2
