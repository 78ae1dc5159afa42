"""`entity_names`: the lake's index of short names (a side table: kept in the lake and its
manifest, read by each run, not loaded into the warehouse; `warehouse.name_index`)."""
import pyarrow as pa

from schemas.table import Table, column

TABLE = Table(
    name="entity_names",
    grain="one row per short name (a surname, by name_key) that a person entity of the lake bears or is written as, or a one-word organization is named",
    primary_key=("short_name",),
    fields=[
        column("short_name", pa.string(), "the short name, as `name_key` writes it (blair)", nullable=False),
        column("bearer_ids", pa.list_(pa.string()), "lake-wide full-name person entities whose name ends with it"),
        column("bearer_names", pa.list_(pa.string()), "their names, in the same order"),
        column("bearer_articles", pa.list_(pa.int32()), "articles each bearer is in, in the same order"),
        column("bearer_short_articles", pa.list_(pa.int32()), "articles that write each bearer by this short name alone (Tony Blair as \"Blair\"), in the same order: who the lake calls by it"),
        column("bearer_genders", pa.list_(pa.string()), "the gender each bearer's title or given name tells, or empty"),
        column("bearer_titles", pa.list_(pa.string()), "titles and honorifics written before each bearer anywhere in the lake (president|mr), in the same order"),
        column("org_id", pa.string(), "the lake's one-word organization of this name (Labour), if any"),
        column("org_articles", pa.int32(), "articles that organization is in"),
        column("other_articles", pa.int32(), "articles naming a one-word place, people or other non-person, non-organization entity by it (Leicester the city): rivals of the organization"),
        column("variant_ids", pa.list_(pa.string()), "organizations named by a head of `entity_variant_heads.csv` and this word (Church of Zembla, Zembla Corporation): long forms of the organization (rule lake_variant); null in a row written before 2026-12-07 (fourth round), which counted none"),
        column("variant_articles", pa.list_(pa.int32()), "articles each long form is in (of the runs that counted them), in the same order"),
        column("variant_short_articles", pa.list_(pa.int32()), "of those, the articles that write the word alone too, as an organization beside the long form or merged into it (Zembla Airlines ... Zembla): the lake calls the long form by it"),
        column("org_link", pa.string(), "the long form the one-word organization is linked to by lake_variant (its `entities.linked_entity_id`), or empty; null in a row of the older form"),
        column("tail_articles", pa.int32(), "articles naming a two-word organization that ends with this word and is no long form (the Daily Telegraph for telegraph): rivals of a lake_variant link; null in a row of the older form"),
        column("lone_ids", pa.list_(pa.string()), "article-local person entities written by this word alone, linked or not (a run touching the row decides every link again: `transforms.lake_names.relink`; rows written before 2026-12-07 held only those not linked yet, and lack `lone_links`)"),
        column("lone_genders", pa.list_(pa.string()), "the gender a title before each tells (Mr, Mrs), or empty"),
        column("lone_titles", pa.list_(pa.string()), "titles written before each lone entity (baroness|justice), or empty"),
        column("lone_after_name", pa.list_(pa.string()), "what comes right before each lone entity inside a sentence: \"name\" (a capitalized word: Newcastle United), \"initial\" (S Easterby), or empty"),
        column("lone_listed", pa.list_(pa.bool_()), "whether each lone entity is only ever written in a list of names (a team sheet)"),
        column("lone_links", pa.list_(pa.string()), "the entity each lone entity is linked to at lake level (its `entities.linked_entity_id`), or empty; null for a row of the older form"),
        column("lone_rules", pa.list_(pa.string()), "the rule of each link (lake_surname, lake_org_name, lake_surname_listed), or empty"),
    ],
)
