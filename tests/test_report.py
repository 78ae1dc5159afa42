"""The HTML report: self-contained pages (no script, no external URL, inline CSS and SVG) that
parse, put failures first with the values that fail, fold the passes, and link the index to
each run's page."""
import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser

from warehouse.quality import CheckResult
from warehouse.report import render, render_index
from warehouse.history import History

T0 = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)
RUN = {"run_id": "r1", "kind": "run", "status": "published", "articles_seen": 3, "articles_new": 2, "input_errors": 1,
       "model_name": "m", "model_version": "1", "started_at": T0, "inputs": ["inbox"],
       "row_counts": {"articles": 2, "mentions": 8}, "errors": [("bad.txt", "not UTF-8 text (byte 3)")]}
SPAN = "text: body[start_char:end_char] == text"
RESULTS = [CheckResult("mentions", "mention_id unique", True, True, 10, 0),
           CheckResult("mentions", SPAN, True, False, 10, 2, ["mention_id=a:1-7: text='Huawei', body[1:7]='uawei,'"]),
           CheckResult("quotes", "speaker_kind in allowed set", False, False, 4, 1, ["quote_id=<b>: speaker_kind='x'"])]


class Page(HTMLParser):
    """Every tag, every link, and whatever names a resource outside the page."""
    VOID = {"meta", "br", "rect", "line", "link", "img", "input", "hr"}

    def __init__(self, text: str):
        super().__init__()
        self.tags, self.links, self.open = [], [], []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [v for k, v in attrs if k == "href"]
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
            self.open.pop()


def self_contained(text: str) -> Page:
    page = Page(text)
    assert page.open == [], f"unclosed: {page.open}"
    assert not re.search(r"(https?:)?//[\w.-]+", text.replace("</", "")), "no external URL of any kind"
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags and "iframe" not in page.tags
    assert "<style>" in text
    return page


def history(n: int = 4) -> History:
    runs, checks = [], {}
    for i in range(n):
        run_id = f"2026120{i + 1}T020000Z-00000{i}"
        runs.append({**RUN, "run_id": run_id, "started_at": T0 + timedelta(days=i),
                     "status": "failed" if i == 1 else "published", "message": "interrupted (SIGINT, Ctrl-C)" if i == 1 else None})
        checks[run_id] = RESULTS[:1] + ([RESULTS[1]] if i == 2 else [])
    runs.append({**RUN, "run_id": "20261209T020000Z-aaaaaa", "kind": "audit", "started_at": T0 + timedelta(days=8),
                 "row_counts": {}, "articles_new": 0})
    checks["20261209T020000Z-aaaaaa"] = [RESULTS[0]]
    return History(runs, checks, {runs[2]["run_id"]: {"mentions": 2}})


def test_a_run_page_is_self_contained_failures_first_with_values_and_passes_folded():
    text = render(RUN, RESULTS, history())
    self_contained(text)
    assert text.index("Failed checks (2)") < text.index("<details><summary>1 checks passed</summary>")
    assert text.index(SPAN) < text.index("speaker_kind in allowed set")  # critical first
    assert "text=&#x27;Huawei&#x27;, body[1:7]=&#x27;uawei,&#x27;" in text  # the values that disagree
    assert "quote_id=&lt;b&gt;" in text  # values are escaped
    assert "bad.txt" in text and "not UTF-8" in text
    assert '<span class="fail">FAILED validation</span>' in text
    assert "<h2>Rows per table</h2>" in text and text.count("<svg") == 3


def test_the_index_lists_runs_newest_first_links_each_and_keeps_what_fails_now():
    h = history()
    text = render_index(h)
    page = self_contained(text)
    ids = [r["run_id"] for r in reversed(h.runs)]
    assert [link.removesuffix(".html") for link in page.links if link.removesuffix(".html") in ids][-len(ids):] == ids
    # run 3's failure is its check's latest result among runs: failing now, though runs and an audit followed
    assert "FAILING" in text and "Failing now" in text and SPAN in text
    assert "interrupted (SIGINT, Ctrl-C)" in text
    assert text.count("<svg") == 3


def test_a_failed_run_with_no_checks_is_red_not_passed():
    text = render({**RUN, "status": "failed", "input_errors": 0, "message": "interrupted (SIGTERM)"}, [])
    assert '<span class="fail">FAILED</span>' in text and "PASSED" not in text
    loaded = render({**RUN, "input_errors": 0, "warehouse_error": "IOException: disk full"}, RESULTS[:1])
    assert '<span class="fail">PUBLISHED, warehouse NOT loaded</span>' in loaded and "disk full" in loaded
    warned = render({**RUN, "input_errors": 6}, RESULTS[:1])
    assert '<span class="warn">PASSED with warnings</span>' in warned and '<span class="warn">6</span>' in warned
