import pyarrow as pa

from schemas.mentions import LABELS
from schemas.table import Table, column

TABLE = Table(
    name="entities",
    grain="one row per canonical entity (person, organization, place, ...) across all articles",
    primary_key=("entity_id",),
    fields=[
        column("entity_id", pa.string(), "stable id: a hash of the canonical name (and of the label for a one-word name), equal across runs and articles", nullable=False),
        column("name", pa.string(), "canonical name (the fullest form seen, or the alias table's name)", nullable=False),
        column("label", pa.string(), "entity label", nullable=False, allowed=LABELS),
        column("aliases", pa.list_(pa.string()), "distinct surface forms seen in mentions"),
        column("country_entity_id", pa.string(), "for a demonym (NORP: Chinese, Americans), the entity_id of its country (seeds/reference/entity_demonyms.csv), the same id the country gets where an article names it; null otherwise"),
        column("vote_labels", pa.list_(pa.string()), "the labels the lake's articles gave the entity (its label is the one with the most weight, see vote_weights); null for a row written before the lake voted"),
        column("vote_weights", pa.list_(pa.int32()), "their weights, in the same order: one per article, three for an article that shows an organization (\"Lib Dem leader\", \"Lib Dems\") so that it outweighs a person guess"),
        column("linked_entity_id", pa.string(), "set when the lake links this entity to another at lake level (a one-word person an article named by surname only, linked to the lake's dominant full-name bearer of it; a one-word \"person\" the lake knows as an organization; a name an older article gave its own entity that the alias table now gives another, \"New York City\"): the entity its mentions, quotes and event arguments carry in the warehouse; null otherwise"),
        column("link_rule", pa.string(), "the rule that decided the lake-level link (seeds/reference/entity_lake_links.csv: lake_surname, lake_surname_listed, lake_org_name, lake_variant, alias_table); null for an entity not linked at lake level, so `WHERE link_rule IS NULL` keeps only article-level identity", allowed=["lake_surname", "lake_surname_listed", "lake_org_name", "lake_variant", "alias_table"]),
        column("mention_count", pa.int32(), "mentions across all articles", nullable=False),
        column("article_count", pa.int32(), "articles mentioning the entity", nullable=False),
        column("first_seen", pa.timestamp("us", tz="UTC"), "first ingestion time of an article mentioning it", nullable=False),
        column("last_seen", pa.timestamp("us", tz="UTC"), "latest ingestion time of an article mentioning it", nullable=False),
    ],
)
