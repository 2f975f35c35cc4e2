"""Documents of instruments and activities: a signed MoU as a PDF, photos of a visit, or a
link to a document published elsewhere.

An upload is checked by its content, never by its name: only PDF, PNG, JPEG, GIF and
WebP are taken (an executable or an HTML page renamed .pdf is refused), up to
MAX_BYTES. Files are stored under KEMBAR_HOME/files by the SHA-256 of their content
(one copy however often they are attached), without an extension, and served for
download only (web: Content-Disposition attachment, never rendered inline as HTML).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from kembar import vocab
from kembar.config import Settings
from kembar.db.registry import Document
from kembar.errors import InvalidInput, Message, NotFoundIn, Param, TooLarge
from kembar.permissions import Actor
from kembar.registry import activities, common, instruments, partnerships
from kembar.registry.schemas import DocumentLink

MAX_BYTES = 20 * 1024 * 1024
# Leading bytes of each type taken, and the media type it is served as.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
MEDIA_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The media type the content itself shows, or None when it is none of those taken."""
    for magic, media in SIGNATURES:
        if data.startswith(magic):
            return media
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(" .") or "document"
    return cleaned[:200]


def store(settings: Settings, upload: Upload) -> tuple[str, str]:
    """Check an upload and keep it under KEMBAR_HOME/files; (sha256, media type)."""
    if not upload.data:
        raise InvalidInput(f"file: {upload.filename or 'the upload'} is empty", "doc.empty", field="file")
    if len(upload.data) > MAX_BYTES:
        raise TooLarge(
            f"file: {upload.filename} is {len(upload.data) / 1e6:.1f} MB; documents may be at most "
            f"{MAX_BYTES // (1024 * 1024)} MB",
            "doc.too_big",
            {"mb": MAX_BYTES // (1024 * 1024)},
            field="file",
        )
    media = sniff(upload.data)
    if media is None:
        raise InvalidInput(
            f"file: {upload.filename} is not a PDF or an image (PNG, JPEG, GIF, WebP) by its content",
            "doc.not_pdf",
            field="file",
        )
    digest = hashlib.sha256(upload.data).hexdigest()
    path = file_path(settings, digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        with os.fdopen(fd, "wb") as f:
            f.write(upload.data)
        os.chmod(tmp, 0o640)
        os.replace(tmp, path)
    return digest, media


def file_path(settings: Settings, digest: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise InvalidInput("not a document digest")
    return settings.home / "files" / digest[:2] / digest


def _owner_check(
    session: Session,
    actor: Actor | None,
    instrument_id: int | None,
    activity_id: int | None,
    partnership_id: int | None = None,
) -> Message:
    """What the document belongs to (refused unless the actor may edit it), as a change
    set's summary names it."""
    if sum(x is not None for x in (instrument_id, activity_id, partnership_id)) != 1:
        raise InvalidInput("a document belongs to one instrument, one activity or one partnership")
    if partnership_id is not None:
        p = partnerships.editable(session, actor, partnership_id)
        return Message("summary.owner.partnership", {"pair": common.pair(p)})
    if instrument_id is not None:
        instrument = instruments.editable(session, actor, instrument_id)
        return Message("summary.owner.instrument", instruments.named(instrument))
    assert activity_id is not None
    activity = activities.editable(session, actor, activity_id)
    return Message("summary.owner.activity", common.activity_named(activity.type, activity.date))


def attach_upload(
    session: Session,
    settings: Settings,
    actor: Actor | None,
    upload: Upload,
    title: str | None = None,
    instrument_id: int | None = None,
    activity_id: int | None = None,
    partnership_id: int | None = None,
    purpose: str | None = None,
) -> Document:
    """Attach an uploaded file to one instrument, activity or partnership (`purpose`: the
    step of the procedure it serves, vocab.DOCUMENT_PURPOSES)."""
    owner = _owner_check(session, actor, instrument_id, activity_id, partnership_id)
    assert actor is not None
    if purpose is not None:
        vocab.check(vocab.DOCUMENT_PURPOSES, purpose, "purpose")
    digest, media = store(settings, upload)
    named: dict[str, Param] = {"file": _safe_name(upload.filename), "owner": owner}
    common.start(session, actor, "summary.document.attached", named)
    document = Document(
        instrument_id=instrument_id,
        activity_id=activity_id,
        partnership_id=partnership_id,
        purpose=purpose,
        title=(title or None),
        kind="document" if media == "application/pdf" else "photo",
        sha256=digest,
        size=len(upload.data),
        media_type=media,
        filename=_safe_name(upload.filename),
        uploaded_by_id=actor.user_id,
    )
    session.add(document)
    session.flush()
    return document


def attach_link(
    session: Session,
    actor: Actor | None,
    link: DocumentLink,
    instrument_id: int | None = None,
    activity_id: int | None = None,
    partnership_id: int | None = None,
) -> Document:
    owner = _owner_check(session, actor, instrument_id, activity_id, partnership_id)
    assert actor is not None
    common.start(session, actor, "summary.document.linked", {"owner": owner})
    document = Document(
        instrument_id=instrument_id,
        activity_id=activity_id,
        partnership_id=partnership_id,
        purpose=link.purpose,
        title=link.title,
        kind=link.kind,
        url=link.url,
        uploaded_by_id=actor.user_id,
    )
    session.add(document)
    session.flush()
    return document


def get(session: Session, document_id: int) -> Document:
    found = session.get(Document, document_id)
    if found is None:
        raise NotFoundIn("document", document_id)
    return found


def remove(session: Session, actor: Actor | None, document_id: int, reason: str) -> None:
    """Detach a document (its file stays, so that a revert can bring it back)."""
    document = get(session, document_id)
    _owner_check(session, actor, document.instrument_id, document.activity_id, document.partnership_id)
    assert actor is not None
    name = document.filename or document.url or ""
    common.start(session, actor, "summary.document.removed", {"name": name}, reason or None)
    session.delete(document)
    session.flush()
