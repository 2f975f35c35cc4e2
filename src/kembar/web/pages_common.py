"""What the registry's page modules share: the page of one form (shown again with its
errors), choosing a place by name, and the names people are shown by."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from kembar import users
from kembar.db.models import Partnership, Place
from kembar.errors import InvalidInput, PermissionDenied
from kembar.i18n import Translator
from kembar.permissions import Actor
from kembar.places import choice_label, search_places
from kembar.web.forms import FormState, PlaceChoice, text
from kembar.web.render import WRITER_ROLES, render

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]

# A refused form: 422 for what was typed, 409 when the row changed meanwhile, 403 when
# the account may not write it.
INVALID = 422
CONFLICT = 409


def require_writer(actor: Actor) -> None:
    """Viewers read; the forms of the registry are for editors, reviewers and admins."""
    if actor.role not in WRITER_ROLES:
        message = (
            f"{actor.email} is a viewer and may not change the registry; ask an admin for an editor's role"
        )
        raise PermissionDenied(message, "forms.viewer")


def form_page(
    request: Request,
    kind: str,
    state: FormState,
    title: str,
    back: str,
    action: str,
    status: int = 200,
    **extra: Any,
) -> Response:
    """One form on a page of its own: an edit form, or a form of another page shown
    again with what was typed and what is wrong."""
    context = {"kind": kind, "f": state, "title": title, "back": back, "action": action, **extra}
    return render(request, "form_page.html", context, status_code=status)


def place_label(place: Place) -> str:
    region = f", {place.admin_name}" if place.admin_name and place.admin_name != place.name else ""
    return f"{place.name} ({place.country_code}{region})"


def partnership_label(p: Partnership) -> str:
    first, second = p.parties  # in the order they were recorded
    return f"{first.name} – {second.name}"


def pick_place(
    session: Session, state: FormState, name: str, t: Translator, required: bool = True
) -> int | None:
    """The place a picker names: its id (set by the autocomplete), else the one place
    the typed name finds; several found are offered as choices. Problems go to
    state.errors[name]."""
    chosen = text(state.values, name)
    typed = text(state.values, f"{name}_text")
    if chosen and chosen.isdigit():
        place = session.get(Place, int(chosen))
        if place is not None:
            state.values[f"{name}_text"] = typed or place_label(place)
            return place.id
        state.errors[name] = t("form.place_unknown")
        return None
    if not typed:
        if required:
            state.errors[name] = t("form.place_required")
        return None
    try:
        found = search_places(session, typed, limit=8)
    except InvalidInput:
        found = []
    if len(found) == 1:
        state.values[name] = str(found[0].id)
        state.values[f"{name}_text"] = place_label(found[0])
        return found[0].id
    if not found:
        state.errors[name] = t("form.place_none", name=typed)
    else:
        state.errors[name] = t("form.place_several", name=typed)
        state.choices[name] = [PlaceChoice(p.id, choice_label(p, t)) for p in found]
    return None


def display_names(session: Session, emails: list[str | None], reader: Actor | None) -> dict[str, str]:
    """How an author is shown: the account's name; its email to signed-in readers only;
    "Kembar" for the system's own writes."""
    out: dict[str, str] = {}
    for email in {e for e in emails if e}:
        if email == "system":
            out[email] = "Kembar"
            continue
        user = users.find_user(session, email)
        if user is not None and user.name:
            out[email] = user.name
        elif reader is not None:
            out[email] = email
    return out
