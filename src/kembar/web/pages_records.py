"""The forms of a partnership's instruments (with their signatories and documents), and
of documents: an uploaded PDF or image, or a link.

Adding an instrument is a form on the partnership's page; editing and removing it is on
a page of its own (/instruments/{id}/edit), which also lists its documents. A refused
form comes back with what was typed and what is wrong; a success goes back to the
partnership's page. Activities and contacts are in pages_activities.py.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from kembar.db.models import Instrument
from kembar.db.registry import Document
from kembar.i18n import Translator
from kembar.partnerships import instrument_out
from kembar.permissions import Actor
from kembar.registry import documents, instruments, partnerships
from kembar.registry.schemas import DocumentLink, InstrumentCreate, InstrumentUpdate, Removal
from kembar.web.deps import SessionDep, SignedInDep
from kembar.web.forms import (
    FormDep,
    FormErrors,
    FormState,
    build,
    people,
    submit,
    text,
    upload_of,
    values_of,
    version,
    whole_number,
)
from kembar.web.pages_common import Id, form_page, partnership_label
from kembar.web.render import see_other, translator

router = APIRouter(include_in_schema=False)

INSTRUMENT_TEXT = (
    "type",
    "status",
    "title",
    "number",
    "signed_on",
    "signed_at",
    "valid_from",
    "valid_until",
    "note",
)
DOCUMENT_FIELDS = ("doc_file", "doc_url", "doc_title")


# --- documents --------------------------------------------------------------------------


def read_document(form: FormData, state: FormState, t: Translator) -> documents.Upload | DocumentLink | None:
    """The document a form attaches, an uploaded file or a link, checked here so that
    the reader is told in their language (the library checks it again)."""
    upload = upload_of(form, "doc_file")
    url = text(state.values, "doc_url")
    title = text(state.values, "doc_title")
    if upload is not None and url:
        raise FormErrors({"doc_url": t("doc.one_of")})
    if upload is not None:
        data = upload.file.read(documents.MAX_BYTES + 1)
        if not data:
            raise FormErrors({"doc_file": t("doc.empty")})
        if len(data) > documents.MAX_BYTES:
            raise FormErrors({"doc_file": t("doc.too_big", mb=documents.MAX_BYTES // (1024 * 1024))})
        if documents.sniff(data) is None:
            raise FormErrors({"doc_file": t("doc.not_pdf")})
        return documents.Upload(upload.filename or "document", data)
    if url:
        link = build(DocumentLink, {"url": url, "title": title}, t)
        return link
    return None


def attach(
    session: Session,
    request: Request,
    actor: Actor,
    document: documents.Upload | DocumentLink | None,
    title: str | None,
    instrument_id: int | None = None,
    activity_id: int | None = None,
) -> None:
    if isinstance(document, documents.Upload):
        settings = request.app.state.settings
        documents.attach_upload(
            session, settings, actor, document, title, instrument_id=instrument_id, activity_id=activity_id
        )
    elif isinstance(document, DocumentLink):
        documents.attach_link(session, actor, document, instrument_id=instrument_id, activity_id=activity_id)


def document_errors(exc: FormErrors) -> FormErrors:
    """The schema names a link's field `url`; the form calls it `doc_url`."""
    return FormErrors({("doc_url" if k == "url" else k): v for k, v in exc.errors.items()}, exc.problem)


# --- instruments ------------------------------------------------------------------------


def _instrument_data(state: FormState, t: Translator) -> dict[str, Any]:
    data: dict[str, Any] = {k: text(state.values, k) for k in INSTRUMENT_TEXT}
    data["term_years"] = whole_number(state.values, "term_years", t)
    data["signatories"] = people(state.values, "signatory", t)
    return data


def instrument_values(i: Instrument) -> dict[str, Any]:
    out = instrument_out(i)
    values: dict[str, Any] = {k: getattr(out, k) or "" for k in INSTRUMENT_TEXT}
    values["version"] = str(i.version)
    values["term_years"] = str(i.term_years or "")
    values["signatory_name"] = [s.name for s in out.signatories]
    values["signatory_role"] = [s.role or "" for s in out.signatories]
    values["signatory_org"] = [s.organisation or "" for s in out.signatories]
    return values


def changed(current: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The fields whose typed value differs from the stored one."""
    return {k: v for k, v in data.items() if (current.get(k) or None) != (v or None)}


@router.post("/partnerships/{partnership_id}/instruments", response_class=HTMLResponse)
def add_instrument(
    request: Request, session: SessionDep, actor: SignedInDep, partnership_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    p = partnerships.editable(session, actor, partnership_id)
    state = FormState(values_of(form))
    known = (*INSTRUMENT_TEXT, "term_years", "signatories", "doc_file")
    with submit(session, state, t, known=known) as done:
        data = _instrument_data(state, t)
        created = build(InstrumentCreate, {k: v for k, v in data.items() if v is not None}, t)
        try:
            document = read_document(form, state, t)
        except FormErrors as exc:
            raise document_errors(exc) from None
        instrument = instruments.add(session, actor, p.id, created)
        attach(
            session, request, actor, document, text(state.values, "doc_title"), instrument_id=instrument.id
        )
    if done.status:
        title = f"{t('instrument.add')}: {partnership_label(p)}"
        action = f"/partnerships/{p.id}/instruments"
        return form_page(
            request, "instrument_new", state, title, f"/partnerships/{p.id}", action, done.status
        )
    return see_other(f"/partnerships/{p.id}#instrument-{instrument.id}")


def _instrument_page(
    request: Request, i: Instrument, state: FormState, status: int = 200, **extra: Any
) -> Response:
    t = translator(request)
    p = i.partnership
    title = f"{t.label('instrument', i.type)}: {partnership_label(p)}"
    return form_page(
        request,
        "instrument_edit",
        state,
        title,
        f"/partnerships/{p.id}#instrument-{i.id}",
        f"/instruments/{i.id}/edit",
        status,
        owner=instrument_out(i),
        owner_path=f"/instruments/{i.id}",
        removal=extra.pop("removal", FormState()),
        attach_form=extra.pop("attach_form", FormState()),
        **extra,
    )


@router.get("/instruments/{instrument_id}/edit", response_class=HTMLResponse)
def instrument_form(request: Request, session: SessionDep, actor: SignedInDep, instrument_id: Id) -> Response:
    instrument = instruments.editable(session, actor, instrument_id)
    return _instrument_page(request, instrument, FormState(instrument_values(instrument)))


@router.post("/instruments/{instrument_id}/edit", response_class=HTMLResponse)
def edit_instrument(
    request: Request, session: SessionDep, actor: SignedInDep, instrument_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    instrument = instruments.editable(session, actor, instrument_id)
    current = instrument_values(instrument)
    state = FormState(values_of(form))
    shown: dict[str, str | None] = {k: None for k in INSTRUMENT_TEXT} | {
        "type": "instrument",
        "status": "status",
    }
    with submit(session, state, t, known=(*INSTRUMENT_TEXT, "term_years"), shown=shown) as done:
        data = _instrument_data(state, t)
        changes = changed({**current, "term_years": instrument.term_years}, data)
        if data["signatories"] == people_of(current, "signatory"):
            changes.pop("signatories", None)
        update = build(InstrumentUpdate, changes, t)
        instruments.update(session, actor, instrument.id, update, version(state.values))
    if done.status:
        return _instrument_page(request, instrument, state, done.status)
    return see_other(f"/partnerships/{instrument.partnership_id}#instrument-{instrument.id}")


def people_of(values: dict[str, Any], prefix: str) -> list[dict[str, str | None]]:
    names, roles, orgs = (values[f"{prefix}_{part}"] for part in ("name", "role", "org"))
    return [
        {"name": n, "role": r or None, "organisation": o or None}
        for n, r, o in zip(names, roles, orgs, strict=True)
    ]


@router.post("/instruments/{instrument_id}/remove", response_class=HTMLResponse)
def remove_instrument(
    request: Request, session: SessionDep, actor: SignedInDep, instrument_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    instrument = instruments.editable(session, actor, instrument_id)
    partnership_id = instrument.partnership_id
    removal = FormState(values_of(form))
    with submit(session, removal, t, known=("reason",)) as done:
        data = build(Removal, {"reason": text(removal.values, "reason") or ""}, t)
        instruments.remove(session, actor, instrument.id, data.reason)
    if done.status:
        state = FormState(instrument_values(instrument))
        return _instrument_page(request, instrument, state, done.status, removal=removal)
    return see_other(f"/partnerships/{partnership_id}#instruments")


@router.post("/instruments/{instrument_id}/documents", response_class=HTMLResponse)
def attach_to_instrument(
    request: Request, session: SessionDep, actor: SignedInDep, instrument_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    instrument = instruments.editable(session, actor, instrument_id)
    attach_form = FormState(values_of(form))
    with submit(session, attach_form, t, known=DOCUMENT_FIELDS) as done:
        try:
            document = read_document(form, attach_form, t)
        except FormErrors as exc:
            raise document_errors(exc) from None
        if document is None:
            raise FormErrors({"doc_file": t("doc.missing")})
        attach(
            session,
            request,
            actor,
            document,
            text(attach_form.values, "doc_title"),
            instrument_id=instrument.id,
        )
    if done.status:
        state = FormState(instrument_values(instrument))
        return _instrument_page(request, instrument, state, done.status, attach_form=attach_form)
    return see_other(f"/partnerships/{instrument.partnership_id}#instrument-{instrument.id}")


@router.post("/documents/{document_id}/remove", response_class=HTMLResponse)
def remove_document(
    request: Request, session: SessionDep, actor: SignedInDep, document_id: Id, form: FormDep
) -> Response:
    """Detach a document (the history keeps it, and a revert brings it back)."""
    t = translator(request)
    document = documents.get(session, document_id)
    back = _owner_page(document)
    removal = FormState(values_of(form))
    with submit(session, removal, t, known=("reason",)) as done:
        data = build(Removal, {"reason": text(removal.values, "reason") or ""}, t)
        documents.remove(session, actor, document.id, data.reason)
    if done.status:
        title = f"{t('doc.remove')}: {document.filename or document.title or document.url}"
        return form_page(
            request, "document_remove", removal, title, back, f"/documents/{document.id}/remove", done.status
        )
    return see_other(back)


def _owner_page(document: Document) -> str:
    if document.instrument_id is not None:
        return f"/instruments/{document.instrument_id}/edit"
    return f"/activities/{document.activity_id}/edit"
