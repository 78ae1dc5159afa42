"""The value the stages build for each trigger: one mention of an event."""
from __future__ import annotations

from dataclasses import dataclass

from transforms.events.arguments import Argument
from transforms.events.dates import DatePhrase


@dataclass(frozen=True)
class EventMention:
    event_type: str
    trigger: str  # the trigger phrase: body[start_char:end_char]
    start_char: int
    end_char: int
    modality: str
    date: DatePhrase | None
    arguments: tuple[Argument, ...]
    rule: str  # the trigger rule that found it (transforms.events.triggers.RULES)
    refers_back: bool  # a bare definite nominal ("the arrest") that may point to an earlier event
    mention_count: int = 1

    def as_dict(self) -> dict:
        """The plain dict ``doc._.dl_events`` holds (docs cross process boundaries)."""
        date = self.date
        return {
            "event_type": self.event_type,
            "trigger": self.trigger,
            "start_char": self.start_char,
            "end_char": self.end_char,
            "modality": self.modality,
            "mention_count": self.mention_count,
            "date_text": date.text if date else None,
            "date_start": date.start_char if date else None,
            "date_end": date.end_char if date else None,
            "arguments": [{"role": a.role, "text": a.text, "start_char": a.start_char, "end_char": a.end_char,
                           "entity_id": a.entity_id, "rule": a.rule} for a in self.arguments],
            "rule": self.rule,
        }
