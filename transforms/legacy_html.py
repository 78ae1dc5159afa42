"""The body Dateline's own HTML reader stored before trafilatura read pages (main up to bb5d35c):
kept only to give a page, or a feed item's HTML content, its `legacy_article_id`, so that a data
dir made then does not take the same page again as a second article. ``--full-refresh`` reads
such pages anew. Nothing else reads this text."""
from __future__ import annotations

from html.parser import HTMLParser

BLOCKS = {"p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre", "div", "br", "tr", "section", "article"}
SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "figure", "svg", "template"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_title = False
        self.skip_depth = 0
        self.article_depth = 0
        self.lines: list[list[str]] = [[]]  # everything
        self.article_lines: list[list[str]] = [[]]  # inside <article> only

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        self.article_depth += tag == "article"
        if tag in BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "title":
            self.in_title = False
        if tag in BLOCKS:
            self._break()
        if tag == "article":
            self.article_depth = max(0, self.article_depth - 1)

    def handle_data(self, data):
        if not self.in_title and not self.skip_depth:
            self.lines[-1].append(data)
            if self.article_depth:
                self.article_lines[-1].append(data)

    def _break(self):
        for lines in (self.lines, self.article_lines):
            if lines[-1]:
                lines.append([])


def legacy_html_body(markup: str) -> str | None:
    """The paragraphs the former reader kept, one a line; None where it refused the markup."""
    page = _Page()
    try:
        page.feed(markup)
    except AssertionError:  # a '<!' declaration Python's parser cannot read: the page was refused
        return None
    chosen = page.article_lines if any(page.article_lines[0]) or len(page.article_lines) > 1 else page.lines
    return "\n".join(p for parts in chosen if (p := " ".join("".join(parts).split())))
