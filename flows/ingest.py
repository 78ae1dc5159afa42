"""Read input files into article records; an unreadable file or line is reported and skipped."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from transforms.articles import InputError, from_json_record, from_plain_text
from transforms.markup import from_feed, from_html

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES


def input_files(paths: tuple[Path, ...]) -> Iterator[Path | tuple[str, str]]:
    """Files to read, in a stable order; a (path, reason) pair for a path that cannot be read."""
    for path in paths:
        if path.is_dir():
            for f in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                if f.suffix.lower() in SUFFIXES:
                    yield f
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path
            else:
                yield (str(path), f"unsupported file type {path.suffix or '(none)'}: expected one of {', '.join(sorted(SUFFIXES))}")
        else:
            yield (str(path), "no such file or directory")


def read_articles(paths: tuple[Path, ...]) -> Iterator[dict | tuple[str, str]]:
    """Article records, or (source, reason) for every file or line skipped."""
    for f in input_files(paths):
        if isinstance(f, tuple):
            yield f
            continue
        try:
            text = f.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            yield (str(f), f"not UTF-8 text (byte {exc.start})")
            continue
        except OSError as exc:
            yield (str(f), f"cannot read: {exc.strerror}")
            continue
        if f.suffix.lower() in JSONL_SUFFIXES:
            for n, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    yield from_json_record(line, f"{f}:{n}")
                except InputError as exc:
                    yield (f"{f}:{n}", str(exc))
        else:
            try:
                yield from whole_file(text, f)
            except InputError as exc:
                yield (str(f), str(exc))


# Inputs `dateline run` read while it waited for its Prefect server: the run's ingest task takes
# them from here once instead of reading the same files again (see `prefetch`).
_PREFETCHED: dict[tuple[Path, ...], list[dict | tuple[str, str]]] = {}


def prefetch(paths: tuple[Path, ...]) -> None:
    """Read ``paths`` now, for the next `articles_from` of the same paths in this process.
    `dateline run` calls it while its temporary Prefect server boots (the run would otherwise sit
    idle there, then read the inputs: 0.2-0.5 s of a ~5 s rerun of the BBC corpus). Whatever goes
    wrong here is left for the ingest task to meet and report in the run."""
    try:
        _PREFETCHED[tuple(paths)] = list(read_articles(paths))
    except Exception:  # noqa: BLE001 - read again, and reported, by the run's ingest task
        _PREFETCHED.pop(tuple(paths), None)


def prefetched(paths: tuple[Path, ...]) -> list[dict | tuple[str, str]] | None:
    """What `prefetch` read for ``paths``, left in place for the ingest task; None if nothing."""
    return _PREFETCHED.get(tuple(paths))


def articles_from(paths: tuple[Path, ...]) -> Iterable[dict | tuple[str, str]]:
    """What `read_articles` yields: read by `prefetch` if it was called for these paths (once),
    else read now."""
    prefetched = _PREFETCHED.pop(tuple(paths), None)
    return prefetched if prefetched is not None else read_articles(paths)


def whole_file(text: str, f: Path) -> list[dict | tuple[str, str]]:
    """A feed's items, or the one article of an HTML page or a plain-text file."""
    suffix = f.suffix.lower()
    if suffix in FEED_SUFFIXES:
        return from_feed(text, str(f))
    if suffix in HTML_SUFFIXES:
        return [from_html(text, str(f))]
    return [from_plain_text(text, str(f))]
