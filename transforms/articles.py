"""Raw input records -> `articles` rows. Pure: takes text already read, returns dicts or raises
`InputError` with the reason (the flow adds the file name).

An article's stored `body` is its canonical text (`canonical_body`), and its `article_id` the
hash of that text: the same article saved with other line endings, a leading blank line, trailing
spaces or another Unicode normalization is one article. Offsets in every other table index that
canonical body."""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

from transforms.dates import published_time
from transforms.datelines import dateline_fields

# A syndication footer starts at a line made only of dashes (em/en dashes, hyphens, underscores).
FOOTER_RULE = re.compile(r"^[ \t]*[—–\-_]{3,}[ \t]*$", re.MULTILINE)
COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?P<year>(?:19|20)\d\d)\s+(?P<publisher>[^\n]+)", re.IGNORECASE)
# The rest of the line, trimmed in `distributor` (a lazy match up to an optional period and the
# line's end took time quadratic in a long run of spaces: 0.9 s for 20,000).
DISTRIBUTED = re.compile(r"distributed by\s+(?P<distributor>[^\n]+)", re.IGNORECASE)
TEXT_KEYS = ("text", "body")
STRING_FIELDS = ("title", "publisher", "byline", "url")
SURROGATE = re.compile("[\ud800-\udfff]")
LINE_BREAK = re.compile(r"\r\n?")


class InputError(ValueError):
    """An input record that cannot become an article; the message says why."""


@dataclass(frozen=True)
class Notice:
    """A warning about an input that is read all the same (a date that is not one, an encoding
    that is not UTF-8, records of an archive that are not pages): where, and what."""
    source: str
    message: str


def article_id_for(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def canonical_body(text: str) -> str:
    """The text an article is stored and identified by: Unicode NFC, ``\\r\\n`` and a lone ``\\r``
    as ``\\n``, no leading byte order mark, no spaces or tabs at the end of a line, no blank
    space at the start or the end of the whole."""
    text = LINE_BREAK.sub("\n", unicodedata.normalize("NFC", text)).removeprefix("\ufeff")
    return "\n".join(line.rstrip(" \t") for line in text.split("\n")).strip()


def check_text(field: str, value: str) -> None:
    """An unpaired surrogate (JSON can spell one, ``"\\ud800"``) cannot be written as UTF-8: the
    record is refused here, not the whole batch when its Parquet file is written."""
    if m := SURROGATE.search(value):
        raise InputError(f"{field} holds an unpaired surrogate (\\u{ord(m[0]):04x}) at character {m.start() + 1}")


def looks_like_headline(line: str) -> bool:
    """Short, unpunctuated at the end, not a sentence of body text."""
    line = line.strip()
    return 0 < len(line) <= 150 and len(line.split()) <= 20 and not line.endswith((".", "”", '"', ":", ";", ","))


def legacy_plain_body(text: str) -> str:
    """The body earlier versions stored for a plain-text file (its id is `legacy_article_id`)."""
    footer = FOOTER_RULE.search(text)
    return (text[: footer.start()] if footer else text).rstrip()


def distributor(line_rest: str) -> str:
    """The syndicator named after 'Distributed by', less one final period."""
    value = line_rest.rstrip()
    return (value[:-1] if len(value) > 1 and value.endswith(".") else value).strip()


def from_plain_text(text: str, source_uri: str) -> dict:
    """A plain-text article: body paragraphs, optionally a headline line and a footer block."""
    if "\x00" in text:
        raise InputError("binary content (NUL bytes), not a text article")
    check_text("text", text)
    normalized = LINE_BREAK.sub("\n", unicodedata.normalize("NFC", text))
    footer = FOOTER_RULE.search(normalized)
    body, tail = (normalized[: footer.start()], normalized[footer.end():]) if footer else (normalized, "")
    body = canonical_body(body)
    if not body:
        raise InputError("no article text")
    record: dict = {"body": body, "source_uri": source_uri}
    if m := COPYRIGHT.search(tail):
        record["published_year"] = int(m["year"])
        record["publisher"] = m["publisher"].strip().rstrip(".")
    if m := DISTRIBUTED.search(tail):
        record["distributor"] = distributor(m["distributor"])
    first, _, rest = body.partition("\n")
    if rest.strip() and looks_like_headline(first):
        record["title"] = first.strip()
    return finish(record, legacy_body=legacy_plain_body(text))


def from_json_record(line: str, source_uri: str) -> dict:
    """One JSON Lines record: `text` or `body`, optional id, url, title, published_at, publisher, byline."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        # Some of json's messages end in "at" ("Unterminated string starting at"): one "at" only.
        raise InputError(f"invalid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})") from None
    except RecursionError:
        raise InputError("JSON nested too deeply") from None
    except ValueError as exc:  # an integer of more than 4300 digits
        raise InputError(f"invalid JSON ({str(exc).split(';')[0]})") from None
    if not isinstance(obj, dict):
        raise InputError("a JSON Lines record must be an object")
    key = next((k for k in TEXT_KEYS if isinstance(obj.get(k), str)), None)
    if key is None or not obj[key].strip():
        raise InputError("record has no 'text' or 'body' string")
    check_text(key, obj[key])
    record = {"body": obj[key], "source_uri": source_uri}
    for field in STRING_FIELDS:
        if isinstance(obj.get(field), str) and obj[field].strip():
            check_text(field, obj[field])
            record[field] = obj[field].strip()
    if obj.get("published_at"):
        set_published(record, str(obj["published_at"]))
    return finish(record)


def set_published(record: dict, value: str, field: str = "published_at") -> dict:
    """The record's `published_at` and `published_year` from ``value`` (`published_time`'s forms);
    a value that is none of them is a warning on the record, which is kept without a date."""
    if not value.strip():
        return record
    try:
        ts = published_time(value)
    except ValueError as exc:
        warn(record, f"{field} {shorten(value)!r} {exc}: the article is kept without a date")
    else:
        record["published_at"], record["published_year"] = ts, ts.year
    return record


def warn(record: dict, message: str) -> None:
    """Something to tell about an article that is kept: `flows.ingest` reports it as a `Notice`."""
    record.setdefault("warnings", []).append(message)


def shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def finish(record: dict, legacy_body: str | None = None) -> dict:
    """Canonical body, id, word count and dateline (`transforms.datelines`). ``record["body"]`` is the text as read, and
    ``legacy_body`` the body earlier versions stored (default: that text): when its hash differs
    from the id, the record carries it as ``legacy_article_id``, so that a data dir made before
    the canonical body does not ingest the article again."""
    for field, value in record.items():
        if isinstance(value, str):
            check_text(field, value)
    raw = record["body"]
    body = canonical_body(raw)
    if not body:
        raise InputError("no article text")
    record["body"] = body
    record["article_id"] = article_id_for(body)
    legacy = article_id_for(raw if legacy_body is None else legacy_body)
    if legacy != record["article_id"]:
        record["legacy_article_id"] = legacy
    record["word_count"] = len(body.split())
    record.update(dateline_fields(body))
    return record
