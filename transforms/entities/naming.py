"""The general naming rules: mention passes that cut the model's spans down to names and find
the names it missed, in any kind of news text."""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from transforms.entities.keys import name_key
from transforms.entities.passes import Article, Found, Mention
from transforms.entities.reference import Reference
from transforms.entities.word_index import WordIndex, inside_word, is_figure, opens_sentence
from transforms.entities.word_lists import (
    ACRONYM_FILLERS, HEADED_LABELS, NUMBERLESS_LABELS, POSSESSIVE, PROPAGATED_LABELS,
)
from transforms.labels import DASHES, KEPT_LABELS, PLACE_LABELS

# Grammar, kept in code: punctuation, function words and patterns (data is in entity_*.csv).
BRACKETS = frozenset("()[]")
# Words that open a sentence after a full stop and are nobody's surname (unlike "Such").
SENTENCE_OPENERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "it", "he", "she", "they", "we", "but", "and", "in", "on",
     "at"}
)
ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")
# At most this many capitalized words are taken back in front of a model span.
EXTEND_LEFT_MAX = 3
DETERMINERS = frozenset({"the"})
# "a World Health Organisation rule": an article in lower case is never part of a name (a
# capital "A" may be: "A Tribe Called Quest").
INDEFINITE_ARTICLES = frozenset({"a", "an"})
EDGE_PUNCT = re.compile(r"^[\W_]+$")
ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,9}$")
INITIAL = re.compile(r"^[A-Z]\.$")
# A version written after a name ("Compiler 2", "Suite 2.0") and glued to a short form ("ABC2").
VERSION = re.compile(r"^\d{1,2}(\.\d{1,2})?$")
GLUED_VERSION = re.compile(r"^([A-Za-z]+?)(\d{1,2}(?:\.\d{1,2})?)$")
VERSIONED_ACRONYM = re.compile(r"^[A-Z]{2,9}\d{1,2}(\.\d{1,2})?$")
def prose_words(index: WordIndex) -> tuple[frozenset[str], frozenset[str]]:
    """Words the article writes in lower case and never capitalized inside a sentence: in an
    all-caps headline they are common words, not part of a name ("WORLD CUP QUALIFIER" where
    the text says "World Cup qualifier"); and (lower-cased) the words it capitalizes inside
    a sentence and never writes in lower case."""
    lower, capitalized = set(), set()
    after_punct = False
    for i, t in enumerate(index):
        if t.is_lower and t.is_alpha:
            lower.add(t.text)
        elif t.is_title and not t.is_sent_start and not (after_punct and opens_sentence(index, i)):
            capitalized.add(t.lower_)
        after_punct = t.is_punct
    return frozenset(lower - capitalized), frozenset(capitalized - lower)


def _pieces(
    ref: Reference, index: WordIndex, start: int, end: int, label: str, common: frozenset[str],
    capitalized: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Cut a model span into the names it holds.

    A name never crosses a line break, a bracket or a spaced dash, yet the small model's
    spans do in headlines, datelines and results tables ("Ilona\\nVarkute ( Lithuania",
    "Sri Lanka - Dinesh Weeraman"); nor does a person's name hold a lower-case word other
    than a particle ("Dunmore at Velby"). Pieces after the first keep the model's
    label but count less in the vote.
    """
    if label not in KEPT_LABELS or _inside_title(ref, index, start, end):
        return []
    start = _extend_left(ref, index, start, end, label, common, capitalized)
    if end - start > 1 and index[start].lower_ in ref.honorifics:
        label = "PERSON"  # "Mr Balls" tagged ORG is still a person
    if label == "PERSON":
        # Before splitting, so the "of" in "Secretary of State" does not split the title.
        while start < end and index[start].lower_ in DETERMINERS:
            start += 1
        start = _strip_titles(ref, index, start, end)
    pieces: list[Mention] = []

    def add(s: int, e: int) -> None:
        m = _trim(ref, index, s, e, label, from_model=not pieces, common=common)
        if m:
            pieces.append(m)

    piece_start = start
    for i in range(start, end):
        if _separates(ref, index, i, end, label):
            add(piece_start, i)
            piece_start = i + 1
        elif i > piece_start and "\n" in index[i - 1].whitespace_:
            add(piece_start, i)
            piece_start = i
    add(piece_start, end)
    return pieces


def _separates(ref: Reference, index: WordIndex, i: int, end: int, label: str) -> bool:
    t = index[i]
    if t.is_space or t.text in BRACKETS:
        return True
    if t.text in DASHES and t.whitespace_ and i and index[i - 1].whitespace_:
        # A spaced dash before a name of two words or more separates; before one word
        # it is more likely a hyphen in tokenized text ("Lee Cheuk - yan").
        return end - i > 2 and (index[i + 1].is_title or index[i + 1].is_upper)
    return (
        label == "PERSON"
        and t.is_alpha
        and t.is_lower
        and t.text not in ref.name_particles
        and index[i - 1].text not in DASHES  # "Cheuk - yan" is one hyphenated name
    )


def _trim(
    ref: Reference, index: WordIndex, start: int, end: int, label: str, from_model: bool, common: frozenset[str]
) -> Mention | None:
    """Cut a span down to the name: no "the" or "a", possessive, edge punctuation, title, score,
    nor the ``common`` words of an all-caps headline (see ``prose_words``)."""
    if end - start > 3 and index[start].is_lower and index[start + 1].text == "-" and not index[start].whitespace_:
        start += 3  # "pro-Beijing New People Party": the prefix qualifies the name
    while start < end and (
        index[start].lower_ in DETERMINERS
        or index[start].text in INDEFINITE_ARTICLES
        or EDGE_PUNCT.match(index[start].text)
        or (label in NUMBERLESS_LABELS and is_figure(index[start].text))
        or (end - start > 1 and index[start].is_upper and index[start].lower_ in common)
    ):
        start += 1
    while start < end and (
        index[end - 1].text in POSSESSIVE
        or EDGE_PUNCT.match(index[end - 1].text)
        or (label in NUMBERLESS_LABELS and _is_trailing_figure(index, end - 1, label))
        or _trailing_common_word(ref, index, end - 1)
        or (end - start > 1 and index[end - 1].is_upper and index[end - 1].lower_ in common)
    ):
        end -= 1
    if label == "PERSON":
        start = _strip_titles(ref, index, start, end)
        end = _hyphenated_name_end(ref, index, start, end)
    if start >= end or not any(c.isupper() for c in index.text_of(start, end)):
        return None
    return Mention(start, end, label, from_model)


def _trailing_common_word(ref: Reference, index: WordIndex, i: int) -> bool:
    """"Interfax news agency", "Jiangsu province": a name ends in a capitalized word; a
    lower-case word after it describes the thing (legal forms such as "plc", and the end
    of a hyphenated name, "Pak Tae-su", excepted)."""
    t = index[i]
    if not (t.is_alpha and t.is_lower) or t.lower_ in ref.org_suffixes:
        return False
    return not (i and index[i - 1].text in DASHES)


def _strip_titles(ref: Reference, index: WordIndex, start: int, end: int) -> int:
    stripped = True
    while stripped and start < end:
        stripped = False
        for title in ref.titles.get(index[start].lower_, ()):
            n = len(title)
            # A title alone ("President") is left for the capital-letter check to drop.
            if end - start > n and tuple(t.lower_ for t in index[start : start + n]) == title:
                start += n
                stripped = True
                break
    return start


def _inside_title(ref: Reference, index: WordIndex, start: int, end: int) -> bool:
    """True for "State" in "Secretary of State" or "Treasury" in "Treasury Secretary".

    The model often tags part of a job title as an organization; the title names a role,
    not the organization, and the person's name that follows is the mention that matters.
    """
    words = tuple(t.lower_ for t in index[start:end])
    for title, offset in ref.title_parts.get(words, ()):
        s = start - offset
        if s >= 0 and s + len(title) <= len(index) and tuple(t.lower_ for t in index[s : s + len(title)]) == title:
            return True
    return False


def _extend_left(
    ref: Reference, index: WordIndex, start: int, end: int, label: str, common: frozenset[str], capitalized: frozenset[str]
) -> int:
    """Take back the capitalized words of the name the model left off its span.

    The small model often tags only the end of a name, above all at the start of a
    sentence ("Quantum Viewer" tagged "Viewer"), so that the fragment then stands for
    another thing ("Viewer"). A proper noun written with a capital just before the span,
    on the same line, outside any other entity, and not a title ("President"), an
    honorific or a common word, is part of the name. The span must itself start with a
    capitalized word ("Volta 2", not "0 2 1"), and a word opening a sentence (or a quote
    there) counts only if the article capitalizes it inside a sentence and never writes it
    in lower case ("Former Ohio governor", '"Against Norway we ...' are not names).
    Not for demonyms ("Afghan"); and a person's full name takes nothing more (what comes
    before "Nora Vale" describes her), a surname alone only its given name ("Nora" of
    "Nora Vale"), and a given name alone nothing ("Fleecing Peter", a title).
    """
    if label == "NORP" or start == 0 or start >= end or not index[start - 1].tag_:
        return start  # untagged text: nothing says which capitalized words are names
    if not (index[start].is_alpha and index[start].is_title):
        return start
    if label != "PERSON":
        limit = EXTEND_LEFT_MAX
    else:
        limit = 1 if end - start == 1 and name_key(index[start].text) not in ref.first_names else 0
    taken = 0
    while start > 0 and taken < limit:
        t = index[start - 1]
        if not (
            t.pos_ == "PROPN" and t.is_alpha and t.is_title and len(t.text) > 1 and t.ent_iob_ == "O"
            and t.whitespace_ and "\n" not in t.whitespace_
            and t.lower_ not in ref.titles and t.lower_ not in ref.title_ends
            and t.lower_ not in DETERMINERS and t.lower_ not in common and name_key(t.text) not in ref.common_words
            and (
                not opens_sentence(index, start - 1) or t.lower_ in capitalized
                or (label == "PERSON" and name_key(t.text) in ref.first_names)
            )
        ):
            break
        if not taken and _title_case_line(index, start):
            break  # checked only once a word qualifies: it scans the line
        start -= 1
        taken += 1
    return start


def _join_headed_names(ref: Reference, index: WordIndex, mentions: list[Mention]) -> list[Mention]:
    """"Municipality of Zembla", "Vellan Foundation for the Performing Arts": a name made of an
    institution's or polity's head noun (``entity_name_heads.csv``), "of" or "for", maybe
    "the", and a name is one mention, which the model often tags only in part ("Zembla",
    or "Vellan Foundation" and "Performing Arts"). The fragment alone would stand for another
    thing (the place, "Performing Arts"); the whole is the organization an analyst looks for.

    The head, capitalized and outside any other mention, is taken in front of a model span
    (with up to two capitalized words before it, "Zemblan Ministry of"). A model span
    ending in a head is joined to the span after "of"/"for", but to a place only when the
    first is made of words every country's institutions share ("Supreme Court" of
    "Zembla"): the model read "Vellan State University" and "of the US" as two names,
    and the second says where the first is. Never a person or a people on either side.
    """
    if not ref.name_heads:
        return mentions
    owner = {i for m in mentions for i in range(m.start, m.end)}
    out: list[Mention] = []
    joined: set[int] = set()
    for k, m in enumerate(mentions):
        if id(m) in joined:
            continue
        if m.label == "PERSON":
            out.append(m)
            continue
        front = _head_before(ref, index, m.start, owner)
        if front is not None:
            start, head = front
            m = Mention(start, m.end, ref.name_heads[name_key(index[head].text)])
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if (
            nxt is not None and nxt.label not in ("PERSON", "NORP") and _joins(ref, index, m, nxt)
            and (nxt.label not in PLACE_LABELS or generic_name(ref, index.text_of(m.start, m.end)))
        ):
            label = m.label if m.label in HEADED_LABELS else ref.name_heads[name_key(index[m.end - 1].text)]
            joined.add(id(nxt))
            m = Mention(m.start, nxt.end, label, m.from_model)
        out.append(m)
    return out


def _head_before(ref: Reference, index: WordIndex, start: int, owner: set[int]) -> tuple[int, int] | None:
    """(where the name starts, where its head is) when "<Head> of [the]" comes right
    before token ``start``, else None."""
    i = start - 1
    if i > 0 and index[i].text == "the":
        i -= 1
    if i < 1 or index[i].text not in ("of", "for"):
        return None
    head = i - 1
    t = index[head]
    if not (t.is_title and t.is_alpha) or name_key(t.text) not in ref.name_heads or head in owner:
        return None
    if any("\n" in w.whitespace_ for w in index[head:start]):
        return None
    j = head
    while (
        j > 0 and head - j < 2 and index[j - 1].is_title and index[j - 1].is_alpha and (j - 1) not in owner
        and "\n" not in index[j - 1].whitespace_ and index[j - 1].lower_ not in ref.titles
        and name_key(index[j - 1].text) not in ref.common_words and not opens_sentence(index, j - 1)
    ):
        j -= 1
    return j, head


def _joins(ref: Reference, index: WordIndex, m: Mention, nxt: Mention) -> bool:
    """``m`` ends in a head noun and ``nxt`` follows it after "of"/"for" [the]."""
    last = index[m.end - 1]
    if not last.is_title or name_key(last.text) not in ref.name_heads:
        return False
    i = m.end
    if i >= len(index) or index[i].text not in ("of", "for"):
        return False
    i += 1
    if i < len(index) and index[i].text == "the":
        i += 1
    return nxt.start == i and not any("\n" in t.whitespace_ for t in index[m.end - 1 : nxt.start])


def generic_name(ref: Reference, name: str) -> bool:
    """"Supreme Court", "Parliament", "Ministry of Health": a name made only of words that
    every country's institutions share names a different body in each article ("the
    Parliament" of one state and of another), so its id is the article's own, as a
    person's one-word name is. The alias table can still name one ("Justice Department");
    a short form the article links to a full name ("the Court" of "Zemblan Supreme Court")
    takes the full name's id."""
    words = [w for w in name_key(name).split() if w not in ACRONYM_FILLERS]
    return bool(words) and all(w in ref.generic_words for w in words)


def _add_initialled_names(index: WordIndex, mentions: list[Mention]) -> list[Mention]:
    """"K. Varden", "J. Tulloch": initials before a capitalized word are a person's name.

    The model misses or splits these in scorecards and bylines. A surname the model tagged
    as something other than a person, or initials inside a longer name ("J. P. Morgan
    Chase"), are left alone.
    """
    owner = {i: m for m in mentions for i in range(m.start, m.end)}
    added: list[Mention] = []
    dropped: set[int] = set()
    initials = [k for k, t in enumerate(index) if INITIAL.match(t.text)]
    i = 0
    for k in initials:  # a run of initials starts at each one not in the run before it
        if k < i:
            continue
        if k >= len(index) - 1:
            break
        i = j = k
        while j < len(index) and INITIAL.match(index[j].text):
            j += 1
        surname = owner.get(j)
        on_initials = [owner[k] for k in range(i, j) if k in owner]
        if (
            j < len(index)
            and index[j].is_title
            and index[j].is_alpha
            and len(index[j].text) > 1
            and index[j].lower_ not in SENTENCE_OPENERS  # "World War I. The": a sentence end
            and (surname is None or (surname.label == "PERSON" and surname.start == j))
            and all(m.end - m.start == 1 for m in on_initials)
        ):
            dropped.update(id(m) for m in on_initials)
            if surname:
                dropped.add(id(surname))
            added.append(Mention(i, surname.end if surname else j + 1, "PERSON"))
        i = j + 1
    if not added:
        return mentions
    return sorted([m for m in mentions if id(m) not in dropped] + added, key=lambda m: m.start)


def _add_datelines(index: WordIndex, mentions: list[Mention]) -> list[Mention]:
    """"LONDON 2021-03-14" / "WASHINGTON (Reuters)": a capitalised place opening a line.

    News datelines are a place in capitals at the start of a line, followed by the date or
    the agency in brackets; the small model rarely reads all-caps words as places. The
    place may be followed by its country or state ("KENDAL , England 2021-03-15").
    """
    added = []
    for start in _line_starts(index):
        end = start
        while end < len(index) and end - start < 4 and index[end].is_upper and index[end].is_alpha and len(index[end].text) > 1:
            end += 1
        if end == start:
            continue
        region = None
        if end < len(index) and index[end].text == ",":
            region_end = end + 1
            while (
                region_end - end <= 3 and region_end < len(index)
                and index[region_end].is_title and index[region_end].is_alpha
            ):
                region_end += 1
            if region_end > end + 1:
                region = (end + 1, region_end)
        after = region[1] if region else end
        if not (_date_to_line_end(index, after) or _agency_in_brackets(index, after)):
            continue
        added.append(Mention(start, end, "GPE", kind="dateline"))
        if region:
            added.append(Mention(*region, "GPE", kind="dateline"))
    if not added:
        return mentions
    taken = {i for m in added for i in range(m.start, m.end)}
    kept = [m for m in mentions if not any(i in taken for i in range(m.start, m.end))]
    return sorted(kept + added, key=lambda m: m.start)


def _line_starts(index: WordIndex):
    for i, t in enumerate(index):
        if t.is_space:
            continue
        if i == 0 or "\n" in index[i - 1].whitespace_ or (index[i - 1].is_space and "\n" in index[i - 1].text):
            yield i


def _date_to_line_end(index: WordIndex, i: int) -> bool:
    """The rest of the line is a date: figures and punctuation only, at least one digit."""
    seen_digit = False
    while i < len(index) and not index[i].is_space:
        if any(c.isalpha() for c in index[i].text):
            return False
        seen_digit = seen_digit or any(c.isdigit() for c in index[i].text)
        if "\n" in index[i].whitespace_:
            break
        i += 1
    return seen_digit


def _agency_in_brackets(index: WordIndex, i: int) -> bool:
    return i + 2 < len(index) and index[i].text == "(" and index[i + 1].text[:1].isupper() and index[i + 2].text == ")"


def _add_defined_acronyms(index: WordIndex, mentions: list[Mention]) -> tuple[list[Mention], list[tuple[Mention, Mention]]]:
    """"the National Security Agency (NSA)": the bracketed acronym names the same thing
    when it starts with the name's first letter.

    Returns the mentions (with the acronym added when the model missed it) and the
    (name, acronym) pairs so clustering can join them.
    """
    by_start = {m.start: m for m in mentions}
    added, definitions = [], []
    for m in mentions:
        i = m.end
        if i + 2 >= len(index) or index[i].text != "(" or index[i + 2].text != ")" or not ACRONYM.match(index[i + 1].text):
            continue
        if index[i + 1].text[0] != index[m.start].text[:1].upper():
            continue  # "Kofi Brandt ( U.S. )": a country after a name, not its acronym
        acronym = by_start.get(i + 1)
        if acronym is None:
            acronym = Mention(i + 1, i + 2, m.label, from_model=False)
            added.append(acronym)
        definitions.append((m, acronym))
    if added:
        mentions = sorted(mentions + added, key=lambda m: m.start)
    return mentions, definitions


def _propagate(ref: Reference, index: WordIndex, mentions: list[Mention], fixed: set[int]) -> list[Mention]:
    """Tag the article's other occurrences of names already found (the model misses some).

    Matching is on exact token text, or case-insensitive inside all-caps text such as
    headlines, where the model's tagging is least reliable. Every word must be capitalized
    but the small joining words inside a name ("of", "the", "for": "Bank of Zembla"). A longer name also replaces
    the shorter mentions the model cut it into there ("Dries" and "Mertens" where
    "Dries Mertens" is found elsewhere), except those in ``fixed`` (by ``id``) that
    other rules hold on to.
    """
    owner: list[Mention | None] = [None] * len(index)
    for m in mentions:
        for i in range(m.start, m.end):
            owner[i] = m
    # Dates and numbers block a match: "May" the month is not Theresa May.
    blocked = [False] * len(index)
    for ent in index.ents:
        for i in range(ent.start, ent.end):
            blocked[i] = owner[i] is None
    names: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    labels: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    # Surnames written like one ("Orvik"; not "VR" of "Playstation VR").
    surname_like = set()
    for m in mentions:
        words = tuple(t.text.casefold() for t in index[m.start : m.end])
        labels[words][m.label] += 1
        last = index[m.end - 1]
        if last.is_title and last.is_alpha and len(last.text) > 1:
            surname_like.add(words[-1])
    for words, votes in labels.items():
        label = votes.most_common(1)[0][0]
        if label in PROPAGATED_LABELS:
            names[words[0]].append((words, label))
        # A person named in full is then called by the surname alone ("Dale Orvik" ...
        # "Orvik said"); the short-name rule later joins it to the full name.
        surname = words[-1:]
        if (
            label == "PERSON" and len(words) > 1 and surname not in labels
            and surname[0] in surname_like and surname[0] not in ref.name_particles
        ):
            names[surname[0]].append((surname, label))
    for cands in names.values():
        cands.sort(key=lambda c: len(c[0]), reverse=True)
    found, replaced = [], set()
    # A match starts at a word that opens a name found, and not inside an earlier match.
    openers = [k for k, t in enumerate(index) if t.text.casefold() in names]
    next_start = 0
    for i in openers:
        if i < next_start or blocked[i] or not (owner[i] is None or owner[i].start == i):
            continue
        for words, label in names[index[i].text.casefold()]:
            n = len(words)
            span = index[i : i + n]
            inner = {id(owner[k]): owner[k] for k in range(i, min(i + n, len(index))) if owner[k] is not None}
            if (
                len(span) == n
                and not any(blocked[i : i + n])
                and all(m.end <= i + n and m.end - m.start < n and id(m) not in fixed for m in inner.values())
                and tuple(t.text.casefold() for t in span) == words
                and all(
                    _same_case_or_caps(t.text) or (0 < k < n - 1 and t.lower_ in ACRONYM_FILLERS)
                    or (k > 1 and span[k - 1].text == "-" and not span[k - 1].whitespace_)
                    for k, t in enumerate(span)
                )
                and _looks_like_name(span)
                and not inside_word(index, i, i + n)
            ):
                # The model's tag on the last word, the head of the name, still votes.
                head = owner[i + n - 1]
                found.append(Mention(i, i + n, head.label if head else label, from_model=head is not None))
                replaced.update(inner)
                next_start = i + n
                break
    return sorted([m for m in mentions if id(m) not in replaced] + found, key=lambda m: m.start)


def _add_headed_short_names(ref: Reference, index: WordIndex, mentions: list[Mention]) -> list[Mention]:
    """"the Church of Zembrism" ... "Zembrism said": where the article names a body in full as
    "<Head> of [the] X" with a head whose X alone names the same body (``short_form`` in
    ``entity_name_heads.csv``: Church, Order), the capitalized X the model left untagged
    elsewhere is a mention too, with the full name's label; ``link_short_org_names`` then
    decides whether it joins the full name (the model tags an unfamiliar name in full and
    misses it alone: "Zembrism denies this").

    X must be a name of its own: capitalized words only, no "of" or "and" in it, not an
    alias-table name (a country's church is not the country: "Church of England"), a
    people, a given name, or a common, generic or organization noun. An occurrence must stand
    alone: untagged, no capitalized word right before it inside a sentence or right after it
    (the tail or head of another name), not a sentence's first word unless a proper noun."""
    if not ref.short_form_heads:
        return mentions
    shorts: dict[tuple[str, ...], str] = {}
    for m in mentions:
        words = [t.text for t in index[m.start : m.end]]
        if len(words) < 3 or name_key(words[0]) not in ref.short_form_heads or words[1] != "of" or m.label != "ORG":
            continue
        rest = words[3:] if words[2].lower() == "the" else words[2:]
        if 1 <= len(rest) <= 3 and _own_name(ref, rest):
            shorts.setdefault(tuple(rest), m.label)
    if not shorts:
        return mentions
    covered = [False] * len(index)
    for m in [*mentions, *index.ents]:
        for i in range(m.start, m.end):
            covered[i] = True
    found = []
    for i, t in enumerate(index):
        for words, label in shorts.items():
            n = len(words)
            if t.text != words[0] or i + n > len(index) or any(covered[i : i + n]):
                continue
            if tuple(w.text for w in index[i : i + n]) != words or inside_word(index, i, i + n):
                continue
            if not _looks_like_name(index[i : i + n]) or _next_to_name(index, i, i + n):
                continue
            found.append(Mention(i, i + n, label, from_model=False))
            for k in range(i, i + n):
                covered[k] = True
    if not found:
        return mentions
    return sorted(mentions + found, key=lambda m: m.start)


def _own_name(ref: Reference, words: list[str]) -> bool:
    """The words could name a body alone: capitalized, no joining word, and no place, people,
    given name or common word of the reference tables."""
    key = name_key(" ".join(words))
    if not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return False
    return not (
        key in ref.aliases or key in ref.demonyms or key in ref.common_words or key in ref.org_nouns
        or key in ref.generic_words or name_key(words[0]) in ref.first_names
    )


def _next_to_name(index: WordIndex, start: int, end: int) -> bool:
    """A capitalized word right before (inside a sentence) or right after the span."""
    before = start > 0 and index[start - 1].is_title and not opens_sentence(index, start - 1)
    after = end < len(index) and index[end].is_title
    return bool(before or after)


def _add_version_numbers(index: WordIndex, mentions: list[Mention]) -> None:
    """"Alpha Beta Compiler 2" where the article also writes "ABC2": the number after the
    name is its version, part of the name, so that version is another entity than the
    product ("Alpha Beta Compiler") and than its other versions.

    Only when the article glues the same number to the name's initials or to the name
    itself, which scores, ages and counts after a name never are; not for people.
    """
    glued = set()
    for t in index:
        if not (t.text[-1].isdigit() and t.text[0].isalpha()):
            continue
        m = GLUED_VERSION.match(t.text)
        if m and any(c.isupper() for c in m.group(1)):
            glued.add((m.group(1).casefold(), m.group(2)))
    if not glued:
        return
    owned = {i for m in mentions for i in range(m.start, m.end)}
    for m in mentions:
        i = m.end
        if m.label == "PERSON" or i >= len(index) or i in owned or not VERSION.match(index[i].text):
            continue
        if not index[i - 1].whitespace_ or "\n" in index[i - 1].whitespace_:
            continue
        words = [t.text for t in index[m.start : m.end] if t.lower_ not in ACRONYM_FILLERS and t.text[:1].isalpha()]
        forms = {"".join(w[0] for w in words).casefold(), "".join(t.text for t in index[m.start : m.end]).casefold()}
        if any((form, index[i].text) in glued for form in forms):
            m.end = i + 1
            owned.add(i)


def _add_known_places(ref: Reference, index: WordIndex, mentions: list[Mention]) -> list[Mention]:
    """Countries and regions of the alias table the model missed ("beat Ilona
    Varkute ( Madagascar )", all-caps headlines "NORWAY BEAT ANDORRA").

    Only capitalized or all-caps words, and not the two-letter forms ("US" is also a
    pronoun in capitals).
    """
    covered = [False] * len(index)
    for m in [*mentions, *index.ents]:
        for i in range(m.start, m.end):
            covered[i] = True
    found = []
    i = 0
    while i < len(index):
        t = index[i]
        if covered[i] or not (t.is_title or t.is_upper) or name_key(t.text) not in ref.place_first_words:
            i += 1
            continue
        for n in range(min(ref.longest_place, len(index) - i), 0, -1):
            span, text = index[i : i + n], index.text_of(i, i + n)
            alias = ref.aliases.get(name_key(text))
            if (
                alias is not None and alias.label in PLACE_LABELS and len(text) > 2
                and not any(covered[i : i + n])
                and span[0].text[:1].isupper() and span[-1].text[:1].isupper()
                and all(any(c.isalpha() for c in w.text) for w in span)
                and not inside_word(index, i, i + n)
            ):
                found.append(Mention(i, i + n, alias.label, from_model=False))
                i += n - 1
                break
        i += 1
    if not found:
        return mentions
    return sorted(mentions + found, key=lambda m: m.start)


def _common_words_only(ref: Reference, index: WordIndex, m: Mention) -> bool:
    """"Men 's singles", "W L PCT GB": headings and column heads the model took for names."""
    key = name_key(index.text_of(m.start, m.end))
    return key in ref.common_words or all(w in ref.common_words for w in key.split())


def _hyphenated_name_end(ref: Reference, index: WordIndex, start: int, end: int) -> int:
    """"Lam Ka-yiu", "Somchai Ban-o-rak": the model often ends a person's name at the
    hyphen of a given name written with lower-case syllables. A name of two words or more
    takes back the short lower-case syllables glued to its end by hyphens; not the English
    words glued to names ("-led", "-era"), nor after a one-word name ("Vellan-like")."""
    while (
        end - start >= 2 and end + 1 < len(index) and not index[end - 1].whitespace_ and index[end].text == "-"
        and not index[end].whitespace_ and index[end + 1].is_alpha and index[end + 1].is_lower
        and len(index[end + 1].text) <= 5 and index[end + 1].text not in ref.hyphen_suffixes
    ):
        end += 2
    return end


def _is_trailing_figure(index: WordIndex, i: int, label: str) -> bool:
    """A score, year or code glued to the end of a name by the model.

    Organizations can end in a small number ("Channel 4"), so for them only longer figures,
    or a small one that is followed by more figures or the end of the line, count.
    """
    text = index[i].text
    if ORDINAL.match(text):
        return True  # "Marco Ventrel 58th"
    if not is_figure(text):
        return False
    if label != "ORG" or len(text) > 2 or not text.isdigit():
        return True
    after = index[i + 1] if i + 1 < len(index) else None
    return after is None or "\n" in index[i].whitespace_ or after.is_space or after.is_punct or after.like_num


def _looks_like_name(span) -> bool:
    """Guard for propagated matches: a sentence-initial "Will" is not the person Will."""
    if all(t.is_upper or not t.is_alpha for t in span):
        return True
    return any(t.pos_ == "PROPN" for t in span) or not span[0].is_sent_start


def _same_case_or_caps(word: str) -> bool:
    """A propagated match must look like a name: capitalized, or in all-caps text."""
    return word[:1].isupper() or not any(c.isalpha() for c in word)


def _title_case_line(index: WordIndex, i: int) -> bool:
    """The line of token i is a headline in title case ("Zetrix Sues Volta Over Patents"),
    where every word is capitalized and so tells nothing about where a name starts. A line
    with commas is a list of names, not a headline."""
    start = i
    while start > 0 and i - start < 40 and "\n" not in index[start - 1].whitespace_ and not index[start - 1].is_space:
        start -= 1
    end = i
    while end < len(index) - 1 and end - i < 40 and "\n" not in index[end].whitespace_ and not index[end + 1].is_space:
        end += 1
    line = index[start : end + 1]
    words = [t for t in line if t.is_alpha and len(t.text) > 3]
    return (
        len(words) >= 4 and sum(t.is_title for t in words) >= 0.8 * len(words) and not any(t.text == "," for t in line)
    )




# The passes: each takes the article and what the passes before it found, and returns what it found.


def model_mentions(article: Article, found: Found) -> Found:
    """The model's entity spans, each cut into the names it holds (``_pieces``)."""
    index = article.index
    pieces = [
        m for ent in index.ents
        for m in _pieces(article.ref, index, ent.start, ent.end, ent.label_, article.common, article.capitalized)
    ]
    return found._replace(mentions=found.mentions + pieces)


def join_headed_names(article: Article, found: Found) -> Found:
    return found._replace(mentions=_join_headed_names(article.ref, article.index, found.mentions))


def add_initialled_names(article: Article, found: Found) -> Found:
    return found._replace(mentions=_add_initialled_names(article.index, found.mentions))


def add_datelines(article: Article, found: Found) -> Found:
    return found._replace(mentions=_add_datelines(article.index, found.mentions))


def add_defined_acronyms(article: Article, found: Found) -> Found:
    mentions, definitions = _add_defined_acronyms(article.index, found.mentions)
    return Found(mentions, found.definitions + definitions)


def propagate(article: Article, found: Found) -> Found:
    """Other occurrences of the names found; a defined name and its acronym stay as they are."""
    fixed = {id(m) for pair in found.definitions for m in pair}
    return found._replace(mentions=_propagate(article.ref, article.index, found.mentions, fixed))


def add_headed_short_names(article: Article, found: Found) -> Found:
    return found._replace(mentions=_add_headed_short_names(article.ref, article.index, found.mentions))


def add_version_numbers(article: Article, found: Found) -> Found:
    _add_version_numbers(article.index, found.mentions)  # lengthens the mentions it applies to
    return found


def add_known_places(article: Article, found: Found) -> Found:
    return found._replace(mentions=_add_known_places(article.ref, article.index, found.mentions))


def drop_common_words(article: Article, found: Found) -> Found:
    return found._replace(
        mentions=[m for m in found.mentions if not _common_words_only(article.ref, article.index, m)]
    )
