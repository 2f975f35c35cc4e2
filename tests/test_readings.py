"""The reading a batch gives a bare name that a province and a city both go by, on
synthetic places shaped like the atlas's cases (a province's own name that a partnered
city bears as a spelling, as its own name less words, or as its lists' name)."""

from __future__ import annotations

from kembar.db import Database
from kembar.db.models import Place, PlaceName
from kembar.places import find_place
from kembar.text import fold

_counter = iter(range(1, 10_000))


def _add(db: Database, name: str, names: dict[str, str], kind: str = "city", partners: int = 0) -> int:
    """A place of the country XX with its own name and `names` ({name: kind of name})."""
    with db.write() as s:
        place = Place(
            key=f"t:{next(_counter)}", name=name, kind=kind, country_code="XX", partner_count=partners
        )
        s.add(place)
        s.flush()
        for n, name_kind in {name: "official", **names}.items():
            s.add(PlaceName(place_id=place.id, name=n, norm=fold(n), kind=name_kind))
        return place.id


def _read(db: Database, name: str) -> int:
    with db.session() as s:
        return find_place(s, name, "XX", best=True).id


def _province(db: Database, name: str, partners: int = 0) -> int:
    return _add(db, name, {}, kind="province", partners=partners)


def test_a_provinces_name_a_city_spells_as_its_own_is_the_citys(db: Database) -> None:
    _province(db, "Varsa")
    city = _add(db, "Varsah", {"Varsa": "alternate", "Warsah": "alternate"}, partners=5)
    _province(db, "Kaleo")
    seat = _add(db, "Kaleo-shi", {"Kaleo": "alternate"}, partners=2)  # an administrative ending
    assert _read(db, "Varsa") == city and _read(db, "Kaleo") == seat


def test_a_provinces_name_is_not_a_city_named_after_it_that_goes_by_other_names(db: Database) -> None:
    province = _province(db, "Ostmark")
    names = ["Ostmark", "Ostmark Siti", "Ciudad de Ostmark", "Ostmark-Stadt", "Kota Ostmark"]
    _add(db, "Ostmark City", dict.fromkeys(names, "alternate"), partners=7)
    assert _read(db, "Ostmark") == province
    assert _read(db, "Ostmark City") != province


def test_a_provinces_name_is_a_city_whose_common_short_name_it_is(db: Database) -> None:
    _province(db, "Nordhaven")
    names = ["Nordhaven", "Nordhafen", "Nordavn", "Nordhaven City", "Ciudad de Nordhaven"]
    city = _add(db, "Nordhaven City", dict.fromkeys(names, "alternate"), partners=10)
    _province(db, "Klau")  # a second name of the city's own: "Klau-Napoca", mostly "Klau"
    napoca = _add(db, "Klau-Napoca", dict.fromkeys(["Klau", "Klaus", "Klau Napoka"], "alternate"), partners=3)
    assert _read(db, "Nordhaven") == city and _read(db, "Klau") == napoca


def test_a_provinces_name_is_the_city_the_lists_write_so(db: Database) -> None:
    _province(db, "Chiaro")
    names = {"Chiaro": "dataset", "Chiaro Siti": "alternate", "Chiaro-shih": "alternate"}
    city = _add(db, "Chiaro City", names, partners=9)
    assert _read(db, "Chiaro") == city


def test_a_partnered_provinces_name_is_its_own_unless_the_lists_write_it_for_a_city(db: Database) -> None:
    _province(db, "Narra", partners=1)
    city = _add(db, "Narra-machi", {"Narra": "dataset"}, partners=8)
    province = _province(db, "Fuku", partners=1)
    _add(db, "Fukuhama", {"Fuku": "alternate"}, partners=8)  # a city's spelling, not the lists'
    few = _province(db, "Toku", partners=5)
    _add(db, "Toku Town", {"Toku": "dataset"}, partners=2)  # the province carries more
    assert _read(db, "Narra") == city and _read(db, "Fuku") == province and _read(db, "Toku") == few


def test_a_city_without_partners_takes_no_provinces_name(db: Database) -> None:
    province = _province(db, "Jambu")
    _add(db, "Jambu City", dict.fromkeys(["Jambu", "Djambu"], "alternate"))
    assert _read(db, "Jambu") == province
