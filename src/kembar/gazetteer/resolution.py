"""What a mention resolves to (`Resolution`), made from each source the gazetteer reads:
a GeoNames city, an ISO 3166-2 subdivision, a curated place, a country, a national
register's unit, a GeoNames division, or nothing known (`unresolved`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from kembar.gazetteer.curated import ExtraPlace
from kembar.gazetteer.divisions import Division, region_names
from kembar.gazetteer.geo import haversine_km
from kembar.gazetteer.geonames import City
from kembar.gazetteer.indexes import Indexes, NameEntry
from kembar.gazetteer.mention_names import (
    PART_NUMBER,
    PROVINCE_WORDS,
    REGENCY_WORDS,
    split_part,
    unresolved_name_key,
)
from kembar.gazetteer.registers import Entry
from kembar.gazetteer.subdivisions import Subdivision
from kembar.text import fold


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


class Builder(Indexes):
    """The gazetteer's indexes, and the Resolutions made from what they hold."""

    def from_city(self, city: City, distance: float | None = None) -> Resolution:
        city = self.geo.cities.get(city.geonameid, city)  # as the index has it, its stray names left out
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

    def unresolved(self, name: str, country: str, lat: float | None, lon: float | None) -> Resolution:
        kind = (
            "province" if PROVINCE_WORDS.search(name) else "regency" if REGENCY_WORDS.search(name) else "city"
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
        bare = PART_NUMBER.sub("", name.strip())
        key = (country, fold(bare))
        return bool(
            self.geo.named(country, bare) or key in self._subs_by_name or key in self._subs_by_english
        )
