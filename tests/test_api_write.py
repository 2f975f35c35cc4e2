"""The write API through the app in-process: who may write what (each role x each write,
nothing written on refusal), ETags and If-Match (no lost updates), bad input answered
with a 4xx naming the field, and the contract of issue 15 as a script uses it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient

from api_world import PASSWORD, PDF, ROLES, World, client_for, template_fixture, world_fixture  # noqa: F401  (the template and world fixtures)

Call = Callable[[TestClient, World, dict[str, str]], httpx.Response]


@pytest.fixture
def client(world: World) -> TestClient:
    return client_for(world)


def _tag(client: TestClient, world: World, path: str) -> str:
    """The current ETag of a row, read as the admin (contacts are for signed-in users)."""
    answer = client.get(path, headers=world.auth("admin"))
    assert answer.status_code == 200, answer.text
    return answer.headers["ETag"]


def _patch(path: str, body: dict[str, object]) -> Call:
    def call(client: TestClient, world: World, auth: dict[str, str]) -> httpx.Response:
        target = path.format(w=world)
        return client.patch(target, json=body, headers={**auth, "If-Match": _tag(client, world, target)})

    return call


def _post(path: str, body: dict[str, object]) -> Call:
    return lambda client, world, auth: client.post(path.format(w=world), json=body, headers=auth)


def _delete(path: str) -> Call:
    return lambda client, world, auth: client.delete(
        path.format(w=world), params={"reason": "recorded twice"}, headers=auth
    )


def _upload(client: TestClient, world: World, auth: dict[str, str]) -> httpx.Response:
    files = {"file": ("loi.pdf", PDF + b"% another\n", "application/pdf")}
    return client.post(
        f"/api/v1/instruments/{world.instrument}/documents", files=files, data={"title": "LoI"}, headers=auth
    )


def _new_partnership(client: TestClient, world: World, auth: dict[str, str]) -> httpx.Response:
    body = {
        "place_a": world.places["bandung"],
        "place_b": world.places["kuala_lumpur"],
        "kind": "sister_city",
    }
    return client.post("/api/v1/partnerships", json=body, headers=auth)


@dataclass(frozen=True)
class Write:
    call: Call
    success: int


P, INS, A, C = "{w.partnership}", "{w.instrument}", "{w.activity}", "{w.contact}"
WRITES: dict[str, Write] = {
    "create partnership": Write(_new_partnership, 201),
    "patch partnership": Write(_patch(f"/api/v1/partnerships/{P}", {"note": "Education first"}), 200),
    "move stage": Write(_post(f"/api/v1/partnerships/{P}/stages", {"stage": "loi", "date": "2020-01"}), 201),
    "delete partnership": Write(_delete(f"/api/v1/partnerships/{P}"), 204),
    "add instrument": Write(_post(f"/api/v1/partnerships/{P}/instruments", {"type": "loi"}), 201),
    "patch instrument": Write(_patch(f"/api/v1/instruments/{INS}", {"number": "HK.07/2020"}), 200),
    "delete instrument": Write(_delete(f"/api/v1/instruments/{INS}"), 204),
    "add activity": Write(_post(f"/api/v1/partnerships/{P}/activities", {"type": "workshop"}), 201),
    "patch activity": Write(_patch(f"/api/v1/activities/{A}", {"participants_count": 40}), 200),
    "delete activity": Write(_delete(f"/api/v1/activities/{A}"), 204),
    "add contact": Write(_post(f"/api/v1/partnerships/{P}/contacts", {"name": "Sari"}), 201),
    "add place contact": Write(_post("/api/v1/places/{w.places[bandung]}/contacts", {"name": "Sari"}), 201),
    "patch contact": Write(_patch(f"/api/v1/contacts/{C}", {"phone": "+62 22 423"}), 200),
    "delete contact": Write(_delete(f"/api/v1/contacts/{C}"), 204),
    "upload document": Write(_upload, 201),
    "link document": Write(
        _post(f"/api/v1/activities/{A}/documents", {"url": "https://example.org/visit.pdf"}), 201
    ),
    "delete document": Write(_delete("/api/v1/documents/{w.document}"), 204),
    "patch profile": Write(_patch("/api/v1/places/{w.places[bandung]}", {"priorities": ["education"]}), 200),
}
# Anonymous visitors must sign in; viewers and editors out of scope (East Java, for a
# partnership of Bandung in West Java) are refused; the others may.
EXPECTED = {"anonymous": 401, "viewer": 403, "editor_out": 403}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", list(WRITES))
def test_who_may_write_what(client: TestClient, world: World, write: str, role: str) -> None:
    before, files = world.last_change(), world.stored_files()
    answer = WRITES[write].call(client, world, world.auth(role))
    expected = EXPECTED.get(role, WRITES[write].success)
    assert answer.status_code == expected, answer.text
    written = world.changes_since(before)
    if expected >= 400:
        assert isinstance(answer.json()["detail"], str) and answer.json()["detail"]
        assert written == [], written
        assert world.stored_files() == files
    else:
        assert written, "a write that succeeded must be in the history"


def test_refusals_name_the_reason(client: TestClient, world: World) -> None:
    anonymous = _new_partnership(client, world, {})
    assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"] == "Bearer"
    assert "sign in" in anonymous.json()["detail"]
    out = _new_partnership(client, world, world.auth("editor_out"))
    assert "outside the scope of editor.out@example.org" in out.json()["detail"]
    viewer = _new_partnership(client, world, world.auth("viewer"))
    assert "is a viewer" in viewer.json()["detail"]


# --- ETags and If-Match --------------------------------------------------------------


def test_a_stale_patch_is_refused_with_the_current_values(client: TestClient, world: World) -> None:
    path = f"/api/v1/partnerships/{world.partnership}"
    first = client.get(path)
    tag = first.headers["ETag"]
    assert tag == f'"partnership-{world.partnership}-v{first.json()["version"]}"'
    ana, eko = world.auth("editor_in"), world.auth("reviewer")
    won = client.patch(path, json={"note": "Ana's note"}, headers={**ana, "If-Match": tag})
    assert won.status_code == 200 and won.json()["note"] == "Ana's note"
    assert won.headers["ETag"] != tag and won.json()["version"] == first.json()["version"] + 1
    before = world.last_change()
    lost = client.patch(path, json={"note": "Eko's note"}, headers={**eko, "If-Match": tag})
    assert lost.status_code == 409
    assert lost.json()["current"]["note"] == "Ana's note"
    assert lost.json()["current"]["version"] == won.json()["version"]
    assert lost.headers["ETag"] == won.headers["ETag"]
    assert "changed by someone else" in lost.json()["detail"]
    assert world.changes_since(before) == []
    assert client.get(path).json()["note"] == "Ana's note"
    # With the new ETag, the second writer's change goes through.
    again = client.patch(path, json={"note": "Eko's note"}, headers={**eko, "If-Match": lost.headers["ETag"]})
    assert again.status_code == 200 and again.json()["note"] == "Eko's note"


def test_a_fields_only_edit_moves_the_version_too(client: TestClient, world: World) -> None:
    path = f"/api/v1/partnerships/{world.partnership}"
    tag = client.get(path).headers["ETag"]
    auth = world.auth("editor_in")
    assert (
        client.patch(path, json={"fields": ["education"]}, headers={**auth, "If-Match": tag}).status_code
        == 200
    )
    stale = client.patch(path, json={"fields": ["tourism"]}, headers={**auth, "If-Match": tag})
    assert stale.status_code == 409 and client.get(path).json()["fields"] == ["education"]


@pytest.mark.parametrize(
    ("if_match", "status", "says"),
    [
        (None, 428, "If-Match: send the ETag"),
        ("", 428, "If-Match: send the ETag"),
        ('"instrument-1-v1"', 412, "is not an ETag of partnership"),
        ("*", 412, "is not an ETag of partnership"),
        ("version 1", 412, "is not an ETag of partnership"),
    ],
)
def test_a_patch_must_name_the_version_it_was_made_on(
    client: TestClient, world: World, if_match: str | None, status: int, says: str
) -> None:
    headers = world.auth("editor_in") | ({"If-Match": if_match} if if_match is not None else {})
    before = world.last_change()
    answer = client.patch(f"/api/v1/partnerships/{world.partnership}", json={"stage": "loi"}, headers=headers)
    assert answer.status_code == status and says in answer.json()["detail"]
    assert world.changes_since(before) == []


def test_every_row_has_its_etag_and_if_match_is_required(client: TestClient, world: World) -> None:
    rows = {
        "instrument": f"/api/v1/instruments/{world.instrument}",
        "activity": f"/api/v1/activities/{world.activity}",
        "contact": f"/api/v1/contacts/{world.contact}",
        "place": f"/api/v1/places/{world.places['bandung']}",
    }
    bodies = {"instrument": {"number": "1"}, "activity": {"title": "x"}, "contact": {"role": "x"}}
    auth = world.auth("admin")
    for kind, path in rows.items():
        got = client.get(path, headers=auth)
        assert got.headers["ETag"] == f'"{kind}-{path.rsplit("/", 1)[1]}-v{got.json()["version"]}"'
        body = bodies.get(kind, {"seeking": "Partners in trade"})
        assert client.patch(path, json=body, headers=auth).status_code == 428, kind
        ok = client.patch(path, json=body, headers={**auth, "If-Match": got.headers["ETag"]})
        assert ok.status_code == 200 and ok.headers["ETag"] != got.headers["ETag"], kind
        stale = client.patch(path, json=body, headers={**auth, "If-Match": got.headers["ETag"]})
        assert stale.status_code == 409 and stale.json()["current"]["version"] == ok.json()["version"], kind


def test_a_delete_with_a_stale_if_match_is_refused(client: TestClient, world: World) -> None:
    path = f"/api/v1/instruments/{world.instrument}"
    tag = client.get(path).headers["ETag"]
    auth = world.auth("admin")
    client.patch(path, json={"number": "2"}, headers={**auth, "If-Match": tag})
    stale = client.delete(path, params={"reason": "duplicate"}, headers={**auth, "If-Match": tag})
    assert stale.status_code == 409 and client.get(path).status_code == 200


def test_contacts_are_read_by_signed_in_users_only(client: TestClient, world: World) -> None:
    detail = f"/api/v1/partnerships/{world.partnership}"
    assert client.get(detail).json()["contacts"] == []
    assert [c["name"] for c in client.get(detail, headers=world.auth("viewer")).json()["contacts"]] == [
        "Rina"
    ]
    for path in (
        f"{detail}/contacts",
        f"/api/v1/places/{world.places['bandung']}/contacts",
        f"/api/v1/contacts/{world.contact}",
    ):
        assert client.get(path).status_code == 401, path
        assert client.get(path, headers=world.auth("viewer")).status_code == 200, path
    listed = client.get(f"/api/v1/places/{world.places['bandung']}/contacts", headers=world.auth("viewer"))
    assert [c["name"] for c in listed.json()] == ["Dewi"]


# --- bad input -----------------------------------------------------------------------


def _problems(answer: httpx.Response) -> str:
    detail = answer.json()["detail"]
    return detail if isinstance(detail, str) else " ".join(f"{p['field']}: {p['reason']}" for p in detail)


@pytest.mark.parametrize(
    ("path", "body", "status", "names"),
    [
        ("/api/v1/partnerships", {"place_a": 999999, "place_b": "{bandung}"}, 404, "place_a = 999999"),
        ("/api/v1/partnerships", {"place_a": "{bandung}", "place_b": 999999}, 404, "place_b = 999999"),
        ("/api/v1/partnerships", {"place_a": "{bandung}", "place_b": "{bandung}"}, 422, "the same place"),
        ("/api/v1/partnerships", {"place_a": "{bandung}", "place_b": "{busan}", "kind": "twin"}, 422, "kind"),
        (
            "/api/v1/partnerships",
            {"place_a": "{bandung}", "place_b": "{busan}", "colour": "red"},
            422,
            "colour",
        ),
        (
            "/api/v1/partnerships",
            {"place_a": "{bandung}", "place_b": "{kuala_lumpur}", "fields": ["education", "spaceflight"]},
            422,
            "spaceflight",
        ),
        ("/api/v1/partnerships", {"place_a": "{bandung}", "place_b": "{indonesia}"}, 422, "is a country"),
        (
            "/api/v1/partnerships/{partnership}/instruments",
            {"type": "mou", "signed_on": "2021-05-01", "valid_until": "2020-01-01"},
            422,
            "valid_until (2020-01-01) is before signed_on",
        ),
        (
            "/api/v1/partnerships/{partnership}/instruments",
            {"type": "mou", "signed_on": "2021-02-30"},
            422,
            "signed_on",
        ),
        ("/api/v1/partnerships/{partnership}/instruments", {"type": "treaty"}, 422, "instrument type"),
        ("/api/v1/partnerships/{partnership}/activities", {"type": "visit", "fields": ["x"]}, 422, "fields"),
        (
            "/api/v1/partnerships/{partnership}/contacts",
            {"name": "A", "email": "not-an-address"},
            422,
            "email",
        ),
        ("/api/v1/partnerships/999999/instruments", {"type": "mou"}, 404, "no partnership with id 999999"),
        ("/api/v1/partnerships/{partnership}/stages", {"stage": "mou", "secret": 1}, 422, "secret"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    client: TestClient, world: World, path: str, body: dict[str, object], status: int, names: str
) -> None:
    ids = {**world.places, "partnership": world.partnership}
    sent = {k: ids[v[1:-1]] if isinstance(v, str) and v.startswith("{") else v for k, v in body.items()}
    before = world.last_change()
    answer = client.post(path.format(**ids), json=sent, headers=world.auth("admin"))
    assert answer.status_code == status, answer.text
    assert names in _problems(answer)
    assert world.changes_since(before) == []


def test_a_stage_moved_back_needs_a_reason(client: TestClient, world: World) -> None:
    path = f"/api/v1/partnerships/{world.partnership}"
    auth = world.auth("editor_in")
    assert client.post(f"{path}/stages", json={"stage": "mou"}, headers=auth).status_code == 201
    before = world.last_change()
    back = client.patch(
        path, json={"stage": "loi"}, headers={**auth, "If-Match": client.get(path).headers["ETag"]}
    )
    assert back.status_code == 422 and "needs a reason" in back.json()["detail"]
    step_back = client.post(f"{path}/stages", json={"stage": "exploration"}, headers=auth)
    assert step_back.status_code == 422 and "stage: moving back" in step_back.json()["detail"]
    assert world.changes_since(before) == []
    with_reason = client.post(
        f"{path}/stages", json={"stage": "loi", "reason": "the MoU was not signed after all"}, headers=auth
    )
    assert with_reason.status_code == 201 and with_reason.json()["stage"] == "loi"


def test_a_delete_needs_a_reason(client: TestClient, world: World) -> None:
    answer = client.delete(f"/api/v1/partnerships/{world.partnership}", headers=world.auth("admin"))
    assert answer.status_code == 422 and _problems(answer).startswith("reason:")
    assert client.get(f"/api/v1/partnerships/{world.partnership}").status_code == 200


def test_bad_credentials_and_revoked_tokens_are_401(client: TestClient, world: World) -> None:
    wrong = client.post(
        "/api/v1/auth/token", json={"email": "admin@example.org", "password": "not it at all"}
    )
    assert wrong.status_code == 401 and "token" not in wrong.json()
    forged = _new_partnership(client, world, {"Authorization": "Bearer kmb_forged"})
    assert forged.status_code == 401
    token = client.post("/api/v1/auth/token", json={"email": "editor.in@example.org", "password": PASSWORD})
    auth = {"Authorization": f"Bearer {token.json()['token']}"}
    mine = client.get("/api/v1/auth/tokens", headers=auth).json()
    newest = max(t["id"] for t in mine)
    assert client.delete(f"/api/v1/auth/tokens/{newest}", headers=auth).status_code == 204
    before = world.last_change()
    revoked = _new_partnership(client, world, auth)
    assert revoked.status_code == 401 and "revoked" in revoked.json()["detail"]
    assert world.changes_since(before) == []


def test_a_json_body_over_a_megabyte_is_refused_unread(client: TestClient, world: World) -> None:
    note = "x" * (1024 * 1024 + 1)
    answer = client.post(
        f"/api/v1/partnerships/{world.partnership}/activities",
        json={"type": "visit", "note": note},
        headers=world.auth("admin"),
    )
    assert answer.status_code == 413 and answer.json()["detail"].startswith("body:")


# --- the contract of issue 15, point 7 ------------------------------------------------


def test_the_contract_a_script_relies_on(client: TestClient, world: World) -> None:
    token = client.post("/api/v1/auth/token", json={"email": "editor.in@example.org", "password": PASSWORD})
    assert token.status_code == 200 and set(token.json()) == {"token"}
    auth = {"Authorization": f"Bearer {token.json()['token']}"}
    body = {
        "place_a": world.places["bekasi"],
        "place_b": world.places["busan"],
        "kind": "sister_city",
        "stage": "exploration",
    }
    created = client.post("/api/v1/partnerships", json=body, headers=auth)
    assert created.status_code == 201
    pid = created.json()["id"]
    assert (
        created.json()["stage"] == "exploration"
        and created.headers["Location"] == f"/api/v1/partnerships/{pid}"
    )
    read = client.get(f"/api/v1/partnerships/{pid}", headers=auth)
    assert read.status_code == 200 and read.headers["ETag"] == created.headers["ETag"]
    moved = client.patch(
        f"/api/v1/partnerships/{pid}",
        json={"stage": "loi"},
        headers={**auth, "If-Match": read.headers["ETag"]},
    )
    assert moved.status_code == 200 and moved.json()["stage"] == "loi"
    assert [s["stage"] for s in moved.json()["steps"]] == ["exploration", "loi"]
    assert all(s["author"] == "editor.in@example.org" for s in moved.json()["steps"])
    instrument = {"type": "mou", "signed_on": "2024-03-01", "valid_until": "2029-03-01"}
    mou = client.post(f"/api/v1/partnerships/{pid}/instruments", json=instrument, headers=auth)
    assert mou.status_code == 201
    assert {k: mou.json()[k] for k in instrument} == instrument
    again = client.post("/api/v1/partnerships", json=body, headers=auth)
    assert again.status_code == 200 and again.json()["id"] == pid
    # Anonymous and out of scope, the same calls are refused.
    assert client.post("/api/v1/partnerships", json=body).status_code == 401
    assert client.post("/api/v1/partnerships", json=body, headers=world.auth("editor_out")).status_code == 403


def test_the_write_api_is_in_the_openapi_document(client: TestClient) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    patch = paths["/api/v1/partnerships/{partnership_id}"]["patch"]
    assert set(patch["responses"]) >= {"200", "401", "403", "404", "409", "412", "422", "428"}
    assert patch["responses"]["409"]["content"]["application/json"]["schema"]["$ref"].endswith("ConflictOut")
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in patch["parameters"])
    assert paths["/api/v1/partnerships"]["post"]["requestBody"]["content"]["application/json"]["schema"][
        "$ref"
    ].endswith("PartnershipCreate")
    upload = paths["/api/v1/instruments/{instrument_id}/documents"]["post"]["requestBody"]["content"]
    assert set(upload) == {"multipart/form-data", "application/json"}
    for path in (
        "/api/v1/partnerships/{partnership_id}/instruments",
        "/api/v1/activities/{activity_id}",
        "/api/v1/contacts/{contact_id}",
        "/api/v1/changes/{changeset_id}/revert",
        "/api/v1/proposals/{proposal_id}/accept",
        "/api/v1/places/{place_id}",
    ):
        assert path in paths, path
