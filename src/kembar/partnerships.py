"""Partnerships: listing, filtering, and one partnership with everything known of it."""

from __future__ import annotations

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from kembar import vocab
from kembar.db.models import Activity, Evidence, Indicator, Instrument, Partnership, PartnershipField, Place
from kembar.db.models import StageStep as StepRow
from kembar.db.registry import Contact, Document
from kembar.errors import InvalidInput, PartnershipNotFound
from kembar.permissions import Actor, can_read_contacts
from kembar.schemas import (
    ActivityOut,
    ContactOut,
    DocumentOut,
    EvidenceOut,
    FactRef,
    IndicatorOut,
    InstrumentOut,
    PartnershipDetail,
    PartnershipSummary,
    PersonRole,
    PlaceRef,
    SourceRef,
    StageStep,
    StepOut,
)


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
    return page_of(session, stmt.order_by(Partnership.id), limit, offset)


def page_of(
    session: Session, stmt: Select[Partnership], limit: int, offset: int
) -> tuple[int, list[Partnership]]:
    """(total rows of an ordered partnership query, one page with both places and fields loaded)."""
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    page = session.scalars(
        stmt.limit(limit)
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


# --- one partnership in full ---------------------------------------------------------


def _person_role(person_name: str, role: str | None, organisation: str | None) -> PersonRole:
    return PersonRole(name=person_name, role=role, organisation=organisation)


def activity_out(session: Session, activity: Activity) -> ActivityOut:
    place = session.get(Place, activity.place_id) if activity.place_id else None
    return ActivityOut(
        id=activity.id,
        partnership_id=activity.partnership_id,
        type=activity.type,
        title=activity.title,
        date=activity.date,
        end_date=activity.end_date,
        note=activity.note,
        version=activity.version,
        documents=[document_out(d) for d in activity.documents],
        status=activity.status,
        place=PlaceRef.of(place) if place else None,
        venue=activity.venue,
        speakers_count=activity.speakers_count,
        participants_count=activity.participants_count,
        fields=sorted(f.field_key for f in activity.fields),
        participants=[
            _person_role(p.person.name, p.role, p.organisation.name if p.organisation else None)
            for p in activity.participations
        ],
    )


def indicator_out(session: Session, ind: Indicator) -> IndicatorOut:
    a = session.get(Place, ind.party_a_id) if ind.party_a_id else None
    b = session.get(Place, ind.party_b_id) if ind.party_b_id else None
    return IndicatorOut(
        id=ind.id,
        name=ind.name,
        partnership_id=ind.partnership_id,
        party_a=PlaceRef.of(a) if a else None,
        party_b=PlaceRef.of(b) if b else None,
        period_start=ind.period_start,
        period_end=ind.period_end,
        period_label=ind.period_label,
        value=ind.value,
        unit=ind.unit,
        currency=ind.currency,
        change_value=ind.change_value,
        change_unit=ind.change_unit,
    )


def _evidence_out(e: Evidence) -> EvidenceOut:
    return EvidenceOut(
        subject_type=e.subject_type,
        subject_id=e.subject_id,
        source=SourceRef(
            id=e.source.id,
            kind=e.source.kind,
            url=e.source.url,
            title=e.source.title,
            published_on=e.source.published_on,
            language=e.source.language,
            attribution=e.source.attribution,
        ),
        quote=e.quote,
        start=e.start,
        end=e.end,
        locator=e.locator,
    )


def _same_evidence(e: Evidence) -> tuple[object, ...]:
    """What makes two rows one piece of evidence: the same words of one source (a quote
    stored for the partnership and for its MoU, or a headline printed twice), or, without
    words, the same place in it."""
    quote = (e.quote or "").strip()
    if quote:
        return (e.source_id, quote)
    return (e.source_id, e.start, e.end, e.locator)


def evidence_for(session: Session, subjects: list[tuple[str, int]]) -> list[EvidenceOut]:
    """The evidence of the given (subject_type, subject_id) facts, newest sources first and
    in the order of the text within one: each quote once, with every fact it supports."""
    if not subjects:
        return []
    conditions = [and_(Evidence.subject_type == t, Evidence.subject_id == i) for t, i in subjects]
    rows = session.scalars(
        select(Evidence).where(or_(*conditions)).options(selectinload(Evidence.source)).limit(500)
    ).all()
    order = sorted(
        rows,
        key=lambda e: (e.source.kind == "dataset", -e.source_id, e.start or 0, e.locator or "", e.id),
    )
    found: dict[tuple[object, ...], EvidenceOut] = {}
    for e in order:
        key = _same_evidence(e)
        if key not in found:
            found[key] = _evidence_out(e)
        out = found[key]
        fact = FactRef(subject_type=e.subject_type, subject_id=e.subject_id)
        if fact not in out.supports:
            out.supports.append(fact)
    return list(found.values())


def stage_track(stage: str | None, steps: list[StepRow] | None = None) -> list[StageStep]:
    """The stages in order: those a step was recorded for (with the latest step's date),
    and where the partnership stands; the others are not recorded, never taken as passed.
    `ended` is shown only when it happened."""
    recorded: dict[str, str | None] = {}
    for step in steps or []:
        recorded[step.stage] = step.date or recorded.get(step.stage)
    keys = [k for k in vocab.STAGES if k != "ended" or stage == "ended" or "ended" in recorded]
    return [
        StageStep(key=k, recorded=k in recorded or k == stage, current=k == stage, date=recorded.get(k))
        for k in keys
    ]


def document_out(d: Document) -> DocumentOut:
    return DocumentOut(
        id=d.id,
        title=d.title,
        purpose=d.purpose,
        kind=d.kind,
        filename=d.filename,
        media_type=d.media_type,
        size=d.size,
        url=d.url,
        version=d.version,
    )


def instrument_out(i: Instrument) -> InstrumentOut:
    return InstrumentOut(
        id=i.id,
        type=i.type,
        status=i.status,
        title=i.title,
        number=i.number,
        signed_on=i.signed_on,
        signed_at=i.signed_at,
        valid_from=i.valid_from,
        valid_until=i.valid_until,
        term_years=i.term_years,
        note=i.note,
        signatories=[
            _person_role(s.person.name, s.role, s.organisation.name if s.organisation else None)
            for s in i.signatories
        ],
        documents=[document_out(d) for d in i.documents],
        version=i.version,
    )


def contact_out(c: Contact) -> ContactOut:
    return ContactOut(
        id=c.id, name=c.name, role=c.role, office=c.office, email=c.email, phone=c.phone, version=c.version
    )


def partnership_detail(session: Session, p: Partnership, reader: Actor | None = None) -> PartnershipDetail:
    """Everything known of a partnership; its contacts only for a signed-in reader."""
    instruments = [instrument_out(i) for i in sorted(p.instruments, key=lambda i: i.signed_on or "")]
    activities = [activity_out(session, a) for a in sorted(p.activities, key=lambda a: a.date or "")]
    indicators = [
        indicator_out(session, ind)
        for ind in session.scalars(select(Indicator).where(Indicator.partnership_id == p.id))
    ]
    subjects = [("partnership", p.id)]
    subjects += [("instrument", i.id) for i in instruments]
    subjects += [("activity", a.id) for a in activities]
    subjects += [("indicator", i.id) for i in indicators]
    return PartnershipDetail(
        **PartnershipSummary.of(p).model_dump(),
        note=p.note,
        version=p.version,
        stage_track=stage_track(p.stage, list(p.steps)),
        steps=[
            StepOut(
                id=s.id, stage=s.stage, date=s.date, note=s.note, author=s.author, created_at=s.created_at
            )
            for s in p.steps
        ],
        contacts=[contact_out(c) for c in p.contacts] if can_read_contacts(reader) else [],
        documents=[document_out(d) for d in p.documents],
        instruments=instruments,
        activities=activities,
        indicators=indicators,
        evidence=evidence_for(session, subjects),
    )
