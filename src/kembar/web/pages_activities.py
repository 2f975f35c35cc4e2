"""The forms of a partnership's activities (visits, workshops... with participants,
fields, photos and documents) and of contacts, the focal points of a partnership or a
place (shown to signed-in users only).

Adding is a form on the partnership's (or place's) page; editing and removing is on a
page of its own (/activities/{id}/edit, /contacts/{id}/edit).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kembar.db.models import Activity, Place
from kembar.db.registry import Contact
from kembar.i18n import Translator
from kembar.partnerships import activity_out
from kembar.registry import activities, contacts, partnerships
from kembar.registry.common import get_place
from kembar.registry.schemas import ActivityCreate, ActivityUpdate, ContactCreate, ContactUpdate, Removal
from kembar.web.deps import SessionDep, SignedInDep
from kembar.web.forms import (
    FormDep,
    FormErrors,
    FormState,
    build,
    people,
    submit,
    text,
    values_of,
    version,
    whole_number,
)
from kembar.web.pages_common import Id, form_page, partnership_label, pick_place, place_label
from kembar.web.pages_records import attach, changed, document_errors, people_of, read_document
from kembar.web.render import see_other, translator

router = APIRouter(include_in_schema=False)

ACTIVITY_TEXT = ("type", "status", "title", "date", "end_date", "venue", "note")
ACTIVITY_NUMBERS = ("place_id", "speakers_count", "participants_count")
CONTACT_TEXT = ("name", "role", "office", "email", "phone")


# --- activities -------------------------------------------------------------------------


def _activity_data(session: Session, state: FormState, t: Translator) -> dict[str, Any]:
    data: dict[str, Any] = {k: text(state.values, k) for k in ACTIVITY_TEXT}
    data["place_id"] = pick_place(session, state, "place_id", t, required=False)
    if state.errors:
        raise FormErrors({})
    data["speakers_count"] = whole_number(state.values, "speakers_count", t)
    data["participants_count"] = whole_number(state.values, "participants_count", t)
    data["participants"] = people(state.values, "participant", t)
    data["fields"] = sorted(set(state.getlist("fields")))
    return data


def activity_values(a: Activity) -> dict[str, Any]:
    values: dict[str, Any] = {k: getattr(a, k) or "" for k in ACTIVITY_TEXT}
    values.update({k: "" if getattr(a, k) is None else str(getattr(a, k)) for k in ACTIVITY_NUMBERS})
    values["version"] = str(a.version)
    values["fields"] = sorted(f.field_key for f in a.fields)
    values["participant_name"] = [p.person.name for p in a.participations]
    values["participant_role"] = [p.role or "" for p in a.participations]
    values["participant_org"] = [p.organisation.name if p.organisation else "" for p in a.participations]
    return values


@router.post("/partnerships/{partnership_id}/activities", response_class=HTMLResponse)
def add_activity(
    request: Request, session: SessionDep, actor: SignedInDep, partnership_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    p = partnerships.editable(session, actor, partnership_id)
    state = FormState(values_of(form))
    known = (*ACTIVITY_TEXT, *ACTIVITY_NUMBERS, "participants", "fields", "doc_file")
    with submit(session, state, t, known=known) as done:
        data = _activity_data(session, state, t)
        created = build(ActivityCreate, {k: v for k, v in data.items() if v is not None}, t)
        try:
            document = read_document(form, state, t)
        except FormErrors as exc:
            raise document_errors(exc) from None
        activity = activities.add(session, actor, p.id, created)
        attach(session, request, actor, document, text(state.values, "doc_title"), activity_id=activity.id)
    if done.status:
        title = f"{t('activity.add')}: {partnership_label(p)}"
        action = f"/partnerships/{p.id}/activities"
        return form_page(request, "activity_new", state, title, f"/partnerships/{p.id}", action, done.status)
    return see_other(f"/partnerships/{p.id}#activity-{activity.id}")


def _activity_page(
    request: Request, session: Session, a: Activity, state: FormState, status: int = 200, **extra: Any
) -> Response:
    t = translator(request)
    back = f"/partnerships/{a.partnership_id}#activity-{a.id}" if a.partnership_id else "/"
    where = partnership_label(a.partnership) if a.partnership else t("activity.no_partnership")
    place = session.get(Place, a.place_id) if a.place_id else None
    if "place_id_text" not in state.values and place is not None:
        state.values["place_id_text"] = place_label(place)
    return form_page(
        request,
        "activity_edit",
        state,
        f"{t.label('activity', a.type)}: {where}",
        back,
        f"/activities/{a.id}/edit",
        status,
        owner=activity_out(session, a),
        owner_path=f"/activities/{a.id}",
        removal=extra.pop("removal", FormState()),
        attach_form=extra.pop("attach_form", FormState()),
        **extra,
    )


def _after_activity(a: Activity) -> str:
    if a.partnership_id is None:
        return f"/activities/{a.id}/edit"
    return f"/partnerships/{a.partnership_id}#activity-{a.id}"


@router.get("/activities/{activity_id}/edit", response_class=HTMLResponse)
def activity_form(request: Request, session: SessionDep, actor: SignedInDep, activity_id: Id) -> Response:
    activity = activities.editable(session, actor, activity_id)
    return _activity_page(request, session, activity, FormState(activity_values(activity)))


@router.post("/activities/{activity_id}/edit", response_class=HTMLResponse)
def edit_activity(
    request: Request, session: SessionDep, actor: SignedInDep, activity_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    activity = activities.editable(session, actor, activity_id)
    current = activity_values(activity)
    state = FormState(values_of(form))
    shown: dict[str, str | None] = {k: None for k in ACTIVITY_TEXT} | {"type": "activity"}
    known = (*ACTIVITY_TEXT, *ACTIVITY_NUMBERS, "participants", "fields")
    with submit(session, state, t, known=known, shown=shown) as done:
        data = _activity_data(session, state, t)
        stored = {**current, **{k: getattr(activity, k) for k in ACTIVITY_NUMBERS}}
        changes = changed(stored, data)
        if data["participants"] == people_of(current, "participant"):
            changes.pop("participants", None)
        if data["fields"] == current["fields"] or "fields_sent" not in state.values:
            changes.pop("fields", None)
        activities.update(
            session, actor, activity.id, build(ActivityUpdate, changes, t), version(state.values)
        )
    if done.status:
        return _activity_page(request, session, activity, state, done.status)
    return see_other(_after_activity(activity))


@router.post("/activities/{activity_id}/remove", response_class=HTMLResponse)
def remove_activity(
    request: Request, session: SessionDep, actor: SignedInDep, activity_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    activity = activities.editable(session, actor, activity_id)
    back = f"/partnerships/{activity.partnership_id}#activities" if activity.partnership_id else "/"
    removal = FormState(values_of(form))
    with submit(session, removal, t, known=("reason",)) as done:
        data = build(Removal, {"reason": text(removal.values, "reason") or ""}, t)
        activities.remove(session, actor, activity.id, data.reason)
    if done.status:
        state = FormState(activity_values(activity))
        return _activity_page(request, session, activity, state, done.status, removal=removal)
    return see_other(back)


@router.post("/activities/{activity_id}/documents", response_class=HTMLResponse)
def attach_to_activity(
    request: Request, session: SessionDep, actor: SignedInDep, activity_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    activity = activities.editable(session, actor, activity_id)
    attach_form = FormState(values_of(form))
    with submit(session, attach_form, t, known=("doc_file", "doc_url", "doc_title")) as done:
        try:
            document = read_document(form, attach_form, t)
        except FormErrors as exc:
            raise document_errors(exc) from None
        if document is None:
            raise FormErrors({"doc_file": t("doc.missing")})
        title = text(attach_form.values, "doc_title")
        attach(session, request, actor, document, title, activity_id=activity.id)
    if done.status:
        state = FormState(activity_values(activity))
        return _activity_page(request, session, activity, state, done.status, attach_form=attach_form)
    return see_other(_after_activity(activity))


# --- contacts ---------------------------------------------------------------------------


def _contact_data(state: FormState) -> dict[str, Any]:
    return {k: text(state.values, k) for k in CONTACT_TEXT}


def contact_values(c: Contact) -> dict[str, Any]:
    return {**{k: getattr(c, k) or "" for k in CONTACT_TEXT}, "version": str(c.version)}


def _contact_home(session: Session, c: Contact) -> tuple[str, str]:
    """(the page a contact is shown on, what it is a contact of)."""
    if c.partnership_id is not None:
        p = partnerships.get(session, c.partnership_id)
        return f"/partnerships/{p.id}#contacts", partnership_label(p)
    place = get_place(session, c.place_id or 0, "place")
    return f"/places/{place.id}#contacts", place.name


def _add_contact(
    request: Request, session: Session, actor: Any, form: Any, **owner: int
) -> tuple[FormState, int | None]:
    t = translator(request)
    state = FormState(values_of(form))
    with submit(session, state, t, known=CONTACT_TEXT) as done:
        data = build(ContactCreate, {k: v for k, v in _contact_data(state).items() if v is not None}, t)
        contacts.add(session, actor, data, **owner)
    return state, done.status


@router.post("/partnerships/{partnership_id}/contacts", response_class=HTMLResponse)
def add_partnership_contact(
    request: Request, session: SessionDep, actor: SignedInDep, partnership_id: Id, form: FormDep
) -> Response:
    p = partnerships.editable(session, actor, partnership_id)
    state, status = _add_contact(request, session, actor, form, partnership_id=p.id)
    if status:
        title = f"{translator(request)('contact.add')}: {partnership_label(p)}"
        action = f"/partnerships/{p.id}/contacts"
        return form_page(request, "contact_new", state, title, f"/partnerships/{p.id}", action, status)
    return see_other(f"/partnerships/{p.id}#contacts")


@router.post("/places/{place_id}/contacts", response_class=HTMLResponse)
def add_place_contact(
    request: Request, session: SessionDep, actor: SignedInDep, place_id: Id, form: FormDep
) -> Response:
    place = get_place(session, place_id, "place")
    state, status = _add_contact(request, session, actor, form, place_id=place.id)
    if status:
        title = f"{translator(request)('contact.add')}: {place.name}"
        action = f"/places/{place.id}/contacts"
        return form_page(request, "contact_new", state, title, f"/places/{place.id}", action, status)
    return see_other(f"/places/{place.id}#contacts")


def _contact_page(
    request: Request, session: Session, c: Contact, state: FormState, status: int = 200, **extra: Any
) -> Response:
    back, of = _contact_home(session, c)
    title = f"{translator(request)('contact.title')}: {c.name} ({of})"
    removal = extra.pop("removal", FormState())
    action = f"/contacts/{c.id}/edit"
    return form_page(
        request,
        "contact_edit",
        state,
        title,
        back,
        action,
        status,
        owner_path=f"/contacts/{c.id}",
        removal=removal,
    )


@router.get("/contacts/{contact_id}/edit", response_class=HTMLResponse)
def contact_form(request: Request, session: SessionDep, actor: SignedInDep, contact_id: Id) -> Response:
    contact = contacts.editable(session, actor, contact_id)
    return _contact_page(request, session, contact, FormState(contact_values(contact)))


@router.post("/contacts/{contact_id}/edit", response_class=HTMLResponse)
def edit_contact(
    request: Request, session: SessionDep, actor: SignedInDep, contact_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    contact = contacts.editable(session, actor, contact_id)
    state = FormState(values_of(form))
    shown: dict[str, str | None] = dict.fromkeys(CONTACT_TEXT)
    with submit(session, state, t, known=CONTACT_TEXT, shown=shown) as done:
        changes = changed(contact_values(contact), _contact_data(state))
        contacts.update(session, actor, contact.id, build(ContactUpdate, changes, t), version(state.values))
    if done.status:
        return _contact_page(request, session, contact, state, done.status)
    return see_other(_contact_home(session, contact)[0])


@router.post("/contacts/{contact_id}/remove", response_class=HTMLResponse)
def remove_contact(
    request: Request, session: SessionDep, actor: SignedInDep, contact_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    contact = contacts.editable(session, actor, contact_id)
    back = _contact_home(session, contact)[0]
    removal = FormState(values_of(form))
    with submit(session, removal, t, known=("reason",)) as done:
        data = build(Removal, {"reason": text(removal.values, "reason") or ""}, t)
        contacts.remove(session, actor, contact.id, data.reason)
    if done.status:
        state = FormState(contact_values(contact))
        return _contact_page(request, session, contact, state, done.status, removal=removal)
    return see_other(back)
