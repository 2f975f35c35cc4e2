"""Places found at the mention's point when no town bears its name: a town of a
territory filed under the country, a GeoNames division, a national register's unit."""

from __future__ import annotations

from kembar.gazetteer.countries import TERRITORIES
from kembar.gazetteer.divisions import division_keys, divisions
from kembar.gazetteer.geo import haversine_km
from kembar.gazetteer.mention_names import name_variants, parent_names
from kembar.gazetteer.registers import registers
from kembar.gazetteer.resolution import Resolution
from kembar.gazetteer.towns import NEAR_KM, TownLookup
from kembar.text import fold


class PointLookup(TownLookup):
    """Finding the place a mention names at its point, when no town bears its name."""

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
