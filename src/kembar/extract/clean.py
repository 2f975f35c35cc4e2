"""Stage 1, cleaning: where the article is in the page text reader.py returns.

Nothing is cut out of the text (evidence spans keep their offsets); the stage marks
what the later stages must read differently:
- page furniture: menus, share bars, bylines, tags, "Baca juga" / "Read more" lines,
  copyright footers, image file names: never a source of facts;
- the headline: the title line above the first paragraph, which often alone names
  the subject of a signing;
- the dateline ("TRIBUNJATENG.COM, KLATEN - ", "KUCHING, March 22 (Bernama) --"): its
  place is where the news was filed, not a party, and its date anchors "yesterday".
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field

from kembar.extract.lexicon import cues

_PART = r"[A-Z][\w.&'’]*(?:\s+[A-Z][\w.&'’]*){0,3}(?:\s*\([A-Z][\w .]{1,20}\))?"
_DATE_PART = r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}|\d{1,2}/\d{1,2}(?:/\d{2,4})?"
_DATELINE = re.compile(
    rf"(?P<head>{_PART}(?:\s*,\s*(?:{_PART}|{_DATE_PART})){{0,3}}(?:\s*\([A-Za-z][\w .]{{1,20}}\))?)"
    r"\s*(?:--|[-–—:])\s+(?=\S)"
)
_MENU = re.compile(r"[›»|•]")
_IMAGE = re.compile(r"\.(?:jpe?g|png|gif|webp)\b", re.I)
_BODY_WORDS = 26
# A line that only dates the page ("Friday, 27 November 2015 - 21:15 WIB").
_DATE_LINE = re.compile(r"\b(?:19|20)\d\d\b.*\d{1,2}[:.]\d\d|^\W*\w+\W+\d{1,2}\s+\w+\s+(?:19|20)\d\d\W*$")


@dataclass(frozen=True)
class Dateline:
    start: int
    end: int
    place: str | None  # the filing place as written ("KLATEN")
    place_start: int | None
    date_text: str | None  # "March 22", "25/5"


@dataclass
class Layout:
    headline: tuple[int, int] | None = None
    dateline: Dateline | None = None
    furniture: list[tuple[int, int]] = field(default_factory=list)

    def in_furniture(self, pos: int) -> bool:
        # Furniture spans are in text order: a binary search keeps this linear overall.
        k = bisect.bisect_right(self.furniture, (pos, 1 << 62)) - 1
        return k >= 0 and self.furniture[k][0] <= pos < self.furniture[k][1]


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def is_furniture(line: str) -> bool:
    s = line.strip()
    if not s:
        return False
    if cues().furniture.search(s):
        return True
    if len(_MENU.findall(s)) >= 2 or _IMAGE.search(s):
        return True
    # A line of one or two words without a sentence in it ("Istimewa", "Tim Redaksi").
    return len(s.split()) <= 2 and not re.search(r"[.!?:]$", s) and not s[:1].isdigit()


def find_dateline(text: str, start: int, end: int) -> Dateline | None:
    m = _DATELINE.match(text, start, end)
    if m is None:
        return None
    head = m.group("head")
    parts = [p.strip() for p in re.split(r",|\(", head)]
    place, place_start, date_text = None, None, None
    names = []
    for part in parts:
        clean = part.rstrip(")").strip()
        if not clean:
            continue
        if re.search(r"\d", clean):
            date_text = clean
        elif "." not in clean and not part.endswith(")"):
            names.append(clean)
    # The filing place is written in capitals ("KUNMING, China:"); else the last name
    # ("TEMPO Interaktif, Yogyakarta:").
    capitals = [n for n in names if n.isupper() and len(n) > 2]
    place = capitals[0] if capitals else (names[-1] if names else None)
    if place is not None:
        place_start = text.find(place, start, m.end())
    # A sentence that merely begins with a word and a colon ("Photos: ...") is no dateline:
    # a dateline writes its place in capitals, or carries a date or an agency.
    if place is None or not (capitals or date_text or "(" in head or re.search(r"\b[A-Z]{3,}", head)):
        return None
    return Dateline(start, m.end(), place, place_start, date_text)


def layout(text: str) -> Layout:
    """Furniture lines, the headline and the dateline of one article."""
    out = Layout()
    lines = _lines(text)
    body_seen = False
    body_lines = 0
    header: list[tuple[int, int]] = []
    for a, b in lines:
        line = text[a:b]
        if not line.strip():
            continue
        if is_furniture(line):
            out.furniture.append((a, b))
            continue
        if not body_seen:
            words = len(line.split())
            if words >= _BODY_WORDS or line.rstrip().endswith((".", '"', "”")):
                body_seen = True
            elif not _DATE_LINE.search(line):
                header.append((a, b))
        if out.dateline is None and body_seen and body_lines < 8:
            body_lines += 1
            out.dateline = find_dateline(text, a + len(line) - len(line.lstrip()), b)
    # A line written twice above the body is a photo's caption and its alternative text
    # ("Gubernur Jawa Barat Ahmad Heryawan" under the headline), not the headline.
    seen = Counter(text[a:b].strip() for a, b in header)
    titled = [(a, b) for a, b in header if len(text[a:b].split()) >= 3 and seen[text[a:b].strip()] == 1]
    if titled:
        out.headline = titled[-1]
    elif header:
        out.headline = header[0]
    if out.dateline is None:
        for a, b in header:
            d = find_dateline(text, a, b)
            if d is not None and d.date_text is not None:
                out.dateline = d
                break
    return out
