"""HTML pages and RSS/Atom feeds -> article records (standard library parsers only).

The body of an HTML article is its paragraphs' text, one paragraph a line; offsets in the other
tables index that text, not the HTML source.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime
from html import unescape
from html.parser import HTMLParser

from transforms.articles import InputError, finish, parse_timestamp

BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre", "div", "br", "tr", "section", "article"}
SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "figure", "svg", "template"}
META_FIELDS = {
    "og:title": "title", "twitter:title": "title",
    "article:published_time": "published_at", "date": "published_at", "pubdate": "published_at",
    "og:site_name": "publisher", "author": "byline", "article:author": "byline", "og:url": "url",
}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title = ""
        self.in_title = False
        self.skip_depth = 0
        self.article_depth = 0
        self.lines: list[list[str]] = [[]]  # everything
        self.article_lines: list[list[str]] = [[]]  # inside <article> only

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in SKIP:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or "").lower()
            if key in META_FIELDS and a.get("content") and META_FIELDS[key] not in self.meta:
                self.meta[META_FIELDS[key]] = a["content"].strip()
        elif tag == "time" and a.get("datetime"):
            self.meta.setdefault("published_at", a["datetime"])
        elif tag == "link" and (a.get("rel") or "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("url", a["href"])
        if tag == "article":
            self.article_depth += 1
        if tag in BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "title":
            self.in_title = False
        if tag in BLOCKS:
            self._break()
        if tag == "article":
            self.article_depth = max(0, self.article_depth - 1)

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip_depth:
            self.lines[-1].append(data)
            if self.article_depth:
                self.article_lines[-1].append(data)

    def _break(self):
        for lines in (self.lines, self.article_lines):
            if lines[-1]:
                lines.append([])

    def paragraphs(self) -> list[str]:
        chosen = self.article_lines if any(self.article_lines[0]) or len(self.article_lines) > 1 else self.lines
        paras = [" ".join("".join(parts).split()) for parts in chosen]
        return [p for p in paras if p]


def _parsed(markup: str) -> _Page:
    """The page parsed. Python's parser raises AssertionError on some malformed declarations
    (``<![ x``, ``<![marked section``): that page, or feed item, is refused."""
    page = _Page()
    try:
        page.feed(markup)
    except AssertionError:
        line, column = page.getpos()
        raise InputError(f"invalid HTML: a '<!' declaration the parser cannot read at line {line}, "
                         f"column {column + 1}") from None
    return page


def html_to_text(markup: str) -> str:
    return "\n".join(_parsed(markup).paragraphs())


def from_html(markup: str, source_uri: str) -> dict:
    page = _parsed(markup)
    body = "\n".join(page.paragraphs())
    if not body.strip():
        raise InputError("HTML page has no text")
    record = {"body": body, "source_uri": source_uri}
    title = page.meta.get("title") or " ".join(page.title.split())
    if title:
        record["title"] = title
    for key in ("publisher", "byline", "url"):
        if page.meta.get(key):
            record[key] = page.meta[key]
    if page.meta.get("published_at"):
        try:
            record["published_at"] = parse_timestamp(page.meta["published_at"])
            record["published_year"] = record["published_at"].year
        except InputError:
            pass  # an unparseable page date is not a reason to lose the article
    return finish(record)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child_text(el: ET.Element, *names: str) -> str | None:
    for child in el:
        if _local(child.tag) in names and (child.text or "").strip():
            return child.text.strip()
    return None


def _feed_time(when: str):
    """An RFC 822 or ISO 8601 time, checked as `parse_timestamp` checks one; None if neither."""
    try:
        return parse_timestamp(parsedate_to_datetime(when).isoformat())
    except (TypeError, ValueError):  # InputError is a ValueError
        pass
    try:
        return parse_timestamp(when)
    except InputError:
        return None


def from_feed(xml_text: str, source_uri: str) -> list[dict | tuple[str, str]]:
    """Every item of an RSS 2.0 or Atom feed: an article, or (source, reason) for an item skipped."""
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as exc:
        raise InputError(f"invalid XML feed ({exc})") from None
    items = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    if not items:
        raise InputError("feed has no <item> or <entry>")
    out: list[dict | tuple[str, str]] = []
    for n, item in enumerate(items, start=1):
        where = f"{source_uri}#item{n}"
        content = _child_text(item, "encoded", "content") or _child_text(item, "description", "summary")
        if not content:
            out.append((where, "feed item has no content or description"))
            continue
        try:
            body = html_to_text(unescape(content)) if "<" in unescape(content) else " ".join(content.split())
        except InputError as exc:
            out.append((where, str(exc)))
            continue
        if not body:
            out.append((where, "feed item has no text"))
            continue
        record = {"body": body, "source_uri": where}
        if title := _child_text(item, "title"):
            record["title"] = " ".join(title.split())
        link = next((c.get("href") or (c.text or "").strip() for c in item if _local(c.tag) == "link"), None)
        if link:
            record["url"] = link
        if byline := _child_text(item, "creator", "author"):
            record["byline"] = byline
        when = _child_text(item, "pubDate", "published", "updated", "date")
        if when and (ts := _feed_time(when)) is not None:
            record["published_at"] = ts
            record["published_year"] = ts.year
        try:
            out.append(finish(record))
        except InputError as exc:
            out.append((where, str(exc)))
    return out
