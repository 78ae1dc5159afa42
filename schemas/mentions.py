import pyarrow as pa

from schemas.table import Table, column

LABELS = ["PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE"]

TABLE = Table(
    name="mentions",
    grain="one row per named-entity mention in an article",
    primary_key=("mention_id",),
    references={"article_id": "articles.article_id", "entity_id": "entities.entity_id"},
    fields=[
        column("mention_id", pa.string(), "article_id:start_char-end_char", nullable=False),
        column("article_id", pa.string(), "article the mention is in", nullable=False),
        column("entity_id", pa.string(), "canonical entity the mention refers to", nullable=False),
        column("text", pa.string(), "mention as written: body[start_char:end_char]", nullable=False),
        column("label", pa.string(), "entity label, voted over all the entity's mentions", nullable=False, allowed=LABELS),
        column("start_char", pa.int32(), "offset of the first character in articles.body", nullable=False, span_of="text,end_char"),
        column("end_char", pa.int32(), "offset after the last character in articles.body", nullable=False),
    ],
)
