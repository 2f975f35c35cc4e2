"""Backing up and restoring a registry, while the server runs.

A backup is one .tar.gz file: `manifest.json` (backend, schema revision, when, counts),
the database (`kembar.sqlite3` made with SQLite's online backup API, or `kembar.pgdump`
made with pg_dump's custom format) and `files/` (the uploaded documents, stored by the
SHA-256 of their content). Restoring puts the database back in place (SQLite: through the
same online API, so readers never see a half-written file; PostgreSQL: pg_restore with
--clean) and adds the documents that are missing. A backup of a newer schema than this
Kembar's is refused, naming both revisions.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from kembar import __version__
from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Partnership, Place
from kembar.db.storage import head_revision, sqlite_path
from kembar.errors import InvalidInput, KembarError

MANIFEST = "manifest.json"


class BackupError(KembarError):
    """A backup or a restore could not be made (the tools, the file, the schema)."""


@dataclass(frozen=True)
class Report:
    path: Path
    backend: str
    revision: str
    partnerships: int
    places: int
    files: int
    bytes: int


def _revisions() -> list[str]:
    from alembic.script import ScriptDirectory

    from kembar.db.storage import MIGRATIONS

    script = ScriptDirectory(str(MIGRATIONS))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _pg_tool(name: str) -> str:
    import glob

    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, name).exists():
            return str(Path(folder, name))
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is needed for a PostgreSQL backup: install the postgresql-client package")
    return found


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment that carries it."""
    parsed = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _census(settings: Settings) -> tuple[str, int, int]:
    """The database's backend, and its partnerships and places (opening it migrates it)."""
    db = Database(settings)
    try:
        with db.session() as session:
            pairs = session.scalar(select(func.count()).select_from(Partnership)) or 0
            places = session.scalar(select(func.count()).select_from(Place)) or 0
        return db.engine.dialect.name, pairs, places
    finally:
        db.dispose()


def _run_pg(tool: str, args: list[str], env: dict[str, str]) -> None:
    """Run pg_dump or pg_restore; its last line of error becomes the BackupError."""
    done = subprocess.run([_pg_tool(tool), *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{tool} failed: {done.stderr.strip().splitlines()[-1:]}")


def backup(settings: Settings, path: Path, force: bool = False) -> Report:
    """Write a backup of the registry and its documents to `path` (one .tar.gz file)."""
    if path.exists() and not force:
        raise InvalidInput(f"{path} exists; pass --force to replace it")
    if path.exists() and path.is_dir():
        raise InvalidInput(f"{path} is a folder; name a file, e.g. {path / 'kembar-backup.tar.gz'}")
    backend, pairs, places = _census(settings)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        dump = _dump_database(settings, backend, work)
        _write_manifest(work, backend, pairs, places)
        count = _pack(path, work, dump, settings.home / "files")
    return Report(path, backend, head_revision(), pairs, places, count, path.stat().st_size)


def _dump_database(settings: Settings, backend: str, work: Path) -> Path:
    """A copy of the live database in `work`: SQLite's online backup, or pg_dump's."""
    if backend == "sqlite":
        source = sqlite_path(settings.database_url)
        if source is None:
            raise BackupError("only a SQLite database in a file can be backed up")
        dump = work / "kembar.sqlite3"
        with sqlite3.connect(source) as live, sqlite3.connect(dump) as copy:
            live.backup(copy)
        copy.close()
    elif backend == "postgresql":
        dump = work / "kembar.pgdump"
        uri, env = _libpq(settings.database_url)
        _run_pg("pg_dump", ["-Fc", "--no-owner", "-f", str(dump), "-d", uri], env)
    else:
        raise BackupError(f"backups of a {backend} database are not supported")
    return dump


def _write_manifest(work: Path, backend: str, pairs: int, places: int) -> None:
    manifest: dict[str, str | int] = {
        "kembar": __version__,
        "backend": backend,
        "revision": head_revision(),
        "created": datetime.now(UTC).isoformat(),
        "partnerships": pairs,
        "places": places,
    }
    (work / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _pack(path: Path, work: Path, dump: Path, files_dir: Path) -> int:
    """The manifest, the database and the documents into `path`, written whole or not at
    all (through a .partial file); returns how many documents it holds."""
    partial = path.with_name(path.name + ".partial")
    count = 0
    with tarfile.open(partial, "w:gz") as tar:
        tar.add(work / MANIFEST, arcname=MANIFEST)
        tar.add(dump, arcname=dump.name)
        if files_dir.is_dir():
            for item in sorted(files_dir.rglob("*")):
                if item.is_file() and not item.name.startswith("."):
                    tar.add(item, arcname=f"files/{item.relative_to(files_dir)}")
                    count += 1
    partial.replace(path)
    return count


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for m in tar.getmembers():
        name = Path(m.name)
        if name.is_absolute() or ".." in name.parts or not (m.isfile() or m.isdir()):
            raise BackupError(f"the backup holds an unsafe entry {m.name!r}; refused")
        members.append(m)
    return members


def _empty_schema(settings: Settings) -> None:
    """Drop every table of the PostgreSQL database, so that a backup of an older schema
    comes back whole and is then migrated like any older database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(settings.database_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()


def restore(settings: Settings, path: Path) -> Report:
    """Put a backup back in place: the database, and the documents that are missing."""
    tar = _open_backup(path)
    with tar, tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        manifest = _unpack(tar, work, path)
        _check_revision(manifest["revision"])
        backend = _backend(settings)  # this database at this Kembar's schema
        if backend != manifest["backend"]:
            raise BackupError(f"the backup is of a {manifest['backend']} database and this one is {backend}")
        if backend == "sqlite":
            _restore_sqlite(settings, work / "kembar.sqlite3")
        else:
            _empty_schema(settings)
            uri, env = _libpq(settings.database_url)
            _run_pg("pg_restore", ["--no-owner", "-d", uri, str(work / "kembar.pgdump")], env)
        count = _add_missing_files(work / "files", settings.home / "files")
    _, pairs, places = _census(settings)  # migrates a backup of an older schema to this one
    return Report(path, backend, manifest["revision"], pairs, places, count, path.stat().st_size)


def _open_backup(path: Path) -> tarfile.TarFile:
    if not path.is_file():
        raise InvalidInput(f"{path}: no such backup file")
    try:
        return tarfile.open(path, "r:gz")  # closed by restore's with; its errors told apart here
    except (tarfile.TarError, OSError) as exc:
        raise InvalidInput(f"{path} is not a Kembar backup ({exc})") from None


def _unpack(tar: tarfile.TarFile, work: Path, path: Path) -> dict[str, Any]:
    """Extract the backup's safe entries into `work`; returns its manifest."""
    members = _safe_members(tar)
    if MANIFEST not in {m.name for m in members}:
        raise InvalidInput(f"{path} is not a Kembar backup (no {MANIFEST})")
    tar.extractall(work, members=members, filter="data")
    manifest: dict[str, Any] = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    return manifest


def _check_revision(revision: str) -> None:
    """Refuse a backup of a schema this Kembar does not know (a newer one)."""
    if revision not in _revisions():
        raise BackupError(
            f"the backup's schema {revision} is newer than this Kembar's "
            f"({head_revision()}); upgrade Kembar first"
        )


def _backend(settings: Settings) -> str:
    db = Database(settings)
    backend = db.engine.dialect.name
    db.dispose()
    return backend


def _restore_sqlite(settings: Settings, saved_path: Path) -> None:
    """Copy the saved database over the live one through SQLite's online backup, so that
    readers never see a half-written file."""
    target = sqlite_path(settings.database_url)
    assert target is not None
    with sqlite3.connect(saved_path) as saved, sqlite3.connect(target) as live:
        live.execute(f"PRAGMA busy_timeout={int(settings.busy_timeout * 1000)}")
        saved.backup(live)


def _add_missing_files(saved_files: Path, files_dir: Path) -> int:
    """Copy the backup's documents that `files_dir` lacks; returns how many it holds."""
    count = 0
    if saved_files.is_dir():
        for item in saved_files.rglob("*"):
            if item.is_file():
                dest = files_dir / item.relative_to(saved_files)
                if not dest.exists():
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(item, dest)
                count += 1
    return count
