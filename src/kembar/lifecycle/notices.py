"""What a user should hear about today, as typed data for the reminder mails, the calendar
feed and the dashboard: the instruments of the user's scope that expire within 90, 30 or
7 days, and the partnerships of the scope that have just turned dormant.

- An instrument crosses a threshold when the days left until the last day of its validity
  fall to or below it; its notice carries the tightest threshold crossed (an MoU found
  with 20 days left is a 30-day notice, never a 90-day one as well). Only instruments in
  force (signed, renewed, in force) and not renewed by a later one count.
- A partnership turns dormant the day after its last dated fact is KEMBAR_DORMANT_YEARS
  old (lifecycle/status.py); it is news for DORMANT_WINDOW_DAYS after that day. One
  dormant for longer is on the dashboard, not in a mail (the first run on a registry of
  old partnerships would otherwise send hundreds of them).
- The scope is the user's: every active account with scope entries (in practice editors);
  an account without one hears of nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kembar.config import Settings
from kembar.db.accounts import User
from kembar.db.models import Instrument, Partnership, Place
from kembar.lifecycle import facets
from kembar.lifecycle.status import (
    IN_FORCE,
    Reason,
    Status,
    instrument_status,
    last_day,
    load_facts,
    partnership_status,
)

REMIND_DAYS = (90, 30, 7)
DORMANT_WINDOW_DAYS = 90


@dataclass(frozen=True)
class Party:
    id: int
    name: str
    country: str  # ISO 3166-1 alpha-2


@dataclass(frozen=True)
class Expiry:
    """The end of an instrument's validity (for the calendar: every one in scope)."""

    partnership_id: int
    parties: tuple[Party, Party]
    instrument_id: int
    instrument_type: str
    valid_until: str  # as recorded: YYYY, YYYY-MM or YYYY-MM-DD
    due: date  # the last day it is valid


@dataclass(frozen=True)
class Notice:
    kind: str  # "expiring" or "dormant"
    partnership_id: int
    parties: tuple[Party, Party]
    threshold: str  # "90", "30", "7" or "dormant" (the Reminder's threshold)
    due: date  # the last day of validity, or the day the partnership turned dormant
    days_left: int | None  # for an expiring instrument
    instrument_id: int | None = None
    instrument_type: str | None = None
    valid_until: str | None = None  # as recorded
    reason: Reason | None = None  # why the partnership is dormant

    @property
    def subject(self) -> tuple[str, int]:
        """What a Reminder row records the notice against."""
        if self.instrument_id is not None:
            return "instrument", self.instrument_id
        return "partnership", self.partnership_id


def _chunks(ids: list[int], size: int = 900) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def scope_partnerships(session: Session, user: User) -> list[int]:
    """The partnerships with a party in the user's scope; none for an account without
    scope entries or a disabled one."""
    if not user.active or not user.scopes:
        return []
    places = facets.scope_places(session, tuple(s.entry for s in user.scopes))
    return [r.id for r in facets.rows(session) if places.intersection(r.places)]


def _parties(session: Session, ids: Iterable[int]) -> dict[int, tuple[Party, Party]]:
    out = {}
    for chunk in _chunks(sorted(set(ids))):
        for p in session.scalars(
            select(Partnership)
            .where(Partnership.id.in_(chunk))
            .options(selectinload(Partnership.place_a), selectinload(Partnership.place_b))
        ):
            first, second = p.parties  # in the order they were recorded
            out[p.id] = (_party(first), _party(second))
    return out


def _party(place: Place) -> Party:
    return Party(place.id, place.name, place.country_code)


def expiries(session: Session, partnership_ids: list[int], today: date) -> list[Expiry]:
    """The end of validity of each instrument in force of these partnerships that a later
    one has not renewed, earliest first."""
    by_partnership: dict[int, list[Instrument]] = {}
    for chunk in _chunks(partnership_ids):
        for i in session.scalars(select(Instrument).where(Instrument.partnership_id.in_(chunk))):
            by_partnership.setdefault(i.partnership_id, []).append(i)
    found: list[tuple[int, Instrument]] = []
    for pid, mine in by_partnership.items():
        for i in mine:
            if not i.valid_until or i.status not in IN_FORCE:
                continue
            # the window (1) does not matter here: only "renewed" is left out
            if instrument_status(i, mine, today, 1).key != "renewed":
                found.append((pid, i))
    parties = _parties(session, (pid for pid, _ in found))
    out = [
        Expiry(pid, parties[pid], i.id, i.type, i.valid_until or "", last_day(i.valid_until or ""))
        for pid, i in found
    ]
    return sorted(out, key=lambda e: (e.due, e.partnership_id, e.instrument_id))


def threshold_crossed(days_left: int) -> int | None:
    """The tightest of REMIND_DAYS that `days_left` has fallen to, or None."""
    crossed = [t for t in REMIND_DAYS if 0 <= days_left <= t]
    return min(crossed) if crossed else None


def turned_dormant_on(status: Status, dormant_years: float) -> date | None:
    """The first day a dormant partnership was dormant (status.py's rule, from its side)."""
    if status.key != "dormant" or not status.since:
        return None
    return last_day(status.since) + timedelta(days=round(dormant_years * 365.25) + 1)


def _expiring(session: Session, ids: list[int], today: date) -> list[Notice]:
    out = []
    for e in expiries(session, ids, today):
        days = (e.due - today).days
        threshold = threshold_crossed(days)
        if threshold is not None:
            out.append(
                Notice(
                    "expiring",
                    e.partnership_id,
                    e.parties,
                    str(threshold),
                    e.due,
                    days,
                    e.instrument_id,
                    e.instrument_type,
                    e.valid_until,
                )
            )
    return out


def _dormant(session: Session, settings: Settings, ids: list[int], today: date) -> list[Notice]:
    dated = set(facets.dated_ids(session))
    found: list[tuple[int, date, Reason]] = []
    for chunk in _chunks([pid for pid in ids if pid in dated]):
        for pid, f in load_facts(session, chunk).items():
            status = partnership_status(f, today, settings.quiet_years, settings.dormant_years)
            since = turned_dormant_on(status, settings.dormant_years)
            if since is not None and 0 <= (today - since).days < DORMANT_WINDOW_DAYS:
                found.append((pid, since, status.reason))
    parties = _parties(session, (pid for pid, _, _ in found))
    return [
        Notice("dormant", pid, parties[pid], "dormant", since, None, reason=reason)
        for pid, since, reason in sorted(found, key=lambda x: (x[1], x[0]))
    ]


def notices_for(session: Session, settings: Settings, user: User, today: date | None = None) -> list[Notice]:
    """The notices of the user's scope today: expiring instruments (soonest first), then
    partnerships that turned dormant. Whether one was already mailed is the reminders'
    business (lifecycle/reminders.py), not this function's."""
    today = today or date.today()
    ids = scope_partnerships(session, user)
    if not ids:
        return []
    return _expiring(session, ids, today) + _dormant(session, settings, ids, today)
