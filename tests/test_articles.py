import json

import pytest

from conftest import SAMPLE
from flows.ingest import read_articles
from transforms.articles import InputError, from_json_record, from_plain_text


def test_sample_footer_goes_to_columns_and_is_cut_from_body():
    text = SAMPLE.read_text(encoding="utf-8")
    a = from_plain_text(text, str(SAMPLE))
    assert a["publisher"] == "Los Angeles Times"
    assert a["published_year"] == 2019
    assert a["distributor"] == "Tribune Content Agency, LLC"
    assert "©" not in a["body"] and "Distributed by" not in a["body"]
    # The body is the file's text up to the footer, so offsets into it are offsets into the file.
    assert text.startswith(a["body"])
    assert "title" not in a  # the first line is a sentence, not a headline


@pytest.mark.parametrize("text, title", [
    ("Huawei founder says company would refuse Beijing\nThe founder said on Tuesday...\n", "Huawei founder says company would refuse Beijing"),
    ("The founder said on Tuesday that it would refuse.\nMore text.\n", None),
    ("Only one line without a body", None),
])
def test_headline_line_becomes_title_and_stays_in_body(text, title):
    a = from_plain_text(text, "x.txt")
    assert a.get("title") == title
    assert a["body"] == text.rstrip()


def test_same_text_same_id_different_text_different_id():
    assert from_plain_text("A b.", "1")["article_id"] == from_plain_text("A b.", "2")["article_id"]
    assert from_plain_text("A b.", "1")["article_id"] != from_plain_text("A c.", "1")["article_id"]


@pytest.mark.parametrize("line, reason", [
    ("{not json", "invalid JSON"),
    ("[1, 2]", "must be an object"),
    ('{"title": "no text"}', "no 'text' or 'body'"),
])
def test_bad_json_records_say_why(line, reason):
    with pytest.raises(InputError, match=reason):
        from_json_record(line, "f.jsonl:1")


def test_json_record_fields():
    a = from_json_record(json.dumps({"body": "Text here.", "title": "T", "url": "http://x", "published_at": "2019-02-01"}), "f:1")
    assert a["title"] == "T" and a["url"] == "http://x"
    assert a["published_at"].isoformat() == "2019-02-01T00:00:00+00:00"


def test_broken_inputs_are_reported_by_name_and_the_rest_goes_on(tmp_path):
    (tmp_path / "good.txt").write_text("Canada arrested Meng Wanzhou in December.\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\xff\xfe")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text('{"text": "One."}\nnot json\n{"text": "Two."}\n', encoding="utf-8")
    items = list(read_articles((tmp_path, tmp_path / "missing.txt")))
    articles = [i for i in items if isinstance(i, dict)]
    errors = dict(i for i in items if isinstance(i, tuple))
    assert sorted(a["body"] for a in articles) == ["Canada arrested Meng Wanzhou in December.", "One.", "Two."]
    assert errors[str(tmp_path / "binary.txt")] == "not UTF-8 text (byte 0), and no other encoding fits"
    assert "no article text" in errors[str(tmp_path / "empty.txt")]
    assert "invalid JSON" in errors[f"{tmp_path / 'feed.jsonl'}:2"]
    assert "no such file" in errors[str(tmp_path / "missing.txt")]


HTML_PAGE = """<!doctype html><html><head><title>Site | Canada arrests executive</title>
<meta property="og:title" content="Canada arrests telecom executive">
<meta property="article:published_time" content="2018-12-06T10:00:00Z">
<meta name="author" content="A. Reporter"><link rel="canonical" href="https://example.org/a">
<style>p{color:red}</style><script>var x = "not text";</script></head>
<body><nav>Home | World</nav><article><h1>Canada arrests telecom executive</h1>
<p>Canada arrested the chief financial officer on Saturday, officials said.</p>
<p>“We will comply with the law,” the company said in a <b>statement</b>.</p></article>
<footer>© 2018 Example</footer></body></html>"""

FEED = """<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>News</title>
<item><title>First story</title><link>https://example.org/1</link><pubDate>Tue, 05 Feb 2019 10:00:00 GMT</pubDate>
<dc:creator>B. Writer</dc:creator><description>&lt;p&gt;The ministry banned the imports on Monday.&lt;/p&gt;</description></item>
<item><title>Empty</title></item>
<item><title>Second story</title><description>Plain text description of a fine.</description></item>
</channel></rss>"""


def test_html_page_becomes_paragraph_text_with_metadata():
    from transforms.markup import from_html

    a = from_html(HTML_PAGE, "page.html")
    assert a["body"] == ("Canada arrests telecom executive\n"
                         "Canada arrested the chief financial officer on Saturday, officials said.\n"
                         "“We will comply with the law,” the company said in a statement.")
    assert a["title"] == "Canada arrests telecom executive"
    assert a["published_at"].isoformat() == "2018-12-06T10:00:00+00:00"
    assert a["byline"] == "A Reporter" and a["url"] == "https://example.org/a"  # trafilatura's form of a name
    assert a["publisher"] == "example.org" and "language" not in a  # the site's host: no og:site_name; no lang


def test_feed_items_become_articles_and_an_empty_item_is_reported():
    from transforms.markup import from_feed

    items = from_feed(FEED, "news.rss")
    articles = [i for i in items if isinstance(i, dict)]
    assert [a["title"] for a in articles] == ["First story", "Second story"]
    assert articles[0]["body"] == "The ministry banned the imports on Monday."
    assert articles[0]["published_at"].isoformat() == "2019-02-05T10:00:00+00:00"
    assert articles[0]["byline"] == "B. Writer" and articles[0]["url"] == "https://example.org/1"
    assert ("news.rss#item2", "feed item has no content or description") in items


@pytest.mark.parametrize("markup, reason", [("<html><body><script>x</script></body></html>", "no text")])
def test_html_without_text_says_why(markup, reason):
    from transforms.markup import from_html

    with pytest.raises(InputError, match=reason):
        from_html(markup, "x.html")


def test_broken_feed_is_reported(tmp_path):
    (tmp_path / "broken.xml").write_text("<rss><channel><item>", encoding="utf-8")
    (tmp_path / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    items = list(read_articles((tmp_path,)))
    assert [i["title"] for i in items if isinstance(i, dict)] == ["Canada arrests telecom executive"]
    assert any(isinstance(i, tuple) and i[0].endswith("broken.xml") and "invalid XML" in i[1] for i in items)


def test_reference_data_is_never_ingested_as_articles():
    """Even when a user points a run at the whole seeds/ folder."""
    from conftest import REPO

    items = list(read_articles((REPO / "seeds",)))
    sources = {i["source_uri"].split(":")[0] if isinstance(i, dict) else i[0] for i in items}
    assert all("/seeds/articles/" in s for s in sources), sources
    assert not any(s.endswith(".csv") for s in sources)


def test_inputs_read_ahead_are_taken_once_and_then_read_again(tmp_path):
    """`dateline run` reads its inputs while its Prefect server boots; the run's ingest takes
    that reading once, and any later run of the process reads the files as they are then."""
    from flows.startup import articles_from, prefetch

    (tmp_path / "a.txt").write_text("Canada arrested a telecom executive.\n", encoding="utf-8")
    prefetch((tmp_path,))
    (tmp_path / "b.txt").write_text("A second article arrived later.\n", encoding="utf-8")
    first = [a["body"] for a in articles_from((tmp_path,))]
    assert first == ["Canada arrested a telecom executive."]  # as read ahead, before b.txt
    again = [a["body"] for a in articles_from((tmp_path,))]
    assert len(again) == 2
    assert [a["body"] for a in articles_from((tmp_path / "b.txt",))] == ["A second article arrived later."]


# --- one article however its text is saved (issue 17, item 7) ---

BASE = "Huawei founder says company would refuse Beijing\nThe founder said on Tuesday that Café Zürich closed.\n\nA second paragraph."
SAVED_AS = {
    "as is": BASE,
    "CRLF line endings": BASE.replace("\n", "\r\n") + "\r\n",
    "lone CR line endings": BASE.replace("\n", "\r"),
    "a leading blank line": "\n" + BASE,
    "leading blank lines and spaces": " \n\t\n  " + BASE,
    "trailing spaces and tabs": BASE.replace("\n", "  \t\n") + " \n\n",
    "decomposed (NFD)": BASE.replace("é", "e\u0301").replace("ü", "u\u0308"),
    "a byte order mark": "\ufeff" + BASE,
}


@pytest.mark.parametrize("text", SAVED_AS.values(), ids=SAVED_AS.keys())
@pytest.mark.parametrize("reader", ["plain text", "JSON Lines"])
def test_the_same_text_saved_differently_is_one_article_with_the_canonical_body(text, reader):
    from transforms.articles import article_id_for, canonical_body

    a = from_plain_text(text, "a.txt") if reader == "plain text" else from_json_record(json.dumps({"text": text}), "a.jsonl:1")
    assert canonical_body(text) == BASE
    assert a["body"] == BASE and a["article_id"] == article_id_for(BASE)
    assert a["word_count"] == len(BASE.split())
    start = BASE.index("Café Zürich")  # offsets into the stored body are offsets into the canonical text
    assert a["body"][start:start + len("Café Zürich")] == "Café Zürich"
    if reader == "plain text":  # the headline is found after a leading blank line too
        assert a["title"] == "Huawei founder says company would refuse Beijing"


def test_a_footer_is_found_whatever_the_line_endings():
    """The footer rule ended at "\\n": a CRLF file's footer stayed in its body."""
    lf = "Body of the story.\n\n---\n© 2019 Los Angeles Times\nDistributed by Tribune Content Agency, LLC.\n"
    a, b = (from_plain_text(text, "a.txt") for text in (lf, lf.replace("\n", "\r\n")))
    assert "legacy_article_id" in b  # the old code stored the CRLF file's footer in its body
    assert a == {k: v for k, v in b.items() if k != "legacy_article_id"}
    assert b["body"] == "Body of the story."
    assert (b["publisher"], b["published_year"], b["distributor"]) == ("Los Angeles Times", 2019, "Tribune Content Agency, LLC")


def test_the_sample_body_is_already_canonical_and_keeps_its_id():
    """The golden files hold this id."""
    from transforms.articles import canonical_body

    a = from_plain_text(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE))
    assert canonical_body(a["body"]) == a["body"]
    assert a["article_id"] == "07a5974263935787" and "legacy_article_id" not in a


def old_id(body: str) -> str:
    import hashlib

    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


@pytest.mark.parametrize("make, old_body", [
    (lambda: from_plain_text("A b.\n", "a.txt"), None),
    (lambda: from_plain_text("A b.\n\n---\n© 2019 X\n", "a.txt"), None),
    (lambda: from_plain_text("\nA b.\n", "a.txt"), "\nA b."),
    (lambda: from_plain_text("A b.  \nC d.\n", "a.txt"), "A b.  \nC d."),
    (lambda: from_plain_text("A b.\r\nC d.\r\n", "a.txt"), "A b.\r\nC d."),
    (lambda: from_plain_text("A b.\r\n\r\n---\r\n© 2019 X\r\n", "a.txt"), "A b.\r\n\r\n---\r\n© 2019 X"),  # the old code missed a CRLF footer
    (lambda: from_plain_text("Cafe\u0301.", "a.txt"), "Cafe\u0301."),
    (lambda: from_json_record('{"text": "A b."}', "f:1"), None),
    (lambda: from_json_record('{"text": "A b. "}', "f:1"), "A b. "),
    (lambda: from_json_record('{"body": "\\nA b.\\n"}', "f:1"), "\nA b.\n"),
    (lambda: __import__("transforms.markup").markup.from_html("<p>Cafe\u0301.</p>", "p.html"), None),  # the id main stored
    (lambda: __import__("transforms.markup").markup.from_html("<p>Café.</p>", "p.html"), None),
], ids=["plain", "plain with footer", "plain leading blank line", "plain trailing spaces", "plain CRLF",
        "plain CRLF footer", "plain NFD", "json", "json trailing space", "json leading newline", "html NFD", "html"])
def test_legacy_id_is_there_exactly_when_the_old_body_hashes_differently(make, old_body):
    """A data dir made before the canonical body holds the old ids: the flow skips a record when
    either id is known. The extra key never reaches Parquet (the schema keeps its own columns)."""
    from datetime import datetime, timezone

    from warehouse.lake import to_arrow

    from transforms.articles import canonical_body

    a = make()
    assert canonical_body(a["body"]) == a["body"]  # the id is the canonical body's
    if old_body is None:
        assert "legacy_article_id" not in a
    else:
        assert a["legacy_article_id"] == old_id(old_body) != a["article_id"]
    table = to_arrow("articles", [{**a, "language": "en", "ingested_at": datetime.now(timezone.utc)}])
    assert "legacy_article_id" not in table.column_names and table.num_rows == 1


# --- messages and inputs that used to fail oddly ---

@pytest.mark.parametrize("line, message", [
    ('{"text": "abc', "invalid JSON (Unterminated string starting at column 10)"),
    ('{"text": "a\x01"}', "invalid JSON (Invalid control character at column 12)"),
    ("[" * 100_000, "JSON nested too deeply"),
    ('{"text": "ok \\ud800"}', r"text holds an unpaired surrogate (\ud800) at character 4"),
    ('{"text": "ok", "title": "\\udfff"}', r"title holds an unpaired surrogate (\udfff) at character 1"),
], ids=["unterminated string", "control character", "deep nesting", "surrogate in text", "surrogate in title"])
def test_json_record_errors_read_well(line, message):
    with pytest.raises(InputError) as info:
        from_json_record(line, "f.jsonl:1")
    assert str(info.value) == message and " at at " not in str(info.value)


def test_a_plain_text_surrogate_is_refused_by_name():
    """A decoded file cannot hold one; a caller passing text built otherwise is told."""
    with pytest.raises(InputError, match=r"text holds an unpaired surrogate \(\\udc80\) at character 3"):
        from_plain_text("ab\udc80c", "a.txt")


PAD = " " * 50_000


@pytest.mark.parametrize("tail, distributor", [
    (f"Distributed by Tribune{PAD}Content Agency, LLC.", f"Tribune{PAD}Content Agency, LLC"),
    (f"distributed by  Agency{PAD}X .  ", f"Agency{PAD}X"),
    (f"Distributed by A{PAD}gency..", f"A{PAD}gency."),
    (f"Distributed by\nA{PAD}gency", f"A{PAD}gency"),
    (f"Distributed by .{PAD}.", "."),
], ids=["period", "spaced period", "two periods", "next line", "only periods"])
def test_distributor_reads_as_before_and_a_run_of_spaces_takes_no_time(tail, distributor):
    """'Distributed by' was matched lazily up to an optional period and the line's end: time
    quadratic in a run of spaces followed by more text (5 s for these 50,000)."""
    import time

    started = time.monotonic()
    assert from_plain_text("Story.\n---\n" + tail + "\n", "a.txt")["distributor"] == distributor
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("markup", ["<p>Text.</p><![ x", "<![marked section<p>Text.</p>", '<p>Text.</p> <!["'])
def test_html_the_former_parser_refused_is_read(markup):
    from transforms.markup import from_html

    assert from_html(markup, "x.html")["body"] == "Text."
