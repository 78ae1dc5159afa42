"""spaCy entity-label classes and the punctuation classes every extraction stage shares: grammar,
kept in code, one copy of each (vocabulary a user could extend is in seeds/reference/)."""
from __future__ import annotations

# Labels Dateline keeps as entities: names of one thing (EVENT included: "World Cup").
KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART", "LANGUAGE"}
)
# Entities that name things rather than happenings: a trigger word inside one ("Justice
# Department", "Fire Brigade") is not an event.
NAME_LABELS = KEPT_LABELS - {"EVENT"}
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TIME_LABELS = frozenset({"DATE", "TIME"})
AMOUNT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY"})
# Who acts (an event's actor) ...
AGENT_LABELS = frozenset({"PERSON", "ORG", "NORP"})
# ... and who can speak: a state speaks through its government ("China said").
SPEAKER_LABELS = AGENT_LABELS | {"GPE"}

# Dashes as tokenised: hyphen, en dash, em dash, a typed double hyphen, horizontal bar.
DASHES = frozenset({"-", "–", "—", "--", "―"})
# The clitic "'s": a possessive or a contracted "is"/"has" ("it's been said").
S_CLITICS = frozenset({"'s", "’s"})
