"""Country and country-pair views: who in one country is partnered with whom abroad,
the activities on a timeline and the figures (indicators) between the two."""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from kembar.db.models import Activity, Indicator, Partnership, Place
from kembar.errors import InvalidInput, NotFound
from kembar.gazetteer.countries import countries
from kembar.partnerships import activity_out, indicator_out, page_of
from kembar.schemas import (
    ActivityOut,
    CountryCount,
    CountryRef,
    CountryView,
    IndicatorOut,
    PairView,
    PartnershipSummary,
    PlaceSummary,
)


class CountryNotFound(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(f"no country with ISO 3166-1 code {code!r}", "err.no_country", {"code": code})


def country_ref(code: str) -> CountryRef:
    raw = code.strip().upper()
    if len(raw) != 2 or not raw.isalpha():
        message = f"country {code!r} is not an ISO 3166-1 alpha-2 code such as ID or DE"
        raise InvalidInput(message, "form.unknown_country", {"values": code})
    if raw not in countries():
        raise CountryNotFound(raw)
    return _named(raw)


def _activities(session: Session, place_filter: object, limit: int = 100) -> list[ActivityOut]:
    a, b, at = aliased(Place), aliased(Place), aliased(Place)
    stmt = (
        select(Activity, a.name, b.name, Partnership.b_first)
        .outerjoin(Partnership, Partnership.id == Activity.partnership_id)
        .outerjoin(a, a.id == Partnership.place_a_id)
        .outerjoin(b, b.id == Partnership.place_b_id)
        .outerjoin(at, at.id == Activity.place_id)
        .where(place_filter(a, b, at))  # type: ignore[operator]
        .order_by(Activity.date.desc(), Activity.id)
        .limit(limit)
        .options(selectinload(Activity.participations), selectinload(Activity.fields))
    )
    return [
        activity_out(session, act).model_copy(update={"partnership_label": _label(name_a, name_b, b_first)})
        for act, name_a, name_b, b_first in session.execute(stmt).unique()
    ]


def _label(name_a: str | None, name_b: str | None, b_first: bool | None) -> str | None:
    """A partnership's parties in the order they were recorded ("Bandung – Suwon")."""
    if name_a is None or name_b is None:
        return None
    return f"{name_b} – {name_a}" if b_first else f"{name_a} – {name_b}"


def _indicators(session: Session, codes: set[str]) -> list[IndicatorOut]:
    a, b = aliased(Place), aliased(Place)
    stmt = (
        select(Indicator)
        .join(a, a.id == Indicator.party_a_id)
        .join(b, b.id == Indicator.party_b_id)
        .where(a.country_code.in_(codes), b.country_code.in_(codes))
        .order_by(Indicator.period_start, Indicator.id)
    )
    if len(codes) == 2:
        stmt = stmt.where(a.country_code != b.country_code)
    return [indicator_out(session, ind) for ind in session.scalars(stmt)]


def country_view(session: Session, code: str, top: int = 25) -> CountryView:
    """One country's partnerships: how many, with which countries, its most partnered
    places, and the activities and figures involving it."""
    ref = country_ref(code)
    cc = ref.code
    total, abroad = _partner_countries(session, cc)
    places = (
        session.scalar(select(func.count()).where(Place.country_code == cc, Place.partner_count > 0)) or 0
    )
    top_places = session.scalars(
        select(Place)
        .where(Place.country_code == cc, Place.partner_count > 0)
        .order_by(Place.partner_count.desc(), Place.name)
        .limit(top)
        .options(selectinload(Place.tags))
    ).all()
    return CountryView(
        country=ref,
        partnerships=total,
        places=places,
        top_places=[PlaceSummary.of(p) for p in top_places],
        partner_countries=abroad,
        activities=_activities(
            session, lambda a, b, at: or_(a.country_code == cc, b.country_code == cc, at.country_code == cc)
        ),
        indicators=_indicators(session, {cc}),
    )


def _partner_countries(session: Session, cc: str) -> tuple[int, list[CountryCount]]:
    """How many partnerships the country's places have, and with each country (its own
    included), most first."""
    a, b = aliased(Place), aliased(Place)
    pairs = (
        select(Partnership.id, a.country_code, b.country_code)
        .join(a, a.id == Partnership.place_a_id)
        .join(b, b.id == Partnership.place_b_id)
        .where(or_(a.country_code == cc, b.country_code == cc))
    )
    abroad: dict[str, int] = {}
    total = 0
    for _pid, ca, cb in session.execute(pairs):
        total += 1
        other = cb if ca == cc else ca
        abroad[other] = abroad.get(other, 0) + 1
    ranked = sorted(abroad.items(), key=lambda kv: (-kv[1], kv[0]))
    return total, [CountryCount(country=_named(k), partnerships=n) for k, n in ranked]


def _named(code: str) -> CountryRef:
    """The country of an ISO code with its names; a code ISO 3166 no longer lists is its
    own name."""
    known = countries().get(code)
    if known is None:
        return CountryRef(code=code, name=code, name_id=code)
    return CountryRef(code=code, name=known.name, name_id=known.name_id)


def pair_view(session: Session, code: str, other: str, limit: int = 500, offset: int = 0) -> PairView:
    ra, rb = country_ref(code), country_ref(other)
    ca, cb = ra.code, rb.code
    if limit < 1 or offset < 0:
        raise InvalidInput("limit must be at least 1 and offset at least 0")
    a, b = aliased(Place), aliased(Place)
    between = or_(
        and_(a.country_code == ca, b.country_code == cb), and_(a.country_code == cb, b.country_code == ca)
    )
    base = (
        select(Partnership)
        .join(a, a.id == Partnership.place_a_id)
        .join(b, b.id == Partnership.place_b_id)
        .where(between)
    )
    total, page = page_of(
        session, base.order_by(Partnership.latest_date.desc(), Partnership.id), limit, offset
    )
    summaries = [PartnershipSummary.of(p) for p in page]
    # Keep the first country's place on the left.
    for s in summaries:
        if s.a.country != ca and s.b.country == ca:
            s.a, s.b = s.b, s.a

    def involved(pa: type[Place], pb: type[Place], at: type[Place]) -> object:
        return or_(
            and_(pa.country_code == ca, pb.country_code == cb),
            and_(pa.country_code == cb, pb.country_code == ca),
        )

    return PairView(
        a=ra,
        b=rb,
        total=total,
        partnerships=summaries,
        activities=_activities(session, involved),
        indicators=_indicators(session, {ca, cb}),
    )
