"""A calendar feed per user: the expiry date of every instrument of the user's scope as an
all-day event, at a secret address (/calendar/TOKEN.ics) that calendar applications
poll.

The token is a random 256-bit secret shown once, when it is made; the database keeps
only its SHA-256 digest (users.calendar_token_hash). A new token replaces the old one.
The feed is written here, per RFC 5545: CRLF line ends, lines folded at 75 octets, text
escaped; each event's UID is the instrument's, so a changed date moves the event.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar import __version__, tokens, users
from kembar.config import Settings
from kembar.db.accounts import User
from kembar.errors import NotFound
from kembar.lifecycle.notices import Expiry, expiries, scope_partnerships
from kembar.lifecycle.reminders import partnership_url
from kembar.lifecycle.words import Words
from kembar.permissions import Actor, require_admin, require_signed_in

TOKEN_PREFIX = "kcal_"
MAX_TOKEN = 100


@dataclass(frozen=True)
class CalendarToken:
    secret: str
    url: str


@dataclass(frozen=True)
class Event:
    uid: str
    day: date
    summary: str
    description: str
    url: str


def feed_url(settings: Settings, secret: str) -> str:
    return f"{settings.public_url.rstrip('/')}/calendar/{secret}.ics"


def new_token(session: Session, settings: Settings, actor: Actor | None, email: str) -> CalendarToken:
    """A new feed address for the account (its own, or any for an admin); the old one stops
    working."""
    who = require_signed_in(actor)
    user = users.get_user(session, email)
    if user.id != who.user_id:
        require_admin(who)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    user.calendar_token_hash = tokens.digest(secret)
    session.flush()
    return CalendarToken(secret, feed_url(settings, secret))


def owner(session: Session, secret: str) -> User:
    """The active account whose feed this is, or NotFound (a wrong token, an old one, a
    disabled account): the answer does not tell which."""
    if secret.startswith(TOKEN_PREFIX) and len(secret) <= MAX_TOKEN:
        user = session.scalars(select(User).where(User.calendar_token_hash == tokens.digest(secret))).first()
        if user is not None and user.active:
            return user
    raise NotFound("no calendar feed at this address", "err.no_calendar")


def events(session: Session, settings: Settings, user: User, today: date | None = None) -> list[Event]:
    """An event on the last day of validity of each instrument of the user's scope."""
    today = today or date.today()
    words = Words(user.language)
    host = urlsplit(settings.public_url).hostname or "kembar"
    found = expiries(session, scope_partnerships(session, user), today)
    return [_event(settings, words, host, e) for e in found]


def _event(settings: Settings, words: Words, host: str, e: Expiry) -> Event:
    t = words.t
    a, b = e.parties
    instrument = t.label("instrument", e.instrument_type)
    url = partnership_url(settings, e.partnership_id)
    description = words(
        "ical.description",
        instrument=instrument,
        a=a.name,
        ca=t.country(a.country),
        b=b.name,
        cb=t.country(b.country),
        date=t.when(e.valid_until),
    )
    return Event(
        uid=f"kembar-instrument-{e.instrument_id}@{host}",
        day=e.due,
        summary=words("ical.summary", instrument=instrument, a=a.name, b=b.name),
        description=f"{description}\n{url}",
        url=url,
    )


def escape(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded into lines of at most 75 octets, never inside a character."""
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with a space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)


def render(items: list[Event], lang: str, now: datetime | None = None) -> str:
    """The feed as an iCalendar document."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Kembar//Kembar {__version__}//{lang.upper()}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(Words(lang)('ical.name'))}",
    ]
    for e in items:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{e.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{e.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape(e.summary)}",
            f"DESCRIPTION:{escape(e.description)}",
            f"URL:{e.url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def feed(session: Session, settings: Settings, secret: str, today: date | None = None) -> str:
    """The feed at a secret address, or NotFound."""
    user = owner(session, secret)
    return render(events(session, settings, user, today), user.language)
