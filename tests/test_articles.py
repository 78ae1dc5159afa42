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
    ('{"text": "x", "published_at": "yesterday"}', "not an ISO 8601"),
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
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 owner arrested.".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_text('{"text": "One."}\nnot json\n{"text": "Two."}\n', encoding="utf-8")
    items = list(read_articles((tmp_path, tmp_path / "missing.txt")))
    articles = [i for i in items if isinstance(i, dict)]
    errors = dict(i for i in items if isinstance(i, tuple))
    assert sorted(a["body"] for a in articles) == ["Canada arrested Meng Wanzhou in December.", "One.", "Two."]
    assert "not UTF-8" in errors[str(tmp_path / "latin1.txt")]
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
    assert a["byline"] == "A. Reporter" and a["url"] == "https://example.org/a"


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
    from flows.ingest import articles_from, prefetch

    (tmp_path / "a.txt").write_text("Canada arrested a telecom executive.\n", encoding="utf-8")
    prefetch((tmp_path,))
    (tmp_path / "b.txt").write_text("A second article arrived later.\n", encoding="utf-8")
    first = [a["body"] for a in articles_from((tmp_path,))]
    assert first == ["Canada arrested a telecom executive."]  # as read ahead, before b.txt
    again = [a["body"] for a in articles_from((tmp_path,))]
    assert len(again) == 2
    assert [a["body"] for a in articles_from((tmp_path / "b.txt",))] == ["A second article arrived later."]
