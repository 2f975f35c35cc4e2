"""Partnerships: listing and filtering."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from kembar import vocab
from kembar.db.models import Partnership, PartnershipField, Place
from kembar.errors import InvalidInput, PartnershipNotFound


def _filtered(
    place_id: int | None, country: str | None, kind: str | None, field: str | None, stage: str | None
) -> Select[Partnership]:
    stmt = select(Partnership)
    if place_id is not None:
        stmt = stmt.where(or_(Partnership.place_a_id == place_id, Partnership.place_b_id == place_id))
    if country is not None:
        a, b = aliased(Place), aliased(Place)
        stmt = (
            stmt.join(a, a.id == Partnership.place_a_id)
            .join(b, b.id == Partnership.place_b_id)
            .where(or_(a.country_code == country, b.country_code == country))
        )
    if kind is not None:
        stmt = stmt.where(Partnership.kind == vocab.check(vocab.PARTNERSHIP_KINDS, kind, "kind"))
    if stage is not None:
        stmt = stmt.where(Partnership.stage == vocab.check(vocab.STAGES, stage, "stage"))
    if field is not None:
        vocab.check(vocab.FIELDS, field, "field")
        stmt = stmt.where(
            Partnership.id.in_(
                select(PartnershipField.partnership_id).where(PartnershipField.field_key == field)
            )
        )
    return stmt


def list_partnerships(
    session: Session,
    place_id: int | None = None,
    country: str | None = None,
    kind: str | None = None,
    field: str | None = None,
    stage: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[Partnership]]:
    """(total matching, one page of partnerships ordered by id)."""
    if limit < 1 or offset < 0:
        raise InvalidInput("limit must be at least 1 and offset at least 0")
    if country is not None:
        country = country.strip().upper()
        if len(country) != 2:
            raise InvalidInput(f"country {country!r} is not an ISO 3166-1 alpha-2 code")
    stmt = _filtered(place_id, country, kind, field, stage)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    page = session.scalars(
        stmt.order_by(Partnership.id)
        .limit(limit)
        .offset(offset)
        .options(
            selectinload(Partnership.place_a),
            selectinload(Partnership.place_b),
            selectinload(Partnership.fields),
        )
    ).all()
    return total, list(page)


def get_partnership(session: Session, partnership_id: int) -> Partnership:
    found = session.get(Partnership, partnership_id)
    if found is None:
        raise PartnershipNotFound(partnership_id)
    return found
