"""CSV and TSV exports -> article records: a header row, then one article a row. Pure.

Columns are found by their header (case, spaces, hyphens and underscores aside), first listed
name first; only the text column is required, and any other column is left out:

    body         text, body, content, article, article_text, article_body, full_text, story
    title        title, headline
    url          url, link, canonical_url, uri
    published_at date, published_at, published, publication_date, pub_date, pubdate, datetime
    byline       author, authors, byline
    publisher    publisher, site_name, site, source

A row is an article whose `source_uri` is the file's with ``:<line>`` (the line the row starts
on: a quoted text may span lines). A row with more or fewer fields than the header, without
text, or that the csv module cannot read is reported by that line and skipped; a date that is
not one is a warning, and the row kept without it.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

from transforms.articles import InputError, check_text, finish, set_published

COLUMNS = {
    "body": ("text", "body", "content", "article", "article_text", "article_body", "full_text", "story"),
    "title": ("title", "headline"),
    "url": ("url", "link", "canonical_url", "uri"),
    "published_at": ("date", "published_at", "published", "publication_date", "pub_date", "pubdate", "datetime"),
    "byline": ("author", "authors", "byline"),
    "publisher": ("publisher", "site_name", "site", "source"),
}
DELIMITERS = ",;\t|"
# An article's text may be long: the csv module's default limit per field is 128 KB.
csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))


class NoTextColumn(InputError):
    """A table whose header names no text column: not articles (a walk passes it over)."""


def _key(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().lower())


def columns(header: list[str]) -> dict[str, int]:
    """Field -> column index, for the fields whose column the header has."""
    index = {}
    for i, name in enumerate(header):
        index.setdefault(_key(name), i)
    return {field: next(index[n] for n in names if n in index)
            for field, names in COLUMNS.items() if any(n in index for n in names)}


def delimiter(first_line: str, default: str) -> str:
    """The header line's separator: of comma, semicolon, tab and bar, the one it has most of."""
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == default))
    return best if counts[best] else default


def from_delimited(text: str, source_uri: str, default_delimiter: str = ",") -> Iterator[dict | tuple[str, str]]:
    """Every row: an article, or (source, reason) for a row skipped. Raises `NoTextColumn` or
    `InputError` for a file that is no table of articles at all."""
    lines = io.StringIO(text, newline="")
    reader = csv.reader(lines, delimiter=delimiter(text.split("\n", 1)[0], default_delimiter))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("empty table: no header row") from None
    except csv.Error as exc:
        raise InputError(f"header row unreadable as CSV ({exc})") from None
    found = columns(header)
    if "body" not in found:
        raise NoTextColumn(f"no text column: the header names none of {', '.join(COLUMNS['body'])}")
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield (f"{source_uri}:{start}", f"row unreadable as CSV ({exc})")
            if reader.line_num < start:
                return  # nothing more was read: nothing more can be
            continue
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        try:
            yield _row(row, header, found, f"{source_uri}:{start}")
        except InputError as exc:
            yield (f"{source_uri}:{start}", str(exc))


def _row(row: list[str], header: list[str], found: dict[str, int], where: str) -> dict:
    if len(row) != len(header):
        raise InputError(f"row has {len(row)} fields, the header {len(header)}")
    for name, value in zip(header, row):
        check_text(name, value)
    if not row[found["body"]].strip():
        raise InputError("no article text")
    record = {"body": row[found["body"]], "source_uri": where}
    for field, i in found.items():
        value = " ".join(row[i].split())
        if field == "body" or not value:
            continue
        if field == "published_at":
            set_published(record, value, header[i])
        else:
            record[field] = value
    return finish(record)
