"""Events: typed occurrences with arguments, modality and the date they happened.

The ``dateline_events`` component runs five stages, each a module of this package:

1. ``triggers``: words that announce an event (verbs, nominalizations, a few adjectives) from
   the lexicon in ``seeds/reference/event_types.csv``, each found by a named rule (the row's
   ``rule``) and kept unless a named filter says it is used in a sense that is no event;
2. ``relations`` and ``arguments``: each trigger's participants read off the dependency parse,
   given roles by the relation -> role table in ``event_roles.csv``;
3. ``modality``: whether the event happened as told, from the cues in ``event_modality.csv``;
4. ``dates``: the time argument the event's date is read from (it becomes a calendar date in
   ``transforms.dates.resolve_date``);
5. ``merging``: mentions of the same occurrence merged into one event (``mention_count``).

Stages pass frozen values (`Trigger`, `Argument`, `EventMention`); the reference tables and a
per-document index are read-only.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from transforms.events.arguments import DocIndex, arguments_of, index_doc
from transforms.events.dates import date_phrase
from transforms.events.merging import is_definite_nominal, merge_mentions
from transforms.events.mention import EventMention
from transforms.events.modality import MODALITIES, modality_of
from transforms.events.reference import EventReference, TriggerEntry, load_reference
from transforms.events.triggers import RULES, Trigger, find_triggers
from transforms.pipeline import guarded, register_extensions
from transforms.reference_files import resolve_reference_dir

__all__ = ["MODALITIES", "RULES", "EventExtractor", "EventMention", "EventReference", "TriggerEntry",
           "find_event_mentions", "load_reference", "merge_mentions"]

register_extensions()


def _mention(doc: Doc, trigger: Trigger, ref: EventReference, idx: DocIndex) -> EventMention:
    args = arguments_of(doc, trigger.head, trigger.entry, ref, idx)  # 2
    modality = modality_of(trigger.head, ref)  # 3
    date = date_phrase(args, trigger.head, modality)  # 4
    phrase = doc[trigger.phrase_start:trigger.end]
    return EventMention(trigger.entry.event_type, phrase.text, phrase.start_char, phrase.end_char, modality,
                        date, args, trigger.rule, is_definite_nominal(doc, phrase.start_char, phrase.end_char))


def find_event_mentions(doc: Doc, ref: EventReference) -> list[EventMention]:
    """One mention per trigger, before mentions of one occurrence are merged."""
    triggers = find_triggers(doc, ref)  # 1
    idx = index_doc(doc, frozenset(t.head.i for t in triggers), ref)
    return [_mention(doc, t, ref, idx) for t in triggers]


def extract_events(doc: Doc, ref: EventReference) -> list[EventMention]:
    return merge_mentions(find_event_mentions(doc, ref))  # 5


class EventExtractor:
    def __init__(self, reference: EventReference):
        self.reference = reference

    def mentions(self, doc: Doc) -> list[dict]:
        """Every mention as a ``dl_events`` dict, unmerged (what WikiEvents gold annotates)."""
        return [m.as_dict() for m in find_event_mentions(doc, self.reference)]

    @guarded("dateline_events")
    def __call__(self, doc: Doc) -> Doc:
        doc._.dl_events = [e.as_dict() for e in extract_events(doc, self.reference)]
        return doc


@Language.factory(
    "dateline_events",
    default_config={"reference_dir": "seeds/reference"},
    requires=["doc._.dl_mentions", "token.dep", "token.lemma", "token.pos"],
    assigns=["doc._.dl_events"],
)
def make_events(nlp: Language, name: str, reference_dir: str) -> EventExtractor:
    return EventExtractor(load_reference(resolve_reference_dir(reference_dir)))
