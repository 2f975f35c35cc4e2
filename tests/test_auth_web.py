"""Signing in and out through the ASGI app in-process: cookie flags, CSRF refusals,
throttling, bearer tokens, the token endpoint, the account and users pages, the API docs."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from helpers import web_client
from kembar import users
from kembar.config import Settings
from kembar.db import Database
from kembar.db.accounts import ApiToken, WebSession
from kembar.permissions import system_actor
from kembar.web import security
from kembar.web.app import create_app

pytestmark = pytest.mark.backends

ROOT = system_actor("cli")
PASSWORD = "kata sandi rahasia"


@pytest.fixture
def app_db(settings: Settings, db: Database) -> Database:
    with db.session() as s:
        users.add_user(s, ROOT, "admin@example.org", "admin", PASSWORD, name="Admin")
        users.add_user(
            s, ROOT, "ani@example.org", "editor", PASSWORD, name="Ani <b>Lestari</b>", language="id"
        )
        users.add_user(s, ROOT, "budi@example.org", "viewer", PASSWORD)
    return db


@pytest.fixture
def client(settings: Settings, app_db: Database) -> Iterator[TestClient]:
    # Without `with`: the lifespan (cache warming) is not needed here.
    yield web_client(settings)


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field in the page"
    return found.group(1)


def sign_in(client: TestClient, email: str = "ani@example.org", password: str = PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    token = csrf(client.get("/login").text)
    data = {"email": email, "password": password, "csrf_token": token, **extra}
    return client.post("/login", data=data, follow_redirects=False)


def count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_the_login_page_speaks_both_languages(client: TestClient) -> None:
    english = client.get("/login?lang=en").text
    assert "Password" in english and 'id="sign-in"' in english
    indonesian = client.get("/login?lang=id").text
    assert "Kata sandi" in indonesian and "Masuk" in indonesian
    # Every page links to it, with the way back.
    assert 'href="/login?next=/network"' in client.get("/network").text


def test_signing_in_sets_a_safe_cookie_and_goes_back(client: TestClient) -> None:
    r = sign_in(client, next="/account")
    assert r.status_code == 303 and r.headers["location"] == "/account"
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith(security.SESSION_COOKIE + "="))
    flags = cookie.lower()
    assert (
        "httponly" in flags and "samesite=lax" in flags and "path=/" in flags and "max-age=1209600" in flags
    )
    assert "secure" not in flags  # plain HTTP
    page = client.get("/account")
    assert page.status_code == 200 and "ani@example.org" in page.text
    # The header shows the name, escaped, and a sign-out form.
    assert "Ani &lt;b&gt;Lestari&lt;/b&gt;" in page.text and "<b>Lestari" not in page.text
    assert 'id="sign-out"' in page.text and 'name="csrf-token"' in page.text
    # The account's language becomes the interface's.
    assert 'lang="id"' in client.get("/network").text


def test_signing_in_keeps_the_language_this_browser_chose(client: TestClient) -> None:
    client.get("/login?lang=id")  # chosen here; the admin's account says English
    r = sign_in(client, email="admin@example.org")
    assert r.status_code == 303 and not any(c.startswith("lang=") for c in r.headers.get_list("set-cookie"))
    assert 'lang="id"' in client.get("/network").text
    client.cookies.clear()
    client.get("/login?lang=en")
    sign_in(client)  # Ani's account says Indonesian
    assert 'lang="en"' in client.get("/network").text


def test_the_cookie_is_secure_over_https(settings: Settings, app_db: Database) -> None:
    client = TestClient(create_app(settings), base_url="https://testserver")
    r = sign_in(client)
    cookie = next(c for c in r.headers.get_list("set-cookie") if c.startswith(security.SESSION_COOKIE + "="))
    assert "secure" in cookie.lower()


def test_only_local_paths_are_followed_after_signing_in(client: TestClient) -> None:
    for target in ("//evil.example/x", "https://evil.example/", "javascript:alert(1)"):
        client.cookies.clear()
        assert sign_in(client, next=target).headers["location"] == "/"


def test_a_wrong_password_is_a_401_without_a_session(client: TestClient, app_db: Database) -> None:
    r = sign_in(client, password="not the password")
    assert r.status_code == 401
    assert "Wrong email or password" in r.text or "Email atau kata sandi salah" in r.text
    assert "not the password" not in r.text
    assert security.SESSION_COOKIE not in r.headers.get("set-cookie", "")
    assert count(app_db, WebSession) == 0
    assert client.get("/account", follow_redirects=False).headers["location"] == "/login?next=/account"


def test_forms_without_the_right_csrf_token_are_refused(client: TestClient, app_db: Database) -> None:
    data = {"email": "ani@example.org", "password": PASSWORD}
    assert client.post("/login", data=data).status_code == 403
    # the page says what to do in the reader's language
    said = client.post("/login?lang=id", data=data).text
    assert "Formulir ini kedaluwarsa" in said and "CSRF" not in said.split("<main")[-1]
    assert "reload the page and send it again" in client.post("/login?lang=en", data=data).text
    client.get("/login")
    assert client.post("/login", data={**data, "csrf_token": "forged"}).status_code == 403
    assert count(app_db, WebSession) == 0
    sign_in(client)
    page = client.get("/account").text
    token = csrf(page)
    for sent in ({}, {"csrf_token": "forged"}, {"csrf_token": token + "x"}):
        assert client.post("/account/tokens", data={"name": "laptop", **sent}).status_code == 403
        assert client.post("/logout", data=sent, follow_redirects=False).status_code == 403
    assert count(app_db, ApiToken) == 0
    assert client.get("/account").status_code == 200  # still signed in
    assert client.post("/account/tokens", data={"name": "laptop", "csrf_token": token}).status_code == 201
    assert count(app_db, ApiToken) == 1


def test_signing_out_ends_the_session_on_the_server(client: TestClient, app_db: Database) -> None:
    sign_in(client)
    stolen = client.cookies.get(security.SESSION_COOKIE)
    token = csrf(client.get("/account").text)
    r = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and count(app_db, WebSession) == 0
    assert client.get("/account", follow_redirects=False).status_code == 303
    # The old cookie, replayed, opens nothing.
    client.cookies.set(security.SESSION_COOKIE, stolen or "")
    assert client.get("/api/v1/auth/me").status_code == 401


def test_a_forged_cookie_opens_nothing(client: TestClient) -> None:
    client.cookies.set(security.SESSION_COOKIE, "made-up.value")
    assert client.get("/api/v1/auth/me").status_code == 401
    assert 'id="sign-in"' in client.get("/login").text


def test_cookie_json_writes_need_the_csrf_header(client: TestClient) -> None:
    sign_in(client)
    token = csrf(client.get("/account").text)
    assert client.post("/api/v1/auth/tokens", json={"name": "a"}).status_code == 403
    bad = client.post("/api/v1/auth/tokens", json={"name": "a"}, headers={"X-CSRF-Token": "forged"})
    assert bad.status_code == 403
    good = client.post("/api/v1/auth/tokens", json={"name": "a"}, headers={"X-CSRF-Token": token})
    assert good.status_code == 201 and good.json()["token"].startswith("kmb_")
    # A bearer token needs no CSRF token, cookie or not.
    client.cookies.clear()
    auth = {"Authorization": f"Bearer {good.json()['token']}"}
    assert client.post("/api/v1/auth/tokens", json={"name": "b"}, headers=auth).status_code == 201


def test_ten_failures_throttle_sign_in_to_429(client: TestClient) -> None:
    for _ in range(10):
        assert sign_in(client, password="wrong password").status_code == 401
    r = sign_in(client)  # the right password, too late
    assert r.status_code == 429 and "Try again in 15 minutes" in r.text
    assert 800 < int(r.headers["Retry-After"]) <= 900
    api = client.post("/api/v1/auth/token", json={"email": "ani@example.org", "password": PASSWORD})
    assert api.status_code == 429 and "try again in 15 minutes" in api.json()["detail"]
    assert "Retry-After" in api.headers


def test_the_token_endpoint(client: TestClient) -> None:
    bad = client.post("/api/v1/auth/token", json={"email": "ani@example.org", "password": "nope nope"})
    assert bad.status_code == 401 and bad.json() == {"detail": "wrong email or password"}
    assert "nope" not in bad.text
    assert client.post("/api/v1/auth/token", json={"email": "ani@example.org"}).status_code == 422
    good = client.post("/api/v1/auth/token", json={"email": "ANI@example.org", "password": PASSWORD})
    assert good.status_code == 200 and set(good.json()) == {"token"}
    me = client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {good.json()['token']}"})
    assert me.status_code == 200 and me.json()["email"] == "ani@example.org" and me.json()["channel"] == "api"


def test_a_bearer_token_works_until_revoked(client: TestClient) -> None:
    sign_in(client)
    token = csrf(client.get("/account").text)
    page = client.post("/account/tokens", data={"name": "laptop", "csrf_token": token})
    assert page.status_code == 201 and page.headers["Cache-Control"] == "no-store"
    secret = re.search(r'id="new-token-secret">(kmb_[^<]+)<', page.text)
    assert secret
    client.cookies.clear()
    auth = {"Authorization": f"Bearer {secret.group(1)}"}
    assert client.get("/api/v1/auth/me", headers=auth).json()["role"] == "editor"
    # The account page shows when it was last used, and never the secret again.
    sign_in(client)
    listed = client.get("/account").text
    assert "laptop" in listed and secret.group(1) not in listed
    token_id = re.search(r'action="/account/tokens/(\d+)/revoke"', listed)
    assert token_id
    r = client.post(f"/account/tokens/{token_id.group(1)}/revoke", data={"csrf_token": csrf(listed)})
    assert r.status_code == 200  # followed back to the account page
    client.cookies.clear()
    refused = client.get("/api/v1/auth/me", headers=auth)
    assert refused.status_code == 401 and refused.headers["WWW-Authenticate"] == "Bearer"


def test_a_disabled_account_is_signed_out_everywhere(client: TestClient, app_db: Database) -> None:
    sign_in(client)
    token = client.post(
        "/api/v1/auth/tokens", json={"name": "x"}, headers={"X-CSRF-Token": csrf(client.get("/account").text)}
    ).json()["token"]
    with app_db.session() as s:
        users.disable_user(s, ROOT, "ani@example.org")
    assert client.get("/api/v1/auth/me").status_code == 401
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert sign_in(client).status_code == 401


def test_the_users_page_is_for_admins(client: TestClient) -> None:
    assert client.get("/admin/users", follow_redirects=False).status_code == 303
    sign_in(client, "budi@example.org")
    assert client.get("/admin/users").status_code == 403
    client.cookies.clear()
    sign_in(client, "admin@example.org")
    page = client.get("/admin/users")
    assert page.status_code == 200
    assert all(e in page.text for e in ("admin@example.org", "ani@example.org", "budi@example.org"))


def test_passwords_never_reach_the_logs(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sign_in(client, password="Zebra-Wrong-9")
    sign_in(client)
    client.post("/api/v1/auth/token", json={"email": "ani@example.org", "password": "Zebra-Wrong-9"})
    assert "Zebra-Wrong-9" not in caplog.text and PASSWORD not in caplog.text


def test_the_secret_key_is_generated_once_and_shared(settings: Settings, app_db: Database) -> None:
    key = security.secret_key(settings)
    path = settings.home / security.KEY_FILE
    assert path.is_file() and os.stat(path).st_mode & 0o777 == 0o600
    assert security.secret_key(settings) == key
    # Two workers of one home sign alike: a session opened through one works in the other.
    first, second = TestClient(create_app(settings)), TestClient(create_app(settings))
    sign_in(first)
    second.cookies.set(security.SESSION_COOKIE, first.cookies.get(security.SESSION_COOKIE) or "")
    assert second.get("/api/v1/auth/me").status_code == 200
    # Another key does not accept that cookie.
    other = Settings(home=settings.home, database_url=settings.database_url, secret_key="k" * 40)
    third = TestClient(create_app(other))
    third.cookies.set(security.SESSION_COOKIE, first.cookies.get(security.SESSION_COOKIE) or "")
    assert third.get("/api/v1/auth/me").status_code == 401


def test_a_short_secret_key_is_refused_without_echoing_it() -> None:
    from kembar.errors import ConfigError

    with pytest.raises(ConfigError, match="KEMBAR_SECRET_KEY is too short") as err:
        Settings.from_env({"KEMBAR_HOME": "/tmp", "KEMBAR_SECRET_KEY": "tooshort"})
    assert "tooshort" not in err.value.message


def test_the_api_docs_load_their_assets_from_the_app(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert "<script>" not in page.text and "cdn" not in page.text.lower()
    for src in re.findall(r'(?:src|href)="(/[^"]+)"', page.text):
        assert client.get(src).status_code == 200, src
    assert client.get("/api/docs/assets/index.html").status_code == 404
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/auth/token" in schema["paths"]
    assert schema["components"]["securitySchemes"]["token"]["scheme"] == "bearer"


def test_anonymous_api_calls_get_json_401(client: TestClient) -> None:
    r = client.get("/api/v1/auth/me")
    assert r.status_code == 401 and "sign in" in r.json()["detail"]


def _change_password(client: TestClient, current: str, new: str, again: str | None = None, lang: str = "en"):  # type: ignore[no-untyped-def]
    token = csrf(client.get("/account").text)
    data = {"current_password": current, "new_password": new, "new_password_again": again or new}
    return client.post(
        f"/account/password?lang={lang}", data={**data, "csrf_token": token}, follow_redirects=False
    )


def test_a_user_changes_their_own_password_on_the_account_page(
    settings: Settings, client: TestClient, app_db: Database
) -> None:
    other = web_client(settings)
    sign_in(other)
    sign_in(client)
    page = client.get("/account?lang=id").text
    assert 'id="password-form"' in page and "Kata sandi saat ini" in page and "Ganti kata sandi" in page
    # refused: no CSRF token, the two new ones differ, too short, the current one wrong
    sent = {"current_password": PASSWORD, "new_password": "x" * 12, "new_password_again": "x" * 12}
    assert client.post("/account/password", data=sent).status_code == 403
    refused = _change_password(client, PASSWORD, "a new passphrase", "a new passphrase!", lang="id")
    assert refused.status_code == 422 and "Kedua kata sandi baru berbeda" in refused.text
    assert "a new passphrase" not in refused.text
    refused = _change_password(client, PASSWORD, "short")
    assert refused.status_code == 422 and "A password needs at least 8 characters." in refused.text
    refused = _change_password(client, "not the password", "a new passphrase")
    assert refused.status_code == 422 and "The current password is wrong." in refused.text
    assert sign_in(TestClient(create_app(settings)), password="a new passphrase").status_code == 401
    changed = _change_password(client, PASSWORD, "a new passphrase")
    assert changed.status_code == 303 and changed.headers["location"] == "/account?password=changed"
    # this browser stays signed in with a new session; the other one is signed out
    assert "Your password has been changed." in client.get(changed.headers["location"]).text
    assert other.get("/account", follow_redirects=False).status_code == 303
    assert count(app_db, WebSession) == 1
    assert sign_in(web_client(settings), password=PASSWORD).status_code == 401
    assert sign_in(web_client(settings), password="a new passphrase").status_code == 303
    with app_db.session() as s:
        from kembar.db.registry import ChangeSet

        recorded = s.scalars(select(ChangeSet).where(ChangeSet.summary.like("Changed the password%"))).all()
        assert [(c.actor, c.channel) for c in recorded] == [("ani@example.org", "web")]


def test_wrong_current_passwords_are_throttled_like_sign_ins(client: TestClient) -> None:
    sign_in(client)
    for _ in range(10):
        assert _change_password(client, "wrong password", "a new passphrase").status_code == 422
    r = _change_password(client, PASSWORD, "a new passphrase")
    assert r.status_code == 429 and "Try again in 15 minutes" in r.text
    assert 800 < int(r.headers["Retry-After"]) <= 900


def test_the_account_page_shows_a_reviewers_stored_scope_and_what_it_does(
    client: TestClient, app_db: Database
) -> None:
    with app_db.session() as s:
        users.add_user(s, ROOT, "rina@example.org", "reviewer", PASSWORD, scope=["ID"])
    sign_in(client, email="rina@example.org")
    page = " ".join(client.get("/account?lang=en").text.split())
    assert "all of Indonesia (for My partnerships and reminders; your role edits every place)" in page
