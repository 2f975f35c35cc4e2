import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect

from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Base
from kembar.db.storage import current_revision, head_revision
from kembar.errors import ConfigError

pytestmark = pytest.mark.backends


def test_migrations_create_every_table_from_empty(settings: Settings) -> None:
    # Database() itself here, not the `db` fixture: on SQLite that one copies a migrated
    # template (on PostgreSQL, as here, each test's database is a copy of one).
    db = Database(settings)
    tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert current_revision(db.engine) == head_revision()
    db.dispose()


def test_summary_keys_are_added_and_older_rows_keep_their_text(settings: Settings) -> None:
    from alembic import command
    from sqlalchemy import text

    from kembar.db import storage

    db = Database(settings)
    with db.engine.begin() as conn:
        command.downgrade(storage._alembic_config(conn), "0007")
    assert current_revision(db.engine) == "0007"
    assert "summary_key" not in {c["name"] for c in inspect(db.engine).get_columns("changesets")}
    with db.engine.begin() as conn:  # a change set and a partnership written before 0008
        conn.execute(
            text(
                "INSERT INTO changesets (at, actor, channel, summary) "
                "VALUES (CURRENT_TIMESTAMP, 'system', 'cli', 'Edited Xiamen – Bandung')"
            )
        )
        for key, name in (("gn:1", "Xiamen"), ("gn:2", "Bandung")):
            conn.execute(
                text(
                    "INSERT INTO places (key, name, kind, country_code, resolution, partner_count) "
                    "VALUES (:k, :n, 'city', 'XX', 'unresolved', 1)"
                ),
                {"k": key, "n": name},
            )
        places = list(conn.execute(text("SELECT id FROM places ORDER BY id")).scalars())
        conn.execute(
            text("INSERT INTO partnerships (place_a_id, place_b_id, kind) VALUES (:a, :b, 'sister_city')"),
            {"a": places[0], "b": places[1]},
        )
    assert storage.migrate(db.engine) and current_revision(db.engine) == head_revision()
    with db.engine.connect() as conn:
        row = conn.execute(text("SELECT summary, summary_key, summary_params FROM changesets")).one()
        assert tuple(row) == ("Edited Xiamen – Bandung", None, None)
        assert list(conn.execute(text("SELECT b_first FROM partnerships")).scalars()) == [False]
    for table, column in (("stage_steps", "note_key"), ("stage_steps", "note_params")):
        assert column in {c["name"] for c in inspect(db.engine).get_columns(table)}
    db.dispose()


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


def test_settings_out_of_range_name_the_key_and_value() -> None:
    with pytest.raises(ConfigError, match="KEMBAR_BUSY_TIMEOUT='-1' must be a number between 0 and 600"):
        Settings.from_env({"KEMBAR_BUSY_TIMEOUT": "-1"})
    with pytest.raises(ConfigError, match="KEMBAR_SQLITE_SYNCHRONOUS='OFF' must be one of NORMAL, FULL"):
        Settings.from_env({"KEMBAR_SQLITE_SYNCHRONOUS": "OFF"})


def test_a_writer_held_too_long_gives_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from kembar.cli import app

    home = tmp_path / "home"
    Database(Settings.from_env({"KEMBAR_HOME": str(home)})).dispose()
    monkeypatch.setenv("KEMBAR_HOME", str(home))
    monkeypatch.setenv("KEMBAR_BUSY_TIMEOUT", "0.2")
    article = tmp_path / "a.txt"
    article.write_text("Bandung dan Braunschweig menandatangani MoU sister city.", encoding="utf-8")
    other = sqlite3.connect(home / "kembar.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing for a long time
    try:
        held = CliRunner().invoke(app, ["ingest", str(article)])
        assert held.exit_code == 3
        assert (
            held.output.strip() == "error: the database is busy (another process is writing to it); try again"
        )
        assert CliRunner().invoke(app, ["stats", "--json"]).exit_code == 0  # readers are not held up
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert CliRunner().invoke(app, ["ingest", str(article)]).exit_code == 0


def test_a_database_that_may_only_be_read_still_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from kembar.cli import app
    from kembar.db import storage

    home = tmp_path / "home"
    Database(Settings.from_env({"KEMBAR_HOME": str(home)})).dispose()
    monkeypatch.setenv("KEMBAR_HOME", str(home))
    # The test runs as root, for whom every file is writable: the check is made to say no.
    monkeypatch.setattr(storage, "_writable", lambda _path: False)
    assert CliRunner().invoke(app, ["stats"]).exit_code == 0
    article = tmp_path / "a.txt"
    article.write_text("Bandung dan Braunschweig menandatangani MoU sister city.", encoding="utf-8")
    refused = CliRunner().invoke(app, ["ingest", str(article)])
    assert refused.exit_code == 2
    assert refused.output.strip() == "error: the database is read-only: this command cannot write to it"


def test_lifecycle_thresholds_are_checked_together() -> None:
    with pytest.raises(ConfigError, match="KEMBAR_DORMANT_YEARS=2 must be more than KEMBAR_QUIET_YEARS=3"):
        Settings.from_env({"KEMBAR_QUIET_YEARS": "3", "KEMBAR_DORMANT_YEARS": "2"})
    with pytest.raises(ConfigError, match=r"KEMBAR_EXPIRING_DAYS='7\.5' must be a whole number"):
        Settings.from_env({"KEMBAR_EXPIRING_DAYS": "7.5"})
    with pytest.raises(ConfigError, match="KEMBAR_SMTP_STARTTLS='maybe' must be yes or no"):
        Settings.from_env({"KEMBAR_SMTP_STARTTLS": "maybe"})
    assert Settings.from_env({"KEMBAR_SMTP_PASSWORD": "hunter2"}).values()["KEMBAR_SMTP_PASSWORD"] == "(set)"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql+psycopg://kembar:s3cret@127.0.0.1:1/kembar", "127.0.0.1"),
        ("postgresql+psycopg://kembar:s3cret@nohost.invalid:5432/kembar", "nohost.invalid"),
        ("mysql://kembar:s3cret@db.example.org/kembar", "mysql://kembar:***@db.example.org"),
    ],
)
def test_an_unusable_database_url_is_one_line_without_its_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, says: str
) -> None:
    from typer.testing import CliRunner

    from kembar.cli import app

    monkeypatch.setenv("KEMBAR_HOME", str(tmp_path))
    monkeypatch.setenv("KEMBAR_DATABASE_URL", url)
    result = CliRunner().invoke(app, ["stats"])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("error: ")
    assert says in result.output and "s3cret" not in result.output
    assert "s3cret" not in CliRunner().invoke(app, ["settings"]).output


def test_a_server_database_keeps_the_configured_pool_open(db: Database) -> None:
    """On PostgreSQL every request beyond the pool would open a backend of its own (the
    stalls bench_web showed); SQLite files keep SQLAlchemy's own pool."""
    if db.engine.dialect.name == "sqlite":
        assert Settings.from_env({"KEMBAR_DB_POOL_SIZE": "7"}).pool_size == 7
        with pytest.raises(ConfigError, match="KEMBAR_DB_POOL_SIZE='0' must be a whole number"):
            Settings.from_env({"KEMBAR_DB_POOL_SIZE": "0"})
        return
    assert db.engine.pool.size() == db.settings.pool_size  # type: ignore[attr-defined]
    held = [db.engine.connect() for _ in range(db.settings.pool_size)]
    for conn in held:
        conn.close()
    assert db.engine.pool.checkedin() == db.settings.pool_size  # type: ignore[attr-defined]
