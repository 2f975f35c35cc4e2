"""The lifecycle API: faceted lists with the contract of issue 16, the dashboards."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from kembar import tokens
from kembar.permissions import system_actor
from kembar.web.app import create_app
from lifecycle_world import World, world_fixture  # noqa: F401  (the `world` fixture)

pytestmark = pytest.mark.backends


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(world.settings)) as c:
        yield c


def _bearer(w: World, email: str) -> dict[str, str]:
    with w.db.write() as s:
        made = tokens.create_token(s, system_actor("cli"), email, "test")
    return {"Authorization": f"Bearer {made.secret}"}


def test_expiring_within_days_and_dormant_follow_the_contract(client: TestClient, world: World) -> None:
    near = client.get(
        "/api/v1/partnerships", params={"status": "expiring", "within_days": 90, "country": "ID"}
    )
    assert near.status_code == 200
    assert [p["id"] for p in near.json()["items"]] == [world.pairs["expiring"]]
    far = client.get(
        "/api/v1/partnerships", params={"status": "expiring", "within_days": 10, "country": "ID"}
    )
    assert far.json()["items"] == []
    dormant = client.get("/api/v1/partnerships", params={"status": "dormant"}).json()
    assert [p["id"] for p in dormant["items"]] == [world.pairs["dormant"]]
    assert dormant["items"][0]["status"]["key"] == "dormant"


FACETS = ("kind", "stage", "status", "validity", "field", "country", "region", "decade")


def test_facets_carry_counts_and_labels_in_the_readers_language(client: TestClient) -> None:
    data = client.get("/api/v1/partnerships", params={"country": "ID", "limit": 2, "lang": "id"}).json()
    assert data["total"] == 7 and len(data["items"]) == 2
    status = {f["value"]: f for f in data["facets"]["status"]}
    assert status["dormant"]["count"] == 1 and status["dormant"]["label"] == "Tidak aktif"
    countries = {f["value"]: f for f in data["facets"]["country"]}
    assert countries["KR"]["label"] == "Korea Selatan" and countries["KR"]["count"] == 3
    assert set(data["facets"]) == set(FACETS)
    # one status each: the status counts add up to the total; the validity of instruments
    # is a facet of its own
    assert sum(f["count"] for f in data["facets"]["status"]) == data["total"]
    assert {f["value"]: f["count"] for f in data["facets"]["validity"]} == {"expiring": 1}


@pytest.mark.parametrize(
    ("params", "named"),
    [({"status": "sleepy"}, "status"), ({"kind": "twins"}, "kind"), ({"country": "XQ"}, "country")],
)
def test_a_filter_value_not_in_the_vocabulary_is_a_422_naming_it(
    client: TestClient, params: dict[str, str], named: str
) -> None:
    answer = client.get("/api/v1/partnerships", params=params)
    assert answer.status_code == 422 and answer.json()["detail"].startswith(f"{named}:")


def test_a_list_of_a_place_that_does_not_exist_is_a_404(client: TestClient, world: World) -> None:
    answer = client.get("/api/v1/partnerships", params={"place": 99_999_999})
    assert answer.status_code == 404 and answer.json() == {"detail": "no place with id 99999999"}
    page = client.get("/partnerships", params={"place": 99_999_999, "lang": "id"})
    assert page.status_code == 404 and "99999999" in page.text
    known = client.get("/api/v1/partnerships", params={"place": world.ids["bandung"]})
    assert known.status_code == 200 and known.json()["total"] > 0


def test_the_dashboards(client: TestClient, world: World) -> None:
    assert client.get("/api/v1/dashboard").status_code == 401
    mine = client.get("/api/v1/dashboard", headers=_bearer(world, "bandung@example.org")).json()
    assert mine["has_scope"] and mine["total"] == 6
    first = mine["items"][0]
    assert first["id"] == world.pairs["expiring"] and first["instruments"][0]["status"]["key"] == "expiring"
    assert first["next_step"]["stage"]
    board = client.get("/api/v1/countries/ID/dashboard").json()
    assert board["dormant"] == [world.pairs["dormant"]]
    assert {p["code"]: p["total"] for p in board["provinces"]}["ID-JB"] == 6
    region = client.get(f"/api/v1/places/{world.ids['west_java']}/region").json()
    assert region["total"] == 6
