"""Writing partnerships and place profiles through the API: thin handlers over
kembar.registry (which checks the actor's role and scope, the vocabulary and the version,
and records each write in the history)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy.orm import Session

from kembar.db.models import Partnership
from kembar.partnerships import partnership_detail
from kembar.permissions import Actor, require_edit_places
from kembar.places import get_place, place_profile
from kembar.registry import common, partnerships, profiles
from kembar.registry.schemas import PartnershipCreate, PartnershipUpdate, ProfileUpdate, StageMove
from kembar.schemas import PartnershipDetail, PlaceProfile
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


def _detail(session: Session, p: Partnership, actor: Actor, status: int = 200) -> Response:
    """The partnership as written, read back whole (with the reader's view of contacts)."""
    session.flush()
    session.expire_all()
    detail = partnership_detail(session, p, actor)
    return respond(
        detail, status, etag("partnership", p.id, detail.version), location=f"/api/v1/partnerships/{p.id}"
    )


@router.post(
    "/partnerships",
    status_code=201,
    response_model=PartnershipDetail,
    responses={
        200: {"model": PartnershipDetail, "description": "The pair existed: that partnership, unchanged"},
        **errors(401, 403, 404, 413, 422),
    },
)
def create_partnership(session: SessionDep, actor: SignedInDep, body: PartnershipCreate) -> Response:
    """Record a partnership between two places at its first stage (201). A pair already
    in the registry is answered with the existing partnership (200); nothing is duplicated.
    An editor needs one of the two places in scope."""
    created = partnerships.create(session, actor, body)
    return _detail(session, created.partnership, actor, 201 if created.created else 200)


@router.patch(
    "/partnerships/{partnership_id}",
    response_model=PartnershipDetail,
    responses=errors(401, 403, 404, 409, 412, 413, 422, 428),
)
def update_partnership(
    session: SessionDep,
    actor: SignedInDep,
    partnership_id: Id,
    body: PartnershipUpdate,
    if_match: IfMatch = None,
) -> Response:
    """Change the kind, note, fields, or stage (a step with `stage_date` and `stage_note`;
    moving back needs `reason`). Requires If-Match with the ETag you read."""
    partnerships.editable(session, actor, partnership_id)
    expected = expected_version(if_match, "partnership", partnership_id)
    with conflicts("partnership", partnership_id):
        p = partnerships.update(session, actor, partnership_id, body, expected)
    return _detail(session, p, actor)


@router.post(
    "/partnerships/{partnership_id}/stages",
    status_code=201,
    response_model=PartnershipDetail,
    responses=errors(401, 403, 404, 409, 412, 413, 422),
)
def move_stage(
    session: SessionDep, actor: SignedInDep, partnership_id: Id, body: StageMove, if_match: IfMatch = None
) -> Response:
    """Record a step of the procedure (stage, date, note; moving back needs a reason).
    If-Match is optional here: a step adds to the track rather than overwriting it."""
    partnerships.editable(session, actor, partnership_id)
    expected = expected_version(if_match, "partnership", partnership_id, required=False)
    with conflicts("partnership", partnership_id):
        partnerships.move_stage(session, actor, partnership_id, body, expected)
    return _detail(session, partnerships.get(session, partnership_id), actor, 201)


@router.delete(
    "/partnerships/{partnership_id}",
    status_code=204,
    responses=errors(401, 403, 404, 409, 412, 422),
)
def remove_partnership(
    session: SessionDep, actor: SignedInDep, partnership_id: Id, reason: Reason, if_match: IfMatch = None
) -> Response:
    """Remove a partnership with its instruments, steps and contacts (its activities stay,
    unattached). The history keeps everything: revert the change to restore it."""
    p = partnerships.editable(session, actor, partnership_id)
    expected = expected_version(if_match, "partnership", partnership_id, required=False)
    with conflicts("partnership", partnership_id):
        common.check_version(p, expected, "the partnership")
    partnerships.remove(session, actor, partnership_id, reason)
    return Response(status_code=204)


@router.patch(
    "/places/{place_id}",
    response_model=PlaceProfile,
    responses=errors(401, 403, 404, 409, 412, 413, 422, 428),
)
def update_profile(
    session: SessionDep, actor: SignedInDep, place_id: Id, body: ProfileUpdate, if_match: IfMatch = None
) -> Response:
    """A place's "seeking partners" profile: its declared priorities (the fields it seeks
    partners for), statement, countries and world regions sought, size and characteristics
    sought, what it is and offers, a contact. Requires If-Match with the place's ETag. A
    value outside the vocabulary is a 422 naming it."""
    require_edit_places(session, actor, [get_place(session, place_id)])
    expected = expected_version(if_match, "place", place_id)
    with conflicts("place", place_id):
        place = profiles.update(session, actor, place_id, body, expected)
    session.flush()
    session.expire_all()
    profile = place_profile(session, place, signed_in=True)
    return respond(profile, tag=etag("place", place_id, profile.version))
