"""Content checks: a batch's measures against bounds and the recent runs, recorded in
`dq_results` like every check. Real Parquet parts, lake and warehouse; batches written by hand."""
from datetime import datetime, timedelta, timezone

import duckdb
import pytest

from conftest import REPO
from warehouse.content import content_checks, contracts_file, load_contracts
from warehouse.lake import Lake, Staged, claim_data_dir, to_arrow, write_parquet_atomic
from warehouse.load import load_warehouse
from warehouse.runs import stage_run_record

T0 = datetime(2026, 12, 1, tzinfo=timezone.utc)
SPEAKERLESS = "share of quotes without a speaker"
BODY = "The minister said the plan would work. Critics said it would not. Reporters waited outside the hall."


def batch(lake: Lake, run_id: str, n_articles: int, speaker_kind: str) -> Staged:
    """``n_articles`` articles of BODY, each with two quotes whose speaker is ``speaker_kind``,
    one mention and one event, staged as a run would stage them."""
    rows = {t: [] for t in ("articles", "mentions", "quotes", "events")}
    for i in range(n_articles):
        aid = f"{run_id[-6:]}{i:04d}"
        rows["articles"].append({"article_id": aid, "source_uri": f"{aid}.txt", "language": "en", "body": BODY,
                                 "word_count": len(BODY.split()), "ingested_at": T0})
        rows["mentions"].append({"mention_id": f"{aid}:4-12", "article_id": aid, "entity_id": "e1", "text": "minister",
                                 "label": "PERSON", "start_char": 4, "end_char": 12})
        for start, end in ((18, 38), (52, 65)):
            rows["quotes"].append({"quote_id": f"{aid}:q:{start}-{end}", "article_id": aid, "kind": "indirect",
                                   "text": BODY[start:end], "start_char": start, "end_char": end,
                                   "speaker_kind": speaker_kind})
        rows["events"].append({"event_id": f"{aid}:e:74-80", "article_id": aid, "event_type": "Contact.Meet",
                               "trigger": "waited", "start_char": 74, "end_char": 80, "modality": "asserted",
                               "mention_count": 1})
    staged = Staged()
    for table, table_rows in rows.items():
        staged.add(table, write_parquet_atomic(to_arrow(table, table_rows),
                                               lake.staging_dir(run_id) / table / "part-1.parquet", {}))
    return staged


def record(lake: Lake, run_id: str, at: datetime, results) -> None:
    run = {"run_id": run_id, "started_at": at, "finished_at": at, "status": "published", "kind": "run",
           "inputs": ["inbox"], "articles_seen": 5, "articles_new": 5, "input_errors": 0, "model_name": "m",
           "model_version": "1", "quarantined_rows": 0, "row_counts": {}}
    lake.publish(run_id, stage_run_record(lake, run, results))


@pytest.fixture
def lake(tmp_path):
    claim_data_dir(tmp_path)
    return Lake(tmp_path)


def contracts(lake):
    return load_contracts(contracts_file(REPO / "seeds" / "reference", lake.root))


def test_a_batch_whose_quotes_all_lack_a_speaker_is_flagged_and_recorded(lake):
    for i in range(4):  # recent runs: every quote has a speaker
        run_id = f"2026120{i + 1}T000000Z-00000{i}"
        results = content_checks(lake, batch(lake, run_id, 5, "name"), contracts(lake))
        assert all(r.passed for r in results), [r for r in results if not r.passed]
        record(lake, run_id, T0 + timedelta(days=i), results)

    run_id = "20261206T000000Z-bad000"
    results = {r.check_name: r for r in content_checks(lake, batch(lake, run_id, 5, "none"), contracts(lake))}
    flagged = results[SPEAKERLESS]
    assert not flagged.passed and not flagged.critical  # a warning: the batch is still published
    assert (flagged.observed, flagged.expected, flagged.element_count, flagged.unexpected_count) == (1.0, 0.0, 10, 10)
    assert flagged.failing_sample[0] == "measured 1 (10 over 10)"
    assert "above the bound 0.5" in flagged.failing_sample
    assert any("+1 from the median 0 of the last 4 runs" in s for s in flagged.failing_sample)
    assert results["quotes per 1,000 words"].passed and results["share of mentions labelled PERSON"].passed
    record(lake, run_id, T0 + timedelta(days=5), list(results.values()))

    load_warehouse(lake, lake.root / "warehouse.duckdb", print)
    with duckdb.connect(str(lake.root / "warehouse.duckdb"), read_only=True) as con:
        failing = con.execute("SELECT run_id, table_name, check_name, critical, observed, expected "
                              "FROM latest_dq_failures").fetchall()
    assert failing == [(run_id, "quotes", SPEAKERLESS, False, 1.0, 0.0)]


def test_without_history_only_the_bounds_judge_and_a_small_batch_is_not_judged(lake):
    results = {r.check_name: r for r in content_checks(lake, batch(lake, "r1", 3, "none"), contracts(lake))}
    assert not results[SPEAKERLESS].passed and results[SPEAKERLESS].expected is None
    assert results[SPEAKERLESS].failing_sample == ["measured 1 (6 over 6)", "above the bound 0.5"]
    small = {r.check_name: r for r in content_checks(lake, batch(lake, "r2", 2, "none"), contracts(lake))}
    assert small[SPEAKERLESS].passed and small[SPEAKERLESS].observed == 1.0  # measured, recorded, not judged


def test_the_data_dir_s_own_thresholds_replace_the_reference_ones(lake):
    text = (REPO / "seeds" / "reference" / "content_checks.csv").read_text()
    (lake.root / "content_checks.csv").write_text(text.replace("quotes without a speaker,10,3,0.15,absolute,,0.5,3,no",
                                                               "quotes without a speaker,10,3,0.15,absolute,,,3,yes"))
    results = {r.check_name: r for r in content_checks(lake, batch(lake, "r1", 3, "none"), contracts(lake))}
    assert results[SPEAKERLESS].passed and results[SPEAKERLESS].critical  # no bound, no history yet
