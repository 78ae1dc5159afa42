"""Entity ids and the name keys they are made from: pure functions of strings.

Outside the `transforms.entities` package (whose `__init__` registers a spaCy component, and so
imports spaCy): the run's own process folds entities, reads the lake's name index and links
names with these functions, and never needs spaCy. `transforms.entities.keys` re-exports them.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

POSSESSIVE_IN_NAME = re.compile(r" ?'s\b")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})


def entity_id_for(label: str, name: str, keep_label: bool = False, article: str | None = None) -> str:
    """Stable id of the entity with this label and canonical name, in any article.

    A name of two words or more names one thing whatever label the model gave it in each
    article ("Manchester United" read as a person in one, a place in another), so its id
    leaves the label out; a one-word name needs it ("Jordan" the country or the player), as
    does a name a rule gave a second sense (``keep_label``: the town "Los Angeles" and its
    club). The linker passes ``person_key`` as the name, so spellings of one full name share
    an id. ``article`` confines the id to one article (see ``known_by_one_name``)."""
    key = name_key(name)
    scope = label if keep_label or len(key.split()) < 2 else "*"
    if article is not None:
        scope += "@" + article
    return "ent_" + hashlib.sha1(f"{scope}|{key}".encode("utf-8")).hexdigest()[:16]


def known_by_one_name(label: str, name: str, alias: bool) -> bool:
    """A person the article names by one word only: such an entity's id is the article's own.

    "Johnson" alone in two articles may be two people, and nothing in either article says
    which: merging them would be the wrong merge the issue ranks worse than a missed one, so
    such a person is one entity per article. A surname that the article links to a full
    name takes the full name's global id instead; places and organisations named by one word
    ("Huawei", "China") are global."""
    return label == "PERSON" and not alias and len(name_key(name).split()) == 1


@lru_cache(maxsize=1 << 16)  # the rules ask for the same few thousand words and names again and again
def name_key(name: str) -> str:
    """Normalized form of a name: case, accents ("Zürich" / "Zurich", as wires often drop
    them), periods, apostrophe shapes, a possessive "'s" inside the name ("New People's
    Party" / "New People Party") and spacing do not matter."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = unicodedata.normalize("NFKC", text).translate(APOSTROPHES).casefold()
    text = POSSESSIVE_IN_NAME.sub("", text.replace(".", " "))
    return " ".join(text.split())


def person_key(name: str, nicknames: dict[str, str]) -> str:
    """The key of a person's full name that ignores middle initials and a familiar given name.

    "Mike Pompeo", "Michael Pompeo" and "Michael R. Pompeo" are one person wherever they
    appear, so they share a key and an id. A name of one word (a surname or a given name
    alone) is left as it is: "Mike" could be anyone.
    """
    words = name_key(name).split()
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w) > 1] + [words[-1]]
    if len(words) > 1:
        words[0] = nicknames.get(words[0], words[0])
    return " ".join(words)
