"""The permission module: each role against places in and out of scope, province
containment, country scope, disabled accounts, system actors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session

from helpers import add_places
from kembar.db import Database
from kembar.db.accounts import User, UserScope
from kembar.errors import InvalidInput, NotAuthenticated, PermissionDenied
from kembar.permissions import (
    Actor,
    actor_for,
    can_edit_places,
    can_read_contacts,
    place_in_scope,
    require_admin,
    require_edit_places,
    require_review,
    system_actor,
)

pytestmark = pytest.mark.backends

ROLES = ("admin", "reviewer", "editor", "viewer")


@pytest.fixture
def world(db: Database) -> Iterator[tuple[Session, dict[str, Any]]]:
    with db.session() as session:
        yield session, add_places(session)


def actor(role: str, *scope: str) -> Actor:
    return Actor(user_id=7, email=f"{role}@example.org", role=role, scope=scope, channel="web")


def covered(session: Session, places: dict[str, Any], *scope: str) -> set[str]:
    who = actor("editor", *scope)
    return {label for label, place in places.items() if place_in_scope(session, who, place)}


def test_a_city_entry_covers_that_city_only(world: tuple[Session, dict[str, Any]]) -> None:
    session, p = world
    assert covered(session, p, f"place:{p['bandung'].id}") == {"bandung"}


def test_a_regency_entry_covers_that_regency_only(world: tuple[Session, dict[str, Any]]) -> None:
    session, p = world
    assert covered(session, p, f"place:{p['bogor_regency'].id}") == {"bogor_regency"}


def test_a_province_entry_covers_the_places_of_its_region(world: tuple[Session, dict[str, Any]]) -> None:
    session, p = world
    assert covered(session, p, f"place:{p['west_java'].id}") == {
        "west_java",
        "bandung",
        "bekasi",
        "bogor_regency",
    }
    assert covered(session, p, f"place:{p['east_java'].id}") == {"east_java", "surabaya"}


def test_a_country_entry_covers_every_place_of_the_country(world: tuple[Session, dict[str, Any]]) -> None:
    session, p = world
    indonesian = {k for k, v in p.items() if v.country_code == "ID"}
    assert "unplaced" in indonesian and len(indonesian) == 8
    assert covered(session, p, "country:ID") == indonesian
    # The country as a place id means the same.
    assert covered(session, p, f"place:{p['indonesia'].id}") == indonesian
    assert covered(session, p, "country:KR") == {"busan"}


def test_entries_add_up_and_dangling_ones_cover_nothing(world: tuple[Session, dict[str, Any]]) -> None:
    session, p = world
    assert covered(session, p, f"place:{p['surabaya'].id}", "country:MY") == {"surabaya", "kuala_lumpur"}
    assert covered(session, p, "place:999999", "country:", "nonsense") == set()
    assert covered(session, p) == set()
    assert not place_in_scope(session, None, p["bandung"])


PAIRS = {
    # (party a, party b): how many of the two an editor scoped to West Java holds
    "both": ("bandung", "bekasi"),
    "one": ("bandung", "busan"),
    "other_one": ("kuala_lumpur", "bogor_regency"),
    "none": ("surabaya", "busan"),
}


@pytest.mark.parametrize("role", [*ROLES, None])
@pytest.mark.parametrize("pair", list(PAIRS))
def test_who_may_edit_a_partnership(
    world: tuple[Session, dict[str, Any]], role: str | None, pair: str
) -> None:
    session, p = world
    who = actor(role, f"place:{p['west_java'].id}") if role else None
    places = [p[label] for label in PAIRS[pair]]
    expected = {
        "admin": True,
        "reviewer": True,
        "editor": pair != "none",
        "viewer": False,
        None: False,
    }[role]
    assert can_edit_places(session, who, places) is expected
    if expected:
        require_edit_places(session, who, places)
    else:
        with pytest.raises(NotAuthenticated if who is None else PermissionDenied):
            require_edit_places(session, who, places)


def test_reviewers_and_admins_need_no_scope(world: tuple[Session, dict[str, Any]]) -> None:
    session, p = world
    for role in ("admin", "reviewer"):
        assert can_edit_places(session, actor(role), [p["busan"]])
    assert not can_edit_places(session, actor("editor"), [p["busan"]])


def test_refusals_name_the_places_and_the_reason(world: tuple[Session, dict[str, Any]]) -> None:
    session, p = world
    editor = actor("editor", f"place:{p['bandung'].id}")
    with pytest.raises(PermissionDenied, match=r"Surabaya \(ID\), Busan \(KR\): outside the scope"):
        require_edit_places(session, editor, [p["surabaya"], p["busan"]])
    with pytest.raises(PermissionDenied, match="viewer"):
        require_edit_places(session, actor("viewer", "country:ID"), [p["bandung"]])
    with pytest.raises(NotAuthenticated, match="sign in"):
        require_edit_places(session, None, [p["bandung"]])


@pytest.mark.parametrize("role", [*ROLES, None])
def test_review_and_admin_rights(role: str | None) -> None:
    who = actor(role) if role else None
    assert can_read_contacts(who) is (role is not None)
    for check, allowed in ((require_review, ("admin", "reviewer")), (require_admin, ("admin",))):
        if role in allowed:
            check(who)
        else:
            with pytest.raises(NotAuthenticated if who is None else PermissionDenied):
                check(who)


def test_actor_for_a_user_carries_role_scope_and_channel(world: tuple[Session, dict[str, Any]]) -> None:
    session, p = world
    user = User(
        email="e@example.org",
        role="editor",
        password_hash="x",
        language="id",
        active=True,
        scopes=[UserScope(place_id=p["bandung"].id), UserScope(country_code="MY")],
    )
    session.add(user)
    session.flush()
    made = actor_for(user, "api")
    assert made == Actor(
        user.id, "e@example.org", "editor", (f"place:{p['bandung'].id}", "country:MY"), "api"
    )
    assert can_edit_places(session, made, [p["kuala_lumpur"]])


def test_a_disabled_user_acts_as_no_one(world: tuple[Session, dict[str, Any]]) -> None:
    session, _ = world
    user = User(email="gone@example.org", role="admin", password_hash="x", language="en", active=False)
    session.add(user)
    session.flush()
    with pytest.raises(NotAuthenticated, match="disabled"):
        actor_for(user, "web")


def test_system_actors(world: tuple[Session, dict[str, Any]]) -> None:
    session, p = world
    atlas = system_actor("atlas")
    assert atlas.user_id is None and atlas.is_system and atlas.channel == "atlas"
    assert can_edit_places(session, atlas, [p["busan"]])
    require_review(atlas)
    with pytest.raises(InvalidInput, match="channel"):
        system_actor("carrier pigeon")
