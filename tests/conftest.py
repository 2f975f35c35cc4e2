"""Fixtures shared by the tests.

Tests of the storage, the write path, concurrency and the API run on both backends: a
module that says `pytestmark = pytest.mark.backends` gets each test that uses the
`settings` or `db` fixture twice, on SQLite and on PostgreSQL. PostgreSQL is a throwaway
cluster started for the session (tests/pgcluster.py), or the server named by
KEMBAR_TEST_POSTGRES_URL; each test gets a fresh database copied from a migrated template.
Without a PostgreSQL server the run fails saying what to install: it never skips them.
KEMBAR_TEST_BACKENDS=sqlite (what `make test-fast` sets) runs them on SQLite only.

Tests that read an atlas use the small one packaged with Kembar (`small_atlas_home`:
about 500 real rows, Southeast Asia and Kazakhstan, the seed articles' places included),
built once per session in seconds; only the tests of the full world dataset itself (its
row count, `kembar init` on it) build the full atlas (`atlas_home`, marked slow).
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

ALL_BACKENDS = ("sqlite", "postgresql")


def _backends() -> tuple[str, ...]:
    asked = [b.strip() for b in os.environ.get("KEMBAR_TEST_BACKENDS", "").split(",") if b.strip()]
    unknown = [b for b in asked if b not in ALL_BACKENDS]
    if unknown:
        raise pytest.UsageError(
            f"KEMBAR_TEST_BACKENDS: {unknown[0]!r} is not one of {', '.join(ALL_BACKENDS)}"
        )
    return tuple(asked) or ALL_BACKENDS


BACKENDS = _backends()
TEMPLATE = "kembar_template"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "backends: run the module's database tests on SQLite and PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only: a test of SQLite's own behaviour (locks, files)")


# Session fixtures that cost tens of seconds each: the tests using them run in one
# process when the suite runs in several (pytest-xdist's --dist loadgroup), so that
# each is built once. Two groups, so that the world atlas's tests do not all wait in one
# process: those of its trained recommender (the atlas built, its ranker trained) and
# those of the atlas alone (the atlas built again in another process, in parallel).
COSTLY_GROUPS = (("trained_atlas_home", "world-ranker"), ("atlas_home", "world-atlas"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        group = next((g for fixture, g in COSTLY_GROUPS if fixture in names), None)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))


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


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite registry migrated to the newest schema, made once for the session."""
    home = tmp_path_factory.mktemp("sqlite-template")
    Database(Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")).dispose()
    return home / "kembar.sqlite3"


@pytest.fixture(scope="session")
def lifecycle_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The lifecycle tests' world (tests/lifecycle_world.py) built once a test process
    into a home of its own (SQLite); each test gets a copy."""
    from lifecycle_world import build_world

    home = tmp_path_factory.mktemp("lifecycle") / "home"
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")
    db = Database(settings)
    world = build_world(db, settings)
    db.dispose()  # closes the last connection: the file holds everything, no -wal left
    return home, world


@pytest.fixture
def db(settings: Settings, request: pytest.FixtureRequest) -> Iterator[Database]:
    """The test's registry, migrated: on SQLite a file copy of the session's migrated
    template (as PostgreSQL's tests copy theirs), not the migrations run again per test.
    The migrations from empty have their own tests (tests/test_storage.py)."""
    from kembar.db.storage import sqlite_path

    path = sqlite_path(settings.database_url) if settings.is_sqlite else None
    if path is not None and not path.exists():
        import shutil

        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    database = Database(settings)
    yield database
    database.dispose()


def _built_atlas(home: Path, csv: Path | None = None) -> Path:
    from kembar.atlas.build import build_atlas

    database = Database(Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}"))
    with database.session() as session:
        build_atlas(session, csv) if csv is not None else build_atlas(session)
    database.dispose()
    return home


@pytest.fixture(scope="session")
def atlas_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A KEMBAR_HOME holding the full bundled atlas (25,912 rows), built once for the
    session: for the tests of the world dataset itself (they are marked slow)."""
    return _built_atlas(tmp_path_factory.mktemp("atlas"))


PAIR_ROW = "Bandung,Indonesia,-6.9147,107.6098,Braunschweig,Germany,52.2689,10.5268"


@pytest.fixture(scope="session")
def pair_atlas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The SQLite file of a registry whose atlas is one row, Bandung–Braunschweig (with
    the reference places every build adds: countries, subdivisions), built once a test
    process: the ingest and review tests copy it (helpers.copy_registry) instead of building
    it again each (0.6 s of CPU each time)."""
    from helpers import write_csv

    folder = tmp_path_factory.mktemp("pair-atlas")
    return _built_atlas(folder / "home", write_csv(folder / "pairs.csv", [PAIR_ROW])) / "kembar.sqlite3"


SMALL_ATLAS = Path(__file__).resolve().parents[1] / "src" / "kembar" / "atlas" / "data" / "small_atlas.csv"


@pytest.fixture(scope="session")
def small_atlas_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A KEMBAR_HOME holding the small packaged atlas, built once for the session. Its
    readers share it: a test that writes works on a copy (`small_atlas_copy`)."""
    return _built_atlas(tmp_path_factory.mktemp("small-atlas"), SMALL_ATLAS)


@pytest.fixture
def small_atlas_copy(small_atlas_home: Path, tmp_path: Path) -> Path:
    """A KEMBAR_HOME of the test's own holding the small atlas (a copy of the session's)."""
    import shutil

    home = tmp_path / "home"
    shutil.copytree(small_atlas_home, home)
    return home


@pytest.fixture(scope="session")
def trained_atlas_home(atlas_home: Path, request: pytest.FixtureRequest) -> Path:
    """The full atlas's home with its recommender built once for the session (the ranker
    from the run's cache when trained before on the same graph and code)."""
    _ensure_recommender(atlas_home, request.config)
    return atlas_home


@pytest.fixture(scope="session")
def trained_small_atlas_home(small_atlas_home: Path, request: pytest.FixtureRequest) -> Path:
    """The small atlas's home with its recommender built once for the session."""
    _ensure_recommender(small_atlas_home, request.config)
    return small_atlas_home


def _ensure_recommender(home: Path, config: pytest.Config) -> None:
    from helpers import keep_compiled, seed_model
    from kembar.recommend.trainer import ensure

    settings = Settings(home=home, database_url=f"sqlite:///{home / 'kembar.sqlite3'}")
    seed_model(settings, config)
    database = Database(settings)
    ensure(settings, database)
    database.dispose()
    keep_compiled(settings, config)


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
    from helpers import web_client

    yield web_client(settings)


@pytest.fixture(scope="session")
def index() -> MentionIndex:
    """The place index of the extractor, as the pipeline gets it: loaded from
    KEMBAR_CACHE_DIR (built there once from the same gazetteer data and code, which
    tests/test_place_index.py checks), instead of built again each run."""
    from kembar.extract.place_index import mention_index

    return mention_index()
