"""A town's alternate names that are a first-level region's name, on synthetic towns and
regions shaped like the world atlas's cases (Bozeman's "Missouri", Okazaki's "Aichi",
Pécs' "Somogy"; Lisbon's "Lisboa", Cluj-Napoca's "Cluj", Caerphilly's "Caerffili")."""

from __future__ import annotations

from kembar.gazetteer.geonames import City, GeoNamesIndex
from kembar.gazetteer.region_alternates import stray_region_names
from kembar.gazetteer.subdivisions import Subdivision


def _town(geonameid: int, name: str, admin1: str, population: int, *alternates: str) -> dict:
    return {
        "geonameid": geonameid,
        "name": name,
        "countrycode": "XX",
        "admin1code": admin1,
        "latitude": 1.0,
        "longitude": 1.0,
        "population": population,
        "alternatenames": list(alternates),
    }


def _region(code: str, *names: str, kind: str = "State", capital: City | None = None) -> Subdivision:
    return Subdivision(code, names[0], "XX", kind, None, names, capital, None)


# GeoNames' regions of the towns below: "01" is XX-OS (Ostmark), "02" XX-NO (Nordland);
# "03" is unknown.
_REGION_OF = {"01": "XX-OS", "02": "XX-NO"}


def _elsewhere(city: City, code: str) -> bool:
    return _REGION_OF.get(city.admin1, code) != code


def _strays(towns: list[dict], regions: list[Subdivision]) -> set[tuple[int, str]]:
    index = GeoNamesIndex({str(t["geonameid"]): t for t in towns})
    largest: dict[tuple[str, str], City] = {}
    for city in index.cities.values():
        top = largest.get((city.country, city.admin1))
        if top is None or city.population > top.population:
            largest[(city.country, city.admin1)] = city
    return stray_region_names(index, regions, largest, _elsewhere)


def test_a_regions_name_a_town_of_another_region_bears_is_no_name_of_it() -> None:
    towns = [_town(1, "Bozburg", "02", 40_000, "Ostmark", "Bozbourg"), _town(2, "Nordstadt", "02", 90_000)]
    assert _strays(towns, [_region("XX-OS", "Ostmark"), _region("XX-NO", "Nordland")]) == {(1, "ostmark")}


def test_a_regions_name_is_no_name_of_a_lesser_town_in_it() -> None:
    # Okazaki is in Aichi, but Nagoya is its largest town and Aichi is named after neither
    towns = [_town(1, "Okaseki", "01", 380_000, "Ostmark"), _town(2, "Nagasaka", "01", 2_300_000)]
    assert _strays(towns, [_region("XX-OS", "Ostmark")]) == {(1, "ostmark")}


def test_a_regions_name_is_its_largest_towns_or_capitals() -> None:
    towns = [
        _town(1, "Lisbonne", "01", 500_000, "Ostmark"),  # "Lisboa" for Lisbon
        _town(2, "Setubar", "01", 100_000),
        _town(3, "Nordhavn", "02", 50_000, "Nordland"),  # the capital, not the largest
        _town(4, "Bigtown", "02", 80_000),
    ]
    capital = GeoNamesIndex({"3": towns[2]}).cities[3]
    regions = [_region("XX-OS", "Ostmark"), _region("XX-NO", "Nordland", capital=capital)]
    assert _strays(towns, regions) == set()


def test_a_lesser_town_keeps_a_regions_name_that_is_its_own() -> None:
    towns = [
        _town(1, "Victoria de Ostmark", "01", 50_000, "Ostmark"),  # words of its own name
        _town(2, "Jizan", "03", 40_000, "Jazan"),  # another spelling of its name
        _town(3, "Kaerfilly", "03", 30_000, "Kaerffili"),  # the region is named after it
        _town(4, "Bigtown", "01", 900_000),
        _town(5, "Bigtown", "03", 900_000),
    ]
    regions = [
        _region("XX-OS", "Ostmark"),
        _region("XX-JZ", "Jazan"),
        _region("XX-KF", "Kaerfilly", "Kaerffili"),
    ]
    assert _strays(towns, regions) == set()


def test_a_region_that_is_a_city_is_its_towns() -> None:
    towns = [_town(1, "Pataya", "01", 100_000, "Phataya"), _town(2, "Bigtown", "01", 900_000)]
    assert _strays(towns, [_region("XX-PT", "Phataya", kind="Special administrative city")]) == set()


def test_a_town_no_longer_goes_by_its_stray_names() -> None:
    index = GeoNamesIndex({"1": _town(1, "Bozburg", "02", 40_000, "Ostmark", "Bozbourg", "Ostmark-shi")})
    clean = index.without({(1, "ostmark")})
    assert clean.cities[1].alternates == ("Bozbourg", "Ostmark-shi")
    assert clean.named("XX", "Ostmark") == [clean.cities[1]]  # "Ostmark-shi" less its ending
    clean = index.without({(1, "ostmark"), (1, "ostmark shi")})
    assert clean.cities[1].alternates == ("Bozbourg",) and clean.named("XX", "Ostmark") == []
    assert index.named("XX", "Ostmark") == [index.cities[1]]  # the index itself is left whole
