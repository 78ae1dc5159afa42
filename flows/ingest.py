"""Read input files into article records; an unreadable file or line is reported and skipped.

Walking an input folder (hidden files and folders left out, and names without an input suffix
passed over unmentioned, in a stable sorted order):
  - a symbolic link to a folder is not followed;
  - a symbolic link to a file is read only when its target lies inside the folder walked;
  - a broken link, a link loop and anything not a regular file (FIFO, socket, device) is
    reported and never opened;
  - a Dateline data dir (a folder holding `DATA_DIR_MARKER`) or a folder of ``exclude`` is not
    entered.
A path named on the command line is read as named: a symbolic link to a regular file is read,
and a folder inside a data dir is walked (a data dir itself is not). A CSV or TSV file whose
header names no text column is a table of something else: passed over in a walk, reported
when named.

Input bytes in another encoding than UTF-8 are decoded (`transforms.encodings`): the article
records the encoding in `source_encoding`, and a `Notice` says it. Notices (warnings about an
input read all the same) come in the stream beside articles and (source, reason) pairs.

Every ``(source, reason)`` pair shows file names through `shown`: a name holding a newline or
another control character cannot forge a line of the output."""
from __future__ import annotations

import errno
import logging
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from transforms.archives import from_archive
from transforms.articles import InputError, Notice, from_json_record, from_plain_text
from transforms.delimited import NoTextColumn, from_delimited
from transforms.encodings import UTF8, decode
from transforms.markup import from_feed, from_html
from warehouse.lake import MARKER as DATA_DIR_MARKER

TEXT_SUFFIXES = {".txt", ".text"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
TABLE_SUFFIXES = {".csv": ",", ".tsv": "\t"}  # and the separator a header line without one defaults to
ARCHIVE_SUFFIXES = (".warc.gz", ".arc.gz", ".warc", ".arc")
SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | set(TABLE_SUFFIXES) | set(ARCHIVE_SUFFIXES)
DATA_DIR_SKIPPED = "a Dateline data dir: not read as input"
FOLDER_LINK = "symbolic link to a folder: not followed"
# JSON Lines records end at a line break; not at str.splitlines' others (U+2028 may stand in a
# JSON string unescaped, and was cut there).
JSONL_LINE = re.compile(r"\r\n|\r|\n")

log = logging.getLogger(__name__)


def shown(path: Path | str) -> str:
    """``path`` as text safe to print on one line: control characters, other unprintable ones
    (line and paragraph separators, bidirectional overrides, unpaired surrogates) and the
    backslash escaped as Python writes them (``\\n``, ``\\x1b``, ``\\u202e``, ``\\\\``); a byte that is
    not UTF-8 in a file name as ``\\xff``. Letters of any script stay as they are."""
    out = []
    for ch in str(path):
        if ch.isprintable() and ch != "\\" or ch in " \u200c\u200d":  # ZWNJ/ZWJ: joiners in names
            out.append(ch)
        elif "\udc80" <= ch <= "\udcff":  # os.fsdecode's stand-in for an undecodable byte
            out.append(f"\\x{ord(ch) - 0xdc00:02x}")
        else:
            out.append(repr(ch)[1:-1] if ch != "\\" else "\\\\")
    return "".join(out)


def source_uri(path: Path) -> str:
    """The path stored as `source_uri`: as it is, but a byte that is not UTF-8 (which no Parquet
    string can hold) written ``\\xff``."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class _File:  # not a tuple: a tuple in these streams is a (source, reason) pair
    path: Path  # as walked or named: what the article's source is
    target: Path  # what to open: the path, or a walked link's resolved target
    follow: bool  # whether opening may follow a symbolic link (a path named by the user)


def suffix(path: Path) -> str:
    """The input suffix a name ends with (``.warc.gz`` is one), lower-cased; else its last one."""
    name = path.name.lower()
    return next((s for s in ARCHIVE_SUFFIXES if name.endswith(s) and len(name) > len(s)), path.suffix.lower())


def _kind(mode: int) -> str:
    return ("FIFO" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
            else "character device" if stat.S_ISCHR(mode) else "block device" if stat.S_ISBLK(mode)
            else "unknown type")


def _link_error(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "broken symbolic link"
    return f"cannot read: {exc.strerror}"


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _is_data_dir(folder: Path, st: os.stat_result, excluded: set[tuple[int, int]]) -> bool:
    return _identity(st) in excluded or os.path.isfile(folder / DATA_DIR_MARKER)


def _entries(paths: tuple[Path, ...], exclude: tuple[Path, ...] = ()) -> Iterator[_File | tuple[str, str]]:
    excluded = set()
    for folder in exclude:
        try:
            excluded.add(_identity(os.stat(folder)))
        except OSError:
            pass  # not there: nothing to keep out
    for path in map(Path, paths):
        try:
            st = os.stat(path)
        except OSError as exc:
            if os.path.islink(path):
                yield (shown(path), _link_error(exc))
            elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
                yield (shown(path), "no such file or directory")
            else:
                yield (shown(path), f"cannot read: {exc.strerror}")
            continue
        if stat.S_ISDIR(st.st_mode):
            if _is_data_dir(path, st, excluded):
                yield (shown(path), DATA_DIR_SKIPPED)
            else:
                yield from _walk(path, excluded)
        elif not stat.S_ISREG(st.st_mode):
            yield (shown(path), f"not a regular file ({_kind(st.st_mode)})")
        elif suffix(path) in SUFFIXES:
            yield _File(path, path, follow=True)
        else:
            yield (shown(path), f"unsupported file type {shown(suffix(path)) or '(none)'}: "
                                f"expected one of {', '.join(sorted(SUFFIXES))}")


def _walk(root: Path, excluded: set[tuple[int, int]]) -> Iterator[_File | tuple[str, str]]:
    """The files under ``root`` in sorted order (depth first, names sorted), never through a
    symbolic link to a folder; a stack, not recursion, however deep the folders."""
    real_root = Path(os.path.realpath(root))
    try:
        stack = [iter(sorted(os.scandir(root), key=lambda e: e.name))]
    except OSError as exc:
        yield (shown(root), f"cannot read folder: {exc.strerror}")
        return
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        article = suffix(path) in SUFFIXES
        try:
            if entry.is_symlink():
                item = _link(path, root, real_root, excluded)
                if article or item == (shown(path), FOLDER_LINK):  # other names are not inputs
                    yield item
            elif entry.is_dir(follow_symlinks=False):
                if _is_data_dir(path, entry.stat(follow_symlinks=False), excluded):
                    yield (shown(path), DATA_DIR_SKIPPED)
                    continue
                try:
                    stack.append(iter(sorted(os.scandir(path), key=lambda e: e.name)))
                except OSError as exc:
                    yield (shown(path), f"cannot read folder: {exc.strerror}")
            elif not article:
                continue
            elif entry.is_file(follow_symlinks=False):
                yield _File(path, path, follow=False)
            else:
                yield (shown(path), f"not a regular file ({_kind(entry.stat(follow_symlinks=False).st_mode)})")
        except OSError as exc:  # gone, or not allowed, since the folder was listed
            if article:
                yield (shown(path), f"cannot read: {exc.strerror}")


def _link(path: Path, root: Path, real_root: Path, excluded: set[tuple[int, int]]) -> _File | tuple[str, str]:
    """What a symbolic link met in a walk of ``root`` is: a file to read, or why not."""
    try:
        st = os.stat(path)
    except OSError as exc:
        return (shown(path), _link_error(exc))
    if stat.S_ISDIR(st.st_mode):
        return (shown(path), FOLDER_LINK)
    if not stat.S_ISREG(st.st_mode):
        return (shown(path), f"not a regular file ({_kind(st.st_mode)})")
    target = Path(os.path.realpath(path))
    if not target.is_relative_to(real_root):
        return (shown(path), f"symbolic link to {shown(target)} outside {shown(root)}: not followed")
    for folder in target.parents:  # inside the root: but not into a data dir under it
        if folder == real_root:
            break
        if _is_data_dir(folder, os.stat(folder), excluded):
            return (shown(path), f"symbolic link into {shown(folder)}, {DATA_DIR_SKIPPED}")
    return _File(path, target, follow=False)


def input_files(paths: tuple[Path, ...], exclude: tuple[Path, ...] = ()) -> Iterator[Path | tuple[str, str]]:
    """Files to read, in a stable order; a (path, reason) pair for a path that cannot be read.
    ``exclude``: folders (a run's own data dir) a walk never enters."""
    for item in _entries(paths, exclude):
        yield item if isinstance(item, tuple) else item.path


@contextmanager
def _opened(file: _File) -> Iterator[BinaryIO]:
    """The file open for reading; never blocks on a FIFO put in its place since it was walked."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | (0 if file.follow else os.O_NOFOLLOW)
    fd = os.open(file.target, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _NotRegular(f"not a regular file ({_kind(mode)})")
        with open(fd, "rb", closefd=False) as handle:
            yield handle
    finally:
        os.close(fd)


def _read_bytes(file: _File) -> bytes:
    with _opened(file) as handle:
        return handle.read()


class _NotRegular(Exception):
    pass


def _unexpected(exc: Exception, where: str) -> tuple[str, str]:
    """A bug met reading one input: logged with its traceback, and that input skipped."""
    log.error("unexpected error reading %s", where, exc_info=exc)
    return (where, shown(f"cannot read: {type(exc).__name__}: {exc}"))


def read_articles(paths: tuple[Path, ...], exclude: tuple[Path, ...] = ()) -> Iterator[dict | tuple[str, str] | Notice]:
    """Article records, (source, reason) for every file or line skipped, and a `Notice` for what
    to know of an input read all the same. One input that cannot be read, whatever the reason,
    is reported and the rest read."""
    for item in _entries(paths, exclude):
        if isinstance(item, tuple):
            yield item
            continue
        records = _read_file(item)
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as exc:  # noqa: BLE001 - a bug: logged, and one file lost, not the batch
                yield _unexpected(exc, shown(item.path))
                break
            yield record


def _read_file(file: _File) -> Iterator[dict | tuple[str, str] | Notice]:
    f, where, uri, kind = file.path, shown(file.path), source_uri(file.path), suffix(file.path)
    try:
        if kind in ARCHIVE_SUFFIXES:
            with _opened(file) as handle:
                yield from _shown_sources(from_archive(handle, uri), uri, where)
            return
        data = _read_bytes(file)
    except OSError as exc:
        yield (where, f"cannot read: {exc.strerror}" if exc.strerror else shown(f"cannot read: {exc}"))
        return
    except _NotRegular as exc:
        yield (where, str(exc))
        return
    try:
        text, encoding = decode(data, markup=kind in HTML_SUFFIXES | FEED_SUFFIXES)
    except InputError as exc:
        yield (where, str(exc))
        return
    notice = Notice(where, f"not UTF-8: read as {encoding}") if encoding != UTF8 else None
    for item in _shown_sources(_records(kind, text, f, uri, file.follow), uri, where):
        if notice:  # before the file's first item: a table passed over says nothing
            yield notice
            notice = None
        if isinstance(item, dict) and encoding != UTF8:
            item["source_encoding"] = encoding
        yield item


def _records(kind: str, text: str, f: Path, uri: str, named: bool) -> Iterator[dict | tuple[str, str] | Notice]:
    """The records of a decoded file; one whose reading fails is reported, and the rest read.
    ``named``: the file was named by the user, not met in a walk."""
    if kind in JSONL_SUFFIXES:
        lines = ((f"{uri}:{n}", line) for n, line in enumerate(JSONL_LINE.split(text), start=1) if line.strip())
        yield from _each(lines, from_json_record)
        return
    if kind in TABLE_SUFFIXES:
        try:
            yield from from_delimited(text, uri, TABLE_SUFFIXES[kind])
        except NoTextColumn as exc:
            if named:  # met in a walk: a table of something else, like reference data
                yield (uri, str(exc))
        except InputError as exc:
            yield (uri, str(exc))
        return
    try:
        yield from whole_file(text, f, uri)
    except InputError as exc:
        yield (uri, str(exc))


def _each(sources: Iterator[tuple[str, str]], read) -> Iterator[dict | tuple[str, str]]:
    for where, line in sources:
        try:
            yield read(line, where)
        except InputError as exc:
            yield (where, str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug: logged, and one line lost, not the batch
            yield _unexpected(exc, where)


def _shown_sources(items, uri: str, where: str) -> Iterator[dict | tuple[str, str] | Notice]:
    """Items with the sources of reasons and notices shown as `shown` shows the file's name
    (``uri`` is the file's `source_uri`); an article's warnings as notices before it."""
    def show(source: str) -> str:
        return where + source[len(uri):] if source.startswith(uri) else shown(source)

    for item in items:
        if isinstance(item, dict):
            for message in item.pop("warnings", ()):
                yield Notice(show(item["source_uri"]), message)
            yield item
        elif isinstance(item, Notice):
            yield Notice(show(item.source), item.message)
        else:
            yield (show(item[0]), item[1])


def whole_file(text: str, f: Path, uri: str | None = None) -> list[dict | tuple[str, str]]:
    """A feed's items, or the one article of an HTML page or a plain-text file; ``uri`` is the
    `source_uri` to give them (default: the path)."""
    uri = str(f) if uri is None else uri
    kind = suffix(f)
    if kind in FEED_SUFFIXES:
        return from_feed(text, uri)
    if kind in HTML_SUFFIXES:
        return [from_html(text, uri)]
    return [from_plain_text(text, uri)]
