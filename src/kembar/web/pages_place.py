"""A place's page: its profile, partnerships (faceted and paged; a province's with those
of its regencies and cities), map, timeline and sources for everyone; its declared
priorities and "seeking partners" profile (edited by the editors whose scope holds the
place), and its contacts (signed-in users only); the list of places seeking partners
with their mutual matches."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kembar import seeking
from kembar.db.models import Partnership, Place
from kembar.lifecycle.facets import Filters
from kembar.partnerships import contact_out, evidence_for
from kembar.permissions import Actor, can_edit_places
from kembar.place_names import known_as
from kembar.places import get_place, place_profile
from kembar.registry import contacts, profiles
from kembar.registry.schemas import ProfileUpdate
from kembar.seeking import SeekingFilter
from kembar.web.deps import ActorDep, SessionDep, SignedInDep
from kembar.web.facet_view import FiltersDep, PageNumber, panel
from kembar.web.forms import FormDep, FormState, build, submit, text, values_of, version
from kembar.web.pages_common import Id, form_page
from kembar.web.render import render, see_other, translator

router = APIRouter(include_in_schema=False)


def _timeline(items: list[tuple[str | None, str, Any, int]]) -> list[dict[str, Any]]:
    return sorted(
        (
            {"date": date, "what": what, "item": item, "partnership_id": pid}
            for date, what, item, pid in items
            if date
        ),
        key=lambda e: e["date"],
        reverse=True,
    )


def _events(session: Session, place: Place) -> tuple[list[dict[str, Any]], list[Any]]:
    """The place's dated instruments and activities, and the sources of their evidence."""
    found = session.scalars(
        select(Partnership).where(or_(Partnership.place_a_id == place.id, Partnership.place_b_id == place.id))
    ).all()
    events: list[tuple[str | None, str, Any, int]] = []
    subjects: list[tuple[str, int]] = []
    for p in found:
        other = p.place_b if p.place_a_id == place.id else p.place_a
        subjects.append(("partnership", p.id))
        for ins in p.instruments:
            events.append((ins.signed_on, "instrument", (ins, other), p.id))
            subjects.append(("instrument", ins.id))
        for act in p.activities:
            events.append((act.date, "activity", (act, other), p.id))
    sources: dict[int, Any] = {}
    for e in evidence_for(session, subjects):
        sources.setdefault(e.source.id, e.source)
    return _timeline(events), list(sources.values())


def _profile_values(place: Place, priorities: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {"version": str(place.version), "seeking": place.seeking or ""}
    values["priorities"] = priorities
    for key in profiles.LISTS:
        values[key] = profiles.listed(getattr(place, key))
    values["seeking_countries"] = ", ".join(values["seeking_countries"])
    for key in profiles.TEXTS:
        values[key] = getattr(place, key) or ""
    return values


# Boxes of the profile form: each list is sent only when its boxes were on the page.
_BOXES = ("priorities", "seeking_regions", "seeking_functions", "functions", "offers")


def _profile_data(state: FormState) -> dict[str, Any]:
    # a field the form did not send is kept as it is, the statement like the others
    values: dict[str, Any] = {"seeking": text(state.values, "seeking")} if "seeking" in state.values else {}
    for name in _BOXES:
        if f"{name}_sent" in state.values:  # the boxes were on the form (none ticked: none)
            values[name] = sorted(set(state.getlist(name)))
    if "seeking_countries" in state.values:
        typed = text(state.values, "seeking_countries") or ""
        values["seeking_countries"] = [c for c in typed.replace(";", ",").replace(" ", ",").split(",") if c]
    for name in profiles.TEXTS:
        if name in state.values:
            values[name] = text(state.values, name)
    return values


def _page(
    request: Request,
    session: Session,
    actor: Actor | None,
    place: Place,
    profile_form: FormState | None = None,
    chosen: Filters | None = None,
    page: int = 1,
) -> dict[str, Any]:
    profile = place_profile(session, place, signed_in=actor is not None)
    timeline, sources = _events(session, place)
    can_edit = can_edit_places(session, actor, [place])
    region = place.admin_code if place.kind == "province" and place.admin_code else None
    listing = panel(
        session,
        request.app.state.settings,
        request.state.lang,
        f"/places/{place.id}",
        chosen or Filters(),
        page,
        Filters(region=region) if region else Filters(place=place.id),
    )
    return {
        "p": profile,
        "known_as": known_as(place.name, profile.names),
        "timeline": timeline,
        "sources": sources,
        "panel": listing,
        "region": region,
        "can_edit": can_edit,
        "contacts": [contact_out(c) for c in contacts.of_place(session, actor, place.id)],
        "profile_form": profile_form or FormState(_profile_values(place, profile.priorities)),
        "contact_form": FormState(),
    }


@router.get("/places/{place_id}", response_class=HTMLResponse)
def place_page(
    request: Request, session: SessionDep, actor: ActorDep, place_id: Id, f: FiltersDep, page: PageNumber = 1
) -> Response:
    """A place and its partnerships, faceted and paged; a province's with those of its
    regencies and cities."""
    place = get_place(session, place_id)
    return render(request, "place.html", _page(request, session, actor, place, chosen=f, page=page))


@router.post("/places/{place_id}/profile", response_class=HTMLResponse)
def edit_profile(
    request: Request, session: SessionDep, actor: SignedInDep, place_id: Id, form: FormDep
) -> Response:
    """The declared priorities (fields of cooperation) and the "seeking partners" statement."""
    t = translator(request)
    place = get_place(session, place_id)
    state = FormState(values_of(form))
    known = ("priorities", "seeking", *profiles.LISTS, *profiles.TEXTS)
    with submit(session, state, t, known=known, shown={"seeking": None}) as done:
        data = build(ProfileUpdate, _profile_data(state), t)
        profiles.update(session, actor, place.id, data, version(state.values))
    if done.status:
        title = f"{t('profile.title')}: {place.name}"
        action = f"/places/{place.id}/profile"
        return form_page(request, "profile", state, title, f"/places/{place.id}", action, done.status)
    return see_other(f"/places/{place.id}#profile")


def _filter(request: Request) -> SeekingFilter:
    """The list's filters from the query string (an empty box is no filter)."""
    names = SeekingFilter.model_fields
    return SeekingFilter(**{k: v for k, v in request.query_params.items() if k in names and v.strip()})


@router.get("/seeking", response_class=HTMLResponse)
def seeking_page(request: Request, session: SessionDep, actor: ActorDep) -> Response:
    """Places seeking partners, filtered, each with its mutual matches."""
    flt = _filter(request)
    if bad := seeking.problems(flt):
        t = translator(request)
        values = "; ".join(f"{t('seeking.' + name)}: {value}" for name, value in bad)
        context = {"flt": flt, "items": [], "problem": t("seeking.unknown", values=values)}
        return render(request, "seeking.html", context, status_code=422)
    items = seeking.listing(session, flt, request.state.lang, signed_in=actor is not None)
    context = {"flt": flt, "items": items, "problem": None, "filtered": any(flt.model_dump().values())}
    return render(request, "seeking.html", context | {"to_fill": seeking.profiles_to_fill(session, actor)})
