"""Stage 4, resolution in context: which place each mention means in this article.

- A name several countries share goes to the country the article's context points
  at: the countries it names, the country of its unambiguous places, its dateline,
  and the home country of the outlet's language.
- One name in one country is one place per article ("Songkhla" the province in the
  headline and "Majlis Bandar Songkhla" the city are one party).
- A council or office stands for its place: an acronym defined in the text ("Petaling
  Jaya City Council (MBPJ)") or built from a council's initials and a place's
  ("MBKT": Majlis Bandaraya + Kuala Terengganu) is a mention of that place.
- Mentions that are not parties are marked: the dateline's place, a region said
  beside its town ("Miami-Dade County, Florida"), page furniture.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kembar.extract.clean import Layout
from kembar.extract.lexicon import cues, lexicons, lowered, search_lowered
from kembar.extract.mentions import Candidate, Mention, MentionIndex
from kembar.extract.sentences import Sentence
from kembar.text import fold

# Initials of a council before the place's ("Majlis Bandaraya", "Dewan Bandaraya", "Majlis
# Perbandaran", "Majlis Daerah") and after it ("City Council", "City Hall", "Municipal
# Council", "Municipal Corporation").
_COUNCIL_HEADS = ("MB", "MP", "MD", "DB", "M", "P")
_COUNCIL_TAILS = ("CC", "CH", "MC", "C", "")
# A capital first (the lookahead): the engine passes over other characters at once.
_ACRONYM = re.compile(r"(?=[A-Z])\b[A-Z]{3,6}\b")
_DEFINED = re.compile(r"\(([A-Z][A-Za-z]{1,7})\)")
_ALIAS_TOKEN = re.compile(r"\b[A-Z][A-Za-z]{1,7}\b")
_COUNCIL_WORDS = re.compile(
    r"\b(?:council|city\s+hall|majlis|dewan|municipal|corporation|commission|pemkot|pemprov|pemkab|"
    r"pemerintah|government|kerajaan)\b",
    re.I,
)


# A region's name before a lower-case kind word of a smaller place names that place.
_PLACE_IN_REGION = re.compile(r"\s+(?:county|city|town|municipality|district|regency)\b")


@dataclass
class Context:
    """What the article says about where it stands."""

    home: str | None
    named: set[str]
    dateline_country: str | None = None
    dateline_place: str | None = None
    not_party: set[int] = field(default_factory=set)  # mention starts that are no party


def _admin_of(c: Candidate) -> str | None:
    return c.key[4:] if c.key.startswith("iso:") else c.admin


def bare(m: Mention) -> str:
    """A mention's folded name without a trailing kind word ("Nairobi City County" -> "nairobi")."""
    return _bare(m.core or m.text)


@lru_cache(maxsize=1 << 14)
def _bare(written: str) -> str:
    name = fold(written)
    while True:
        stripped = re.sub(r" (?:city|county|province|regency|prefecture|state|metropolitan)$", "", name)
        if stripped == name or not stripped:
            return name
        name = stripped


def _rechoose(mentions: list[Mention], index: MentionIndex, ctx: Context) -> None:
    """Same-named places: the country the article's context points at wins."""
    votes: Counter[str] = Counter()
    for m in mentions:
        if m.place.kind == "country":
            votes[m.place.country] += 2
        elif len({c.country for c in m.options}) <= 1 and m.place.country and not m.misspelt:
            votes[m.place.country] += 1
    if ctx.home:
        votes[ctx.home] += 2
    if ctx.dateline_country:
        votes[ctx.dateline_country] += 2
    context = set(ctx.named) | {c for c, n in votes.items() if n >= 2}
    for m in mentions:
        if m.place.kind == "country" or len({c.country for c in m.options}) <= 1 or m.place.curated:
            continue
        form = fold(m.core)
        chosen = index.choose(list(m.options), context, m.hint, None, len(m.core.split()), bool(m.hint), form)
        if chosen is not None and chosen.country in context and m.place.country not in ctx.named:
            m.place = chosen


def _placed_in(text: str, mentions: list[Mention]) -> None:
    """ "George Town in Penang", "Warminster, Pennsylvania": the place said around a name
    picks its country among the places of that name."""
    for m, nxt in itertools.pairwise(mentions):
        if not re.fullmatch(
            r"\s*(?:[A-Z][a-z]+\s+)?(?:,|\(|\bin\b|\bdi\b)\s*(?:the\s+)?", text[m.end : nxt.start]
        ):
            continue
        # "Tacoma City in Washington": the state, not the capital city of that name.
        regions = [c for c in nxt.options if c.kind == "province" and c.country == m.place.country]
        if nxt.place.kind == "city" and regions and m.place.kind != "province":
            nxt.place = regions[0]
        if len(m.options) < 2 or nxt.place.kind not in ("province", "country"):
            continue
        same = [c for c in m.options if c.country == nxt.place.country]
        inside = [c for c in same if nxt.place.kind == "country" or c.admin == _admin_of(nxt.place)]
        pick = inside or same
        if pick and m.place not in pick:
            m.place = max(pick, key=lambda c: c.population)


def _unify_namesakes(mentions: list[Mention]) -> None:
    groups: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    places: dict[str, Candidate] = {}
    names = {(m.place.country, bare(m)) for m in mentions if m.place.kind != "country"}

    known: dict[tuple[str, str], tuple[str, str]] = {}

    def group_of(m: Mention) -> tuple[str, str]:
        # "Casablanca-Settat" beside "Casablanca": the region named after its city is the
        # party the article means by either name.
        key = (m.place.country, m.core or m.text)
        if key not in known:
            name = bare(m)
            head = fold(key[1].split("-")[0])
            known[key] = (key[0], head if head != name and (key[0], head) in names else name)
        return known[key]

    for m in mentions:
        if m.place.kind == "country":
            continue
        # A kind word ("Pemerintah Kota Yogyakarta") says which namesake the article means.
        groups[group_of(m)][m.place.key] += 10 if m.hint else 1
        places[m.place.key] = m.place
    for m in mentions:
        group = groups.get(group_of(m))
        if group and len(group) > 1:
            chosen = places[group.most_common(1)[0][0]]
            if m.hint and m.place.kind == m.hint != chosen.kind:
                continue  # "Kota Bandung" and "Kabupaten Bandung": each its kind word's place
            m.place = chosen


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper())


def council_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions of councils and offices that stand for a place of the article."""
    aliases: dict[str, Candidate] = {}
    subs = [m for m in mentions if m.place.kind != "country"]
    # Defined: "Petaling Jaya City Council (MBPJ)", "Johor Baru City Council (MBJB)".
    ends = [m.end for m in subs]
    for d in _DEFINED.finditer(text):
        lo, hi = bisect.bisect_left(ends, d.start() - 60), bisect.bisect_right(ends, d.start())
        before = subs[lo:hi]
        if before and _COUNCIL_WORDS.search(text[before[-1].start : d.start()]):
            aliases.setdefault(d.group(1), before[-1].place)
    # Built: council initials around the initials of a place named in the article.
    by_initials: dict[str, set[str]] = defaultdict(set)
    places: dict[str, Candidate] = {}
    for m in subs:
        ini = _initials(m.core)
        if len(ini) >= 2:
            by_initials[ini].add(m.place.key)
            places[m.place.key] = m.place
    for token in dict.fromkeys(t for t in _ACRONYM.findall(text) if t not in aliases):
        for head in _COUNCIL_HEADS:
            for tail in _COUNCIL_TAILS:
                core = token[len(head) : len(token) - len(tail)] if tail else token[len(head) :]
                if not token.startswith(head) or not token.endswith(tail) or len(core) < 2:
                    continue
                keys = by_initials.get(core, set())
                if len(keys) == 1 and token not in aliases:
                    aliases[token] = places[next(iter(keys))]
    if not aliases:
        return []
    # One pass over the text for the aliases themselves, whole words of the short
    # capitalised shape (_ALIAS_TOKEN): scanning for every such word costs ten times more.
    shaped = sorted((a for a in aliases if _ALIAS_TOKEN.fullmatch(a)), key=lambda a: (-len(a), a))
    if not shaped:
        return []
    first = "".join(sorted({re.escape(a[0]) for a in shaped}))  # their first letters, as _ACRONYM
    found = re.compile(rf"(?=[{first}])\b(?:{'|'.join(map(re.escape, shaped))})\b")
    return [
        Mention(t.start(), t.end(), t.group(), aliases[t.group()], None, True, t.group())
        for t in found.finditer(text)
    ]


def _merge(mentions: list[Mention], extra: list[Mention]) -> list[Mention]:
    """Council mentions where no place mention already stands (mentions do not overlap)."""
    starts = [m.start for m in mentions]

    def free(e: Mention) -> bool:
        k = bisect.bisect_right(starts, e.start) - 1
        if k >= 0 and mentions[k].end > e.start:
            return False
        return k + 1 >= len(mentions) or mentions[k + 1].start >= e.end

    return sorted(mentions + [e for e in extra if free(e)], key=lambda m: m.start)


_DASH_AFTER = re.compile(r"\s*(?:\([A-Za-z]+\)\s*)?[-–—]")


def _not_parties(text: str, mentions: list[Mention], page: Layout) -> set[int]:
    skip = set()
    d = page.dateline
    for k, m in enumerate(mentions):
        if (d is not None and d.start <= m.start < d.end) or page.in_furniture(m.start):
            skip.add(m.start)
        # A place at a line's start followed by a dash: a dateline ("BANDUNG (ANTARA) -").
        if (
            m.start == text.rfind("\n", 0, m.start) + 1
            and _DASH_AFTER.match(text[m.end : m.end + 20])
            and (m.text.isupper() or re.match(r"\s*\(", text[m.end : m.end + 3]))
        ):
            skip.add(m.start)
        if _in_organisation(text, m):
            skip.add(m.start)  # "Kadin Sumut", "Universitas Malang": a body, not the government
        if m.place.kind == "province" and _PLACE_IN_REGION.match(text, m.end):
            skip.add(m.start)  # "a pact with Hawaii county", "the Yunnan city of Dali": a place in it
        if k > 0 and m.place.kind in ("province", "country"):
            prev = mentions[k - 1]
            gap = text[prev.end : m.start]
            beside = (
                # "Wewak, East Sepik", "Vanimo Green, Sandaun Province": a place (the rest
                # of its name unknown), then the region it lies in
                re.fullmatch(
                    r"\s*(?:[A-Z][a-z]+\s*)?(?:,\s*(?:in\s+|di\s+)?|\bin\s+|\bdi\s+)(?:the\s+)?", gap
                )
                and prev.place.country == m.place.country
            )
            # "Kota Metropolitan Chongqing, Daerah Otonom Guangxi Zhuang": a region with its
            # own kind word, not known to hold the place before it, is the next item of a list.
            held = prev.place.admin is None or _admin_of(m.place) == prev.place.admin
            item = m.hint is not None and not held
            if (
                beside
                and m.place.kind == "province"
                and prev.place.kind not in ("province", "country")
                and not item
            ):
                skip.add(m.start)
    return skip


def _in_organisation(text: str, m: Mention) -> bool:
    """A place named as part of a chamber, a university, a port or a business community
    ("Kadin Sumatera Utara", "pengusaha asal Terengganu", "Penang Chamber of Commerce")
    is where that body stands; the body's agreements are not its government's."""
    if m.governmental or m.place.kind == "country":
        return False  # "perusahaan Jepang": a country is no party anyway, and it says so
    c = cues()
    before = text[max(0, m.start - 60) : m.start]
    return bool(
        search_lowered(c.organisation_before, before, lowered(before))
        or c.organisation_after.match(text[m.end : m.end + 40])
    )


def _country_after(text: str, mentions: list[Mention], k: int) -> str | None:
    """The country that closes a list an unlisted place stands in ("..., Daerah Otonom
    Guangxi Zhuang, Provinsi Shichuan, dan Provinsi Heilongjiang Cina"), else the country
    of the region said near it ("the County of Kaua'i, State of Hawai'i")."""
    for j in range(k + 1, len(mentions)):  # by index: not a copy of the rest of a long list
        m = mentions[j]
        if m.start - mentions[k].end > 150 or re.search(r"[.;:!?]\s|\n", text[mentions[k].end : m.start]):
            break
        if m.place.kind == "country":
            return m.place.country
    here = mentions[k].start
    window = mentions[max(0, k - 20) : k + 20]
    near = [m for m in window if m.place.kind == "province" and m.place.country and abs(m.start - here) < 200]
    return min(near, key=lambda m: abs(m.start - mentions[k].start)).place.country if near else None


def resolve(
    text: str,
    language: str | None,
    mentions: list[Mention],
    index: MentionIndex,
    page: Layout,
    sentences: list[Sentence],
) -> tuple[list[Mention], Context]:
    """Resolve mentions in the article's context and hand each sentence its own."""
    lex = lexicons().get(language or "")
    home = lex.home_country if lex else None
    ctx = Context(home=home, named={m.place.country for m in mentions if m.place.kind == "country"})
    if page.dateline is not None and page.dateline.place_start is not None:
        for m in mentions:
            if m.start == page.dateline.place_start and m.place.kind != "country":
                ctx.dateline_country = m.place.country
                ctx.dateline_place = m.core or m.text
    fixed = []
    for k, m in enumerate(mentions):
        if not m.place.country:  # an unlisted place with no country said beside it
            country = _country_after(text, mentions, k) or home or ctx.dateline_country
            if country is None:
                continue
            m.place = replace(m.place, country=country, key=m.place.key.replace("raw:??", f"raw:{country}"))
        fixed.append(m)
    _rechoose(fixed, index, ctx)
    _placed_in(text, fixed)
    fixed = _merge(fixed, council_mentions(text, fixed))
    _unify_namesakes(fixed)
    ctx.not_party = _not_parties(text, fixed, page)
    k = 0
    for s in sentences:
        while k < len(fixed) and fixed[k].start < s.end:
            if fixed[k].start >= s.start:
                s.mentions.append(fixed[k])
            k += 1
    return fixed, ctx
