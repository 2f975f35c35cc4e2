"""Merging an accepted proposal into the registry without duplicates.

A partnership proposal finds (or creates) both places by their gazetteer key, then the
partnership of that pair; it adds an instrument only when the pair has none of that
type and date, moves the stage forward (never back), widens the dates, adds fields,
and records evidence for every row it touched; a date it was in force on is a dated fact
(an instrument signed). An event becomes an activity (one per partnership, type and date),
with its people, of the partnership its article reports; while none is recorded, accepting
it is refused (never an activity of no partnership). An amount becomes an indicator.
Which place each party stands for: parties.py.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kembar import messages, vocab
from kembar.db.models import (
    Activity,
    ActivityField,
    Evidence,
    Indicator,
    Instrument,
    Participation,
    Partnership,
    PartnershipField,
    Person,
    Place,
    PlaceName,
    Proposal,
    Source,
    StageStep,
)
from kembar.errors import InvalidInput, Message
from kembar.extract.model import AmountFact, EventFact, PartnershipFact, PlaceRef, Span, load_fact
from kembar.gazetteer.geo import haversine_km
from kembar.gazetteer.geonames import geonames
from kembar.gazetteer.resolve import gazetteer
from kembar.gazetteer.subdivisions import subdivisions
from kembar.ingest.parties import (
    find_or_create_place,
    gazetteer_entry,
    insert_or_find,
    level_of,
    registry_place,
)
from kembar.lifecycle.status import IN_FORCE
from kembar.text import fold

STAGE_ORDER = list(vocab.STAGES)


def _stage_for(instrument: str, status: str) -> str | None:
    if status == "renewed":
        return "renewal"
    if status == "planned":
        return "loi" if instrument == "loi" else "exploration"
    return {"loi": "loi", "mou": "mou", "agreement": "implementation_agreement"}.get(instrument)


def _later_stage(current: str | None, new: str | None) -> str | None:
    if new is None:
        return current
    if current is None or current not in STAGE_ORDER:
        return new
    return new if STAGE_ORDER.index(new) > STAGE_ORDER.index(current) else current


_warming = threading.Lock()


def warm() -> None:
    """Load the gazetteer a merge may consult (about half a minute the first time in a
    process), so that a caller can do it before taking the database's write lock instead
    of holding the lock meanwhile. One thread loads it; the others wait for it."""
    with _warming:
        geonames()
        gazetteer()
        subdivisions()


# A city and the subdivision of the same name that holds it (Leeds and the City of Leeds
# district, Santa Cruz and its department) are told apart by the gazetteer but are one
# party for a partnership: the atlas files the pair under whichever its list named. The
# namesakes are used only to find a pair the registry already holds, never to merge places.
NAMESAKE_KM = 50.0
SUBDIVISIONS = ("province", "regency")
# Countries where a regency and the city of its name are two local governments side by
# side, never one party: Kabupaten Bandung is not Kota Bandung, nor Kabupaten Malang the
# city of Malang (UU 23/2014: kabupaten and kota are both second-level regions).
SIDE_BY_SIDE = frozenset({"ID"})


def _side_by_side(country: str, kind: str | None, other: str | None) -> bool:
    return country in SIDE_BY_SIDE and {kind, other} == {"city", "regency"}


def _point(place: Place | None, ref: PlaceRef) -> tuple[float, float] | None:
    if place is not None and place.lat is not None and place.lon is not None:
        return place.lat, place.lon
    res = gazetteer_entry(ref.key or "")
    return (res.lat, res.lon) if res is not None and res.lat is not None and res.lon is not None else None


def _namesakes(session: Session, ref: PlaceRef, exact: Place | None) -> list[Place]:
    """Registry places of the same name and country as `ref` that may stand for it in a
    pair: the namesake at the other level (a subdivision for a city, a city for a
    subdivision) that lies in it or beside it, unless the two are side by side
    (SIDE_BY_SIDE); and, when the registry does not hold `ref` itself, any place of that
    name there (the gazetteer may have taken another
    town of the name, "Saint Louis" in Michigan for St. Louis in Missouri)."""
    name, cc = fold(ref.name or ""), ref.country
    if not name or not cc:
        return []
    found = session.scalars(
        select(Place)
        .outerjoin(PlaceName, PlaceName.place_id == Place.id)
        .where(Place.country_code == cc, or_(PlaceName.norm == name, Place.name == ref.name))
        .distinct()
    ).all()
    if exact is None:
        # A kind word that says province ("Provinsi Shichuan") names no town of that name.
        town = level_of(ref) in SUBDIVISIONS
        return [
            p for p in found if not _side_by_side(cc, ref.kind, p.kind) and not (town and p.kind == "city")
        ]
    wanted = ("city",) if exact.kind in SUBDIVISIONS else SUBDIVISIONS
    here = _point(exact, ref)
    out = []
    for other in found:
        if other.id == exact.id or other.kind not in wanted or _side_by_side(cc, exact.kind, other.kind):
            continue
        same_region = exact.admin_code is not None and other.admin_code == exact.admin_code
        near = (
            here is not None
            and other.lat is not None
            and other.lon is not None
            and haversine_km(here[0], here[1], other.lat, other.lon) <= NAMESAKE_KM
        )
        if same_region or near:
            out.append(other)
    return out


def _pair(session: Session, a: Place, b: Place) -> Partnership | None:
    lo, hi = sorted((a.id, b.id))
    return session.scalar(
        select(Partnership).where(Partnership.place_a_id == lo, Partnership.place_b_id == hi)
    )


def _known_partnership(session: Session, ref_a: PlaceRef, ref_b: PlaceRef) -> Partnership | None:
    """The registry's partnership of the proposed pair, taking either party as itself or
    as its namesake at the other level; None when the registry has none."""
    exact_a, exact_b = registry_place(session, ref_a), registry_place(session, ref_b)
    sides_a = [p for p in [exact_a] if p is not None] + _namesakes(session, ref_a, exact_a)
    sides_b = [p for p in [exact_b] if p is not None] + _namesakes(session, ref_b, exact_b)
    for a in sides_a:
        for b in sides_b:
            if a.id != b.id and (found := _pair(session, a, b)) is not None:
                return found
    return None


def find_or_create_partnership(session: Session, ref_a: PlaceRef, ref_b: PlaceRef, kind: str) -> Partnership:
    known = _known_partnership(session, ref_a, ref_b)
    if known is not None:
        return known
    a, b = find_or_create_place(session, ref_a), find_or_create_place(session, ref_b)
    if a.id == b.id:
        raise InvalidInput("both ends of the proposed partnership are the same place", "form.same_place")
    lo, hi = sorted((a, b), key=lambda p: p.id)
    # The ids go in ascending order; the article's order is kept to show the parties in.
    row = Partnership(place_a_id=lo.id, place_b_id=hi.id, b_first=lo is not a, kind=kind)
    partnership: Partnership = insert_or_find(session, row, lambda: _pair(session, lo, hi))
    if partnership is row:
        for place in (lo, hi):
            place.partner_count = (place.partner_count or 0) + 1
    return partnership


def _evidence(
    session: Session, proposal: Proposal, subject: str, subject_id: int, spans: list[Span], by: str
) -> None:
    """Link each span to the fact; a span that says what the fact already holds from this
    source (the same place, or the same words elsewhere, as a headline printed twice) is
    not stored again."""
    now = datetime.now(UTC)
    held = session.execute(
        select(Evidence.start, Evidence.quote).where(
            Evidence.source_id == proposal.source_id,
            Evidence.subject_type == subject,
            Evidence.subject_id == subject_id,
        )
    ).all()
    starts = {start for start, _ in held}
    quotes = {quote.strip() for _, quote in held if quote}
    for span in spans:
        text = span.quote.strip()
        if span.start in starts or (text and text in quotes):
            continue
        starts.add(span.start)
        quotes.add(text)
        session.add(
            Evidence(
                source_id=proposal.source_id,
                subject_type=subject,
                subject_id=subject_id,
                start=span.start,
                end=span.end,
                quote=span.quote,
                accepted_by=by,
                accepted_at=now,
            )
        )


def _person(session: Session, name: str) -> Person:
    norm = fold(name)
    found = session.scalar(select(Person).where(Person.norm == norm))
    if found is None:
        found = Person(name=name, norm=norm)
        session.add(found)
        session.flush()
    return found


def _dated(item: PartnershipFact) -> bool:
    """A date the partnership was in force on ("existing" since 2023-07-16): it must be a
    dated fact the partnership's status reads (an instrument signed), not only the
    partnership's first and latest date, or the page says "no dated fact recorded"."""
    return bool(item.date) and item.status in IN_FORCE


def _reports_instrument(partnership: Partnership, item: PartnershipFact) -> bool:
    """An instrument named or signed; or, of a partnership in force on a date, an
    instrument of that date, unless the pair holds one of that date already."""
    if item.instrument != "unspecified" or item.status in ("signed", "renewed"):
        return True
    return _dated(item) and all(i.signed_on != item.date for i in partnership.instruments)


def _record_instrument(
    session: Session, proposal: Proposal, partnership: Partnership, item: PartnershipFact, by: str
) -> None:
    """The instrument the proposal reports, found among the pair's or added; of a type the
    article does not state, "other" (which proves no stage of the procedure)."""
    when = item.date
    said: str = "renewal" if item.status == "renewed" else item.instrument
    itype = said if said in vocab.INSTRUMENT_TYPES else "other"
    instrument = None
    for existing in partnership.instruments:
        if existing.type == itype and (not existing.signed_on or not when or existing.signed_on == when):
            instrument = existing
            break
    status = item.status if item.status in vocab.INSTRUMENT_STATUSES else "signed"
    if instrument is None:
        instrument = Instrument(partnership_id=partnership.id, type=itype, status=status, signed_on=when)
        session.add(instrument)
        session.flush()
    else:
        instrument.signed_on = instrument.signed_on or when
        if status in ("signed", "renewed"):
            instrument.status = status
    instrument.valid_until = item.valid_until or instrument.valid_until
    instrument.term_years = item.term_years or instrument.term_years
    instrument.number = item.number or instrument.number
    _evidence(session, proposal, "instrument", instrument.id, item.evidence, by)


def _news_step(
    session: Session, proposal: Proposal, partnership: Partnership, stage: str, item: PartnershipFact, by: str
) -> StageStep:
    """The stage step an article tells of; its note names the article, and the pages say
    it in their reader's language (kembar.messages)."""
    source = session.get(Source, proposal.source_id)
    title = (source.title if source is not None else None) or f"source {proposal.source_id}"
    note = Message("note.news", {"title": title})
    return StageStep(
        partnership_id=partnership.id,
        stage=stage,
        date=item.date if _dated(item) else None,
        note=messages.english(note)[:2000],
        note_key=note.key,
        note_params=messages.dumps(note.params),
        author=by,
    )


def merge_partnership(session: Session, proposal: Proposal, item: PartnershipFact, by: str) -> int:
    partnership = find_or_create_partnership(session, item.a, item.b, item.kind)
    if partnership.kind == "cooperation" and item.kind != "cooperation":
        partnership.kind = item.kind
    stage = _later_stage(partnership.stage, _stage_for(item.instrument, item.status))
    if stage is not None and stage != partnership.stage:
        partnership.stage = stage
        session.add(_news_step(session, proposal, partnership, stage, item, by))
    when = item.date
    if _dated(item):
        partnership.first_date = min(filter(None, [partnership.first_date, when]))
        partnership.latest_date = max(filter(None, [partnership.latest_date, when]))
    have = {f.field_key for f in partnership.fields}
    for key in item.fields:
        if key in vocab.FIELDS and key not in have:
            session.add(PartnershipField(partnership_id=partnership.id, field_key=key))
            have.add(key)
    if _reports_instrument(partnership, item):
        _record_instrument(session, proposal, partnership, item, by)
    _evidence(session, proposal, "partnership", partnership.id, item.evidence, by)
    return partnership.id


@dataclass(frozen=True)
class Target:
    """The partnership an activity proposal adds to (None: none is recorded yet), and the
    pending partnership proposals of its article that would record it."""

    partnership: Partnership | None
    waiting_for: list[int]


def _reported(session: Session, proposal: Proposal, status: str) -> list[tuple[Proposal, PartnershipFact]]:
    found = session.scalars(
        select(Proposal)
        .where(
            Proposal.source_id == proposal.source_id,
            Proposal.kind == "partnership",
            Proposal.status == status,
        )
        .order_by(Proposal.id)
    )
    return [(p, PartnershipFact.model_validate_json(p.payload)) for p in found]


def _named(
    reported: list[tuple[Proposal, PartnershipFact]], names: list[str] | None
) -> list[tuple[Proposal, PartnershipFact]]:
    """The proposals of the pair the event names, when it names one of them; else all."""
    if not names:
        return reported
    wanted = {fold(n) for n in names}
    same = [(p, item) for p, item in reported if wanted == {fold(item.a.name), fold(item.b.name)}]
    return same or reported


def event_target(session: Session, proposal: Proposal, item: EventFact) -> Target:
    """The partnership an event of an article belongs to: of the partnership proposals
    of its article accepted already, the one of the pair it names, else the only one; of
    those pending, the pair's partnership when the registry holds it already. None (with
    the pending proposals to accept first) when no single partnership is found."""
    accepted = _named(_reported(session, proposal, "accepted"), item.partnership)
    ids = {p.result_id for p, _ in accepted if p.result_id is not None}
    if len(ids) == 1:
        return Target(session.get(Partnership, ids.pop()), [])
    pending = _named(_reported(session, proposal, "pending"), item.partnership)
    known = [_known_partnership(session, fact.a, fact.b) for _, fact in pending]
    if not accepted and known and None not in known and len({k.id for k in known if k}) == 1:
        return Target(known[0], [])
    return Target(None, [p.id for p, _ in pending])


def _no_partnership(proposal: Proposal, target: Target) -> InvalidInput:
    if target.waiting_for:
        first = ", ".join(str(i) for i in target.waiting_for)
        message = (
            f"activity proposal {proposal.id} belongs to no recorded partnership yet: "
            f"accept the partnership proposal {first} of its article first"
        )
        return InvalidInput(message, "err.review.accept_partnership_first", {"ids": first})
    message = (
        f"activity proposal {proposal.id} belongs to no single recorded partnership: its "
        "article reports none the registry holds, or several; record or accept the partnership first"
    )
    return InvalidInput(message, "err.review.no_partnership")


def merge_event(session: Session, proposal: Proposal, item: EventFact, by: str) -> int:
    atype = item.type if item.type in vocab.ACTIVITY_TYPES else "visit"
    target = event_target(session, proposal, item)
    if target.partnership is None:
        raise _no_partnership(proposal, target)  # never an activity of no partnership
    partnership_id = target.partnership.id
    activity = session.scalar(
        select(Activity).where(
            Activity.partnership_id == partnership_id,
            Activity.type == atype,
            Activity.date == item.date,
        )
    )
    if activity is None:
        activity = Activity(
            partnership_id=partnership_id,
            type=atype,
            title=item.title,
            date=item.date,
            status="planned" if item.status == "planned" else "held",
            venue=item.place,
            speakers_count=item.speakers,
            participants_count=item.participants_count,
        )
        session.add(activity)
        session.flush()
    have_fields = {f.field_key for f in activity.fields}
    for key in item.fields:
        if key in vocab.FIELDS and key not in have_fields:
            session.add(ActivityField(activity_id=activity.id, field_key=key))
            have_fields.add(key)
    present = {p.person_id for p in activity.participations}
    for who in item.participants:
        person = _person(session, who.name)
        if person.id not in present:
            session.add(Participation(activity_id=activity.id, person_id=person.id, role=who.role))
            present.add(person.id)
    _evidence(session, proposal, "activity", activity.id, item.evidence, by)
    return activity.id


def merge_amount(session: Session, proposal: Proposal, item: AmountFact, by: str) -> int:
    parties = [session.scalar(select(Place).where(Place.key == f"country:{cc}")) for cc in item.parties[:2]]
    period = item.period or ""
    start = end = None
    if "/" in period:
        start, end = period.split("/", 1)
    elif period[:4].isdigit():
        start = period
    change = item.change
    indicator = Indicator(
        name=item.name or "Amount",
        party_a_id=parties[0].id if len(parties) > 0 and parties[0] else None,
        party_b_id=parties[1].id if len(parties) > 1 and parties[1] else None,
        period_start=start,
        period_end=end,
        period_label=period or None,
        value=float(item.value),
        currency=item.currency,
        unit=None,
        change_value=change.value if change else None,
        change_unit="%" if change else None,
    )
    session.add(indicator)
    session.flush()
    _evidence(session, proposal, "indicator", indicator.id, [item.evidence], by)
    return indicator.id


def merge(session: Session, proposal: Proposal, by: str) -> tuple[str, int]:
    try:
        item = load_fact(proposal.kind, proposal.payload)
    except ValueError as exc:
        raise InvalidInput(f"proposal {proposal.id} cannot be merged: {exc}") from None
    if isinstance(item, PartnershipFact):
        return "partnership", merge_partnership(session, proposal, item, by)
    if isinstance(item, EventFact):
        return "activity", merge_event(session, proposal, item, by)
    return "indicator", merge_amount(session, proposal, item, by)


def joins(session: Session, proposal: Proposal) -> Partnership | None:
    """The registry's partnership that accepting the proposal would add to, for a reviewer
    to see before deciding: of a partnership, the pair's (None when accepting records a
    new one); of an event, the partnership its article reported (if accepted already)."""
    try:
        item = load_fact(proposal.kind, proposal.payload)
    except ValueError:
        return None
    if isinstance(item, PartnershipFact):
        return _known_partnership(session, item.a, item.b)
    if isinstance(item, EventFact):
        return event_target(session, proposal, item).partnership
    return None
