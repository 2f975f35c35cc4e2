"""Pages of the reminders and reports: the calendar feed at its secret address, the page
that makes that address, and the printable PDF reports of a place or a country.
Handlers parse, call the library, and render."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kembar import users
from kembar.lifecycle import ical
from kembar.lifecycle.words import Words
from kembar.permissions import Actor
from kembar.web.deps import SessionDep, SignedInDep
from kembar.web.pages import render

router = APIRouter(include_in_schema=False)


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
