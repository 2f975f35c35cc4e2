"""Documents of instruments and activities: a file uploaded (multipart: `file`, `title`)
or a link (JSON DocumentLink), removing one, and serving a stored file for download.

An upload is refused (413) as soon as its declared length or the bytes received pass
20 MB and a little for the form around it, before it is parsed; the library then checks
the file by its content (PDF or image only). A stored file is only ever served as an
attachment, with the media type its content showed, `nosniff` and a sandboxing CSP, so
that nothing uploaded is rendered or run in the site's origin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from kembar.errors import InvalidInput, NotFoundIn, TooLarge
from kembar.partnerships import document_out
from kembar.permissions import Actor
from kembar.registry import documents
from kembar.registry.schemas import DocumentLink
from kembar.schemas import DocumentOut
from kembar.web.api_common import FORM_OVERHEAD, JSON_LIMIT, Id, Reason, capped_route, errors, respond
from kembar.web.deps import SessionDep, SignedInDep

router = APIRouter(
    prefix="/api/v1",
    tags=["registry"],
    route_class=capped_route(documents.MAX_BYTES + FORM_OVERHEAD, "file"),
)
files_router = APIRouter(tags=["registry"])

TITLE_MAX = 300
FORM_FIELDS = {"file", "title", "csrf_token"}  # csrf_token: a form sent with the session cookie

_UPLOAD_SCHEMA = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "PDF, PNG, JPEG, GIF or WebP"},
        "title": {"type": "string", "maxLength": TITLE_MAX},
    },
}
BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": _UPLOAD_SCHEMA},
            "application/json": {"schema": DocumentLink.model_json_schema()},
        },
    }
}
ATTACH = errors(400, 401, 403, 404, 413, 415, 422)


@dataclass(frozen=True)
class Attachment:
    """What a request attaches: an uploaded file with its title, or a link."""

    upload: documents.Upload | None = None
    title: str | None = None
    link: DocumentLink | None = None


async def _upload(request: Request) -> Attachment:
    form = await request.form(max_files=1, max_fields=len(FORM_FIELDS))
    unknown = sorted(set(form.keys()) - FORM_FIELDS)
    if unknown:
        raise InvalidInput(f"{unknown[0]}: unknown form field; send file and title")
    file, title = form.get("file"), form.get("title")
    if not isinstance(file, UploadFile):
        raise InvalidInput("file: send the document as the multipart field 'file'")
    if title is not None and (not isinstance(title, str) or len(title) > TITLE_MAX):
        raise InvalidInput(f"title: at most {TITLE_MAX} characters")
    # The cap on the request bounds this read; one byte more tells a file just over it.
    data = await file.read(documents.MAX_BYTES + 1)
    if len(data) > documents.MAX_BYTES:
        raise TooLarge(f"file: {file.filename} is over {documents.MAX_BYTES // (1024 * 1024)} MB")
    return Attachment(documents.Upload(file.filename or "document", data), (title or "").strip() or None)


async def _link(request: Request) -> Attachment:
    if int(request.headers.get("content-length") or 0) > JSON_LIMIT:
        raise TooLarge("body: a link is at most 1 MB of JSON")
    try:
        return Attachment(link=DocumentLink.model_validate_json(await request.body()))
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


async def read_attachment(request: Request) -> Attachment:
    """The body, read before the request's session starts: the write lock is not held
    while a file of 20 MB comes over a slow network."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "multipart/form-data":
        return await _upload(request)
    if kind == "application/json":
        return await _link(request)
    raise HTTPException(415, "Content-Type: send multipart/form-data (file, title) or JSON (url)")


# Declared first in each handler, so that it is resolved before the session and the actor.
AttachmentDep = Annotated[Attachment, Depends(read_attachment)]


def _attach(
    request: Request, session: Session, actor: Actor, body: Attachment, owner: dict[str, Any]
) -> Response:
    if body.upload is not None:
        settings = request.app.state.settings
        document = documents.attach_upload(session, settings, actor, body.upload, body.title, **owner)
    else:
        assert body.link is not None
        document = documents.attach_link(session, actor, body.link, **owner)
    session.flush()
    return respond(document_out(document), 201, location=f"/api/v1/documents/{document.id}")


@router.post(
    "/instruments/{instrument_id}/documents",
    status_code=201,
    response_model=DocumentOut,
    responses=ATTACH,
    openapi_extra=BODY,
)
def attach_to_instrument(
    body: AttachmentDep, request: Request, session: SessionDep, actor: SignedInDep, instrument_id: Id
) -> Response:
    """Attach the signed document: a multipart upload (`file`, optional `title`; PDF or an
    image, at most 20 MB, checked by content) or a JSON link `{"url", "title", "kind"}`."""
    return _attach(request, session, actor, body, {"instrument_id": instrument_id})


@router.post(
    "/activities/{activity_id}/documents",
    status_code=201,
    response_model=DocumentOut,
    responses=ATTACH,
    openapi_extra=BODY,
)
def attach_to_activity(
    body: AttachmentDep, request: Request, session: SessionDep, actor: SignedInDep, activity_id: Id
) -> Response:
    """Attach a document or a photo of the activity: a multipart upload or a JSON link."""
    return _attach(request, session, actor, body, {"activity_id": activity_id})


@router.get("/documents/{document_id}", response_model=DocumentOut, responses=errors(401, 404))
def get_document(session: SessionDep, document_id: Id) -> Response:
    """A document's title, kind, media type, size, or its link; the file of an upload is
    at /documents/{id}/file."""
    return respond(document_out(documents.get(session, document_id)))


@router.delete("/documents/{document_id}", status_code=204, responses=errors(401, 403, 404, 422))
def remove_document(session: SessionDep, actor: SignedInDep, document_id: Id, reason: Reason) -> Response:
    """Detach a document (the stored file stays, so that a revert brings it back)."""
    documents.remove(session, actor, document_id, reason)
    return Response(status_code=204)


@files_router.get(
    "/documents/{document_id}/file",
    response_class=FileResponse,
    responses={200: {"description": "The stored file, as an attachment"}, 404: {"description": "No file"}},
)
def document_file(request: Request, session: SessionDep, document_id: Id) -> Response:
    """The uploaded file, for download only."""
    document = documents.get(session, document_id)
    if document.sha256 is None:
        raise NotFoundIn("uploaded file of document", document_id)
    path = documents.file_path(request.app.state.settings, document.sha256)
    if not path.is_file():
        raise NotFoundIn("stored file of document", document_id)
    media = (
        document.media_type if document.media_type in documents.MEDIA_TYPES else "application/octet-stream"
    )
    return FileResponse(
        path,
        media_type=media,
        filename=document.filename or f"document-{document.id}",
        content_disposition_type="attachment",
        headers={
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, max-age=3600",
        },
    )
