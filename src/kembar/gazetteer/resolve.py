"""Resolve a place mention (name, country, optional coordinates) to a real place.

Order of trust: curated places, GeoNames cities, ISO 3166-2 subdivisions, then
countries; among same-named candidates the one nearest the given coordinates wins,
and a candidate too far from them is refused (the name then probably belongs to a
smaller place GeoNames does not list). What cannot be resolved keeps the mention's
own coordinates and is flagged `unresolved`.
"""

from __future__ import annotations

from functools import cache

from kembar.gazetteer.countries import CountryMatch, country_by_name
from kembar.gazetteer.geo import haversine_km
from kembar.gazetteer.mention_names import (
    PROVINCE_WORDS,
    REGENCY_WORDS,
    leveled,
    name_variants,
    parent_names,
    split_part,
    unresolved_name_key,
)
from kembar.gazetteer.points import PointLookup
from kembar.gazetteer.resolution import NameEntry, Resolution
from kembar.gazetteer.subdivisions import Subdivision
from kembar.gazetteer.towns import LARGER_KM, LARGER_POPULATION
from kembar.name_forms import bare_forms
from kembar.text import fold

__all__ = [
    "Gazetteer",
    "NameEntry",
    "Resolution",
    "gazetteer",
    "name_variants",
    "parent_names",
    "split_part",
    "unresolved_name_key",
]


class Gazetteer(PointLookup):
    """Resolves mentions; one per process (`gazetteer()`), as building it reads every source."""

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

    def _resolve(self, name: str, cc: str, lat: float | None, lon: float | None) -> Resolution:
        """The place the mention names: by its name, then at its point, then by a region's
        name; else the country it names, or an unresolved place."""
        wants_admin = bool(PROVINCE_WORDS.search(name) or REGENCY_WORDS.search(name))
        if wants_admin and lat is not None and lon is not None:  # "Göttingen (district)"
            entry = self._registered(name, cc, lat, lon, district=True)
            if entry is not None:
                return entry
        found = self._by_name(name, cc, lat, lon, wants_admin)
        if found is None and lat is not None and lon is not None:
            found = self._at_point(name, cc, lat, lon, wants_admin)
        if found is None:
            found = self._by_region_name(name, cc, lat, lon, wants_admin)
        if found is not None:
            return found
        if fold(name) in {fold(n) for n in self.countries[cc].aliases}:
            return self.from_country(cc)
        return self.unresolved(name, cc, lat, lon)

    def _by_name(
        self, name: str, cc: str, lat: float | None, lon: float | None, wants_admin: bool
    ) -> Resolution | None:
        """For each of the mention's forms, most literal first: a curated place, the
        subdivision its words ask for, a town, else a subdivision of that name."""
        parents = parent_names(name)
        # "Malacca City" is the city, though the curated "Malacca" names the state
        wants_city = any(kind == "city" for _, kind in bare_forms(fold(name)))
        for variant in name_variants(name):
            key = (cc, fold(variant))
            curated = self._curated(key, wants_city)
            if curated is not None:
                return curated
            subs = self._subs_by_name.get(key, [])
            if wants_admin and not subs:  # "Bavaria State"
                subs = self._subs_by_english.get(key, [])
            if wants_admin and subs:
                return self.from_subdivision(self._closest_sub(leveled(subs, name), lat, lon))
            found = self._best_city(self.geo.named(cc, variant), variant, lat, lon, parents)
            if found is not None:
                return found
            if subs:
                return self.from_subdivision(self._closest_sub(subs, lat, lon))
        return None

    def _curated(self, key: tuple[str, str], wants_city: bool) -> Resolution | None:
        """The curated place or alias of that (country, folded name)."""
        if key in self._extras_by_name:
            return self.from_extra(self._extras_by_name[key])
        if key in self._alias_targets and not (wants_city and self._names_region(self._alias_targets[key])):
            return self.from_alias_target(self._alias_targets[key])
        return None

    def _at_point(self, name: str, cc: str, lat: float, lon: float, wants_admin: bool) -> Resolution | None:
        """A territory's town, a division or a register's unit at the point, else a town
        near it spelt alike."""
        found = self._in_territory(name, cc, lat, lon)
        if found is not None:
            return found
        division = self._division(name, cc, lat, lon)
        if division is not None:
            return division
        entry = self._registered(name, cc, lat, lon)
        if entry is not None:
            return entry
        parents = parent_names(name)
        for variant in name_variants(name):
            if fold(variant) in parents:
                continue
            if "(" in variant:  # "Rogoźnik (Gmina Nowy Targ)" is not Nowy Targ
                continue
            found = self._fuzzy_near(variant, cc, lat, lon, parents, wants_admin)
            if found is not None:
                return found
        return None

    def _by_region_name(
        self, name: str, cc: str, lat: float | None, lon: float | None, wants_admin: bool
    ) -> Resolution | None:
        """A subdivision by its English name, or by its name less its type words."""
        for variant in name_variants(name):  # "Bavaria", "Åland": no town bears the English name
            english = self._subs_by_english.get((cc, fold(variant)), [])
            if english:
                return self.from_subdivision(self._closest_sub(english, lat, lon))
        if wants_admin:  # "Guangxi Zhuang Autonomous Region": the region's name less its type
            for form, kind in bare_forms(fold(name)):
                subs = self._subs_by_name.get((cc, form)) or self._subs_by_english.get((cc, form), [])
                if kind == "province" and subs:
                    return self.from_subdivision(self._closest_sub(leveled(subs, name), lat, lon))
        return None

    @staticmethod
    def _closest_sub(subs: list[Subdivision], lat: float | None, lon: float | None) -> Subdivision:
        if lat is None or lon is None or len(subs) == 1:
            return min(subs, key=lambda s: s.parent is not None)

        def dist(s: Subdivision) -> float:
            c = s.coords
            return haversine_km(lat, lon, c[0], c[1]) if c else 1e9

        return min(subs, key=dist)


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer()
