"""Signed-in browsers, kept server-side: the cookie carries a random id, the database
its SHA-256 digest, the user, a CSRF token and when it expires. Ending a session
(sign-out, disabled account, new password) takes effect at once in every worker."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kembar.db.accounts import User, WebSession, as_utc

LIFETIME = timedelta(days=14)


@dataclass(frozen=True)
class StartedSession:
    secret: str  # goes into the cookie only
    csrf_token: str
    expires_at: datetime


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def start(session: Session, user: User, now: datetime | None = None) -> StartedSession:
    moment = as_utc(now)
    # Sessions past their time are dropped when someone signs in, not by a timer.
    session.execute(delete(WebSession).where(WebSession.expires_at < moment))
    secret = secrets.token_urlsafe(32)
    started = StartedSession(
        secret=secret, csrf_token=secrets.token_urlsafe(32), expires_at=moment + LIFETIME
    )
    session.add(
        WebSession(
            session_hash=_digest(secret),
            user_id=user.id,
            csrf_token=started.csrf_token,
            created_at=moment,
            expires_at=started.expires_at,
        )
    )
    session.flush()
    return started


def lookup(session: Session, secret: str, now: datetime | None = None) -> WebSession | None:
    """The live session of an active user for this cookie secret, or None."""
    found = session.scalar(select(WebSession).where(WebSession.session_hash == _digest(secret)))
    if found is None or as_utc(found.expires_at) <= as_utc(now) or not found.user.active:
        return None
    return found


def end(session: Session, secret: str) -> None:
    session.execute(delete(WebSession).where(WebSession.session_hash == _digest(secret)))
