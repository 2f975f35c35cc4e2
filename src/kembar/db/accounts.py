"""ORM models of accounts: users, their scope, API tokens, web sessions, sign-in attempts.

Secrets are never stored: passwords as argon2 hashes, API tokens and session ids as
SHA-256 digests (they are long random strings, so a fast digest is enough).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kembar.db.models import Base, Place


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(when: datetime | None) -> datetime:
    """`when` as an aware UTC time (SQLite gives naive ones back), or now when None."""
    if when is None:
        return utcnow()
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role in ('admin','reviewer','editor','viewer')", name="ck_users_role"),
        CheckConstraint("language in ('id','en')", name="ck_users_language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Kept folded to lower case, so the unique index makes emails unique case-insensitively.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(2), default="en")
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    # SHA-256 of the secret in the user's calendar feed address (None: no feed yet).
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    scopes: Mapped[list[UserScope]] = relationship(
        cascade="all, delete-orphan", order_by="UserScope.id", lazy="selectin"
    )


class UserScope(Base):
    """One entry of an editor's scope: a place (with what it contains) or a whole country."""

    __tablename__ = "user_scopes"
    __table_args__ = (
        CheckConstraint(
            "(place_id IS NULL) <> (country_code IS NULL)", name="ck_user_scopes_place_or_country"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # A place the atlas drops (merged into another) leaves the scope with it.
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id", ondelete="CASCADE"), index=True)
    country_code: Mapped[str | None] = mapped_column(String(2))

    place: Mapped[Place | None] = relationship()

    @property
    def entry(self) -> str:
        return f"place:{self.place_id}" if self.place_id is not None else f"country:{self.country_code}"


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class WebSession(Base):
    """A signed-in browser: the cookie holds a random id, the database only its digest."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    user: Mapped[User] = relationship()


class LoginAttempt(Base):
    """One sign-in try, kept in the database so throttling holds across worker processes."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "at"),
        Index("ix_login_attempts_client_at", "client", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    success: Mapped[bool] = mapped_column(Boolean)


__all__ = ["ApiToken", "LoginAttempt", "User", "UserScope", "WebSession", "as_utc", "utcnow"]
