"""The gazetteer's sources and the lookup tables over them: GeoNames towns, ISO 3166-2
subdivisions and Indonesia's kabupaten and kota, countries, curated places and names,
and the subdivisions' English and Indonesian names."""

from __future__ import annotations

from collections import defaultdict

from kembar.gazetteer.countries import countries
from kembar.gazetteer.curated import ExtraPlace, aliases, extra_places
from kembar.gazetteer.exonyms import english_names, indonesian_names
from kembar.gazetteer.geonames import GeoNamesIndex, geonames
from kembar.gazetteer.regencies import regencies
from kembar.gazetteer.region_alternates import stray_region_names
from kembar.gazetteer.subdivisions import (
    Subdivision,
    admin_codes,
    largest_in_region,
    lies_elsewhere,
    subdivisions,
)
from kembar.text import fold

NameEntry = tuple[str, str, str | None]  # (name, kind, language)


class Indexes:
    """The sources, read once, and the tables a lookup reads them by."""

    def __init__(self, index: GeoNamesIndex | None = None) -> None:
        # ISO 3166-2's subdivisions and, below Indonesia's provinces, its kabupaten and kota
        self.subs = {**subdivisions(), **regencies()}
        self.geo = index or geonames()
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
        self._index_aliases()
        self._english_names = english_names(self.subs, self.admin, self.geo)
        self._indonesian_names = indonesian_names(self.subs)
        # Towns without the regions' names GeoNames files among theirs astray ("Missouri"
        # for Bozeman): region_alternates.py
        strays = stray_region_names(
            self.geo, self.subs.values(), largest_in_region(), lies_elsewhere, self._english_names
        )
        self.geo = self.geo.without(strays)
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

    def _index_aliases(self) -> None:
        """The curated aliases by name, and the curated names each place goes by."""
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
