import pyarrow as pa

from schemas.table import Table, column

MODALITIES = ["asserted", "negated", "hypothetical", "planned", "reported", "generic"]

TABLE = Table(
    name="events",
    grain="one row per event occurrence in an article (repeated mentions of it are counted, not repeated)",
    primary_key=("event_id",),
    references={"article_id": "articles.article_id"},
    fields=[
        column("event_id", pa.string(), "article_id:e:start_char-end_char of the main trigger", nullable=False),
        column("article_id", pa.string(), "article the event is in", nullable=False),
        column("event_type", pa.string(), "Family.Type from seeds/reference/event_types.csv", nullable=False),
        column("trigger", pa.string(), "word or phrase announcing the event: body[start_char:end_char]", nullable=False),
        column("start_char", pa.int32(), "trigger start offset", nullable=False, span_of="trigger,end_char"),
        column("end_char", pa.int32(), "trigger end offset", nullable=False),
        column("modality", pa.string(), "whether the event happened as told", nullable=False, allowed=MODALITIES),
        column("mention_count", pa.int32(), "times the article mentions this occurrence", nullable=False),
        column("event_date", pa.date32(), "when it happened, resolved against the publication date; null when unresolvable"),
        column("event_date_granularity", pa.string(), "precision of event_date", allowed=["day", "month", "year"]),
        column("event_date_text", pa.string(), "the text the date came from"),
        column("rule", pa.string(), "the trigger rule that found the event (its first mention), one of "
               "transforms/events/triggers.py RULES, e.g. lexicon_verb (attacked), lexicon_phrase (blew up), "
               "light_verb_noun (issued a statement); null in rows written before rules were recorded"),
    ],
)
