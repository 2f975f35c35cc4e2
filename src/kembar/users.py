"""Accounts: adding and listing users, roles and scope, passwords, signing in with
throttling, and the actor of the command line.

Passwords are hashed with argon2 (argon2-cffi) and never stored, logged or repeated in
an error message. Sign-in attempts are kept in the database, so throttling holds across
worker processes: after 10 failures within 15 minutes for one account (since its last
success) or for one client address, sign-ins are refused until the oldest of those
failures is 15 minutes old.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from kembar import vocab
from kembar.db import history
from kembar.db.accounts import LoginAttempt, User, UserScope, WebSession, as_utc
from kembar.db.models import Place
from kembar.errors import (
    DuplicateUser,
    InvalidInput,
    Message,
    TooManyAttempts,
    UserNotFound,
)
from kembar.i18n import Translator
from kembar.permissions import (
    EDIT_ANYTHING,
    Actor,
    actor_for,
    require_admin,
    require_signed_in,
    scoped_place_id,
    system_actor,
)

MAX_FAILURES = 10
WINDOW = timedelta(minutes=15)
WRONG_CREDENTIALS = "wrong email or password"
FIRST_ADMIN_EMAIL = "admin@localhost"
LANGUAGES = ("id", "en")
MIN_PASSWORD = 8
# argon2 hashes whatever it is given; a bound keeps a megabyte "password" from costing CPU.
MAX_PASSWORD = 1024
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    return _hasher().hash(secrets.token_urlsafe(16))


def normalise_email(raw: str) -> str:
    email = raw.strip().lower()
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidInput(f"{raw.strip()[:80]!r} is not an email address")
    return email


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        message = f"a password needs at least {MIN_PASSWORD} characters"
        raise InvalidInput(message, "err.password_short", {"n": MIN_PASSWORD}, field="new_password")
    if len(password) > MAX_PASSWORD:
        message = f"a password may have at most {MAX_PASSWORD} characters"
        raise InvalidInput(message, "err.password_long", {"n": MAX_PASSWORD}, field="new_password")
    return password


def generate_password() -> str:
    """A random password of 20 URL-safe characters (about 120 bits)."""
    return secrets.token_urlsafe(15)


def hash_password(password: str) -> str:
    return _hasher().hash(_check_password(password))


def _check_role(role: str) -> str:
    return vocab.check(vocab.ROLES, role, "role")


def _check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise InvalidInput(f"unknown language {language!r}; valid: {', '.join(LANGUAGES)}")
    return language


def _bounded(value: str | None, what: str, limit: int) -> str | None:
    if value is None or not value.strip():
        return None
    if len(value.strip()) > limit:
        raise InvalidInput(f"the {what} may have at most {limit} characters")
    return value.strip()


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def get_user(session: Session, email: str) -> User:
    user = find_user(session, email)
    if user is None:
        raise UserNotFound(email.strip())
    return user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def parse_scope(session: Session, raw: str) -> str:
    """A scope value as typed ("135", "ID", "place:135", "country:ID") as an entry
    ("place:135", "country:ID"); the place must exist and the code be an ISO 3166-1 one."""
    from kembar.gazetteer.countries import countries

    value = raw.strip()
    kind, sep, rest = value.partition(":")
    if sep and kind in ("place", "country"):
        value = rest.strip()
    if value.isdigit() and kind != "country":
        place = session.get(Place, int(value)) if int(value) < 2**31 else None
        if place is None:
            raise InvalidInput(f"scope {raw.strip()!r}: no place has the id {value}")
        return f"place:{place.id}"
    if len(value) == 2 and value.isalpha() and kind != "place":
        code = value.upper()
        if code not in countries():
            raise InvalidInput(f"scope {raw.strip()!r}: not an ISO 3166-1 country code")
        return f"country:{code}"
    raise InvalidInput(f"scope {raw.strip()[:80]!r} is neither a place id (a number) nor a country code (XX)")


def _scope_rows(session: Session, raw: Sequence[str]) -> list[UserScope]:
    rows: list[UserScope] = []
    for entry in dict.fromkeys(parse_scope(session, r) for r in raw):
        kind, _, value = entry.partition(":")
        rows.append(UserScope(place_id=int(value)) if kind == "place" else UserScope(country_code=value))
    return rows


def scope_labels(session: Session, entries: Sequence[str]) -> list[str]:
    """Scope entries as people read them: "Bandung (ID, place 12)", "country ID"."""
    labels = []
    for entry in entries:
        kind, _, value = entry.partition(":")
        place_id = scoped_place_id(entry)
        place = session.get(Place, place_id) if place_id is not None else None
        if place is not None:
            labels.append(f"{place.name} ({place.country_code}, {place.kind} {place.id})")
        else:
            labels.append(f"country {value}" if kind == "country" else entry)
    return labels


def scope_words(session: Session, entries: Sequence[str], t: Translator) -> list[str]:
    """Scope entries in the reader's language, for the pages ("Bandung (kota, Indonesia)",
    "seluruh Indonesia"); scope_labels keeps the ids the CLI and the API show."""
    words = []
    for entry in entries:
        kind, _, value = entry.partition(":")
        place_id = scoped_place_id(entry)
        place = session.get(Place, place_id) if place_id is not None else None
        if place is not None:
            what = t.label("place_kind", place.kind).lower()
            words.append(t("scope.place", name=place.name, kind=what, country=t.country(place.country_code)))
        else:
            words.append(t("scope.country", country=t.country(value)) if kind == "country" else entry)
    return words


def scope_summary(session: Session, user: User) -> str:
    """What an account's stored scope is and does, in English (the CLI's lists). An editor
    edits within it; a reviewer or an admin edits everything whatever it holds, and a
    stored scope only chooses their "My partnerships", reminders and calendar feed."""
    stored = "; ".join(scope_labels(session, [s.entry for s in user.scopes]))
    if user.role not in EDIT_ANYTHING:
        return stored or "nothing"
    role = f"{'an' if user.role == 'admin' else 'a'} {user.role} edits every place"
    return f"{stored} (for My partnerships and reminders; {role})" if stored else f"everything ({role})"


def add_user(
    session: Session,
    actor: Actor | None,
    email: str,
    role: str,
    password: str,
    *,
    scope: Sequence[str] = (),
    name: str | None = None,
    organisation: str | None = None,
    language: str = "en",
) -> User:
    require_admin(actor)
    address = normalise_email(email)
    if find_user(session, address) is not None:
        raise DuplicateUser(address)
    user = User(
        email=address,
        role=_check_role(role),
        password_hash=hash_password(password),
        name=_bounded(name, "name", 200),
        organisation=_bounded(organisation, "organisation", 300),
        language=_check_language(language),
        active=True,
        scopes=_scope_rows(session, scope),
    )
    session.add(user)
    session.flush()
    return user


def _other_active_admins(session: Session, user: User) -> int:
    return (
        session.scalar(
            select(func.count(User.id)).where(User.role == "admin", User.active.is_(True), User.id != user.id)
        )
        or 0
    )


def _keep_an_admin(session: Session, user: User, what: str) -> None:
    if user.role == "admin" and user.active and _other_active_admins(session, user) == 0:
        raise InvalidInput(f"{user.email} is the only active admin; make another admin before you {what}")


def set_role(
    session: Session, actor: Actor | None, email: str, role: str, scope: Sequence[str] | None = None
) -> User:
    """Change a user's role; a given scope replaces the old one."""
    require_admin(actor)
    user = get_user(session, email)
    if _check_role(role) != "admin":
        _keep_an_admin(session, user, "change its role")
    user.role = role
    if scope is not None:
        user.scopes = _scope_rows(session, scope)
    session.flush()
    return user


def set_scope(session: Session, actor: Actor | None, email: str, scope: Sequence[str]) -> User:
    require_admin(actor)
    user = get_user(session, email)
    user.scopes = _scope_rows(session, scope)
    session.flush()
    return user


def _end_sessions(session: Session, user: User) -> None:
    for web in session.scalars(select(WebSession).where(WebSession.user_id == user.id)):
        session.delete(web)


def disable_user(session: Session, actor: Actor | None, email: str) -> User:
    """The account can no longer sign in; its browser sessions end and its tokens stop working."""
    require_admin(actor)
    user = get_user(session, email)
    _keep_an_admin(session, user, "disable it")
    user.active = False
    _end_sessions(session, user)
    session.flush()
    return user


def enable_user(session: Session, actor: Actor | None, email: str) -> User:
    require_admin(actor)
    user = get_user(session, email)
    user.active = True
    session.flush()
    return user


def set_password(session: Session, actor: Actor | None, email: str, password: str) -> User:
    """An admin sets anyone's password, a user their own; the account's browser sessions end."""
    who = require_signed_in(actor)
    user = get_user(session, email)
    if who.user_id != user.id:
        require_admin(who)
    user.password_hash = hash_password(password)
    _end_sessions(session, user)
    session.flush()
    return user


def change_own_password(
    session: Session, actor: Actor | None, current: str, new: str, client: str, *, now: datetime | None = None
) -> User | None:
    """A signed-in user's new password, given the current one; None when that is wrong.

    The new one obeys the rules of set_password and is hashed alike, and the account's
    browser sessions end (the caller starts a new one for the browser that asked). The
    current password is checked as a sign-in is: throttled, the attempt recorded (a
    wrong one is a failure the caller must let commit), so it cannot be guessed faster
    here than on the sign-in page. The change is recorded in the history by its author.
    """
    who = require_signed_in(actor)
    user = session.get(User, who.user_id) if who.user_id is not None else None
    if user is None:
        raise InvalidInput("only a person's account has a password to change", "err.password_own")
    _check_password(new)
    if new == current:
        message = "the new password is the same as the current one"
        raise InvalidInput(message, "err.password_same", field="new_password")
    if authenticate(session, user.email, current, client, now=now) is None:
        return None
    history.begin(session, who, Message("summary.password.changed", {"email": user.email}))
    return set_password(session, who, user.email, new)


def _retry_after(
    session: Session, column: InstrumentedAttribute[str], value: str, since: datetime, now: datetime
) -> int | None:
    """Seconds until sign-ins are allowed again for this email or client, or None."""
    failures = list(
        session.scalars(
            select(LoginAttempt.at)
            .where(column == value, LoginAttempt.success.is_(False), LoginAttempt.at > since)
            .order_by(LoginAttempt.at.desc())
            .limit(MAX_FAILURES)
        )
    )
    if len(failures) < MAX_FAILURES:
        return None
    return int((as_utc(failures[-1]) + WINDOW - now).total_seconds()) + 1


def check_throttle(session: Session, email: str, client: str, now: datetime | None = None) -> None:
    """Raise TooManyAttempts when the account or the client address has failed too often."""
    moment = as_utc(now)
    start = moment - WINDOW
    address = email.strip().lower()[:254]
    last_success = session.scalar(
        select(func.max(LoginAttempt.at)).where(
            LoginAttempt.email == address, LoginAttempt.success.is_(True), LoginAttempt.at > start
        )
    )
    since_account = max(start, as_utc(last_success)) if last_success else start
    waits = [
        _retry_after(session, LoginAttempt.email, address, since_account, moment),
        _retry_after(session, LoginAttempt.client, client[:64], start, moment),
    ]
    longest = max((w for w in waits if w is not None), default=None)
    if longest is not None:
        raise TooManyAttempts(longest)


def authenticate(
    session: Session, email: str, password: str, client: str, *, now: datetime | None = None
) -> User | None:
    """The active account these credentials open, or None (the failure is recorded).

    Raises TooManyAttempts when throttled. A failure is written in the caller's
    transaction, so the caller must let it commit: answer 401 instead of raising inside it.
    """
    moment = as_utc(now)
    check_throttle(session, email, client, moment)
    address = email.strip().lower()[:254]
    user = find_user(session, address) if len(password) <= MAX_PASSWORD else None
    ok = False
    try:
        # A missing account costs the same hash check, so timing does not tell accounts apart.
        ok = _hasher().verify(user.password_hash if user else _dummy_hash(), password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        ok = False
    ok = ok and user is not None and user.active
    session.add(LoginAttempt(email=address, client=client[:64], at=moment, success=ok))
    session.flush()
    if not ok or user is None:
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = _hasher().hash(password)
    return user


def create_first_admin(session: Session) -> tuple[User, str] | None:
    """When no account exists at all: an admin with a random password, returned once
    (only its hash is stored). None when any account exists."""
    if session.scalar(select(func.count(User.id))):
        return None
    password = generate_password()
    user = User(
        email=FIRST_ADMIN_EMAIL,
        name="Administrator",
        role="admin",
        language="en",
        active=True,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    return user, password


def cli_actor(session: Session, email: str | None) -> Actor:
    """Who a command acts as: the named user (--as EMAIL), else the local admin (the
    first active admin), else Kembar itself (a fresh database has no account yet, and
    whoever can run commands on it can already write its file). Channel "cli"."""
    if email:
        return actor_for(get_user(session, email), "cli")
    admin = session.scalar(
        select(User).where(User.role == "admin", User.active.is_(True)).order_by(User.id).limit(1)
    )
    if admin is None:
        return system_actor("cli")
    return actor_for(admin, "cli")
