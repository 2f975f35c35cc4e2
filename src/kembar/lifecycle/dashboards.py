"""The officer's and the ministry's views of partnerships over their life.

- `my_partnerships`: the partnerships of a signed-in user's scope, each with its stage,
  status and reason, last dated fact, instruments expiring or expired, next step of the
  procedure and the pending news proposals that name it;
- `country_dashboard`: a country's partnerships by province and stage reached, what
  expires within KEMBAR_EXPIRING_DAYS (as the reminders and the reports count it) and what
  ends this year, what is dormant, what was signed this year, and the partner countries;
- `region_partnerships`: a province's partnerships together with those of the regencies
  and cities in it.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kembar import vocab
from kembar.config import Settings
from kembar.db.models import Instrument, Partnership, Place, Proposal
from kembar.errors import InvalidInput
from kembar.gazetteer.countries import countries
from kembar.lifecycle import facets
from kembar.lifecycle.procedure import NextStep, Reached, next_step, reached_of
from kembar.lifecycle.status import Status, instrument_status, last_day, load_facts, partnership_status
from kembar.permissions import Actor


@dataclass(frozen=True)
class InstrumentNotice:
    instrument_id: int
    type: str
    valid_until: str | None
    status: Status


@dataclass
class DashboardRow:
    partnership: Partnership
    status: Status
    next: NextStep | None
    stage: Reached  # the stage reached: recorded, or shown by an instrument signed
    instruments: list[InstrumentNotice] = field(default_factory=list)  # expiring or expired
    proposals: list[int] = field(default_factory=list)  # pending proposals naming it
    last_activity: tuple[str, str, str | None] | None = None  # (date, type, title) of the latest held
    undated_activities: int = 0  # recorded without a date


@dataclass
class MyPartnerships:
    total: int
    rows: list[DashboardRow]
    has_scope: bool
    counts: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # of the facets
    ids: list[int] = field(default_factory=list)  # every match, in the order of `rows`


def _rows(session: Session, settings: Settings, ids: list[int], today: date) -> list[DashboardRow]:
    found = {
        p.id: p
        for p in session.scalars(
            select(Partnership)
            .where(Partnership.id.in_(ids))
            .options(
                selectinload(Partnership.place_a),
                selectinload(Partnership.place_b),
                selectinload(Partnership.instruments).selectinload(Instrument.documents),
                selectinload(Partnership.documents),
                selectinload(Partnership.steps),
            )
        )
    }
    facts = load_facts(session, ids)
    pending = _pending_by_pair(session)
    out = []
    for pid in ids:
        p = found[pid]
        row = DashboardRow(
            p,
            partnership_status(facts[pid], today, settings.quiet_years, settings.dormant_years),
            next_step(p),
            reached_of(p),
            last_activity=max(facts[pid].activities, key=lambda a: last_day(a[0]), default=None),
            undated_activities=facts[pid].undated,
        )
        for i in p.instruments:
            state = instrument_status(i, p.instruments, today, settings.expiring_days)
            if state.key in ("expiring", "expired"):
                row.instruments.append(InstrumentNotice(i.id, i.type, i.valid_until, state))
        row.proposals = pending.get(frozenset((p.place_a.key, p.place_b.key)), [])
        out.append(row)
    return out


def _pending_by_pair(session: Session) -> dict[frozenset[str], list[int]]:
    """Pending partnership proposals by the gazetteer keys of their two places."""
    out: dict[frozenset[str], list[int]] = {}
    for pid, payload in session.execute(
        select(Proposal.id, Proposal.payload).where(
            Proposal.status == "pending", Proposal.kind == "partnership"
        )
    ):
        try:
            item = json.loads(payload)
            pair = frozenset((item["a"]["key"], item["b"]["key"]))
        except (ValueError, KeyError, TypeError):
            continue
        out.setdefault(pair, []).append(pid)
    return out


def my_partnerships(
    session: Session,
    settings: Settings,
    actor: Actor,
    limit: int = 50,
    offset: int = 0,
    today: date | None = None,
    filters: facets.Filters | None = None,
) -> MyPartnerships:
    """The partnerships with a party in the actor's scope (and matching the filters), those
    needing attention first (expiring instruments, then never implemented, dormant, quiet),
    with the counts of the facets within the scope."""
    today = today or date.today()
    places = facets.scope_places(session, actor.scope)
    if not places:
        return MyPartnerships(0, [], has_scope=False)
    found = facets.evaluate(session, settings, replace(filters or facets.Filters(), places=places), today)
    rows = _rows(session, settings, found.ids, today)
    urgency = {"never_implemented": 1, "dormant": 2, "quiet": 3, "active": 4, "ended": 6, "unknown": 5}

    def order(r: DashboardRow) -> tuple[int, int, int]:
        expiring = 0 if any(n.status.key == "expiring" for n in r.instruments) else 1
        return (expiring, urgency.get(r.status.key, 5), r.partnership.id)

    rows.sort(key=order)
    order_ids = [r.partnership.id for r in rows]
    return MyPartnerships(len(rows), rows[offset : offset + limit], True, found.counts, order_ids)


@dataclass
class CountryDashboard:
    country: str
    year: int
    partnerships: int
    stages: list[str]  # the stage columns, "none" last
    provinces: list[tuple[str, str, dict[str, int], int]]  # (code, name, counts by stage, total)
    expiring_this_year: list[tuple[int, InstrumentNotice]]  # (partnership id, instrument) ending in `year`
    dormant: list[int]
    signed_this_year: list[tuple[int, int]]  # (partnership id, instrument id)
    partner_countries: list[tuple[str, int]]
    expiring_days: int = 90  # KEMBAR_EXPIRING_DAYS
    expiring_soon: list[tuple[int, InstrumentNotice]] = field(default_factory=list)  # within it


Notices = list[tuple[int, InstrumentNotice]]


def _validity_lists(
    session: Session, settings: Settings, ids: list[int], year: int, today: date
) -> tuple[Notices, Notices]:
    """The instruments whose validity ends in `year` (not renewed, not planned), and those
    expiring within KEMBAR_EXPIRING_DAYS of today, soonest first."""
    mine: dict[int, list[Instrument]] = {}
    for i in session.scalars(select(Instrument).where(Instrument.partnership_id.in_(ids))):
        mine.setdefault(i.partnership_id, []).append(i)
    ending: Notices = []
    soon: Notices = []
    for pid, instruments in mine.items():
        for i in instruments:
            if not i.valid_until:
                continue
            state = instrument_status(i, instruments, today, settings.expiring_days)
            notice = InstrumentNotice(i.id, i.type, i.valid_until, state)
            if state.key == "expiring":
                soon.append((pid, notice))
            if i.valid_until.startswith(str(year)) and state.key not in ("renewed", "planned"):
                ending.append((pid, notice))
    return sorted(ending, key=_by_end), sorted(soon, key=_by_end)


def _dormant_and_signed(
    session: Session, settings: Settings, ids: list[int], year: int, today: date
) -> tuple[list[int], list[tuple[int, int]]]:
    """The dormant partnerships, and the (partnership, instrument) signed in `year`."""
    idset = set(ids)
    facts = load_facts(session, [pid for pid in facets.dated_ids(session) if pid in idset])
    dormant, signed = [], []
    for pid, f in facts.items():
        if partnership_status(f, today, settings.quiet_years, settings.dormant_years).key == "dormant":
            dormant.append(pid)
        for i in f.instruments:
            if i.signed_on and i.signed_on[:4] == str(year) and i.status in ("signed", "renewed"):
                signed.append((pid, i.id))
    return dormant, signed


def _by_end(item: tuple[int, InstrumentNotice]) -> tuple[date, int]:
    return last_day(item[1].valid_until or "9999"), item[0]


def _by_province(mine: list[facets.Row], code: str) -> tuple[dict[str, Counter[str]], Counter[str]]:
    """The country's sides of its partnerships by province and stage reached, and the
    partner countries."""
    by_province: dict[str, Counter[str]] = {}
    partners: Counter[str] = Counter()
    for r in mine:
        for side in (0, 1):
            if r.countries[side] == code:
                by_province.setdefault(r.regions[side] or "", Counter())[r.stage or facets.NO_STAGE] += 1
        partners[r.countries[1] if r.countries[0] == code else r.countries[0]] += 1
    return by_province, partners


def country_dashboard(
    session: Session, settings: Settings, cc: str, year: int | None = None, today: date | None = None
) -> CountryDashboard:
    code = cc.strip().upper()
    if code not in countries():
        raise InvalidInput(
            f"{cc!r} is not an ISO 3166-1 alpha-2 country code", "form.unknown_country", {"values": cc}
        )
    today = today or date.today()
    year = year or today.year
    mine = [r for r in facets.rows(session) if code in r.countries]
    ids = [r.id for r in mine]
    region_names = _region_names(session, code)
    by_province, partners = _by_province(mine, code)
    dormant, signed = _dormant_and_signed(session, settings, ids, year, today)
    expiring, soon = _validity_lists(session, settings, ids, year, today)
    stages = [*vocab.STAGES, facets.NO_STAGE]
    # The provinces by their number of partnerships; those of no recorded province last.
    provinces = sorted(
        ((c, region_names.get(c, c or ""), dict(n), sum(n.values())) for c, n in by_province.items()),
        key=lambda x: (not x[0], -x[3], x[1]),
    )
    return CountryDashboard(
        country=code,
        year=year,
        partnerships=len(mine),
        stages=stages,
        provinces=provinces,
        expiring_this_year=expiring,
        dormant=sorted(dormant),
        signed_this_year=sorted(signed),
        partner_countries=partners.most_common(),
        expiring_days=settings.expiring_days,
        expiring_soon=soon,
    )


def _region_names(session: Session, cc: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for code, name, kind in session.execute(
        select(Place.admin_code, Place.admin_name, Place.kind).where(
            Place.country_code == cc, Place.admin_code.is_not(None)
        )
    ):
        if code and name and (kind == "province" or code not in names):
            names[code] = name
    return names


def region_partnerships(session: Session, province: Place) -> list[int]:
    """The partnerships of a province and of the regencies and cities in it."""
    if province.kind != "province" or not province.admin_code:
        return [r.id for r in facets.rows(session) if province.id in r.places]
    return [r.id for r in facets.rows(session) if province.id in r.places or province.admin_code in r.regions]


def partnership_life(
    session: Session, settings: Settings, partnership_id: int, today: date | None = None
) -> DashboardRow:
    """One partnership as the dashboard sees it: status and reason, next step and its
    documents, instruments expiring or expired, pending proposals, last activity."""
    return _rows(session, settings, [partnership_id], today or date.today())[0]


def province_places(session: Session, cc: str) -> dict[str, int]:
    """The place id of each province of a country, by its ISO 3166-2 code."""
    return {
        code: pid
        for pid, code in session.execute(
            select(Place.id, Place.admin_code).where(
                Place.country_code == cc.upper(), Place.kind == "province", Place.admin_code.is_not(None)
            )
        )
        if code
    }
