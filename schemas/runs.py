import pyarrow as pa

from schemas.table import Table, column

TABLE = Table(
    name="runs",
    grain="one row per pipeline run",
    primary_key=("run_id",),
    fields=[
        column("run_id", pa.string(), "run identifier (UTC start time and a random suffix)", nullable=False),
        column("started_at", pa.timestamp("us", tz="UTC"), "run start", nullable=False),
        column("finished_at", pa.timestamp("us", tz="UTC"), "run end", nullable=False),
        column("status", pa.string(), "published, failed_validation (a critical check failed: nothing of the batch published) or failed (any other stage; `message` says why). A run that finds nothing new is not recorded (`dateline run` says `skipped`)", nullable=False, allowed=["published", "failed_validation", "failed"]),
        column("kind", pa.string(), "run (a batch of inputs) or audit (the whole published lake re-checked); null in rows written before kinds were recorded (the `run_history` view infers it)", allowed=["run", "audit"]),
        column("inputs", pa.list_(pa.string()), "paths given to the run"),
        column("articles_seen", pa.int32(), "articles read from the inputs", nullable=False),
        column("articles_new", pa.int32(), "articles not already in the lake", nullable=False),
        column("articles_other_language", pa.int32(), "new articles not in the model's language (articles.language): stored in articles, not extracted; null for runs before it was counted"),
        column("input_errors", pa.int32(), "inputs skipped: unreadable files or lines, articles extraction failed on", nullable=False),
        column("skipped", pa.list_(pa.string()), "each input skipped, as 'source: reason'"),
        column("model_name", pa.string(), "spaCy pipeline name", nullable=False),
        column("model_version", pa.string(), "spaCy pipeline version", nullable=False),
        column("quarantined_rows", pa.int32(), "rows held back in quarantine Parquet for failing a check", nullable=False),
        column("row_counts", pa.map_(pa.string(), pa.int64()), "rows this run published per table (entities excluded: it is rewritten whole)"),
        column("message", pa.string(), "why the run failed, when it did"),
    ],
)
