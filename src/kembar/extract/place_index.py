"""The place index the mention finder looks names up in, built from the gazetteer.

Every name a place goes by (GeoNames names and alternate names, ISO 3166-2 names,
English and Indonesian names of first-level regions, country names in English,
Indonesian and Malay, curated aliases such as IKN, DKI, Kaltim, KL) is indexed by its
folded form, each place once (`Candidate`) however many names it has.
`MentionIndex.choose` picks among same-named places by the article's countries, size
and kind. The index is built once (about 10 s) and cached in
KEMBAR_CACHE_DIR under a hash of the gazetteer's data and of this code.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from kembar.extract.place_forms import pack, unpack
from kembar.text import fold

if TYPE_CHECKING:
    from kembar.gazetteer.resolve import Gazetteer

# Folding is the finder's most frequent call, on a small vocabulary of words and names.
ffold = lru_cache(maxsize=1 << 17)(fold)

# An alternate (not the primary) name of a city is trusted only for cities this large.
ALTERNATE_MIN = 200_000
PROVINCE_POPULATION = 1_000_000
REGENCY_POPULATION = 100_000
# A single-word city needs this many people unless its country is in the article or a
# kind word ("Kota", "City") stands before it.
LONE_CITY_MIN = 100_000
# A misspelt name in a list of partners ("Los Angles") is read as the place one letter
# away, if the name is this long and the place a region or a town this large.
MISSPELT_MIN_LEN = 7
MISSPELT_MIN_POPULATION = 20_000
# Names this short are acronyms, read with their capitals only.
ACRONYM_LENGTH = 3
# Other names of countries that are common words in the languages read: "Island" is
# Iceland in German, an island in English ("the Hawaiian Islands", "Jeju Island").
FOREIGN_COUNTRY_NAMES = frozenset({"island"})
# Countries news names by an acronym, read only when written in capitals ("in the US",
# "Khartoum (UAE)"): "us" and "uk" in lower case are words, not countries.
COUNTRY_ACRONYMS = {
    "US": "US",
    "USA": "US",
    "UK": "GB",
    "UAE": "AE",
    "PRC": "CN",
    "ROK": "KR",
    "DRC": "CD",
    "PNG": "PG",
}
# Changing how the index is built changes this.
INDEX_FORMAT = 6


@lru_cache(maxsize=1 << 16)
def compact(form: str) -> str:
    """A folded name without spaces, hyphens and apostrophes: "Bau Bau", "Baubau" and
    "Bau-Bau" are one spelling."""
    return "".join(ch for ch in form if ch.isalnum())


@dataclass(frozen=True, slots=True)
class Candidate:
    key: str
    name: str
    kind: str  # country | province | regency | city
    country: str
    geonameid: int | None
    population: int
    capital: bool
    curated: bool
    admin: str | None = None  # ISO 3166-2 code of its region (or of itself, for a province)
    short: str | None = None  # the name people use when it differs ("Hainan" for "Hainan Sheng")


@dataclass
class Mention:
    start: int
    end: int
    text: str
    place: Candidate
    hint: str | None  # kind said by a word before it ("Provinsi", "Kota")
    governmental: bool  # "Pemerintah Kota X", "Pemprov X": the government acting
    core: str = ""  # the name as written, without the kind and government words
    options: tuple[Candidate, ...] = ()  # every place of that name, for resolution in context
    misspelt: bool = False  # read as the place one letter away: a guess, no evidence of a country
    anaphor: bool = False  # "the city", "kota itu": the place named before it (described.py)


_FIELDS = tuple(f.name for f in fields(Candidate))


class MentionIndex:
    def __init__(self, by_form: Mapping[str, list[Candidate]], country_names: dict[str, str]) -> None:
        self.by_form = by_form
        self.country_names = country_names  # folded name -> ISO code, for fuzzy spellings
        self.country_list = tuple(country_names)
        # The most words a name starting with a given word has: most capitalised words start
        # no name at all, and the finder skips them in one lookup.
        self.longest: dict[str, int] = {}
        for form in by_form:
            first, _, rest = form.partition(" ")
            words = 1 + rest.count(" ") + (1 if rest else 0)
            if words > self.longest.get(first, 0):
                self.longest[first] = words

    def __getstate__(self) -> bytes:
        # Cached as plain values, its places made when first read (place_forms.py).
        extra = (self.country_names, self.longest, self.well_known)
        return pack(self.by_form, _FIELDS, extra)

    def __setstate__(self, state: bytes) -> None:
        self.by_form, (self.country_names, self.longest, well_known) = unpack(state, Candidate)
        self.country_list = tuple(self.country_names)
        self.__dict__["well_known"] = well_known

    @cached_property
    def well_known(self) -> dict[tuple[str, int], tuple[str, ...]]:
        """Names a misspelling may stand for, by first letter and length: regions, and towns
        of some size under their own name (a list of partners misspells "Los Angeles", rarely
        a village, and seldom its first letter)."""
        found: dict[tuple[str, int], list[str]] = defaultdict(list)
        for form, cands in self.by_form.items():
            if len(form) >= MISSPELT_MIN_LEN and any(
                c.kind in ("province", "regency")
                or (c.kind == "city" and c.population >= MISSPELT_MIN_POPULATION and ffold(c.name) == form)
                for c in cands
            ):
                found[(form[0], len(form))].append(form)
        return {k: tuple(v) for k, v in found.items()}

    @cached_property
    def country_heads(self) -> frozenset[str]:
        """The first words of the countries' names of two words or more."""
        return frozenset(name.partition(" ")[0] for name in self.country_names if " " in name)

    def one_letter_from(self, form: str) -> list[str]:
        """The well-known names one edit away from `form` (at most two: enough to see a doubt)."""
        near: list[str] = []
        for size in (len(form) - 1, len(form), len(form) + 1):
            pool = self.well_known.get((form[0], size), ())
            near += [
                f
                for f, _, _ in process.extract(
                    form, pool, scorer=Levenshtein.distance, score_cutoff=1, limit=2
                )
            ]
        return near[:2]

    @classmethod
    def build(cls) -> MentionIndex:
        from kembar.gazetteer.resolve import gazetteer

        gaz = gazetteer()
        forms = _Forms()
        capitals = {(c.code, fold(c.capital)) for c in gaz.countries.values() if c.capital}
        _add_cities(forms, gaz, capitals)
        _add_subdivisions(forms, gaz, capitals)
        country_names = _add_countries(forms)
        _add_curated(forms, gaz)
        _add_region_exonyms(forms, gaz)
        index = cls(dict(forms.by_form), country_names)
        # Built now and cached with the index: a third of a second, and every long
        # article (any list of places) needs it.
        _ = index.well_known
        return index

    # --- finding mentions --------------------------------------------------------------
    def find(self, text: str, language: str | None = None) -> list[Mention]:
        """Place mentions of a text, in order (the finder lives in mentions.py)."""
        from kembar.extract.mentions import find_mentions

        return find_mentions(self, text)

    def country_of(self, name: str) -> str | None:
        """The ISO code of a country's name as written ("Belanda", "Holland", "the US")."""
        name = name.strip()
        return self.country_names.get(ffold(name)) or (COUNTRY_ACRONYMS.get(name) if name.isupper() else None)

    def countries_named(
        self, text: str, words: list[tuple[int, int, str]], capitals: Iterable[int] | None = None
    ) -> set[str]:
        """Countries the text names; `capitals`, when known, are the positions of its
        capitalised words (the only ones that can name one)."""
        named = set()
        longest = self.longest
        # A word's own country and whether a longer name may start with it, once per word.
        seen: dict[str, tuple[str | None, bool]] = {}
        for k in range(len(words)) if capitals is None else capitals:
            w = words[k][2]
            if not w[:1].isupper():
                continue
            known = seen.get(w)
            if known is None:
                # The folded form of an ASCII word and the words after it starts with the
                # word's own and a space: only a country's first word can start a country.
                longer = ffold(w) in self.country_heads if w.isascii() else longest.get(ffold(w), 0) >= 2
                known = seen[w] = (self.country_of(w), longer)
            code, longer = known
            if code:
                named.add(code)
            if not longer:
                continue
            for n in (2, 3):
                code = self.country_names.get(ffold(" ".join(x for _, _, x in words[k : k + n])))
                if code:
                    named.add(code)
        return named

    def choose(
        self,
        cands: list[Candidate],
        named: set[str],
        hint: str | None,
        beside: str | None,
        n_words: int,
        prefixed: bool,
        form: str,
        vouched: set[str] | None = None,
    ) -> Candidate | None:
        """The place a name means: `named` countries weigh in the choice, `vouched` ones
        (named, or whose regions are named) let a small town be taken at all."""
        vouched = named if vouched is None else vouched
        cands = [c for c in cands if _plausible(c, form) and not other_level(c, hint)]
        if not cands:
            return None
        best = max(cands, key=lambda c: _score(c, form, named, hint, beside))
        lone = best.kind == "city" and not best.curated and n_words == 1 and not prefixed
        if (
            lone
            and best.population < LONE_CITY_MIN
            and best.country not in vouched
            and beside != best.country
        ):
            return None
        if (
            best.kind == "city"
            and not best.curated
            and best.population < 1000
            and best.country not in vouched
        ):
            return None
        return best


def _score(c: Candidate, form: str, named: set[str], hint: str | None, beside: str | None) -> float:
    """How likely a place of the name is the one meant: its size, a country the article
    names or writes beside it, a curated or official name, the kind a word before it says."""
    s = math.log10(max(c.population, 1) + 1)
    if c.country in named:
        s += 6
    if beside and c.country == beside:
        s += 20
    if c.curated:
        s += 5
    if c.kind == "country":
        s += 8
    if c.capital:
        s += 2
    if hint and c.kind == hint:
        s += 4
    if c.kind != "city" or _primary(c, form):
        s += 3  # an official or primary name, not one of many alternates
    return s


def _primary(c: Candidate, form: str) -> bool:
    # "Bau Bau" and "Bau-Bau" are Baubau's own name written apart, not an alternate
    return ffold(c.name) == form or compact(ffold(c.name)) == compact(form)


def _plausible(c: Candidate, form: str) -> bool:
    """A town is meant by one of its many alternate names only when it is large."""
    if c.kind != "city" or c.curated or _primary(c, form):
        return True
    return c.population >= ALTERNATE_MIN


def other_level(c: Candidate, hint: str | None) -> bool:
    """A kind word that says province ("Provinsi Shichuan", "Prefektur Shizouka") names no
    town: the town GeoNames spells so (Shichuan, a town of Chongqing) is not the place."""
    return hint == "province" and c.kind == "city" and not c.curated


class _Forms:
    """The index being built: the places each folded form names, each place once a form."""

    def __init__(self) -> None:
        self.by_form: dict[str, list[Candidate]] = defaultdict(list)
        self.seen: set[tuple[str, str]] = set()

    def add(self, form: str, cand: Candidate) -> None:
        if not form:
            return
        if (form, cand.key) not in self.seen:
            self.seen.add((form, cand.key))
            self.by_form[form].append(cand)
        elif cand.curated:  # a curated alias ("KL") vouches for a name GeoNames also has
            self.by_form[form] = [cand if c.key == cand.key else c for c in self.by_form[form]]


def _add_cities(forms: _Forms, gaz: Gazetteer, capitals: set[tuple[str, str]]) -> None:
    """GeoNames' cities under every name. One object per city, shared by all its names:
    the index holds several names for most cities, and the cache and the process hold
    each city once."""
    cities: dict[int, Candidate] = {}
    for (cc, form), ids in gaz.geo._by_name.items():
        for gid in ids:
            cand = cities.get(gid)
            if cand is None:
                city = gaz.geo.cities[gid]
                cand = cities[gid] = Candidate(
                    f"gn:{gid}",
                    city.name,
                    "city",
                    cc,
                    gid,
                    city.population,
                    (cc, fold(city.name)) in capitals,
                    False,
                    gaz.admin.get((cc, city.admin1)),
                )
            forms.add(form, cand)


def _add_subdivisions(forms: _Forms, gaz: Gazetteer, capitals: set[tuple[str, str]]) -> None:
    """Provinces and regencies under their names (a capital's name stays the city's); a
    subdivision that is one city (merges_into_city) is that city."""
    from kembar.gazetteer.subdivisions import short_names

    for sub in gaz.subs.values():
        if sub.merges_into_city is not None:
            city = sub.merges_into_city
            cand = Candidate(
                f"gn:{city.geonameid}",
                city.name,
                "city",
                sub.country,
                city.geonameid,
                city.population,
                (sub.country, fold(city.name)) in capitals,
                False,
                sub.admin_code,
            )
        else:
            # Few subdivisions carry a population: a province counts as large, a regency
            # as middling, unless its capital says more.
            floor = PROVINCE_POPULATION if sub.parent is None else REGENCY_POPULATION
            pop = max(sub.capital.population * 3 if sub.capital else 0, floor)
            short = short_names(sub.name)[-1]
            cand = Candidate(
                sub.key, sub.name, sub.kind, sub.country, None, pop, False, False, sub.admin_code,
                short if short != sub.name else None,
            )  # fmt: skip
        for n in sub.names:
            if sub.merges_into_city is not None or not sub.names_capital(n):
                forms.add(fold(n), cand)


def _add_countries(forms: _Forms) -> dict[str, str]:
    """Countries under their names in the three languages and their other names; returns
    the folded country names with their codes."""
    from kembar.gazetteer.countries import COUNTRY_ALIASES, countries

    country_names: dict[str, str] = {}
    country_cands: dict[str, Candidate] = {}
    for c in countries().values():
        cand = country_cands[c.code] = Candidate(
            f"country:{c.code}", c.name, "country", c.code, c.geonameid, c.population, False, False
        )
        for n in (c.name, c.name_id, c.name_ms, *c.aliases):
            if n:
                forms.add(fold(n), cand)
                country_names[fold(n)] = c.code
    # Other names of countries ("Holland", "Britain", "England", "Korea"); the short ones
    # ("UK", "USA") are read with their capitals only, from the lexicons.
    for other, (code, _region) in COUNTRY_ALIASES.items():
        if (
            len(other) > ACRONYM_LENGTH
            and other not in FOREIGN_COUNTRY_NAMES
            and code in country_cands
            and other not in country_names
        ):
            forms.add(other, country_cands[code])
            country_names[other] = code
    return country_names


def _add_curated(forms: _Forms, gaz: Gazetteer) -> None:
    """The bundled extra places and aliases (gazetteer/data), which vouch for their names."""
    from kembar.gazetteer.curated import aliases, extra_places
    from kembar.gazetteer.subdivisions import short_names

    for extra in extra_places().values():
        cand = Candidate(
            f"x:{extra.key}", extra.name, extra.kind, extra.country, None, extra.population or 0,
            "capital" in extra.tags, True, extra.admin_code,
        )  # fmt: skip
        for n in (extra.name, *extra.aliases):
            forms.add(fold(n), cand)
    for alias in aliases():
        res = gaz.from_alias_target(alias.target)
        if res is None:
            continue
        short = short_names(res.name)[-1]
        cand = Candidate(
            res.key, res.name, res.kind, res.country, res.geonameid,
            max(res.population or 0, PROVINCE_POPULATION if res.kind == "province" else 0),
            "capital" in res.tags, True, res.admin_code,
            short if res.kind == "province" and short != res.name else None,
        )  # fmt: skip
        forms.add(fold(alias.alias), cand)


def _add_region_exonyms(forms: _Forms, gaz: Gazetteer) -> None:
    """First-level regions under their English and Indonesian names ("Bavaria", "Lower
    Austria", "Tuscany", "Australia Barat"), added last: a name another region, a country or a town of
    NAMESAKE_MIN_POPULATION or more already goes by stays theirs ("Kiev" is the city,
    "Red Sea" Sudan's state), a smaller town's name is shared and the region, larger,
    is read unless the article names the town's country (Normandy, Missouri)."""
    from kembar.gazetteer.subdivisions import NAMESAKE_MIN_POPULATION, short_names

    regions = {c.key: c for cands in forms.by_form.values() for c in cands if not c.curated}
    added = []
    for sub in gaz.subs.values():
        cand = regions.get(sub.key)
        if sub.parent is not None or sub.merges_into_city is not None or cand is None:
            continue
        own = {fold(n) for n in sub.names}
        for n, _lang in gaz.exonyms_of(sub.code):
            form = fold(n)
            if any(fold(f) in own for f in short_names(n)[1:]):
                continue  # "Kōchi Prefecture": its own name and a kind word, read as such
            taken = forms.by_form.get(form, [])
            if not any(c.kind != "city" or c.population >= NAMESAKE_MIN_POPULATION for c in taken):
                added.append((form, cand))
    for form, cand in added:
        forms.add(form, cand)


def _data_stamp() -> str:
    """A hash of what the index is built from: the gazetteer's code and data, its
    packages' versions, and the extractor's modules that build and read it."""
    from kembar.diskcache import gazetteer_stamp

    here = Path(__file__).parent
    return gazetteer_stamp((here / "place_index.py", here / "mentions.py")) + f"v{INDEX_FORMAT}"


@cache
def mention_index() -> MentionIndex:
    """The index, loaded from KEMBAR_CACHE_DIR when built before from the same gazetteer
    data (a second or two), else built (about 10 s) and saved there."""
    from kembar.diskcache import load_or_build

    return load_or_build("mentions", _data_stamp(), MentionIndex, MentionIndex.build)
