"""Content checks: what a batch holds, measured and compared with the recent runs, where the
structural checks (`warehouse.quality`) only ask whether each row is well formed. A model that
stops finding speakers, or tags nothing, still writes valid rows; these notice.

Per batch: the share of quotes without a speaker, quotes, mentions and events per 1,000 words,
each mention label's share, and the share of articles with no extraction at all. Each is a row in
`dq_results` (its `observed` measure, the recent runs' median as `expected`), flagged when it is
beyond an absolute bound, or when it moved more than `max_change` from the median of the last
`window` published runs (once there are `min_history` of them). The thresholds are data: one row
per metric in `seeds/reference/content_checks.csv`, or a copy in the data dir
(`DIR/content_checks.csv`) that replaces it for that data dir. Warnings by default (`critical`
yes makes one block publication like a failed table check).
"""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.mentions import LABELS
from transforms.reference_files import reference_rows
from warehouse.history import run_rows
from warehouse.lake import Lake, Staged
from warehouse.quality import CheckResult

CONTRACTS = "content_checks.csv"
COLUMNS = {"articles": ["article_id", "word_count"], "mentions": ["article_id", "label"],
           "quotes": ["article_id", "speaker_kind"], "events": ["article_id"]}


@dataclass(frozen=True)
class Contract:
    metric: str
    window: int
    min_history: int
    max_change: float
    change: str  # "absolute" (points of a share) or "relative" (a fraction of the median)
    lower: float | None
    upper: float | None
    min_articles: int
    critical: bool


def contracts_file(reference_dir: Path, data_dir: Path) -> Path:
    """The data dir's own copy when there is one, else the reference file."""
    own = data_dir / CONTRACTS
    return own if own.is_file() else reference_dir / CONTRACTS


def load_contracts(path: Path) -> dict[str, Contract]:
    def number(text: str) -> float | None:
        return float(text) if text else None

    return {r["metric"]: Contract(r["metric"], int(r["window"]), int(r["min_history"]), float(r["max_change"]),
                                  r["change"], number(r["lower"]), number(r["upper"]), int(r["min_articles"]),
                                  r["critical"].lower() in ("yes", "true", "1"))
            for r in reference_rows(path)}


@dataclass
class Measure:
    metric: str  # the contract it is judged by
    table: str
    check: str
    value: float
    of: int  # what it is measured over (quotes, words, mentions, articles)
    count: int  # how many rows the share or rate counts


def measures(tables: dict[str, pa.Table]) -> list[Measure]:
    """Every content measure of a batch, given its tables (at least `COLUMNS`' columns)."""
    articles = tables["articles"]
    words = sum(articles["word_count"].to_pylist())
    quotes, mentions, events = tables["quotes"], tables["mentions"], tables["events"]
    speakerless = sum(1 for k in quotes["speaker_kind"].to_pylist() if k == "none")
    extracted = {a for t in (quotes, mentions, events) for a in t["article_id"].to_pylist()}
    bare = sum(1 for a in articles["article_id"].to_pylist() if a not in extracted)
    labels = Counter(mentions["label"].to_pylist())
    out = [Measure("quotes without a speaker", "quotes", "share of quotes without a speaker",
                   speakerless / max(quotes.num_rows, 1), quotes.num_rows, speakerless),
           Measure("articles with no extraction", "articles", "share of articles with no extraction",
                   bare / max(articles.num_rows, 1), articles.num_rows, bare)]
    for name, table in (("quotes", quotes), ("mentions", mentions), ("events", events)):
        out.append(Measure(f"{name} per 1000 words", name, f"{name} per 1,000 words",
                           1000 * table.num_rows / max(words, 1), words, table.num_rows))
    out += [Measure("mention label share", "mentions", f"share of mentions labelled {label}",
                    labels[label] / max(mentions.num_rows, 1), mentions.num_rows, labels[label]) for label in LABELS]
    return out


def judge(m: Measure, c: Contract, recent: list[float], articles: int) -> CheckResult:
    """One measure against its contract and the recent runs' values (newest first)."""
    history = recent[: c.window]
    expected = statistics.median(history) if len(history) >= c.min_history else None
    why = []
    if articles >= c.min_articles:
        if c.lower is not None and m.value < c.lower:
            why.append(f"below the bound {c.lower:g}")
        if c.upper is not None and m.value > c.upper:
            why.append(f"above the bound {c.upper:g}")
        if expected is not None:
            allowed = c.max_change * (abs(expected) if c.change == "relative" else 1)
            if abs(m.value - expected) > allowed:
                why.append(f"{m.value - expected:+.3g} from the median {expected:.3g} of the last {len(history)} runs "
                           f"({', '.join(f'{v:.3g}' for v in history)}): beyond ±{allowed:.3g}")
    sample = [f"measured {m.value:.3g} ({m.count} over {m.of})", *why] if why else []
    return CheckResult(m.table, m.check, c.critical, not why, m.of, m.count if why else 0, sample,
                       scope="table", observed=m.value, expected=expected)


def recent_measures(lake: Lake) -> dict[tuple[str, str], list[float]]:
    """(table, check) -> the measures of the published runs, newest first."""
    published = [r["run_id"] for r in run_rows(lake) if r["kind"] == "run" and r["status"] == "published"]
    order = {run_id: i for i, run_id in enumerate(published)}
    rows = lake.read("dq_results", ["run_id", "table_name", "check_name", "observed"]).to_pylist()
    found: dict[tuple[str, str], list[tuple[int, float]]] = {}
    for r in rows:
        if r["observed"] is not None and r["run_id"] in order:
            found.setdefault((r["table_name"], r["check_name"]), []).append((order[r["run_id"]], r["observed"]))
    return {k: [v for _, v in sorted(vs, reverse=True)] for k, vs in found.items()}


def content_checks(lake: Lake, staged: Staged, contracts: dict[str, Contract]) -> list[CheckResult]:
    """The batch's content checks (of the tables it staged); none when it has no articles."""
    if not staged.parts.get("articles"):
        return []
    tables = {t: pa.concat_tables([pq.read_table(p, columns=cols) for p in staged.parts.get(t, [])])
              if staged.parts.get(t) else pa.table({c: pa.array([], pa.string()) for c in cols})
              for t, cols in COLUMNS.items()}
    recent = recent_measures(lake)
    articles = tables["articles"].num_rows
    return [judge(m, contracts[m.metric], recent.get((m.table, m.check), []), articles)
            for m in measures(tables) if m.metric in contracts and staged.parts.get(m.table)]
