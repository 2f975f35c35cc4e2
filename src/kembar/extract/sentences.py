"""Stage 2, sentences: the article cut into sentences, each knowing its zone.

Cuts fall after a full stop, question or exclamation mark followed by a capital,
and at line breaks (news puts one paragraph per line; headlines and list items have
no stop). A stop after a title or an initial ("Dr.", "H.", "St.") does not cut.
Work is linear in the text length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from kembar.extract.clean import Layout
from kembar.extract.lexicon import cues, lowered, search_lowered

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n|\n(?=\S)|\n\s+(?=\S)")
_ABBREV = re.compile(
    r"(?:\b(?:Dr|Prof|Ir|Jl|No|Mr|Mrs|Ms|St|H|Hj|Drs|Plt|Pj|dll|dkk|dsb|M|S|A|vs|Sdr|Bpk|YBhg|Bhd|Sdn|Co|Lt|Gen|Sen|Rep|Hon|Cllr|Ft|Mt)\.|\b[A-Z]\.)$"
)


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    zone: str = "body"  # body | headline | furniture
    mentions: list[Any] = field(default_factory=list)  # resolved Mention objects, in order
    found: dict[int, tuple[re.Pattern[str], re.Match[str] | None]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @cached_property
    def low(self) -> str | None:
        return lowered(self.text)

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """`pattern.search(self.text)`, once per pattern: every pair of a long article asks
        its sentences the same questions. A case-insensitive cue is looked for in the
        lower-cased sentence first (`search_lowered`), several times faster."""
        entry = self.found.get(id(pattern))
        if entry is not None and entry[0] is pattern:
            return entry[1]
        m = search_lowered(pattern, self.text, self.low)
        self.found[id(pattern)] = (pattern, m)
        return m

    @cached_property
    def kind_labels(self) -> tuple[int, ...]:
        """How often each of the lexicons' kinds of tie ("sister city", "kota kembar") is
        written here, by the order of `cues().kinds`: the frames and the attributes both
        count them over the whole article, and a sentence is read once."""
        # None is found before the first match: findall counts from there.
        return tuple(
            len(p.findall(self.text, m.start())) if (m := self.search(p)) else 0 for p, _ in cues().kinds
        )


def split_sentences(text: str, page: Layout | None = None) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        tail = text[max(pos, m.start() - 12) : m.start()]
        if "\n" not in m.group() and _ABBREV.search(tail.rstrip()):
            continue
        _add(out, text, pos, m.start())
        pos = m.end()
    _add(out, text, pos, len(text))
    if page is not None:
        for s in out:
            if page.headline and page.headline[0] <= s.start < page.headline[1]:
                s.zone = "headline"
            elif page.in_furniture(s.start):
                s.zone = "furniture"
    return out


_TEXT = re.compile(r"\S")


def _add(out: list[Sentence], text: str, a: int, b: int) -> None:
    first = _TEXT.search(text, a, b)
    if first is None:
        return
    body = text[first.start() : b].rstrip()
    out.append(Sentence(len(out), first.start(), first.start() + len(body), body))
