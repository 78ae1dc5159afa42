"""Stage 5, merging: later mentions of one occurrence folded into its first mention.

A mention joins an earlier event of the same type when they share an actor or target and have
the same standing (both told as happened, or the same other modality), or when it is a bare
definite nominal ("the arrest", "the ban") that points back to it, whatever its modality.
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from transforms.events.arguments import Argument
from transforms.events.mention import EventMention

# Grammar, kept in code: the definite determiners (a closed word class).
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
FACTUAL = frozenset({"asserted", "reported"})


def is_definite_nominal(doc: Doc, start_char: int, end_char: int) -> bool:
    """'the arrest', 'this ban': a nominal trigger that refers back to a known event."""
    head = doc.char_span(start_char, end_char).root
    return head.pos_ != "VERB" and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in head.children)


def participants(event: EventMention) -> set[tuple[str, str]]:
    return {(a.role, a.entity_id or a.text.lower()) for a in event.arguments if a.role in ("actor", "target")}


def same_standing(a: EventMention, b: EventMention) -> bool:
    """Whether two mentions can tell of one occurrence: both say it happened (asserted or
    reported), or both give it the same other modality. A ban "recommended" is not the
    blacklisting that happened years ago."""
    return a.modality == b.modality or (a.modality in FACTUAL and b.modality in FACTUAL)


def antecedent(events: list[EventMention], mention: EventMention) -> int | None:
    """The index of the event ``mention`` is another mention of, None for a new event."""
    same_type = [i for i, e in enumerate(events) if e.event_type == mention.event_type]
    own = participants(mention)
    found = next((i for i in reversed(same_type)
                  if same_standing(events[i], mention) and own & participants(events[i])), None)
    if found is None and mention.refers_back and not own and same_type:
        return same_type[-1]
    return found


def _who(a: Argument) -> tuple[str, str]:
    return a.role, a.entity_id or a.text.lower()


def fold(event: EventMention, mention: EventMention) -> EventMention:
    """``event`` with ``mention`` counted in: arguments naming someone or something new added
    (a participant named again is not listed twice), its date if it had none."""
    known = {(a.role, a.start_char) for a in event.arguments} | {_who(a) for a in event.arguments}
    arguments = list(event.arguments)
    for a in mention.arguments:
        if (a.role, a.start_char) not in known and _who(a) not in known:
            arguments.append(a)
            known |= {(a.role, a.start_char), _who(a)}
    arguments = tuple(arguments)
    return replace(event, mention_count=event.mention_count + 1, arguments=arguments,
                   date=event.date if event.date is not None else mention.date)


def merge_mentions(mentions: list[EventMention]) -> list[EventMention]:
    """One event per occurrence, in the order of first mentions."""
    events: list[EventMention] = []
    for m in mentions:
        at = antecedent(events, m)
        if at is None:
            events.append(m)
        else:
            events[at] = fold(events[at], m)
    return events
