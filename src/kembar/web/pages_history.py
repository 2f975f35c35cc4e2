"""The history tabs of partnership and place pages, one change set on its own page, and
reverting a change (admins and the change's author; the revert is a change too)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.db.models import Partnership
from kembar.db.registry import Change
from kembar.errors import PartnershipNotFound
from kembar.places import get_place
from kembar.registry import history
from kembar.registry.schemas import Removal
from kembar.web.deps import ActorDep, SessionDep, SignedInDep
from kembar.web.forms import FormDep, FormState, build, submit, text, values_of
from kembar.web.history_view import views
from kembar.web.pages_common import Id
from kembar.web.render import local_path, render, see_other, translator

router = APIRouter(include_in_schema=False)
PER_PAGE = 50
PageNumber = Annotated[int, Query(ge=1, le=100_000)]


def _listing(
    request: Request, session: Session, actor: Any, sets: list[Any], page: int, context: dict[str, Any]
) -> Response:
    t = translator(request)
    shown = views(session, sets, actor, t)
    return render(
        request,
        "history.html",
        {
            **context,
            "changes": shown,
            "page": page,
            "more": len(sets) == PER_PAGE,
            "revert_form": FormState(),
        },
    )


@router.get("/partnerships/{partnership_id}/history", response_class=HTMLResponse)
def partnership_history(
    request: Request, session: SessionDep, actor: ActorDep, partnership_id: Id, page: PageNumber = 1
) -> Response:
    """Also of a removed partnership: its history keeps it, and its removal can be reverted."""
    p = session.get(Partnership, partnership_id)
    if p is None and session.scalar(select(Change.id).where(Change.partnership_id == partnership_id)) is None:
        raise PartnershipNotFound(partnership_id)
    sets = history.of_partnership(session, partnership_id, actor, PER_PAGE, (page - 1) * PER_PAGE)
    context = {"partnership": p, "partnership_id": partnership_id, "here": request.url.path}
    return _listing(request, session, actor, sets, page, context)


@router.get("/places/{place_id}/history", response_class=HTMLResponse)
def place_history(
    request: Request, session: SessionDep, actor: ActorDep, place_id: Id, page: PageNumber = 1
) -> Response:
    place = get_place(session, place_id)
    sets = history.of_place(session, place.id, actor, PER_PAGE, (page - 1) * PER_PAGE)
    return _listing(request, session, actor, sets, page, {"place": place, "here": request.url.path})


def _change_page(
    request: Request, session: Session, actor: Any, changeset_id: int, state: FormState, status: int = 200
) -> Response:
    cs = history.get(session, changeset_id, actor)
    shown = views(session, [cs], actor, translator(request))
    context = {"change": shown[0], "revert_form": state, "here": local_path(text(state.values, "next"))}
    return render(request, "change.html", context, status_code=status)


@router.get("/history/{changeset_id}", response_class=HTMLResponse)
def change_page(request: Request, session: SessionDep, actor: ActorDep, changeset_id: Id) -> Response:
    return _change_page(
        request, session, actor, changeset_id, FormState({"next": f"/history/{changeset_id}"})
    )


@router.post("/history/{changeset_id}/revert", response_class=HTMLResponse)
def revert_change(
    request: Request, session: SessionDep, actor: SignedInDep, changeset_id: Id, form: FormDep
) -> Response:
    t = translator(request)
    state = FormState(values_of(form))
    with submit(session, state, t, known=("reason",)) as done:
        data = build(Removal, {"reason": text(state.values, "reason") or ""}, t)
        history.revert(session, actor, changeset_id, data.reason)
    if done.status:
        return _change_page(request, session, actor, changeset_id, state, done.status)
    return see_other(local_path(text(state.values, "next"), f"/history/{changeset_id}"))
