"""Raw input records -> `articles` rows. Pure: takes text already read, returns dicts or raises
`InputError` with the reason (the flow adds the file name)."""
from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime, timezone

# A syndication footer starts at a line made only of dashes (em/en dashes, hyphens, underscores).
FOOTER_RULE = re.compile(r"^[ \t]*[—–\-_]{3,}[ \t]*$", re.MULTILINE)
COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?P<year>(?:19|20)\d\d)\s+(?P<publisher>[^\n]+)", re.IGNORECASE)
DISTRIBUTED = re.compile(r"distributed by\s+(?P<distributor>[^\n]+?)\.?\s*$", re.IGNORECASE | re.MULTILINE)
TEXT_KEYS = ("text", "body")


class InputError(ValueError):
    """An input record that cannot become an article; the message says why."""


def article_id_for(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def looks_like_headline(line: str) -> bool:
    """Short, unpunctuated at the end, not a sentence of body text."""
    line = line.strip()
    return 0 < len(line) <= 150 and len(line.split()) <= 20 and not line.endswith((".", "”", '"', ":", ";", ","))


def from_plain_text(text: str, source_uri: str) -> dict:
    """A plain-text article: body paragraphs, optionally a headline line and a footer block."""
    if "\x00" in text:
        raise InputError("binary content (NUL bytes), not a text article")
    footer = FOOTER_RULE.search(text)
    body, tail = (text[: footer.start()], text[footer.end():]) if footer else (text, "")
    body = body.rstrip()
    if not body.strip():
        raise InputError("no article text")
    record: dict = {"body": body, "source_uri": source_uri}
    if m := COPYRIGHT.search(tail):
        record["published_year"] = int(m["year"])
        record["publisher"] = m["publisher"].strip().rstrip(".")
    if m := DISTRIBUTED.search(tail):
        record["distributor"] = m["distributor"].strip()
    first, _, rest = body.partition("\n")
    if rest.strip() and looks_like_headline(first):
        record["title"] = first.strip()
    return finish(record)


def from_json_record(line: str, source_uri: str) -> dict:
    """One JSON Lines record: `text` or `body`, optional id, url, title, published_at, publisher, byline."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(obj, dict):
        raise InputError("a JSON Lines record must be an object")
    body = next((obj[k] for k in TEXT_KEYS if isinstance(obj.get(k), str)), None)
    if body is None or not body.strip():
        raise InputError("record has no 'text' or 'body' string")
    record = {"body": body, "source_uri": source_uri}
    for key in ("title", "publisher", "byline", "url"):
        if isinstance(obj.get(key), str) and obj[key].strip():
            record[key] = obj[key].strip()
    if obj.get("published_at"):
        record["published_at"] = parse_timestamp(str(obj["published_at"]))
        record["published_year"] = record["published_at"].year
    return finish(record)


def parse_timestamp(value: str) -> datetime:
    try:
        ts = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"published_at {value!r} is not an ISO 8601 date or time") from None
    return ts if ts.tzinfo else ts.replace(tzinfo=timezone.utc)


def finish(record: dict) -> dict:
    body = record["body"]
    record["article_id"] = article_id_for(body)
    record["word_count"] = len(body.split())
    return record
