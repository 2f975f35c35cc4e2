"""The review queue through the API: for reviewers and admins only; a proposal is decided
once, also when two reviewers accept it at the same moment through two workers."""

from __future__ import annotations

import threading

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from api_world import ARTICLE, ROLES, World, client_for, template_fixture, world_fixture  # noqa: F401  (the template and world fixtures)
from kembar.db.models import Partnership
from kembar.db.registry import ChangeSet


@pytest.fixture
def client(world: World) -> TestClient:
    return client_for(world)


def _partnerships(world: World) -> int:
    with world.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Partnership)) or 0)


CALLS = {
    "list": lambda c, w, a: c.get("/api/v1/proposals", headers=a),
    "show": lambda c, w, a: c.get(f"/api/v1/proposals/{w.proposal}", headers=a),
    "accept": lambda c, w, a: c.post(f"/api/v1/proposals/{w.proposal}/accept", headers=a),
    "reject": lambda c, w, a: c.post(f"/api/v1/proposals/{w.proposal}/reject", headers=a),
    "edit": lambda c, w, a: c.patch(f"/api/v1/proposals/{w.proposal}", json={"status": "signed"}, headers=a),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("call", list(CALLS))
def test_only_reviewers_and_admins_work_the_queue(
    client: TestClient, world: World, call: str, role: str
) -> None:
    before = world.last_change()
    answer: httpx.Response = CALLS[call](client, world, world.auth(role))
    expected = {"anonymous": 401, "reviewer": 200, "admin": 200}.get(role, 403)
    assert answer.status_code == expected, answer.text
    if expected == 200:
        return
    assert world.changes_since(before) == []
    assert "ARTICLE" not in answer.text and "Braunschweig" not in answer.text
    if expected == 403:
        assert "only reviewers and admins" in answer.json()["detail"]


def test_a_reviewer_reads_the_proposal_with_its_article(client: TestClient, world: World) -> None:
    auth = world.auth("reviewer")
    listed = client.get("/api/v1/proposals", headers=auth).json()
    assert world.proposal in [p["id"] for p in listed] and {p["status"] for p in listed} == {"pending"}
    shown = client.get(f"/api/v1/proposals/{world.proposal}", headers=auth).json()
    assert shown["kind"] == "partnership" and shown["source"]["text"] == ARTICLE
    evidence = shown["item"]["evidence"]
    spans = evidence if isinstance(evidence, list) else [evidence]
    assert all(ARTICLE[e["start"] : e["end"]] == e["quote"] for e in spans)
    assert client.get("/api/v1/proposals", params={"status": "accepted"}, headers=auth).json() == []
    bad = client.get("/api/v1/proposals", params={"status": "maybe"}, headers=auth)
    assert bad.status_code == 422 and bad.json()["fields"][0]["field"] == "status"
    assert client.get("/api/v1/proposals/999999", headers=auth).status_code == 404


def test_accepting_merges_once_and_says_who_decided(client: TestClient, world: World) -> None:
    count = _partnerships(world)
    accepted = client.post(f"/api/v1/proposals/{world.proposal}/accept", headers=world.auth("reviewer"))
    assert accepted.status_code == 200
    body = accepted.json()
    assert body["status"] == "accepted" and body["decided_by"] == "reviewer@example.org"
    assert body["result_type"] == "partnership" and body["decided_at"]
    merged = client.get(f"/api/v1/partnerships/{body['result_id']}").json()
    assert {merged["a"]["name"], merged["b"]["name"]} == {"Bandung", "Braunschweig"}
    assert _partnerships(world) == count + 1
    for decide in ("accept", "reject"):
        again = client.post(f"/api/v1/proposals/{world.proposal}/{decide}", headers=world.auth("admin"))
        assert again.status_code == 409
        assert "already accepted by reviewer@example.org" in again.json()["detail"]
    late_edit = client.patch(
        f"/api/v1/proposals/{world.proposal}", json={"status": "signed"}, headers=world.auth("admin")
    )
    assert late_edit.status_code == 409
    assert _partnerships(world) == count + 1


def test_a_rejected_proposal_enters_nothing(client: TestClient, world: World) -> None:
    count = _partnerships(world)
    rejected = client.post(f"/api/v1/proposals/{world.proposal}/reject", headers=world.auth("admin"))
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert rejected.json()["result_id"] is None and _partnerships(world) == count
    listed = client.get("/api/v1/proposals", params={"status": "rejected"}, headers=world.auth("admin"))
    assert [p["id"] for p in listed.json()] == [world.proposal]


def test_a_proposal_is_corrected_before_it_is_accepted(client: TestClient, world: World) -> None:
    path = f"/api/v1/proposals/{world.proposal}"
    auth = world.auth("reviewer")
    edited = client.patch(path, json={"instrument": "loi", "fields": ["education", "culture"]}, headers=auth)
    assert edited.status_code == 200
    assert edited.json()["item"]["instrument"] == "loi"
    assert edited.json()["item"]["fields"] == ["education", "culture"]
    for body, names in (
        ({"kind": "twin"}, "kind"),
        ({"fields": ["spaceflight"]}, "field"),
        ({"date": "03/07/2023"}, "date"),
        ({"colour": "red"}, "colour"),
        ({}, "nothing to change"),
    ):
        before = world.last_change()
        refused = client.patch(path, json=body, headers=auth)
        assert refused.status_code == 422, body
        assert names in str(refused.json()["detail"]), refused.json()
        assert world.changes_since(before) == []
    accepted = client.post(f"{path}/accept", headers=auth).json()
    merged = client.get(f"/api/v1/partnerships/{accepted['result_id']}").json()
    assert {"education", "culture"} <= set(merged["fields"])


def test_simultaneous_accepts_through_two_workers_make_one_merge(world: World) -> None:
    """Three requests, through two app instances (each with its own connection pool, as
    two server workers), released at the same instant: one merges, the others get 409."""
    count = _partnerships(world)
    apps = [client_for(world), client_for(world)]
    jobs = [(apps[0], "reviewer"), (apps[1], "admin"), (apps[1], "reviewer")]
    start = threading.Barrier(len(jobs))
    answers: list[httpx.Response] = []

    def accept(client: TestClient, role: str) -> None:
        start.wait()
        answers.append(client.post(f"/api/v1/proposals/{world.proposal}/accept", headers=world.auth(role)))

    threads = [threading.Thread(target=accept, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 409, 409], [a.text for a in answers]
    winner = next(a.json() for a in answers if a.status_code == 200)
    for loser in (a for a in answers if a.status_code == 409):
        assert f"already accepted by {winner['decided_by']}" in loser.json()["detail"]
    assert _partnerships(world) == count + 1
    with world.db.session() as s:
        merges = s.scalar(
            select(func.count()).select_from(ChangeSet).where(ChangeSet.summary.like("Accepted proposal%"))
        )
    assert merges == 1


def test_a_party_is_pointed_at_another_place_by_its_id(client: TestClient, world: World) -> None:
    path = f"/api/v1/proposals/{world.proposal}"
    auth = world.auth("reviewer")
    edited = client.patch(path, json={"b": world.places["kuala_lumpur"]}, headers=auth)
    assert edited.status_code == 200, edited.json()
    assert (edited.json()["item"]["b"]["name"], edited.json()["item"]["b"]["key"]) == (
        "Kuala Lumpur",
        "gn:1735161",
    )
    before = world.last_change()
    for body, said in (({"a": 2**31 - 2}, "no place with id"), ({"a": "Bandung"}, "a")):
        refused = client.patch(path, json=body, headers=auth)
        assert refused.status_code == 422 and said in str(refused.json()["detail"]), refused.json()
    assert world.changes_since(before) == []
    assert (
        client.patch(path, json={"a": world.places["bandung"]}, headers=world.auth("editor_in")).status_code
        == 403
    )
