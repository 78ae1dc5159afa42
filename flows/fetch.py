"""Pages and feeds fetched over HTTP(S): `dateline run https://...`, and the sources `serve` polls.

A URL is fetched politely and safely:
  - a User-Agent naming Dateline;
  - the site's robots.txt is asked first (once per site and run); a path it disallows is not
    fetched, and a robots.txt that cannot be read (a timeout, a 5xx) disallows the site for the
    run, while one that is absent (4xx) allows it;
  - at least ``delay`` seconds between two requests to one host;
  - a timeout on connecting and on each read, and on the whole body;
  - retries on a timeout, a broken connection, 429 and 5xx, waiting ``backoff`` seconds, then
    twice that, ...; another 4xx fails at once;
  - a body over ``max_bytes`` is refused (by its Content-Length, or once that many bytes came);
  - http and https only, also for redirects (at most 5); a redirect's target is asked of its own
    site's robots.txt too, and one it disallows is not followed;
  - conditional GET: the ETag and Last-Modified of every response are sent back on the next
    request of that URL (If-None-Match, If-Modified-Since), and a 304 yields nothing. They are
    kept in the data dir (``fetch/validators.json``, written through a temporary file and a
    rename) once the run that read the response has published, so a run that fails fetches the
    same again next time.

A feed (RSS, Atom, RDF; read by feedparser) expands to its items: an item whose content is the
full text (``FULL_TEXT_WORDS`` words or more) is the article; otherwise the item's link is fetched
as a page. A page is read as an ``.html`` file is (`transforms.markup.from_html`), its encoding
from the Content-Type header, the page, or detection. Anything that fails is one (source, reason)
in the stream; the rest goes on.
"""
from __future__ import annotations

import json
import os
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from flows.settings import FetchPolicy as Policy
from transforms.articles import InputError, Notice
from transforms.encodings import UTF8, decode

VALIDATORS = Path("fetch") / "validators.json"  # under the data dir
SOURCES = "sources.txt"  # under the data dir: the URLs `serve` polls
FULL_TEXT_WORDS = 150  # a feed item's content this long is the article, not a teaser
URL = re.compile(r"https?://", re.IGNORECASE)
FEED_TYPES = ("rss", "atom", "rdf", "xml")
MAX_REDIRECTS = 5


def is_url(text: str) -> bool:
    return bool(URL.match(text))


class FetchError(Exception):
    """A URL that gave no content; the message says why."""


@dataclass
class Response:
    url: str  # after redirects
    body: bytes
    content_type: str


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows http(s) redirects only; with ``allowed``, only to URLs it allows (robots.txt).
    robots.txt itself is read through a handler without it (a site's rules are always read)."""
    max_redirections = MAX_REDIRECTS

    def __init__(self, allowed: Callable[[str], bool] | None = None):
        super().__init__()
        self.allowed = allowed

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urljoin(req.full_url, newurl)
        if urlsplit(target).scheme not in ("http", "https"):
            raise FetchError(f"redirected to {newurl!r}: only http and https are fetched")
        if self.allowed is not None and not self.allowed(target):
            raise FetchError(f"redirected to {target!r}, which its site's robots.txt disallows: not fetched")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass
class Fetcher:
    policy: Policy = field(default_factory=Policy)
    validators: dict[str, dict[str, str]] = field(default_factory=dict)  # url -> etag, last_modified
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    pending: dict[str, dict[str, str]] = field(default_factory=dict)  # to keep once the run publishes
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, RobotFileParser | None] = field(default_factory=dict)

    def __post_init__(self):
        self._opener = urllib.request.build_opener(_Redirects(self.allowed))
        self._robots_opener = urllib.request.build_opener(_Redirects())

    def get(self, url: str) -> Response | None:
        """The URL's content, or None when it has not changed since the last fetch (304)."""
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError("only http and https URLs are fetched")
        if not self.allowed(url):
            raise FetchError("disallowed by the site's robots.txt: not fetched")
        headers = {"User-Agent": self.policy.user_agent}
        known = self.validators.get(url, {})
        if known.get("etag"):
            headers["If-None-Match"] = known["etag"]
        if known.get("last_modified"):
            headers["If-Modified-Since"] = known["last_modified"]
        for attempt in range(self.policy.retries + 1):
            if attempt:
                self.sleep(self.policy.backoff * 2 ** (attempt - 1))
            try:
                return self._once(url, headers)
            except _Retry as exc:
                reason = str(exc)
        raise FetchError(f"{reason} (tried {self.policy.retries + 1} times)")

    def _once(self, url: str, headers: dict[str, str]) -> Response | None:
        self._wait(url)
        request = urllib.request.Request(url, headers=headers)
        try:
            with self._opener.open(request, timeout=self.policy.timeout) as resp:
                body = self._read(resp)
                validators = {k: v for k, v in (("etag", resp.headers.get("ETag")),
                                                 ("last_modified", resp.headers.get("Last-Modified"))) if v}
                if validators:
                    self.pending[url] = validators
                return Response(resp.geturl(), body, resp.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return None
            if exc.code == 429 or exc.code >= 500:
                raise _Retry(f"HTTP {exc.code} {exc.reason}") from None
            raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, FetchError):
                raise exc.reason from None
            raise _Retry(f"cannot connect: {exc.reason}") from None
        except (TimeoutError, socket.timeout):
            raise _Retry(f"timed out after {self.policy.timeout:g} s") from None
        except (ConnectionError, OSError) as exc:
            raise _Retry(f"connection failed: {exc}") from None

    def _read(self, resp) -> bytes:
        limit = self.policy.max_bytes
        length = resp.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > limit:
            raise FetchError(f"{int(length):,} bytes, over the limit of {limit:,}: not read")
        deadline, chunks, size = self.clock() + self.policy.timeout, [], 0
        while chunk := resp.read(65536):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise FetchError(f"over the limit of {limit:,} bytes: not read")
            if self.clock() > deadline:
                raise _Retry(f"body not read within {self.policy.timeout:g} s")
        return b"".join(chunks)

    def _wait(self, url: str) -> None:
        host = urlsplit(url).netloc.lower()
        if host in self._last:
            wait = self._last[host] + self.policy.delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(origin + "/robots.txt")
        robots = self._robots[origin]
        return robots is not None and robots.can_fetch(self.policy.user_agent, url)

    def _read_robots(self, url: str) -> RobotFileParser | None:
        """The site's rules; allow-all when it has none (4xx), None (disallow) when unreadable."""
        robots = RobotFileParser(url)
        try:
            self._wait(url)
            req = urllib.request.Request(url, headers={"User-Agent": self.policy.user_agent})
            with self._robots_opener.open(req, timeout=self.policy.timeout) as resp:
                robots.parse(self._read(resp).decode("utf-8", "replace").splitlines())
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                return None
            robots.parse([])
        except (urllib.error.URLError, OSError, FetchError, _Retry):
            return None
        return robots


class _Retry(Exception):
    """A failure worth another attempt."""


def load_validators(data_dir: Path) -> dict[str, dict[str, str]]:
    try:
        return json.loads((data_dir / VALIDATORS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_validators(data_dir: Path, pending: dict[str, dict[str, str]]) -> bool:
    """Keep what a published run fetched: merged into the file, written atomically. False when
    it could not be written (a full disk): the run stands, and the next poll fetches it again."""
    if not pending:
        return True
    path = data_dir / VALIDATORS
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        merged = {**load_validators(data_dir), **pending}
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(merged, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        return False
    return True


def sources(data_dir: Path) -> list[str]:
    """The URLs of ``<data dir>/sources.txt``: one a line; blank lines and lines starting with
    ``#`` ignored."""
    try:
        text = (data_dir / SOURCES).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def fetcher_for(settings) -> Fetcher:
    """A run's fetcher: its settings' policy, the validators its data dir keeps."""
    return Fetcher(settings.fetch, load_validators(settings.data_dir))


def fetched(settings, fetcher: Fetcher) -> Iterator[dict | tuple[str, str] | Notice]:
    """What a run fetches: its URLs, and the data dir's sources when it polls them."""
    urls = list(settings.urls) + (sources(settings.data_dir) if settings.poll_sources else [])
    return fetched_articles(list(dict.fromkeys(urls)), fetcher)


def fetched_articles(urls: list[str], fetcher: Fetcher) -> Iterator[dict | tuple[str, str] | Notice]:
    """Articles of each URL (a page, or a feed's items), (url, reason) for what failed, and
    notices; a URL that did not change since it was last fetched yields nothing."""
    for url in urls:
        try:
            resp = fetcher.get(url)
            if resp is None:
                continue
            feed = _feed(resp)
            if feed is None:
                yield from _page(resp, url)
            else:
                yield from _feed_articles(feed, url, fetcher)
        except (FetchError, InputError) as exc:
            yield (url, str(exc))


def _feed(resp: Response):
    """The parsed feed when the response is one, else None."""
    head = resp.body[:1024].lstrip().lower()
    if not (any(t in resp.content_type.lower() for t in FEED_TYPES) or head.startswith(b"<?xml")
            or head.startswith((b"<rss", b"<feed", b"<rdf"))):
        return None
    from transforms.markup import parse_feed

    return parse_feed(resp.body, resp.content_type)


def _page(resp: Response, source: str, extra: dict | None = None) -> Iterator[dict | Notice]:
    from transforms.markup import from_html

    text, encoding = decode(resp.body, declared=resp.content_type, markup=True)
    record = from_html(text, source, url=resp.url)
    for key, value in (extra or {}).items():
        record.setdefault(key, value)
    if encoding != UTF8:
        yield Notice(source, f"not UTF-8: read as {encoding}")
        record["source_encoding"] = encoding
    yield record


def _feed_articles(feed, feed_url: str, fetcher: Fetcher) -> Iterator[dict | tuple[str, str] | Notice]:
    from transforms.markup import entry_fields, feed_entry

    entries = feed.entries[: fetcher.policy.max_items]
    if not entries:
        raise InputError("feed has no items")
    for n, entry in enumerate(entries, start=1):
        link = entry.get("link")
        where = link or f"{feed_url}#item{n}"
        try:
            record = feed_entry(entry, where, FULL_TEXT_WORDS)
            if record is not None:
                yield record
            elif link:
                resp = fetcher.get(link)
                if resp is not None:
                    yield from _page(resp, link, entry_fields(entry))
            else:
                yield (where, "feed item has no link and no full text")
        except (FetchError, InputError) as exc:
            # The feed's validators are not kept: the next poll reads it again and retries this
            # item (its other items are in the lake by then, and are not taken twice).
            fetcher.pending.pop(feed_url, None)
            yield (where, str(exc))


