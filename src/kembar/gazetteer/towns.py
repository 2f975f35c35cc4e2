"""Finding the GeoNames town a mention names: of same-named towns the one the point
means, or one spelt alike near it."""

from __future__ import annotations

from rapidfuzz import fuzz

from kembar.gazetteer.geo import haversine_km
from kembar.gazetteer.geonames import City
from kembar.gazetteer.mention_names import numbers_in, side_word, words_added
from kembar.gazetteer.resolution import Builder, Resolution
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


class TownLookup(Builder):
    """Finding towns by name, near a point or anywhere in a country."""

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
        return self._nearest_namesake(cities, name, lat, lon, parents)

    def _nearest_namesake(
        self, cities: list[City], name: str, lat: float, lon: float, parents: frozenset[str] | set[str]
    ) -> Resolution | None:
        """Of the namesakes, the one the point means (see _best_city), or None."""
        key = fold(name)

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
        numbers, side = numbers_in(key), side_word(key)
        best: tuple[float, float, City] | None = None
        for city in self.geo.near(lat, lon, FUZZY_KM, country):
            d = haversine_km(lat, lon, city.lat, city.lon)
            every = [fold(n) for n in (city.name, *city.alternates[:30])]
            if parents.intersection(every):
                continue  # "Khan Uul (Ulaanbaatar)" is a part of the city, not the city
            # A number or a side tells places apart: "Prague 1" is not Prague, "Lyon 3e"
            # is "Lyon 03", "North Augusta" is not Augusta.
            names = [n for n in every if numbers_in(n) == numbers and side_word(n) == side]
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
                and any(words_added(key, n) for n in names)
            ):
                score = FUZZY_MIN
            if score >= FUZZY_MIN and (best is None or (score, -d) > (best[0], -best[1])):
                best = (score, d, city)
        return self.from_city(best[2], best[1]) if best else None

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
