"""Recording every write: each flush that inserts, updates or deletes a row of a tracked
table adds Change rows to the session's change set (who, when, through which channel,
which row, the values before and after).

A unit of work names its actor first (`begin(session, actor, Message(key, params))`); a write without
one is recorded as Kembar's own ("system", channel "system"), so that nothing is ever
written unrecorded. Bulk loads (the atlas build) record one change set with their counts
instead of a row for each of their hundred thousand rows (`bulk(...)`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.orm import Session, SessionTransaction, UOWTransaction
from sqlalchemy.orm.util import identity_key

from kembar import messages
from kembar.db.accounts import ApiToken, User, UserScope
from kembar.db.models import (
    Activity,
    ActivityField,
    Base,
    Evidence,
    Indicator,
    Instrument,
    Participation,
    Partnership,
    PartnershipField,
    Place,
    PlacePriority,
    PlaceTag,
    Proposal,
    Signatory,
    Source,
    StageStep,
)
from kembar.db.registry import Change, ChangeSet, Contact, Document
from kembar.errors import Message

# Columns never shown or kept in the history: counters that follow from other rows,
# the optimistic-locking version, article texts kept by their source.
IGNORED = {"partner_count", "version", "text"}
# Columns whose values are secrets (their digests): recorded as changed, never shown.
MASKED = {"password_hash", "token_hash", "calendar_token_hash"}
MASK = "(hidden)"

TRACKED: tuple[type[Base], ...] = (
    Place,
    PlaceTag,
    PlacePriority,
    Partnership,
    PartnershipField,
    StageStep,
    Instrument,
    Signatory,
    Activity,
    ActivityField,
    Participation,
    Indicator,
    Evidence,
    Source,
    Proposal,
    Document,
    Contact,
    User,
    UserScope,
    ApiToken,
)
MODELS: dict[str, type[Base]] = {m.__tablename__: m for m in TRACKED}


@dataclass(frozen=True)
class Author:
    """Who writes (a permissions.Actor has these fields; kept apart to avoid a cycle)."""

    user_id: int | None
    email: str
    channel: str


SYSTEM = Author(None, "system", "system")


def begin(session: Session, actor: Any, summary: Message, reason: str | None = None) -> None:
    """Name who does the writes that follow in this session's transaction, and why: the
    summary is kept in English and as its key and values, for the pages to say it in
    their reader's language."""
    session.info["author"] = Author(actor.user_id, actor.email, actor.channel)
    session.info["summary"] = messages.english(summary)[:500]
    session.info["summary_key"] = summary.key
    session.info["summary_params"] = messages.dumps(summary.params) if summary.params else None
    session.info["reason"] = reason
    session.info.pop("changeset_id", None)


def changeset_id(session: Session) -> int | None:
    """The change set of this transaction so far (None before its first recorded write)."""
    value = session.info.get("changeset_id")
    return int(value) if value is not None else None


def bulk(session: Session, actor: Any, summary: Message) -> int:
    """Record one change set for a bulk load and stop recording its rows one by one."""
    begin(session, actor, summary)
    session.info["bulk"] = True
    return _changeset(session)


def record_empty(session: Session) -> int:
    """The change set of this transaction, created now even though it wrote no row."""
    return _changeset(session)


def reverting(session: Session, original_id: int) -> None:
    session.info["reverts"] = original_id


def _changeset(session: Session) -> int:
    known = changeset_id(session)
    if known is not None:
        return known
    author: Author = session.info.get("author", SYSTEM)
    values = {
        "at": datetime.now(UTC),
        "user_id": author.user_id,
        "actor": author.email,
        "channel": author.channel,
        # A write no unit of work named is a "Change" (history.change, the pages' word).
        "summary": session.info.get("summary") or "Change",
        "summary_key": session.info.get("summary_key") or "history.change",
        "summary_params": session.info.get("summary_params"),
        "reason": session.info.get("reason"),
        "reverts_id": session.info.get("reverts"),
    }
    result = session.connection().execute(insert(ChangeSet).values(**values))
    new_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    session.info["changeset_id"] = new_id
    if values["reverts_id"] is not None:
        session.connection().execute(
            update(ChangeSet).where(ChangeSet.id == values["reverts_id"]).values(reverted_by_id=new_id)
        )
    return new_id


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _columns(obj: Base) -> list[str]:
    return [a.key for a in inspect(obj).mapper.column_attrs if a.key not in IGNORED]


def values_of(obj: Base) -> dict[str, Any]:
    """The row's column values as loaded (a deleted row's were loaded before its delete)."""
    state = inspect(obj)
    return {key: MASK if key in MASKED else _plain(state.dict.get(key)) for key in _columns(obj)}


def row_key(obj: Base) -> str:
    identity = inspect(obj).identity
    if identity is None:
        mapper = inspect(obj).mapper
        identity = tuple(mapper.primary_key_from_instance(obj))
    return "/".join(str(v) for v in identity)


_TOUCHED = "kembar_touched"  # session.info key: {(row key, column): value when touched}
# What session.info holds of one unit of work, forgotten at its end.
_UNIT_OF_WORK = (
    "author",
    "summary",
    "summary_key",
    "summary_params",
    "reason",
    "changeset_id",
    "bulk",
    "reverts",
    _TOUCHED,
)


def mark_touched(obj: Base, column: str) -> None:
    """A column flagged as modified only to move the row's version: its value as it is now,
    so that the change set does not record it as changed from nothing."""
    state = inspect(obj)
    if state.session is not None:
        touched = state.session.info.setdefault(_TOUCHED, {})
        touched[(id(obj), column)] = getattr(obj, column)


def _only_touched(state: Any, obj: Base, key: str, value: Any) -> bool:
    touched = state.session.info.get(_TOUCHED, {}) if state.session is not None else {}
    return (id(obj), key) in touched and touched[(id(obj), key)] == value


def _changed(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before, after = {}, {}
    for key in _columns(obj):
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        if not hist.deleted and hist.added and _only_touched(state, obj, key, hist.added[0]):
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old == new:
            continue
        before[key] = MASK if key in MASKED else _plain(old)
        after[key] = MASK if key in MASKED else _plain(new)
    return before, after


def _own_partnership(obj: Instrument | Activity) -> int | None:
    """The row's partnership, or the one this flush detaches it from (the activities of a
    removed partnership stay, unattached)."""
    if obj.partnership_id is not None:
        return obj.partnership_id
    detached = inspect(obj).attrs.partnership_id.history.deleted
    return detached[0] if detached else None


def _parent_partnership(session: Session, model: type[Instrument | Activity], parent_id: int) -> int | None:
    # The parent may be deleted by this very flush (a signatory of an instrument of a
    # removed partnership): until the flush ends it is still in the identity map.
    parent = session.identity_map.get(identity_key(model, parent_id))
    if isinstance(parent, model):
        return _own_partnership(parent)
    return session.scalar(select(model.partnership_id).where(model.id == parent_id))


def _partnership_of(session: Session, obj: Base) -> int | None:
    with session.no_autoflush:
        if isinstance(obj, Partnership):
            return obj.id
        if isinstance(obj, PartnershipField | StageStep | Instrument | Indicator | Contact):
            return obj.partnership_id
        if isinstance(obj, Activity):
            return _own_partnership(obj)
        if isinstance(obj, Signatory | Participation | ActivityField | Document):
            parent_id = getattr(obj, "instrument_id", None)
            if parent_id is not None:
                return _parent_partnership(session, Instrument, parent_id)
            parent_id = getattr(obj, "activity_id", None)
            if parent_id is not None:
                return _parent_partnership(session, Activity, parent_id)
        if isinstance(obj, Evidence) and obj.subject_type == "partnership":
            return obj.subject_id
    return None


def _context(session: Session, obj: Base) -> dict[str, int | None]:
    place = other = None
    if isinstance(obj, Place):
        place = obj.id
    elif isinstance(obj, PlaceTag | PlacePriority | Contact):
        place = obj.place_id
    elif isinstance(obj, Partnership):
        place, other = obj.place_a_id, obj.place_b_id
    return {"partnership_id": _partnership_of(session, obj), "place_id": place, "other_place_id": other}


def record_row(
    session: Session, obj: Base, action: str, before: dict[str, Any] | None, after: dict[str, Any] | None
) -> None:
    """Record a write made around the unit of work (a conditional UPDATE statement)."""
    session.connection().execute(
        insert(Change).values(
            changeset_id=_changeset(session),
            table_name=obj.__tablename__,
            row_key=row_key(obj),
            action=action,
            before=json.dumps(before, ensure_ascii=False) if before is not None else None,
            after=json.dumps(after, ensure_ascii=False) if after is not None else None,
            **_context(session, obj),
        )
    )


def _record(session: Session, _flush: UOWTransaction) -> None:
    try:
        _record_flush(session)
    finally:
        session.info.pop(_TOUCHED, None)


def _record_flush(session: Session) -> None:
    if session.info.get("bulk"):
        return
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if isinstance(obj, TRACKED):
            rows.append({"action": "insert", "before": None, "after": values_of(obj), "obj": obj})
    for obj in session.dirty:
        if isinstance(obj, TRACKED) and session.is_modified(obj, include_collections=False):
            before, after = _changed(obj)
            if after:
                rows.append({"action": "update", "before": before, "after": after, "obj": obj})
    for obj in session.deleted:
        if isinstance(obj, TRACKED):
            rows.append({"action": "delete", "before": values_of(obj), "after": None, "obj": obj})
    if not rows:
        return
    cs = _changeset(session)
    session.connection().execute(
        insert(Change),
        [
            {
                "changeset_id": cs,
                "table_name": r["obj"].__tablename__,
                "row_key": row_key(r["obj"]),
                "action": r["action"],
                "before": json.dumps(r["before"], ensure_ascii=False) if r["before"] is not None else None,
                "after": json.dumps(r["after"], ensure_ascii=False) if r["after"] is not None else None,
                **_context(session, r["obj"]),
            }
            for r in rows
        ],
    )


def _load_deleted(session: Session, _flush: UOWTransaction, _instances: Any) -> None:
    """Load every column of the rows about to be deleted, while they still exist, so that
    the history keeps them whole (and a revert can restore them)."""
    for obj in session.deleted:
        if isinstance(obj, TRACKED):
            for key in _columns(obj):
                getattr(obj, key)


def _forget(session: Session, transaction: SessionTransaction) -> None:
    """At the end of the session's outermost transaction (not of a savepoint, which
    belongs to the same unit of work), forget its author and change set."""
    if transaction.parent is not None:
        return
    for key in _UNIT_OF_WORK:
        session.info.pop(key, None)


event.listen(Session, "before_flush", _load_deleted)
event.listen(Session, "after_flush", _record)
event.listen(Session, "after_transaction_end", _forget)
