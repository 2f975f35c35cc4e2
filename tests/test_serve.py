"""`kembar serve --workers 2`, a real server of two processes, on both backends: a
sign-in made on one worker is valid on every connection, whichever worker takes it, and
a write made through one is read back through all (their caches renew)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from helpers import EDITOR, registry_world, sign_in_as
from kembar.config import Settings
from kembar.db import Database

pytestmark = [pytest.mark.backends, pytest.mark.slow]
KEMBAR = Path(sys.executable).parent / "kembar"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(settings: Settings, db: Database) -> Iterator[tuple[str, dict[str, int]]]:
    with db.write() as s:
        ids = registry_world(s)
    port = _free_port()
    proc = subprocess.Popen(
        [str(KEMBAR), "serve", "--port", str(port), "--workers", "2"],
        env=dict(os.environ),  # the settings fixture's KEMBAR_HOME and KEMBAR_DATABASE_URL
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("kembar serve --workers 2 did not answer within 60 s")
        yield base, ids
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
        assert b"Traceback" not in err, err.decode(errors="replace")[-2000:]


def test_sessions_and_writes_hold_across_workers(served: tuple[str, dict[str, int]]) -> None:
    base, ids = served
    with httpx.Client(base_url=base) as browser:
        csrf = sign_in_as(browser, EDITOR)
        cookies = dict(browser.cookies)
    path = f"/api/v1/places/{ids['bandung']}"
    before = httpx.get(base + path).headers["ETag"]
    # Each request on a fresh connection: the two workers take them in turn or at random.
    for _ in range(12):
        me = httpx.get(f"{base}/api/v1/auth/me", cookies=cookies)
        assert me.status_code == 200 and me.json()["email"] == EDITOR
        assert httpx.get(base + path).headers["ETag"] == before  # each worker's cache warm
    changed = httpx.patch(
        base + path,
        json={"seeking": "Partners in flood control"},
        headers={"If-Match": before, "X-CSRF-Token": csrf},
        cookies=cookies,
    )
    assert changed.status_code == 200, changed.text
    for _ in range(12):
        answer = httpx.get(base + path)
        assert answer.headers["ETag"] == changed.headers["ETag"]
        assert answer.json()["seeking"] == "Partners in flood control"
