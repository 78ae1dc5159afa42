import pyarrow as pa

from schemas.table import Table, column

ROLES = ["actor", "target", "place", "time", "amount", "instrument"]

TABLE = Table(
    name="event_arguments",
    grain="one row per argument (role filler) of an event",
    primary_key=("argument_id",),
    references={"event_id": "events.event_id", "article_id": "articles.article_id", "entity_id": "entities.entity_id"},
    fields=[
        column("argument_id", pa.string(), "event_id:role:start_char-end_char", nullable=False),
        column("event_id", pa.string(), "event the argument belongs to", nullable=False),
        column("article_id", pa.string(), "article the argument is in", nullable=False),
        column("role", pa.string(), "who did it (actor), to whom (target), where, when, how much, with what", nullable=False, allowed=ROLES),
        column("text", pa.string(), "argument as written: body[start_char:end_char]", nullable=False),
        column("start_char", pa.int32(), "argument start offset", nullable=False, span_of="text,end_char"),
        column("end_char", pa.int32(), "argument end offset", nullable=False),
        column("entity_id", pa.string(), "canonical entity when the argument is one"),
        column("rule", pa.string(), "what gave the argument: the trigger's dependency (nsubj, dobj, prep_in, ...) or a named rule "
               "(light, shared_object, partaker, claimant, same_event_phrase, place_of_argument, modifier, ...; "
               "transforms/events/relations.py); a subject found through a controlling verb is nsubj; "
               "null in data written before arguments recorded it"),
    ],
)
