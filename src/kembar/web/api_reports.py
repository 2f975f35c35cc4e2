"""Exports of a filtered list of partnerships: an .xlsx workbook in the reader's language,
and CSV for Excel with Indonesian or English regional settings. The filters are those of
GET /api/v1/partnerships (kembar.lifecycle.facets.Filters).

The CSV of a list is the workbook's partnerships sheet (the same columns and labels);
/api/v1/exports/csv without parameters answers what it always did (every partnership,
the columns of `kembar export`); this router comes before the one that used to answer it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from kembar import export
from kembar.errors import NotAuthenticated
from kembar.lifecycle import facets
from kembar.permissions import Actor
from kembar.reports import spreadsheet, tables
from kembar.web.deps import ActorDep, SessionDep
from kembar.web.facet_view import FiltersDep

router = APIRouter(prefix="/api/v1/exports", tags=["exports"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "mine=1 without signing in"},
    422: {"description": "a filter value not in the vocabulary, named in `detail`"},
}


Mine = Annotated[
    bool, Query(description="only the partnerships of the signed-in user's scope (My partnerships)")
]


def _selected(session: Session, actor: Actor | None, f: facets.Filters, mine: bool) -> facets.Filters:
    """The filters, narrowed to the reader's scope with `mine` (401 when not signed in)."""
    if not mine:
        return f
    if actor is None:
        raise NotAuthenticated("sign in to export your partnerships (mine=1)")
    return replace(f, places=facets.scope_places(session, actor.scope))


def _download(body: bytes | str, media_type: str, name: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/xlsx", responses={200: {"content": {XLSX: {}}}, **ERRORS})
def export_xlsx(
    request: Request, session: SessionDep, actor: ActorDep, f: FiltersDep, mine: Mine = False
) -> Response:
    """The partnerships matching the filters as a workbook in the reader's language (?lang=
    id or en): sheets of partnerships, instruments and activities, and contacts for a
    signed-in reader."""
    settings = request.app.state.settings
    f = _selected(session, actor, f, mine)
    ids = facets.matching_ids(session, settings, f)
    sheets = tables.sheets(session, settings, ids, f, request.state.lang, actor)
    stamp = date.today().isoformat()
    return _download(spreadsheet.xlsx(sheets, request.state.lang), XLSX, f"kembar-partnerships-{stamp}.xlsx")


@router.get("/csv", responses={200: {"content": {"text/csv": {}}}, **ERRORS})
def export_csv(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    f: FiltersDep,
    mine: Mine = False,
    excel: Annotated[
        str | None,
        Query(
            max_length=2,
            description="id: for Excel with Indonesian regional settings (UTF-8 with BOM, ';', "
            "decimal commas); en: the same with ',' and decimal points",
        ),
    ] = None,
) -> Response:
    """The partnerships matching the filters: the workbook's partnerships sheet, its
    columns and labels in the language of `excel` (else ?lang=). Without any parameter,
    every partnership in the columns of `kembar export --format csv` (codes and both
    places' coordinates, for programs), as it always was."""
    if excel is None and not mine and f == facets.Filters():
        return _download(export.export(session, "csv"), "text/csv", "kembar-partnerships.csv")
    spreadsheet.check_excel(excel)
    f = _selected(session, actor, f, mine)
    lang = excel or request.state.lang
    ids = facets.matching_ids(session, request.app.state.settings, f)
    sheet = tables.partnerships_table(session, request.app.state.settings, ids, f, lang)
    return _download(spreadsheet.sheet_csv(sheet, lang, excel), "text/csv", "kembar-partnerships.csv")
