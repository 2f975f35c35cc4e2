"""The one storage module: engine, sessions and schema migrations.

SQLite is the default; any SQLAlchemy URL works through KEMBAR_DATABASE_URL.

On SQLite, reads run in deferred transactions and writes in `BEGIN IMMEDIATE` ones
(`Database.write()`): a writer takes the lock before it reads, so two processes deciding
one proposal or creating one place run one after the other and the second sees what the
first committed, instead of failing on a stale snapshot. A writer that cannot get the
lock within the busy timeout gets `DatabaseBusy`, one line. A database file this process
may not write is opened read-only, so that the commands that only read still work.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kembar.config import Settings, safe_url
from kembar.db.seed import fields_in_sync, sync_fields
from kembar.errors import ConfigError, DatabaseBusy, ReadOnlyDatabase

MIGRATIONS = Path(__file__).parent / "migrations"
_BEGIN = "kembar_begin"  # execution option: how a SQLite transaction begins


def first_line(exc: BaseException | None) -> str:
    """The first line of an error, without the password of any URL it quotes."""
    text = str(exc).strip().splitlines()[0] if exc is not None and str(exc).strip() else "unknown error"
    return re.sub(r"(://[^:/@\s]+:)[^@\s]+@", r"\1***@", text)


def sqlite_path(url: str) -> Path | None:
    """The file of a plain sqlite:///path URL (None for memory, URIs and other backends)."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.split("///", 1)[1].split("?", 1)[0]
    if not path or path == ":memory:" or path.startswith("file:"):
        return None
    return Path(path)


def _writable(path: Path) -> bool:
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    return True


def _read_only_connect(path: Path) -> sqlite3.Connection:
    """A read-only connection; a WAL database whose shared-memory file this process
    cannot create is opened as immutable (nobody can be writing it through us)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")
        return conn
    except sqlite3.OperationalError:
        return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def _sqlite_events(engine: Engine, busy_ms: int, synchronous: str, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # Transactions are begun by _begin below, not by the driver, so that writers
        # can ask for BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
            # NORMAL in WAL mode keeps the database consistent after a power cut, but
            # the last commits before it may be lost; FULL keeps them (KEMBAR_SQLITE_SYNCHRONOUS).
            cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN, "DEFERRED")
        conn.exec_driver_sql("BEGIN" if read_only else f"BEGIN {mode}")


def make_engine(settings: Settings) -> tuple[Engine, bool]:
    """The engine of the configured database, and whether it may only be read."""
    path = sqlite_path(settings.database_url)
    read_only = path is not None and not _writable(path)
    if path is not None and not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        if read_only:
            assert path is not None
            engine = create_engine("sqlite://", creator=lambda: _read_only_connect(path))
        elif settings.database_url.startswith("sqlite"):
            engine = create_engine(settings.database_url)
        else:
            # A server database: a connection opened per request beyond the pool costs a
            # backend process and its cold catalog caches (PostgreSQL), which showed as
            # stalls of half a second under 16 clients; keep enough of them open.
            engine = create_engine(
                settings.database_url,
                pool_size=settings.pool_size,
                max_overflow=settings.pool_size,
                pool_pre_ping=True,
            )
    except (SQLAlchemyError, ValueError, ImportError) as exc:
        raise ConfigError(
            f"KEMBAR_DATABASE_URL={safe_url(settings.database_url)} cannot be used: {first_line(exc)}"
        ) from None
    if engine.dialect.name == "sqlite":
        _sqlite_events(engine, int(settings.busy_timeout * 1000), settings.sqlite_synchronous, read_only)
    return engine, read_only


def _alembic_config(connection: Connection) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@functools.cache
def head_revision() -> str:
    """The newest revision of the migrations shipped with this code (read once a
    process: reading them runs every migration file, about 10 ms)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    head = script.get_current_head()
    assert head is not None
    return head


def migrate(engine: Engine, read_only: bool = False) -> bool:
    """Bring the schema to the newest revision; True when anything ran."""
    current, head = current_revision(engine), head_revision()
    if current == head:
        return False
    if read_only:
        raise ReadOnlyDatabase(
            f"the database is read-only and its schema ({current or 'empty'}) is older than this "
            f"Kembar's ({head}); open it once with write access to upgrade it"
        )
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "head")
    return True


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "database is busy" in text


def _is_read_only(exc: OperationalError) -> bool:
    return "readonly database" in str(exc.orig).lower()


class Database:
    """An engine with its schema up to date and a session factory."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine, self.read_only = make_engine(settings)
        try:
            migrate(self.engine, self.read_only)
        except OperationalError as exc:
            if _is_busy(exc):
                raise DatabaseBusy() from None
            raise ConfigError(
                f"cannot open the database {safe_url(settings.database_url)}: {first_line(exc.orig)}"
            ) from None
        except SQLAlchemyError as exc:
            raise ConfigError(
                f"cannot open the database {safe_url(settings.database_url)}: {first_line(exc)}"
            ) from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writers = sessionmaker(
            self.engine.execution_options(**{_BEGIN: "IMMEDIATE"}), expire_on_commit=False
        )
        with self.session() as session:
            in_sync = fields_in_sync(session)
        if not in_sync and not self.read_only:
            with self.write() as session:
                sync_fields(session)

    @contextmanager
    def _transaction(self, factory: sessionmaker[Session]) -> Iterator[Session]:
        try:
            with factory() as session, session.begin():
                yield session
        except OperationalError as exc:
            if _is_busy(exc):
                raise DatabaseBusy() from None
            if _is_read_only(exc):
                raise ReadOnlyDatabase(
                    "the database is read-only: this command cannot write to it", "err.read_only"
                ) from None
            raise

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error.
        For reading; a write that races another writer may end in DatabaseBusy."""
        with self._transaction(self._sessions) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session for a unit of work that writes: on SQLite it holds the write lock
        from its first statement (waiting up to the busy timeout for it)."""
        if self.read_only:
            raise ReadOnlyDatabase(
                "the database is read-only: this command cannot write to it", "err.read_only"
            )
        with self._transaction(self._writers) as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
