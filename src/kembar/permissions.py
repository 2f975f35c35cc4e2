"""Who may do what: the one permission module, used by the library's write functions so
that the CLI, the API and the pages obey the same rules.

- anonymous (no actor): reads what is public;
- viewer: signed in, reads what signed-in users may read (contacts), writes nothing;
- editor: edits partnerships with at least one party in scope, and places in scope;
- reviewer: decides the news queue and edits anything;
- admin: a reviewer who also manages users.

A scope entry is "place:<id>" or "country:<CC>". A place entry of a city or regency
covers that place; of a province, the province and every place whose admin_code is the
province's ISO 3166-2 code; of a country, every place of that country. A country entry
covers every place with that country code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kembar import vocab
from kembar.db.accounts import User
from kembar.db.models import Place
from kembar.errors import InvalidInput, Label, NotAuthenticated, Param, PermissionDenied

EDIT_ANYTHING = ("admin", "reviewer")


@dataclass(frozen=True)
class Actor:
    """Who performs an action, and through which channel (kept with every change)."""

    user_id: int | None  # None only for system channels (atlas build, demo)
    email: str
    role: str  # admin | reviewer | editor | viewer
    scope: tuple[str, ...]  # "place:<id>" or "country:<CC>" entries
    channel: str  # web | api | cli | ingest | atlas

    @property
    def is_system(self) -> bool:
        return self.user_id is None


def _channel(channel: str) -> str:
    if channel not in vocab.CHANNELS:
        raise InvalidInput(f"unknown channel {channel!r}; valid: {', '.join(vocab.CHANNELS)}")
    return channel


def actor_for(user: User, channel: str) -> Actor:
    """The actor of a signed-in account; a disabled account acts as no one."""
    if not user.active:
        raise NotAuthenticated(f"the account {user.email} is disabled", "err.disabled", {"email": user.email})
    return Actor(
        user_id=user.id,
        email=user.email,
        role=user.role,
        scope=tuple(s.entry for s in user.scopes),
        channel=_channel(channel),
    )


def system_actor(channel: str) -> Actor:
    """Kembar itself, for writes no person makes (the atlas build, the demo)."""
    return Actor(user_id=None, email="system", role="admin", scope=(), channel=_channel(channel))


def scoped_place_id(entry: str) -> int | None:
    """The place id of a scope entry "place:12", None for any other entry ("country:ID")."""
    kind, _, value = entry.partition(":")
    return int(value) if kind == "place" and value.isdigit() else None


def _entry_covers(session: Session, entry: str, place: Place) -> bool:
    kind, _, value = entry.partition(":")
    if kind == "country":
        return place.country_code == value
    place_id = scoped_place_id(entry)
    if place_id is None:
        return False
    if place_id == place.id:
        return True
    scoped = session.get(Place, place_id)
    if scoped is None:
        return False
    if scoped.kind == "country":
        return place.country_code == scoped.country_code
    if scoped.kind == "province" and scoped.admin_code:
        return place.admin_code == scoped.admin_code
    return False


def place_in_scope(session: Session, actor: Actor | None, place: Place) -> bool:
    """Whether one of the actor's scope entries covers the place (roles aside)."""
    if actor is None:
        return False
    return any(_entry_covers(session, entry, place) for entry in actor.scope)


def can_edit_places(session: Session, actor: Actor | None, places: Iterable[Place]) -> bool:
    """Whether the actor may edit a record of these places (the parties of a partnership,
    or one place's profile): reviewers and admins always, editors when any is in scope."""
    if actor is None:
        return False
    if actor.role in EDIT_ANYTHING:
        return True
    if actor.role != "editor":
        return False
    return any(place_in_scope(session, actor, p) for p in places)


def _names(places: list[Place], more: str = " and {n} more") -> str:
    """The first four places of a refusal, then how many more (`more`: the words for it;
    ", …" for a sentence of the pages, in any language)."""
    shown = ", ".join(f"{p.name} ({p.country_code})" for p in places[:4])
    return shown + (more.format(n=len(places) - 4) if len(places) > 4 else "")


def can_read_contacts(actor: Actor | None) -> bool:
    """Contacts (focal points' emails and phones) are for signed-in users of any role."""
    return actor is not None


def require_signed_in(actor: Actor | None) -> Actor:
    if actor is None:
        raise NotAuthenticated(
            "sign in first (or send an API token as Authorization: Bearer TOKEN)", "err.sign_in"
        )
    return actor


def require_edit_places(session: Session, actor: Actor | None, places: Iterable[Place]) -> None:
    """Raise NotAuthenticated for no actor, PermissionDenied naming the places when the
    actor may not edit them."""
    listed = list(places)
    who = require_signed_in(actor)
    if can_edit_places(session, who, listed):
        return
    params: dict[str, Param] = {"email": who.email, "places": _names(listed, ", …")}
    if who.role == "viewer":
        raise PermissionDenied(
            f"{who.email} is a viewer and may not edit {_names(listed)}", "err.viewer", params
        )
    raise PermissionDenied(f"{_names(listed)}: outside the scope of {who.email}", "err.out_of_scope", params)


def require_contribute(actor: Actor | None) -> Actor:
    """Accounts that may edit anything (editors, reviewers, admins) may hand in an article
    for the review queue; viewers may not."""
    who = require_signed_in(actor)
    if who.role == "viewer":
        raise PermissionDenied(
            f"{who.email} is a viewer and may not hand in articles",
            "err.viewer_articles",
            {"email": who.email},
        )
    return who


def require_review(actor: Actor | None) -> None:
    who = require_signed_in(actor)
    if who.role not in EDIT_ANYTHING:
        raise PermissionDenied(
            f"only reviewers and admins decide the review queue ({who.email} is {who.role})",
            "err.reviewers_only",
            {"email": who.email, "role": Label("role", who.role)},
        )


def require_admin(actor: Actor | None) -> None:
    who = require_signed_in(actor)
    if who.role != "admin":
        raise PermissionDenied(
            f"only admins manage users ({who.email} is {who.role})",
            "err.admins_only",
            {"email": who.email, "role": Label("role", who.role)},
        )
