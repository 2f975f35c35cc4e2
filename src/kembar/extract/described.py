"""Places written without their names.

- A partner the headline describes: "Chinese province sees Malacca as a potential twin
  city", "Kota di Jepang Lirik Bandung Jadi Kota Kembar". The headline names one party
  and a tie, and describes the other by its country and kind; the other is the one place
  of that country and kind the body names (none, or two: no guess).
- A place a sentence with a tie points back to: "The city signed a sister city agreement
  with Surabaya", "Surabaya dan kota tersebut", "the Japanese city": the latest place of
  that kind (and country) named in the sentences just before that the sentence does not
  name itself. It is given a mention there, which the frames read as any other.
"""

from __future__ import annotations

import re
from functools import cache

from kembar.extract.frames import Frame
from kembar.extract.lexicon import alternation, cues, lexicons
from kembar.extract.mentions import Candidate, Mention
from kembar.extract.resolve import Context
from kembar.extract.sentences import Sentence

# How many sentences back a place may stand that "the city" points to.
ANAPHOR_REACH = 3


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
    starts = {p.start - headline.start for p in parties}
    for m in by_demonym.finditer(headline.text):
        if m.end() + 1 in starts:
            continue  # "Indonesian city Surabaya": a description of the name after it
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
    """The one place of a country and kind the body names ("Kochi" is read as the prefecture
    or the city of that name: either is a city)."""
    found: dict[str, Candidate] = {}
    for m in (m for s in sentences if s.zone == "body" for m in s.mentions):
        if m.start in ctx.not_party or m.place.country != country or m.place.kind == "country":
            continue
        if _of_kind(m, kind):
            found.setdefault(m.place.key, m.place)
    return next(iter(found.values())) if len(found) == 1 else None


def _of_kind(m: Mention, kind: str) -> bool:
    """Is the place of that kind, or a place of its name in its country ("Kochi": the city
    and the prefecture)?"""
    return m.place.kind == kind or any(o.kind == kind and o.country == m.place.country for o in m.options)


def _in_body(sentences: list[Sentence], place: Candidate) -> bool:
    return any(m.place.key == place.key for s in sentences if s.zone == "body" for m in s.mentions)


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
    if party.key.startswith("raw:") or not _in_body(sentences, party):
        return []  # a name no gazetteer knows, in a headline's capitals ("Province Sees Malacca")
    other = _the_one(sentences, ctx, *described)
    if (
        other is None
        or other.key == party.key
        or any({f.a.key, f.b.key} == {party.key, other.key} for f in frames)
    ):
        return []
    return [Frame(party, other, sentences=[headline.index])]


@cache
def _anaphor() -> tuple[tuple[re.Pattern[str], ...], re.Pattern[str]]:
    """ "the city", "kota itu", "bandar tersebut" in each lexicon, and a venue word before
    one ("in the city" says where, not who)."""
    patterns = tuple(re.compile(p) for lex in lexicons().values() for p in lex.words("anaphors"))
    return patterns, re.compile(rf"\b(?:{cues().venue})\s+$", re.I)


def _tie_in(s: Sentence) -> bool:
    c = cues()
    return any(s.kind_labels) or bool(s.search(c.cooperation)) or any(s.search(p) for p, _ in c.instruments)


def name_anaphors(sentences: list[Sentence], ctx: Context) -> None:
    """Give each sentence with a tie a mention for every place it points back to."""
    recent: list[tuple[int, Mention]] = []  # the places named so far, with their sentence
    for s in sentences:
        if s.zone != "furniture" and _tie_in(s):
            _stand_ins(s, [m for i, m in recent if i >= s.index - ANAPHOR_REACH])
        recent += [
            (s.index, m)
            for m in s.mentions
            if m.place.kind != "country" and m.start not in ctx.not_party and not m.anaphor
        ]


def _stand_ins(s: Sentence, before: list[Mention]) -> None:
    """The sentence's mentions for its "the city", in order; two point to two places ("The
    province signed a trade MoU with the state")."""
    anaphors, venue = _anaphor()
    phrases = sorted((m for pattern in anaphors for m in pattern.finditer(s.text)), key=lambda m: m.start())
    taken = {m.place.key for m in s.mentions}
    added: list[Mention] = []
    for phrase in phrases:
        if venue.search(s.text[max(0, phrase.start() - 20) : phrase.start()]):
            continue
        m = _stand_in(s, phrase, before, taken)
        if m is not None:
            added.append(m)
            taken.add(m.place.key)
    if added:
        s.mentions = sorted(s.mentions + added, key=lambda m: m.start)


def _stand_in(s: Sentence, phrase: re.Match[str], before: list[Mention], taken: set[str]) -> Mention | None:
    """The mention "the city" makes of the latest place of its kind before it that the
    sentence names nowhere else."""
    kinds, demonyms, _, _ = _patterns()
    kind = _kind_of(phrase.group("kind"), kinds)
    demonym = phrase.groupdict().get("demonym")
    country = _kind_of(demonym, demonyms) if demonym else None
    if kind is None or (demonym and country is None):
        return None
    start = s.start + phrase.start()
    for m in reversed([m for m in before if m.start < start]):
        if m.place.key in taken or (country and m.place.country != country):
            continue
        if _of_kind(m, kind):
            end = s.start + phrase.end()
            return Mention(start, end, phrase.group(), m.place, kind, False, m.core, anaphor=True)
    return None
