"""The application's edge: security headers, what the server says of itself, and the
library's refusals said on the pages in the reader's language (the API keeps its English)."""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from fastapi.testclient import TestClient

from helpers import EDITOR, REVIEWER, sign_in_as
from kembar.config import Settings
from kembar.i18n import Translator
from kembar.web.app import SERVER_OPTIONS, create_app, param_label


def test_security_headers_over_http_and_https(settings: Settings) -> None:
    with TestClient(create_app(settings)) as plain:
        answer = plain.get("/health")
        assert "camera=()" in answer.headers["permissions-policy"]
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "strict-transport-security" not in answer.headers
    with TestClient(create_app(settings), base_url="https://testserver") as secure:
        assert secure.get("/health").headers["strict-transport-security"].startswith("max-age=")


def test_the_favicon_is_served_and_the_permissions_policy_names_only_known_features(
    settings: Settings,
) -> None:
    client = TestClient(create_app(settings))
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/login").text
    # Chromium reports an unknown feature as an error on every page ('bluetooth' was one)
    features = {f.split("=")[0] for f in client.get("/health").headers["Permissions-Policy"].split(", ")}
    assert "bluetooth" not in features and {"camera", "microphone", "geolocation"} <= features


def test_the_server_does_not_name_its_software(settings: Settings, tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, **SERVER_OPTIONS)
    )  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        answer = httpx.get(f"http://127.0.0.1:{port}/health")
        assert answer.status_code == 200 and "server" not in answer.headers
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# --- the library's refusals on the pages, in the reader's language ------------------------


def _said(page: str) -> str:
    """The error page's sentence (the text of its <p class="error">)."""
    found = re.search(r'<p class="error">(.*?)</p>', page, re.S)
    assert found, "no error sentence on the page"
    return found.group(1).strip()


def test_a_missing_row_is_said_in_the_readers_language(web: Any, world: dict[str, int]) -> None:
    for path, id_, en in (
        (
            "/partnerships/987654",
            "Tidak ada kemitraan dengan id 987654.",
            "There is no partnership with the id 987654.",
        ),
        ("/places/987654", "Tidak ada tempat dengan id 987654.", "There is no place with the id 987654."),
        ("/countries/QQ", "Tidak ada negara dengan kode QQ.", "There is no country with the code QQ."),
        (
            "/contacts/987654/edit",
            "Tidak ada narahubung dengan id 987654.",
            "There is no contact with the id 987654.",
        ),
    ):
        if path.startswith("/contacts"):
            sign_in_as(web, EDITOR)
        indonesian = web.get(path + "?lang=id")
        assert indonesian.status_code == 404 and _said(indonesian.text) == id_, path
        assert "Tidak ditemukan (404)" in indonesian.text
        assert _said(web.get(path + "?lang=en").text) == en, path


def test_the_api_keeps_its_english_detail(web: Any, world: dict[str, int]) -> None:
    for lang in ("id", "en"):
        answer = web.get(f"/api/v1/partnerships/987654?lang={lang}", headers={"Accept-Language": lang})
        assert answer.status_code == 404
        assert answer.json() == {"detail": "no partnership with id 987654"}
    token = sign_in_as(web, EDITOR)
    refused = web.patch(
        f"/api/v1/partnerships/{world['surabaya_busan']}?lang=id",
        json={"note": "mine"},
        headers={"X-CSRF-Token": token, "If-Match": f'"partnership-{world["surabaya_busan"]}-v1"'},
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Surabaya (ID), Busan (KR): outside the scope of dewi@bandung.example"


def test_a_refused_permission_names_the_places_in_the_readers_language(
    web: Any, world: dict[str, int]
) -> None:
    token = sign_in_as(web, EDITOR)
    path = f"/partnerships/{world['surabaya_busan']}/edit"
    indonesian = web.post(path + "?lang=id", data={"note": "mine", "csrf_token": token})
    assert indonesian.status_code == 403
    assert _said(indonesian.text) == "Surabaya (ID), Busan (KR): di luar cakupan dewi@bandung.example."
    english = web.post(path + "?lang=en", data={"note": "mine", "csrf_token": token})
    assert _said(english.text) == "Surabaya (ID), Busan (KR): outside the scope of dewi@bandung.example."


def test_a_write_without_an_account_asks_to_sign_in(web: Any, world: dict[str, int]) -> None:
    answer = web.post("/partnerships/new?lang=id", data={"place_a": 1})
    assert answer.status_code == 401 and _said(answer.text) == "Silakan masuk terlebih dahulu."
    assert _said(web.post("/partnerships/new?lang=en", data={"place_a": 1}).text) == "Sign in first."


def test_a_wrong_filter_is_said_with_its_value_escaped(web: Any, world: dict[str, int]) -> None:
    typed = "<b>XX</b>"
    indonesian = web.get("/partnerships", params={"region": typed, "lang": "id"})
    assert indonesian.status_code == 422
    said = _said(indonesian.text)
    assert (
        said == "Provinsi atau wilayah: &lt;b&gt;XX&lt;/b&gt; bukan kode wilayah ISO 3166-2, misalnya ID-JB."
    )
    assert typed not in indonesian.text
    english = web.get("/partnerships", params={"decade": "1995", "lang": "en"})
    assert _said(english.text) == "Decade of the first date: 1995 is not a decade, such as 1990."
    api = web.get("/api/v1/partnerships", params={"decade": "1995", "lang": "id"})
    assert api.status_code == 422 and api.json()["detail"] == "decade: 1995 is not a decade such as 1990"


def test_a_refusal_in_a_form_is_said_in_the_readers_language(web: Any, world: dict[str, int]) -> None:
    token = sign_in_as(web, REVIEWER)
    assert web.post("/account/tokens", data={"name": "<i>laptop</i>", "csrf_token": token}).status_code == 201
    again = web.post("/account/tokens?lang=id", data={"name": "<i>laptop</i>", "csrf_token": token})
    assert again.status_code == 422
    said = "Anda sudah punya token bernama &lt;i&gt;laptop&lt;/i&gt;; cabut token itu atau pilih nama lain."
    assert said in again.text and "<i>laptop</i>" not in again.text
    english = web.post("/account/tokens?lang=en", data={"name": "<i>laptop</i>", "csrf_token": token}).text
    assert "You already have a token named &lt;i&gt;laptop&lt;/i&gt;" in english


def test_a_wrong_address_or_parameter_of_a_page_is_said_in_the_readers_language(
    web: Any, world: dict[str, int]
) -> None:
    nowhere = web.get("/no/such/page?lang=id")
    assert nowhere.status_code == 404 and _said(nowhere.text) == "Tidak ada halaman di alamat ini."
    assert _said(web.get("/no/such/page?lang=en").text) == "There is no page at this address."
    sign_in_as(web, REVIEWER)
    answer = web.get("/review", params={"status": "maybe", "lang": "id"})
    assert answer.status_code == 422
    assert _said(answer.text) == "Status: harus salah satu dari: pending, accepted, rejected, all"
    # in English too, in plain words that say what is valid
    english = _said(web.get("/review", params={"status": "maybe", "lang": "en"}).text)
    assert english.startswith("Status: must be one of: pending") and "Input should" not in english
    api = web.get("/api/v1/partnerships/abc?lang=id")
    assert api.status_code == 422 and "integer" in api.json()["fields"][0]["reason"]
    assert web.get("/api/v1/nothing-here?lang=id").json() == {"detail": "Not Found"}


def test_an_error_page_is_headed_and_titled_by_its_status_in_the_readers_language(
    web: Any, world: dict[str, int]
) -> None:
    wrong_method = web.delete("/partnerships?lang=id")
    assert wrong_method.status_code == 405
    assert "<h1>Tidak tersedia dengan cara ini (405)</h1>" in wrong_method.text
    assert "<title>Tidak tersedia dengan cara ini (405) · Kembar</title>" in wrong_method.text
    english = web.delete("/partnerships?lang=en").text
    assert "<h1>Not available this way (405)</h1>" in english and "Bad request" not in english
    nowhere = web.get("/no/such/page?lang=id").text
    assert "<title>Tidak ditemukan (404) · Kembar</title>" in nowhere


def test_an_internal_error_page_is_headed_internal_error(settings: Settings, monkeypatch: Any) -> None:
    from kembar.web import pages

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(pages, "compute_stats", broken)
    client = TestClient(create_app(settings), raise_server_exceptions=False)
    for lang, heading in (("id", "Kesalahan internal (500)"), ("en", "Internal error (500)")):
        page = client.get("/", params={"lang": lang})
        assert page.status_code == 500 and f"<h1>{heading}</h1>" in page.text
        assert f"<title>{heading} · Kembar</title>" in page.text and "secret" not in page.text


def test_a_malformed_id_in_a_pages_address_is_no_page(web: Any, world: dict[str, int]) -> None:
    for path in ("/places/abc", "/partnerships/abc", "/places/99999999999999999999"):
        indonesian = web.get(path, params={"lang": "id"})
        assert indonesian.status_code == 404, path
        assert _said(indonesian.text) == "Tidak ada halaman di alamat ini.", path
        assert _said(web.get(path, params={"lang": "en"}).text) == "There is no page at this address."
    # the API keeps its 422 naming the parameter
    api = web.get("/api/v1/places/abc")
    assert api.status_code == 422 and api.json()["fields"][0]["field"] == "place_id"


def test_a_malformed_query_parameter_of_a_page_is_named_by_its_label(web: Any, world: dict[str, int]) -> None:
    for params, said in (
        ({"page": "abc", "lang": "id"}, "Halaman: harus berupa bilangan bulat 1 atau lebih"),
        ({"page": "-1", "lang": "id"}, "Halaman: harus berupa bilangan bulat 1 atau lebih"),
        ({"page": "abc", "lang": "en"}, "Page: must be a whole number of 1 or more"),
        ({"page": "-1", "lang": "en"}, "Page: must be a whole number of 1 or more"),
        ({"page": "2000000", "lang": "en"}, "Page: must be 1000000 or less"),
        ({"decade": "abc", "lang": "id"}, "Dekade tanggal pertama: harus berupa bilangan bulat"),
    ):
        answer = web.get("/partnerships", params=params)
        assert answer.status_code == 422 and _said(answer.text) == said
    # a parameter without a label keeps its name
    assert param_label(Translator("id"), "sort") == "sort"
