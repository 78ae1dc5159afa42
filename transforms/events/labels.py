"""The spaCy entity labels the event stages tell apart."""
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TIME_LABELS = frozenset({"DATE", "TIME"})
AMOUNT_LABELS = frozenset({"MONEY", "PERCENT", "QUANTITY"})
AGENT_LABELS = frozenset({"PERSON", "ORG", "NORP"})
# Entities that name things rather than happenings: a lexicon word inside one ("Justice
# Department", "Fire Brigade") is not a trigger.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "LAW",
                         "PRODUCT", "LANGUAGE"})
