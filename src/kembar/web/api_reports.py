"""Exports of a filtered list of partnerships: an .xlsx workbook in the reader's language,
and CSV for Excel with Indonesian or English regional settings. The filters are those of
GET /api/v1/partnerships (kembar.lifecycle.facets.Filters).

/api/v1/exports/csv without parameters answers what it always did (every partnership,
the columns of `kembar export`); this router comes before the one that used to answer it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from kembar.lifecycle import facets
from kembar.reports import spreadsheet, tables
from kembar.web.deps import ActorDep, SessionDep

router = APIRouter(prefix="/api/v1/exports", tags=["exports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"description": "a filter value not in the vocabulary, named in `detail`"}
}


def filters(
    kind: Annotated[str | None, Query(max_length=40)] = None,
    stage: Annotated[str | None, Query(max_length=40, description="a stage, or none")] = None,
    status: Annotated[
        str | None,
        Query(
            max_length=40,
            description="active, quiet, dormant, never_implemented, ended, unknown, expiring, expired",
        ),
    ] = None,
    within_days: Annotated[int | None, Query(ge=1, le=3650, description="for status=expiring")] = None,
    field: Annotated[str | None, Query(max_length=40)] = None,
    country: Annotated[str | None, Query(max_length=2, description="a party in this country")] = None,
    partner_country: Annotated[
        str | None, Query(max_length=2, description="the other party, with country")
    ] = None,
    region: Annotated[
        str | None, Query(max_length=12, description="a party in this ISO 3166-2 region")
    ] = None,
    decade: Annotated[int | None, Query(description="of the first date, e.g. 1990")] = None,
    place: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="place id")] = None,
) -> facets.Filters:
    """The facet filters of the query string, checked against the vocabulary."""
    return facets.Filters(
        kind=kind,
        stage=stage,
        status=status,
        within_days=within_days,
        field=field,
        country=country,
        partner_country=partner_country,
        region=region,
        decade=decade,
        place=place,
    ).check()


FiltersDep = Annotated[facets.Filters, Depends(filters)]


def _download(body: bytes | str, media_type: str, name: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/xlsx", responses={200: {"content": {XLSX: {}}}, **ERRORS})
def export_xlsx(request: Request, session: SessionDep, actor: ActorDep, f: FiltersDep) -> Response:
    """The partnerships matching the filters as a workbook in the reader's language (?lang=
    id or en): sheets of partnerships, instruments and activities, and contacts for a
    signed-in reader."""
    settings = request.app.state.settings
    ids = facets.matching_ids(session, settings, f)
    sheets = tables.sheets(session, settings, ids, f, request.state.lang, actor)
    stamp = date.today().isoformat()
    return _download(spreadsheet.xlsx(sheets, request.state.lang), XLSX, f"kembar-partnerships-{stamp}.xlsx")


@router.get("/csv", responses={200: {"content": {"text/csv": {}}}, **ERRORS})
def export_csv(
    request: Request,
    session: SessionDep,
    f: FiltersDep,
    excel: Annotated[
        str | None,
        Query(
            max_length=2,
            description="id: for Excel with Indonesian regional settings (UTF-8 with BOM, ';', "
            "decimal commas); en: the same with ',' and decimal points",
        ),
    ] = None,
) -> Response:
    """The partnerships matching the filters with both places' coordinates (the columns of
    `kembar export --format csv`); without any parameter, every partnership."""
    unfiltered = f == facets.Filters()
    ids = None if unfiltered else facets.matching_ids(session, request.app.state.settings, f)
    body = spreadsheet.partnerships_csv(session, ids, excel)
    return _download(body, "text/csv", "kembar-partnerships.csv")
