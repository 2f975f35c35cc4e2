"""Instruments, activities and contacts through the API: create under a partnership (or
a place, for contacts), read one with its ETag, PATCH with If-Match, DELETE with a reason.
Thin handlers over kembar.registry, which checks role, scope, vocabulary and version."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy.orm import Session

from kembar.db.models import Activity, Instrument
from kembar.db.registry import Contact
from kembar.partnerships import activity_out, contact_out, instrument_out
from kembar.places import get_place
from kembar.registry import activities, common, contacts, instruments, partnerships
from kembar.registry.schemas import (
    ActivityCreate,
    ActivityUpdate,
    ContactCreate,
    ContactUpdate,
    InstrumentCreate,
    InstrumentUpdate,
)
from kembar.schemas import ActivityOut, ContactOut, InstrumentOut
from kembar.web.api_common import (
    JSON_LIMIT,
    Id,
    IfMatch,
    Reason,
    capped_route,
    conflicts,
    errors,
    etag,
    expected_version,
    respond,
)
from kembar.web.deps import SessionDep, SignedInDep

router = APIRouter(prefix="/api/v1", tags=["registry"], route_class=capped_route(JSON_LIMIT, "body"))

CREATE = errors(401, 403, 404, 413, 422)
UPDATE = errors(401, 403, 404, 409, 412, 413, 422, 428)
REMOVE = errors(401, 403, 404, 409, 412, 422)


def _fresh(session: Session) -> None:
    """Read back what was written (collections loaded before the write are reloaded)."""
    session.flush()
    session.expire_all()


# --- instruments -------------------------------------------------------------------


def _instrument(session: Session, row: Instrument, status: int = 200) -> Response:
    _fresh(session)
    out = instrument_out(row)
    return respond(out, status, etag("instrument", row.id, out.version), f"/api/v1/instruments/{row.id}")


@router.post(
    "/partnerships/{partnership_id}/instruments",
    status_code=201,
    response_model=InstrumentOut,
    responses=CREATE,
)
def add_instrument(
    session: SessionDep, actor: SignedInDep, partnership_id: Id, body: InstrumentCreate
) -> Response:
    """Record an LoI, MoU, implementation agreement or renewal: dates, validity (or a term
    in years from a full start date), number, signatories."""
    return _instrument(session, instruments.add(session, actor, partnership_id, body), 201)


@router.get("/instruments/{instrument_id}", response_model=InstrumentOut, responses=errors(401, 404))
def get_instrument(session: SessionDep, instrument_id: Id) -> Response:
    """One instrument, with its ETag."""
    return _instrument(session, instruments.get(session, instrument_id))


@router.patch("/instruments/{instrument_id}", response_model=InstrumentOut, responses=UPDATE)
def update_instrument(
    session: SessionDep,
    actor: SignedInDep,
    instrument_id: Id,
    body: InstrumentUpdate,
    if_match: IfMatch = None,
) -> Response:
    """Change any of its fields; requires If-Match with the instrument's ETag."""
    instruments.editable(session, actor, instrument_id)
    expected = expected_version(if_match, "instrument", instrument_id)
    with conflicts("instrument", instrument_id):
        row = instruments.update(session, actor, instrument_id, body, expected)
    return _instrument(session, row)


@router.delete("/instruments/{instrument_id}", status_code=204, responses=REMOVE)
def remove_instrument(
    session: SessionDep, actor: SignedInDep, instrument_id: Id, reason: Reason, if_match: IfMatch = None
) -> Response:
    row = instruments.editable(session, actor, instrument_id)
    with conflicts("instrument", instrument_id):
        common.check_version(
            row, expected_version(if_match, "instrument", instrument_id, required=False), "the instrument"
        )
    instruments.remove(session, actor, instrument_id, reason)
    return Response(status_code=204)


# --- activities --------------------------------------------------------------------


def _activity(session: Session, row: Activity, status: int = 200) -> Response:
    _fresh(session)
    out = activity_out(session, row)
    return respond(out, status, etag("activity", row.id, out.version), f"/api/v1/activities/{row.id}")


@router.post(
    "/partnerships/{partnership_id}/activities",
    status_code=201,
    response_model=ActivityOut,
    responses=CREATE,
)
def add_activity(
    session: SessionDep, actor: SignedInDep, partnership_id: Id, body: ActivityCreate
) -> Response:
    """Record a visit, delegation, business meeting, workshop or exchange: dates, place,
    participants with their roles, counts, fields, note."""
    return _activity(session, activities.add(session, actor, partnership_id, body), 201)


@router.get("/activities/{activity_id}", response_model=ActivityOut, responses=errors(401, 404))
def get_activity(session: SessionDep, activity_id: Id) -> Response:
    """One activity, with its ETag."""
    return _activity(session, activities.get(session, activity_id))


@router.patch("/activities/{activity_id}", response_model=ActivityOut, responses=UPDATE)
def update_activity(
    session: SessionDep, actor: SignedInDep, activity_id: Id, body: ActivityUpdate, if_match: IfMatch = None
) -> Response:
    """Change any of its fields; requires If-Match with the activity's ETag."""
    activities.editable(session, actor, activity_id)
    expected = expected_version(if_match, "activity", activity_id)
    with conflicts("activity", activity_id):
        row = activities.update(session, actor, activity_id, body, expected)
    return _activity(session, row)


@router.delete("/activities/{activity_id}", status_code=204, responses=REMOVE)
def remove_activity(
    session: SessionDep, actor: SignedInDep, activity_id: Id, reason: Reason, if_match: IfMatch = None
) -> Response:
    row = activities.editable(session, actor, activity_id)
    with conflicts("activity", activity_id):
        common.check_version(
            row, expected_version(if_match, "activity", activity_id, required=False), "the activity"
        )
    activities.remove(session, actor, activity_id, reason)
    return Response(status_code=204)


# --- contacts (signed-in readers only) ---------------------------------------------


def _contact(session: Session, row: Contact, status: int = 200) -> Response:
    _fresh(session)
    out = contact_out(row)
    return respond(out, status, etag("contact", row.id, out.version), f"/api/v1/contacts/{row.id}")


@router.get(
    "/partnerships/{partnership_id}/contacts", response_model=list[ContactOut], responses=errors(401, 404)
)
def partnership_contacts(session: SessionDep, actor: SignedInDep, partnership_id: Id) -> Response:
    """The partnership's focal points (for signed-in users only)."""
    partnerships.get(session, partnership_id)
    return respond([contact_out(c) for c in contacts.of_partnership(session, actor, partnership_id)])


@router.get("/places/{place_id}/contacts", response_model=list[ContactOut], responses=errors(401, 404))
def place_contacts(session: SessionDep, actor: SignedInDep, place_id: Id) -> Response:
    """The place's focal points (for signed-in users only)."""
    get_place(session, place_id)
    return respond([contact_out(c) for c in contacts.of_place(session, actor, place_id)])


@router.post(
    "/partnerships/{partnership_id}/contacts", status_code=201, response_model=ContactOut, responses=CREATE
)
def add_partnership_contact(
    session: SessionDep, actor: SignedInDep, partnership_id: Id, body: ContactCreate
) -> Response:
    return _contact(session, contacts.add(session, actor, body, partnership_id=partnership_id), 201)


@router.post("/places/{place_id}/contacts", status_code=201, response_model=ContactOut, responses=CREATE)
def add_place_contact(session: SessionDep, actor: SignedInDep, place_id: Id, body: ContactCreate) -> Response:
    return _contact(session, contacts.add(session, actor, body, place_id=place_id), 201)


@router.get("/contacts/{contact_id}", response_model=ContactOut, responses=errors(401, 404))
def get_contact(session: SessionDep, actor: SignedInDep, contact_id: Id) -> Response:
    """One contact, with its ETag (for signed-in users only)."""
    return _contact(session, contacts.get(session, contact_id))


@router.patch("/contacts/{contact_id}", response_model=ContactOut, responses=UPDATE)
def update_contact(
    session: SessionDep, actor: SignedInDep, contact_id: Id, body: ContactUpdate, if_match: IfMatch = None
) -> Response:
    """Change any of its fields; requires If-Match with the contact's ETag."""
    contacts.editable(session, actor, contact_id)
    expected = expected_version(if_match, "contact", contact_id)
    with conflicts("contact", contact_id):
        row = contacts.update(session, actor, contact_id, body, expected)
    return _contact(session, row)


@router.delete("/contacts/{contact_id}", status_code=204, responses=REMOVE)
def remove_contact(
    session: SessionDep, actor: SignedInDep, contact_id: Id, reason: Reason, if_match: IfMatch = None
) -> Response:
    row = contacts.editable(session, actor, contact_id)
    with conflicts("contact", contact_id):
        common.check_version(
            row, expected_version(if_match, "contact", contact_id, required=False), "the contact"
        )
    contacts.remove(session, actor, contact_id, reason)
    return Response(status_code=204)
