"""API tokens for scripts: created for a user, shown once, stored only as a SHA-256
digest, named, revocable, with their last use recorded."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from kembar.db.accounts import ApiToken, User, as_utc
from kembar.errors import InvalidInput, NotAuthenticated, TokenNotFound
from kembar.permissions import Actor, require_admin, require_signed_in
from kembar.users import get_user

PREFIX = "kmb_"
# Recording every use would make each API read a write; to the minute is enough to tell
# a token in use from a forgotten one.
LAST_USE_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedToken:
    id: int
    name: str
    secret: str  # shown once; only its digest is stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _owner(session: Session, actor: Actor | None, email: str) -> User:
    """The user whose tokens are meant: oneself, or anyone for an admin."""
    who = require_signed_in(actor)
    user = get_user(session, email)
    if who.user_id != user.id:
        require_admin(who)
    return user


def create_token(session: Session, actor: Actor | None, email: str, name: str) -> CreatedToken:
    user = _owner(session, actor, email)
    label = name.strip()
    if not label or len(label) > 100:
        raise InvalidInput("a token needs a name of 1 to 100 characters", "err.token_name", field="name")
    taken = session.scalar(
        select(ApiToken.id).where(
            ApiToken.user_id == user.id, ApiToken.name == label, ApiToken.revoked_at.is_(None)
        )
    )
    if taken is not None:
        raise InvalidInput(
            f"{user.email} already has a token named {label!r}; revoke it or pick another name",
            "err.token_taken",
            {"name": label},
            field="name",
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=label, token_hash=digest(secret))
    session.add(token)
    session.flush()
    return CreatedToken(id=token.id, name=label, secret=secret)


def list_tokens(session: Session, actor: Actor | None, email: str) -> list[ApiToken]:
    user = _owner(session, actor, email)
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)))


def revoke_token(
    session: Session, actor: Actor | None, token_id: int, now: datetime | None = None
) -> ApiToken:
    """Revoke one token: its owner or an admin may. Revoking twice changes nothing."""
    who = require_signed_in(actor)
    token = session.get(ApiToken, token_id)
    if token is None or (token.user_id != who.user_id and who.role != "admin"):
        # Someone else's token is "not found" rather than "forbidden": ids say nothing.
        raise TokenNotFound(token_id)
    if token.revoked_at is None:
        token.revoked_at = as_utc(now)
        session.flush()
    return token


def _check(session: Session, secret: str, moment: datetime) -> tuple[ApiToken, bool]:
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret.strip())))
    if token is None or token.revoked_at is not None:
        raise NotAuthenticated("unknown or revoked API token")
    if not token.user.active:
        raise NotAuthenticated("the token's account is disabled")
    due = token.last_used_at is None or moment - as_utc(token.last_used_at) >= LAST_USE_RESOLUTION
    return token, due


def check_token(session: Session, secret: str, now: datetime | None = None) -> tuple[User, bool]:
    """The active user a token belongs to, and whether its use is due to be recorded
    (at most once a minute). Writes nothing. Raises NotAuthenticated."""
    token, due = _check(session, secret, as_utc(now))
    return token.user, due


def verify_token(session: Session, secret: str, now: datetime | None = None) -> User:
    """The active user a token belongs to; records its use. Raises NotAuthenticated."""
    moment = as_utc(now)
    token, due = _check(session, secret, moment)
    if due:
        token.last_used_at = moment
        session.flush()
    return token.user


def record_use(session: Session, secret: str, now: datetime | None = None) -> None:
    """Note that a token was used now (a request that only reads calls this in a short
    write of its own: a read transaction that turned into a write would wait for, then
    lose to, any concurrent writer on SQLite)."""
    moment = as_utc(now)
    session.execute(
        update(ApiToken)
        .where(ApiToken.token_hash == digest(secret.strip()))
        .where(or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at <= moment - LAST_USE_RESOLUTION))
        .values(last_used_at=moment)
        .execution_options(synchronize_session=False)
    )
