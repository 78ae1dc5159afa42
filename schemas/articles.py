import pyarrow as pa

from schemas.table import Table, column

TABLE = Table(
    name="articles",
    grain="one row per distinct article (by content hash of its body)",
    primary_key=("article_id",),
    references={"dateline_entity_id": "entities.entity_id"},
    fields=[
        column("article_id", pa.string(), "sha256 of the body, first 16 hex digits: the same text twice is one article", nullable=False),
        column("source_uri", pa.string(), "input file path (with :line for JSON Lines) the article was first read from", nullable=False),
        column("title", pa.string(), "headline: the input's title field, or the body's first line when it looks like one"),
        column("published_at", pa.timestamp("us", tz="UTC"), "publication time when the input gives one"),
        column("published_year", pa.int32(), "publication or copyright year: the coarsest date evidence known"),
        column("publisher", pa.string(), "publisher, from the input or a '© <year> <publisher>' footer"),
        column("distributor", pa.string(), "syndicator from a 'Distributed by ...' footer"),
        column("byline", pa.string(), "author line when the input gives one"),
        column("url", pa.string(), "canonical URL when the input gives one"),
        column("language", pa.string(), "ISO 639-1 language of the body: the one an HTML page declares, else the one detected from the body (py3langid, when the body has at least 20 words and the detection a probability of at least 0.9), else the model's. An article not in the model's language is stored but not extracted (no mentions, quotes or events)", nullable=False),
        column("source_encoding", pa.string(), "the input's character encoding when it was not UTF-8 (e.g. cp1252); null for UTF-8"),
        column("dateline_place", pa.string(), "place of the dateline opening the body, as written (\"WASHINGTON\", \"RENO, Nev.\"); the dateline stays in body"),
        column("wire", pa.string(), "news agency the dateline names in brackets (\"(AP)\", \"(Reuters)\"), as seeds/reference/wire_agencies.csv names it, else as written"),
        column("dateline_entity_id", pa.string(), "entity of the mention over the dateline's place; null when the entities component found no mention there"),
        column("duplicate_of", pa.string(), "for a near-duplicate (the same story in another version: MinHash over 5-word shingles, estimated Jaccard similarity at least 0.5 to an article stored before it), the article_id of the first-seen article of its cluster; null for an article like no earlier one"),
        column("duplicate_similarity", pa.float64(), "estimated Jaccard similarity of the body's 5-word shingles to the closest earlier article, when duplicate_of is set"),
        column("body", pa.string(), "article text; every offset in every other table indexes it", nullable=False),
        column("word_count", pa.int32(), "whitespace-separated words in body", nullable=False),
        column("ingested_at", pa.timestamp("us", tz="UTC"), "when this article was first ingested", nullable=False),
    ],
)
