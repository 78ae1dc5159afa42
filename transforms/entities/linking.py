"""Clustering and the general link passes: mentions grouped by the key of their name, then
clusters joined where the article shows two names are one thing, then one row per mention
and per entity."""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

from transforms.entities.keys import entity_id_for, known_by_one_name, name_key, person_key
from transforms.entities.naming import ACRONYM, VERSION, VERSIONED_ACRONYM, generic_name
from transforms.entities.passes import Article, Cluster, Found, Mention, follow, merge, vote
from transforms.entities.reference import Alias, Reference
from transforms.entities.word_index import WordIndex, opens_sentence, word_at
from transforms.entities.word_lists import ACRONYM_FILLERS, HEADED_LABELS, LOCATIVE_PREPOSITIONS
from transforms.labels import PLACE_LABELS


def cluster_by_surface(article: Article, found: Found) -> dict[str, Cluster]:
    """Mentions grouped by the key of their written name (``_surface_key``), a defined name
    joined to its acronym."""
    by_key: dict[str, Cluster] = {}
    key_of: dict[int, str] = {}
    for m in found.mentions:
        key, alias = _surface_key(article.ref, article.index, m)
        key_of[id(m)] = key
        cluster = by_key.setdefault(key, Cluster())
        cluster.mentions.append(m)
        cluster.alias = cluster.alias or alias
    for long, short in found.definitions:
        merge(by_key, key_of[id(short)], key_of[id(long)])
    return by_key


def _link_acronyms(index: WordIndex, by_key: dict[str, Cluster]) -> None:
    """"KPA" is the article's one "Korean People's Army" when its letters are the initials;
    "ABC2" is its "Alpha Beta Compiler 2" (a version stays with the version)."""
    by_initials: dict[str, list[str]] = defaultdict(list)
    for key, cluster in by_key.items():
        m = cluster.mentions[0]
        words = [t.text for t in index[m.start : m.end] if t.lower_ not in ACRONYM_FILLERS and t.text[:1].isalpha()]
        if len(words) >= 2 and all(w[:1].isupper() for w in words):
            version = index[m.end - 1].text if VERSION.match(index[m.end - 1].text) else ""
            by_initials["".join(w[0] for w in words) + version].append(key)
    for key in list(by_key):
        cluster = by_key.get(key)
        if cluster is None or cluster.alias:
            continue
        m = cluster.mentions[0]
        text = index.text_of(m.start, m.end)
        if m.end - m.start != 1 or not (ACRONYM.match(text) or VERSIONED_ACRONYM.match(text)):
            continue
        targets = [k for k in by_initials.get(text.replace(".", ""), ()) if k in by_key and k != key]
        if len(targets) == 1:
            merge(by_key, key, targets[0])


def _link_reordered_names(by_key: dict[str, Cluster], ref: Reference) -> None:
    """"Supreme Court of Zembla" is the article's "Zembla Supreme Court": an institution
    named by words every country's institutions share, "of" and where it is, is the same
    one when the article also puts the place in front, in any spelling of the alias table
    ("UK Supreme Court", "Supreme Court of the United Kingdom")."""
    fronted: dict[str, str] = {}
    for key in by_key:
        words = key.split()
        if ":" in key or "of" in words:
            continue
        fronted.setdefault(key, key)
        for n in range(1, min(3, len(words) - 1) + 1):
            alias = ref.aliases.get(" ".join(words[:n]))
            if alias is not None and alias.label in PLACE_LABELS:
                fronted.setdefault(" ".join([name_key(alias.name), *words[n:]]), key)
    for key in list(by_key):
        words = key.split()
        if key not in by_key or ":" in key or "of" not in words[1:-1]:
            continue
        i = words.index("of")
        head, rest = words[:i], words[i + 1 :]
        if rest[0] == "the":
            rest = rest[1:]
        if not rest or not all(w in ref.generic_words for w in head):
            continue
        place = " ".join(rest)
        alias = ref.aliases.get(place)
        if alias is not None and alias.label in PLACE_LABELS:
            place = name_key(alias.name)
        other = fronted.get(" ".join([place, *head]))
        if other is not None:
            merge(by_key, key, other)


def _link_head_nouns(index: WordIndex, by_key: dict[str, Cluster]) -> None:
    """"the Ministry" is the article's one "Ministry of Works", "the High Court" its one
    "Zemblan High Court of Appeal": a capitalized short form after "the" stands for the one
    organization or place the article names whose head ends in those words (the head is what
    comes before "of" or "for", else the whole name). Without this every article's "the
    Ministry" would share one id. Two such names ("Ministry of Works", "Ministry of Health")
    leave it alone; people are never the target ("the Duke" and "Duke of Kent").

    A single word is the head only of a "<Noun> of ..." name, or reached through a longer
    short form the article also uses ("the High Court" ... "the Court"): "the House" is not
    the "White House", as "the Ministry" is not a "Foreign Ministry" in an article that also
    names a "Ministry of Works"."""
    heads: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for key, cluster in by_key.items():
        words = key.split()
        if ":" in key or len(words) < 2 or (cluster.label or vote(cluster)) not in HEADED_LABELS:
            continue
        cut = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
        head = words[:cut]
        for n in range(1, min(len(head), len(words) - 1) + 1):
            heads[tuple(head[-n:])].add(key)
    if not heads:
        return
    folded: dict[str, str] = {}
    for key in sorted(by_key, key=lambda k: -len(k.split())):
        cluster = by_key.get(key)
        words = tuple(key.split())
        if cluster is None or cluster.alias or words not in heads:
            continue
        if (cluster.label or vote(cluster)) not in HEADED_LABELS:
            continue
        if not all(m.start and index[m.start - 1].lower_ == "the" for m in cluster.mentions):
            continue
        targets = heads[words]
        if len(words) == 1:
            targets = {t for t in targets if t.split()[0] == words[0] or t in folded}
        targets = {follow(folded, t) for t in targets} - {key}
        if len(targets) == 1:
            target = targets.pop()
            merge(by_key, key, target)
            folded[key] = target


def _link_short_org_names(ref: Reference, index: WordIndex, by_key: dict[str, Cluster]) -> None:
    """"Velmar" is the article's one "Order of Velmar": an organization named in full as
    "<Head> of [the] X" (the head, Order, Church, House, is the generic part) is then
    called by X alone ("the House of Lords" ... "the Lords").

    Conservative, as a wrong merge is worse than a missed one: X must not be a place (no
    third of its mentions tagged as one, nor an alias-table entity: "Bank of England" is not
    "England"), a person, a people ("Czechs"), a generic noun ("Party") or a body the article names other
    things of ("House of Parliament", "Act of Parliament"), nor a word the
    article writes in lower case about as often as it names X; and only one full name may
    claim it. Other shapes ("Zetra Linux" ... "Linux") are left alone: the last word of
    a name is as often a thing of its own. Within an article only."""
    claims: dict[str, set[str]] = defaultdict(set)
    for key, cluster in by_key.items():
        words = key.split()
        if cluster.alias or ":" in key or len(words) < 3 or words[1] != "of":
            continue
        if (cluster.label or vote(cluster)) in PLACE_LABELS | {"PERSON", "NORP"}:
            continue
        rest = words[3:] if words[2] == "the" else words[2:]
        if rest and "of" not in rest:
            claims[" ".join(rest)].add(key)
    if not claims:
        return
    # How often the article writes a word in lower case ("news" is a common word; a
    # name's odd lower-case spelling is outnumbered by its mentions).
    lower = Counter(t.lower_ for t in index if t.is_lower and t.is_alpha)
    for short, fulls in claims.items():
        cluster = by_key.get(short)
        if cluster is None or cluster.alias or cluster.label or len(fulls) != 1:
            continue
        full = next(iter(fulls))
        both = by_key[full].mentions + cluster.mentions
        if vote(cluster) in PLACE_LABELS | {"PERSON"} or any(m.label == "NORP" or m.kind for m in both):
            continue
        # The model tags a place now and then as something else, a name now and then as a
        # place: X written out is a place when a third of its mentions are tagged as one.
        written = [m.label for m in cluster.mentions if name_key(index.text_of(m.start, m.end)) == short]
        if 3 * sum(label in PLACE_LABELS for label in written) >= len(written):
            continue
        if short in ref.org_nouns or short in ref.generic_words \
                or any(2 * lower[w] >= len(cluster.mentions) for w in short.split()):
            continue  # "either House of Parliament": every country's Parliament is no one body's short form
        if len(_heads_before(index, short)) > 1:
            continue  # "House of Parliament", "Act of Parliament": a body things are of
        stem = short[:-1] if short.endswith("s") else ""
        if stem and (stem in ref.place_first_words or (stem in by_key and vote(by_key[stem]) == "NORP")):
            continue  # "Czechs" as the Czech people, whatever the model tagged
        by_key[full].label = vote(by_key[full])
        merge(by_key, short, full)


def _heads_before(index: WordIndex, short: str) -> set[str]:
    """The capitalized words written as "<Word> of X" before the name X (key ``short``) in
    the article, but for a sentence's first word: the heads of the names made from X
    ("Critics of X said" is no name)."""
    n = len(short.split())
    return {
        index[i - 1].lower_ for i in range(1, len(index) - n)
        if index[i].lower_ == "of" and index[i - 1].is_title and not opens_sentence(index, i - 1) and name_key(index.text_of(i + 1, i + 1 + n)) == short
    }


def _link_short_person_names(
    index: WordIndex, by_key: dict[str, Cluster], title_ends: frozenset[str], nicknames: dict[str, str],
    group_ends: frozenset[str] = frozenset(),
) -> None:
    """Point "Pompeo" / "Meng" at the one full person name in the article they belong to.

    Surnames are tried first, then given names: "Vance" goes to "Ada Vance", not to a
    "Vance Polaroid" the model took for a person. Two candidates of one kind (two Bushes)
    leave the short name on its own. The joined entity is a person whatever the surname's
    own tags said (the model often reads a lone surname as a place or company). A short name
    used as a place ("in Washington") is not joined to "George Washington", nor is one the
    model cut off another name ("Junius Ho" tagged "Ho" is not the "Cyd Ho" named later).

    A surname the alias table gives to one person ("Trump" -> "Donald Trump") yields to the
    article: one full name there that ends with it ("Melania Trump") takes it instead. A "full
    name" ending with a word only groups bear (``group_ends``: "Manchester United" read as a
    person) takes its short name ("United") but is not made a person by it.
    """
    last_word: dict[str, set[str]] = defaultdict(set)
    first_word: dict[str, set[str]] = defaultdict(set)
    for key, cluster in by_key.items():
        words = key.split()
        if cluster.alias or len(words) < 2 or (cluster.label or vote(cluster)) != "PERSON":
            continue
        first_word[words[0]].add(key)
        last_word[words[-1]].add(key)
        if len(words) > 2:
            last_word[" ".join(words[-2:])].add(key)
    for key in [k for k, c in by_key.items() if c.alias and c.alias.label == "PERSON"]:
        cluster = by_key[key]
        written = {name_key(index.text_of(m.start, m.end)) for m in cluster.mentions}
        if len(written) != 1 or " " in next(iter(written)):
            continue
        targets = last_word.get(written.pop(), set())
        if len(targets) == 1 and name_key(cluster.alias.name) not in targets:
            target = next(iter(targets))
            cluster.alias = None  # the article's own full name, not the table's person
            merge(by_key, key, target)
            by_key[target].label = "PERSON"
    folded: dict[str, str] = {}
    for key in list(by_key):
        cluster = by_key.get(key)
        if cluster is None:  # already folded into another name
            continue
        label = vote(cluster)
        if cluster.alias or key.startswith("team:") or len(key.split()) > 2 or label == "NORP":
            continue
        if label in PLACE_LABELS and any(
            m.start and index[m.start - 1].lower_ in LOCATIVE_PREPOSITIONS for m in cluster.mentions
        ):
            continue
        if any(_after_other_name(index, m.start, title_ends) for m in cluster.mentions):
            continue
        for names_by_word, word in ((last_word, key), (first_word, nicknames.get(key, key))):
            # A target folded into a longer name since is followed there (regression: a
            # surname whose full name had itself been merged raised KeyError and sank the batch).
            targets = {follow(folded, t) for t in names_by_word.get(word, ())} - {key}
            if targets:
                if len(targets) == 1:
                    target = targets.pop()
                    merge(by_key, key, target)
                    folded[key] = target
                    if target.split()[-1] not in group_ends:
                        by_key[target].label = "PERSON"
                break


def _after_other_name(index: WordIndex, start: int, title_ends: frozenset[str]) -> bool:
    """The word before a short name is a capitalized name word, not a title ("President")."""
    if not start:
        return False
    t = index[start - 1]
    if not (t.is_alpha and t.is_title) or t.lower_ in title_ends:
        return False
    return t.pos_ == "PROPN" if index.has_tags else True


def _mark_organizations_by_role(ref: Reference, index: WordIndex, by_key: dict[str, Cluster]) -> None:
    """"Zorvex CEO Alan Reddick", "Ormsby chairman Ray Kettle": a one-word
    name the model read as a person is an organization when a role only companies, clubs
    and parties have follows it ("leader", "manifesto"), or a lower-case noun only they are called by comes right before
    it ("the oil firm Zetrix"): so its id is the organization's in every article, not a
    person's confined to this one. A name joined to a full person name keeps its label.
    A longer name not opening with a given name is one too on the same evidence ("Lib Dem
    leader"), or when it ends with a word only groups bear (`entity_org_name_ends.csv`: "Lib Dems",
    "Manchester United"), read as a person or an organization: either way the article shows one."""
    for key, cluster in by_key.items():
        words = key.split()
        group_end = len(words) > 1 and words[-1] in ref.org_name_ends
        if cluster.alias or cluster.label or vote(cluster) not in ({"PERSON", "ORG"} if group_end else {"PERSON"}) \
                or (len(words) > 1 and words[0] in ref.first_names):
            continue
        if group_end or len(words) <= 3 and any(
            (m.end < len(index) and name_key(word_at(index, m.end)) in ref.org_roles)
            or (m.start and index[m.start - 1].is_lower and index[m.start - 1].lower_ in ref.org_nouns)
            for m in cluster.mentions
        ):
            cluster.label, cluster.org_evidence = "ORG", True


# What the model may have called a person it should not have: a given name opening a name is
# read again only against these labels.
REREAD_LABELS = PLACE_LABELS | {"ORG", "NORP"}


def _mark_people_by_title(ref: Reference, index: WordIndex, by_key: dict[str, Cluster]) -> None:
    """"The firm's founder Peter Quill ... Mr Quill denies it": a name of two or three words
    opening with a given name (`quote_first_names.csv`) that the model read as an organization
    or a place is a person when the article writes a title or an honorific right before it
    ("Chancellor Ada Vance") or before its last word alone ("Mr Quill"). Such an article's
    label then outweighs other articles' guesses in the lake's vote, as organization evidence
    does. A name ending with a word only groups bear ("Charlton Athletic") is left alone."""
    titled = {key for key, cluster in by_key.items() if " " not in key and _titles(ref, index, cluster)}
    for key, cluster in by_key.items():
        words = key.split()
        if cluster.alias or cluster.label or cluster.side or not 2 <= len(words) <= 3 \
                or words[0] not in ref.first_names or words[-1] in ref.org_name_ends \
                or vote(cluster) not in REREAD_LABELS:
            continue
        if words[-1] in titled or _titles(ref, index, cluster):
            cluster.label, cluster.person_evidence = "PERSON", True


def _surface_key(ref: Reference, index: WordIndex, m: Mention) -> tuple[str, Alias | None]:
    text = index.text_of(m.start, m.end)
    key = name_key(text)
    alias = ref.aliases.get(key)
    if alias is None and m.end - m.start > 2 and name_key(index[m.start].text) in ref.aliases:
        # "U.S. Justice Department" is the alias table's "Justice Department".
        alias = ref.aliases.get(name_key(index.text_of(m.start + 1, m.end)))
    if alias:
        if m.kind == "team" and alias.label in PLACE_LABELS:
            return "national:" + name_key(alias.name), alias
        return "alias:" + name_key(alias.name), alias
    if m.kind == "team":
        return "team:" + key, None
    words = key.split()
    while len(words) > 1 and words[-1] in ref.org_suffixes:
        words.pop()
    # Whatever this mention's own label, "Mike Pompeo" and "Michael R. Pompeo" cluster.
    return person_key(" ".join(words), ref.nicknames), None


def _emit(ref: Reference, index: WordIndex, clusters: list[Cluster]) -> tuple[list[dict], dict[str, dict]]:
    mentions, entities = [], {}
    body = index.text
    article = None  # the article's hash, made once and only if a one-name person needs it
    for cluster in clusters:
        label = cluster.alias.label if cluster.alias else cluster.label or vote(cluster)
        name = cluster.alias.name if cluster.alias else _canonical_name(index, cluster)
        if cluster.side == "national":
            name = f"{name} national team"
        scope = None
        if known_by_one_name(label, name, cluster.alias is not None) or (
            not cluster.alias and not cluster.side and generic_name(ref, name)
        ):
            article = article or hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
            scope = article
        eid = entity_id_for(label, person_key(name, ref.nicknames), keep_label=cluster.side == "club",
                            article=scope)
        surfaces = []
        for m in cluster.mentions:
            start_char, end_char = index.char_span(m.start, m.end)
            text = body[start_char:end_char]
            mentions.append(
                {"start_char": start_char, "end_char": end_char, "text": text,
                 "label": label, "entity_id": eid}
            )
            if text not in surfaces:
                surfaces.append(text)
        entry = entities.setdefault(eid, {"name": name, "label": label, "aliases": [],
                                          "country_entity_id": _country_of(ref, label, name)})
        entry["scope"] = "article" if scope else "lake"  # what the lake-level links read (`transforms.lake_names`)
        if label == "PERSON":
            entry["gender"] = entry.get("gender") or _gender(ref, index, cluster, name)
            entry["titles"] = sorted(set(entry.get("titles", [])) | _titles(ref, index, cluster))
            entry["listed"] = all(_in_name_list(index, m) for m in cluster.mentions)
            entry["after_name"] = _word_before_name(ref, index, cluster)
        if cluster.org_evidence:
            entry["org_evidence"] = True
        if cluster.person_evidence:
            entry["person_evidence"] = True
        entry["aliases"].extend(s for s in surfaces if s not in entry["aliases"])
    mentions.sort(key=lambda m: m["start_char"])
    return mentions, entities


def _gender(ref: Reference, index: WordIndex, cluster: Cluster, name: str) -> str | None:
    """The gender an honorific before one of the person's mentions tells ("Mrs Blair"), else
    their given name's ("Tony Blair"); None when neither does."""
    for m in cluster.mentions:
        if m.start and (gender := ref.honorific_genders.get(name_key(index[m.start - 1].text))):
            return gender
    words = name_key(name).split()
    return ref.first_name_genders.get(words[0]) if len(words) > 1 else None


def _titles(ref: Reference, index: WordIndex, cluster: Cluster) -> set[str]:
    """The titles and honorifics written right before the person's mentions ("president", "mr",
    "baroness"), by name_key."""
    out = set()
    for m in cluster.mentions:
        word = name_key(index[m.start - 1].text) if m.start else ""
        if word and (word in ref.title_ends or word in ref.honorifics or word in ref.honorific_genders):
            out.add(word)
    return out


def _word_before_name(ref: Reference, index: WordIndex, cluster: Cluster) -> str:
    """"name" when a capitalized word that is no title comes right before one of the mentions
    inside a sentence ("Sony Ericsson", "Newcastle United": the mention is the tail of another
    name), "initial" when that word is one letter ("S Penrose": a person's initial), else ""."""
    found = ""
    for m in cluster.mentions:
        if not m.start or index[m.start].is_sent_start:
            continue
        t = index[m.start - 1]
        word = name_key(t.text)
        if not t.is_title or word in ref.title_ends or word in ref.honorifics or word in ref.honorific_genders:
            continue
        if index.has_tags and t.pos_ != "PROPN":  # "The Bush administration"
            continue
        if len(t.text.rstrip(".")) > 1:
            return "name"
        found = "initial"
    return found


def _in_name_list(index: WordIndex, m: Mention) -> bool:
    """A name in a run of names a comma or semicolon parts (a team sheet: "Keane, Scholes, Fortune")."""
    before = m.start > 1 and index[m.start - 1].text in (",", ";") and index[m.start - 2].is_title
    after = m.end + 1 < len(index) and index[m.end].text in (",", ";") and index[m.end + 1].is_title
    return bool(before or after)


def _country_of(ref: Reference, label: str, name: str) -> str | None:
    """A demonym's country (`entity_demonyms.csv`: "Chinese" -> China), as the id the country
    itself gets: the alias table's label for it, else a place's."""
    country = ref.demonyms.get(name_key(name)) if label == "NORP" else None
    if country is None:
        return None
    alias = ref.aliases.get(name_key(country))
    return entity_id_for(alias.label if alias else "GPE", person_key(alias.name if alias else country, ref.nicknames))


def _canonical_name(index: WordIndex, cluster: Cluster) -> str:
    """The fullest written form, preferring ordinary capitalisation over all-caps headlines."""
    forms = Counter(index.text_of(m.start, m.end) for m in cluster.mentions)
    return max(forms, key=lambda s: (not s.isupper() or len(s) <= 4, len(s.split()), forms[s], len(s)))




# The link passes: each takes the article and the clusters by key, and joins or relabels clusters.


def link_acronyms(article: Article, by_key: dict[str, Cluster]) -> None:
    _link_acronyms(article.index, by_key)


def link_reordered_names(article: Article, by_key: dict[str, Cluster]) -> None:
    _link_reordered_names(by_key, article.ref)


def link_head_nouns(article: Article, by_key: dict[str, Cluster]) -> None:
    _link_head_nouns(article.index, by_key)


def link_short_org_names(article: Article, by_key: dict[str, Cluster]) -> None:
    _link_short_org_names(article.ref, article.index, by_key)


def link_short_person_names(article: Article, by_key: dict[str, Cluster]) -> None:
    _link_short_person_names(article.index, by_key, article.ref.title_ends, article.ref.nicknames, article.ref.org_name_ends)


def mark_people_by_title(article: Article, by_key: dict[str, Cluster]) -> None:
    _mark_people_by_title(article.ref, article.index, by_key)


def mark_organizations_by_role(article: Article, by_key: dict[str, Cluster]) -> None:
    _mark_organizations_by_role(article.ref, article.index, by_key)


def emit(article: Article, by_key: dict[str, Cluster]) -> tuple[list[dict], dict[str, dict]]:
    """One row per mention, in text order, and one entry per entity by id."""
    return _emit(article.ref, article.index, list(by_key.values()))
