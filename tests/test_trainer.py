"""The recommender is built off the request path: by one process at a time, while the
server keeps answering with the previous one."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from helpers import seed_model
from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Partnership, Place
from kembar.places import find_place
from kembar.recommend import trainer
from kembar.recommend.service import recommend


def _settings(home: Path) -> Settings:
    return Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}", retrain_check=0.2)


@pytest.fixture(scope="module")
def small_home(
    small_atlas_home: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Path:
    """The small packaged atlas (about 500 real partnerships of Southeast Asia and
    Kazakhstan) without a recommender, and the ranker of its graph already trained (once,
    or from the run's cache): these tests are about building, locking and swapping the
    snapshot, which each of them still does; the one that adds a partnership trains a
    new ranker for the new graph."""
    import shutil

    home = tmp_path_factory.mktemp("small") / "home"
    shutil.copytree(small_atlas_home, home, ignore=shutil.ignore_patterns("models"))
    seed_model(_settings(home), request.config)
    return home


@pytest.fixture
def home(small_home: Path, tmp_path: Path) -> Path:
    import shutil

    copy = tmp_path / "home"
    shutil.copytree(small_home, copy)
    assert not (copy / "models" / trainer.SNAPSHOT).exists()  # each test builds its own
    return copy


def _add_partnership(db: Database) -> tuple[int, int]:
    """A new partnership between two places of the registry that had none."""
    with db.write() as s:
        jakarta = find_place(s, "Jakarta", "ID")
        taken = {
            a if b == jakarta.id else b
            for a, b in s.execute(
                select(Partnership.place_a_id, Partnership.place_b_id).where(
                    (Partnership.place_a_id == jakarta.id) | (Partnership.place_b_id == jakarta.id)
                )
            )
        }
        other = s.scalars(
            select(Place).where(Place.partner_count > 0, Place.id.not_in([jakarta.id, *taken])).limit(1)
        ).one()
        lo, hi = sorted((jakarta.id, other.id))
        s.add(Partnership(place_a_id=lo, place_b_id=hi, kind="sister_city"))
        return jakarta.id, other.id


def test_commands_build_the_snapshot_once_and_reuse_it(home: Path) -> None:
    settings = _settings(home)
    db = Database(settings)
    rec = trainer.ensure(settings, db)
    with db.session() as s:
        assert trainer.stamp_of(settings) == trainer.graph_version(s)
        jakarta = find_place(s, "Jakarta", "ID")
        assert recommend(s, rec, jakarta, k=5)
    mtime = (home / "models" / trainer.SNAPSHOT).stat().st_mtime
    trainer.ensure(settings, db)
    assert (home / "models" / trainer.SNAPSHOT).stat().st_mtime == mtime  # loaded, not rebuilt
    db.dispose()


def test_one_builder_at_a_time(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = _settings(home)
    db = Database(settings)
    keeper = trainer.Keeper(settings, db, interval=60)
    with trainer.build_lock(settings, wait=False) as got:
        assert got  # the test holds the lock as another builder would
        keeper.check_once()
        assert keeper._child is None  # the graph is new, but another builder is at work
        for key, value in settings.environ().items():
            monkeypatch.setenv(key, value)
        # main() lowers its own priority, meant for the builder's process: here it runs
        # in the test's, which would then run (and start builders) at the lowest priority
        # for the rest of the session, starved on a busy machine.
        monkeypatch.setattr(trainer.os, "nice", lambda increment: 0)
        assert trainer.main() == 0  # a builder process started now leaves at once
        assert trainer.stamp_of(settings) is None
    keeper.check_once()
    assert keeper._child is not None  # the lock is free: a builder starts
    keeper.wait_for_build()
    assert keeper.current() is not None
    db.dispose()


def test_the_previous_recommender_answers_until_the_new_one_is_ready(home: Path) -> None:
    settings = _settings(home)
    db = Database(settings)
    keeper = trainer.Keeper(settings, db, interval=60)
    assert keeper.current() is None
    keeper.check_once()
    keeper.wait_for_build()
    first = keeper.current()
    assert first is not None
    jakarta_id, newcomer = _add_partnership(db)
    keeper.check_once()  # the graph changed: a builder starts in the background
    assert keeper._child is not None and keeper.current() is first
    with db.session() as s:
        jakarta = s.get(Place, jakarta_id)
        assert jakarta is not None
        suggested = {c.id for c in recommend(s, first, jakarta, k=50)}
        assert newcomer not in suggested  # the old graph does not know it; the registry does
    keeper.wait_for_build()
    assert keeper.current() is not first
    with db.session() as s:
        assert trainer.stamp_of(settings) == trainer.graph_version(s)
        assert s.scalar(select(func.count()).select_from(Partnership)) > 0
    db.dispose()


@pytest.fixture
def server(home: Path) -> Iterator[tuple[str, object]]:
    from kembar.web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = create_app(_settings(home))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    while not srv.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app.state.keeper
    srv.should_exit = True
    thread.join(timeout=10)


def test_the_server_answers_while_the_recommender_is_built(server: tuple[str, object], home: Path) -> None:
    base, keeper = server
    db = Database(_settings(home))
    with db.session() as s:
        place_id = find_place(s, "Jakarta", "ID").id
    db.dispose()
    with httpx.Client(base_url=base, timeout=30) as client:
        first = client.get(f"/api/v1/places/{place_id}/recommendations")
        assert first.status_code == 200 and first.json()["status"] == "updating"
        assert first.json()["candidates"] == []
        deadline = time.monotonic() + 10
        while keeper._child is None and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.05)
        assert keeper._child is not None  # type: ignore[attr-defined]

        def hit(n: int) -> int:
            url = "/health" if n % 2 else f"/api/v1/places/{place_id}"
            return client.get(url).status_code

        # 16 clients while the builder runs in its own process: every request answers.
        with ThreadPoolExecutor(16) as pool:
            codes = list(pool.map(hit, range(320)))
        assert codes == [200] * 320
        ready = None
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            ready = client.get(f"/api/v1/places/{place_id}/recommendations").json()
            if ready["status"] == "ready":
                break
            time.sleep(0.5)
        assert ready is not None and ready["status"] == "ready" and ready["candidates"]


def test_openmp_threads_sleep_when_idle_unless_the_user_says_otherwise() -> None:
    """Spinning OpenMP threads made a 2 s training take 100 s on a busy machine."""
    import os
    import subprocess
    import sys

    code = "import kembar, os; print(os.environ['OMP_WAIT_POLICY'])"
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "PASSIVE"
    env["OMP_WAIT_POLICY"] = "ACTIVE"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ACTIVE"
