"""Documents through the API: uploads checked by content and size before anything is
stored, links, and stored files served only as attachments that a browser neither
sniffs, renders in the site's origin, nor runs."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import anyio
import pytest
from fastapi.testclient import TestClient

from api_world import PASSWORD, PDF, World, client_for, template_fixture, world_fixture  # noqa: F401  (the template and world fixtures)
from kembar.db.registry import Document
from kembar.registry import documents
from kembar.web.app import create_app

MB = 1024 * 1024
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture
def client(world: World) -> TestClient:
    return client_for(world)


def _upload(
    client: TestClient, world: World, name: str, data: bytes, role: str = "editor_in", **extra: str
) -> object:
    return client.post(
        f"/api/v1/instruments/{world.instrument}/documents",
        files={"file": (name, data, "application/pdf")},
        data={"title": "Signed", **extra},
        headers=world.auth(role),
    )


def test_an_upload_is_stored_by_content_and_served_as_an_attachment(client: TestClient, world: World) -> None:
    data = PDF + b"% the LoI of 2019\n"
    answer = client.post(
        f"/api/v1/instruments/{world.instrument}/documents",
        files={"file": ("LoI <Bandung>.pdf", data, "text/html")},  # the declared type is not believed
        data={"title": "Letter of Intent"},
        headers=world.auth("editor_in"),
    )
    assert answer.status_code == 201, answer.text
    doc = answer.json()
    assert doc["media_type"] == "application/pdf" and doc["size"] == len(data)
    assert doc["title"] == "Letter of Intent" and doc["filename"] == "LoI _Bandung_.pdf"
    assert answer.headers["Location"] == f"/api/v1/documents/{doc['id']}"
    served = client.get(f"/documents/{doc['id']}/file")
    assert served.status_code == 200 and served.content == data
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Content-Disposition"] == "attachment; filename*=utf-8''LoI%20_Bandung_.pdf"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served.headers["Content-Security-Policy"]
    assert "script-src 'self'" not in served.headers["Content-Security-Policy"]
    listed = client.get(f"/api/v1/instruments/{world.instrument}").json()["documents"]
    assert doc["id"] in [d["id"] for d in listed]


def test_a_stored_file_of_an_unsafe_type_is_served_as_bytes(client: TestClient, world: World) -> None:
    """Should a row ever name another media type, the file still goes out as an opaque
    download, never as HTML."""
    digest, _ = documents.store(world.settings, documents.Upload("x.pdf", PDF))
    documents.file_path(world.settings, digest).write_bytes(HTML)
    with world.db.write() as s:
        row = Document(instrument_id=world.instrument, kind="document", sha256=digest, media_type="text/html")
        s.add(row)
        s.flush()
        doc_id = row.id
    served = client.get(f"/documents/{doc_id}/file")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "application/octet-stream"
    assert served.headers["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("page.pdf", HTML, "is not a PDF or an image"),
        ("tool.pdf", ELF, "is not a PDF or an image"),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n", "is not a PDF or an image"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_files_that_are_not_documents_are_refused(
    client: TestClient, world: World, name: str, data: bytes, says: str
) -> None:
    before, files = world.last_change(), world.stored_files()
    answer = _upload(client, world, name, data)
    assert answer.status_code == 422  # type: ignore[attr-defined]
    detail = answer.json()["detail"]  # type: ignore[attr-defined]
    assert detail.startswith("file:") and says in detail
    assert world.changes_since(before) == [] and world.stored_files() == files


def test_an_upload_over_20_mb_is_refused_before_it_is_read(client: TestClient, world: World) -> None:
    before, files = world.last_change(), world.stored_files()
    big = PDF + b"0" * (21 * MB)
    answer = _upload(client, world, "big.pdf", big)
    assert answer.status_code == 413  # type: ignore[attr-defined]
    assert answer.json()["detail"].startswith("file: the request is 21.0 MB")  # type: ignore[attr-defined]
    assert world.changes_since(before) == [] and world.stored_files() == files


def test_an_upload_without_a_length_is_cut_off_at_the_limit(world: World) -> None:
    """Streamed in 1 MB chunks without Content-Length (straight through the ASGI app: the
    test client would read the whole body first), the upload is refused once the bytes
    received pass the limit, and no further chunk is read."""
    boundary = "kembar-test"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    chunks = [head + PDF] + [b"0" * MB] * 30 + [f"\r\n--{boundary}--\r\n".encode()]
    pulled = 0
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": chunks[pulled - 1], "more_body": pulled < len(chunks)}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    path = f"/api/v1/instruments/{world.instrument}/documents"
    headers = {**world.auth("editor_in"), "Content-Type": f"multipart/form-data; boundary={boundary}"}
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    files = world.stored_files()
    # In a thread of its own: the browser tests' Playwright keeps an event loop running in
    # this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(anyio.run, create_app(world.settings), scope, receive, send).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")  # type: ignore[misc]
    assert start["status"] == 413
    assert json.loads(body)["detail"] == "file: the request is over 20 MB, the most taken"
    assert pulled <= 22, f"{pulled} chunks of 1 MB read for a limit of 20 MB"
    assert world.stored_files() == files


def test_a_file_just_over_20_mb_is_refused(client: TestClient, world: World) -> None:
    data = PDF + b"0" * (documents.MAX_BYTES + 1 - len(PDF))
    files = world.stored_files()
    answer = _upload(client, world, "edge.pdf", data)
    assert answer.status_code == 413  # type: ignore[attr-defined]
    assert "edge.pdf is over 20 MB" in answer.json()["detail"]  # type: ignore[attr-defined]
    assert world.stored_files() == files


def test_a_form_must_carry_a_file_and_nothing_unknown(client: TestClient, world: World) -> None:
    path = f"/api/v1/instruments/{world.instrument}/documents"
    auth = world.auth("editor_in")
    no_file = client.post(path, files={"title": (None, "x")}, headers=auth)
    assert no_file.status_code == 422 and no_file.json()["detail"].startswith("file:")
    extra = _upload(client, world, "a.pdf", PDF, colour="red")
    assert extra.status_code == 422 and extra.json()["detail"].startswith("colour:")  # type: ignore[attr-defined]
    text = client.post(path, content=b"hello", headers={**auth, "Content-Type": "text/plain"})
    assert text.status_code == 415 and "Content-Type" in text.json()["detail"]


def test_a_link_is_attached_and_checked(client: TestClient, world: World) -> None:
    path = f"/api/v1/activities/{world.activity}/documents"
    auth = world.auth("editor_in")
    bad = client.post(path, json={"url": "javascript:alert(1)"}, headers=auth)
    assert bad.status_code == 422 and bad.json()["fields"][0]["field"] == "body.url"
    unknown = client.post(path, json={"url": "https://example.org/a.pdf", "secret": 1}, headers=auth)
    assert unknown.status_code == 422 and unknown.json()["fields"][0]["field"] == "body.secret"
    ok = client.post(path, json={"url": "https://example.org/a.jpg", "kind": "photo"}, headers=auth)
    assert ok.status_code == 201 and ok.json()["url"] == "https://example.org/a.jpg"
    assert client.get(f"/documents/{ok.json()['id']}/file").status_code == 404


def test_a_removed_document_keeps_its_file_for_a_revert(client: TestClient, world: World) -> None:
    files = world.stored_files()
    gone = client.delete(
        f"/api/v1/documents/{world.document}",
        params={"reason": "wrong file"},
        headers=world.auth("editor_in"),
    )
    assert gone.status_code == 204
    assert client.get(f"/api/v1/documents/{world.document}").status_code == 404
    assert world.stored_files() == files


def test_a_signed_in_browser_uploads_with_its_csrf_token(client: TestClient, world: World) -> None:
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    form = {"email": "editor.in@example.org", "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/account").text)
    assert csrf
    path = f"/api/v1/instruments/{world.instrument}/documents"
    files = {"file": ("a.pdf", PDF, "application/pdf")}
    assert client.post(path, files=files).status_code == 403
    sent = client.post(path, files=files, data={"csrf_token": csrf.group(1)})
    assert sent.status_code == 201, sent.text
