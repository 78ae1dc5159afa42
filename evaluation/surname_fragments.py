"""Surname-only fragments of the most mentioned people (issue #24's BBC measure).

For the ``top`` PERSON rows of `top_entities` (most mentions, lake links folded in), the
fragments are the entities the lake keeps apart from them that are their surname alone: one-word
PERSON entities, not linked to that person, whose name is the full name's last word (by
`name_key`: case and accents do not matter). A fragment counted for two people of the same
surname (two Browns in the top) counts once in the totals.

    python -m evaluation.surname_fragments DATA_DIR [--top 50] [--list]

reads the data dir's warehouse (read-only) and prints, per person with fragments, their number
and mentions, then the totals; ``--list`` also prints each fragment (id, mentions, article title).
"""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import duckdb

from transforms.entities.keys import name_key

TOP_PEOPLE = """
SELECT entity_id, name, mention_count FROM top_entities
WHERE label = 'PERSON' AND len(string_split(trim(name), ' ')) > 1
ORDER BY mention_count DESC, article_count DESC, name LIMIT ?"""
ONE_WORD_PEOPLE = """
SELECT entity_id, name, mention_count, coalesce(linked_entity_id, '') FROM entities
WHERE label = 'PERSON' AND len(string_split(trim(name), ' ')) = 1"""


@dataclass(frozen=True)
class Fragment:
    person_id: str
    person: str
    entity_id: str
    name: str
    mentions: int


def fragments(con: duckdb.DuckDBPyConnection, top: int = 50) -> tuple[list[tuple], list[Fragment]]:
    """The top people (entity_id, name, mentions) and their surname fragments."""
    people = con.execute(TOP_PEOPLE, [top]).fetchall()
    by_word: dict[str, list[tuple]] = {}
    for row in con.execute(ONE_WORD_PEOPLE).fetchall():
        by_word.setdefault(name_key(row[1]), []).append(row)
    out = []
    for pid, name, _ in people:
        for eid, short, mentions, linked in by_word.get(name_key(name).split()[-1], ()):
            if linked != pid and eid != pid:
                out.append(Fragment(pid, name, eid, short, mentions))
    return people, out


def titles_of(con: duckdb.DuckDBPyConnection, entity_ids: list[str]) -> dict[str, list[str]]:
    """{entity id: titles of the articles that mention it} (to read a fragment by hand)."""
    if not entity_ids:
        return {}
    rows = con.execute("""SELECT DISTINCT m.entity_id, a.title, a.source_uri FROM mentions m
        JOIN articles a USING (article_id) WHERE m.entity_id IN (SELECT unnest(?))""", [entity_ids]).fetchall()
    out: dict[str, list[str]] = {}
    for eid, title, uri in rows:
        out.setdefault(eid, []).append(f"{title} [{uri}]")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--list", action="store_true", help="print every fragment with its article")
    args = ap.parse_args(argv)
    con = duckdb.connect(str(args.data_dir / "warehouse.duckdb"), read_only=True)
    people, found = fragments(con, args.top)
    per: dict[str, list[Fragment]] = {}
    for f in found:
        per.setdefault(f.person_id, []).append(f)
    where = titles_of(con, [f.entity_id for f in found]) if args.list else {}
    for pid, name, mentions in people:
        mine = per.get(pid, [])
        print(f"{name}\t{mentions}\t{len(mine)} fragments\t{sum(f.mentions for f in mine)} mentions")
        for f in mine if args.list else ():
            print(f"    {f.entity_id}\t{f.name}\t{f.mentions}\t{' | '.join(where.get(f.entity_id, []))}")
    distinct = {f.entity_id: f.mentions for f in found}
    print(f"TOTAL\ttop {len(people)} people\t{len(distinct)} fragments\t{sum(distinct.values())} mentions")


if __name__ == "__main__":
    main()
