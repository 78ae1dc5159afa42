"""Lake-level links for names an article gives by one word only (issue #24).

An article that names a person only as "Blair" gets an entity of its own (`keys.known_by_one_name`):
nothing in the article says who that is. The lake may: if one full name ending with that word
("Tony Blair") is by far its commonest bearer across the lake, the lone surname is that person.
This module holds the pure part of that decision; `warehouse.name_index` keeps the index it reads
(one row per short name, updated by each run), and `flows.pipeline` writes the links into
`entities.linked_entity_id` / `entities.link_rule`.

An index row (dict) holds, for one short name (a surname by `name_key`):
- the full-name people ending with it (`bearer_*`: entity id, name, articles, gender), and
- the article-local entities written that way (`lone_*`: entity id, gender, ..., the entity it
  is linked to and the rule, or "" while it stays the article's own).

Every lone entity stays in its row, linked or not, so that a run touching the row decides all its
links again (`relink`): a link whose evidence no longer holds (a rival bearer grew) is undone or
moves to the new dominant bearer, in the same commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from transforms.entity_keys import entity_id_for, name_key, person_key
from transforms.labels import PLACE_LABELS
from transforms.reference_files import reference_rows

LINKS_FILE = "entity_lake_links.csv"
LAKE_SURNAME = "lake_surname"
LAKE_ORG_NAME = "lake_org_name"
LAKE_SURNAME_LISTED = "lake_surname_listed"
LAKE_VARIANT = "lake_variant"
VARIANT_HEADS_FILE = "entity_variant_heads.csv"
ALIAS_TABLE = "alias_table"
OLD_LABELS = PLACE_LABELS | {"ORG", "NORP"}  # what a one-word alias was read as, for `alias_rekeyed`


@dataclass(frozen=True)
class LinkRule:
    name: str
    min_share: float
    min_articles: int
    # Given names (`quote_first_names.csv`): "Charles" or "John" alone is never linked; nor is a
    # demonym (`entity_demonyms.csv`: "Welsh", "Briton" read as a person names no one entity).
    given_names: frozenset[str] = frozenset()
    # Honorifics that tell a gender (`entity_affixes.csv`: mr, mrs): checked as genders, not titles.
    gendered: frozenset[str] = frozenset()


def load_rules(reference_dir: str | Path) -> dict[str, LinkRule]:
    ref = Path(reference_dir)
    given = frozenset(name_key(r["name"]) for r in reference_rows(ref / "quote_first_names.csv")) | frozenset(
        name_key(r["demonym"]) for r in reference_rows(ref / "entity_demonyms.csv"))
    gendered = frozenset(name_key(r["affix"]) for r in reference_rows(ref / "entity_affixes.csv")
                         if r["kind"] == "honorific" and r["gender"])
    rows = reference_rows(ref / LINKS_FILE)
    return {r["rule"]: LinkRule(r["rule"], float(r["min_share"]), int(r["min_articles"]), given, gendered)
            for r in rows}


BEARER_COLUMNS = ("bearer_ids", "bearer_names", "bearer_articles", "bearer_short_articles", "bearer_genders",
                  "bearer_titles")
LONE_COLUMNS = ("lone_ids", "lone_genders", "lone_titles", "lone_after_name", "lone_listed", "lone_links", "lone_rules")


def _titles(info: dict) -> str:
    return "|".join(info.get("titles") or ())


def add_titles(held: str, more: str) -> str:
    """Two "|"-joined title sets as one."""
    return "|".join(sorted((set(held.split("|")) | set(more.split("|"))) - {""}))


VARIANT_COLUMNS = ("variant_ids", "variant_articles", "variant_short_articles")


def empty_row(short_name: str) -> dict:
    return {"short_name": short_name, **{c: [] for c in BEARER_COLUMNS + LONE_COLUMNS + VARIANT_COLUMNS},
            "org_id": None, "org_articles": 0, "other_articles": 0, "org_link": "", "tail_articles": 0}


def load_variant_heads(reference_dir: str | Path) -> dict[str, str]:
    """{head word (name_key): its form}: "of" for "<Head> of [the] X" ("Church of X"), "after"
    for "X <Head>" ("X Corporation"): the heads whose long form and X alone name one body
    (`entity_variant_heads.csv`, rule `lake_variant`)."""
    return {name_key(r["head"]): r["form"] for r in reference_rows(Path(reference_dir) / VARIANT_HEADS_FILE)}


def variant_short(name: str, heads: dict[str, str]) -> str | None:
    """The one word X of a headed long form, "Church of the Zembrists" -> "zembrists", "Zembla
    Corporation" -> "zembla", by ``heads``; None for any other name."""
    words = name_key(name).split()
    if words and words[0] == "the":
        words = words[1:]
    if len(words) == 2 and heads.get(words[1]) == "after" and heads.get(words[0]) != "after":
        return words[0]
    if words[2:3] == ["the"]:
        words = words[:2] + words[3:]
    if len(words) == 3 and words[1] == "of" and heads.get(words[0]) == "of":
        return words[2]
    return None


def short_name_of(info: dict, heads: dict[str, str] | None = None) -> tuple[str, str] | None:
    """("blair", "bearer") for a lake-wide full-name person, ("blair", "lone") for an article's
    own one-word person, ("labour", "org") for a lake-wide one-word organization, ("zembla",
    "variant") for an organization named by a listed head and one word X (``heads``,
    `variant_short`: "Zembla Corporation"), ("telegraph", "tail") for any other two-word
    organization (the "Daily Telegraph": "Telegraph" alone may be short for it); None for
    anything else."""
    if "scope" not in info:
        return None
    words = name_key(info["name"]).split()
    if info["label"] == "ORG" and len(words) > 1 and info["scope"] == "lake":
        short = variant_short(info["name"], heads or {})
        if short:
            return (short, "variant")
        return (words[1], "tail") if len(words) == 2 and words[0] != "the" else None
    if info["label"] != "PERSON":
        if len(words) != 1 or info["scope"] != "lake":
            return None
        return (words[0], "org" if info["label"] == "ORG" else "other")
    if info["scope"] == "article":
        return (words[0], "lone") if len(words) == 1 else None
    return (words[-1], "bearer") if len(words) > 1 else None


def fold(rows: dict[str, dict], per_article: dict[str, dict], heads: dict[str, str] | None = None) -> set[str]:
    """Fold one article's entities (`dl_entities` with counts) into the index ``rows`` (by short
    name, created as needed); the short names it touched. ``heads``: `load_variant_heads`."""
    touched = set()
    orgs = {name_key(info["name"]) for info in per_article.values()
            if info.get("label") == "ORG" and info.get("mention_count") and len(name_key(info["name"]).split()) == 1}
    for eid, info in per_article.items():
        found = short_name_of(info, heads)
        if found is None or not info.get("mention_count"):
            continue
        short, kind = found
        row = rows.get(short)
        if row is None:  # not `setdefault`: building an empty row for every entity cost 0.36 s of a run (py-spy)
            row = rows[short] = empty_row(short)
        touched.add(short)
        if kind == "variant":  # written by X alone too: merged into it, or X an organization beside it
            add_variant(row, eid, 1, int(short in orgs or any(name_key(a) == short for a in info.get("aliases") or ())))
            continue
        if kind == "tail":
            row["tail_articles"] = (row.get("tail_articles") or 0) + 1
            continue
        if kind == "org":
            row["org_id"], row["org_articles"] = eid, (row.get("org_articles") or 0) + 1
            continue
        if kind == "other":  # the place or people of that name ("Leicester" the city) competes
            row["other_articles"] = (row.get("other_articles") or 0) + 1
            continue
        if kind == "lone":
            if eid not in row["lone_ids"]:
                values = (eid, info.get("gender") or "", _titles(info), info.get("after_name") or "",
                          bool(info.get("listed")), "", "")
                for column, value in zip(LONE_COLUMNS, values):
                    row[column].append(value)
            continue
        short_use = int(any(name_key(a) == short for a in info.get("aliases") or ()))
        if eid in row["bearer_ids"]:
            i = row["bearer_ids"].index(eid)
            row["bearer_articles"][i] += 1
            row["bearer_short_articles"][i] += short_use
            row["bearer_genders"][i] = row["bearer_genders"][i] or info.get("gender") or ""
            row["bearer_titles"][i] = add_titles(row["bearer_titles"][i], _titles(info))
        else:
            values = (eid, info["name"], 1, short_use, info.get("gender") or "", _titles(info))
            for column, value in zip(BEARER_COLUMNS, values):
                row[column].append(value)
    return touched


def add_variant(row: dict, eid: str, articles: int, short_articles: int) -> None:
    """Count ``articles`` more for the headed long form ``eid`` of the row's word, and
    ``short_articles`` more of those that write the word alone too ("Shares in Zembla Airlines
    fell ... Zembla said")."""
    if eid in row["variant_ids"]:
        i = row["variant_ids"].index(eid)
        row["variant_articles"][i] += articles
        row["variant_short_articles"][i] += short_articles
    else:
        row["variant_ids"].append(eid)
        row["variant_articles"].append(articles)
        row["variant_short_articles"].append(short_articles)


def short_uses(row: dict) -> list[int]:
    """The articles that write each bearer by the short name alone, a bearer written with words
    before another bearer's full name ("Briton Dale Orvik", "Lib Dem Peter Quill": the model took
    a word before the name into it) counted for that bearer (the one of most words if several)."""
    uses = list(row["bearer_short_articles"])
    names = [name_key(n) for n in row["bearer_names"]]
    for i, name in enumerate(names):
        inner = [j for j, other in enumerate(names)
                 if j != i and len(other.split()) > 1 and name.endswith(" " + other)]
        if inner and uses[i]:
            j = max(inner, key=lambda k: len(names[k].split()))
            uses[j], uses[i] = uses[j] + uses[i], 0
    return uses


def dominant_bearer(row: dict, rule: LinkRule, titles: frozenset[str] = frozenset()) -> int | None:
    """The index of the bearer the lake calls by the short name, by the rule's thresholds: the
    articles that write a full-name person by this word alone ("Blair" for Tony Blair, where the
    article names him in full too) are counted per person (`short_uses`); the commonest must hold
    at least ``min_articles`` of them and ``min_share`` of all. A given name ("Charles") is no one's.

    ``titles`` (a lone name's, honorifics included) narrows the count to the bearers the lake
    has written with every one of them: "Mr Brown" is counted among the Browns the lake calls
    "Mr" (a chancellor), not among the footballers it never does."""
    if not row["bearer_ids"] or row["short_name"] in rule.given_names:
        return None
    uses = short_uses(row)
    held = [i for i in range(len(uses)) if titles <= set(row["bearer_titles"][i].split("|"))]
    if not held:
        return None
    best = max(held, key=lambda i: (uses[i], row["bearer_articles"][i], row["bearer_ids"][i]))
    return best if uses[best] >= rule.min_articles and uses[best] >= rule.min_share * sum(uses[i] for i in held) else None


def agrees(row: dict, best: int, i: int, rule: LinkRule, listed: bool = False) -> bool:
    """Whether lone entity ``i`` may be bearer ``best``: not only ever in a list of names (a team
    sheet names other people's players; with ``listed``, only so), never the tail of another name ("Newcastle United"), a gender its honorific tells ("Mrs Wilkinson") is the
    bearer's known gender, and every other title before it ("Baroness", "Justice") is one the
    lake writes before the bearer ("President Bush")."""
    if bool(row["lone_listed"][i]) != listed or row["lone_after_name"][i] == "name":
        return False
    if row["lone_genders"][i] and row["lone_genders"][i] != row["bearer_genders"][best]:
        return False
    titles = set(row["lone_titles"][i].split("|")) - {""} - rule.gendered
    return titles <= set(row["bearer_titles"][best].split("|"))


def link(row: dict, rule: LinkRule, listed: bool = False) -> dict[str, str]:
    """Link the row's unlinked lone entities to its dominant bearer where they agree (`agrees`),
    in place; {lone entity id: bearer entity id} of the links made now. With ``listed`` (rule
    `lake_surname_listed`), only the lone names the article writes in lists of names only (a team
    sheet: "Penrose, Marsh; Tulloch"), by that rule's stricter thresholds: the one bearer the
    lake ever calls by the word, in more articles. A lone name with titles
    the lake's dominant bearer does not take may still be the dominant one of the bearers
    written with those titles (`dominant_bearer`). Links made before are left as they are:
    `relink` clears them first to decide them all again."""
    best = dominant_bearer(row, rule)
    made = {}
    for i, eid in enumerate(row["lone_ids"]):
        if row["lone_links"][i]:
            continue
        titles = frozenset(row["lone_titles"][i].split("|")) - {""}
        for bearer in (best, dominant_bearer(row, rule, titles) if titles else None):
            if bearer is not None and agrees(row, bearer, i, rule, listed):
                row["lone_links"][i] = made[eid] = row["bearer_ids"][bearer]
                break
    return made


def link_org(row: dict, rule: LinkRule) -> dict[str, str]:
    """Link the row's unlinked lone "persons" that nothing marks as people (no title, no gender,
    no initial, not the tail of another name, not in a team sheet: "Labour" read as a person) to the lake's organization of that name, when
    it holds the name: at least ``min_articles`` articles, and ``min_share`` of them, of the
    articles that call a full-name person by it and of those naming a place, people or other
    one-word entity by it ("Leicester" the city competes with the club). {lone entity id: organization id} made now."""
    orgs = row.get("org_articles") or 0
    rivals = sum(row["bearer_short_articles"]) + (row.get("other_articles") or 0)
    if (not row.get("org_id") or row["short_name"] in rule.given_names or orgs < rule.min_articles
            or orgs < rule.min_share * (orgs + rivals)):
        return {}
    made = {}
    for i, eid in enumerate(row["lone_ids"]):
        if (row["lone_links"][i] or row["lone_listed"][i] or row["lone_genders"][i] or row["lone_titles"][i]
                or row["lone_after_name"][i]):
            continue
        row["lone_links"][i] = made[eid] = row["org_id"]
    return made


def link_variant(row: dict, rule: LinkRule) -> str:
    """The headed long form the row's one-word organization is linked to (rule `lake_variant`),
    or "": exactly one long form of a listed head names the word ("Zembla Corporation" and no
    "Zembla Group"), at least ``min_articles`` articles write it and the word alone as an
    organization (the lake calls it so: "Shares in Zembla Airlines fell ... Zembla said"), and
    the organization holds the word (``min_share`` of the articles naming a place, people,
    other entity or full-name person by it: "England" the country is never "Church of England"),
    and of those naming another two-word organization ending with it (the "Daily Telegraph": the
    "Telegraph" alone is not the "Telegraph Group", its publisher)."""
    orgs = row.get("org_articles") or 0
    rivals = sum(row["bearer_short_articles"]) + (row.get("other_articles") or 0) + (row.get("tail_articles") or 0)
    if (not row.get("org_id") or len(row.get("variant_ids") or ()) != 1 or row["short_name"] in rule.given_names
            or row["variant_short_articles"][0] < rule.min_articles or orgs < rule.min_share * (orgs + rivals)):
        return ""
    return row["variant_ids"][0]


def relink(row: dict, rules: dict[str, LinkRule]) -> dict[str, tuple[str | None, str | None]]:
    """Decide the link of every lone entity of the row again, with the row as it is now (in
    place: ``lone_links``, ``lone_rules``), by the rules in their order (`lake_surname`,
    `lake_org_name`, `lake_surname_listed`), and of the row's one-word organization (`lake_variant`:
    then a lone name `lake_org_name` gives that organization is linked to its long form, as links
    are followed one hop); {entity id: (entity linked to, rule)} for those
    whose link changed: made, moved to another bearer, or undone ((None, None): the evidence no
    longer holds, a rival bearer grew). The same thresholds make and keep a link, so the links
    of a row do not depend on the order its articles came in."""
    before = {eid: (row["lone_links"][i], row["lone_rules"][i]) for i, eid in enumerate(row["lone_ids"])}
    where = {eid: i for i, eid in enumerate(row["lone_ids"])}
    row["lone_links"], row["lone_rules"] = [""] * len(where), [""] * len(where)
    steps = ((LAKE_SURNAME, lambda: link(row, rules[LAKE_SURNAME])),
             (LAKE_ORG_NAME, lambda: link_org(row, rules[LAKE_ORG_NAME])),
             (LAKE_SURNAME_LISTED, lambda: link(row, rules[LAKE_SURNAME_LISTED], listed=True)))
    for name, step in steps:
        for eid in step():
            row["lone_rules"][where[eid]] = name
    changed = {}
    if LAKE_VARIANT in rules:
        held, row["org_link"] = row.get("org_link") or "", link_variant(row, rules[LAKE_VARIANT])
        if row["org_link"] != held and row.get("org_id"):
            changed[row["org_id"]] = (row["org_link"], LAKE_VARIANT) if row["org_link"] else (None, None)
        for i, target in enumerate(row["lone_links"]):  # one hop: a lone "Labour" goes where the organization goes
            if row["org_link"] and target == row["org_id"] and row["lone_rules"][i] == LAKE_ORG_NAME:
                row["lone_links"][i] = row["org_link"]
    for eid, i in where.items():
        now = (row["lone_links"][i], row["lone_rules"][i])
        if now != before[eid]:
            changed[eid] = (now[0] or None, now[1] or None)
    return changed


def recover(row: dict, eid: str, target: str, rule_name: str, rules: dict[str, LinkRule]) -> None:
    """Put back into the row, linked to ``target`` by ``rule_name``, a lone entity an index row of
    the older form left out (it dropped linked entities; their links are on `entities`). What the
    article wrote around it is not kept there: gender and position are taken as unknown, "in a
    list" as the rule says, and its titles as the first of none or one of the target's titles
    under which the row, as it is now, still gives that target (a "Mr Brown"); if none does, none."""
    listed = rule_name == LAKE_SURNAME_LISTED
    options = [""]
    if rule_name != LAKE_ORG_NAME and target in row["bearer_ids"]:
        options += sorted(t for t in row["bearer_titles"][row["bearer_ids"].index(target)].split("|") if t)
    chosen = ""
    for titles in options:
        trial = {**row, **{c: [v] for c, v in zip(LONE_COLUMNS, (eid, "", titles, "", listed, "", ""))}}
        relink(trial, rules)
        if trial["lone_links"] == [target]:
            chosen = titles
            break
    for column, value in zip(LONE_COLUMNS, (eid, "", chosen, "", listed, target, rule_name)):
        row[column].append(value)


def load_aliases(reference_dir: str | Path) -> tuple[dict[str, str], dict[str, str]]:
    """The alias table as {alias: canonical name} and the nicknames, by name_key (what
    ``alias_rekeyed`` reads)."""
    ref = Path(reference_dir)
    aliases = {name_key(r["alias"]): name_key(r["name"]) for r in reference_rows(ref / "entity_aliases.csv")}
    nicknames = {name_key(r["nickname"]): name_key(r["name"]) for r in reference_rows(ref / "entity_nicknames.csv")}
    return aliases, nicknames


def alias_rekeyed(per_article: dict[str, dict], aliases: dict[str, str], nicknames: dict[str, str]) -> dict[str, str]:
    """{id a written form had as a name of its own: the entity the alias table now gives it}
    for an article's entities (rule ``alias_table``): "New York City", once its own entity, is
    written by an entity the alias table names "New York". A one-word form's id holds the label
    the model gave it then: the ids of the entity's label and of places, organizations and peoples
    are listed (not every label: each is a lookup in the lake); the lake keeps those that exist."""
    out: dict[str, str] = {}
    for eid, info in per_article.items():
        name = name_key(info.get("name") or "")
        for surface in info.get("aliases") or ():
            key = name_key(surface)
            if key == name or aliases.get(key) != name:
                continue
            labels = sorted(OLD_LABELS | {info.get("label") or "GPE"}) if len(key.split()) < 2 else ["GPE"]
            for label in labels:
                old = entity_id_for(label, person_key(surface, nicknames))
                if old != eid:
                    out.setdefault(old, eid)
    return out
