"""ISO 3166-2 subdivisions (provinces, states, prefectures, regencies) from pycountry.

pycountry carries names and codes but no coordinates: a subdivision takes those of
its capital (from data/province_capitals.csv) or of a namesake city in its country,
and stays without coordinates otherwise.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

from kembar.gazetteer.geonames import City, geonames
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
    r"(-teukbyeolsi|-gwangyeoksi|-teukbyeoljachido|-teukbyeoljachisi|-do| Sheng| Shi| Zizhiqu| SAR"
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

    @property
    def kind(self) -> str:
        return "province" if self.parent is None else "regency"

    @property
    def coords(self) -> tuple[float, float] | None:
        return (self.capital.lat, self.capital.lon) if self.capital else None


def short_names(name: str) -> list[str]:
    """The name, then the name without its administrative affix ("Chungcheongnam-do" ->
    "Chungcheongnam"), then its parts when it has two spellings ("Bruxelles/Brussel")."""
    names = [name]
    stripped = _AFFIXES.sub("", name).strip()
    if stripped and stripped != name:
        names.append(stripped)
    for part in re.split(r"\s*/\s*", name):
        if part and part not in names:
            names.append(part)
    return names


def _capitals() -> dict[str, str]:
    text = resources.files("kembar.gazetteer").joinpath("data/province_capitals.csv").read_text("utf-8")
    return {row["code"]: row["capital"] for row in csv.DictReader(text.splitlines())}


@cache
def subdivisions() -> dict[str, Subdivision]:
    index = geonames()
    capitals = _capitals()
    out: dict[str, Subdivision] = {}
    skipped = {sub.code for sub in pycountry.subdivisions if sub.type in SKIPPED_TYPES}
    for sub in pycountry.subdivisions:
        if sub.type in SKIPPED_TYPES:
            continue
        # Indonesia's provinces sit under islands ("Kalimantan"): still first-level.
        parent = None if sub.parent_code in skipped else sub.parent_code
        country = sub.country_code
        names = tuple(short_names(sub.name))
        namesake = next((c for n in names if (c := index.most_populous(country, n, primary_only=True))), None)
        if namesake is not None and namesake.population < NAMESAKE_MIN_POPULATION:
            namesake = None  # a village called "Maine" is not the capital of Maine
        capital = index.most_populous(country, capitals[sub.code]) if sub.code in capitals else None
        merges = None
        if CITY_TYPES.search(sub.type):
            # "Jakarta Raya" is Jakarta: a city-like subdivision named after its capital.
            if namesake is not None:
                merges = namesake
            elif capital is not None and fold(capital.name) in fold(sub.name):
                merges = capital
        out[sub.code] = Subdivision(
            code=sub.code,
            name=sub.name,
            country=country,
            type=sub.type,
            parent=parent,
            names=names,
            capital=capital or namesake,
            merges_into_city=merges,
        )
    return out


@cache
def admin_codes() -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> ISO 3166-2 code, learnt from the capitals of
    top-level subdivisions; only mappings that no two subdivisions claim are kept."""
    claims: dict[tuple[str, str], set[str]] = {}
    for sub in subdivisions().values():
        if sub.parent is None and sub.capital is not None and sub.capital.admin1:
            claims.setdefault((sub.country, sub.capital.admin1), set()).add(sub.code)
    return {key: codes.pop() for key, codes in claims.items() if len(codes) == 1}
