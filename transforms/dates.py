"""Date phrases -> calendar dates, against the article's publication date; and an input's own
publication date (`published_time`: ISO 8601, RFC 822/1123, written forms such as "Dec 5, 2019").

Pure and free of spaCy: `transforms.extract` resolves event dates with it, and the flow's own
process, which never loads spaCy when workers extract, imports that module.
"""
from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
# First month of each season; winter straddles two years and is left unresolved.
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_LEADING = re.compile(r"^(?:(?:in|on|at|during|since|by|until|from|of|before|after|the|early|late|mid)\b[\s-]*)+")
_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "ymd"),
    (re.compile(rf"^{_MONTH}\s+{_DAY},?\s+(\d{{4}})$"), "mdy"),
    (re.compile(rf"^{_DAY}\s+{_MONTH},?\s+(\d{{4}})$"), "dmy"),
    (re.compile(rf"^{_MONTH},?\s+(\d{{4}})$"), "my"),
    (re.compile(r"^(\d{4})$"), "y"),
    (re.compile(rf"^{_MONTH}\s+{_DAY}$"), "md"),
    (re.compile(rf"^{_DAY}\s+{_MONTH}$"), "dm"),
    (re.compile(rf"^(last|this|next)?\s*{_MONTH}$"), "rel_month"),
    (re.compile(r"^(last|this|next)?\s*(" + "|".join(WEEKDAYS) + r")$"), "weekday"),
    (re.compile(r"^(last|this|next)\s+(year|month)$"), "rel_unit"),
    (re.compile(r"^(last|this|next)?\s*(" + "|".join(SEASONS) + r")$"), "season"),
    (re.compile(r"^(yesterday|today|tomorrow)$"), "deictic"),
]


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _nearest(anchor: datetime.date, month: int, day: int) -> datetime.date | None:
    """The month/day occurrence closest to the anchor (a year-less date is within ~6 months)."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := _safe_date(y, month, day))]
    return min(options, key=lambda d: abs((d - anchor).days)) if options else None


def resolve_date(text: str, anchor: datetime.date | None,
                 anchor_granularity: str | None) -> tuple[datetime.date | None, str | None]:
    """Resolve a date phrase against the publication date; (None, None) when not sure.

    ``anchor_granularity`` says how much of ``anchor`` is known: "day" (a dated article, also
    assumed when None), "month", or "year" (only a copyright year). Nothing is resolved finer
    than text and anchor together support: "Tuesday" needs the anchor's day; "March 6" and
    "In December" need its month, since with only a copyright year they may fall in the year
    before or after it. A bare weekday is taken as the most recent one up to the publication day,
    as news reports past events; the events component leaves a bare weekday out of an event that is
    planned, hypothetical or in the present tense, which would be put a week in the past.
    """
    phrase = _LEADING.sub("", " ".join(text.lower().replace(",", " ,").split()).replace(" ,", ","))
    phrase = phrase.strip(" .,")
    gran = anchor_granularity or "day"
    known = Known(anchor is not None and gran == "day", anchor is not None and gran in ("day", "month"))
    for pattern, kind in _DATE_PATTERNS:
        m = pattern.match(phrase)
        if not m:
            continue
        if kind in ABSOLUTE:
            return ABSOLUTE[kind](m.groups())
        if anchor is None:
            return None, None
        return RELATIVE[kind](m.groups(), anchor, known)
    return None, None


@dataclass(frozen=True)
class Known:
    """How much of the anchor a phrase may rely on."""
    day: bool
    month: bool


# Phrases that name their own year: the anchor is not needed.
ABSOLUTE = {
    "ymd": lambda g: _pair(_safe_date(int(g[0]), int(g[1]), int(g[2])), "day"),
    "mdy": lambda g: _pair(_safe_date(int(g[2]), MONTHS[g[0]], int(g[1])), "day"),
    "dmy": lambda g: _pair(_safe_date(int(g[2]), MONTHS[g[1]], int(g[0])), "day"),
    "my": lambda g: _pair(_safe_date(int(g[1]), MONTHS[g[0]], 1), "month"),
    "y": lambda g: _pair(_safe_date(int(g[0]), 1, 1), "year"),
}


def _month_day(month: int, day: int, anchor: datetime.date, known: Known):
    # With only a copyright year, "March 6" may fall in the year before or after it.
    return _pair(_nearest(anchor, month, day), "day") if known.month else (None, None)


def _relative_month(g, anchor: datetime.date, known: Known):
    which, month = g[0], MONTHS[g[1]]
    if which == "this":
        return datetime.date(anchor.year, month, 1), "month"
    if not known.month:
        return None, None
    if which == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif which == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        return _pair(_nearest(anchor, month, 1), "month")
    return datetime.date(year, month, 1), "month"


def _weekday(g, anchor: datetime.date, known: Known):
    if not known.day:
        return None, None
    which, weekday = g[0], WEEKDAYS[g[1]]
    back = (anchor.weekday() - weekday) % 7
    if which == "next":
        return anchor + datetime.timedelta(days=(weekday - anchor.weekday()) % 7 or 7), "day"
    if which == "last" and back == 0:
        back = 7
    return anchor - datetime.timedelta(days=back), "day"


def _relative_unit(g, anchor: datetime.date, known: Known):
    step = {"last": -1, "this": 0, "next": 1}[g[0]]
    if g[1] == "year":
        return datetime.date(anchor.year + step, 1, 1), "year"
    if not known.month:
        return None, None
    months = anchor.year * 12 + anchor.month - 1 + step
    return datetime.date(months // 12, months % 12 + 1, 1), "month"


def _season(g, anchor: datetime.date, known: Known):
    which, first_month = g[0], SEASONS[g[1]]
    if which is None or not known.month:
        return None, None
    if which == "this":
        return datetime.date(anchor.year, 1, 1), "year"
    # A season is over three months after it starts.
    if which == "last":
        year = anchor.year if anchor.month >= first_month + 3 else anchor.year - 1
    else:
        year = anchor.year if anchor.month < first_month else anchor.year + 1
    return datetime.date(year, 1, 1), "year"


def _deictic(g, anchor: datetime.date, known: Known):
    if not known.day:
        return None, None
    return anchor + datetime.timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[g[0]]), "day"


# Phrases resolved against the anchor, by pattern kind.
RELATIVE = {
    "md": lambda g, anchor, known: _month_day(MONTHS[g[0]], int(g[1]), anchor, known),
    "dm": lambda g, anchor, known: _month_day(MONTHS[g[1]], int(g[0]), anchor, known),
    "rel_month": _relative_month,
    "weekday": _weekday,
    "rel_unit": _relative_unit,
    "season": _season,
    "deictic": _deictic,
}


def _pair(date: datetime.date | None, granularity: str) -> tuple[datetime.date | None, str | None]:
    return (date, granularity) if date else (None, None)


# Written dates: absolute ones only ("yesterday", "3 days ago" would be read against today, not
# the article), and only with a day, a month and a year; a time without a zone is UTC.
RFC822 = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?"
                    r"(?:\s*(?:[+-]\d{4}|UTC?|GMT|Z|[ECMP][SD]T))?", re.IGNORECASE)  # the RFC's zones
WRITTEN_DATE_SETTINGS = {"PARSERS": ["absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
                         "RETURN_AS_TIMEZONE_AWARE": True, "TIMEZONE": "UTC"}


def published_time(value: str) -> datetime.datetime:
    """An input's publication time, in UTC when it names no zone: ISO 8601 ("2019-12-05",
    "2019-12-05T10:00:00Z"), RFC 822/1123 ("Thu, 05 Dec 2019 10:00:00 GMT"), or a written date
    dateparser reads ("Dec 5, 2019", "5 December 2019 10:00 EST"). Raises ValueError saying why
    when it is none of these or is out of range in UTC."""
    value = " ".join(value.split())
    try:
        ts = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        ts = _rfc822(value) or _written(value)
    if ts is None:
        raise ValueError("is not a date (ISO 8601, RFC 822 or written out with day, month and year)")
    ts = ts if ts.tzinfo else ts.replace(tzinfo=datetime.timezone.utc)
    try:  # stored in UTC: 0001-01-01T00:00+05:00 is before year 1 (Parquet held it, reading it failed)
        ts.astimezone(datetime.timezone.utc)
    except OverflowError:
        raise ValueError("is out of range in UTC") from None
    return ts


def _rfc822(value: str) -> datetime.datetime | None:
    """email's reader takes much that is no RFC 822 date ("December 5, 2019 10:00 AM EST" as
    10:00 UTC): only the RFC's shape goes to it."""
    if not RFC822.fullmatch(value):
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _written(value: str) -> datetime.datetime | None:
    if not re.search(r"\d", value) or len(value) > 100:  # no year, or not a date but a sentence
        return None
    import dateparser  # 50 ms to import: only for an input whose date needs it

    try:
        return dateparser.parse(value, languages=["en"], settings=WRITTEN_DATE_SETTINGS)
    except (ValueError, OverflowError):
        return None
