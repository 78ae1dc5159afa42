import pyarrow as pa

from schemas.table import Table, column

TABLE = Table(
    name="dq_results",
    grain="one row per data-quality check per table per run",
    primary_key=("run_id", "table_name", "check_name"),
    fields=[
        column("run_id", pa.string(), "run the check belongs to", nullable=False),
        column("table_name", pa.string(), "table checked", nullable=False),
        column("check_name", pa.string(), "Great Expectations expectation and its column(s), or a content check (warehouse/content.py)", nullable=False),
        column("critical", pa.bool_(), "a failing critical check stops publication", nullable=False),
        column("passed", pa.bool_(), "whether the check passed", nullable=False),
        column("element_count", pa.int64(), "rows checked"),
        column("unexpected_count", pa.int64(), "rows failing the check"),
        column("failing_sample", pa.list_(pa.string()), "up to 20 failing rows: each its key, then the values that fail (a span's text and the body's slice at its offsets); for a content check, the recent values it was compared with"),
        column("observed", pa.float64(), "a content check's measure for the batch (a share, or a rate per 1,000 words); null for the row and table checks, and in rows written before content checks"),
        column("expected", pa.float64(), "a content check's expected value: the median of the recent runs' measures (seeds/reference/content_checks.csv); null without enough history"),
        column("checked_at", pa.timestamp("us", tz="UTC"), "when the check ran", nullable=False),
    ],
)
