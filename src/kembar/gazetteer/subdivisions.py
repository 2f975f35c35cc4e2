"""ISO 3166-2 subdivisions (provinces, states, prefectures, regencies) from pycountry.

pycountry carries names and codes but no coordinates: a subdivision takes those of
its capital (from data/province_capitals.csv) or of a namesake city in its country,
and stays without coordinates otherwise. (Units ISO 3166-2 does not list, Indonesia's
kabupaten and kota, are Subdivisions too: regencies.py.)
"""

from __future__ import annotations

import csv
import gzip
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pycountry
from rapidfuzz import fuzz

from kembar.diskcache import gazetteer_table
from kembar.gazetteer.divisions import divisions, region_names, regions_named
from kembar.gazetteer.geonames import City, GeoNamesIndex, geonames
from kembar.text import fold

# Types pycountry lists that are not administrations (e.g. "Kalimantan" the island).
SKIPPED_TYPES = {"Geographical unit", "Geographical region", "Geographical entity", "Country"}
# Types whose subdivision is the city itself: merged into the GeoNames city of that name.
CITY_TYPES = re.compile(
    r"city|capital|metropolitan city|municipality|federal territory|special (city|municipality)|"
    r"autonomous city|state city|town",
    re.I,
)
# A city named like a subdivision stands for it only when it is this large.
NAMESAKE_MIN_POPULATION = 50_000
# Endings and beginnings that romanised subdivision names carry and people drop.
_AFFIXES = re.compile(
    r"(-teukbyeolsi|-gwangyeoksi|-teukbyeoljachido|-teukbyeoljachisi|-do| Sheng| Shi| SAR"
    r"|( Zhuangzu| Huizu| Uygur)? Zizhiqu|s? län"
    r"| Oblast'?| oblast'?| Kray| kray| Province| Prefecture| Region| County| State)$"
    r"|^(Wilayah Persekutuan |Provincia de |Province of |Region of )"
)


@dataclass(frozen=True)
class Subdivision:
    code: str
    name: str
    country: str
    type: str
    parent: str | None
    names: tuple[str, ...]
    capital: City | None
    merges_into_city: City | None
    # Where a subdivision without a known capital is put: its most populous town.
    seat: tuple[float, float] | None = None
    # For a unit of a national register that ISO 3166-2 does not list (regencies.py): its
    # code there, the kind of place it is, its English names and where its seat came from.
    register_code: str | None = None
    place_kind: str | None = None
    english: tuple[str, ...] = ()
    seat_source: str | None = None

    @property
    def kind(self) -> str:
        if self.place_kind:
            return self.place_kind
        return "province" if self.parent is None else "regency"

    @property
    def key(self) -> str:
        """Its place's key in the registry."""
        return f"reg:{self.country}:{self.register_code}" if self.register_code else f"iso:{self.code}"

    @property
    def admin_code(self) -> str:
        """The ISO 3166-2 code its place is filed under: its own, or its parent's for a
        unit ISO 3166-2 does not list (a kabupaten is filed under its province)."""
        return self.parent if self.register_code and self.parent else self.code

    @property
    def display(self) -> str:
        """Its name as places and regions are called by: display_name, or the English
        name region_names.csv.gz gives it when that is the name less its type words
        ("Fujian Sheng", "Guangxi Zhuangzu Zizhiqu", "Respublika Tatarstan" -> "Fujian",
        "Guangxi", "Tatarstan"); a name in another language stays ("Jawa Barat", "Bayern")."""
        return english_short_name(self.code, self.name) or display_name(self.name)

    def names_capital(self, form: str) -> bool:
        """Whether `form`, read from an ISO name written with brackets or type last, is its
        capital's name ("Barcelona" of "Barcelona [Barcelona]", "Stockholm" of "Stockholms
        län [SE-01]", "Bristol" of "Bristol, City of"): written alone, that name is the
        city's, in articles and lookups, as it was before ISO's writing was read. A name
        ISO writes plainly keeps its forms ("Jilin" of "Jilin Sheng")."""
        if self.capital is None or form == self.name or display_name(self.name) == self.name:
            return False
        return fold(form) in {fold(self.capital.name), *(fold(a) for a in self.capital.alternates)}

    @property
    def coords(self) -> tuple[float, float] | None:
        return (self.capital.lat, self.capital.lon) if self.capital else self.seat


# ISO 3166-2 writes some names type last ("Bashkortostan, Respublika", "Madrid,
# Comunidad de", "Bristol, City of") and others with a second spelling or a code in
# brackets ("Catalunya [Cataluña]", "Stockholms län [SE-01]").
_INVERTED = re.compile(
    r"^(?P<name>[^,]+), (?P<type>Respublika|R[ée]gion( de)?|Comunidad( Foral)?( de)?|Principado de|"
    r"City of|County|Hlavn[ií] m[eě]sto|The)$"
)
_BRACKETED = re.compile(r"^(?P<name>[^\[]+?)\s*\[(?P<other>[^\]]*)\]$")
_CODE = re.compile(r"\s*\b[A-Z]{2}-[A-Z0-9]{1,3}$")


def display_name(name: str) -> str:
    """The name as people write it: without brackets, type first ("Gotlands län [SE-09]"
    -> "Gotlands län", "Praha, Hlavní město" -> "Hlavní město Praha")."""
    bracketed = _BRACKETED.match(name)
    name = bracketed["name"] if bracketed else name
    inverted = _INVERTED.match(name)
    return f"{inverted['type']} {inverted['name']}" if inverted else name


@cache  # asked for the region of every town resolved
def english_short_name(code: str, name: str) -> str | None:
    """The English name of subdivision `code` when it is `name` without its type words
    (short_names' forms, not the parts of a name written two ways "A / B"), else None."""
    if "/" in name:
        return None
    forms = {fold(f) for f in short_names(name)} - {fold(display_name(name))}
    return next((row.english for row in region_crosswalk().get(code, []) if fold(row.english) in forms), None)


def short_names(name: str) -> list[str]:
    """The name, then the forms people write: without a bracketed second spelling or code
    and that spelling ("Catalunya [Cataluña]"), type-first ("Bashkortostan, Respublika" ->
    "Bashkortostan"), without its administrative affix ("Chungcheongnam-do" ->
    "Chungcheongnam", "Stockholms län" -> "Stockholm"), and its parts when it has two
    spellings ("Bruxelles/Brussel")."""
    names = [name]

    def add(form: str) -> None:
        form = form.strip(" ,")  # "Durham, County" less its type is "Durham"
        # a form that does not start with a capital is an adjective or a note, not a name
        # ("wallonne, Région", "Amānat al ‘Āşimah [city]")
        if form[:1].isupper() and form not in names:
            names.append(form)

    bracketed = _BRACKETED.match(name)
    if bracketed:
        add(bracketed["name"])
        add(_CODE.sub("", bracketed["other"]))
    for form in list(names):
        inverted = _INVERTED.match(form)
        if inverted:
            add(f"{inverted['type']} {inverted['name']}")
            add(inverted["name"])
    for form in list(names):
        add(_AFFIXES.sub("", form))
    for part in re.split(r"\s*/\s*", name):
        add(part)
    return names


def _capitals() -> dict[str, str]:
    text = resources.files("kembar.gazetteer").joinpath("data/province_capitals.csv").read_text("utf-8")
    return {row["code"]: row["capital"] for row in csv.DictReader(text.splitlines())}


def _largest_town(
    country: str, names: tuple[str, ...], top_level: bool, code: str
) -> tuple[float, float] | None:
    """The most populous town of the one GeoNames region (for a first-level subdivision:
    of that name, else of the admin1 code region_names.csv.gz gives it) or second-level
    division of that name: Hawaii at Honolulu, Vienne at Poitiers, Niedersachsen at Hanover."""
    if top_level:
        codes = regions_named(country, *names)
        if len(codes) != 1:
            codes = {row.admin1 for row in region_crosswalk().get(code, []) if row.admin1}
        if len(codes) == 1:
            town = largest_in_region().get((country, codes.pop()))
            return (town.lat, town.lon) if town else None
    found = divisions().named(country, *names)
    return found[0].seat if len(found) == 1 else None


@cache
def largest_in_region() -> dict[tuple[str, str], City]:
    """(country, GeoNames admin1 code) -> the region's most populous town."""
    out: dict[tuple[str, str], City] = {}
    for city in geonames().cities.values():
        key = (city.country, city.admin1)
        if city.admin1 and (key not in out or city.population > out[key].population):
            out[key] = city
    return out


def lies_elsewhere(city: City, code: str) -> bool:
    """True when GeoNames puts the city in another first-level subdivision than `code`."""
    return _lies_elsewhere(city, code, _top_level(_skipped()))


def _lies_elsewhere(city: City, code: str, top_level: dict[tuple[str, str], set[str]]) -> bool:
    """True when GeoNames puts the city in another first-level subdivision: its admin1
    code is that subdivision's ISO suffix (US "MI"), or its region bears that
    subdivision's name ("Michigan"), and not this one's."""
    other = f"{city.country}-{city.admin1}"
    lettered = city.admin1.isalpha()  # GeoNames numbers most countries' regions its own way
    if lettered and other != code and other in top_level.get((city.country, "code"), set()):
        return True
    region = region_names().get((city.country, city.admin1))
    if region is None:
        return False
    claimed = top_level.get((city.country, fold(region)), set())
    return bool(claimed) and code not in claimed


@cache
@gazetteer_table("subdivisions", dict)
def subdivisions() -> dict[str, Subdivision]:
    """The administrations ISO 3166-2 lists, by code, each with its capital or namesake
    city, or else the most populous town of its region as its seat."""
    index = geonames()
    capitals = _capitals()
    out: dict[str, Subdivision] = {}
    skipped = _skipped()
    top_level = _top_level(skipped)
    for sub in pycountry.subdivisions:
        if sub.type in SKIPPED_TYPES:
            continue
        # Indonesia's provinces sit under islands ("Kalimantan"): still first-level.
        parent = None if sub.parent_code in skipped else sub.parent_code
        country = sub.country_code
        names = tuple(short_names(sub.name))
        namesake = _namesake(index, sub, names, parent, top_level)
        capital = index.most_populous(country, capitals[sub.code]) if sub.code in capitals else None
        out[sub.code] = Subdivision(
            code=sub.code,
            name=sub.name,
            country=country,
            type=sub.type,
            parent=parent,
            names=names,
            capital=capital or namesake,
            merges_into_city=_merges_into(sub, namesake, capital),
            seat=None if capital or namesake else _largest_town(country, names, parent is None, sub.code),
        )
    return out


@cache
def _skipped() -> frozenset[str]:
    """The codes of the units pycountry lists that are no administrations."""
    return frozenset(sub.code for sub in pycountry.subdivisions if sub.type in SKIPPED_TYPES)


@cache
def _top_level(skipped: frozenset[str]) -> dict[tuple[str, str], set[str]]:
    """(country, folded name) -> codes of the first-level subdivisions of that name, and
    (country, "code") -> all of the country's first-level codes."""
    top_level: dict[tuple[str, str], set[str]] = defaultdict(set)
    for sub in pycountry.subdivisions:
        if sub.type not in SKIPPED_TYPES and (sub.parent_code is None or sub.parent_code in skipped):
            top_level[(sub.country_code, "code")].add(sub.code)
            for n in short_names(sub.name):
                top_level[(sub.country_code, fold(n))].add(sub.code)
    return top_level


def _namesake(
    index: GeoNamesIndex,
    sub: Any,
    names: tuple[str, ...],
    parent: str | None,
    top_level: dict[tuple[str, str], set[str]],
) -> City | None:
    """The most populous city of the country that bears one of the subdivision's names,
    when it is large enough and, for a first-level one, not in another subdivision."""
    country = sub.country_code
    namesake = next((c for n in names if (c := index.most_populous(country, n, primary_only=True))), None)
    if namesake is not None and namesake.population < NAMESAKE_MIN_POPULATION:
        return None  # a village called "Maine" is not the capital of Maine
    if (
        namesake is not None
        and parent is None
        and not CITY_TYPES.search(sub.type)  # a city with county rights lies in a county
        and _lies_elsewhere(namesake, sub.code, top_level)
    ):
        return None  # Wyoming (Michigan) is not in Wyoming, Ibaraki (Osaka) not in Ibaraki
    return namesake


def _merges_into(sub: Any, namesake: City | None, capital: City | None) -> City | None:
    """The city a city-like subdivision is: "Jakarta Raya" is Jakarta, named after its
    capital (or a namesake city)."""
    if not CITY_TYPES.search(sub.type):
        return None
    if namesake is not None:
        return namesake
    if capital is not None and fold(capital.name) in fold(sub.name):
        return capital
    return None


@dataclass(frozen=True)
class RegionName:
    """A subdivision's English and GeoNames names and GeoNames admin1 code
    (data/region_names.csv.gz, from the npm package iso3166-2-db; see REGISTERS.md)."""

    code: str
    admin1: str
    english: str
    geonames: str


@cache
def region_crosswalk() -> dict[str, list[RegionName]]:
    """ISO 3166-2 code -> its rows in region_names.csv.gz."""
    raw = resources.files("kembar.gazetteer").joinpath("data/region_names.csv.gz").read_bytes()
    out: dict[str, list[RegionName]] = defaultdict(list)
    for row in csv.DictReader(gzip.decompress(raw).decode("utf-8").splitlines()):
        out[row["code"]].append(RegionName(row["code"], row["admin1"], row["en"], row["geonames"]))
    return out


# A crosswalk row whose region GeoNames names otherwise (WRatio below this against every
# name of the subdivision) is stale; this many stale rows in one country mean GeoNames has
# renumbered its regions since (Vietnam's '01' was Ha Noi and is An Giang; Taiwan's were
# its four historical provinces), and none of that country's rows is used.
STALE_BELOW = 70
STALE_IN_COUNTRY = 3


@cache
@gazetteer_table("admin-codes", dict)
def admin_codes() -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> ISO 3166-2 code, learnt from the capitals of
    top-level subdivisions, then from the names GeoNames gives its regions; only
    mappings that no two subdivisions claim are kept. Regions left unmapped take the
    code region_names.csv.gz gives them (North Rhine-Westphalia, Catalonia, Bashkortostan
    had none before it), unless the row is stale (`_agrees`)."""
    learnt = _learnt_admin_codes()
    taken = set(learnt.values())
    out = dict(learnt)
    subs = subdivisions()
    rows = [
        (subs[code], row)
        for code, rows in region_crosswalk().items()
        if code in subs and subs[code].parent is None and code not in taken
        for row in rows
        if row.admin1
    ]
    stale = Counter(sub.country for sub, row in rows if not _agrees(sub, row))
    for sub, row in rows:
        key = (sub.country, row.admin1)
        if key not in out and stale[sub.country] < STALE_IN_COUNTRY and _agrees(sub, row):
            out[key] = sub.code
    return out


def _agrees(sub: Subdivision, row: RegionName) -> bool:
    """Whether the bundled GeoNames data names the row's admin1 region as the row does
    (any spelling of it: "Ar Riyad" is the "Riyadh Region"); true when it names none."""
    bundled = region_names().get((sub.country, row.admin1))
    if bundled is None:
        return True
    names = {fold(row.geonames), fold(row.english), *(fold(n) for n in sub.names)}
    return max(fuzz.WRatio(fold(bundled), n) for n in names if n) >= STALE_BELOW


def _learnt_admin_codes() -> dict[tuple[str, str], str]:
    by_name: dict[tuple[str, str], set[str]] = {}
    for sub in subdivisions().values():
        if sub.parent is None:
            codes = regions_named(sub.country, *sub.names)
            if len(codes) == 1:
                by_name.setdefault((sub.country, codes.pop()), set()).add(sub.code)
    claims: dict[tuple[str, str], set[str]] = {}
    for sub in subdivisions().values():
        if sub.parent is None and sub.capital is not None and sub.capital.admin1:
            key = (sub.country, sub.capital.admin1)
            region = region_names().get(key)
            if CITY_TYPES.search(sub.type) and region and fold(sub.capital.name) not in fold(region):
                continue  # Szeged, a city with county rights, lies in the county of Csongrád
            claims.setdefault(key, set()).add(sub.code)
    for key, codes in by_name.items():
        claims.setdefault(key, codes)
    return {key: codes.pop() for key, codes in claims.items() if len(codes) == 1}
