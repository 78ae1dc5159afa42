"""URLs and feeds (#21 item 5), fetched from a real HTTP server on loopback (http.server in a
thread) serving pages and feeds written here: slow, failing, redirecting, 304-answering and
oversized responses, robots.txt. Nothing here reaches beyond 127.0.0.1."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from flows.fetch import Fetcher, FetchError, Policy, fetched_articles, load_validators, save_validators, sources
from test_ingest_formats import PARAGRAPHS, page
from transforms.articles import Notice

LONG = " ".join(PARAGRAPHS * 4)  # full text: over FULL_TEXT_WORDS words
FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>The Northfield Courier</title><link>{base}/</link><description>Local news</description>
<item><title>Bridge closes to lorries</title><link>{base}/story.html</link>
<description>The council voted to close the bridge.</description>
<pubDate>Tue, 05 Mar 2019 09:30:00 GMT</pubDate></item>
<item><title>Cricket club names captain</title><link>{base}/cricket</link><author>desk@courier.example (Sam Taylor)</author>
<content:encoded><![CDATA[<p>{long}</p>]]></content:encoded>
<pubDate>Wed, 06 Mar 2019 10:00:00 GMT</pubDate></item>
</channel></rss>"""
STORY = page(paragraphs=["The county cricket club named a new captain on Friday after a poor season.",
                         "The new captain said the players would train through the winter months.",
                         "Members will vote on plans for a new pavilion at the annual meeting in March."])


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        server = self.server
        server.seen.append((self.path, self.headers.get("User-Agent"), self.headers.get("If-None-Match")))
        route = {"/robots.txt": self.robots, "/page.html": self.page, "/story.html": self.story,
                 "/feed.xml": self.feed, "/slow.html": self.slow, "/flaky.html": self.flaky,
                 "/down.html": self.down, "/moved": self.moved, "/big.html": self.big,
                 "/gone.html": self.gone, "/private/secret.html": self.page, "/to-file": self.to_file,
                 "/path-as-feed": self.path_as_feed,
                 "/to-private": self.to_private, "/restamped.html": self.restamped,
                 "/feed-down.xml": self.feed_down}.get(self.path)
        (route or self.gone)()

    def send(self, body: bytes, ctype="text/html; charset=utf-8", etag=None, status=200):
        if etag and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def robots(self):
        self.send(b"User-agent: *\nDisallow: /private/\n", "text/plain")

    def page(self):
        self.send(page().encode(), etag='"page-v1"')

    def story(self):
        self.send(STORY.encode("cp1252"), "text/html; charset=windows-1252", etag='"story-v1"')

    def feed(self):
        base = f"http://127.0.0.1:{self.server.server_port}"
        self.send(FEED.format(base=base, long=LONG).encode(), "application/rss+xml", etag='"feed-v1"')

    def slow(self):
        time.sleep(self.server.slow_seconds)
        self.send(page().encode())

    def flaky(self):
        self.server.flaky += 1
        if self.server.flaky == 1:
            self.send(b"busy", "text/plain", status=503)
        else:
            self.send(page().encode())

    def down(self):
        self.send(b"down", "text/plain", status=500)

    def moved(self):
        self.send_response(301)
        self.send_header("Location", "/page.html")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def feed_down(self):
        # a feed with a teaser whose page is down
        base = f"http://127.0.0.1:{self.server.server_port}"
        body = FEED.format(base=base, long=LONG).replace(f"{base}/story.html", f"{base}/down.html")
        self.send(body.encode(), "application/rss+xml", etag='"feed-down-v1"')

    def restamped(self):
        # the same page under the ETag of its latest version (the test bumps it)
        self.send(page().encode(), etag=f'"r{self.server.restamps}"')

    def to_private(self):
        self.send_response(302)
        self.send_header("Location", "/private/secret.html")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def to_file(self):
        self.send_response(302)
        self.send_header("Location", "file:///etc/passwd")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def path_as_feed(self):
        # a "feed" whose body is the path of a file on the machine fetching it
        self.send(str(self.server.local_path).encode(), "application/rss+xml")

    def big(self):
        body = page(paragraphs=PARAGRAPHS * 400).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()  # no Content-Length: the limit is met while reading
        self.wfile.write(body)

    def gone(self):
        self.send(b"not here", "text/plain", status=404)


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.handle_error = lambda request, address: None  # the slow page's client hung up: expected
    httpd.seen, httpd.flaky, httpd.slow_seconds, httpd.restamps = [], 0, 3.0, 1
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_port}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


FAST = Policy(delay=0.0, timeout=1.0, retries=1, backoff=0.0, max_bytes=200_000)


def fetch(server, *paths, fetcher=None):
    fetcher = fetcher or Fetcher(FAST)
    items = list(fetched_articles([server.base + p for p in paths], fetcher))
    articles = [i for i in items if isinstance(i, dict)]
    errors = {k.removeprefix(server.base): v for k, v in (i for i in items if isinstance(i, tuple))}
    notices = [(n.source.removeprefix(server.base), n.message) for n in items if isinstance(n, Notice)]
    return articles, errors, notices, fetcher


def asked(server, path):
    return [s for s in server.seen if s[0] == path]


def test_a_page_is_fetched_as_dateline_with_its_metadata_and_a_second_poll_gets_304(server, tmp_path):
    [a], errors, _, fetcher = fetch(server, "/page.html")
    assert errors == {} and a["title"] == "Northfield closes river bridge to lorries"
    assert a["source_uri"] == server.base + "/page.html" and "Most read" not in a["body"]
    assert all("Dateline" in ua for _, ua, _ in server.seen)
    assert [s[0] for s in server.seen] == ["/robots.txt", "/page.html"]
    save_validators(tmp_path, fetcher.pending)
    articles, errors, _, _ = fetch(server, "/page.html", fetcher=Fetcher(FAST, load_validators(tmp_path)))
    assert (articles, errors) == ([], {}) and asked(server, "/page.html")[-1][2] == '"page-v1"'


def test_a_feed_expands_to_its_full_text_items_and_the_pages_of_the_others(server, tmp_path):
    articles, errors, notices, fetcher = fetch(server, "/feed.xml")
    by_uri = {a["source_uri"].removeprefix(server.base): a for a in articles}
    assert errors == {} and set(by_uri) == {"/story.html", "/cricket"}
    full = by_uri["/cricket"]
    assert (full["title"], full["byline"]) == ("Cricket club names captain", "desk@courier.example (Sam Taylor)")
    assert full["url"] == server.base + "/cricket" and not asked(server, "/cricket")  # its content is the article
    assert full["published_at"].isoformat() == "2019-03-06T10:00:00+00:00" and len(full["body"].split()) > 150
    story = by_uri["/story.html"]  # a teaser: its page was fetched, in its own encoding (its own title first)
    assert "new captain" in story["body"] and story["source_encoding"] == "cp1252"
    assert notices == [("/story.html", "not UTF-8: read as cp1252")]
    save_validators(tmp_path, fetcher.pending)
    assert set(load_validators(tmp_path)) == {server.base + "/feed.xml", server.base + "/story.html"}
    again = fetch(server, "/feed.xml", fetcher=Fetcher(FAST, load_validators(tmp_path)))
    assert again[:2] == ([], {}) and len(asked(server, "/story.html")) == 1  # the feed answered 304


def test_failing_slow_oversized_and_disallowed_urls_are_reported_and_the_rest_read(server):
    articles, errors, _, _ = fetch(server, "/down.html", "/slow.html", "/big.html", "/private/secret.html",
                                   "/gone.html", "/to-file", "/page.html")
    assert len(articles) == 1
    assert errors["/down.html"] == "HTTP 500 Internal Server Error (tried 2 times)"
    assert len(asked(server, "/down.html")) == 2  # retried once, then given up
    assert errors["/slow.html"].startswith("timed out after 1 s")
    assert errors["/big.html"] == "over the limit of 200,000 bytes: not read"
    assert errors["/private/secret.html"] == "disallowed by the site's robots.txt: not fetched"
    assert not asked(server, "/private/secret.html")
    assert errors["/gone.html"] == "HTTP 404 Not Found" and len(asked(server, "/gone.html")) == 1
    assert "file:///etc/passwd' is not allowed" in errors["/to-file"] and len(asked(server, "/to-file")) == 1


def test_a_retry_after_a_503_and_a_redirect_give_the_page(server):
    articles, errors, _, _ = fetch(server, "/flaky.html", "/moved")
    assert errors == {} and len(articles) == 2 and server.flaky == 2
    assert articles[1]["url"] == server.base + "/page.html"  # where the redirect led


def test_a_feed_whose_item_failed_is_read_again_next_time(server):
    articles, errors, _, fetcher = fetch(server, "/feed-down.xml")
    assert [a["source_uri"].removeprefix(server.base) for a in articles] == ["/cricket"]
    assert errors == {"/down.html": "HTTP 500 Internal Server Error (tried 2 times)"}
    assert server.base + "/feed-down.xml" not in fetcher.pending  # no 304 next time: the item is retried


def test_a_redirect_to_a_path_robots_txt_disallows_is_not_followed(server):
    articles, errors, _, _ = fetch(server, "/to-private", "/page.html")
    assert len(articles) == 1 and articles[0]["url"] == server.base + "/page.html"
    assert errors["/to-private"] == (f"redirected to '{server.base}/private/secret.html', which its site's "
                                     "robots.txt disallows: not fetched")
    assert len(asked(server, "/to-private")) == 1 and not asked(server, "/private/secret.html")


def test_requests_to_one_host_wait_the_delay_and_retries_back_off(server):
    waits, now = [], [0.0]
    fetcher = Fetcher(Policy(delay=5.0, timeout=1.0, retries=2, backoff=2.0), sleep=waits.append, clock=lambda: now[0])
    fetch(server, "/page.html", "/down.html", fetcher=fetcher)
    # the clock stands still: each request after robots.txt waits the whole delay; the
    # retries of /down.html wait 2 s, then 4 s, each before its own delay
    assert waits == [5.0, 5.0, 2.0, 5.0, 4.0, 5.0]


def test_a_response_body_naming_a_local_file_never_reads_that_file(server, tmp_path):
    # feedparser opens a path it is given; Dateline gives it the response's bytes as a stream
    server.local_path = tmp_path / "local.xml"
    server.local_path.write_text(FEED.format(base="http://127.0.0.1:9", long=LONG), encoding="utf-8")
    articles, errors, _, _ = fetch(server, "/path-as-feed")
    assert not any(a.get("title") == "Cricket club names captain" for a in articles), articles
    assert not any("Northfield" in a["body"] or "cricket" in a["body"] for a in articles)


def test_an_unreadable_robots_txt_disallows_the_site_for_the_run():
    fetcher = Fetcher(Policy(delay=0.0, timeout=0.5, retries=0))
    with pytest.raises(FetchError, match="robots.txt"):
        fetcher.get("http://127.0.0.1:9/page.html")  # port 9 (discard): nothing listens


def test_sources_file_lists_urls_one_a_line(tmp_path):
    (tmp_path / "sources.txt").write_text("# polled by dateline serve\nhttps://a.example/feed.xml\n\n"
                                          "  https://b.example/page.html#top  \n", encoding="utf-8")
    assert sources(tmp_path) == ["https://a.example/feed.xml", "https://b.example/page.html#top"]
    assert sources(tmp_path / "none") == []


@pytest.mark.e2e
def test_runs_ingest_a_feed_and_a_polled_source_and_the_second_poll_fetches_nothing_new(prefect_harness, server, tmp_path):
    import duckdb

    from flows.pipeline import run_pipeline
    from flows.settings import Settings
    from warehouse.lake import claim_data_dir

    data = tmp_path / "data"
    claim_data_dir(data)
    (data / "sources.txt").write_text(f"# polled each run\n{server.base}/page.html\n", encoding="utf-8")
    settings = Settings(inputs=(), urls=(server.base + "/feed.xml",), poll_sources=True, data_dir=data, fetch=FAST)
    first = run_pipeline(settings)
    assert (first["articles_seen"], first["articles_new"], first["input_errors"]) == (3, 3, 0)
    assert first["inputs"] == [server.base + "/feed.xml"]
    con = duckdb.connect(str(data / "warehouse.duckdb"), read_only=True)
    uris = sorted(r[0].removeprefix(server.base) for r in con.execute("SELECT source_uri FROM articles").fetchall())
    con.close()
    assert uris == ["/cricket", "/page.html", "/story.html"]
    before = len(server.seen)
    second = run_pipeline(settings)
    assert (second["articles_seen"], second["articles_new"]) == (0, 0)
    # the feed and the page answered 304; the feed's page was not asked for again
    assert sorted(s[0] for s in server.seen[before:]) == ["/feed.xml", "/page.html", "/robots.txt"]


@pytest.mark.e2e
def test_a_poll_that_finds_nothing_new_keeps_the_validators_of_what_answered(prefect_harness, server, tmp_path):
    from flows.pipeline import run_pipeline
    from flows.settings import Settings
    from warehouse.lake import claim_data_dir

    data = tmp_path / "data"
    claim_data_dir(data)
    settings = Settings(inputs=(), urls=(server.base + "/restamped.html",), data_dir=data, fetch=FAST)
    assert run_pipeline(settings)["articles_new"] == 1
    server.restamps = 2  # a new version of the page, with the same article
    assert run_pipeline(settings)["articles_new"] == 0
    assert load_validators(data)[server.base + "/restamped.html"]["etag"] == '"r2"'
    run_pipeline(settings)
    assert [s[2] for s in asked(server, "/restamped.html")] == [None, '"r1"', '"r2"']  # the third answered 304
