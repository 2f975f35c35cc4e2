from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kembar.config import Settings
from kembar.db import Database


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("KEMBAR_HOME", str(tmp_path / "home"))
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
def world(db: Database, settings: Settings) -> Any:
    """Partnerships at every stage with dated facts (tests/lifecycle_world.py)."""
    from lifecycle_world import build_world

    return build_world(db, settings)
