"""Fixtures shared by the tests.

Tests of the storage, the write path, concurrency and the API run on both backends: a
module that says `pytestmark = pytest.mark.backends` gets each test that uses the
`settings` or `db` fixture twice, on SQLite and on PostgreSQL. PostgreSQL is a throwaway
cluster started for the session (tests/pgcluster.py), or the server named by
KEMBAR_TEST_POSTGRES_URL; each test gets a fresh database copied from a migrated template.
Without a PostgreSQL server the run fails saying what to install: it never skips them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from kembar.config import Settings
from kembar.db import Database
from kembar.extract.mentions import MentionIndex

BACKENDS = ("sqlite", "postgresql")
TEMPLATE = "kembar_template"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "backends: run the module's database tests on SQLite and PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: a test of SQLite's own behaviour (locks, files)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    node = metafunc.definition
    wants_db = "settings" in metafunc.fixturenames or "backend" in metafunc.fixturenames
    if wants_db and node.get_closest_marker("backends") and not node.get_closest_marker("sqlite_only"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server where the tests may create databases, with a
    migrated template database on it."""
    url = os.environ.get("KEMBAR_TEST_POSTGRES_URL", "").strip()
    cluster = None
    if not url:
        from pgcluster import start_cluster

        try:
            cluster = start_cluster()
        except RuntimeError as exc:
            pytest.fail(f"PostgreSQL: {exc}", pytrace=False)
        url = cluster.url
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
        conn.execute(sa.text(f"CREATE DATABASE {TEMPLATE}"))
    home = Path(os.environ.get("TMPDIR", "/tmp"))
    Database(Settings(home=home, database_url=_database(url, TEMPLATE))).dispose()
    yield url
    admin.dispose()
    if cluster is not None:
        cluster.stop()


def _database(server: str, name: str) -> str:
    return server.rsplit("/", 1)[0] + "/" + name


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[str]:
    """A fresh, migrated database of its own for one test (dropped afterwards)."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}"))
    yield _database(postgres_server, name)
    with admin.connect() as conn:
        conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str, request: pytest.FixtureRequest
) -> Settings:
    monkeypatch.setenv("KEMBAR_HOME", str(tmp_path / "home"))
    if backend == "postgresql":
        monkeypatch.setenv("KEMBAR_DATABASE_URL", request.getfixturevalue("postgres_database"))
    else:
        monkeypatch.delenv("KEMBAR_DATABASE_URL", raising=False)
    return Settings.from_env()


@pytest.fixture
def db(settings: Settings) -> Iterator[Database]:
    database = Database(settings)
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def atlas_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A KEMBAR_HOME holding the full bundled atlas, built once for the session."""
    from kembar.atlas.build import build_atlas

    home = tmp_path_factory.mktemp("atlas")
    database = Database(Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}"))
    with database.session() as session:
        build_atlas(session)
    database.dispose()
    return home


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2 with its production cost takes about 0.2 s a hash on a test machine; the
    tests hash hundreds of times, so they use the same algorithm at a low cost."""
    from argon2 import PasswordHasher

    from kembar import users

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(users, "_hasher", lambda: cheap)


@pytest.fixture
def world(db: Database) -> dict[str, int]:
    """A small registry for the pages' tests (tests/helpers.py registry_world)."""
    from helpers import registry_world

    with db.write() as session:
        return registry_world(session)


@pytest.fixture
def web(settings: Settings, world: dict[str, int]) -> Iterator[object]:
    """The app in-process, without its lifespan (no cache warming, no recommender)."""
    from fastapi.testclient import TestClient

    from kembar.web.app import create_app

    yield TestClient(create_app(settings))


@pytest.fixture(scope="session")
def index() -> MentionIndex:
    """The place index of the extractor, built once for the session."""
    return MentionIndex.build()
