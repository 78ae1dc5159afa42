"""HTML pages and RSS/Atom feeds -> article records.

A page's body is the main text trafilatura finds in it (menus, related links, footers and
readers' comments left out), one paragraph a line; offsets in the other tables index that text,
not the HTML source. Its metadata, from trafilatura: title, author (`byline`), site name
(`publisher`) and canonical URL (`url`); the publication date from htmldate (the original
publication, not the last update; from the page's markup, else its URL, else its text); the
language the page declares (``<html lang>``, ``Content-Language``, ``og:locale``).
trafilatura is imported on the first page, not by a run that reads none (0.18 s).

Feeds, files and fetched ones alike, are read by feedparser (`parse_feed`), always from their
bytes as a stream: feedparser opens a path or fetches a URL it is handed as a string.
"""
from __future__ import annotations

import io
import re

from transforms.articles import InputError, canonical_body, finish, set_published
from transforms.legacy_html import legacy_html_body

LANGUAGE_TAG = re.compile(r"([A-Za-z]{2})(?:[-_][A-Za-z0-9]{1,8})*")
# Where a page says its language, first found wins.
LANGUAGE_XPATHS = ("/html/@lang", "/html/@xml:lang",
                   "//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')='content-language']/@content",
                   "//meta[@property='og:locale']/@content")
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"  # htmldate's answer with its time of day when the page gives one


def _tree(markup: str):
    """The page parsed by lxml, as trafilatura parses it; a fragment (``<p>..</p>`` alone) is
    read as the body of a page."""
    from trafilatura.utils import load_html

    if not re.search(r"<(?:html|body|head)\b", markup[:4096], re.IGNORECASE):
        markup = f"<html><body><div>{markup}</div></body></html>"
    tree = load_html(markup)
    if tree is None:
        raise InputError("not an HTML page: lxml cannot parse it")
    return tree


def declared_language(tree) -> str | None:
    """The ISO 639-1 code of the language the page declares, None if it declares none."""
    for xpath in LANGUAGE_XPATHS:
        try:
            values = tree.xpath(xpath, namespaces={"xml": "http://www.w3.org/XML/1998/namespace"})
        except Exception:  # noqa: BLE001 - lxml's XPath errors have no common base worth naming
            continue
        for value in values:
            if m := LANGUAGE_TAG.fullmatch(str(value).strip()):
                return m[1].lower()
    return None


def _extract(tree, url: str | None, recall: bool = False):
    from trafilatura import bare_extraction

    return bare_extraction(tree, url=url, with_metadata=True, include_comments=False, favor_recall=recall,
                           date_extraction_params={"original_date": True, "extensive_search": True,
                                                   "outputformat": DATE_FORMAT, "deferred_url_extractor": True})


def from_html(markup: str, source_uri: str, url: str | None = None, fetched_at: str | None = None) -> dict:
    """One page as an article. ``url``: where the page was fetched (a WARC record's target),
    stored when given; ``fetched_at``: when, the date when the page gives none."""
    tree = _tree(markup)
    language = declared_language(tree)
    doc = _extract(tree, url)
    if doc is None or not (doc.text or "").strip():
        raise InputError("HTML page has no text")
    record = {"body": doc.text, "source_uri": source_uri}
    for key, value in (("title", doc.title), ("byline", doc.author), ("publisher", doc.sitename),
                       ("url", url or doc.url), ("language", language)):
        if value and value.strip():
            record[key] = " ".join(value.split())
    day = _page_day(doc.date, markup)
    if day or fetched_at:
        set_published(record, day or fetched_at, "page date" if day else "record date")
    elif doc.date:
        record["published_year"] = int(doc.date[:4])
    return finish(record, legacy_body=_legacy(markup))


def _page_day(date: str | None, markup: str) -> str | None:
    """htmldate's date, unless it is only a year: its last resorts (a copyright line, a bare
    year in the text) answer January 1 at midnight, which the page's markup alone does not
    confirm then. None for a year only: `published_year` keeps it."""
    if not date or not date.endswith("-01-01T00:00:00"):
        return date
    from htmldate import find_date

    confirmed = find_date(markup, extensive_search=False, original_date=True, outputformat=DATE_FORMAT,
                          deferred_url_extractor=True)
    return date if confirmed == date and confirmed is not None else None


def _legacy(markup: str) -> str | None:
    """The body the former reader stored (`transforms.legacy_html`), for `legacy_article_id`."""
    old = legacy_html_body(markup)
    return canonical_body(old) if old else None


def fragment_text(markup: str) -> str:
    """A feed item's HTML content as text, one paragraph a line: all of it is the article, so
    trafilatura keeps what it is unsure of (``favor_recall``)."""
    doc = _extract(_tree(markup), None, recall=True)
    return doc.text if doc is not None and doc.text else ""


def parse_feed(data: bytes, content_type: str = "application/xml; charset=utf-8"):
    """feedparser's reading of a feed's bytes, or None when they are no RSS, Atom or RDF feed.

    The bytes go in as a stream: given a string or bytes, feedparser first tries them as a URL
    to fetch or a path to open, and a feed's body (a remote server's answer) must never make
    Dateline read a file of the machine."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-type": content_type})
    return parsed if parsed.get("version") else None


def entry_fields(entry) -> dict:
    """A feed entry's title and author, whitespace collapsed."""
    fields = {"title": entry.get("title"), "byline": entry.get("author")}
    return {k: " ".join(v.split()) for k, v in fields.items() if isinstance(v, str) and v.strip()}


def feed_entry(entry, where: str, full_text_words: int = 0) -> dict | None:
    """The article a feed entry holds: its content (content:encoded, Atom content) as the body,
    else, when ``full_text_words`` is 0, its description. A content shorter than
    ``full_text_words`` words is a teaser: None (the caller fetches the linked page)."""
    content = next((c.get("value") for c in entry.get("content", []) if c.get("value")), None)
    if not content and not full_text_words:
        content = entry.get("summary")
    if not content:
        if full_text_words:
            return None
        raise InputError("feed item has no content or description")
    body = fragment_text(content) if "<" in content else " ".join(content.split())
    if len(body.split()) < full_text_words:
        return None
    if not body.strip():
        raise InputError("feed item has no text")
    record = {"body": body, "source_uri": where, **entry_fields(entry)}
    if entry.get("link"):
        record["url"] = entry["link"]
    if when := entry.get("published") or entry.get("updated"):
        set_published(record, when, "item date")
    return finish(record, legacy_body=_legacy(content) if "<" in content else None)


def from_feed(xml_text: str, source_uri: str) -> list[dict | tuple[str, str]]:
    """Every item of an RSS, Atom or RDF feed file (feedparser): an article, or (source, reason)
    for an item skipped. A feed so broken that no item gives an article is reported whole."""
    parsed = parse_feed(xml_text.encode("utf-8"))
    if parsed is None:
        raise InputError("not an RSS, Atom or RDF feed")
    if not parsed.entries:
        raise InputError("feed has no <item> or <entry>")
    out: list[dict | tuple[str, str]] = []
    for n, entry in enumerate(parsed.entries, start=1):
        where = f"{source_uri}#item{n}"
        try:
            out.append(feed_entry(entry, where))
        except InputError as exc:
            out.append((where, str(exc)))
    if parsed.get("bozo") and not any(isinstance(item, dict) for item in out):
        raise InputError(f"invalid XML feed ({parsed.get('bozo_exception')})")
    return out

