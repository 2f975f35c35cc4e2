"""Backups: a round trip on both backends, documents included; refusals."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from helpers import add_places
from kembar.backup import BackupError, backup, restore
from kembar.cli import app
from kembar.config import Settings
from kembar.db import Database
from kembar.db.models import Instrument, Partnership
from kembar.errors import InvalidInput
from kembar.permissions import system_actor
from kembar.registry import documents, instruments, partnerships
from kembar.registry.schemas import InstrumentCreate, PartnershipCreate

pytestmark = pytest.mark.backends

PDF = b"%PDF-1.4\n% the signed MoU\n%%EOF\n"
ADMIN = system_actor("cli")


def _fill(db: Database, settings: Settings) -> int:
    with db.write() as s:
        places = add_places(s)
        made = partnerships.create(
            s, ADMIN, PartnershipCreate(place_a=places["bandung"].id, place_b=places["busan"].id)
        )
        mou = instruments.add(
            s, ADMIN, made.partnership.id, InstrumentCreate(type="mou", signed_on="2024-05-02")
        )
        documents.attach_upload(s, settings, ADMIN, documents.Upload("mou.pdf", PDF), instrument_id=mou.id)
        return made.partnership.id


def test_a_backup_restores_an_equal_registry_with_its_documents(
    db: Database, settings: Settings, tmp_path: Path
) -> None:
    pid = _fill(db, settings)
    target = tmp_path / "kembar.tar.gz"
    report = backup(settings, target)
    assert report.partnerships == 1 and report.files == 1
    with tarfile.open(target) as tar:
        names = set(tar.getnames())
    assert "manifest.json" in names and any(n.startswith("files/") for n in names)
    # the registry changes after the backup: a partnership removed, the file lost
    with db.write() as s:
        partnerships.remove(s, ADMIN, pid, "a mistake")
    for f in (settings.home / "files").rglob("*"):
        if f.is_file():
            f.unlink()
    restored = restore(settings, target)
    assert (restored.partnerships, restored.files) == (1, 1)
    fresh = Database(settings)
    with fresh.session() as s:
        assert s.scalar(select(func.count()).select_from(Partnership)) == 1
        (mou,) = s.scalars(select(Instrument)).all()
        (doc,) = mou.documents
        assert documents.file_path(settings, doc.sha256 or "").read_bytes() == PDF
    fresh.dispose()


def test_an_existing_file_is_kept_unless_forced(db: Database, settings: Settings, tmp_path: Path) -> None:
    target = tmp_path / "kembar.tar.gz"
    target.write_bytes(b"precious")
    with pytest.raises(InvalidInput, match="exists; pass --force"):
        backup(settings, target)
    assert target.read_bytes() == b"precious"
    assert backup(settings, target, force=True).path == target


def test_a_backup_of_a_newer_schema_is_refused(db: Database, settings: Settings, tmp_path: Path) -> None:
    target = tmp_path / "future.tar.gz"
    manifest = json.dumps({"backend": db.engine.dialect.name, "revision": "0099"}).encode()
    with tarfile.open(target, "w:gz") as tar:
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    with pytest.raises(BackupError, match="schema 0099 is newer than this Kembar's"):
        restore(settings, target)


def test_the_commands(db: Database, settings: Settings, tmp_path: Path) -> None:
    _fill(db, settings)
    target = tmp_path / "k.tar.gz"
    made = CliRunner().invoke(app, ["backup", str(target)])
    assert made.exit_code == 0 and "Backed up 1 partnerships" in made.output
    again = CliRunner().invoke(app, ["backup", str(target)])
    assert again.exit_code == 2 and again.output.count("\n") == 1
    back = CliRunner().invoke(app, ["restore", str(target)])
    assert back.exit_code == 0 and "Restored 1 partnerships" in back.output
    bad = tmp_path / "not.tar.gz"
    bad.write_bytes(b"plain text")
    refused = CliRunner().invoke(app, ["restore", str(bad)])
    assert refused.exit_code == 2 and "is not a Kembar backup" in refused.output
