"""Instruments of a partnership (LoI, MoU, implementation agreement, renewal): their dates,
validity, number and signatories. Documents are attached in documents.py."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from kembar.db.models import Instrument, Signatory
from kembar.errors import InvalidInput, Label, NotFoundIn, Param
from kembar.permissions import Actor, require_edit_places
from kembar.registry import common, partnerships
from kembar.registry.schemas import DatesOutOfOrder, InstrumentCreate, InstrumentUpdate, PersonIn, not_before


def get(session: Session, instrument_id: int) -> Instrument:
    found = session.get(Instrument, instrument_id)
    if found is None:
        raise NotFoundIn("instrument", instrument_id)
    return found


def editable(session: Session, actor: Actor | None, instrument_id: int) -> Instrument:
    instrument = get(session, instrument_id)
    p = instrument.partnership
    require_edit_places(session, actor, [p.place_a, p.place_b])
    return instrument


def _add_years(day: str, years: int) -> str | None:
    """A full date plus whole years (29 February becomes 28 February); None for a
    partial date, whose end cannot be told."""
    if len(day) != 10:
        return None
    d = date.fromisoformat(day)
    try:
        return d.replace(year=d.year + years).isoformat()
    except ValueError:
        return d.replace(year=d.year + years, day=28).isoformat()


def _fill_validity(instrument: Instrument) -> None:
    """A term in years gives the end of validity when the start is a full date."""
    if instrument.term_years and not instrument.valid_until:
        start = instrument.valid_from or instrument.signed_on
        if start:
            instrument.valid_until = _add_years(start, instrument.term_years)
    not_before(instrument.valid_until, instrument.signed_on, "valid_until", "signed_on")
    not_before(instrument.valid_until, instrument.valid_from, "valid_until", "valid_from")


def _set_signatories(session: Session, instrument: Instrument, people: list[PersonIn]) -> None:
    instrument.signatories.clear()
    for who in people:
        org = common.organisation(session, who.organisation)
        instrument.signatories.append(
            Signatory(
                person_id=common.person(session, who.name).id,
                role=who.role,
                organisation_id=org.id if org else None,
            )
        )


def named(instrument: Instrument) -> dict[str, Param]:
    """The values that name an instrument in a change set's summary."""
    return {"type": Label("instrument", instrument.type), "pair": common.pair(instrument.partnership)}


def add(session: Session, actor: Actor | None, partnership_id: int, data: InstrumentCreate) -> Instrument:
    partnership = partnerships.editable(session, actor, partnership_id)
    assert actor is not None
    values = data.model_dump(exclude={"signatories"})
    instrument = Instrument(partnership_id=partnership.id, **values)
    try:
        _fill_validity(instrument)
    except DatesOutOfOrder as exc:
        raise exc.refusal() from None
    named: dict[str, Param] = {"type": Label("instrument", data.type), "pair": common.pair(partnership)}
    common.start(session, actor, "summary.instrument.recorded", named)
    session.add(instrument)
    session.flush()
    _set_signatories(session, instrument, data.signatories)
    session.flush()
    return instrument


def update(
    session: Session, actor: Actor | None, instrument_id: int, data: InstrumentUpdate, expected: int | None
) -> Instrument:
    instrument = editable(session, actor, instrument_id)
    assert actor is not None
    common.check_version(instrument, expected, "the instrument")
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        raise InvalidInput(
            "nothing to change: send at least one of " + ", ".join(InstrumentUpdate.model_fields),
            "form.nothing_changed",
        )
    common.start(session, actor, "summary.instrument.edited", named(instrument))
    common.apply(instrument, changes, skip=("signatories",))
    common.touch(instrument, "type")
    if "term_years" in changes and "valid_until" not in changes:
        instrument.valid_until = None  # recomputed from the new term
    try:
        _fill_validity(instrument)
    except DatesOutOfOrder as exc:
        raise exc.refusal() from None
    if data.signatories is not None:
        _set_signatories(session, instrument, data.signatories)
    common.flush(session, instrument, "the instrument", expected)
    return instrument


def remove(session: Session, actor: Actor | None, instrument_id: int, reason: str) -> None:
    instrument = editable(session, actor, instrument_id)
    assert actor is not None
    if not reason or len(reason.strip()) < 3:
        raise InvalidInput("reason: say why the instrument is removed", "err.reason_needed", field="reason")
    common.start(session, actor, "summary.instrument.removed", named(instrument), reason)
    session.delete(instrument)
    session.flush()
