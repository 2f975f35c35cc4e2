"""Accounts in a real browser: sign in, create an API token on the account page, sign
out; the API docs render under the CSP (no console error, nothing from another host)."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from kembar import users
from kembar.config import Settings
from kembar.db import Database
from kembar.permissions import system_actor

pytestmark = pytest.mark.slow

EMAIL = "browser.editor@example.org"
PASSWORD = "a browser password"


@pytest.fixture(scope="module")
def editor(small_atlas_home: Path) -> str:
    home = small_atlas_home
    database = Database(Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}"))
    with database.session() as s:
        if users.find_user(s, EMAIL) is None:
            users.add_user(
                s, system_actor("cli"), EMAIL, "editor", PASSWORD, scope=["ID"], name="Dewi Browser"
            )
    database.dispose()
    return EMAIL


def test_sign_in_create_a_token_and_sign_out(page: Any, server: str, editor: str) -> None:
    p = page.page
    p.goto(server + "/network")
    p.click("#sign-in")
    p.wait_for_url("**/login?next=/network")
    p.fill("#login-form input[name=email]", editor)
    p.fill("#login-form input[name=password]", PASSWORD)
    p.click("#login-form button[type=submit]")
    p.wait_for_url(server + "/network")
    assert p.locator("#account-link").inner_text() == "Dewi Browser"

    p.click("#account-link")
    p.wait_for_url("**/account")
    assert editor in p.locator("#account-facts").inner_text()
    p.fill("#token-form input[name=name]", "browser script")
    p.click("#token-form button[type=submit]")
    secret = p.locator("#new-token-secret").inner_text().strip()
    assert secret.startswith("kmb_")
    assert "browser script" in p.locator("#tokens").inner_text()

    # The token works for a script, outside the browser.
    request = urllib.request.Request(
        server + "/api/v1/auth/me", headers={"Authorization": f"Bearer {secret}"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert json.load(answer)["email"] == editor

    p.click("#sign-out")
    p.wait_for_url(server + "/")
    assert p.locator("#sign-in").is_visible()
    p.goto(server + "/account")
    p.wait_for_url("**/login?next=/account")


def test_the_api_docs_render(page: Any, server: str) -> None:
    p = page.page
    p.goto(server + "/api/docs")
    p.wait_for_selector(".opblock", timeout=20_000)
    assert p.locator(".opblock").count() >= 15
    assert "/api/v1/auth/token" in p.locator("#swagger-ui").inner_text()
    # Opening an operation draws its parameters and schemas, still without a CSP error.
    p.locator(".opblock-summary", has_text="/api/v1/auth/token").first.click()
    p.wait_for_selector(".opblock.is-open .opblock-body", timeout=5_000)
