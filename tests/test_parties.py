"""The registry's place each party of a proposal stands for: a party the gazetteer did
not resolve is the registry's place of its level spelled so (or one letter away), never a
place of another level; a reviewer may point a party at another place."""

from __future__ import annotations

import pytest

from kembar.db import Database
from kembar.db.models import Place, PlaceName
from kembar.errors import InvalidInput
from kembar.extract.model import PlaceRef
from kembar.ingest.parties import find_or_create_place, parties, point_at, registry_place
from kembar.text import fold


def _place(s: object, key: str, name: str, kind: str, cc: str) -> Place:
    place = Place(key=key, name=name, kind=kind, country_code=cc, partner_count=0)
    s.add(place)  # type: ignore[attr-defined]
    s.flush()  # type: ignore[attr-defined]
    s.add(PlaceName(place_id=place.id, name=name, norm=fold(name), kind="official"))  # type: ignore[attr-defined]
    return place


def _raw(name: str, cc: str, kind: str) -> PlaceRef:
    return PlaceRef(name=name, country=cc, kind=kind, key=f"raw:{cc}:{fold(name)}")


@pytest.fixture
def places(db: Database) -> dict[str, int]:
    with db.write() as s:
        rows = {
            "sichuan": _place(s, "iso:CN-SC", "Sichuan", "province", "CN"),
            # a town of Chongqing GeoNames spells as the article misspells the province
            "shichuan_town": _place(s, "gn:1795443", "Shichuan", "city", "CN"),
            "shizuoka": _place(s, "iso:JP-22", "Shizuoka", "province", "JP"),
            "shizuoka_city": _place(s, "gn:1851717", "Shizuoka", "city", "JP"),
            "khartoum": _place(s, "gn:379252", "Khartoum", "city", "SD"),
            "khartoum_state": _place(s, "iso:SD-KH", "Khartoum", "province", "SD"),
        }
        return {label: p.id for label, p in rows.items()}


@pytest.mark.parametrize(
    ("name", "cc", "kind", "expected"),
    [
        ("Shichuan", "CN", "province", "sichuan"),  # "Provinsi Shichuan": not the town Shichuan
        ("Shizouka", "JP", "province", "shizuoka"),  # "Prefektur Shizouka": two letters swapped
        ("Khartom", "SD", "city", "khartoum"),  # a town: the city, not the state of its name
        ("Shizuoka Prefecture", "JP", "province", "shizuoka"),  # the words of its level left out
    ],
)
def test_an_unresolved_party_is_the_place_of_its_level_spelled_so(
    db: Database, places: dict[str, int], name: str, cc: str, kind: str, expected: str
) -> None:
    with db.write() as s:
        place = find_or_create_place(s, _raw(name, cc, kind))
        assert place.id == places[expected]
        assert s.query(Place).count() == len(places)  # nothing created


def test_a_party_no_place_of_its_level_is_named_like_is_created(db: Database, places: dict[str, int]) -> None:
    with db.write() as s:
        ref = _raw("Shichuan", "CN", "regency")
        assert registry_place(s, ref) is None
        [party, _] = parties(s, ref, _raw("Shizouka", "JP", "province"))
        assert party.place is None and party.ref.name == "Shichuan"
        created = find_or_create_place(s, ref)
        assert created.id not in places.values() and created.kind == "regency"
        # a name shorter than SPELLING_MIN_LEN is taken only as written
        anyer = _place(s, "gn:1650600", "Anyer", "city", "ID")
        assert registry_place(s, _raw("Anyar", "ID", "city")) is None
        assert registry_place(s, _raw("Anyer", "ID", "city")) is anyer


def test_two_places_of_the_level_one_letter_away_are_not_guessed(
    db: Database, places: dict[str, int]
) -> None:
    with db.write() as s:
        _place(s, "raw:CN:sishuan", "Sishuan", "province", "CN")
        assert registry_place(s, _raw("Shichuan", "CN", "province")) is not None  # Sichuan: 1 away
        assert registry_place(s, _raw("Sihuan", "CN", "province")) is None  # both 1 away, short


def test_a_reviewer_points_a_party_at_a_place_by_its_id(db: Database, places: dict[str, int]) -> None:
    with db.write() as s:
        ref = point_at(s, places["sichuan"])
        assert (ref.name, ref.country, ref.kind, ref.key, ref.resolved) == (
            "Sichuan",
            "CN",
            "province",
            "iso:CN-SC",
            True,
        )
        with pytest.raises(InvalidInput, match="no place with id 999999"):
            point_at(s, 999999)
