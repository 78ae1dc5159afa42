import pyarrow as pa

from schemas.table import Table, column

TABLE = Table(
    name="quotes",
    grain="one row per attributed statement (quote span) in an article",
    primary_key=("quote_id",),
    references={"article_id": "articles.article_id", "speaker_entity_id": "entities.entity_id"},
    fields=[
        column("quote_id", pa.string(), "article_id:q:start_char-end_char", nullable=False),
        column("article_id", pa.string(), "article the quote is in", nullable=False),
        column("kind", pa.string(), "direct (in quotation marks), indirect (reported speech) or mixed", nullable=False, allowed=["direct", "indirect", "mixed"]),
        column("text", pa.string(), "quoted or reported content: body[start_char:end_char]", nullable=False),
        column("start_char", pa.int32(), "content start offset in articles.body", nullable=False, span_of="text,end_char"),
        column("end_char", pa.int32(), "content end offset in articles.body", nullable=False),
        column("cue", pa.string(), "attributing verb or phrase as written (said, told, according to)"),
        column("cue_start", pa.int32(), "cue start offset", span_of="cue,cue_end"),
        column("cue_end", pa.int32(), "cue end offset"),
        column("speaker", pa.string(), "speaker as written: a name, a pronoun or a description"),
        column("speaker_start", pa.int32(), "speaker start offset", span_of="speaker,speaker_end"),
        column("speaker_end", pa.int32(), "speaker end offset"),
        column("speaker_entity_id", pa.string(), "canonical entity of the speaker; null for descriptions and unknown speakers"),
        column("speaker_kind", pa.string(), "how the speaker was found", nullable=False, allowed=["name", "pronoun", "description", "continuation", "none"]),
        column("speaker_antecedent", pa.string(), "what a relative pronoun speaker (who, which, that) stands for, as written: \"a senior official\" for the \"who\" of \"a senior official, who was at the meeting, said ...\"; null for other speakers and in data written before it was recorded"),
        column("rule", pa.string(), "name of the rule that produced the row, e.g. cue_after, complement_clause, continuation (transforms/quotes/rules.py lists them all); null in data written before rules were recorded"),
    ],
)
