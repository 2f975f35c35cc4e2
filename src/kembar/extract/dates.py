"""Dates as news writes them, with their spans: "Senin (3/7/2023)", "31 Januari 2023",
"(11/8)" (the year from the publication date), "pada Oktober 2024", "July 3, 2023",
and, when the article's day is known, "kemarin" / "yesterday" and a bare weekday.

Values are ISO strings of the precision the text gives: YYYY-MM-DD, YYYY-MM or YYYY.
A day written without a year, a weekday and a relative day stay unread unless the
publication date (or a dated dateline) gives the article's day.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from kembar.extract.lexicon import cues, finditer_lowered, lowered


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    value: str
    relative: bool = False  # a weekday or "yesterday", read against the article's day


@dataclass(frozen=True)
class _Patterns:
    day_month_year: re.Pattern[str]
    month_day_year: re.Pattern[str]
    day_month: re.Pattern[str]
    month_day: re.Pattern[str]
    month_year: re.Pattern[str]
    month_alone: re.Pattern[str]
    year: re.Pattern[str]
    weekday: re.Pattern[str]
    month_start: re.Pattern[str]  # where a month's name starts, in lower-cased text


# A pattern that starts with a digit says so first ("(?=\d)"): Python's engine then
# passes over other characters at once instead of trying the rest of the pattern there
# (twice as fast over a long article).
_NUMERIC = re.compile(r"(?=\d)(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")


@cache
def _patterns() -> _Patterns:
    c = cues()
    month = "|".join(sorted(c.months, key=len, reverse=True))
    weekday = "|".join(sorted(c.weekdays, key=len, reverse=True))
    first = "".join(sorted({re.escape(m[0]) for m in c.months}))  # the letters a month starts with
    years = r"tahun|pada|sejak|since|in|year|dalam|hingga|until|sampai|sehingga|during"
    return _Patterns(
        day_month_year=re.compile(
            rf"(?=\d)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({month})\.?,?\s+(\d{{4}})\b", re.I
        ),
        month_day_year=re.compile(rf"\b({month})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I),
        day_month=re.compile(rf"(?=\d)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({month})\b(?!\s+\d)", re.I),
        month_day=re.compile(rf"\b({month})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?![\d,]*\s*\d{{4}})", re.I),
        month_alone=re.compile(rf"\b(?:in|pada|on|bulan|since|sejak)\s+({month})\b(?![\s,]*\d)", re.I),
        month_year=re.compile(rf"\b({month})\.?,?\s+(\d{{4}})\b", re.I),
        year=re.compile(rf"\b(?:{years})\s+(\d{{4}})\b", re.I),
        weekday=re.compile(rf"\b(?:last\s+|this\s+|on\s+)?({weekday})\b(?!\s*[(,]?\s*\d)", re.I),
        month_start=re.compile(rf"(?=[{first}])\b(?:{month})"),
    )


def _month_starts(low: str | None) -> list[int] | None:
    """Where a month's name may start, in the lower-cased text (`lowered`): the three
    patterns that begin with one are tried there only, after one case-sensitive scan
    instead of three case-insensitive ones, which cost three times as much each."""
    return None if low is None else [m.start() for m in _patterns().month_start.finditer(low)]


def _matches(pattern: re.Pattern[str], text: str, starts: list[int] | None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern whose every match begins at one of `starts`
    (all of them, in order), when they are known."""
    if starts is None:
        yield from pattern.finditer(text)
        return
    end = 0
    for s in starts:
        if s >= end:
            m = pattern.match(text, s)
            if m:
                yield m
                end = m.end()


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return 1900 <= y <= 2100


def with_year(month: int, day: int, reference: date | None) -> str | None:
    """A day written without a year, in the year that puts it before the article's day
    (or just after it)."""
    if reference is None or not _valid(reference.year, month, day):
        return None
    year = reference.year
    if date(year, month, day) > reference + timedelta(days=14):
        year -= 1
    return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None


_Add = Callable[[int, int, str | None, bool], None]


class _Spans:
    """The dates read so far. Their spans are kept sorted and disjoint: a new one is
    checked against its two neighbours only, so that a long text with many dates stays
    linear; a span that overlaps one read before is not read again."""

    def __init__(self) -> None:
        self.hits: list[DateHit] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, s: int, e: int, value: str | None, relative: bool = False) -> None:
        if not value:
            return
        k = bisect.bisect_left(self.starts, s)
        if (k > 0 and self.ends[k - 1] > s) or (k < len(self.starts) and self.starts[k] < e):
            return
        self.hits.append(DateHit(s, e, value, relative))
        self.starts.insert(k, s)
        self.ends.insert(k, e)


def find_dates(text: str, published: date | None = None, day: date | None = None) -> list[DateHit]:
    """Every date of the text, in order. `day` is the article's own day (its dateline
    date), else `published`; relative dates count from it. The fullest forms are read
    first, so that "3 July 2023" is not also read as "3 July"."""
    spans = _Spans()
    low = lowered(text)
    months_at = _month_starts(low)
    _full_dates(text, months_at, spans.add)
    _numeric_dates(text, published, spans.add)
    _partial_dates(text, low, months_at, published, spans.add)
    reference = day or published
    if reference is not None and published is not None:
        _relative(text, low, reference, spans.add)
    spans.hits.sort(key=lambda h: h.start)
    return spans.hits


def _full_dates(text: str, months_at: list[int] | None, add: _Add) -> None:
    """ "31 Januari 2023", "July 3, 2023"."""
    p, months = _patterns(), cues().months
    for m in p.day_month_year.finditer(text):
        d, mo, y = int(m.group(1)), months[m.group(2).lower()], int(m.group(3))
        add(
            m.start(),
            m.end(),
            f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None,
            False,
        )
    for m in _matches(p.month_day_year, text, months_at):
        mo, d, y = months[m.group(1).lower()], int(m.group(2)), int(m.group(3))
        add(
            m.start(),
            m.end(),
            f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None,
            False,
        )


def _numeric_dates(text: str, published: date | None, add: _Add) -> None:
    """ "3/7/2023", and "(11/8)" or "pada 11/8" in the publication's year."""
    for m in _NUMERIC.finditer(text):
        d, mo = int(m.group(1)), int(m.group(2))
        if m.group(3):
            y = int(m.group(3))
            y = y + 2000 if y < 100 else y
            add(
                m.start(),
                m.end(),
                f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None,
                False,
            )
        elif text[max(0, m.start() - 1) : m.start()] == "(" or re.search(
            r"\b(?:pada|on|tanggal)\s*$", text[max(0, m.start() - 12) : m.start()], re.I
        ):
            add(m.start(), m.end(), with_year(mo, d, published), False)


def _partial_dates(
    text: str,
    low: str | None,
    months_at: list[int] | None,
    published: date | None,
    add: _Add,
) -> None:
    """A day and a month, a month and a year, a month alone, a year alone."""
    p, months = _patterns(), cues().months
    for m in p.day_month.finditer(text):
        add(
            m.start(),
            m.end(),
            with_year(months[m.group(2).lower()], int(m.group(1)), published),
            False,
        )
    for m in _matches(p.month_day, text, months_at):
        if len(m.group(1)) >= 3:
            add(
                m.start(),
                m.end(),
                with_year(months[m.group(1).lower()], int(m.group(2)), published),
                False,
            )
    for m in _matches(p.month_year, text, months_at):
        mo, y = months[m.group(1).lower()], int(m.group(2))
        if len(m.group(1)) >= 3 and 1900 <= y <= 2100:
            add(m.start(), m.end(), f"{y:04d}-{mo:02d}", False)
    for m in finditer_lowered(p.month_alone, text, low):
        # "signed in April": the last April before publication.
        if published is not None and len(m.group(1)) >= 3:
            mo = months[m.group(1).lower()]
            y = published.year if mo <= published.month else published.year - 1
            add(m.start(1), m.end(1), f"{y:04d}-{mo:02d}", False)
    for m in finditer_lowered(p.year, text, low):
        y = int(m.group(1))
        if 1900 <= y <= 2100:
            add(m.start(1), m.end(1), f"{y:04d}", False)


def names_unread_day(text: str) -> bool:
    """Does the text name a day that only the article's own date can place ("on Monday",
    "kemarin", "Selasa (21/11)", "March 3")? Without that date the day stays unknown."""
    p = _patterns()
    if p.weekday.search(text) or p.day_month.search(text) or p.month_day.search(text):
        return True
    if any(
        m.group(3) is None and "(" in text[max(0, m.start() - 1) : m.start()] for m in _NUMERIC.finditer(text)
    ):
        return True
    return any(pattern.search(text) for pattern, _ in cues().relative_days)


def _relative(text: str, low: str | None, reference: date, add: _Add) -> None:
    c = cues()
    for pattern, offset in c.relative_days:
        for m in finditer_lowered(pattern, text, low):
            add(
                m.start(),
                m.end(),
                (reference + timedelta(days=offset)).isoformat(),
                True,
            )
    for m in finditer_lowered(_patterns().weekday, text, low):
        target = c.weekdays[m.group(1).lower()]
        back = (reference.weekday() - target) % 7
        add(m.start(), m.end(), (reference - timedelta(days=back)).isoformat(), True)


def dateline_day(date_text: str | None, published: date | None) -> date | None:
    """The day of a dateline ("March 16", "25/5") in the publication's year."""
    if not date_text:
        return None
    for hit in find_dates(f"({date_text})" if "/" in date_text else date_text, published):
        if len(hit.value) == 10:
            return date.fromisoformat(hit.value)
    return None
