import re
from html.parser import HTMLParser

from warehouse.quality import CheckResult
from warehouse.report import render

RUN = {"run_id": "r1", "articles_seen": 3, "articles_new": 2, "input_errors": 1, "model_name": "m", "model_version": "1",
       "errors": [("bad.txt", "not UTF-8 text (byte 3)")]}


class Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.external, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.external += [v for k, v in attrs if k in ("src", "href") and v and re.match(r"(https?:)?//", v)]


def test_report_is_self_contained_and_names_failing_rows():
    results = [CheckResult("mentions", "mention_id unique", True, True, 10, 0),
               CheckResult("mentions", "text: body[start_char:end_char] == text", True, False, 10, 2, ["mention_id=a:1-7"]),
               CheckResult("quotes", "speaker_kind in allowed set", False, False, 4, 1, ["quote_id=<b>"])]
    page = render(RUN, results)
    parser = Resources()
    parser.feed(page)
    assert parser.external == [] and "script" not in parser.tags and "link" not in parser.tags
    assert "<style>" in page
    assert "FAILED (critical)" in page and "failed (warning)" in page and "mention_id=a:1-7" in page
    assert "quote_id=&lt;b&gt;" in page  # values are escaped
    assert "bad.txt" in page and "not UTF-8" in page
