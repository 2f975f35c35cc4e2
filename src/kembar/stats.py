"""Figures about the whole registry."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from kembar.db.models import Evidence, Partnership, Place, Source
from kembar.schemas import Stats, TopPlace


def compute_stats(session: Session, top: int = 10) -> Stats:
    """`places` counts places in at least one partnership; reference places (countries,
    provinces nobody is partnered with yet) are counted apart in `reference_places`."""
    partnerships = session.scalar(select(func.count()).select_from(Partnership)) or 0
    partnered = Place.partner_count > 0
    places = session.scalar(select(func.count()).where(partnered)) or 0
    resolved = session.scalar(select(func.count()).where(partnered, Place.resolution != "unresolved")) or 0
    countries = session.scalar(select(func.count(func.distinct(Place.country_code))).where(partnered)) or 0
    reference = session.scalar(select(func.count()).select_from(Place)) or 0
    rows = session.scalar(
        select(func.count())
        .select_from(Evidence)
        .join(Source, Source.id == Evidence.source_id)
        .where(Source.kind == "dataset")
    )
    tops = session.execute(
        select(Place.id, Place.name, Place.country_code, Place.partner_count)
        .where(partnered)
        .order_by(Place.partner_count.desc(), Place.name)
        .limit(top)
    )
    return Stats(
        partnerships=partnerships,
        places=places,
        resolved_places=resolved,
        resolved_share=round(resolved / places, 4) if places else 0.0,
        countries=countries,
        reference_places=reference,
        dataset_rows=rows or None,
        top_places=[TopPlace(id=i, name=n, country=c, partners=k) for i, n, c, k in tops],
    )


def region_partnerships(session: Session, codes: set[str]) -> dict[str, int]:
    """For each ISO 3166-2 code, the partnerships with a party in that region: what a
    province's page lists (its own and those of its regencies and cities)."""
    if not codes:
        return {}
    a, b = aliased(Place), aliased(Place)
    rows = session.execute(
        select(a.admin_code, b.admin_code)
        .select_from(Partnership)
        .join(a, a.id == Partnership.place_a_id)
        .join(b, b.id == Partnership.place_b_id)
        .where(or_(a.admin_code.in_(codes), b.admin_code.in_(codes)))
    )
    counts: Counter[str] = Counter()
    for code_a, code_b in rows:
        counts.update(codes.intersection((code_a, code_b)))  # once when both are in it
    return dict(counts)
