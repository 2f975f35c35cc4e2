"""Pages of the reminders and reports: the calendar feed at its secret address, the page
that makes that address, and the printable PDF reports of a place or a country.
Handlers parse, call the library, and render."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from kembar import users
from kembar.lifecycle import ical
from kembar.lifecycle.words import Words
from kembar.permissions import Actor
from kembar.places import get_place
from kembar.reports import pdf, summary
from kembar.web.deps import SessionDep, SignedInDep
from kembar.web.pages import render

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
CountryCode = Annotated[str, Path(pattern="^[A-Za-z]{2}$")]


@router.get("/calendar/{token}.ics")
def calendar_feed(request: Request, session: SessionDep, token: str) -> Response:
    """The feed of the account whose secret this is; 404 for any other address."""
    text = ical.feed(session, request.app.state.settings, token)
    return Response(
        text,
        media_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": 'inline; filename="kembar.ics"',
            "Cache-Control": "private, max-age=900",
        },
    )


def _calendar_page(
    request: Request, session: SessionDep, actor: Actor, created: ical.CalendarToken | None = None
) -> Response:
    user = users.get_user(session, actor.email)
    context = {
        "w": Words(request.state.lang),
        "has_feed": user.calendar_token_hash is not None,
        "has_scope": bool(user.scopes),
        "created": created,
    }
    page = render(request, "account_calendar.html", context, status_code=201 if created else 200)
    if created:
        # The address is in this response only; it must not be cached anywhere.
        page.headers["Cache-Control"] = "no-store"
    return page


@router.get("/account/calendar")
def calendar_page(request: Request, session: SessionDep, actor: SignedInDep) -> Response:
    return _calendar_page(request, session, actor)


@router.post("/account/calendar")
def create_calendar(request: Request, session: SessionDep, actor: SignedInDep) -> Response:
    """A new feed address for the signed-in user (current_actor checked the CSRF token)."""
    created = ical.new_token(session, request.app.state.settings, actor, actor.email)
    return _calendar_page(request, session, actor, created)


def _pdf(body: bytes, name: str) -> Response:
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in name.lower()).strip("-") or "report"
    return Response(
        body,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="kembar-{slug}.pdf"'},
    )


@router.get("/reports/places/{place_id}.pdf")
def place_report(request: Request, session: SessionDep, place_id: Id) -> Response:
    """The printable report of a place; of a province, with its regencies and cities."""
    settings = request.app.state.settings
    report = summary.place_report(session, settings, get_place(session, place_id))
    return _pdf(pdf.render(report, request.state.lang, settings), report.name)


@router.get("/reports/countries/{cc}.pdf")
def country_report(request: Request, session: SessionDep, cc: CountryCode) -> Response:
    """The printable report of a country, its partnerships counted by province."""
    settings = request.app.state.settings
    report = summary.country_report(session, settings, cc)
    return _pdf(pdf.render(report, request.state.lang, settings), report.country)
