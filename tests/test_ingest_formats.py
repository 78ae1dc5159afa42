"""Inputs as they come (#21): web pages, any encoding, CSV/TSV, WARC, dates in any common form.
Real files in tmp_path; every page and text here was written for these tests."""
from datetime import datetime, timezone
from io import BytesIO

import pytest

from flows.ingest import read_articles
from transforms.articles import InputError, Notice
from transforms.dates import published_time
from transforms.encodings import decode
from warehouse.lake import to_arrow

PARAGRAPHS = [
    "The city council of Northfield voted on Tuesday to close the old river bridge to lorries from next spring.",
    "Engineers told the council that the bridge, built in 1904, could no longer carry heavy traffic safely.",
    "“We have waited long enough for a decision,” said Maria Jones, who chairs the transport committee.",
    "Shop owners on the east bank said the closure would add twenty minutes to every delivery.",
    "The council will spend £2.4m on a new crossing, which it expects to open within three years.",
]
PAGE = """<!doctype html><html lang="en-GB"><head><meta charset="{charset}">
<title>Northfield closes river bridge to lorries | The Northfield Courier</title>
<meta property="og:title" content="Northfield closes river bridge to lorries">
<meta property="og:site_name" content="The Northfield Courier">
<meta name="author" content="Sam Taylor">
<meta property="article:published_time" content="2019-03-05T09:30:00+00:00">
<link rel="canonical" href="https://courier.example/2019/03/05/bridge">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Northfield closes river bridge to lorries</h1>
{paragraphs}
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Library opening hours change</a></li>
<li><a href="/b">Cricket club wins county cup</a></li></ul></aside>
<footer><p>© 2019 The Northfield Courier. All rights reserved.</p><p><a href="/privacy">Privacy</a></p></footer>
</body></html>"""


def page(charset: str = "utf-8", paragraphs=PARAGRAPHS) -> str:
    return PAGE.format(charset=charset, paragraphs="\n".join(f"<p>{p}</p>" for p in paragraphs))


def read(*paths):
    items = list(read_articles(tuple(paths)))
    articles = [i for i in items if isinstance(i, dict)]
    errors = dict(i for i in items if isinstance(i, tuple))
    notices = [(n.source, n.message) for n in items if isinstance(n, Notice)]
    return articles, errors, notices


def stored(articles):
    now = datetime.now(timezone.utc)
    return to_arrow("articles", [{**a, "language": a.get("language", "en"), "ingested_at": now} for a in articles])


# --- web pages ---

def test_a_page_gives_its_article_text_and_metadata_not_its_menus_or_footer(tmp_path):
    (tmp_path / "bridge.html").write_text(page(), encoding="utf-8")
    [a], errors, notices = read(tmp_path / "bridge.html")
    assert not errors and not notices
    assert a["body"].split("\n") == ["Northfield closes river bridge to lorries"] + PARAGRAPHS
    assert a["title"] == "Northfield closes river bridge to lorries"
    assert a["byline"] == "Sam Taylor" and a["publisher"] == "The Northfield Courier"
    assert a["url"] == "https://courier.example/2019/03/05/bridge" and a["language"] == "en"
    assert a["published_at"] == datetime(2019, 3, 5, 9, 30, tzinfo=timezone.utc) and a["published_year"] == 2019
    assert "source_encoding" not in a
    stored([a])


def test_a_page_whose_date_is_only_in_its_url_gets_it(tmp_path):
    """htmldate reads the URL when the markup has no date."""
    markup = page().replace('<meta property="article:published_time" content="2019-03-05T09:30:00+00:00">', "")
    (tmp_path / "p.html").write_text(markup.replace("2019/03/05", "2018/11/20"), encoding="utf-8")
    [a], _, _ = read(tmp_path / "p.html")
    assert a["published_at"].date().isoformat() == "2018-11-20"


# --- encodings ---

@pytest.mark.parametrize("data, declared, markup, text, encoding", [
    ("Price: £5".encode("utf-8"), None, False, "Price: £5", "utf-8"),
    (b"\xef\xbb\xbfPrice", None, False, "Price", "utf-8"),
    ("Price: £5".encode("utf-16"), None, False, "Price: £5", "utf-16"),
    ("Price: £5 for a café".encode("cp1252"), None, False, "Price: £5 for a café", "cp1252"),
    ("A “quoted” price".encode("cp1252"), "text/html; charset=windows-1252", False, "A “quoted” price", "cp1252"),
    (b'<meta charset="iso-8859-1"><p>Caf\xe9 \x93owner\x94</p>', None, True,
     '<meta charset="iso-8859-1"><p>Café “owner”</p>', "cp1252"),  # ISO-8859-1 read as windows-1252, as browsers do
    ('<?xml version="1.0" encoding="koi8-r"?><rss>Новости дня</rss>'.encode("koi8_r"), None, True,
     '<?xml version="1.0" encoding="koi8-r"?><rss>Новости дня</rss>', "koi8-r"),
    ("Президент заявил в понедельник, что переговоры продолжатся на следующей неделе.".encode("cp1251"), None, False,
     "Президент заявил в понедельник, что переговоры продолжатся на следующей неделе.", "cp1251"),
], ids=["utf-8", "utf-8 bom", "utf-16 bom", "detected cp1252", "http header", "meta latin-1", "xml declaration", "detected cp1251"])
def test_bytes_are_decoded_by_bom_utf8_declaration_then_detection(data, declared, markup, text, encoding):
    assert decode(data, declared=declared, markup=markup) == (text, encoding)


def test_bytes_no_encoding_fits_are_refused_by_name():
    with pytest.raises(InputError, match=r"not UTF-8 text \(byte 1\), and no other encoding fits"):
        decode(b"\x00\xff\xfe\x00\x81\x00\x8d" * 20)


def test_a_latin1_file_is_read_with_its_pound_sign_and_says_so(tmp_path):
    (tmp_path / "fee.txt").write_bytes("Chelsea paid a £15.8m fee for the striker last summer.\n".encode("latin-1"))
    (tmp_path / "plain.txt").write_text("A plain article in UTF-8.\n", encoding="utf-8")
    articles, errors, notices = read(tmp_path)
    assert not errors
    by_name = {a["source_uri"].rsplit("/", 1)[1]: a for a in articles}
    assert by_name["fee.txt"]["body"] == "Chelsea paid a £15.8m fee for the striker last summer."
    assert by_name["fee.txt"]["source_encoding"] == "cp1252" and "source_encoding" not in by_name["plain.txt"]
    assert notices == [(str(tmp_path / "fee.txt"), "not UTF-8: read as cp1252")]
    assert stored(articles).column("source_encoding").to_pylist().count(None) == 1


def test_a_page_in_windows_1252_is_read_by_its_declared_charset(tmp_path):
    (tmp_path / "p.html").write_bytes(page("windows-1252").encode("cp1252"))
    [a], errors, notices = read(tmp_path / "p.html")
    assert "“We have waited long enough for a decision,”" in a["body"] and "£2.4m" in a["body"]
    assert a["source_encoding"] == "cp1252" and notices == [(str(tmp_path / "p.html"), "not UTF-8: read as cp1252")]


# --- CSV and TSV ---

def csv_text(*rows: str) -> str:
    return "\n".join(("url,date,title,text",) + rows) + "\n"


def test_csv_rows_become_articles_and_a_bad_row_is_reported_by_file_and_line(tmp_path):
    f = tmp_path / "export.csv"
    f.write_text(csv_text(
        'https://n.example/1,2019-01-04,Bridge closes,"The bridge closed on Friday.\n\nTraffic moved to the ring road."',
        'https://n.example/2,2019-01-05,Too many,The text,and one field too many',
        'https://n.example/3,"Jan 6, 2019",Written date,A council spokesman confirmed the plan.',
        'https://n.example/4,the sixth,Odd date,The library reopened after repairs.',
        'https://n.example/5,2019-01-07,No text,',
        "",
        'https://n.example/6,2019-01-08,Last,The last row is read.'), encoding="utf-8")
    articles, errors, notices = read(f)
    assert [a["title"] for a in articles] == ["Bridge closes", "Written date", "Odd date", "Last"]
    assert articles[0] == {**articles[0], "url": "https://n.example/1", "source_uri": f"{f}:2",
                           "body": "The bridge closed on Friday.\n\nTraffic moved to the ring road.",
                           "published_at": datetime(2019, 1, 4, tzinfo=timezone.utc)}
    assert articles[1]["published_at"] == datetime(2019, 1, 6, tzinfo=timezone.utc)
    assert "published_at" not in articles[2] and articles[3]["source_uri"] == f"{f}:10"
    assert errors == {f"{f}:5": "row has 5 fields, the header 4", f"{f}:8": "no article text"}
    assert notices == [(f"{f}:7", "date 'the sixth' is not a date (ISO 8601, RFC 822 or written out with day, "
                                  "month and year): the article is kept without a date")]
    stored(articles)


def test_tsv_and_other_column_names_are_recognised(tmp_path):
    f = tmp_path / "feed.tsv"
    f.write_text("Headline\tAuthor\tArticle Body\tPublished\tSection\n"
                 "Rain delays match\tJo Reid\tRain stopped play after an hour.\tTue, 05 Feb 2019 10:00:00 GMT\tSport\n",
                 encoding="utf-8")
    [a], errors, _ = read(f)
    assert not errors
    assert (a["title"], a["byline"], a["body"]) == ("Rain delays match", "Jo Reid", "Rain stopped play after an hour.")
    assert a["published_at"] == datetime(2019, 2, 5, 10, tzinfo=timezone.utc)


def test_a_table_without_a_text_column_is_passed_over_in_a_folder_and_refused_when_named(tmp_path):
    (tmp_path / "words.csv").write_text("word,note\nbridge,a noun\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("An article beside the table.\n", encoding="utf-8")
    articles, errors, _ = read(tmp_path)
    assert [a["body"] for a in articles] == ["An article beside the table."] and not errors
    _, errors, _ = read(tmp_path / "words.csv")
    assert errors == {str(tmp_path / "words.csv"): "no text column: the header names none of text, body, content, "
                                                   "article, article_text, article_body, full_text, story"}


def test_a_csv_in_latin1_with_a_semicolon_separator(tmp_path):
    f = tmp_path / "export.csv"
    f.write_bytes("titre;text\nPrix;Le café coûte £2 à Londres, a dit le patron.\n".encode("latin-1"))
    [a], errors, notices = read(f)
    assert a["body"] == "Le café coûte £2 à Londres, a dit le patron." and a["source_encoding"] == "cp1252"
    assert notices == [(str(f), "not UTF-8: read as cp1252")]


# --- web archives ---

def write_warc(path, records):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for uri, status, content_type, body, date in records:
            if status is None:  # a request record
                headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "courier.example")], is_http_request=True)
                writer.write_record(writer.create_warc_record(uri, "request", http_headers=headers))
                continue
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            warc_headers = {"WARC-Date": date} if date else None
            record = writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers,
                                               warc_headers_dict=warc_headers)
            writer.write_record(record)


UNDATED = page().replace('<meta property="article:published_time" content="2019-03-05T09:30:00+00:00">', "") \
    .replace("2019/03/05/", "")


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_every_html_response_of_a_warc_is_an_article_and_the_rest_are_counted(tmp_path, name):
    from warcio.warcwriter import WARCWriter

    other = page(paragraphs=[p.replace("Northfield", "Southport") for p in PARAGRAPHS])
    write_warc(tmp_path / name, [
        ("https://courier.example/bridge", None, None, b"", None),
        ("https://courier.example/bridge", "200 OK", "text/html; charset=utf-8", page().encode("utf-8"), None),
        ("https://courier.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n", None),
        ("https://courier.example/old", "301 Moved Permanently", "text/html", b"<a href='/new'>moved</a>", None),
        ("https://courier.example/south", "200 OK", "text/html; charset=windows-1252", other.encode("cp1252"), None),
        ("https://courier.example/undated", "200 OK", "text/html", UNDATED.replace("Northfield", "Eastleigh").encode(),
         "2019-04-01T12:00:00Z"),
    ])
    assert WARCWriter  # warcio is what writes the fixture, as a crawler would
    f = tmp_path / name
    articles, errors, notices = read(f)
    assert not errors
    assert [(a["source_uri"], a["url"]) for a in articles] == [
        (f"{f}#record3", "https://courier.example/bridge"), (f"{f}#record6", "https://courier.example/south"),
        (f"{f}#record7", "https://courier.example/undated")]
    assert articles[0]["body"].split("\n")[1:] == PARAGRAPHS and articles[0]["title"] == "Northfield closes river bridge to lorries"
    assert articles[0]["published_at"] == datetime(2019, 3, 5, 9, 30, tzinfo=timezone.utc)  # the page's date
    assert "£2.4m" in articles[1]["body"] and articles[1]["source_encoding"] == "cp1252"
    assert articles[2]["published_at"] == datetime(2019, 4, 1, 12, tzinfo=timezone.utc)  # the record's
    assert notices == [(str(f), "4 of 7 records are not HTML pages (requests, metadata, redirects, other media): skipped"),
                       (str(f), "pages not in UTF-8, read as cp1252 (1)")]
    stored(articles)


def test_a_damaged_archive_keeps_the_pages_before_the_damage(tmp_path):
    f = tmp_path / "cut.warc"
    write_warc(f, [("https://courier.example/a", "200 OK", "text/html", page().encode(), None),
                   ("https://courier.example/b", "200 OK", "text/html", UNDATED.encode(), None)])
    f.write_bytes(f.read_bytes() + b"no-record-header-here\n")  # a line warcio cannot take for a WARC or ARC header
    articles, errors, notices = read(f)
    assert [a["url"] for a in articles] == ["https://courier.example/a", "https://courier.example/b"]
    assert list(errors) == [str(f)] and errors[str(f)].startswith("damaged archive after record 3: ArchiveLoadFailed")
    assert notices == [(str(f), "1 of 3 records are not HTML pages (requests, metadata, redirects, other media): skipped")]


def test_a_file_that_is_no_archive_says_so(tmp_path):
    (tmp_path / "x.arc.gz").write_text(page(), encoding="utf-8")
    (tmp_path / "empty.warc").write_bytes(b"")
    _, errors, _ = read(tmp_path)
    assert errors[str(tmp_path / "x.arc.gz")].startswith("not a WARC or ARC archive: ArchiveLoadFailed: Unknown archive format")
    assert errors[str(tmp_path / "empty.warc")] == "an empty archive: no records"


# --- dates ---

@pytest.mark.parametrize("value, expected", [
    ("2019-12-05", "2019-12-05T00:00:00+00:00"),
    ("2019-12-05T10:00:00Z", "2019-12-05T10:00:00+00:00"),
    ("2019-12-05T10:00:00-05:00", "2019-12-05T10:00:00-05:00"),
    ("Thu, 05 Dec 2019 10:00:00 GMT", "2019-12-05T10:00:00+00:00"),
    ("Thu, 05 Dec 2019 10:00:00 +0100", "2019-12-05T10:00:00+01:00"),
    ("Dec 5, 2019", "2019-12-05T00:00:00+00:00"),
    ("5 December 2019", "2019-12-05T00:00:00+00:00"),
    ("Thursday, December 5, 2019 10:00 AM EST", "2019-12-05T15:00:00+00:00"),
])
def test_publication_dates_in_common_forms(value, expected):
    assert published_time(value).isoformat() == expected


@pytest.mark.parametrize("value, why", [
    ("yesterday", "is not a date"), ("3 days ago", "is not a date"), ("December 2019", "is not a date"),
    ("the sixth", "is not a date"), ("9999-12-31T23:00:00-05:00", "is out of range in UTC"),
])
def test_what_is_not_a_publication_date(value, why):
    with pytest.raises(ValueError, match=why):
        published_time(value)


def test_a_table_of_something_else_in_another_encoding_says_nothing_in_a_walk(tmp_path):
    (tmp_path / "places.csv").write_bytes("place,note\nKöln,a city\n".encode("latin-1"))
    assert read(tmp_path) == ([], {}, [])
