"""Lists of partnerships filtered by facets, with the count of every value of every facet
(kind, stage, status, validity of instruments, field, country, region, decade of the
first date), one page at a time.

Every partnership is held in memory as one compact row (a few MB for the world), rebuilt
when the registry changes (every write is a change set, so the newest change set's id
says when); filtering and counting 24,000 rows in Python takes milliseconds. Statuses come
from lifecycle/status.py for the partnerships that have a dated fact; the rest are
"unknown": each partnership has one status, so the status counts add up to the total.
The validity of instruments is a facet of its own: `validity=expiring` and
`validity=expired` select partnerships with an instrument expiring (within `within_days`,
by default KEMBAR_EXPIRING_DAYS) or expired, whatever their status; a partnership may have
both. `status=expiring|expired`, the older spelling, means the same. The stage of a row is
the stage reached (procedure.reached: the recorded one, or a later one an instrument
signed shows), and its first date the earlier of the recorded one and the first signing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from kembar import vocab
from kembar.cache import Cache
from kembar.config import Settings
from kembar.db.models import Activity, Instrument, Partnership, PartnershipField, Place, StageStep
from kembar.errors import InvalidInput, NotFound, Phrase
from kembar.gazetteer.countries import countries
from kembar.lifecycle.procedure import reached
from kembar.lifecycle.status import first_known, instrument_status, statuses

FACETS = ("kind", "stage", "status", "validity", "field", "country", "region", "decade")
VALIDITY_FILTERS = ("expiring", "expired")
STATUS_VALUES = (*vocab.PARTNERSHIP_STATUSES, *VALIDITY_FILTERS)
REGION_CODE = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")
NO_STAGE = "none"  # the stage facet's value for partnerships with no stage recorded


@dataclass(frozen=True)
class Row:
    id: int
    kind: str
    stage: str | None
    first_date: str | None
    countries: tuple[str, str]
    regions: tuple[str | None, str | None]
    places: tuple[int, int]
    fields: frozenset[str]


def _refused(message: str, key: str, name: str, value: str) -> InvalidInput:
    """A filter's value refused, naming the filter as the pages label it."""
    return InvalidInput(message, key, {"filter": Phrase(f"facet.{name}"), "value": value}, field=name)


@dataclass(frozen=True)
class Filters:
    kind: str | None = None
    stage: str | None = None
    status: str | None = None
    validity: str | None = None  # expiring | expired: of an instrument
    field: str | None = None
    country: str | None = None  # a party in this country
    partner_country: str | None = None  # the other party in this country (with `country`)
    region: str | None = None  # a party in this ISO 3166-2 region
    decade: int | None = None  # of the first date, e.g. 1990
    place: int | None = None  # one party is this place
    places: frozenset[int] | None = None  # one party is one of these places (a scope)
    within_days: int | None = None  # for validity=expiring

    def check(self) -> Filters:
        """The filters with codes normalised, or InvalidInput naming the bad one."""
        self._check_values()
        fixed = self
        if self.status in VALIDITY_FILTERS and self.validity in (None, self.status):
            fixed = replace(fixed, status=None, validity=self.status)  # the older spelling
        for name in ("country", "partner_country"):
            value = getattr(self, name)
            if value is not None:
                code = value.strip().upper()
                if code not in countries():
                    message = f"{name}: {value!r} is not an ISO 3166-1 alpha-2 country code"
                    raise _refused(message, "err.filter_country", name, value)
                fixed = replace(fixed, **{name: code})
        if self.partner_country and not self.country:
            message = "partner_country: give country too (the partner is the other party)"
            raise InvalidInput(message, "err.filter_partner_country", field="partner_country")
        if self.region is not None:
            code = self.region.strip().upper()
            if not REGION_CODE.fullmatch(code):
                message = f"region: {self.region!r} is not an ISO 3166-2 code such as ID-JB"
                raise _refused(message, "err.filter_region", "region", self.region)
            fixed = replace(fixed, region=code)
        if self.decade is not None and (self.decade % 10 or not 1000 <= self.decade <= 2100):
            message = f"decade: {self.decade} is not a decade such as 1990"
            raise _refused(message, "err.filter_decade", "decade", str(self.decade))
        if self.within_days is not None and not 1 <= self.within_days <= 3650:
            raise InvalidInput(
                "within_days: must be between 1 and 3650", "err.filter_within_days", field="within_days"
            )
        return fixed

    def _check_values(self) -> None:
        """Refuse a value outside its vocabulary (kind, field, stage, status)."""
        allowed = {
            "kind": tuple(vocab.PARTNERSHIP_KINDS),
            "field": tuple(vocab.FIELDS),
            "stage": (*vocab.STAGES, NO_STAGE),
            "status": tuple(STATUS_VALUES),
            "validity": VALIDITY_FILTERS,
        }
        for name, valid in allowed.items():
            value = getattr(self, name)
            if value is not None and value not in valid:
                message = f"{name}: unknown value {value!r}; valid: {', '.join(valid)}"
                raise _refused(message, "err.filter_value", name, value)

    def given(self) -> dict[str, str]:
        """The filters that are set, by their query names: links, downloads and the map's
        address keep them, and the map's ETag tells them apart (a place's page is its
        place's partnerships; a scope is the account's, not a query's)."""
        names = (*FACETS, "partner_country", "within_days", "place")
        return {n: str(v) for n in names if (v := getattr(self, n)) is not None}


@dataclass
class FacetedPage:
    total: int
    ids: list[int]  # the page, in id order
    counts: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


_rows: Cache[list[Row]] = Cache(size=4)


def rows(session: Session) -> list[Row]:
    """Every partnership as a compact row, cached until the registry changes."""
    return _rows.get(session, "rows", lambda: _load_rows(session))


Steps = dict[int, list[tuple[str | None, str]]]  # (date, stage) by partnership
Signed = dict[int, list[tuple[str, str | None, str]]]  # (type, signed on, status) by partnership


def _stage_facts(session: Session) -> tuple[Steps, Signed]:
    """The steps and instruments of every partnership, which the stage reached rests on."""
    steps: Steps = {}
    for pid, when, stage in session.execute(
        select(StageStep.partnership_id, StageStep.date, StageStep.stage)
    ):
        steps.setdefault(pid, []).append((when, stage))
    signed: Signed = {}
    for pid, kind, when, status in session.execute(
        select(Instrument.partnership_id, Instrument.type, Instrument.signed_on, Instrument.status)
    ):
        signed.setdefault(pid, []).append((kind, when, status))
    return steps, signed


def _load_rows(session: Session) -> list[Row]:
    a, b = aliased(Place), aliased(Place)
    fields: dict[int, set[str]] = {}
    for pid, key_ in session.execute(select(PartnershipField.partnership_id, PartnershipField.field_key)):
        fields.setdefault(pid, set()).add(key_)
    steps, signed = _stage_facts(session)
    found = []
    for pid, kind, stage, first, ca, cb, ra, rb, ia, ib in session.execute(
        select(
            Partnership.id,
            Partnership.kind,
            Partnership.stage,
            Partnership.first_date,
            a.country_code,
            b.country_code,
            a.admin_code,
            b.admin_code,
            a.id,
            b.id,
        )
        .join(a, a.id == Partnership.place_a_id)
        .join(b, b.id == Partnership.place_b_id)
        .order_by(Partnership.id)
    ):
        mine = signed.get(pid, [])
        stage_reached = reached(stage, steps.get(pid, []), mine).key
        first_date = first_known(first, [(when, status) for _, when, status in mine])
        found.append(
            Row(
                pid,
                kind,
                stage_reached,
                first_date,
                (ca, cb),
                (ra, rb),
                (ia, ib),
                frozenset(fields.get(pid, ())),
            )
        )
    return found


def dated_ids(session: Session) -> list[int]:
    """Partnerships with a fact a status can rest on (the others are "unknown")."""
    queries = [
        select(Activity.partnership_id).where(
            Activity.date.is_not(None), Activity.partnership_id.is_not(None)
        ),
        select(Instrument.partnership_id).where(Instrument.signed_on.is_not(None)),
        select(StageStep.partnership_id).where(StageStep.date.is_not(None)),
        select(Partnership.id).where(Partnership.stage == "ended"),
    ]
    found: set[int] = set()
    for q in queries:
        found.update(pid for (pid,) in session.execute(q) if pid is not None)
    return sorted(found)


def _validity(session: Session, settings: Settings, today: date, within: int) -> dict[str, set[int]]:
    """Partnerships with an instrument expiring within `within` days, or expired."""
    out: dict[str, set[int]] = {"expiring": set(), "expired": set()}
    owners = session.scalars(
        select(Instrument.partnership_id).where(Instrument.valid_until.is_not(None))
    ).all()
    if not owners:
        return out
    instruments: dict[int, list[Instrument]] = {}
    for i in session.scalars(select(Instrument).where(Instrument.partnership_id.in_(set(owners)))):
        instruments.setdefault(i.partnership_id, []).append(i)
    for pid, mine in instruments.items():
        for i in mine:
            state = instrument_status(i, mine, today, within).key
            if state in out:
                out[state].add(pid)
    return out


def _matches(r: Row, f: Filters, skip: str, status_of: dict[int, str], validity: dict[str, set[int]]) -> bool:
    if skip != "kind" and f.kind and r.kind != f.kind:
        return False
    if skip != "stage" and f.stage and (r.stage or NO_STAGE) != f.stage:
        return False
    if skip != "field" and f.field and f.field not in r.fields:
        return False
    if skip != "country" and f.country:
        if f.country not in r.countries:
            return False
        if f.partner_country and skip != "partner_country":
            other = r.countries[1] if r.countries[0] == f.country else r.countries[0]
            if other != f.partner_country:
                return False
    if skip != "region" and f.region and f.region not in r.regions:
        return False
    if skip != "decade" and f.decade and (not r.first_date or int(r.first_date[:3]) * 10 != f.decade):
        return False
    if f.place and f.place not in r.places:
        return False
    if f.places is not None and not (set(r.places) & f.places):
        return False
    if skip != "validity" and f.validity and r.id not in validity[f.validity]:
        return False
    if skip != "status" and f.status:
        if f.status in VALIDITY_FILTERS:  # not checked: the older spelling of a validity
            return r.id in validity[f.status]
        return status_of.get(r.id, "unknown") == f.status
    return True


def _count(
    pool: list[Row], facet: str, f: Filters, status_of: dict[int, str], validity: dict[str, set[int]]
) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    if facet == "kind":
        counts.update(r.kind for r in pool)
    elif facet == "stage":
        counts.update(r.stage or NO_STAGE for r in pool)
    elif facet == "status":  # one status each: the counts add up to the pool
        counts.update(status_of.get(r.id, "unknown") for r in pool)
    elif facet == "validity":  # a facet of its own: a partnership may count in both
        for name, ids in validity.items():
            counts[name] = sum(1 for r in pool if r.id in ids)
    elif facet == "field":
        counts.update(key for r in pool for key in r.fields)
    elif facet == "country" and f.country:  # the partner's country, the chosen one being a side
        counts.update(r.countries[1] if r.countries[0] == f.country else r.countries[0] for r in pool)
    elif facet == "country":
        counts.update(c for r in pool for c in set(r.countries))
    elif facet == "region":
        counts.update(x for r in pool for x in set(r.regions) if x)
    elif facet == "decade":
        counts.update(f"{int(r.first_date[:3]) * 10}" for r in pool if r.first_date)
    # ties by value, so that equal counts keep one order from one process to the next
    return [(value, n) for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:200] if n]


@dataclass
class Evaluated:
    """Every partnership matching the filters, in id order, and the facets' counts."""

    ids: list[int]
    counts: dict[str, list[tuple[str, int]]]


def evaluate(
    session: Session,
    settings: Settings,
    filters: Filters,
    today: date | None = None,
    with_counts: bool = True,
) -> Evaluated:
    """The partnerships matching every filter, and the counts of each facet's values among
    the partnerships matching the other filters (what a click on that value would give)."""
    f = filters.check()
    if f.place is not None and session.get(Place, f.place) is None:
        # a list "of" a place that does not exist is a wrong address, not an empty list
        raise NotFound(f"no place with id {f.place}", "err.no_place", {"id": f.place})
    today = today or date.today()
    everything = rows(session)
    status_of = {pid: s.key for pid, s in statuses(session, settings, dated_ids(session), today).items()}
    validity = _validity(session, settings, today, f.within_days or settings.expiring_days)
    matching = [r for r in everything if _matches(r, f, "", status_of, validity)]
    found = Evaluated([r.id for r in matching], {})
    if with_counts:
        for facet in FACETS:
            # With a country chosen, the country facet counts the partners' countries
            # among that country's partnerships.
            skip = "partner_country" if facet == "country" and f.country else facet
            if getattr(f, skip) is None:  # nothing to leave out: the matches themselves
                pool = matching
            else:
                pool = [r for r in everything if _matches(r, f, skip, status_of, validity)]
            found.counts[facet] = _count(pool, facet, f, status_of, validity)
    return found


def search(
    session: Session,
    settings: Settings,
    filters: Filters,
    limit: int = 50,
    offset: int = 0,
    today: date | None = None,
    with_counts: bool = True,
) -> FacetedPage:
    """One page of the partnerships matching every filter, with the facets' counts."""
    if not 1 <= limit <= 500 or offset < 0:
        raise InvalidInput("limit must be between 1 and 500, offset at least 0")
    found = evaluate(session, settings, filters, today, with_counts)
    return FacetedPage(len(found.ids), found.ids[offset : offset + limit], found.counts)


def scope_places(session: Session, scope: tuple[str, ...]) -> frozenset[int]:
    """The ids of the places an editor's scope covers (permissions.place_in_scope, in bulk)."""
    place_ids, countries_, regions = set(), set(), set()
    for entry in scope:
        kind, _, value = entry.partition(":")
        if kind == "country":
            countries_.add(value)
        elif kind == "place" and value.isdigit():
            place = session.get(Place, int(value))
            if place is None:
                continue
            place_ids.add(place.id)
            if place.kind == "country":
                countries_.add(place.country_code)
            elif place.kind == "province" and place.admin_code:
                regions.add(place.admin_code)
    conditions = []
    if place_ids:
        conditions.append(Place.id.in_(place_ids))
    if countries_:
        conditions.append(Place.country_code.in_(countries_))
    if regions:
        conditions.append(Place.admin_code.in_(regions))
    if not conditions:
        return frozenset()
    return frozenset(session.scalars(select(Place.id).where(or_(*conditions))))


def matching_ids(
    session: Session, settings: Settings, filters: Filters, today: date | None = None
) -> list[int]:
    """Every partnership matching the filters, in id order, unpaged (exports, maps, reports)."""
    return evaluate(session, settings, filters, today, with_counts=False).ids
