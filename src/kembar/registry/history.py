"""Reading the history of a partnership or a place, and reverting a change.

A revert applies the inverse of each row a change set wrote (deletes what it inserted,
puts back what it updated, re-inserts what it deleted, with the same ids), as a change
set of its own. It is refused when a later change touched the same rows and is still in
force (revert that one first), so that nothing is silently overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import DateTime, func, or_, select
from sqlalchemy.orm import Session

from kembar import messages
from kembar.db import history as recorder
from kembar.db.models import Base, Partnership, Place
from kembar.db.registry import Change, ChangeSet
from kembar.errors import InvalidInput, Message, NotFoundIn, PermissionDenied, Phrase
from kembar.permissions import EDIT_ANYTHING, Actor, can_read_contacts, require_signed_in

# Rows a revert never touches: accounts have their own commands, and an atlas build is
# undone by building again.
NOT_REVERTIBLE = {"users", "user_scopes", "api_tokens"}
PRIVATE = {"contacts"}  # shown to signed-in readers only
# Pending proposals (and what a reviewer changed in them) are for reviewers; accounts
# (emails, roles, scopes) for admins.
FOR_REVIEWERS = {"proposals"}
FOR_ADMINS = {"users", "user_scopes", "api_tokens"}


def _shown(table: str, reader: Actor | None) -> bool:
    if table in FOR_ADMINS:
        return reader is not None and reader.role == "admin"
    if table in FOR_REVIEWERS:
        return reader is not None and reader.role in EDIT_ANYTHING
    return table not in PRIVATE or can_read_contacts(reader)


class ChangeOut(BaseModel):
    table: str
    row: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class ChangeSetOut(BaseModel):
    id: int
    at: datetime
    actor: str
    channel: str
    summary: str = Field(description="What changed, in English")
    summary_key: str | None = Field(
        description='The interface\'s key of the summary (e.g. "summary.partnership.edit"), for a '
        "client to say it in its own words; null for changes recorded before keys were kept"
    )
    summary_params: dict[str, Any] = Field(
        description="The values the summary names, by name: text or a number, or an object for "
        'a value said in the reader\'s language ({"label": [vocabulary, key]}, {"phrase": key}, '
        '{"when": "2024-03"}, {"message": key, "params": {...}})'
    )
    reason: str | None
    reverts: int | None
    reverted_by: int | None
    changes: list[ChangeOut]


def _out(cs: ChangeSet, rows: list[Change], reader: Actor | None) -> ChangeSetOut:
    shown = [
        ChangeOut(
            table=c.table_name,
            row=c.row_key,
            action=c.action,
            before=json.loads(c.before) if c.before else None,
            after=json.loads(c.after) if c.after else None,
        )
        for c in rows
        if _shown(c.table_name, reader)
    ]
    return ChangeSetOut(
        id=cs.id,
        at=cs.at,
        actor=cs.actor,
        channel=cs.channel,
        summary=cs.summary,
        summary_key=cs.summary_key,
        summary_params=messages.plain(cs.summary_params),
        reason=cs.reason,
        reverts=cs.reverts_id,
        reverted_by=cs.reverted_by_id,
        changes=shown,
    )


def _collect(
    session: Session, condition: Any, reader: Actor | None, limit: int, offset: int
) -> list[ChangeSetOut]:
    ids = [
        row[0]
        for row in session.execute(
            select(Change.changeset_id)
            .where(condition)
            .group_by(Change.changeset_id)
            .order_by(Change.changeset_id.desc())
            .limit(limit)
            .offset(offset)
        )
    ]
    if not ids:
        return []
    sets = {cs.id: cs for cs in session.scalars(select(ChangeSet).where(ChangeSet.id.in_(ids)))}
    rows: dict[int, list[Change]] = {}
    for change in session.scalars(
        select(Change).where(Change.changeset_id.in_(ids), condition).order_by(Change.id)
    ):
        rows.setdefault(change.changeset_id, []).append(change)
    return [_out(sets[i], rows.get(i, []), reader) for i in ids]


def of_partnership(
    session: Session, partnership_id: int, reader: Actor | None = None, limit: int = 50, offset: int = 0
) -> list[ChangeSetOut]:
    """Change sets that touched the partnership or its rows, newest first."""
    return _collect(session, Change.partnership_id == partnership_id, reader, limit, offset)


def of_place(
    session: Session, place_id: int, reader: Actor | None = None, limit: int = 50, offset: int = 0
) -> list[ChangeSetOut]:
    """Change sets that touched the place's own rows or created or removed its partnerships."""
    condition = or_(Change.place_id == place_id, Change.other_place_id == place_id)
    return _collect(session, condition, reader, limit, offset)


def get(session: Session, changeset_id: int, reader: Actor | None = None) -> ChangeSetOut:
    cs = session.get(ChangeSet, changeset_id)
    rows = list(cs.changes) if cs is not None else []
    # A change of accounts only (emails, roles, scopes) is not shown to others at all, not
    # even as an empty change set: it is as unknown to them as a missing one.
    hidden = bool(rows) and all(c.table_name in FOR_ADMINS for c in rows) and not _shown("users", reader)
    if cs is None or hidden:
        raise NotFoundIn("change", changeset_id)
    return _out(cs, rows, reader)


def _value(model: type[Base], key: str, value: Any) -> Any:
    column = model.__table__.columns.get(key)
    if value is not None and column is not None and isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    return value


def _pk(model: type[Base], row_key: str) -> tuple[Any, ...]:
    parts = row_key.split("/")
    columns = list(model.__table__.primary_key.columns)  # type: ignore[attr-defined]
    return tuple(int(v) if str(c.type) == "INTEGER" else v for c, v in zip(columns, parts, strict=True))


def _check_revertible(session: Session, actor: Actor, cs: ChangeSet) -> None:
    if cs.reverted_by_id is not None:
        message = f"change {cs.id} was already reverted by change {cs.reverted_by_id}"
        raise InvalidInput(message, "err.revert.done", {"id": cs.id, "by": cs.reverted_by_id})
    if cs.channel == "atlas":
        message = f"change {cs.id} is an atlas build; build the atlas again instead"
        raise InvalidInput(message, "err.revert.atlas", {"id": cs.id})
    if actor.role != "admin" and (actor.user_id is None or actor.user_id != cs.user_id):
        message = f"only an admin or the author of change {cs.id} may revert it"
        raise PermissionDenied(message, "err.revert.author", {"id": cs.id})
    tables = {c.table_name for c in cs.changes}
    if tables & NOT_REVERTIBLE:
        message = f"change {cs.id} changed accounts; use kembar users to change them back"
        raise InvalidInput(message, "err.revert.accounts", {"id": cs.id})
    for change in cs.changes:
        later = session.scalar(
            select(ChangeSet.id)
            .join(Change, Change.changeset_id == ChangeSet.id)
            .where(
                Change.table_name == change.table_name,
                Change.row_key == change.row_key,
                ChangeSet.id > cs.id,
                ChangeSet.reverted_by_id.is_(None),
                ChangeSet.reverts_id.is_distinct_from(cs.id),
            )
            .order_by(ChangeSet.id.desc())
            .limit(1)
        )
        if later is not None:
            raise InvalidInput(
                f"change {later} changed the same {change.table_name.replace('_', ' ')} since; "
                f"revert it first",
                "err.revert.later",
                {"id": later, "table": Phrase(f"table.{change.table_name}")},
            )


@dataclass(frozen=True)
class _Undo:
    """What undoing a change set does to one row: delete it, put column values back,
    or insert it again whole."""

    table: str
    row_key: str
    action: str  # delete | update | insert
    values: dict[str, Any]


def _undo_of_row(changes: list[Change]) -> _Undo:
    first, last = changes[0], changes[-1]
    if first.action == "insert":
        return _Undo(first.table_name, first.row_key, "delete", json.loads(first.after or "{}"))
    values: dict[str, Any] = {}
    if last.action == "delete":
        values.update(json.loads(last.before or "{}"))
    # The earliest value of each column wins: the row as it was before the change set.
    for change in reversed(changes):
        if change.action == "update":
            values.update(json.loads(change.before or "{}"))
    return _Undo(first.table_name, first.row_key, "insert" if last.action == "delete" else "update", values)


def _points_to(undo: _Undo, rows: set[tuple[str, str]]) -> bool:
    """Whether an update puts back a reference to one of these rows (table, key)."""
    columns = recorder.MODELS[undo.table].__table__.columns
    for key, value in undo.values.items():
        column = columns.get(key)
        if column is None or value is None:
            continue
        if any((fk.column.table.name, str(value)) in rows for fk in column.foreign_keys):
            return True
    return False


def _plan(cs: ChangeSet) -> list[_Undo]:
    """One undo per row the change set wrote, in an order the foreign keys allow: rows it
    inserted are deleted children first, rows it deleted are inserted again parents first;
    updates go first (moving references off rows about to be deleted), except those that
    point back to a row inserted again (an activity to its restored partnership)."""
    rows: dict[tuple[str, str], list[Change]] = {}
    for change in cs.changes:
        rows.setdefault((change.table_name, change.row_key), []).append(change)
    undos = [_undo_of_row(changes) for changes in rows.values()]
    rank = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    deletes = sorted((u for u in undos if u.action == "delete"), key=lambda u: -rank[u.table])
    inserts = sorted((u for u in undos if u.action == "insert"), key=lambda u: rank[u.table])
    restored = {(u.table, u.row_key) for u in inserts}
    updates = [u for u in undos if u.action == "update"]
    later = [u for u in updates if _points_to(u, restored)]
    first = [u for u in updates if u not in later]
    return [*first, *deletes, *inserts, *later]


def revert(session: Session, actor: Actor | None, changeset_id: int, reason: str | None = None) -> int:
    """Undo a change set; returns the id of the change set that undid it."""
    who = require_signed_in(actor)
    cs = session.get(ChangeSet, changeset_id)
    if cs is None:
        raise NotFoundIn("change", changeset_id)
    _check_revertible(session, who, cs)
    undone = messages.kept(cs.summary_key, cs.summary_params) or cs.summary
    recorder.begin(session, who, Message("summary.revert", {"id": cs.id, "summary": undone}), reason)
    recorder.reverting(session, cs.id)
    places: set[int] = set()
    for undo in _plan(cs):
        model = recorder.MODELS[undo.table]
        row = session.get(model, _pk(model, undo.row_key))
        values = {k: _value(model, k, v) for k, v in undo.values.items()}
        if undo.action == "delete":
            if row is not None:
                session.delete(row)
        elif undo.action == "update":
            if row is None:
                message = f"the {undo.table.replace('_', ' ')} row {undo.row_key} no longer exists"
                raise InvalidInput(message, "err.revert.gone", {"table": Phrase(f"table.{undo.table}")})
            for key, value in values.items():
                setattr(row, key, value)
        elif row is None:
            session.add(model(**values))
        if model is Partnership:
            places.update(v for k, v in undo.values.items() if k in ("place_a_id", "place_b_id") and v)
        session.flush()
    _recount(session, places)
    done = recorder.changeset_id(session)
    if done is None:  # nothing was left to undo: record the revert all the same
        done = recorder.record_empty(session)
    return done


def _recount(session: Session, place_ids: set[int]) -> None:
    for place_id in place_ids:
        place = session.get(Place, place_id)
        if place is not None:
            place.partner_count = (
                session.scalar(
                    select(func.count())
                    .select_from(Partnership)
                    .where(or_(Partnership.place_a_id == place_id, Partnership.place_b_id == place_id))
                )
                or 0
            )
