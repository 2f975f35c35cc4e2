"""Places through the API on both backends: search ignores accents and case, and a
profile read from the cache is never older than the registry."""

from __future__ import annotations

from typing import Any

import pytest

from kembar.db import Database
from kembar.db.models import Place, PlaceName
from kembar.permissions import system_actor
from kembar.registry import partnerships, profiles
from kembar.registry.schemas import PartnershipCreate, ProfileUpdate
from kembar.text import fold

pytestmark = pytest.mark.backends


def _add(db: Database, key: str, name: str, cc: str, *aliases: str) -> int:
    with db.write() as s:
        place = Place(key=key, name=name, kind="city", country_code=cc)
        s.add(place)
        s.flush()
        for n in (name, *aliases):
            s.add(PlaceName(place_id=place.id, name=n, norm=fold(n), kind="official"))
        return place.id


def _names(web: Any, q: str, **params: str) -> list[str]:
    answer = web.get("/api/v1/places", params={"q": q, **params})
    assert answer.status_code == 200, answer.text
    return [p["name"] for p in answer.json()["items"]]


def test_search_ignores_accents_and_case(web: Any, db: Database) -> None:
    _add(db, "gn:1", "São Luís", "BR")
    _add(db, "gn:2", "Ürümqi", "CN", "Urumchi")
    _add(db, "gn:3", "Đà Nẵng", "VN", "Da Nang")
    for q in ("são luís", "SAO LUIS", "Sao", "sÃo lU"):
        assert _names(web, q) == ["São Luís"], q
    for q in ("URUMQI", "ürümqi", "urümQ", "URUMCHI"):
        assert _names(web, q) == ["Ürümqi"], q
    for q in ("da nang", "ĐÀ NẴNG", "Đà"):
        assert _names(web, q) == ["Đà Nẵng"], q
    assert _names(web, "surabaya") == ["Surabaya"]  # the world's own places too
    assert _names(web, "sao", country="cn") == []
    assert _names(web, "zzzqqq") == []


def test_a_profile_is_never_older_than_the_registry(web: Any, db: Database, world: dict[str, int]) -> None:
    path = f"/api/v1/places/{world['bandung']}"
    first = web.get(path)
    assert first.status_code == 200 and first.json()["seeking"] is None
    assert web.get(path).content == first.content  # the cached answer is the same answer
    with db.write() as s:
        profiles.update(
            s, system_actor("cli"), world["bandung"], ProfileUpdate(seeking="Flood control"), None
        )
    second = web.get(path)
    assert second.json()["seeking"] == "Flood control" and second.headers["ETag"] != first.headers["ETag"]
    # A write elsewhere (a new partnership of Bandung) shows too: any change set renews it.
    with db.write() as s:
        partnerships.create(
            s, system_actor("cli"), PartnershipCreate(place_a=world["bandung"], place_b=world["busan"])
        )
    third = web.get(path).json()
    assert [p["place"]["name"] for p in third["partners"]] == ["Busan"]
    assert web.get("/api/v1/places/999999").status_code == 404
