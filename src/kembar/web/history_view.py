"""The history of a partnership or a place as people read it: each change set with who,
when, through which channel, and the rows it changed, every label and vocabulary value
in the reader's language, places and people by name instead of ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from kembar import messages
from kembar.db.accounts import User
from kembar.db.history import MODELS
from kembar.db.models import Organisation, Person, Place
from kembar.db.registry import ChangeSet
from kembar.errors import Message
from kembar.i18n import Translator
from kembar.i18n_figures import figure_name, figure_period
from kembar.permissions import Actor
from kembar.registry.history import PRIVATE, ChangeOut, ChangeSetOut

# Columns shown, in this order; the others (ids, keys, digests, timestamps of rows) are
# the registry's bookkeeping.
SHOWN = (
    "name",
    "place_a_id",
    "place_b_id",
    "kind",
    "type",
    "stage",
    "status",
    "title",
    "number",
    "date",
    "end_date",
    "signed_on",
    "signed_at",
    "valid_from",
    "valid_until",
    "term_years",
    "first_date",
    "latest_date",
    "place_id",
    "venue",
    "person_id",
    "role",
    "organisation_id",
    "office",
    "email",
    "phone",
    "field_key",
    "tag",
    "speakers_count",
    "participants_count",
    "filename",
    "url",
    "size",
    "seeking",
    "seeking_countries",
    "seeking_regions",
    "seeking_size",
    "seeking_functions",
    "functions",
    "offers",
    "offers_note",
    "seeking_contact",
    "quote",
    "value",
    "currency",
    "period_label",
    "note",
)
PLACE_COLUMNS = ("place_a_id", "place_b_id", "place_id", "party_a_id", "party_b_id")
DATE_COLUMNS = (
    "date",
    "end_date",
    "signed_on",
    "valid_from",
    "valid_until",
    "first_date",
    "latest_date",
    "period_start",
    "period_end",
)
# (table, column) -> the vocabulary its values come from
VOCABULARY = {
    ("partnerships", "kind"): "kind",
    ("partnerships", "stage"): "stage",
    ("stage_steps", "stage"): "stage",
    ("instruments", "type"): "instrument",
    ("instruments", "status"): "status",
    ("activities", "type"): "activity",
}
LONGEST = 300
# The columns a row is named by, in order of preference (a partnership by its places).
NAMING = (
    "place_a_id",
    "place_b_id",
    "type",
    "stage",
    "field_key",
    "person_id",
    "name",
    "filename",
    "title",
    "url",
    "quote",
)
# Accounts have their own pages (for admins); their rows are never shown in a history.
ACCOUNT_TABLES = ("users", "user_scopes", "api_tokens")


@dataclass
class RowView:
    table: str  # the table's label
    what: str  # which row, in words
    action: str  # insert | update | delete
    values: list[tuple[str, str, str]]  # (label, before, after)


@dataclass
class ChangeView:
    id: int
    at: datetime
    who: str
    channel: str
    summary: str
    reason: str | None
    reverts: int | None
    reverted_by: int | None
    reverted_by_who: str | None
    can_revert: bool
    rows: list[RowView] = field(default_factory=list)


class _Names:
    """Places, people, organisations and accounts by id, looked up once each."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[tuple[type, int], str | None] = {}

    def row(self, table: str, key: str) -> dict[str, Any]:
        """The columns that name a row, as it is now (empty when it is gone)."""
        model = MODELS.get(table)
        found = self.session.get(model, int(key)) if model is not None and key.isdigit() else None
        if found is None:
            return {}
        return {c: getattr(found, c) for c in NAMING if hasattr(found, c)}

    def of(self, model: type, key: Any) -> str | None:
        if not isinstance(key, int):
            return None
        if (model, key) not in self.cache:
            row = self.session.get(model, key)
            self.cache[(model, key)] = getattr(row, "name", None) if row is not None else None
        return self.cache[(model, key)]


def who(session: Session, user_id: int | None, email: str, reader: Actor | None, t: Translator) -> str:
    """An author as shown: the account's name; its email to signed-in readers only."""
    if user_id is None and email == "system":
        return "Kembar"
    user = session.get(User, user_id) if user_id is not None else None
    if user is not None and user.name:
        return user.name
    return email if reader is not None else t("history.someone")


def views(
    session: Session, sets: list[ChangeSetOut], reader: Actor | None, t: Translator
) -> list[ChangeView]:
    names = _Names(session)
    out = []
    for cs in sets:
        row = session.get(ChangeSet, cs.id)
        user_id = row.user_id if row is not None else None
        undone = session.get(ChangeSet, cs.reverted_by) if cs.reverted_by else None
        # The summary and reason of a change to contacts may name them: for signed-in
        # readers only, as the contacts themselves.
        private = reader is None and row is not None and any(c.table_name in PRIVATE for c in row.changes)
        out.append(
            ChangeView(
                id=cs.id,
                at=cs.at,
                who=who(session, user_id, cs.actor, reader, t),
                channel=t(f"channel.{cs.channel}"),
                summary=t("history.private_change") if private else summary(row, cs.summary, t),
                reason=None if private else cs.reason,
                reverts=cs.reverts,
                reverted_by=cs.reverted_by,
                reverted_by_who=who(session, undone.user_id, undone.actor, reader, t) if undone else None,
                can_revert=_may_revert(reader, cs, user_id),
                rows=[_row(c, names, t) for c in cs.changes if c.table not in ACCOUNT_TABLES],
            )
        )
    return out


def said(message: Message | None, stored: str | None, t: Translator) -> str:
    """A sentence kept with its key and values, in the reader's language; the text stored
    with it when it has none (rows written before) or the interface no longer knows it."""
    if message is None or not t.has(message.key):
        return stored or ""
    try:
        return t.say(message)
    except (KeyError, IndexError, ValueError):  # values that no longer fit the sentence
        return stored or ""


def summary(row: ChangeSet | None, stored: str, t: Translator) -> str:
    """A change set's summary in the reader's language."""
    if row is None:
        return stored
    return said(messages.kept(row.summary_key, row.summary_params), stored, t)


def _may_revert(reader: Actor | None, cs: ChangeSetOut, user_id: int | None) -> bool:
    """Whether to offer the revert button (the library decides, and says why not)."""
    if reader is None or cs.reverted_by is not None or cs.channel == "atlas":
        return False
    return reader.role == "admin" or (reader.user_id is not None and reader.user_id == user_id)


def _row(change: ChangeOut, names: _Names, t: Translator) -> RowView:
    before, after = change.before or {}, change.after or {}
    columns = [c for c in SHOWN if c in before or c in after]
    values = []
    for column in columns:
        old = _value(change.table, column, before.get(column), names, t) if change.before else ""
        new = _value(change.table, column, after.get(column), names, t) if change.after else ""
        if column == "note":  # a note Kembar wrote itself, said in the reader's language
            old, new = _note(before, old, t), _note(after, new, t)
        if change.action == "insert" and new == "–":
            continue
        values.append((t(f"field.{column}"), old, new))
    described = after or before
    if change.action == "update":  # only the changed columns were kept: name the row as it is now
        described = {**names.row(change.table, change.row), **before}
    return RowView(
        table=t(f"table.{change.table}"),
        what=_what(change.table, described, names, t),
        action=change.action,
        values=values,
    )


def _note(values: dict[str, Any], shown: str, t: Translator) -> str:
    key, params = values.get("note_key"), values.get("note_params")
    if not isinstance(key, str) or not shown:
        return shown
    return said(messages.kept(key, params if isinstance(params, str) else None), shown, t)


def _value(table: str, column: str, value: Any, names: _Names, t: Translator) -> str:
    if value is None or value == "":
        return "–"
    vocabulary = VOCABULARY.get((table, column))
    if vocabulary:
        return t.label(vocabulary, str(value))
    if column == "field_key":
        return t.label("field", str(value))
    if column == "status" and table == "activities":
        return t(f"activity.status.{value}")
    if column == "kind" and table == "documents":
        return t(f"doc.kind.{value}")
    if column == "status" and table == "proposals":  # a proposal decided: "Menunggu → Diterima"
        return t(f"review.{value}")
    if column in PLACE_COLUMNS:
        return names.of(Place, value) or f"#{value}"
    if column == "person_id":
        return names.of(Person, value) or f"#{value}"
    if column == "organisation_id":
        return names.of(Organisation, value) or f"#{value}"
    if column in DATE_COLUMNS:
        return t.when(str(value))
    if table == "indicators" and column in ("name", "period_label"):
        return (figure_name if column == "name" else figure_period)(t, str(value))
    if isinstance(value, float):  # a figure's value: 2.500.000.000, not 2500000000.0
        return t.num(value, 1 if value % 1 else 0)
    if column == "size" and isinstance(value, int):
        return t("doc.size", kb=t.num(max(1, round(value / 1024))))
    if isinstance(value, bool):
        return t("yes") if value else t("no")
    shown = str(value)
    return shown if len(shown) <= LONGEST else shown[: LONGEST - 1] + "…"


def _what(table: str, values: dict[str, Any], names: _Names, t: Translator) -> str:
    """Which row a change is of, in a few words."""
    if table == "partnerships":
        a, b = names.of(Place, values.get("place_a_id")), names.of(Place, values.get("place_b_id"))
        return f"{a or '?'} – {b or '?'}"
    for column in NAMING[2:]:
        if values.get(column) not in (None, ""):
            return _value(table, column, values[column], names, t)
    return ""
