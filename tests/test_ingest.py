"""Walking and reading input files (flows/ingest.py), on real files: links, special files, names
that forge output lines, data dirs, and inputs that used to sink a whole batch."""
import json
import os
import signal
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest

from flows.ingest import DATA_DIR_MARKER, DATA_DIR_SKIPPED, input_files, read_articles, shown
from flows.startup import articles_from, prefetch, prefetched
from warehouse.lake import to_arrow

GOOD = "Canada arrested a telecom executive in December."
SECRET = "This secret line must never become an article."


@contextmanager
def deadline(seconds: int = 20):
    """A walk that opens a FIFO blocks forever: fail the test instead."""
    def expired(signum, frame):
        raise TimeoutError("reading the inputs blocked (a FIFO opened?)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def read(*paths, exclude=()):
    with deadline():
        items = list(read_articles(tuple(paths), exclude=exclude) if exclude else read_articles(tuple(paths)))
    articles = [i for i in items if isinstance(i, dict)]
    errors = dict(i for i in items if isinstance(i, tuple))
    return articles, errors


def stored(articles):
    """The rows as the run writes them: what would not fit Parquet fails here, as in a run."""
    now = datetime.now(timezone.utc)
    return to_arrow("articles", [{**a, "language": "en", "ingested_at": now} for a in articles])


def real(path) -> str:
    """Where a link's target is reported: the path with every link in it resolved."""
    return os.path.realpath(path)


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def elsewhere(tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    return folder


# --- one bad line or file is that input's error; the rest of the file and the batch is read ---

POISON_LINES = {
    "nested 100,000 deep": ('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", "JSON nested too deeply"),
    "lone surrogate in text": ('{"text": "Fine until \\ud800 here."}', r"text holds an unpaired surrogate (\ud800) at character 12"),
    "lone surrogate in body": ('{"body": "\\udfff"}', r"body holds an unpaired surrogate (\udfff) at character 1"),
    "lone surrogate in title": ('{"text": "Fine.", "title": "Bad \\udc80"}', r"title holds an unpaired surrogate (\udc80) at character 5"),
    "lone surrogate in url": ('{"text": "Fine.", "url": "http://x/\\ud83d"}', r"url holds an unpaired surrogate (\ud83d)"),
    "lone surrogate in publisher": ('{"text": "Fine.", "publisher": "\\ud800"}', "publisher holds an unpaired surrogate"),
    "lone surrogate in byline": ('{"text": "Fine.", "byline": "\\ud800"}', "byline holds an unpaired surrogate"),
    "5000-digit integer": ('{"text": "Fine.", "n": ' + "1" * 5000 + "}", "invalid JSON (Exceeds the limit (4300 digits)"),
}


@pytest.mark.parametrize("line, reason", POISON_LINES.values(), ids=POISON_LINES.keys())
def test_a_poison_line_is_that_lines_error_and_the_rest_is_read(inbox, line, reason):
    first = '{"text": "Smile \\ud83d\\ude00.", "title": "\\ud83d\\ude00"}'  # a surrogate pair is one character
    (inbox / "feed.jsonl").write_text(first + "\n" + line + '\n{"text": "Third."}\n', encoding="utf-8")
    articles, errors = read(inbox)
    assert list(errors) == [f"{inbox / 'feed.jsonl'}:2"] and reason in errors[f"{inbox / 'feed.jsonl'}:2"]
    assert [a["body"] for a in articles] == ["Smile \U0001F600.", "Third.", GOOD]
    assert articles[0]["title"] == "\U0001F600"
    stored(articles)  # and the batch can be written


def test_a_line_separator_inside_a_json_string_does_not_end_the_record(inbox):
    """U+2028 may stand unescaped in a JSON string; str.splitlines cut the record there."""
    (inbox / "feed.jsonl").write_text(json.dumps({"text": "One\u2028two."}, ensure_ascii=False) + "\n"
                                      + '{"text": "Next."}\r\n' + "not json\n", encoding="utf-8")
    articles, errors = read(inbox / "feed.jsonl")
    assert [a["body"] for a in articles] == ["One\u2028two.", "Next."]
    assert list(errors) == [f"{inbox / 'feed.jsonl'}:3"]


# Markup on which Python's HTMLParser raised (the former reader refused such a page): lxml reads it.
ODD_MARKUP = {
    "page with an unreadable declaration": ("page.html", "<p>Text of the page.</p>\n<![ x", "page.html"),
    "feed item with one": ("news.rss", "<rss><channel><item><description>&lt;p&gt;Text of the item.&lt;/p&gt;&lt;![marked section"
                           "</description></item><item><description>Second item.</description></item></channel></rss>",
                           "news.rss#item1"),
}


@pytest.mark.parametrize("name, markup, source", ODD_MARKUP.values(), ids=ODD_MARKUP.keys())
def test_markup_the_former_parser_asserted_on_is_read(inbox, name, markup, source):
    (inbox / name).write_text(markup, encoding="utf-8")
    articles, errors = read(inbox)
    assert not errors
    bodies = {a["source_uri"]: a["body"] for a in articles}
    assert bodies[str(inbox / source)].startswith("Text of the ") and GOOD in bodies.values()
    if name.endswith(".rss"):  # the feed's other item is read
        assert "Second item." in bodies.values()


def test_a_date_that_is_none_is_a_warning_and_the_article_is_kept(inbox):
    from transforms.articles import Notice

    (inbox / "feed.jsonl").write_text('{"text": "Early.", "published_at": "0001-01-01T00:00:00+05:00"}\n'
                                      '{"text": "Vague.", "published_at": "some time ago"}\n'
                                      '{"text": "Written.", "published_at": "Dec 5, 2019"}\n', encoding="utf-8")
    with deadline():
        items = list(read_articles((inbox / "feed.jsonl",)))
    notices = {n.source: n.message for n in items if isinstance(n, Notice)}
    articles = [a for a in items if isinstance(a, dict)]
    assert [a["body"] for a in articles] == ["Early.", "Vague.", "Written."]
    assert "published_at" not in articles[0] and "published_at" not in articles[1]
    assert articles[2]["published_at"].isoformat() == "2019-12-05T00:00:00+00:00"
    assert notices == {
        f"{inbox / 'feed.jsonl'}:1": "published_at '0001-01-01T00:00:00+05:00' is out of range in UTC: "
                                     "the article is kept without a date",
        f"{inbox / 'feed.jsonl'}:2": "published_at 'some time ago' is not a date (ISO 8601, RFC 822 or written "
                                     "out with day, month and year): the article is kept without a date"}
    assert not any("warnings" in a for a in articles)
    stored(articles)


def test_a_feed_date_out_of_range_in_utc_is_dropped_not_the_item(inbox):
    (inbox / "news.rss").write_text("<rss><channel><item><description>Late item.</description>"
                                    "<pubDate>31 Dec 9999 23:59 -2359</pubDate></item></channel></rss>", encoding="utf-8")
    articles, errors = read(inbox / "news.rss")
    assert not errors and "published_at" not in articles[0]
    stored(articles)


def test_an_unexpected_error_for_one_file_is_reported_for_that_file_and_logged(inbox, monkeypatch, caplog):
    import flows.ingest

    (inbox / "boom.txt").write_text("This one trips a bug.\n", encoding="utf-8")

    def buggy(text, source_uri):
        if "bug" in text:
            raise ZeroDivisionError("division by zero")
        return real(text, source_uri)

    real = flows.ingest.from_plain_text
    monkeypatch.setattr(flows.ingest, "from_plain_text", buggy)
    articles, errors = read(inbox)
    assert errors == {str(inbox / "boom.txt"): "cannot read: ZeroDivisionError: division by zero"}
    assert [a["body"] for a in articles] == [GOOD]
    assert "unexpected error reading" in caplog.text and "ZeroDivisionError" in caplog.text


# --- links and special files met while walking a folder ---

def make_link_out(inbox, elsewhere):
    (inbox / "leak.txt").symlink_to(elsewhere / "secret.txt")
    return {"leak.txt": f"symbolic link to {real(elsewhere / 'secret.txt')} outside {inbox}: not followed"}


def make_link_to_etc_passwd(inbox, elsewhere):
    (inbox / "passwd.txt").symlink_to("/etc/passwd")
    return {"passwd.txt": f"symbolic link to {real('/etc/passwd')} outside {inbox}: not followed"}


def make_relative_link_out(inbox, elsewhere):
    (inbox / "up.txt").symlink_to(Path("..") / elsewhere.name / "secret.txt")
    return {"up.txt": f"symbolic link to {real(elsewhere / 'secret.txt')} outside {inbox}: not followed"}


def make_linked_folder(inbox, elsewhere):
    (inbox / "more").symlink_to(elsewhere, target_is_directory=True)
    return {"more": "symbolic link to a folder: not followed"}


def make_dangling_link(inbox, elsewhere):
    (inbox / "gone.txt").symlink_to(elsewhere / "deleted.txt")
    return {"gone.txt": "broken symbolic link"}


def make_link_loop(inbox, elsewhere):
    (inbox / "a.txt").symlink_to(inbox / "b.txt")
    (inbox / "b.txt").symlink_to(inbox / "a.txt")
    return {"a.txt": "symbolic link loop", "b.txt": "symbolic link loop"}


def make_fifo(inbox, elsewhere):
    os.mkfifo(inbox / "pipe.txt")
    return {"pipe.txt": "not a regular file (FIFO)"}


def make_fifo_behind_a_link(inbox, elsewhere):
    os.mkfifo(inbox / ".pipe")
    (inbox / "pipe.txt").symlink_to(inbox / ".pipe")
    return {"pipe.txt": "not a regular file (FIFO)"}


def make_socket(inbox, elsewhere):
    import socket

    cwd = os.getcwd()
    os.chdir(inbox)  # a relative name: a socket's path is limited to ~100 bytes
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind("server.txt")
    finally:
        os.chdir(cwd)
    return {"server.txt": "not a regular file (socket)"}


def make_link_to_a_device(inbox, elsewhere):
    (inbox / "null.txt").symlink_to("/dev/null")
    return {"null.txt": "not a regular file (character device)"}


SKIPPED = {f.__name__.removeprefix("make_"): f for f in (
    make_link_out, make_link_to_etc_passwd, make_relative_link_out, make_linked_folder, make_dangling_link,
    make_link_loop, make_fifo, make_fifo_behind_a_link, make_socket, make_link_to_a_device)}


@pytest.mark.parametrize("make", SKIPPED.values(), ids=SKIPPED.keys())
def test_links_and_special_files_in_a_folder_are_reported_and_never_read(inbox, elsewhere, make):
    expected = make(inbox, elsewhere)
    articles, errors = read(inbox)
    assert errors == {str(inbox / name): reason for name, reason in expected.items()}
    assert [a["body"] for a in articles] == [GOOD]  # nothing from outside the folder


def test_a_link_to_a_file_inside_the_folder_is_read_and_one_out_of_it_is_not(inbox, elsewhere):
    (inbox / "sub").mkdir()
    (inbox / "sub" / "alias.txt").symlink_to(Path("..") / "good.txt")
    (inbox / "sub" / "secret.txt").symlink_to(elsewhere / "secret.txt")
    articles, errors = read(inbox)
    assert list(errors) == [str(inbox / "sub" / "secret.txt")]
    assert [(a["source_uri"], a["body"]) for a in articles] == [(str(inbox / "good.txt"), GOOD),
                                                               (str(inbox / "sub" / "alias.txt"), GOOD)]
    assert articles[0]["article_id"] == articles[1]["article_id"]  # the flow keeps one


def test_a_link_named_on_the_command_line_is_read_where_a_walk_would_not_follow_it(inbox, elsewhere):
    (inbox / "named.txt").symlink_to(elsewhere / "secret.txt")
    articles, errors = read(inbox / "named.txt")
    assert not errors and [a["body"] for a in articles] == [SECRET]
    articles, errors = read(inbox)
    assert list(errors) == [str(inbox / "named.txt")] and [a["body"] for a in articles] == [GOOD]


@pytest.mark.parametrize("make, reason", [
    (lambda p: os.mkfifo(p), "not a regular file (FIFO)"),
    (lambda p: p.symlink_to(p.parent / "nowhere.txt"), "broken symbolic link"),
    (lambda p: p.symlink_to(p), "symbolic link loop"),
    (lambda p: p.symlink_to("/dev/null"), "not a regular file (character device)"),
], ids=["FIFO", "dangling link", "link to itself", "link to a device"])
def test_a_special_file_named_on_the_command_line_is_reported_not_opened(tmp_path, make, reason):
    make(tmp_path / "named.txt")
    assert read(tmp_path / "named.txt") == ([], {str(tmp_path / "named.txt"): reason})


def test_a_regular_file_swapped_for_a_fifo_after_the_walk_is_not_waited_on(tmp_path):
    """Checked again when opened, without blocking: the walk's answer may be stale."""
    from flows.ingest import _entries, _read_file

    (tmp_path / "a.txt").write_text("Text.\n", encoding="utf-8")
    (file,) = list(_entries((tmp_path,)))
    (tmp_path / "a.txt").unlink()
    os.mkfifo(tmp_path / "a.txt")
    with deadline():
        assert list(_read_file(file)) == [(str(tmp_path / "a.txt"), "not a regular file (FIFO)")]


def test_hidden_files_and_folders_are_left_out_and_the_order_is_sorted(inbox):
    for name in ("b/z.txt", "a-c.txt", "a/b.txt", "a.txt", ".hidden/x.txt", "b/.h.txt", "c.dat"):
        (inbox / name).parent.mkdir(exist_ok=True)
        (inbox / name).write_text(f"Article {name}.\n", encoding="utf-8")
    (inbox / ".link.txt").symlink_to(inbox / "good.txt")
    (inbox / "link.dat").symlink_to(inbox / "good.txt")  # names that are not inputs stay unmentioned
    os.mkfifo(inbox / "pipe.dat")
    with deadline():
        files = list(input_files((inbox,)))
    assert files == sorted(files)
    assert [str(f.relative_to(inbox)) for f in files] == ["a/b.txt", "a-c.txt", "a.txt", "b/z.txt", "good.txt"]


# --- names shown escaped ---

@pytest.mark.parametrize("name, expected", [
    ("a\nb.txt", r"a\nb.txt"),
    ("x\r\x1b[31mred\x7f.txt", r"x\r\x1b[31mred\x7f.txt"),
    ("tab\there.txt", r"tab\there.txt"),
    ("rtl\u202etxt.exe", r"rtl\u202etxt.exe"),
    ("line\u2028sep", r"line\u2028sep"),
    ("back\\slash", r"back\\slash"),
    ("bad\udcff.txt", r"bad\xff.txt"),  # a byte that is not UTF-8, as os.fsdecode gives it
    ("café/日本語 ü.txt", "café/日本語 ü.txt"),
])
def test_shown_escapes_control_characters_only(name, expected):
    assert shown(name) == expected and shown(Path(name)) == expected


def test_a_name_holding_a_newline_cannot_forge_an_output_line(inbox):
    forged = "x.txt: skipped\nFORGED.txt"
    (inbox / (forged + ".txt")).write_bytes(b" \n")
    (inbox / "two\nlines.txt").write_text("A fine article with an odd name.\n", encoding="utf-8")
    (inbox / "loop\n.txt").symlink_to(inbox / "loop\n.txt")
    articles, errors = read(inbox)
    assert errors == {f"{inbox}/x.txt: skipped\\nFORGED.txt.txt": "no article text",
                      f"{inbox}/loop\\n.txt": "symbolic link loop"}
    assert str(inbox / "two\nlines.txt") in [a["source_uri"] for a in articles]  # stored as it is


def test_a_reason_naming_paths_shows_them_escaped(tmp_path):
    inbox, outside = tmp_path / "in\nbox", tmp_path / "out\x1bside"
    inbox.mkdir(), outside.mkdir()
    (outside / "s.txt").write_text(SECRET, encoding="utf-8")
    (inbox / "l.txt").symlink_to(outside / "s.txt")
    _, errors = read(inbox)
    assert errors == {f"{tmp_path}/in\\nbox/l.txt": f"symbolic link to {real(tmp_path)}/out\\x1bside/s.txt outside {tmp_path}/in\\nbox: not followed"}


def test_a_file_name_that_is_not_utf8_is_read_and_stored(tmp_path):
    name = os.fsdecode(b"caf\xe9.txt")  # Latin-1 bytes: not UTF-8
    (tmp_path / name).write_text("An article saved under a Latin-1 name.\n", encoding="utf-8")
    articles, errors = read(tmp_path)
    assert not errors and articles[0]["source_uri"] == f"{tmp_path}/caf\\xe9.txt"
    stored(articles)


# --- data dirs are not inputs ---

def data_dir(folder: Path, marker: bool = True) -> Path:
    (folder / "reports").mkdir(parents=True)
    if marker:
        (folder / DATA_DIR_MARKER).write_text("{}", encoding="utf-8")
    (folder / "reports" / "run.html").write_text("<p>Run report: 12 articles.</p>", encoding="utf-8")
    (folder / "notes.txt").write_text("Notes kept in the data dir.\n", encoding="utf-8")
    (folder / "inbox").mkdir()
    (folder / "inbox" / "new.txt").write_text("An article waiting in the inbox.\n", encoding="utf-8")
    return folder


def test_a_data_dir_inside_an_input_folder_is_not_read(inbox):
    data = data_dir(inbox / "data")
    articles, errors = read(inbox)
    assert [a["body"] for a in articles] == [GOOD]
    assert errors == {str(data): DATA_DIR_SKIPPED}


def test_the_runs_own_data_dir_is_excluded_but_a_folder_in_it_named_on_the_command_line_is_read(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    data = data_dir(tmp_path / "data", marker=False)  # a data dir made before the marker
    articles, errors = read(tmp_path, exclude=(data,))
    assert [a["body"] for a in articles] == [GOOD] and errors == {str(data): DATA_DIR_SKIPPED}
    articles, errors = read(data / "inbox", exclude=(data,))
    assert [a["body"] for a in articles] == ["An article waiting in the inbox."] and not errors
    assert read(data, exclude=(data,)) == ([], {str(data): DATA_DIR_SKIPPED})
    assert read(data_dir(tmp_path / "other")) == ([], {str(tmp_path / "other"): DATA_DIR_SKIPPED})


def test_a_link_into_a_data_dir_under_the_folder_is_not_followed(inbox):
    data = data_dir(inbox / "data")
    (inbox / "notes.txt").symlink_to(data / "notes.txt")
    articles, errors = read(inbox)
    assert [a["body"] for a in articles] == [GOOD]
    assert errors[str(inbox / "notes.txt")] == f"symbolic link into {real(data)}, {DATA_DIR_SKIPPED}"


def test_prefetched_inputs_are_kept_apart_by_what_was_excluded(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    data = data_dir(tmp_path / "data", marker=False)
    prefetch((tmp_path,), exclude=(data,))
    assert prefetched((tmp_path,)) is None
    assert len(prefetched((tmp_path,), exclude=(data,))) == 2
    everything = [a["body"] for a in articles_from((tmp_path,)) if isinstance(a, dict)]  # read now
    assert len(everything) == 4
    taken = [a["body"] for a in articles_from((tmp_path,), exclude=(data,)) if isinstance(a, dict)]
    assert taken == [GOOD] and prefetched((tmp_path,), exclude=(data,)) is None
