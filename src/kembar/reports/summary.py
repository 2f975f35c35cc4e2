"""What a printed report of a place, a province or a country says, as data: its
partnerships by stage and status, what expires soon, what is dormant, the year's
activities, the partnerships themselves (for a place or a province), and the points and
lines of its map. pdf.py puts it on paper.

A province's report holds the partnerships of the regencies and cities in it as well as
its own (dashboards.region_partnerships); a country's, every partnership with a party in
it, counted by province (dashboards.country_dashboard).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from kembar import vocab
from kembar.config import Settings
from kembar.db.models import Activity, Instrument, Partnership, Place
from kembar.errors import NotFound
from kembar.gazetteer.countries import countries
from kembar.lifecycle import dashboards, facets
from kembar.lifecycle.notices import Party
from kembar.lifecycle.procedure import reached_of
from kembar.lifecycle.status import Reason, first_known, instrument_status, load_facts, partnership_status
from kembar.reports.worldmap import Point


@dataclass(frozen=True)
class Line:
    """A partnership seen from the report's side."""

    id: int
    ours: Party
    theirs: Party
    kind: str
    stage: str | None  # reached: recorded, or shown by an instrument signed (procedure.reached)
    status: str
    first_date: str | None  # the recorded one or the first signing, whichever is earlier


@dataclass(frozen=True)
class Expiring:
    line: Line
    instrument_type: str
    valid_until: str
    days_left: int


@dataclass(frozen=True)
class Dormant:
    line: Line
    reason: Reason


@dataclass(frozen=True)
class Held:
    line: Line
    type: str
    title: str | None
    date: str


@dataclass
class Report:
    scope: str  # place | province | country
    name: str  # the place's name, or the country code
    country: str
    region: str | None  # the place's province, if known
    place_kind: str | None
    today: date
    expiring_days: int
    lines: list[Line] = field(default_factory=list)
    by_stage: list[tuple[str, int]] = field(default_factory=list)  # stage key or "none"
    by_status: list[tuple[str, int]] = field(default_factory=list)
    groups: list[tuple[str, int]] = field(default_factory=list)  # by province, or by place of a province
    expiring: list[Expiring] = field(default_factory=list)
    dormant: list[Dormant] = field(default_factory=list)
    activities: list[Held] = field(default_factory=list)
    home: list[Point] = field(default_factory=list)  # the report's own places on the map
    partners: list[Point] = field(default_factory=list)
    links: list[tuple[Point, Point]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.lines


def _chunks(ids: list[int], size: int = 900) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _party(place: Place) -> Party:
    return Party(place.id, place.name, place.country_code)


def _point(place: Place) -> Point | None:
    return (place.lon, place.lat) if place.lon is not None and place.lat is not None else None


def _load(session: Session, ids: list[int]) -> list[Partnership]:
    loaded: list[Partnership] = []
    for chunk in _chunks(ids):
        loaded += session.scalars(
            select(Partnership)
            .where(Partnership.id.in_(chunk))
            .options(
                selectinload(Partnership.place_a),
                selectinload(Partnership.place_b),
                selectinload(Partnership.instruments),
                selectinload(Partnership.steps),
            )
        )
    return loaded


def _line(p: Partnership, a: Place, b: Place, status: str) -> Line:
    first = first_known(p.first_date, [(i.signed_on, i.status) for i in p.instruments])
    return Line(p.id, _party(a), _party(b), p.kind, reached_of(p).key, status, first)


def _fill(
    session: Session, settings: Settings, report: Report, ids: list[int], ours: Callable[[Place], bool]
) -> None:
    """Everything of the report that comes from its partnerships."""
    today = report.today
    loaded = _load(session, ids)
    facts = load_facts(session, ids)
    by_id: dict[int, Line] = {}
    home: dict[int, Point] = {}
    partners: dict[int, Point] = {}
    for p in sorted(loaded, key=lambda p: p.id):
        a, b = p.parties  # ours first, else in the order they were recorded
        a, b = (b, a) if ours(b) and not ours(a) else (a, b)
        status = partnership_status(facts[p.id], today, settings.quiet_years, settings.dormant_years)
        line = _line(p, a, b, status.key)
        by_id[p.id] = line
        report.lines.append(line)
        if status.key == "dormant":
            report.dormant.append(Dormant(line, status.reason))
        _expiring(report, line, p.instruments, settings.expiring_days)
        pa, pb = _point(a), _point(b)
        if pa is not None:
            home[a.id] = pa
        if pb is not None:
            (home if ours(b) else partners)[b.id] = pb
        if pa is not None and pb is not None:
            report.links.append((pa, pb))
    report.home, report.partners = list(home.values()), [pt for k, pt in partners.items() if k not in home]
    report.expiring.sort(key=lambda e: (e.days_left, e.line.id))
    _activities(session, report, by_id)
    _counts(report)


def _expiring(report: Report, line: Line, instruments: list[Instrument], within: int) -> None:
    for i in instruments:
        state = instrument_status(i, instruments, report.today, within)
        if state.key == "expiring" and i.valid_until:
            report.expiring.append(Expiring(line, i.type, i.valid_until, int(state.reason.values["days"])))


def _activities(session: Session, report: Report, by_id: dict[int, Line]) -> None:
    year = str(report.today.year)
    found: list[Held] = []
    for chunk in _chunks(list(by_id)):
        for a in session.scalars(
            select(Activity).where(Activity.partnership_id.in_(chunk), Activity.date.like(f"{year}%"))
        ):
            if a.partnership_id is not None and a.date:
                found.append(Held(by_id[a.partnership_id], a.type, a.title, a.date))
    report.activities = sorted(found, key=lambda h: (h.date, h.line.id))


def _counts(report: Report) -> None:
    stages = Counter(line.stage or facets.NO_STAGE for line in report.lines)
    report.by_stage = [(s, stages[s]) for s in (*vocab.STAGES, facets.NO_STAGE) if stages[s]]
    statuses = Counter(line.status for line in report.lines)
    report.by_status = [(s, statuses[s]) for s in vocab.PARTNERSHIP_STATUSES if statuses[s]]


def place_report(session: Session, settings: Settings, place: Place, today: date | None = None) -> Report:
    """The report of a place; of a province, with the regencies and cities in it."""
    province = place.kind == "province" and bool(place.admin_code)
    report = Report(
        scope="province" if province else "place",
        name=place.name,
        country=place.country_code,
        region=None if province else place.admin_name,
        place_kind=place.kind,
        today=today or date.today(),
        expiring_days=settings.expiring_days,
    )

    def ours(x: Place) -> bool:
        return x.id == place.id or (province and x.admin_code == place.admin_code)

    _fill(session, settings, report, dashboards.region_partnerships(session, place), ours)
    if province:
        members = Counter(line.ours.name for line in report.lines)
        report.groups = sorted(members.items(), key=lambda x: (-x[1], x[0]))
    return report


def country_report(session: Session, settings: Settings, cc: str, today: date | None = None) -> Report:
    """The report of a country: every partnership with a party in it, by province."""
    code = cc.strip().upper()
    if code not in countries():
        raise NotFound(f"no country with the code {cc!r}", "err.no_country", {"code": cc})
    today = today or date.today()
    report = Report("country", code, code, None, "country", today, settings.expiring_days)
    ids = [r.id for r in facets.rows(session) if code in r.countries]
    _fill(session, settings, report, ids, lambda x: x.country_code == code)
    board = dashboards.country_dashboard(session, settings, code, today.year, today)
    report.groups = [(name or code_, total) for code_, name, _, total in board.provinces]
    return report
