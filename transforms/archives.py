"""Web archives (WARC, ARC; gzipped or not) -> article records, read as a stream with warcio.

Every HTML response record (a ``response`` record whose HTTP status is 2xx and whose
Content-Type is HTML; an ARC file's records are read as responses) is a page read as
`transforms.markup.from_html` reads one, decoded by its HTTP charset, then its markup's, then
detection. Its `url` is the record's ``WARC-Target-URI``, its date the page's own, else the
record's ``WARC-Date`` (when it was fetched); its `source_uri` is the archive's with
``#record<n>`` (n counts every record from 1). Other records (requests, metadata, redirects,
images, ...) are skipped and counted in one `Notice`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from transforms.articles import InputError, Notice
from transforms.encodings import UTF8, decode
from transforms.markup import from_html

HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_html_response(record) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    return status.startswith("2") and content_type in HTML_TYPES


def from_archive(stream: BinaryIO, source_uri: str) -> Iterator[dict | tuple[str, str] | Notice]:
    """The archive's pages: articles, (source, reason) for a page that is not one, and a
    `Notice` of the records skipped and of pages not in UTF-8. A damaged archive ends the
    reading with its reason; what was read before it is kept."""
    from warcio.archiveiterator import ArchiveIterator

    skipped, n, encodings, damaged = 0, 0, Counter(), False
    records = iter(ArchiveIterator(stream, arc2warc=True))
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:  # noqa: BLE001 - bytes warcio cannot parse, whatever it raises: the damage
            what = f"damaged archive after record {n}" if n else "not a WARC or ARC archive"
            yield (source_uri, f"{what}: {type(exc).__name__}: {str(exc)[:200]}")
            damaged = True
            break
        n += 1
        if not is_html_response(record):
            skipped += 1
            continue
        where = f"{source_uri}#record{n}"
        try:
            article = _page(record, where)
        except InputError as exc:
            yield (where, str(exc))
            continue
        if article.get("source_encoding"):
            encodings[article["source_encoding"]] += 1
        yield article
    if n == 0 and not damaged:
        yield (source_uri, "an empty archive: no records")
    if skipped:
        yield Notice(source_uri, f"{skipped} of {n} records are not HTML pages (requests, metadata, "
                                 "redirects, other media): skipped")
    if encodings:
        yield Notice(source_uri, "pages not in UTF-8, read as " +
                     ", ".join(f"{name} ({count})" for name, count in sorted(encodings.items())))


def _page(record, where: str) -> dict:
    try:
        data = record.content_stream().read()
    except Exception as exc:  # noqa: BLE001 - a bad chunked or compressed body: this record only
        raise InputError(f"record body unreadable: {type(exc).__name__}: {exc}") from None
    text, encoding = decode(data, declared=record.http_headers.get_header("Content-Type"), markup=True)
    article = from_html(text, where, url=record.rec_headers.get_header("WARC-Target-URI"),
                        fetched_at=record.rec_headers.get_header("WARC-Date"))
    if encoding != UTF8:
        article["source_encoding"] = encoding
    return article
