"""What `kembar ingest` is handed (a file, standard input, a URL, or a folder of articles),
read with the same bounds as everywhere and stored one article per transaction.

A folder is gone through to its end: every entry gets an outcome (stored, already known,
refused with its reason, or skipped when it is no article file), so one bad file neither
writes anything nor keeps the files after it from being read.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from kembar.config import Settings
from kembar.db import Database
from kembar.errors import DatabaseBusy, InvalidInput, KembarError, ReadOnlyDatabase
from kembar.extract.reader import read_path, read_stream, special_kind
from kembar.ingest import queue
from kembar.ingest.fetch import fetch_url
from kembar.schemas import IngestOutcome
from kembar.users import cli_actor

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class FolderEntry:
    path: Path
    refused: str | None = None  # known from its status alone: a FIFO, a symlink loop
    skipped: str | None = None  # not an article file


def is_url(target: str) -> bool:
    """Anything written like a URL goes to the fetcher, which names the schemes it takes."""
    return bool(_URL.match(target))


def read_input(target: str, settings: Settings, stdin: BinaryIO) -> tuple[bytes, str, str | None]:
    """(bytes, label, url) of one file, `-` for standard input, or an http(s) URL."""
    if is_url(target):
        body = fetch_url(target, settings.fetch_timeout, settings.fetch_allow_loopback)
        return body, target, target
    if target == "-":
        return read_stream(stdin, "standard input"), "standard input", None
    return read_path(target), target, None


def _entry(path: Path) -> FolderEntry:
    if path.name.startswith("."):
        return FolderEntry(path, skipped="a hidden file")
    try:
        mode = os.stat(path).st_mode  # follows symlinks; never opens
    except OSError as exc:
        reason = {errno.ELOOP: "a symlink loop", errno.ENOENT: "a broken symlink"}.get(
            exc.errno or 0, f"cannot be read: {exc.strerror or exc}"
        )
        return FolderEntry(path, refused=reason)
    kind = special_kind(mode)
    if kind == "a folder":
        return FolderEntry(path, skipped="a folder (folders inside are not read)")
    if kind is not None:
        return FolderEntry(path, refused=f"{kind}, not an article file")
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        return FolderEntry(path, skipped="not a .txt, .html or .htm file")
    return FolderEntry(path)


def folder_entries(folder: Path) -> list[FolderEntry]:
    """Every entry of a folder, by name, with what is known of it before reading."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise InvalidInput(f"cannot read the folder {folder}: {exc.strerror or exc}") from None
    entries = [_entry(folder / name) for name in names]
    if not any(e.skipped is None for e in entries):
        raise InvalidInput(f"{folder} holds no .txt or .html files")
    return entries


def ingest_one(
    db: Database, raw: bytes, label: str, url: str | None, published: date | None, as_user: str | None = None
) -> IngestOutcome:
    """Store one article in one transaction; a refusal (KembarError) writes nothing.
    `as_user`: the account it is stored for (default the local admin), kept in the history."""
    with db.write() as session:
        r = queue.ingest(session, raw, label, url, published, cli_actor(session, as_user))
    return outcome_of(r, label)


def outcome_of(r: queue.IngestResult, label: str) -> IngestOutcome:
    """What became of the input `label` once stored (or found stored before)."""
    return IngestOutcome(
        input=label,
        status="stored" if r.new else "known",
        source_id=r.source_id,
        new=r.new,
        title=r.title,
        proposals=r.proposals,
        not_filed=r.not_filed,
    )


def ingest_folder(
    db: Database, entries: list[FolderEntry], published: date | None, as_user: str | None = None
) -> list[IngestOutcome]:
    """One outcome per entry; a refused article is reported on its row and the next is read.
    A database that is busy or read-only stops the folder (what was stored stays stored)."""
    outcomes = []
    for entry in entries:
        label = str(entry.path)
        if entry.skipped:
            outcomes.append(IngestOutcome(input=label, status="skipped", reason=entry.skipped))
            continue
        if entry.refused:
            outcomes.append(IngestOutcome(input=label, status="refused", reason=entry.refused))
            continue
        try:
            outcomes.append(ingest_one(db, read_path(entry.path), label, None, published, as_user))
        except (DatabaseBusy, ReadOnlyDatabase):
            raise  # about the database, not the file: every file after it would fail alike
        except KembarError as exc:
            outcomes.append(IngestOutcome(input=label, status="refused", reason=exc.message))
        except Exception as exc:
            # A folder of many articles should not stop at one the reader or extractor
            # cannot handle; its transaction was rolled back and the error is on its row.
            reason = f"unexpected error ({type(exc).__name__}: {exc})"
            outcomes.append(IngestOutcome(input=label, status="refused", reason=reason[:300]))
    return outcomes
