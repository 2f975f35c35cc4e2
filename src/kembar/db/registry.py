"""ORM models of the working registry: the history of every change, documents and contacts.

A ChangeSet is one action of one person (or of Kembar itself) through one channel: an
edit in a form, an API call, an accepted proposal, an atlas build. Its Change rows hold
each row it inserted, updated or deleted, with the values before and after as JSON, so
that it can be shown and reverted (a revert is a change set too).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kembar.db.models import Base


def _now() -> datetime:
    return datetime.now(UTC)


class ChangeSet(Base):
    __tablename__ = "changesets"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor: Mapped[str] = mapped_column(String(254))  # the user's email, or "system"
    channel: Mapped[str] = mapped_column(String(16))  # web | api | cli | ingest | atlas
    summary: Mapped[str] = mapped_column(String(500))  # in English, for the API and the CLI
    # The pages say the summary in the reader's language: the interface's key of its
    # sentence and its values as JSON (kembar.messages); None in rows written before.
    summary_key: Mapped[str | None] = mapped_column(String(64))
    summary_params: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    # The change set this one undid, and the one that undid this one.
    reverts_id: Mapped[int | None] = mapped_column(ForeignKey("changesets.id", ondelete="SET NULL"))
    reverted_by_id: Mapped[int | None] = mapped_column(ForeignKey("changesets.id", ondelete="SET NULL"))

    changes: Mapped[list[Change]] = relationship(
        back_populates="changeset", cascade="all, delete-orphan", order_by="Change.id"
    )


class Change(Base):
    """One row inserted, updated or deleted by a change set."""

    __tablename__ = "changes"
    __table_args__ = (
        Index("ix_changes_row", "table_name", "row_key"),
        Index("ix_changes_partnership", "partnership_id"),
        Index("ix_changes_place", "place_id"),
        Index("ix_changes_other_place", "other_place_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    changeset_id: Mapped[int] = mapped_column(ForeignKey("changesets.id", ondelete="CASCADE"), index=True)
    table_name: Mapped[str] = mapped_column(String(64))
    # The row's primary key: "12", or "12/economy_trade" for a key of several columns.
    row_key: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(8))  # insert | update | delete
    before: Mapped[str | None] = mapped_column(Text)  # JSON of the columns, None for an insert
    after: Mapped[str | None] = mapped_column(Text)  # JSON of the columns, None for a delete
    # What the row belongs to, for the history tabs of partnership and place pages.
    partnership_id: Mapped[int | None] = mapped_column(Integer)
    place_id: Mapped[int | None] = mapped_column(Integer)
    other_place_id: Mapped[int | None] = mapped_column(Integer)

    changeset: Mapped[ChangeSet] = relationship(back_populates="changes")


class Document(Base):
    """A signed document or photo of an instrument or an activity: an uploaded file stored
    under KEMBAR_HOME/files by the SHA-256 of its content, or a link to one elsewhere."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int | None] = mapped_column(
        ForeignKey("instruments.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int | None] = mapped_column(
        ForeignKey("activities.id", ondelete="CASCADE"), index=True
    )
    # A document of the procedure (terms of reference, DPRD approval...) belongs to the
    # partnership itself; `purpose` says which step it serves (vocab.DOCUMENT_PURPOSES).
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(16), default="document")  # document | photo
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    size: Mapped[int | None] = mapped_column(Integer)
    media_type: Mapped[str | None] = mapped_column(String(100))
    filename: Mapped[str | None] = mapped_column(String(255))
    url: Mapped[str | None] = mapped_column(String(2000))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Contact(Base):
    """A focal point of a partnership or of a place (visible to signed-in users only)."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int | None] = mapped_column(
        ForeignKey("partnerships.id", ondelete="CASCADE"), index=True
    )
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str | None] = mapped_column(String(200))
    office: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(60))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Reminder(Base):
    """A notice sent to a user, so that each is sent once per threshold (an instrument at
    90, 30 and 7 days before it expires, a partnership turning dormant)."""

    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("user_id", "subject", "subject_id", "threshold", "due", name="uq_reminders_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(16))  # instrument | partnership
    subject_id: Mapped[int] = mapped_column(Integer)
    threshold: Mapped[str] = mapped_column(String(16))  # "90", "30", "7" or "dormant"
    due: Mapped[str | None] = mapped_column(String(10))  # the date the notice is about
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
