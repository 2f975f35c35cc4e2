"""Dates as news writes them, with their spans: "Senin (3/7/2023)", "31 Januari 2023",
"(11/8)" (the year from the publication date), "pada Oktober 2024", "July 3, 2023".

Values are ISO strings of the precision the text gives: YYYY-MM-DD, YYYY-MM or YYYY.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kembar.extract.lexicon import MONTHS

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I)
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\b(?!\s+\d)", re.I)
_MONTH_YEAR = re.compile(rf"\b({_MONTH})\s+(\d{{4}})\b", re.I)
_YEAR = re.compile(r"\b(?:tahun|pada|sejak|since|in|year|dalam|hingga|until|sampai)\s+(\d{4})\b", re.I)


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    value: str


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return 1900 <= y <= 2100


def _with_published_year(month: int, day: int, published: date | None) -> str | None:
    if published is None:
        return None
    year = published.year
    if not _valid(year, month, day):
        return None
    # A day written without a year lies before publication, or just after it.
    if date(year, month, day) > published + timedelta(days=14):
        year -= 1
    return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None


def find_dates(text: str, published: date | None = None) -> list[DateHit]:
    hits: list[DateHit] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def add(s: int, e: int, value: str | None) -> None:
        if value and free(s, e):
            hits.append(DateHit(s, e, value))
            taken.append((s, e))

    for m in _DAY_MONTH_YEAR.finditer(text):
        d, mo, y = int(m.group(1)), MONTHS[m.group(2).lower()], int(m.group(3))
        add(m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None)
    for m in _MONTH_DAY_YEAR.finditer(text):
        mo, d, y = MONTHS[m.group(1).lower()], int(m.group(2)), int(m.group(3))
        add(m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None)
    for m in _NUMERIC.finditer(text):
        d, mo = int(m.group(1)), int(m.group(2))
        if m.group(3):
            y = int(m.group(3))
            y = y + 2000 if y < 100 else y
            add(m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}" if _valid(y, mo, d) else None)
        elif text[max(0, m.start() - 1) : m.start()] == "(" or re.search(
            r"\b(?:pada|on|tanggal)\s*$", text[max(0, m.start() - 12) : m.start()], re.I
        ):
            add(m.start(), m.end(), _with_published_year(mo, d, published))
    for m in _DAY_MONTH.finditer(text):
        add(m.start(), m.end(), _with_published_year(MONTHS[m.group(2).lower()], int(m.group(1)), published))
    for m in _MONTH_YEAR.finditer(text):
        mo, y = MONTHS[m.group(1).lower()], int(m.group(2))
        if len(m.group(1)) >= 3 and 1900 <= y <= 2100:
            add(m.start(), m.end(), f"{y:04d}-{mo:02d}")
    for m in _YEAR.finditer(text):
        y = int(m.group(1))
        if 1900 <= y <= 2100:
            add(m.start(1), m.end(1), f"{y:04d}")
    hits.sort(key=lambda h: h.start)
    return hits
