"""Resolve a place mention (name, country, optional coordinates) to a real place.

Order of trust: curated places, GeoNames cities, ISO 3166-2 subdivisions, then
countries; among same-named candidates the one nearest the given coordinates wins,
and a candidate too far from them is refused (the name then probably belongs to a
smaller place GeoNames does not list). What cannot be resolved keeps the mention's
own coordinates and is flagged `unresolved`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from rapidfuzz import fuzz

from kembar.gazetteer.countries import TERRITORIES, CountryMatch, countries, country_by_name
from kembar.gazetteer.curated import ExtraPlace, aliases, extra_places
from kembar.gazetteer.divisions import Division, division_keys, divisions, region_names
from kembar.gazetteer.exonyms import english_names, indonesian_names
from kembar.gazetteer.geo import haversine_km
from kembar.gazetteer.geonames import City, GeoNamesIndex, geonames
from kembar.gazetteer.regencies import regencies
from kembar.gazetteer.registers import Entry, registers
from kembar.gazetteer.subdivisions import (
    Subdivision,
    admin_codes,
    subdivisions,
)
from kembar.name_forms import bare_forms
from kembar.text import fold

# A same-named city this far from the given coordinates is accepted outright ...
NEAR_KM = 30.0
# ... and up to this far when it is the only city of that name in the country.
UNIQUE_KM = 100.0
# Two GeoNames entries of one name this close, one counting nobody, are one town.
SAME_TOWN_KM = 10.0
# A differently spelt city is accepted only this close, and only when spelt alike; a
# spelling that is merely alike ("Thurmaston" / "Thurcaston") only within CLOSE_KM.
FUZZY_KM = 20.0
FUZZY_MIN = 86.0
FUZZY_SAME = 95.0
CLOSE_KM = 3.0
# A part of a city of LARGER_POPULATION or more lies within LARGER_KM of it (Chongqing's
# districts reach 230 km from its centre).
LARGER_POPULATION = 100_000
LARGER_KM = 250.0
# A part of a town found by its name alone, away from the file's point, lies this close
# to a town of the larger place's name.
PART_KM = 60.0
# One name containing the other ("Rottenburg am Neckar" / "Rottenburg") only this close.
CONTAINS_KM = 5.0

# Words that make a place of its own: "North Augusta" is not Augusta, "Lower Hutt" not Hutt.
_SIDE_WORDS = frozenset(
    {"north", "south", "east", "west", "upper", "lower", "nord", "sud", "ost"}
    | {f"{side}{ending}" for side in ("istocn", "zapadn", "sjevern", "juzn") for ending in "oai"}
)
_PAREN = re.compile(r"^(?P<base>.*?)\s*\((?P<hint>[^)]*)\)\s*$")
# The dash between a city and its part: "Seoul – Gwanak".
_DASH = re.compile(r"\s+[–—-]\s+")
# The number of a city's part after the city: "Budapest XI", "Vienna 23".
_PART_NUMBER = re.compile(r"\s+([ivxlc]+|\d+)$", re.I)
_TYPE_WORDS = re.compile(
    r"^(?:city of |town of |municipality of |the )"
    r"|(?: city| town| district| county| municipality| region| province| prefecture| oblast| raion"
    r"| rayon| island| municipal district| urban district| borough| regency)$",
    re.I,
)
_PROVINCE_WORDS = re.compile(r"\b(province|region|oblast|prefecture|state|provinsi|do)\b$", re.I)
_REGENCY_WORDS = re.compile(r"\b(district|county|municipality|raion|rayon|regency|kabupaten)\b", re.I)


NameEntry = tuple[str, str, str | None]  # (name, kind, language)


@dataclass
class Resolution:
    """What a mention resolved to; `key` identifies the place across mentions."""

    key: str
    name: str
    kind: str
    country: str
    method: str  # curated | geonames | iso3166 | country | unresolved
    lat: float | None = None
    lon: float | None = None
    coord_source: str | None = None
    population: int | None = None
    geonameid: int | None = None
    admin_code: str | None = None
    admin_name: str | None = None
    names: list[NameEntry] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    distance_km: float | None = None

    @property
    def resolved(self) -> bool:
        return self.method != "unresolved"


def name_variants(name: str) -> Iterator[str]:
    """The forms of a dataset name worth looking up, most literal first."""
    seen: set[str] = set()

    def fresh(v: str) -> bool:
        key = fold(v)
        if key and key not in seen:
            seen.add(key)
            return True
        return False

    base = name.strip()
    if fresh(base):
        yield base
    m = _PAREN.match(base)
    if m:
        base = m.group("base")
        if fresh(base):
            yield base
    head = base.split(",")[0].strip()
    if fresh(head):
        yield head
    # "Seoul – Gwanak": the part after the dash is the place, the part before its city.
    dashed = _DASH.split(head)
    if len(dashed) > 1:
        head = dashed[-1]
        if fresh(head):
            yield head
    for part in re.split(r"\s*/\s*", head):
        if fresh(part):
            yield part
    stripped = _TYPE_WORDS.sub("", head).strip()
    stripped = _TYPE_WORDS.sub("", stripped).strip()
    if stripped and fresh(stripped):
        yield stripped


def split_part(name: str) -> tuple[str, str] | None:
    """(part, larger place) of a mention written as a part of a larger place, "Liesing
    (Vienna)" or "Vienna 23 – Liesing"; None for any other mention."""
    base = name.strip()
    m = _PAREN.match(base)
    if m and m.group("base"):
        return m.group("base").strip(), m.group("hint").strip()
    dashed = _DASH.split(base)
    if len(dashed) == 2 and all(dashed):
        return dashed[1].strip(), dashed[0].strip()
    return None


def unresolved_name_key(name: str) -> str:
    """The folded key of a name no gazetteer knows, the same for the two ways the dataset
    writes a part of a larger place: "Liesing (Vienna)" and "Vienna 23 – Liesing" are
    both "liesing @ vienna", "Prague 15 (Prague)" is "prague 15" like "Prague 15"."""
    split = split_part(name)
    if split is None:
        return fold(name)
    part, larger = fold(split[0]), _PART_NUMBER.sub("", fold(split[1]))
    if not part or not larger:
        return fold(name)
    if part == larger or part.startswith(larger + " "):
        return part
    return f"{part} @ {larger}"


def _numbers(folded: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", folded)}


def _side(folded: str) -> str:
    """The side word a folded name starts with ("north augusta"), or ""."""
    first = folded.split(" ", 1)[0]
    return first if first in _SIDE_WORDS else ""


def _words_added(mention: str, town: str) -> bool:
    """The town's whole name is a run of whole words of the (longer) mention."""
    return len(town) >= 4 and len(mention) > len(town) and f" {town} " in f" {mention} "


def _leveled(subs: list[Subdivision], mention: str) -> list[Subdivision]:
    """The subdivisions at the level the mention's words name, when some are: "Gorontalo
    Province" is the province, "Gorontalo Regency" the kabupaten."""
    if _PROVINCE_WORDS.search(mention):
        wanted = [s for s in subs if s.parent is None]
    elif _REGENCY_WORDS.search(mention):
        wanted = [s for s in subs if s.parent is not None]
    else:
        wanted = []
    return wanted or subs


def _peopled(best: City, others: list[City]) -> City:
    """The town itself rather than GeoNames' second entry for it, which counts nobody (a
    town hall or seat filed apart: Fuzhou 8309983 beside Fuzhou 1810821 of 3.7 million,
    2.3 km off): the nearest entry of the same name with people within SAME_TOWN_KM."""
    if best.population > 0:
        return best
    key = fold(best.name)
    return next(
        (
            c
            for c in others
            if c.population > 0
            and fold(c.name) == key
            and haversine_km(best.lat, best.lon, c.lat, c.lon) <= SAME_TOWN_KM
        ),
        best,
    )


def parent_names(name: str) -> set[str]:
    """Folded names of the larger place a mention names beside itself: "Zemun (Belgrade)",
    "Berlin – Neukölln", "Budapest I – Budavár" (a district is not its city)."""
    out = set()
    m = _PAREN.match(name.strip())
    if m:
        out.add(fold(m.group("hint")))
    dashed = _DASH.split(name.strip())
    if len(dashed) > 1:
        first = fold(dashed[0])
        out.add(first)
        out.add(_PART_NUMBER.sub("", first))
    return {p for p in out if p}


class Gazetteer:
    def __init__(self, index: GeoNamesIndex | None = None) -> None:
        self.geo = index or geonames()
        # ISO 3166-2's subdivisions and, below Indonesia's provinces, its kabupaten and kota
        self.subs = {**subdivisions(), **regencies()}
        self._subs_by_key = {sub.key: sub for sub in self.subs.values()}
        self.countries = countries()
        self.admin = admin_codes()
        self._subs_by_name: dict[tuple[str, str], list[Subdivision]] = defaultdict(list)
        for sub in self.subs.values():
            for n in sub.names:
                self._subs_by_name[(sub.country, fold(n))].append(sub)
        self._extras_by_name: dict[tuple[str, str], ExtraPlace] = {}
        for extra in extra_places().values():
            for n in (extra.name, *extra.aliases):
                self._extras_by_name[(extra.country, fold(n))] = extra
        self._alias_targets: dict[tuple[str, str], str] = {}
        # The curated names a place goes by, kept among its names so that lookups find it.
        self._curated_names: dict[str | int, list[NameEntry]] = defaultdict(list)
        for alias in aliases():
            country = alias.target.split(":")[0].split("-")[0]
            self._alias_targets[(country, fold(alias.alias))] = alias.target
            target: str | int = alias.target
            if ":" in alias.target:
                city = self.geo.most_populous(country, alias.target.split(":", 1)[1])
                if city is None:
                    continue
                target = city.geonameid
            self._curated_names[target].append((alias.alias, alias.kind, alias.lang or None))
        self._english_names = english_names(self.subs, self.admin, self.geo)
        self._indonesian_names = indonesian_names(self.subs)
        # Looked up after towns: "Al Fayyum" is the city before the governorate.
        self._subs_by_english: dict[tuple[str, str], list[Subdivision]] = defaultdict(list)
        for code, names in self._english_names.items():
            sub = self.subs[code]
            for n in names:
                self._subs_by_english[(sub.country, fold(n))].append(sub)
        self._merged_cities = {
            s.merges_into_city.geonameid: s for s in self.subs.values() if s.merges_into_city
        }

    def exonyms_of(self, code: str) -> list[tuple[str, str]]:
        """The names of subdivision `code` in English and Indonesian (exonyms.py), with
        their language: ("Bavaria", "en"), ("Australia Barat", "id")."""
        return [(n, "en") for n in self._english_names.get(code, [])] + [
            (n, "id") for n in self._indonesian_names.get(code, [])
        ]

    # --- building Resolutions -------------------------------------------------
    def from_city(self, city: City, distance: float | None = None) -> Resolution:
        admin = self.admin.get((city.country, city.admin1))
        merged = self._merged_cities.get(city.geonameid)
        if merged is not None:
            admin = merged.admin_code
        res = Resolution(
            key=f"gn:{city.geonameid}",
            name=city.name,
            kind="city",
            country=city.country,
            method="geonames",
            lat=city.lat,
            lon=city.lon,
            coord_source="geonames",
            population=city.population or None,
            geonameid=city.geonameid,
            admin_code=admin,
            admin_name=self.subs[admin].display if admin in self.subs else self._region(city),
            distance_km=distance,
        )
        res.names = [(city.name, "official", None), *((a, "alternate", None) for a in city.alternates)]
        if merged is not None:
            res.names += [(n, "official", None) for n in merged.names]
            res.names += self._curated_names.get(merged.code, [])
        res.names += self._curated_names.get(city.geonameid, [])
        country = self.countries.get(city.country)
        if country and fold(country.capital) == fold(city.name):
            res.tags.add("capital")
        return res

    @staticmethod
    def _region(city: City) -> str | None:
        """The GeoNames name of the city's first-level region, when ISO 3166-2 gives none."""
        return region_names().get((city.country, city.admin1)) if city.admin1 else None

    def from_subdivision(self, sub: Subdivision) -> Resolution:
        if sub.merges_into_city is not None:
            return self.from_city(sub.merges_into_city)
        coords = sub.coords
        admin = self.subs.get(sub.admin_code, sub)
        return Resolution(
            key=sub.key,
            name=sub.display,
            kind=sub.kind,
            country=sub.country,
            method="register" if sub.register_code else "iso3166",
            lat=coords[0] if coords else None,
            lon=coords[1] if coords else None,
            coord_source=sub.seat_source
            or ("capital" if sub.capital else "largest_town" if coords else None),
            admin_code=admin.code,
            admin_name=admin.display,
            names=[(n, "official", None) for n in sub.names if not sub.names_capital(n)]
            + self._curated_names.get(sub.code, [])
            + [(n, "exonym", lang) for n, lang in self.exonyms_of(sub.code)],
        )

    def from_key(self, key: str) -> Resolution | None:
        """What the gazetteer knows of the subdivision or register unit of that place key
        ("iso:ID-JB", "reg:ID:32.04"), or None."""
        sub = self._subs_by_key.get(key)
        return self.from_subdivision(sub) if sub is not None else None

    def from_extra(self, extra: ExtraPlace) -> Resolution:
        return Resolution(
            key=f"x:{extra.key}",
            name=extra.name,
            kind=extra.kind,
            country=extra.country,
            method="curated",
            lat=extra.lat,
            lon=extra.lon,
            coord_source="curated" if extra.lat is not None else None,
            population=extra.population,
            admin_code=extra.admin_code,
            admin_name=self.subs[extra.admin_code].display if extra.admin_code in self.subs else None,
            names=[(extra.name, "official", None), *((a, "alternate", None) for a in extra.aliases)],
            tags=set(extra.tags),
        )

    def from_country(self, code: str) -> Resolution:
        country = self.countries[code]
        capital = self.geo.most_populous(code, country.capital) if country.capital else None
        return Resolution(
            key=f"country:{code}",
            name=country.name,
            kind="country",
            country=code,
            method="country",
            lat=capital.lat if capital else None,
            lon=capital.lon if capital else None,
            coord_source="capital" if capital else None,
            population=country.population or None,
            names=[
                (country.name, "official", "en"),
                (country.name_id, "exonym", "id"),
                (country.name_ms, "exonym", "ms"),
            ]
            + [(a, "alternate", None) for a in country.aliases],
        )

    def _names_region(self, target: str) -> bool:
        """Whether a curated alias's target is a subdivision that is not a city itself."""
        sub = self.subs.get(target)
        return sub is not None and sub.merges_into_city is None

    def from_alias_target(self, target: str) -> Resolution | None:
        if ":" in target:
            country, name = target.split(":", 1)
            city = self.geo.most_populous(country, name)
            return self.from_city(city) if city else None
        sub = self.subs.get(target)
        return self.from_subdivision(sub) if sub else None

    # --- looking up -----------------------------------------------------------
    def _best_city(
        self,
        cities: list[City],
        name: str,
        lat: float | None,
        lon: float | None,
        parents: frozenset[str] | set[str] = frozenset(),
    ) -> Resolution | None:
        """The city of that name the point means: one near it, or a namesake farther off
        that is the only one around. For a part of a larger place, that namesake must lie
        within PART_KM of a town of the larger place's name: "Suginami (Tokyo)" is not
        the Suginami 78 km from Tokyo."""
        # "Gulou (Fuzhou)" is a part of Fuzhou, not GeoNames' entry "Fuzhou" that also bears
        # the name Gulou
        key = fold(name)
        cities = [c for c in cities if fold(c.name) not in parents or fold(c.name) == key]
        if not cities:
            return None
        if lat is None or lon is None:
            primary = [c for c in cities if fold(c.name) == key] or cities
            return self.from_city(max(primary, key=lambda c: c.population))

        def rank(c: City) -> tuple[float, int]:
            d = haversine_km(lat, lon, c.lat, c.lon)
            return (d if fold(c.name) == key else d + 5.0, -c.population)

        ordered = sorted(cities, key=rank)
        best = _peopled(ordered[0], ordered[1:])
        d = haversine_km(lat, lon, best.lat, best.lon)
        if d <= NEAR_KM:
            return self.from_city(best, d)
        if parents and not self._near_any(best, parents, best.country, PART_KM):
            return None
        if len(cities) == 1 and d <= UNIQUE_KM:
            return self.from_city(best, d)
        if d <= UNIQUE_KM:
            second = haversine_km(lat, lon, ordered[1].lat, ordered[1].lon)
            if second >= 3 * d:
                return self.from_city(best, d)
        if not self.geo.coords_in_country(lat, lon, best.country):
            # The coordinates lie abroad (a geocoder picked a namesake): trust the name
            # when one city clearly owns it.
            return self._best_city(cities, name, None, None) if self._clear_owner(cities, name) else None
        return None

    @staticmethod
    def _clear_owner(cities: list[City], name: str) -> bool:
        key = fold(name)
        primary = sorted((c for c in cities if fold(c.name) == key), key=lambda c: -c.population)
        if len(primary) == 1:
            return True
        return len(primary) > 1 and primary[0].population >= 3 * max(primary[1].population, 1)

    def _fuzzy_near(
        self, name: str, country: str, lat: float, lon: float, parents: set[str], unit: bool = False
    ) -> Resolution | None:
        """A town near the point spelt alike, or whose name the mention extends with words
        of its own (not when the mention names a county or district: "Moshi Rural District"
        is not Moshi)."""
        key = fold(name)
        numbers, side = _numbers(key), _side(key)
        best: tuple[float, float, City] | None = None
        for city in self.geo.near(lat, lon, FUZZY_KM, country):
            d = haversine_km(lat, lon, city.lat, city.lon)
            every = [fold(n) for n in (city.name, *city.alternates[:30])]
            if parents.intersection(every):
                continue  # "Khan Uul (Ulaanbaatar)" is a part of the city, not the city
            # A number or a side tells places apart: "Prague 1" is not Prague, "Lyon 3e"
            # is "Lyon 03", "North Augusta" is not Augusta.
            names = [n for n in every if _numbers(n) == numbers and _side(n) == side]
            if not names:
                continue
            score = max(fuzz.ratio(key, n) for n in names)
            if score < FUZZY_SAME and d > CLOSE_KM:
                score = 0.0
            # The list's name adds words to the town's: "Ciutadella de Menorca" is Ciutadella,
            # but "Hope" is not Fort Good Hope.
            if (
                score < FUZZY_MIN
                and not unit
                and d <= CONTAINS_KM
                and any(_words_added(key, n) for n in names)
            ):
                score = FUZZY_MIN
            if score >= FUZZY_MIN and (best is None or (score, -d) > (best[0], -best[1])):
                best = (score, d, city)
        return self.from_city(best[2], best[1]) if best else None

    def resolve(
        self,
        name: str,
        country: CountryMatch | str | None,
        lat: float | None = None,
        lon: float | None = None,
    ) -> Resolution | None:
        """The place `name` in `country`, or None when the name names nothing at all.

        Returns an `unresolved` Resolution (with the given coordinates) when the
        mention is a real-looking place that no gazetteer lists.
        """
        match = CountryMatch(country) if isinstance(country, str) else country
        if match is None:
            hit = country_by_name(name)
            return self.from_country(hit[0]) if hit else None
        cc = match.code
        if cc not in self.countries:
            return None
        res = self._resolve(name, cc, lat, lon)
        if res.resolved and res.method != "country" and not self._inside_larger(name, cc, res):
            return self.unresolved(name, cc, lat, lon)
        return res

    def _inside_larger(self, name: str, cc: str, res: Resolution) -> bool:
        """False when the mention names a larger place, a city of 100,000 or more, and
        the place found lies far from every city of that name: "Mitte (Hamburg)" is not
        Berlin's Mitte, "Hangzhou – Fuyang" not Fuyang in Anhui."""
        if res.lat is None or res.lon is None:
            return True
        return self._near_any(res, parent_names(name), cc, LARGER_KM, LARGER_POPULATION)

    def _near_any(
        self,
        place: City | Resolution,
        names: set[str] | frozenset[str],
        cc: str,
        km: float,
        population: int = 0,
    ) -> bool:
        """False when some name is a town (of `population` or more) of the country and
        the place lies farther than `km` from every town of that name."""
        assert place.lat is not None and place.lon is not None
        for name in names:
            towns = [c for c in self.geo.named(cc, name) if c.population >= population]
            if towns and min(haversine_km(place.lat, place.lon, c.lat, c.lon) for c in towns) > km:
                return False
        return True

    def _resolve(self, name: str, cc: str, lat: float | None, lon: float | None) -> Resolution:
        parents = parent_names(name)
        wants_admin = bool(_PROVINCE_WORDS.search(name) or _REGENCY_WORDS.search(name))
        # "Malacca City" is the city, though the curated "Malacca" names the state
        wants_city = any(kind == "city" for _, kind in bare_forms(fold(name)))
        if wants_admin and lat is not None and lon is not None:  # "Göttingen (district)"
            entry = self._registered(name, cc, lat, lon, district=True)
            if entry is not None:
                return entry
        for variant in name_variants(name):
            key = (cc, fold(variant))
            if key in self._extras_by_name:
                return self.from_extra(self._extras_by_name[key])
            if key in self._alias_targets and not (
                wants_city and self._names_region(self._alias_targets[key])
            ):
                aliased = self.from_alias_target(self._alias_targets[key])
                if aliased is not None:
                    return aliased
            subs = self._subs_by_name.get(key, [])
            if wants_admin and not subs:  # "Bavaria State"
                subs = self._subs_by_english.get(key, [])
            if wants_admin and subs:
                return self.from_subdivision(self._closest_sub(_leveled(subs, name), lat, lon))
            found = self._best_city(self.geo.named(cc, variant), variant, lat, lon, parents)
            if found is not None:
                return found
            if subs:
                return self.from_subdivision(self._closest_sub(subs, lat, lon))
        if lat is not None and lon is not None:
            found = self._in_territory(name, cc, lat, lon)
            if found is not None:
                return found
            division = self._division(name, cc, lat, lon)
            if division is not None:
                return division
            entry = self._registered(name, cc, lat, lon)
            if entry is not None:
                return entry
            for variant in name_variants(name):
                if fold(variant) in parents:
                    continue
                if "(" in variant:  # "Rogoźnik (Gmina Nowy Targ)" is not Nowy Targ
                    continue
                found = self._fuzzy_near(variant, cc, lat, lon, parents, wants_admin)
                if found is not None:
                    return found
        for variant in name_variants(name):  # "Bavaria", "Åland": no town bears the English name
            english = self._subs_by_english.get((cc, fold(variant)), [])
            if english:
                return self.from_subdivision(self._closest_sub(english, lat, lon))
        if wants_admin:  # "Guangxi Zhuang Autonomous Region": the region's name less its type
            for form, kind in bare_forms(fold(name)):
                subs = self._subs_by_name.get((cc, form)) or self._subs_by_english.get((cc, form), [])
                if kind == "province" and subs:
                    return self.from_subdivision(self._closest_sub(_leveled(subs, name), lat, lon))
        if fold(name) in {fold(n) for n in self.countries[cc].aliases}:
            return self.from_country(cc)
        return self.unresolved(name, cc, lat, lon)

    def _in_territory(self, name: str, cc: str, lat: float, lon: float) -> Resolution | None:
        """A town of that name at the point in a territory the list files under the
        country: "Mariehamn, Finland" is Mariehamn, Åland."""
        for territory in TERRITORIES.get(cc, ()):
            for variant in name_variants(name):
                near = [(haversine_km(lat, lon, t.lat, t.lon), t) for t in self.geo.named(territory, variant)]
                d, town = min(near, key=lambda dt: dt[0], default=(NEAR_KM + 1, None))
                if town is not None and d <= NEAR_KM:
                    return self.from_city(town, d)
        return None

    def _division(self, name: str, cc: str, lat: float, lon: float) -> Resolution | None:
        """The county, municipality or district of that name with a town near the point."""
        parents = parent_names(name)
        for variant in name_variants(name):
            key = fold(variant)
            # "Mackinac Island" is not Mackinac (County).
            if key in parents or fold(name) == f"{key} island":
                continue
            explicit = len(division_keys(variant)) > 1  # "County Laois", "Nordfyns Kommune"
            if not explicit and self.geo.named(cc, variant):
                continue  # a town of that name elsewhere is likelier meant ("Douglas", Arizona)
            division = divisions().near(cc, variant, lat, lon)
            if division is not None:
                return self.from_division(division, name, lat, lon)
        return None

    def _registered(
        self, name: str, cc: str, lat: float, lon: float, district: bool = False
    ) -> Resolution | None:
        """The commune or district of a national register (registers.py) that the mention
        names and its point lies in."""
        register = registers().get(cc)
        if register is None:
            return None
        parents = parent_names(name)
        for variant in name_variants(name):
            if fold(variant) in parents:
                continue
            if not district and self.geo.named(cc, variant):
                continue  # a GeoNames town of that name is likelier meant
            entry = register.find(variant, lat, lon, district=district)
            if entry is not None:
                return self.from_register(entry, register.place_kind, name, lat, lon)
        return None

    def from_register(self, entry: Entry, kind: str, mention: str, lat: float, lon: float) -> Resolution:
        town = self._nearest_town(lat, lon, entry.country)
        admin = None
        if entry.iso:  # Haut-Rhin -> Alsace -> Grand Est
            admin = entry.iso
            while admin in self.subs and self.subs[admin].parent:
                admin = self.subs[admin].parent
            admin = admin if admin in self.subs else None
        elif entry.region:
            admin = self._first_level(entry.country, entry.region)
        if admin is None:  # the region of the nearest town, which may lie across a border
            admin = self.admin.get((town.country, town.admin1)) if town else None
        return Resolution(
            key=f"reg:{entry.country}:{entry.code}",
            name=entry.name,
            kind=kind,
            country=entry.country,
            method="register",
            lat=lat,
            lon=lon,
            coord_source="dataset",
            population=entry.population,
            admin_code=admin,
            admin_name=self.subs[admin].display
            if admin in self.subs
            else self._region(town)
            if town
            else None,
            names=[
                (entry.name, "official", None),
                *((alt, "alternate", lang) for alt, lang in entry.alternates if fold(alt) != fold(mention)),
                (mention.strip(), "dataset", None),
            ],
        )

    def _first_level(self, country: str, name: str) -> str | None:
        """The ISO 3166-2 code of the country's first-level subdivision of that name,
        spaces and hyphens aside ("gyeonggido" is Gyeonggi-do)."""
        key = fold(name).replace(" ", "")
        return next(
            (
                code
                for code, sub in self.subs.items()
                if sub.country == country and sub.parent is None and fold(sub.name).replace(" ", "") == key
            ),
            None,
        )

    def _nearest_town(self, lat: float, lon: float, country: str) -> City | None:
        return min(
            self.geo.near(lat, lon, 50.0, country),
            key=lambda c: haversine_km(lat, lon, c.lat, c.lon),
            default=None,
        )

    def from_division(self, division: Division, mention: str, lat: float, lon: float) -> Resolution:
        town = self._nearest_town(lat, lon, division.country)
        admin = self.admin.get((town.country, town.admin1)) if town else None
        return Resolution(
            key=f"adm2:{division.country}:{fold(division.region)}:{fold(division.name)}",
            name=division.name,
            kind="regency",
            country=division.country,
            method="geonames_admin",
            lat=lat,
            lon=lon,
            coord_source="dataset",
            admin_code=admin,
            admin_name=self.subs[admin].display if admin in self.subs else division.region or None,
            names=[(division.name, "official", None), (mention.strip(), "dataset", None)],
        )

    @staticmethod
    def _closest_sub(subs: list[Subdivision], lat: float | None, lon: float | None) -> Subdivision:
        if lat is None or lon is None or len(subs) == 1:
            return min(subs, key=lambda s: s.parent is not None)

        def dist(s: Subdivision) -> float:
            c = s.coords
            return haversine_km(lat, lon, c[0], c[1]) if c else 1e9

        return min(subs, key=dist)

    def unresolved(self, name: str, country: str, lat: float | None, lon: float | None) -> Resolution:
        kind = (
            "province"
            if _PROVINCE_WORDS.search(name)
            else "regency"
            if _REGENCY_WORDS.search(name)
            else "city"
        )
        names: list[NameEntry] = [(name.strip(), "dataset", None)]
        split = split_part(name)
        if split is not None and self._is_place(split[1], country):
            # "Budavár (Budapest)" is found as "Budavár" too
            names.append((split[0], "alternate", None))
        return Resolution(
            key=f"raw:{country}:{unresolved_name_key(name)}",
            name=name.strip(),
            kind=kind,
            country=country,
            method="unresolved",
            lat=lat,
            lon=lon,
            coord_source="dataset" if lat is not None else None,
            names=names,
        )

    def _is_place(self, name: str, country: str) -> bool:
        """A town or subdivision of the country bears the name ("Budapest", "Vienna 23"
        as Vienna), unlike "rural gmina" or "microregion"."""
        bare = _PART_NUMBER.sub("", name.strip())
        key = (country, fold(bare))
        return bool(
            self.geo.named(country, bare) or key in self._subs_by_name or key in self._subs_by_english
        )


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()
