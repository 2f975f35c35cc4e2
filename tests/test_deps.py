"""The web dependencies never query the database on the event loop: a token or a
session cookie is looked up in a worker thread. On the loop, a write waiting for
SQLite's write lock (up to the busy timeout) froze every request of the worker; on
PostgreSQL every lookup would wait for the network there."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from api_world import PASSWORD, World, template_fixture, world_fixture  # noqa: F401  (the template and world fixtures)
from helpers import csrf_of
from kembar.web.app import create_app


@pytest.fixture
def on_loop(world: World) -> Iterator[tuple[TestClient, list[str]]]:
    """A client of the app and the statements its requests ran on an event loop's thread."""
    app = create_app(world.settings)
    found: list[str] = []

    def check(conn: object, cursor: object, statement: str, *args: object) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # a worker thread: where the database belongs
        found.append(f"{threading.current_thread().name}: {statement.split()[0]} ...")

    event.listen(app.state.db.engine, "before_cursor_execute", check)
    yield TestClient(app), found
    event.remove(app.state.db.engine, "before_cursor_execute", check)


def test_a_token_is_looked_up_off_the_event_loop(world: World, on_loop: tuple[TestClient, list[str]]) -> None:
    client, found = on_loop
    path = f"/api/v1/partnerships/{world.partnership}"
    answer = client.get(path, headers=world.auth("admin"))
    assert answer.status_code == 200, answer.text
    patched = client.patch(
        path,
        json={"note": "read off the loop"},
        headers={**world.auth("admin"), "If-Match": answer.headers["ETag"]},
    )
    assert patched.status_code == 200, patched.text
    assert found == []


def test_a_session_cookie_is_looked_up_off_the_event_loop(
    world: World, on_loop: tuple[TestClient, list[str]]
) -> None:
    client, found = on_loop
    form = {
        "email": "admin@example.org",
        "password": PASSWORD,
        "csrf_token": csrf_of(client.get("/login").text),
    }
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    found.clear()
    assert client.get("/account").status_code == 200
    assert client.get(f"/partnerships/{world.partnership}").status_code == 200
    assert found == []
