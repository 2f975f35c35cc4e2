"""What every write of the registry does: name its actor in the history, check the version
the writer read, find people and organisations by name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from kembar.db import history
from kembar.db.models import Base, Organisation, Partnership, Person, Place
from kembar.errors import InvalidInput, Label, Message, Param, Phrase, PlaceNotFound, VersionConflict, When
from kembar.permissions import Actor
from kembar.text import fold


def start(
    session: Session,
    actor: Actor,
    key: str,
    params: Mapping[str, Param] | None = None,
    reason: str | None = None,
) -> None:
    """Begin a recorded unit of work (one change set in the history), summed up by the
    interface's sentence `key` (i18n_history.py, "summary.*") with its values."""
    history.begin(session, actor, Message(key, dict(params or {})), reason)


def pair(partnership: Partnership) -> str:
    """A partnership's places as a summary names them, in the order they were recorded."""
    first, second = partnership.parties
    return f"{first.name} – {second.name}"


def activity_named(kind: str, day: str | None) -> dict[str, Param]:
    """The values that name an activity in a summary: its type and its date."""
    return {
        "what": Label("activity", kind, lower=True),
        "date": When(day) if day else Phrase("summary.no_date"),
    }


def current_values(row: Base) -> dict[str, Any]:
    values = history.values_of(row)
    values["version"] = getattr(row, "version", None)
    return values


def check_version(row: Base, expected: int | None, what: str) -> None:
    """Refuse a write made on an older version of the row than the one stored."""
    if expected is not None and getattr(row, "version", None) != expected:
        raise VersionConflict(what, expected, current_values(row))


def flush(session: Session, row: Base, what: str, expected: int | None) -> None:
    """Write now, turning a concurrent update that won the race (possible where writers do
    not lock first, as on PostgreSQL) into VersionConflict with the values it wrote."""
    try:
        with session.begin_nested():
            session.flush()
    except StaleDataError:
        session.expire(row)
        raise VersionConflict(what, expected or 0, current_values(row)) from None


def touch(row: Base, column: str) -> None:
    """Move the row's version on any edit, also when only rows hanging on it change (its
    fields, signatories, participants), so that two editors of one record cannot overwrite
    each other unawares. The history knows the column was only touched, not changed.
    A column this edit changes is left alone: the change moves the version already, and
    flagging it would drop the value it had before (the history would record the change
    from nothing, or skip it as only touched)."""
    if inspect(row).attrs[column].history.has_changes():
        return
    history.mark_touched(row, column)
    flag_modified(row, column)


def apply(row: Base, changes: dict[str, Any], skip: tuple[str, ...] = ()) -> None:
    for key, value in changes.items():
        if key not in skip:
            setattr(row, key, value)


def get_place(session: Session, place_id: int, field: str) -> Place:
    place = session.get(Place, place_id)
    if place is None:
        raise PlaceNotFound(f"{field} = {place_id}", field=field)
    return place


def person(session: Session, name: str) -> Person:
    norm = fold(name)
    if not norm:
        raise InvalidInput("a person needs a name", "err.person_name")
    found = session.scalar(select(Person).where(Person.norm == norm).limit(1))
    if found is None:
        found = Person(name=name.strip(), norm=norm)
        session.add(found)
        session.flush()
    return found


def organisation(session: Session, name: str | None) -> Organisation | None:
    if not name or not fold(name):
        return None
    norm = fold(name)
    found = session.scalar(select(Organisation).where(Organisation.norm == norm).limit(1))
    if found is None:
        found = Organisation(name=name.strip(), norm=norm)
        session.add(found)
        session.flush()
    return found
