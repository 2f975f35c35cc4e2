"""A partner the headline describes instead of naming: "Chinese province sees Malacca as a
potential twin city", "Kota di Jepang Lirik Bandung Jadi Kota Kembar". The headline
names one party and a tie, and describes the other by its country and kind; the other is
the one place of that country and kind the body names (none, or two: no guess).
"""

from __future__ import annotations

import re
from functools import cache

from kembar.extract.frames import Frame
from kembar.extract.lexicon import alternation, lexicons
from kembar.extract.mentions import Candidate, Mention
from kembar.extract.resolve import Context
from kembar.extract.sentences import Sentence


@cache
def _patterns() -> tuple[dict[str, str], dict[str, str], re.Pattern[str], re.Pattern[str]]:
    """The kind words and demonyms of all lexicons, and the two shapes of a description:
    "Chinese province" and "a city in Japan" / "kota di Jepang" (before a country's name)."""
    kinds: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for lex in lexicons().values():
        kinds.update(lex.table("descriptor_kinds"))
        demonyms.update(lex.table("demonyms"))
    kind = alternation(list(kinds))
    by_demonym = re.compile(rf"\b({alternation(list(demonyms))})\s+({kind})\b", re.I)
    before_country = re.compile(rf"\b({kind})\s+(?:in|from|di|asal|dari)\s+(?:the\s+)?$", re.I)
    return kinds, demonyms, by_demonym, before_country


def _kind_of(word: str, table: dict[str, str]) -> str | None:
    return next((kind for pattern, kind in table.items() if re.fullmatch(pattern, word, re.I)), None)


def _described(headline: Sentence, parties: list[Mention]) -> tuple[str, str] | None:
    """The country and kind of the place the headline describes, if it describes one."""
    kinds, demonyms, by_demonym, before_country = _patterns()
    m = by_demonym.search(headline.text)
    if m:
        country = _kind_of(m.group(1), demonyms)
        kind = _kind_of(m.group(2), kinds)
        return (country, kind) if country and kind else None
    for c in (p for p in parties if p.place.kind == "country"):
        before = before_country.search(headline.text[: c.start - headline.start])
        kind = _kind_of(before.group(1), kinds) if before else None
        if kind:
            return c.place.country, kind
    return None


def _the_one(sentences: list[Sentence], ctx: Context, country: str, kind: str) -> Candidate | None:
    found: dict[str, Candidate] = {}
    for s in sentences:
        if s.zone == "body":
            for m in s.mentions:
                if m.start not in ctx.not_party and (m.place.country, m.place.kind) == (country, kind):
                    found.setdefault(m.place.key, m.place)
    return next(iter(found.values())) if len(found) == 1 else None


def described_frames(sentences: list[Sentence], frames: list[Frame], ctx: Context) -> list[Frame]:
    """The pair of the headline's one named party and the place it describes, unless the
    article's frames hold that pair already."""
    headline = next((s for s in sentences if s.zone == "headline"), None)
    if headline is None or not any(headline.kind_labels):
        return []
    parties = [m for m in headline.mentions if m.start not in ctx.not_party]
    named = {m.place.key: m.place for m in parties if m.place.kind != "country"}
    described = _described(headline, parties)
    if len(named) != 1 or described is None:
        return []
    (party,) = named.values()
    other = _the_one(sentences, ctx, *described)
    if (
        other is None
        or other.key == party.key
        or any({f.a.key, f.b.key} == {party.key, other.key} for f in frames)
    ):
        return []
    return [Frame(party, other, sentences=[headline.index])]
