"""The history through the API: each change listed with its author and channel, reverting
a removal restores the partnership with what hung on it, who may revert, and what the
history shows to whom."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api_world import ROLES, World, client_for, template_fixture, world_fixture  # noqa: F401  (the template and world fixtures)
from kembar.db.registry import Change


@pytest.fixture
def client(world: World) -> TestClient:
    return client_for(world)


def test_each_change_is_listed_with_its_author(client: TestClient, world: World) -> None:
    path = f"/api/v1/partnerships/{world.partnership}"
    ana, rudi, admin = world.auth("editor_in"), world.auth("reviewer"), world.auth("admin")
    assert (
        client.post(f"{path}/stages", json={"stage": "loi", "date": "2019-06"}, headers=ana).status_code
        == 201
    )
    assert (
        client.post(
            f"{path}/instruments", json={"type": "loi", "signed_on": "2019-06-02"}, headers=rudi
        ).status_code
        == 201
    )
    tag = client.get(path).headers["ETag"]
    assert (
        client.patch(path, json={"note": "Focus on schools"}, headers={**admin, "If-Match": tag}).status_code
        == 200
    )
    listed = client.get(f"{path}/history").json()
    newest = [(c["actor"], c["channel"], c["summary"]) for c in listed[:3]]
    assert newest == [
        ("admin@example.org", "api", "Edited Bandung – Busan"),
        ("reviewer@example.org", "api", "Recorded the Letter of Intent of Bandung – Busan"),
        ("editor.in@example.org", "api", "Bandung – Busan: stage Letter of Intent"),
    ]
    edit = listed[0]["changes"]
    assert {"table": "partnerships", "row": str(world.partnership), "action": "update"}.items() <= edit[
        0
    ].items()
    assert edit[0]["before"]["note"] is None and edit[0]["after"]["note"] == "Focus on schools"
    assert listed[1]["summary_key"] == "summary.instrument.recorded"
    assert listed[1]["summary_params"]["type"] == {"label": ["instrument", "loi"], "lower": False}
    # The oldest entries are the admin's, made through the library when the world was built.
    assert listed[-1]["actor"] == "admin@example.org" and listed[-1]["summary"].startswith(
        "Recorded the partnership"
    )
    paged = client.get(f"{path}/history", params={"limit": 2, "offset": 1}).json()
    assert [c["id"] for c in paged] == [c["id"] for c in listed[1:3]]
    one = client.get(f"/api/v1/changes/{listed[0]['id']}").json()
    assert one == listed[0]


def test_reverting_a_removal_restores_the_partnership_with_its_instruments(
    client: TestClient, world: World
) -> None:
    path = f"/api/v1/partnerships/{world.partnership}"
    ana = world.auth("editor_in")
    before = client.get(path, headers=ana).json()
    assert before["instruments"] and before["instruments"][0]["documents"] and before["contacts"]
    partners = client.get(f"/api/v1/places/{world.places['bandung']}").json()["partner_count"]
    gone = client.delete(path, params={"reason": "recorded by mistake"}, headers=ana)
    assert gone.status_code == 204 and client.get(path).status_code == 404
    assert client.get(f"/api/v1/places/{world.places['bandung']}").json()["partner_count"] == partners - 1
    removal = client.get(f"{path}/history").json()[0]
    assert removal["actor"] == "editor.in@example.org" and removal["reason"] == "recorded by mistake"
    assert {(c["table"], c["action"]) for c in removal["changes"]} >= {
        ("partnerships", "delete"),
        ("instruments", "delete"),
        ("documents", "delete"),
        ("stage_steps", "delete"),
        ("signatories", "delete"),
        ("activities", "update"),  # the visit stays, unattached
    }
    undone = client.post(f"/api/v1/changes/{removal['id']}/revert", json={"reason": "it exists"}, headers=ana)
    assert undone.status_code == 201, undone.text
    assert undone.json()["reverts"] == removal["id"] and undone.json()["actor"] == "editor.in@example.org"
    assert undone.headers["Location"] == f"/api/v1/changes/{undone.json()['id']}"
    after = client.get(path, headers=ana).json()
    assert before["activities"] and before["contacts"]
    for key in ("instruments", "contacts", "steps", "stage", "kind", "fields"):
        assert after[key] == before[key], key
    # The visit is attached again (a write of its own, so at a new version).
    assert [{**a, "version": 0} for a in after["activities"]] == [
        {**a, "version": 0} for a in before["activities"]
    ]
    assert client.get(f"/api/v1/places/{world.places['bandung']}").json()["partner_count"] == partners
    history = client.get(f"{path}/history").json()
    assert history[0]["id"] == undone.json()["id"] and history[1]["reverted_by"] == undone.json()["id"]
    again = client.post(f"/api/v1/changes/{removal['id']}/revert", json={"reason": "twice"}, headers=ana)
    assert again.status_code == 422 and "already reverted" in again.json()["detail"]


@pytest.mark.parametrize("role", ROLES)
def test_only_an_admin_or_the_author_reverts(client: TestClient, world: World, role: str) -> None:
    """The admin's change may be reverted by the admin only; anyone signed in, their own."""
    before = world.last_change()
    answer = client.post(
        f"/api/v1/changes/{world.admin_change}/revert",
        json={"reason": "not wanted"},
        headers=world.auth(role),
    )
    expected = {"anonymous": 401, "admin": 201}.get(role, 403)
    assert answer.status_code == expected, answer.text
    if expected == 201:
        assert world.changes_since(before)
        profile = client.get(f"/api/v1/places/{world.places['bandung']}").json()
        assert profile["seeking"] is None
        return
    assert world.changes_since(before) == []
    if role != "anonymous":
        assert "only an admin or the author" in answer.json()["detail"]


def test_an_editor_reverts_their_own_change(client: TestClient, world: World) -> None:
    path = f"/api/v1/partnerships/{world.partnership}/activities"
    made = client.post(path, json={"type": "workshop", "date": "2024-02"}, headers=world.auth("editor_in"))
    change = client.get(f"/api/v1/partnerships/{world.partnership}/history").json()[0]["id"]
    other = client.post(
        f"/api/v1/changes/{change}/revert", json={"reason": "not wanted"}, headers=world.auth("editor_out")
    )
    assert other.status_code == 403
    mine = client.post(
        f"/api/v1/changes/{change}/revert",
        json={"reason": "it was cancelled"},
        headers=world.auth("editor_in"),
    )
    assert mine.status_code == 201
    assert client.get(f"/api/v1/activities/{made.json()['id']}").status_code == 404


def test_a_change_overtaken_by_a_later_one_is_not_reverted(client: TestClient, world: World) -> None:
    path = f"/api/v1/partnerships/{world.partnership}"
    admin = world.auth("admin")
    first = client.patch(
        path, json={"note": "one"}, headers={**admin, "If-Match": client.get(path).headers["ETag"]}
    )
    change = client.get(f"{path}/history").json()[0]["id"]
    client.patch(path, json={"note": "two"}, headers={**admin, "If-Match": first.headers["ETag"]})
    before = world.last_change()
    refused = client.post(f"/api/v1/changes/{change}/revert", json={"reason": "back"}, headers=admin)
    assert refused.status_code == 422 and "revert it first" in refused.json()["detail"]
    assert world.changes_since(before) == [] and client.get(path).json()["note"] == "two"


def test_a_revert_needs_a_reason_and_a_change_that_exists(client: TestClient, world: World) -> None:
    admin = world.auth("admin")
    missing = client.post(f"/api/v1/changes/{world.admin_change}/revert", json={}, headers=admin)
    assert missing.status_code == 422 and missing.json()["fields"][0]["field"] == "body.reason"
    assert (
        client.post("/api/v1/changes/999999/revert", json={"reason": "why"}, headers=admin).status_code == 404
    )
    assert client.get("/api/v1/changes/999999").status_code == 404


def test_the_history_shows_each_reader_what_they_may_read(client: TestClient, world: World) -> None:
    def tables(role: str, changeset: int) -> set[str]:
        answer = client.get(f"/api/v1/changes/{changeset}", headers=world.auth(role))
        return {c["table"] for c in answer.json()["changes"]}

    with world.db.session() as s:
        first = dict(
            s.execute(select(Change.table_name, Change.changeset_id).order_by(Change.id.desc())).all()
        )
    contact, proposal, account = first["contacts"], first["proposals"], first["users"]
    assert tables("anonymous", contact) == set() and tables("viewer", contact) == {"contacts"}
    assert "proposals" not in tables("editor_in", proposal) and "proposals" in tables("reviewer", proposal)
    assert "users" not in tables("reviewer", account) and "users" in tables("admin", account)
    history = client.get(f"/api/v1/partnerships/{world.partnership}/history").json()
    assert all(c["table"] != "contacts" for cs in history for c in cs["changes"])


def test_a_place_history_lists_its_profile_edits(client: TestClient, world: World) -> None:
    place = world.places["bandung"]
    listed = client.get(f"/api/v1/places/{place}/history").json()
    assert listed[0]["id"] == world.admin_change and listed[0]["summary"] == "Edited the profile of Bandung"
    # what changed, as the key of the summary and its values, for a client's own words
    assert listed[0]["summary_key"] == "summary.profile.edited"
    assert listed[0]["summary_params"] == {"place": "Bandung"}
    assert listed[0]["changes"][0]["after"] == {"seeking": "Partners in education"}
    assert client.get("/api/v1/places/999999/history").status_code == 404


def test_a_changed_kind_keeps_its_value_before_and_is_reverted(client: TestClient, world: World) -> None:
    """The kind the partnership had is recorded (not nothing), so reverting the edit puts it
    back instead of failing on the kind's NOT NULL."""
    path = f"/api/v1/partnerships/{world.partnership}"
    admin = world.auth("admin")
    was = client.get(path).json()["kind"]
    edited = client.patch(
        path, json={"kind": "cooperation"}, headers={**admin, "If-Match": client.get(path).headers["ETag"]}
    )
    assert edited.status_code == 200 and edited.json()["kind"] == "cooperation"
    change = client.get(f"{path}/history").json()[0]
    row = next(c for c in change["changes"] if c["table"] == "partnerships")
    assert row["before"]["kind"] == was and row["after"]["kind"] == "cooperation"
    reverted = client.post(f"/api/v1/changes/{change['id']}/revert", json={"reason": "back"}, headers=admin)
    assert reverted.status_code == 201
    assert client.get(path).json()["kind"] == was


@pytest.mark.parametrize(
    ("kind", "column", "value"), [("instruments", "type", "agreement"), ("activities", "type", "workshop")]
)
def test_a_changed_type_is_recorded_with_its_value_before(
    client: TestClient, world: World, kind: str, column: str, value: str
) -> None:
    """An instrument's or activity's type changed by an edit is in the history, from the
    type it had (the version touch must not hide it as 'only touched')."""
    path = f"/api/v1/{kind}/{getattr(world, kind[:-1] if kind == 'instruments' else 'activity')}"
    admin = world.auth("admin")
    was = client.get(path).json()[column]
    assert was != value
    before = world.last_change()
    edited = client.patch(
        path, json={column: value}, headers={**admin, "If-Match": client.get(path).headers["ETag"]}
    )
    assert edited.status_code == 200 and edited.json()[column] == value
    assert world.changes_since(before) != []
    changes = client.get(f"/api/v1/partnerships/{world.partnership}/history").json()[0]["changes"]
    row = next(c for c in changes if c["table"] == kind)
    assert row["before"][column] == was and row["after"][column] == value


def test_the_summary_keys_are_in_the_typed_schema(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ChangeSetOut"]
    assert {"summary_key", "summary_params"} <= set(schema["properties"])
    assert "summary_params" in schema["required"]
