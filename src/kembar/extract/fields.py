"""Fields of cooperation a sentence names (keys of fields.md), read where a list of them
is introduced ("cooperation in trade, tourism and education", "bidang ekonomi dan
budaya", "economic, cultural and other fields").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kembar.extract.lexicon import cues, lowered, per_article, search_lowered
from kembar.extract.sentences import Sentence

# How far before "and other fields" its list of fields may begin.
LIST_BEFORE_END = 120

# An office named after its fields ("Tourism, Culture and Environment Minister", "Dinas
# Pariwisata") lists no field of cooperation.
_OFFICE = re.compile(
    r"(?:\b[A-Z][\w-]*,?\s+(?:and\s+|dan\s+)?){1,6}(?:Minister|Ministry|Department|Committee|Council|Bureau|"
    r"Office|Agency|Board|Authority|Chamber)\b|\b(?:Dinas|Kementerian|Badan|Jabatan|Biro)(?:\s+[A-Z][\w-]*){1,6}"
)


def fields_of(sentences: list[Sentence]) -> list[str]:
    found: list[str] = []
    for s in sentences:
        for key in _fields_of_text(s.text):
            if key not in found:
                found.append(key)
    return found


@per_article
def _fields_of_text(sentence: str) -> tuple[str, ...]:
    c = cues()
    low = lowered(sentence)
    listing = search_lowered(c.field_list, sentence, low)
    tied = tied_fields(sentence)
    if not listing and not tied:
        return ()  # most sentences name no field: skip the office names' rewrite
    found = tied | (_listed_fields(_OFFICE.sub(" ", sentence)) if listing else set())
    return tuple(key for key in c.fields if key in found)


def _listed_fields(text: str) -> set[str]:
    """The fields of a list after its cue ("cooperation in trade and tourism"), or before
    the words that end one ("economic, cultural and other fields")."""
    c = cues()
    low = lowered(text)
    cue = search_lowered(c.field_list, text, low)
    if not cue:
        return set()
    tail = text[cue.start() :]
    end = search_lowered(c.field_list_end, text, low)
    if end:
        clause = text[max(0, end.start() - LIST_BEFORE_END) : end.start()]
        tail = re.split(r"[.;:]\s", clause)[-1] + " " + tail
    return _named_fields(tail)


def _named_fields(text: str) -> set[str]:
    """The fields whose terms the text holds; a term inside a longer one of another field
    is that field's ("sustainable development" is urban planning, not the environment)."""
    spans = {key: [m.span() for m in pattern.finditer(text)] for key, pattern in cues().fields.items()}
    every = [(key, span) for key, found in spans.items() for span in found]

    def inside(key: str, start: int, end: int) -> bool:
        return any(k != key and s <= start and end <= e and e - s > end - start for k, (s, e) in every)

    return {key for key, (start, end) in every if not inside(key, start, end)}


@per_article
def tied_fields(sentence: str) -> frozenset[str]:
    """Fields said as the kind of a tie: the words right before its noun in English
    ("cultural exchanges", "trade and investment cooperation"), right after it in
    Indonesian and Malay ("kerja sama perdagangan, investasi dan pariwisata"); not a
    tie between other bodies ("education cooperation between two universities")."""
    c = cues()
    low = lowered(sentence)
    if not (search_lowered(c.field_ties, sentence, low) or search_lowered(c.field_ties_first, sentence, low)):
        return frozenset()
    text = _OFFICE.sub(" ", sentence)
    found: set[str] = set()
    for tie in c.field_ties.finditer(text):
        if not c.field_bodies.match(text, tie.end()):
            found |= _run_of_fields(reversed(_tokens(text[max(0, tie.start() - 80) : tie.start()])))
    for tie in c.field_ties_first.finditer(text):
        if not c.field_bodies.search(text, tie.end(), tie.end() + 120):
            found |= _run_of_fields(_tokens(text[tie.end() : tie.end() + 120]))
    return frozenset(found)


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w-]+|[,&]", text)


def _run_of_fields(words: Iterable[str]) -> set[str]:
    """The fields of the words from the first on, while each is a field's or joins two."""
    c = cues()
    found: set[str] = set()
    for word in words:
        keys = {key for key, pattern in c.fields.items() if pattern.fullmatch(word)}
        if keys:
            found |= keys
        elif not found or word.lower() not in _JOINING:
            break  # the first word must be a field's; then fields and joining words (", dan")
    return found


_JOINING = frozenset({",", "&", "and", "or", "dan", "serta", "atau"})
