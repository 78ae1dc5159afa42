"""Quotation marks: pairing the double quote marks paragraph by paragraph (pure text, no parse)."""
from __future__ import annotations

from dataclasses import dataclass
import re


# Two apostrophes are the double quote mark of some wires and of the New York Times archive.
QUOTE_MARK = re.compile(r"[“”\"]|''")
STRAIGHT_MARKS = {'"', "''"}
PARAGRAPH = re.compile(r"[^\n]+")


# A mark preceded by one of these opens a quotation, followed by one of these it closes one.
OPENS_AFTER = set(" \t\n([{—–-/")
CLOSES_BEFORE = set(" \t\n)]}.,;:!?—–-…/'")
SENTENCE_END = {".", "!", "?"}


@dataclass(frozen=True)
class Quotation:
    """A stretch between paired quote marks; ``close`` is the closing mark or the paragraph end."""

    open: int
    close: int
    paragraph: int
    start: int  # content, inside the marks, without surrounding space
    end: int


def find_quotations(text: str) -> list[Quotation]:
    found = []
    for p_index, para in enumerate(PARAGRAPH.finditer(text)):
        p_start, p_end = para.span()
        depth, opened, open_len = 0, None, 1
        for mark in QUOTE_MARK.finditer(text, p_start, p_end):
            i, glyph = mark.start(), mark.group()
            before = text[i - 1] if i > p_start else " "
            after = text[mark.end()] if mark.end() < p_end else " "
            if i == p_start:
                # A paragraph opening with a mark opens a quotation, even a closing glyph
                # typed by mistake ("” … what I learned ...,” he said").
                opens = True
            elif before in OPENS_AFTER and after not in " \t":
                opens = True
            elif after in CLOSES_BEFORE and before not in " \t":
                opens = False
            elif glyph in STRAIGHT_MARKS:
                opens = depth == 0
            else:
                opens = glyph == "“"
            if opens and depth == 1 and SENTENCE_END.intersection(text[p_start:i].rstrip()[-1:]) \
                    and text[i - 1] in " \t":
                # A quotation reopened after a full stop inside an open one ("A. “B.” ..."):
                # paragraphs of one quotation run together (each reopens, only the last closes),
                # never a quotation nested in its own glyph. The first ends where the next opens.
                found.append(_quotation(text, opened, open_len, i, p_index))
                opened, open_len = i, len(glyph)
            elif opens:
                if depth == 0:
                    opened, open_len = i, len(glyph)
                depth += 1
            elif depth:
                depth -= 1
                if depth == 0:
                    found.append(_quotation(text, opened, open_len, i, p_index))
        if depth:
            # Unclosed at the paragraph's end: a quote running on into the next paragraph
            # (which reopens with its own mark) or a stray mark; either way the paragraph ends it.
            found.append(_quotation(text, opened, open_len, p_end, p_index))
    return [q for q in found if q.end > q.start]


def _quotation(text: str, open_: int, open_len: int, close: int, paragraph: int) -> Quotation:
    start, end = open_ + open_len, close
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Quotation(open_, close, paragraph, start, end)
