"""Named-entity mentions and the canonical entities they refer to (``dateline_entities``).

The statistical NER is noisy in ways that are consistent within an article: the same name
gets different labels ("Trump" PERSON five times, ORG three), is missed in some sentences, and
comes with titles, possessives and a leading "the". This component turns ``doc.ents`` into:

- ``doc._.dl_mentions``: one dict per named mention, trimmed to the name itself;
- ``doc._.dl_entities``: one dict per entity, with one label voted over its mentions.

Entity ids are a pure function of (label, canonical key) so the same entity gets the same id
in every article and every run. Merging is conservative on purpose: a wrong merge corrupts
every downstream table, a missed one only splits an entity in two.

The work is two tuples of passes, run in order by ``link``: ``MENTION_PASSES`` find the
mentions (``naming``: the general rules; ``results_tables``: sports tables and match reports,
switched off by ``results_tables: false``), then mentions are clustered by name and
``LINK_PASSES`` join clusters that are one thing (``linking``), and one row is emitted per
mention and per entity. Every pass reads the token attributes through a ``WordIndex``
(``word_index``: the Doc read once, for speed).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from transforms.entities import linking, naming
from transforms.entities import results_tables as tables
from transforms.entities.keys import entity_id_at, entity_id_for, known_by_one_name, name_key, person_key
from transforms.entities.passes import Article, Found, LinkPass, Mention, MentionPass
from transforms.entities.reference import Reference
from transforms.entities.word_index import WordIndex, WordRecordCache
from transforms.pipeline import guarded, register_extensions
from transforms.reference_files import resolve_reference_dir

__all__ = [
    "EntityLinker", "LINK_PASSES", "MENTION_PASSES", "Mention", "Reference", "WordIndex", "entity_id_at", "entity_id_for",
    "known_by_one_name", "link", "name_key", "passes", "person_key",
]

register_extensions()

MENTION_PASSES: tuple[MentionPass, ...] = (
    naming.model_mentions,
    naming.join_headed_names,
    naming.add_initialled_names,
    tables.add_scorecard_names,
    naming.add_datelines,
    tables.add_bracketed_nationals,
    naming.add_defined_acronyms,
    naming.propagate,
    naming.add_headed_short_names,
    naming.add_version_numbers,
    naming.add_known_places,
    tables.add_table_names,
    naming.drop_common_words,
    tables.mark_result_sides,
)
LINK_PASSES: tuple[LinkPass, ...] = (
    tables.gather_teams,
    linking.link_acronyms,
    linking.link_reordered_names,
    linking.link_head_nouns,
    linking.link_short_org_names,
    linking.mark_people_by_title,
    linking.link_short_person_names,
    linking.mark_organizations_by_role,
)


def link(
    article: Article, mention_passes: tuple[MentionPass, ...] = MENTION_PASSES,
    link_passes: tuple[LinkPass, ...] = LINK_PASSES,
) -> tuple[list[dict], dict[str, dict]]:
    """The article's mention rows and entities by id: the passes, in order."""
    found = Found([], [])
    for mention_pass in mention_passes:
        found = mention_pass(article, found)
    clusters = linking.cluster_by_surface(article, found)
    for link_pass in link_passes:
        link_pass(article, clusters)
    return linking.emit(article, clusters)


@Language.factory(
    "dateline_entities",
    default_config={"reference_dir": "seeds/reference", "results_tables": True},
    requires=["doc.ents"],
    assigns=["doc._.dl_mentions", "doc._.dl_entities"],
)
def make_entities(nlp: Language, name: str, reference_dir: str, results_tables: bool) -> EntityLinker:
    return EntityLinker(Reference.load(resolve_reference_dir(reference_dir)), results_tables=results_tables)


def passes(results_tables: bool = True) -> tuple[tuple[MentionPass, ...], tuple[LinkPass, ...]]:
    """The mention and link passes to run: all of them, or all but the results-table ones."""
    if results_tables:
        return MENTION_PASSES, LINK_PASSES
    return (
        tuple(p for p in MENTION_PASSES if p not in tables.MENTION_PASSES),
        tuple(p for p in LINK_PASSES if p not in tables.LINK_PASSES),
    )


class EntityLinker:
    """The component: reads each Doc into a ``WordIndex`` and runs the passes over it."""

    def __init__(self, reference: Reference, results_tables: bool = True):
        self.ref = reference
        self.cache = WordRecordCache()
        self.mention_passes, self.link_passes = passes(results_tables)

    @guarded("dateline_entities")
    def __call__(self, doc: Doc) -> Doc:
        index = WordIndex(doc, self.cache)
        article = Article(index, self.ref, *naming.prose_words(index))
        doc._.dl_mentions, doc._.dl_entities = link(article, self.mention_passes, self.link_passes)
        return doc
