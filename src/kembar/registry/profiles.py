"""A place's own profile: the fields it declares as priorities and its "seeking partners"
profile (statement, countries and world regions sought, size and functions sought, what it
is and offers, a contact), edited by the editors whose scope holds the place."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar.db.models import Place, PlacePriority
from kembar.errors import InvalidInput
from kembar.permissions import Actor, require_edit_places
from kembar.registry import common
from kembar.registry.schemas import ProfileUpdate

# Columns of the place holding lists of keys (stored comma-separated), and plain values.
LISTS = ("seeking_countries", "seeking_regions", "seeking_functions", "functions", "offers")
TEXTS = ("seeking_size", "offers_note", "seeking_contact")


def listed(value: str | None) -> list[str]:
    """A stored comma-separated list of keys as a list."""
    return [v for v in (value or "").split(",") if v]


def update(
    session: Session, actor: Actor | None, place_id: int, data: ProfileUpdate, expected: int | None
) -> Place:
    place = common.get_place(session, place_id, "place")
    require_edit_places(session, actor, [place])
    assert actor is not None
    common.check_version(place, expected, "the place")
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        raise InvalidInput(
            "nothing to change: send priorities, seeking or another field of the profile",
            "form.nothing_changed",
        )
    common.start(session, actor, "summary.profile.edited", {"place": place.name})
    if "seeking" in changes:
        place.seeking = data.seeking or None
    for key in LISTS:
        if key in changes:
            values = getattr(data, key) or []
            setattr(place, key, ",".join(values) or None)
    for key in TEXTS:
        if key in changes:
            setattr(place, key, getattr(data, key) or None)
    # Any edit of the profile moves the place's version, priorities included, so that two
    # editors of one profile cannot overwrite each other unawares; touch() keeps the
    # statement's value before the edit, so the history records it (and a revert restores it).
    common.touch(place, "seeking")
    if data.priorities is not None:
        have = {
            row.field_key: row
            for row in session.scalars(select(PlacePriority).where(PlacePriority.place_id == place.id))
        }
        for key, row in have.items():
            if key not in data.priorities:
                session.delete(row)
        for key in data.priorities:
            if key not in have:
                session.add(PlacePriority(place_id=place.id, field_key=key))
    common.flush(session, place, "the place", expected)
    return place
