"""The JSON API of partnerships over their life: faceted lists, the officer's dashboard,
the country dashboard, a province's partnerships with those of its cities."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from kembar.lifecycle import dashboards, facets
from kembar.lifecycle.schemas import (
    CountryDashboardOut,
    Dashboard,
    DashboardItem,
    FacetedList,
    FacetLabels,
    FacetValue,
    PartnershipItem,
    partnership_items,
)
from kembar.places import get_place
from kembar.web.api_common import errors
from kembar.web.deps import SessionDep, SignedInDep
from kembar.web.facet_view import FiltersDep

router = APIRouter(prefix="/api/v1", tags=["lifecycle"])
ERRORS = errors(422)


def _json(model: BaseModel) -> Response:
    return Response(model.model_dump_json(), media_type="application/json")


def items(session: Session, request: Request, ids: list[int]) -> list[PartnershipItem]:
    """List items of these partnerships, in this order, each with its status today."""
    return partnership_items(session, request.app.state.settings, ids, request.state.lang, _today())


def _today() -> date:
    return date.today()


def facet_labels(
    session: Session, lang: str, counts: dict[str, list[tuple[str, int]]]
) -> dict[str, list[FacetValue]]:
    return FacetLabels(session, lang).values(counts)


@router.get("/partnerships", response_model=FacetedList, responses=ERRORS)
def partnerships(
    request: Request,
    session: SessionDep,
    filters: FiltersDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Partnerships filtered by facets, one page at a time, with the count of each value of
    each facet among the partnerships that match the other filters. `validity=expiring`
    (or the older `status=expiring`) selects those with an instrument whose validity ends
    within `within_days`; each partnership has one status, so its counts add up."""
    page = facets.search(session, request.app.state.settings, filters, limit, offset)
    return _json(
        FacetedList(
            total=page.total,
            limit=limit,
            offset=offset,
            items=items(session, request, page.ids),
            facets=facet_labels(session, request.state.lang, page.counts),
        )
    )


@router.get("/dashboard", response_model=Dashboard, responses=errors(401, 422))
def dashboard(
    request: Request,
    session: SessionDep,
    actor: SignedInDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """The partnerships of the signed-in user's scope, those needing attention first."""
    mine = dashboards.my_partnerships(session, request.app.state.settings, actor, limit, offset)
    lang = request.state.lang
    return _json(
        Dashboard(
            total=mine.total,
            limit=limit,
            offset=offset,
            has_scope=mine.has_scope,
            items=[DashboardItem.of_row(row, lang) for row in mine.rows],
        )
    )


@router.get("/countries/{cc}/dashboard", response_model=CountryDashboardOut, responses=errors(404, 422))
def country_dashboard(
    request: Request,
    session: SessionDep,
    cc: str,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
) -> Response:
    """A country's partnerships by province and stage, expiring this year, dormant, signed
    this year, and by partner country."""
    board = dashboards.country_dashboard(session, request.app.state.settings, cc, year)
    return _json(CountryDashboardOut.of(board, request.state.lang))


@router.get("/places/{place_id}/region", response_model=FacetedList, responses=errors(404, 422))
def region(
    request: Request,
    session: SessionDep,
    place_id: int,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """A province's partnerships together with those of the regencies and cities in it
    (for another place, its own)."""
    ids = dashboards.region_partnerships(session, get_place(session, place_id))
    return _json(
        FacetedList(
            total=len(ids),
            limit=limit,
            offset=offset,
            items=items(session, request, ids[offset : offset + limit]),
            facets={},
        )
    )
