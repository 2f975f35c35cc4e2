import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect

from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Base
from kembar.db.storage import current_revision, head_revision
from kembar.errors import ConfigError


def test_migrations_create_every_table_from_empty(db: Database) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert current_revision(db.engine) == head_revision()


def test_missing_database_file_is_created(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "k.sqlite3"
    database = Database(Settings(home=tmp_path, database_url=f"sqlite:///{path}"))
    database.dispose()
    assert path.is_file()


def test_older_schema_is_migrated_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    sqlite3.connect(path).close()  # an empty file: schema revision none
    database = Database(Settings(home=tmp_path, database_url=f"sqlite:///{path}"))
    assert current_revision(database.engine) == head_revision()
    database.dispose()


def test_fields_vocabulary_is_seeded(db: Database) -> None:
    from sqlalchemy import select

    from kembar.db.models import Field
    from kembar.vocab import FIELDS

    with db.session() as s:
        assert set(s.scalars(select(Field.key))) == set(FIELDS)


def test_bad_settings_name_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="KEMBAR_DATABASE_URL"):
        Settings.from_env({"KEMBAR_DATABASE_URL": "not a url"})
    afile = tmp_path / "file"
    afile.write_text("x")
    with pytest.raises(ConfigError, match="KEMBAR_HOME"):
        Settings.from_env({"KEMBAR_HOME": str(afile)})


def test_default_url_lives_under_home(tmp_path: Path) -> None:
    s = Settings.from_env({"KEMBAR_HOME": str(tmp_path)})
    assert s.database_url == f"sqlite:///{tmp_path / 'kembar.sqlite3'}"
