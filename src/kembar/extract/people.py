"""Stage 7a, people: who is named with a role ("Wali Kota Surabaya Eri Cahyadi",
"Tri Tharyat Direktur Jenderal ...", "Bassam Raad (Wali Kota Baalbek)").

A role runs from its title through the organisation or place it names; the person's
name follows it (or precedes it). Words of an organisation (lexicons'
`organisation_words`) never make a name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from kembar.extract.lexicon import cues, finditer_lowered, lexicons, lowered
from kembar.extract.mentions import Mention
from kembar.extract.model import PersonFact, Span
from kembar.extract.sentences import Sentence
from kembar.extract.unlisted import title_case_line
from kembar.text import fold

_ORGANISATION = re.compile(
    r"\b(?:Otorita|Dinas|Badan|Biro|Kementerian|Kedutaan|KBRI|KJRI|Konsulat|Pemerintah|Pemprov|Pemkot|Pemkab|"
    r"Dewan|Majlis|DPRD|Sekretariat|Akimat|Maslikhat|Department|Ministry|Embassy|Council|Office|Bureau|Agency|"
    r"Jabatan|Commission|Corporation)\b.*$"
)
_WORD = re.compile(r"[\w’'.-]+")


@cache
def organisation_words() -> frozenset[str]:
    return frozenset(fold(w) for lex in lexicons().values() for w in lex.words("organisation_words"))


def organisation_of(role: str | None) -> str | None:
    """The body a role belongs to, when the role names one ("Kepala Dinas Kominfo Kaltim"
    -> "Dinas Kominfo Kaltim"); None for a role held in a place ("Gubernur Astana")."""
    if not role:
        return None
    m = _ORGANISATION.search(role)
    return m.group(0).strip(" ,-") if m else None


class _Spans:
    """Place-mention spans, searchable in logarithmic time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]

    def covers(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and self.spans[k][0] <= pos < self.spans[k][1]


def _role_end(text: str, pos: int, places: _Spans, org: frozenset[str] | set[str]) -> tuple[int, str]:
    """Where a title's role ends after `pos` ("Gubernur Jawa Tengah", "Wali Kota
    Bandung"): past the places, organisation words and acronyms that follow it; and the
    last word it took."""
    role_end, last = pos, ""
    while True:
        ahead = text[pos : pos + 40]
        w = _WORD.match(text, pos + len(ahead) - len(ahead.lstrip(" ")))
        if not w or "\n" in text[pos : w.start()]:
            return role_end, last
        token = w.group()
        if places.covers(w.start()) or fold(token) in org or (token.isupper() and 1 < len(token) <= 8):
            pos = role_end = w.end()
            last = token
            continue
        return role_end, last


@dataclass(frozen=True)
class _Patterns:
    title: re.Pattern[str]
    conjunction: re.Pattern[str]
    name: re.Pattern[str]  # a person's name after a role


@cache
def _patterns() -> _Patterns:
    c = cues()
    return _Patterns(
        title=re.compile(rf"\b(?:{c.titles})\b", re.I),
        conjunction=re.compile(rf"(?:{c.and_})", re.I),
        name=re.compile(
            rf"\s*,?\s*((?:(?:{c.honorifics})\s+)?(?:[A-Z]\.?\s+)?[A-Z][a-z’'-]+(?:\s+(?:[A-Z][a-z’'-]+|[A-Z]\.)){{0,3}})"
        ),
    )


class _People:
    """The people of one text by folded name, each with the first role found for them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: dict[str, PersonFact] = {}

    def add(self, person: str, role: str, start: int, end: int) -> None:
        key = fold(person)
        if key and key not in self.found:
            self.found[key] = PersonFact(
                name=person,
                role=role,
                organisation=organisation_of(role),
                evidence=Span(start=start, end=end, quote=self.text[start:end]),
            )


def find_people(text: str, sentences: list[Sentence]) -> list[PersonFact]:
    org = organisation_words()
    places = _Spans([(m.start, m.end) for s in sentences for m in s.mentions])
    people = _People(text)
    _after_titles(text, places, org, people)
    # "Name (Role ...)": delegations listed with their titles.
    title = _patterns().title
    for m in re.finditer(r"([A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,3})\s*\(([^()\n]{6,140})\)", text):
        person, role = m.group(1), m.group(2).strip()
        if not title.search(role) or any(fold(t) in org for t in person.split()):
            continue
        people.add(person, role, m.start(), m.end())
    return sorted(people.found.values(), key=lambda p: p.evidence.start)


def _after_titles(text: str, places: _Spans, org: frozenset[str], people: _People) -> None:
    """ "Wali Kota Surabaya Eri Cahyadi": a title, its role, then the holder's name."""
    p = _patterns()
    for m in finditer_lowered(p.title, text, lowered(text)):
        if not m.group()[0].isupper():
            continue
        role_end, last = _role_end(text, m.end(), places, org)
        if p.conjunction.fullmatch(last):
            # "Gubernur Jawa Tengah dan Gubernur X", "Governor of Missouri and Y": the
            # conjunction joins two people, and this title's holder is not named here.
            continue
        name = p.name.match(text, role_end)
        if not name:
            continue
        # A name ends at a line's end and where another title starts ("... Ahmad
        # Heryawan\nGubernur Jawa", "Presiden Azerbaijan" after a title).
        person = name.group(1).split("\n")[0]
        cut = p.title.search(person)
        person = (person[: cut.start()] if cut else person).strip()
        tokens = person.split()
        if len(tokens) < 2 or any(fold(t) in org for t in tokens) or places.covers(name.start(1)):
            continue
        role = re.sub(r"\s+", " ", text[m.start() : role_end]).strip(" ,")
        people.add(person, role, m.start(), name.start(1) + len(person))


def inside_names(text: str, people: list[PersonFact], mentions: list[Mention]) -> set[int]:
    """The starts of place mentions inside a person's name wherever the article writes it
    ("Wali Kota Kochi, Seiya Okazaki": Okazaki is a town's name too); no party."""
    spans = [
        m.span()
        for p in people
        if " " in p.name
        for m in re.finditer(re.escape(p.name), text)
        if not title_case_line(text, m.start())  # "Wali Kota Kochi Kunjungi Surabaya": no name
    ]
    return {
        m.start
        for m in mentions
        if any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in spans)
    }
