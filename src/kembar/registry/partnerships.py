"""Recording and editing partnerships: create (an existing pair is found, not duplicated),
edit, move through the stages of the procedure, remove with a reason.

Each function checks the actor's permission on the partnership's places, records one
change set in the history, and refuses a write made on an older version of the row.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kembar import vocab
from kembar.db.models import Partnership, PartnershipField, Place, StageStep
from kembar.errors import InvalidInput, Label, Param, PartnershipNotFound, Phrase, When
from kembar.permissions import Actor, require_edit_places
from kembar.registry import common
from kembar.registry.schemas import PartnershipCreate, PartnershipUpdate, StageMove

STAGE_ORDER = list(vocab.STAGES)


@dataclass(frozen=True)
class Created:
    partnership: Partnership
    created: bool  # False when the pair existed and was returned instead


def get(session: Session, partnership_id: int) -> Partnership:
    found = session.get(Partnership, partnership_id)
    if found is None:
        raise PartnershipNotFound(partnership_id)
    return found


def editable(session: Session, actor: Actor | None, partnership_id: int) -> Partnership:
    """The partnership, when the actor may edit it (401/403 otherwise)."""
    partnership = get(session, partnership_id)
    require_edit_places(session, actor, [partnership.place_a, partnership.place_b])
    return partnership


def create(session: Session, actor: Actor | None, data: PartnershipCreate) -> Created:
    a = common.get_place(session, data.place_a, "place_a")
    b = common.get_place(session, data.place_b, "place_b")
    require_edit_places(session, actor, [a, b])
    assert actor is not None
    for place, field in ((a, "place_a"), (b, "place_b")):
        if place.kind == "country":
            raise InvalidInput(
                f"{field}: {place.name} is a country; a partnership joins two local governments",
                "form.not_country",
                field=field,
            )
    lo, hi = sorted((a, b), key=lambda p: p.id)
    existing = session.scalar(
        select(Partnership).where(Partnership.place_a_id == lo.id, Partnership.place_b_id == hi.id)
    )
    if existing is not None:
        return Created(existing, created=False)
    common.start(session, actor, "summary.partnership.recorded", {"pair": f"{a.name} – {b.name}"})
    partnership = Partnership(
        place_a_id=lo.id, place_b_id=hi.id, b_first=lo is not a, kind=data.kind, note=data.note
    )
    session.add(partnership)
    session.flush()
    for place in (lo, hi):
        place.partner_count = (place.partner_count or 0) + 1
    for key in data.fields:
        session.add(PartnershipField(partnership_id=partnership.id, field_key=key))
    if data.stage is not None:
        _record_step(session, actor, partnership, data.stage, data.date, data.note)
    session.flush()
    return Created(partnership, created=True)


def _record_step(
    session: Session, actor: Actor, partnership: Partnership, stage: str, when: str | None, note: str | None
) -> StageStep:
    step = StageStep(
        partnership_id=partnership.id,
        stage=stage,
        date=when,
        note=note,
        author_id=actor.user_id,
        author=actor.email,
    )
    session.add(step)
    partnership.stage = stage
    if when:
        partnership.first_date = min(filter(None, [partnership.first_date, when]))
        partnership.latest_date = max(filter(None, [partnership.latest_date, when]))
    return step


def moves_back(current: str | None, new: str) -> bool:
    """Whether `new` comes before `current` in the procedure ("ended" closes any stage)."""
    if current is None or current not in STAGE_ORDER or new == "ended":
        return False
    return STAGE_ORDER.index(new) < STAGE_ORDER.index(current)


def _needs_reason(current: str | None, new: str) -> InvalidInput:
    now, to = vocab.STAGES[current or ""].en, vocab.STAGES[new].en
    return InvalidInput(
        f"stage: moving back from {now} to {to} needs a reason",
        "stage.reason_needed",
        {"now": Label("stage", current or ""), "to": Label("stage", new)},
        field="stage",
    )


def _recorded_already(partnership: Partnership, move: StageMove) -> InvalidInput | None:
    """The stage the partnership is at, recorded again with the same date (a form sent
    twice, or from two tabs): a second identical step would only repeat the first."""
    if partnership.stage != move.stage:
        return None
    if not any(s.stage == move.stage and s.date == move.date for s in partnership.steps):
        return None
    return InvalidInput(
        f"stage: {vocab.STAGES[move.stage].en} of {move.date or 'no date'} is recorded already",
        "stage.recorded_already",
        {
            "stage": Label("stage", move.stage),
            "date": When(move.date) if move.date else Phrase("summary.no_date"),
        },
        field="stage",
    )


def move_stage(
    session: Session, actor: Actor | None, partnership_id: int, move: StageMove, expected: int | None = None
) -> StageStep:
    partnership = editable(session, actor, partnership_id)
    assert actor is not None
    common.check_version(partnership, expected, "the partnership")
    if (repeated := _recorded_already(partnership, move)) is not None:
        raise repeated
    if moves_back(partnership.stage, move.stage) and not move.reason:
        raise _needs_reason(partnership.stage, move.stage)
    named: dict[str, Param] = {"pair": common.pair(partnership), "stage": Label("stage", move.stage)}
    common.start(session, actor, "summary.partnership.stage", named, move.reason)
    step = _record_step(session, actor, partnership, move.stage, move.date, move.note)
    common.flush(session, partnership, "the partnership", expected)
    return step


def update(
    session: Session, actor: Actor | None, partnership_id: int, data: PartnershipUpdate, expected: int | None
) -> Partnership:
    partnership = editable(session, actor, partnership_id)
    assert actor is not None
    common.check_version(partnership, expected, "the partnership")
    changes = data.model_dump(exclude_unset=True)
    if not changes:
        raise InvalidInput(
            "nothing to change: send at least one of " + ", ".join(PartnershipUpdate.model_fields),
            "form.nothing_changed",
        )
    stage = changes.get("stage")
    if stage is not None and moves_back(partnership.stage, stage) and not data.reason:
        raise _needs_reason(partnership.stage, stage)
    named: dict[str, Param] = {"pair": common.pair(partnership)}
    common.start(session, actor, "summary.partnership.edited", named, data.reason)
    if "kind" in changes and data.kind is not None:
        partnership.kind = data.kind
    if "note" in changes:
        partnership.note = data.note
    # After the kind is set: touching first would flag it with no value before, and the
    # history would record the edit as changing the kind from nothing.
    common.touch(partnership, "kind")
    if data.fields is not None:
        _set_fields(session, partnership, data.fields)
    if stage is not None and stage != partnership.stage:
        _record_step(session, actor, partnership, stage, data.stage_date, data.stage_note)
    common.flush(session, partnership, "the partnership", expected)
    return partnership


def _set_fields(session: Session, partnership: Partnership, keys: list[str]) -> None:
    have = {f.field_key: f for f in partnership.fields}
    for key, row in have.items():
        if key not in keys:
            partnership.fields.remove(row)
    for key in keys:
        if key not in have:
            partnership.fields.append(PartnershipField(partnership_id=partnership.id, field_key=key))


def remove(session: Session, actor: Actor | None, partnership_id: int, reason: str) -> None:
    """Remove a partnership and what hangs on it (instruments, steps, contacts); its
    activities stay, unattached. The history keeps it all, and a revert restores it."""
    partnership = editable(session, actor, partnership_id)
    assert actor is not None
    if not reason or len(reason.strip()) < 3:
        raise InvalidInput("reason: say why the partnership is removed", "err.reason_needed", field="reason")
    common.start(session, actor, "summary.partnership.removed", {"pair": common.pair(partnership)}, reason)
    for place_id in (partnership.place_a_id, partnership.place_b_id):
        place = session.get(Place, place_id)
        if place is not None:
            place.partner_count = max(0, (place.partner_count or 0) - 1)
    for activity in list(partnership.activities):
        activity.partnership_id = None
    session.delete(partnership)
    session.flush()
