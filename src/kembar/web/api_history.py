"""The history through the API: the change sets of a partnership or a place (who, when,
through which channel, which rows, values before and after), one change set, and
reverting one (an admin or the change's author; the revert is a change set too).

A removed partnership keeps its history, so its id still lists the change that removed
it: revert that change to restore the partnership with its instruments.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field

from kembar.places import get_place
from kembar.registry import history
from kembar.registry.history import ChangeSetOut
from kembar.web.api_common import JSON_LIMIT, Id, capped_route, errors, respond
from kembar.web.deps import ActorDep, SessionDep, SignedInDep

router = APIRouter(prefix="/api/v1", tags=["history"], route_class=capped_route(JSON_LIMIT, "body"))

Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


class RevertIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    reason: str = Field(min_length=3, max_length=2000, description="Why the change is undone")


@router.get(
    "/partnerships/{partnership_id}/history",
    response_model=list[ChangeSetOut],
    responses=errors(401, 422),
)
def partnership_history(
    session: SessionDep, actor: ActorDep, partnership_id: Id, limit: Limit = 50, offset: Offset = 0
) -> Response:
    """The change sets that touched the partnership or its rows, newest first (also after
    it was removed). Contacts are shown to signed-in readers only."""
    return respond(history.of_partnership(session, partnership_id, actor, limit, offset))


@router.get("/places/{place_id}/history", response_model=list[ChangeSetOut], responses=errors(401, 404, 422))
def place_history(
    session: SessionDep, actor: ActorDep, place_id: Id, limit: Limit = 50, offset: Offset = 0
) -> Response:
    """The change sets of the place's own rows (profile, contacts) and of the partnerships
    created or removed with it, newest first."""
    get_place(session, place_id)
    return respond(history.of_place(session, place_id, actor, limit, offset))


@router.get("/changes/{changeset_id}", response_model=ChangeSetOut, responses=errors(401, 404))
def change(session: SessionDep, actor: ActorDep, changeset_id: Id) -> Response:
    """One change set with each row it wrote."""
    return respond(history.get(session, changeset_id, actor))


@router.post(
    "/changes/{changeset_id}/revert",
    status_code=201,
    response_model=ChangeSetOut,
    responses=errors(401, 403, 404, 413, 422),
)
def revert(session: SessionDep, actor: SignedInDep, changeset_id: Id, body: RevertIn) -> Response:
    """Undo a change set (an admin, or the change's author). Refused (422) when it was
    reverted already or a later change touched the same rows (revert that one first).
    Answers the change set of the revert."""
    done = history.revert(session, actor, changeset_id, body.reason)
    session.flush()
    session.expire_all()
    return respond(history.get(session, done, actor), 201, location=f"/api/v1/changes/{done}")
